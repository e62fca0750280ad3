//! `#[datamodel(version)]` (optimistic locking) reaches the entity metadata; without it the
//! flag is off and absent from the serialized entity.

use datamodel::DataModel;

#[derive(DataModel)]
#[datamodel(version)]
pub struct Ledger {
    pub id: i64,
    pub balance: i64,
}

#[derive(DataModel)]
pub struct Plain {
    pub id: i64,
}

#[test]
fn version_flag() {
    assert!(Ledger::entity().version);
    assert!(!Plain::entity().version);
    let plain = serde_json::to_value(Plain::entity()).unwrap();
    assert!(plain.get("version").is_none(), "{plain}");
    let ledger = serde_json::to_value(Ledger::entity()).unwrap();
    assert_eq!(ledger["version"], serde_json::json!(true));
}
