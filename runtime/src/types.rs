//! Mapping Rust types to logical column types.
//!
//! Every field type of a `#[derive(DataModel)]` struct must implement [`SqlType`]. The built-in
//! impls cover the standard types and, behind cargo features, chrono, time, uuid,
//! rust_decimal and serde_json. Users map their own types (newtypes, wrappers) by implementing
//! the trait; `#[derive(DataModelEnum)]` implements it for fieldless enums.

use crate::model::ColumnType;

/// A Rust type that can be stored in one column.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be stored in a datamodel column",
    label = "no column type for `{Self}`",
    note = "implement `datamodel::SqlType` for `{Self}`, derive `DataModelEnum` for a fieldless enum, enable the runtime feature for its crate (chrono, time, uuid, rust_decimal, serde_json), or mark the field `#[datamodel(skip)]`"
)]
pub trait SqlType {
    /// The logical column type.
    fn column_type() -> ColumnType;
    /// True for `Option<T>`: the column is nullable.
    const NULLABLE: bool = false;
}

macro_rules! sql_type {
    ($($t:ty => $ct:expr),* $(,)?) => {
        $(impl SqlType for $t {
            fn column_type() -> ColumnType { $ct }
        })*
    };
}

sql_type! {
    i16 => ColumnType::SmallInt,
    i32 => ColumnType::Integer,
    i64 => ColumnType::BigInt,
    u8 => ColumnType::SmallInt,
    u16 => ColumnType::Integer,
    u32 => ColumnType::BigInt,
    f32 => ColumnType::Real,
    f64 => ColumnType::Double,
    bool => ColumnType::Boolean,
    String => ColumnType::String,
    Vec<u8> => ColumnType::Bytes,
}

impl<T: SqlType> SqlType for Option<T> {
    fn column_type() -> ColumnType {
        T::column_type()
    }
    const NULLABLE: bool = true;
}

#[cfg(feature = "chrono")]
sql_type! {
    chrono::DateTime<chrono::Utc> => ColumnType::Timestamp { with_time_zone: true },
    chrono::DateTime<chrono::FixedOffset> => ColumnType::Timestamp { with_time_zone: true },
    chrono::NaiveDateTime => ColumnType::Timestamp { with_time_zone: false },
    chrono::NaiveDate => ColumnType::Date,
    chrono::NaiveTime => ColumnType::Time,
}

#[cfg(feature = "time")]
sql_type! {
    time::OffsetDateTime => ColumnType::Timestamp { with_time_zone: true },
    time::PrimitiveDateTime => ColumnType::Timestamp { with_time_zone: false },
    time::Date => ColumnType::Date,
    time::Time => ColumnType::Time,
}

#[cfg(feature = "uuid")]
sql_type! { uuid::Uuid => ColumnType::Uuid }

#[cfg(feature = "rust_decimal")]
sql_type! { rust_decimal::Decimal => ColumnType::Decimal }

#[cfg(feature = "serde_json")]
sql_type! { serde_json::Value => ColumnType::Json }

/// A JSON document column holding any serializable `T` (JSONB on PostgreSQL).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Json<T>(pub T);

impl<T> SqlType for Json<T> {
    fn column_type() -> ColumnType {
        ColumnType::Json
    }
}

/// A type stored as character data, so `max_length` (VARCHAR(n)) and `text` apply to it.
/// Implement it for your own string newtypes next to [`SqlType`].
#[diagnostic::on_unimplemented(
    message = "`max_length` / `text` apply to string columns, but `{Self}` is not one",
    label = "`{Self}` is not stored as a string",
    note = "remove `max_length` / `text` from this field (they only apply to `String`), or implement `datamodel::types::StringColumn` for `{Self}` if it is stored as a string"
)]
pub trait StringColumn {}
impl StringColumn for String {}
impl<T: StringColumn> StringColumn for Option<T> {}

/// A type stored as an exact decimal, so `precision` / `scale` (NUMERIC(p, s)) apply to it.
#[diagnostic::on_unimplemented(
    message = "`precision` / `scale` apply to decimal columns, but `{Self}` is not one",
    label = "`{Self}` is not a decimal type",
    note = "use `rust_decimal::Decimal` (runtime feature `rust_decimal`) for exact NUMERIC(p, s) values, or remove `precision` / `scale`"
)]
pub trait DecimalColumn {}
impl<T: DecimalColumn> DecimalColumn for Option<T> {}
#[cfg(feature = "rust_decimal")]
impl DecimalColumn for rust_decimal::Decimal {}
