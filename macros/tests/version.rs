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

#[derive(DataModel)]
#[datamodel(audit(actor = Ledger))]
pub struct Transfer {
    pub id: i64,
}

#[derive(DataModel)]
#[datamodel(audit(history))]
pub struct Note {
    pub id: i64,
}

#[derive(DataModel)]
#[datamodel(audit(actor = Self))]
pub struct Operator {
    pub id: i64,
}

#[test]
fn audit_attribute() {
    let t = Transfer::entity().audit.expect("audit");
    assert!(t.actor.as_deref().unwrap().ends_with("::Ledger"), "{t:?}");
    let n = Note::entity().audit.unwrap();
    assert_eq!((n.actor, n.history), (None, true));
    assert!(!t.history);
    let o = Operator::entity().audit.unwrap();
    assert!(o.actor.as_deref().unwrap().ends_with("::Operator"), "{o:?}");
    assert!(Plain::entity().audit.is_none());
    let plain = serde_json::to_value(Plain::entity()).unwrap();
    assert!(plain.get("audit").is_none(), "{plain}");
}
