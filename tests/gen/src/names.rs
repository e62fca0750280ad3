//! Name pools: ordinary names, SQL reserved words, mixed case and 60-80 byte names.
//!
//! Reserved words (`user`, `order`, `group`, `select`, `table`, `check`, `key`) must survive
//! quoting on every engine; mixed case must survive engines that fold or compare identifiers
//! case-insensitively (MySQL columns and indexes, every SQLite name); long names must be
//! shortened below the identifier limit without two of them colliding.

use crate::source::Source;

/// Struct names of ordinary entities.
pub const ENTITIES: &[&str] = &[
    "Account",
    "Invoice",
    "Product",
    "Category",
    "Person",
    "Address",
    "Shipment",
    "Payment",
    "Review",
    "Ticket",
    "Project",
    "Task",
    "Device",
    "Session",
    "Report",
    "Warehouse",
    "Supplier",
    "Coupon",
    "Message",
    "Channel",
    "Status",
    "Company",
    "Box",
    "Entry",
];

/// Struct names that are SQL reserved words (with their table override).
pub const RESERVED_ENTITIES: &[(&str, &str)] = &[
    ("User", "user"),
    ("Order", "order"),
    ("Group", "group"),
    ("Select", "select"),
    ("Table", "table"),
    ("Check", "check"),
    ("Key", "key"),
];

/// Mixed-case table overrides (the struct name is the table name as written).
pub const MIXED_ENTITIES: &[&str] = &["UserAccounts", "HTTPRequests", "OrderLines", "Users"];

/// Column names that may appear in user SQL (CHECKs, partial WHERE): plain, not reserved.
pub const EXPR_SAFE: &[&str] = &[
    "amount", "price", "quantity", "score", "total", "balance", "weight", "height", "rating",
];

/// Other ordinary column names.
pub const PLAIN: &[&str] = &[
    "name",
    "title",
    "label",
    "notes",
    "body",
    "email",
    "phone",
    "city",
    "country",
    "color",
    "summary",
    "slug",
    "state",
    "starts_on",
    "opens_at",
    "payload",
    "avatar",
    "external_ref",
];

/// Column names that are SQL reserved words.
pub const RESERVED: &[&str] = &[
    "user", "order", "group", "select", "table", "check", "key", "from", "where", "index",
    "primary", "limit", "values", "desc",
];

/// Mixed-case column names; some differ from a plain one only in case.
pub const MIXED: &[&str] = &[
    "firstName",
    "LastName",
    "HTTPStatus",
    "isActive",
    "Name",
    "Title",
];

const WORDS: &[&str] = &[
    "extraordinarily",
    "long",
    "customer",
    "subscription",
    "billing",
    "address",
    "history",
    "reference",
    "identifier",
    "verification",
];

/// A snake_case name of exactly `len` bytes (60-80), made of words.
pub fn long_snake(src: &mut Source, len: usize) -> String {
    let mut s = String::new();
    while s.len() < len {
        if !s.is_empty() {
            s.push('_');
        }
        s.push_str(src.pick(WORDS));
    }
    s.truncate(len);
    if s.ends_with('_') {
        s.pop();
        s.push('x');
    }
    s
}

/// A CamelCase struct name of exactly `len` bytes.
pub fn long_camel(src: &mut Source, len: usize) -> String {
    let mut s = String::new();
    while s.len() < len {
        let w = src.pick(WORDS);
        let mut cs = w.chars();
        if let Some(first) = cs.next() {
            s.push(first.to_ascii_uppercase());
            s.push_str(cs.as_str());
        }
    }
    s.truncate(len);
    s
}
