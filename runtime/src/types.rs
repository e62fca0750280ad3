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
