//! The rule catalog: one file per rule, named `dm1NN_<rule_name>.rs`.
//!
//! A rule file holds, in this order: its documentation (the `DOC` constant, declared through
//! [`rule_doc!`] so the same text is both the rustdoc of the rule and what `--explain` prints),
//! its `check(schema, out)` function, which records a pass or a failure for every subject the
//! rule applies to, and its tests (one that fires, one that does not). Helpers shared by
//! several index rules live in [`support`].

/// Declares a rule's documentation once: as the doc comment of `DOC` and as its value.
macro_rules! rule_doc {
    ($doc:literal) => {
        #[doc = $doc]
        pub(crate) const DOC: &str = $doc;
    };
}

pub(crate) mod support;

pub(crate) mod dm101_missing_primary_key;
pub(crate) mod dm102_missing_timestamps;
pub(crate) mod dm103_table_name_not_plural_snake_case;
pub(crate) mod dm104_column_name_not_snake_case;
pub(crate) mod dm105_fk_without_on_delete;
pub(crate) mod dm106_varchar_without_length;
pub(crate) mod dm107_native_enum;
pub(crate) mod dm108_boolean_without_default;
pub(crate) mod dm109_tenant_unique_without_tenant_id;
pub(crate) mod dm110_tenant_index_not_leading_tenant_id;
pub(crate) mod dm111_fk_without_index;
pub(crate) mod dm112_index_not_esr_order;
pub(crate) mod dm113_query_pattern_not_indexed;
pub(crate) mod dm114_soft_delete_without_active_index;
pub(crate) mod dm115_soft_delete_unique_not_partial;
pub(crate) mod dm116_redundant_index;
pub(crate) mod dm117_too_many_indexes;
pub(crate) mod dm118_polymorphic_association;
pub(crate) mod dm119_god_table;
pub(crate) mod dm120_orphan_table;
pub(crate) mod dm121_identifier_too_long;
pub(crate) mod dm122_int_primary_key;
pub(crate) mod dm123_float_for_money;
pub(crate) mod dm124_timestamp_without_time_zone;
pub(crate) mod dm125_json_instead_of_jsonb;
pub(crate) mod dm126_pii_without_retention;
pub(crate) mod dm127_missing_table_comment;
pub(crate) mod dm128_missing_column_comment;
pub(crate) mod dm129_set_null_on_not_null_fk;
pub(crate) mod dm130_fk_type_mismatch;
pub(crate) mod dm131_fk_target_not_unique;
pub(crate) mod dm132_constraint_name_not_conventional;
pub(crate) mod dm133_enum_without_check;
pub(crate) mod dm134_sensitive_table_without_audit;
pub(crate) mod dm135_query_pattern_fans_out;
