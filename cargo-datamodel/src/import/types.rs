//! SQL column types as the model's [`ColumnType`]s.
//!
//! Each engine spells the model's types its own way (`BIGINT GENERATED ALWAYS AS IDENTITY`,
//! `BIGINT AUTO_INCREMENT`, `INTEGER`; `TIMESTAMPTZ`, `DATETIME(6)`, `TEXT`); this reads all
//! the spellings back. What the model has no type for is kept by name
//! ([`ImportedType::Opaque`]) so that it round-trips instead of being dropped, and spellings
//! the derive never writes (native enums, `VARCHAR` without a length, PostgreSQL `json`) are
//! flagged so the lints report them as the gaps of an existing schema.

use crate::dialect::Dialect;
use crate::schema::ImportedType;
use datamodel::model::ColumnType;
use sqlparser::ast::{CharacterLength, DataType, ExactNumberInfo, TimezoneInfo};

/// What one column type says.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeInfo {
    pub ty: ColumnType,
    pub max_length: Option<u32>,
    pub precision: Option<u32>,
    pub scale: Option<u32>,
    pub imported: Option<ImportedType>,
    /// `serial` / `bigserial`: an engine-generated key.
    pub identity: bool,
}

impl TypeInfo {
    fn of(ty: ColumnType) -> Self {
        TypeInfo {
            ty,
            max_length: None,
            precision: None,
            scale: None,
            imported: None,
            identity: false,
        }
    }

    fn string(max_length: Option<u32>) -> Self {
        TypeInfo {
            max_length,
            ..TypeInfo::of(ColumnType::String)
        }
    }

    /// A type kept by its spelling.
    pub fn opaque(spelling: String) -> Self {
        TypeInfo {
            imported: Some(ImportedType::Opaque(spelling)),
            ..TypeInfo::of(ColumnType::String)
        }
    }
}

fn small(n: u64) -> Option<u32> {
    u32::try_from(n).ok()
}

fn char_len(len: &Option<CharacterLength>) -> Option<u32> {
    match len {
        Some(CharacterLength::IntegerLength { length, .. }) => small(*length),
        _ => None,
    }
}

/// The model type of `dt`, read as `dialect` spells types. Native enums get an empty name
/// (the caller names them after the column).
pub fn map_type(dt: &DataType, dialect: &dyn Dialect) -> TypeInfo {
    use DataType as D;
    match dt {
        D::Character(len) | D::Char(len) => match char_len(len) {
            // CHAR(36) is how engines without a UUID type store one (and how MySQL gets ours).
            Some(36) => TypeInfo::of(ColumnType::Uuid),
            n => TypeInfo::string(n.or(Some(1))),
        },
        D::CharacterVarying(len) | D::CharVarying(len) | D::Varchar(len) | D::Nvarchar(len) => {
            match len {
                None => TypeInfo {
                    imported: Some(ImportedType::VarcharWithoutLength),
                    ..TypeInfo::string(None)
                },
                Some(_) => TypeInfo::string(char_len(len)),
            }
        }
        D::Text | D::TinyText | D::MediumText | D::LongText | D::String(_) => {
            TypeInfo::string(None)
        }
        D::Clob(_) | D::CharacterLargeObject(_) | D::CharLargeObject(_) => TypeInfo::string(None),
        D::Uuid => TypeInfo::of(ColumnType::Uuid),
        D::Binary(_) | D::Varbinary(_) | D::Blob(_) | D::TinyBlob | D::MediumBlob => {
            TypeInfo::of(ColumnType::Bytes)
        }
        D::LongBlob | D::Bytea | D::Bytes(_) => TypeInfo::of(ColumnType::Bytes),
        D::Numeric(info) | D::Decimal(info) | D::Dec(info) | D::DecimalUnsigned(info) => {
            decimal(info)
        }
        D::TinyInt(Some(1)) | D::Bool | D::Boolean | D::Bit(Some(1)) => {
            TypeInfo::of(ColumnType::Boolean)
        }
        D::TinyInt(_) | D::TinyIntUnsigned(_) | D::Int2(_) | D::SmallInt(_) => {
            TypeInfo::of(ColumnType::SmallInt)
        }
        D::SmallIntUnsigned(_) | D::Int2Unsigned(_) => TypeInfo::of(ColumnType::SmallInt),
        D::MediumInt(_) | D::MediumIntUnsigned(_) | D::Int(_) | D::Int4(_) | D::Integer(_) => {
            TypeInfo::of(ColumnType::Integer)
        }
        D::IntUnsigned(_) | D::IntegerUnsigned(_) | D::Int4Unsigned(_) => {
            TypeInfo::of(ColumnType::Integer)
        }
        D::BigInt(_) | D::BigIntUnsigned(_) | D::Int8(_) | D::Int8Unsigned(_) => {
            TypeInfo::of(ColumnType::BigInt)
        }
        D::Real | D::Float4 | D::Float(ExactNumberInfo::None) => TypeInfo::of(ColumnType::Real),
        D::Float(ExactNumberInfo::Precision(p)) if *p <= 24 => TypeInfo::of(ColumnType::Real),
        D::Float(_) | D::Float8 | D::Float64 | D::DoublePrecision | D::Double(_) => {
            TypeInfo::of(ColumnType::Double)
        }
        D::Date => TypeInfo::of(ColumnType::Date),
        D::Time(..) => TypeInfo::of(ColumnType::Time),
        D::Datetime(_) => TypeInfo::of(ColumnType::Timestamp {
            with_time_zone: false,
        }),
        D::Timestamp(_, tz) => TypeInfo::of(ColumnType::Timestamp {
            with_time_zone: matches!(tz, TimezoneInfo::WithTimeZone | TimezoneInfo::Tz),
        }),
        D::JSON => TypeInfo {
            imported: dialect.has_binary_json().then_some(ImportedType::PlainJson),
            ..TypeInfo::of(ColumnType::Json)
        },
        D::JSONB => TypeInfo::of(ColumnType::Json),
        D::Enum(members, _) => native_enum(members.iter().map(enum_member).collect()),
        D::Custom(name, _) => custom(&name.to_string(), dt),
        other => TypeInfo::opaque(other.to_string()),
    }
}

fn enum_member(m: &sqlparser::ast::EnumMember) -> String {
    match m {
        sqlparser::ast::EnumMember::Name(n) => n.clone(),
        sqlparser::ast::EnumMember::NamedValue(n, _) => n.clone(),
    }
}

/// A native enum (MySQL `ENUM(...)`, a PostgreSQL enum type): a string as long as its
/// longest value, flagged so the lints say it, with the values for a CHECK.
pub fn native_enum(values: Vec<String>) -> TypeInfo {
    let longest = values.iter().map(|v| v.chars().count()).max().unwrap_or(1);
    TypeInfo {
        max_length: small(longest as u64),
        imported: Some(ImportedType::NativeEnum),
        ..TypeInfo::of(ColumnType::Enum {
            name: String::new(),
            values,
        })
    }
}

fn decimal(info: &ExactNumberInfo) -> TypeInfo {
    let (precision, scale) = match info {
        ExactNumberInfo::None => (None, None),
        ExactNumberInfo::Precision(p) => (small(*p), Some(0)),
        ExactNumberInfo::PrecisionAndScale(p, s) => (small(*p), u32::try_from(*s).ok()),
    };
    TypeInfo {
        precision,
        scale,
        ..TypeInfo::of(ColumnType::Decimal)
    }
}

/// Names sqlparser leaves to the dialect: PostgreSQL's serials and aliases.
fn custom(name: &str, dt: &DataType) -> TypeInfo {
    let serial = |ty| TypeInfo {
        identity: true,
        ..TypeInfo::of(ty)
    };
    match name.to_ascii_lowercase().trim_matches('"') {
        "serial" | "serial4" => serial(ColumnType::Integer),
        "bigserial" | "serial8" => serial(ColumnType::BigInt),
        "smallserial" | "serial2" => serial(ColumnType::SmallInt),
        "timestamptz" => TypeInfo::of(ColumnType::Timestamp {
            with_time_zone: true,
        }),
        "citext" => TypeInfo::string(None),
        "datetime" => TypeInfo::of(ColumnType::Timestamp {
            with_time_zone: false,
        }),
        "nvarchar" | "nchar" | "varying" => TypeInfo::string(None),
        _ => TypeInfo::opaque(dt.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Engine;
    use crate::dialect::dialect_for;
    use sqlparser::parser::Parser;

    fn ty(engine: Engine, sql_type: &str) -> TypeInfo {
        let d = dialect_for(engine);
        let sql = format!("CREATE TABLE t (c {sql_type})");
        let stmt = Parser::parse_sql(&*d.sql_parser(), &sql).unwrap().remove(0);
        let sqlparser::ast::Statement::CreateTable(ct) = stmt else {
            panic!("{sql}")
        };
        map_type(&ct.columns[0].data_type, d)
    }

    #[test]
    fn postgres_spellings() {
        let pg = Engine::Postgres;
        assert_eq!(ty(pg, "bigserial").ty, ColumnType::BigInt);
        assert!(ty(pg, "serial").identity);
        assert_eq!(
            ty(pg, "TIMESTAMPTZ").ty,
            ColumnType::Timestamp {
                with_time_zone: true
            }
        );
        assert_eq!(ty(pg, "character varying(20)").max_length, Some(20));
        assert_eq!(
            ty(pg, "varchar").imported,
            Some(ImportedType::VarcharWithoutLength)
        );
        assert_eq!(ty(pg, "json").imported, Some(ImportedType::PlainJson));
        assert_eq!(ty(pg, "jsonb").imported, None);
        let n = ty(pg, "numeric(10,2)");
        assert_eq!(
            (n.ty, n.precision, n.scale),
            (ColumnType::Decimal, Some(10), Some(2))
        );
        assert_eq!(
            ty(pg, "geometry(Point, 4326)").imported,
            Some(ImportedType::Opaque("geometry(Point, 4326)".into()))
        );
        assert!(matches!(
            ty(pg, "text[]").imported,
            Some(ImportedType::Opaque(_))
        ));
        assert!(matches!(
            ty(pg, "tsvector").imported,
            Some(ImportedType::Opaque(_))
        ));
    }

    #[test]
    fn mysql_spellings() {
        let my = Engine::Mysql;
        assert_eq!(ty(my, "TINYINT(1)").ty, ColumnType::Boolean);
        assert_eq!(ty(my, "CHAR(36)").ty, ColumnType::Uuid);
        assert_eq!(ty(my, "LONGBLOB").ty, ColumnType::Bytes);
        assert_eq!(ty(my, "json").imported, None);
        assert_eq!(
            ty(my, "DATETIME(6)").ty,
            ColumnType::Timestamp {
                with_time_zone: false
            }
        );
        let e = ty(my, "ENUM('a','bcd')");
        assert_eq!(e.imported, Some(ImportedType::NativeEnum));
        assert_eq!(e.max_length, Some(3));
        assert_eq!(ty(my, "INT UNSIGNED").ty, ColumnType::Integer);
    }

    #[test]
    fn sqlite_spellings() {
        let lite = Engine::Sqlite;
        assert_eq!(ty(lite, "INTEGER").ty, ColumnType::Integer);
        assert_eq!(ty(lite, "NVARCHAR(120)").max_length, Some(120));
        assert_eq!(ty(lite, "NUMERIC(10,2)").scale, Some(2));
        assert_eq!(ty(lite, "BLOB").ty, ColumnType::Bytes);
    }
}
