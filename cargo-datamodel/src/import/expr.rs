//! Expressions as catalogs print them, brought back to the spelling the derive path writes:
//! the literal under a cast, parentheses a dump adds, `IN` lists as enum rules.

use crate::schema::CheckRule;
use sqlparser::ast::{DataType, Expr, Value};
use std::ops::ControlFlow;

/// The literal under a cast (`(0)::numeric` → `0`; a quoted number cast to a number type →
/// the number), or `None` when `e` is no cast of a literal.
pub(super) fn cast_literal(e: &Expr) -> Option<Expr> {
    let Expr::Cast {
        expr, data_type, ..
    } = e
    else {
        return None;
    };
    let lit = bare(expr);
    let Expr::Value(v) = lit else {
        return None;
    };
    let numeric = !matches!(
        data_type,
        DataType::Text
            | DataType::Varchar(_)
            | DataType::CharacterVarying(_)
            | DataType::Custom(..)
    );
    match &v.value {
        Value::SingleQuotedString(s) if numeric && s.parse::<f64>().is_ok() => {
            Some(Expr::Value(Value::Number(s.clone(), false).into()))
        }
        _ => Some(lit.clone()),
    }
}

/// How tightly an expression binds (higher: tighter); atoms bind tightest.
pub(super) fn precedence(e: &Expr) -> u8 {
    use sqlparser::ast::BinaryOperator as B;
    match e {
        Expr::BinaryOp { op, .. } => match op {
            B::Or => 1,
            B::And => 2,
            B::Eq | B::NotEq | B::Lt | B::LtEq | B::Gt | B::GtEq => 4,
            B::Plus | B::Minus => 5,
            _ => 6,
        },
        Expr::UnaryOp { .. } => 3,
        Expr::IsNull(_) | Expr::IsNotNull(_) | Expr::In { .. } | Expr::Between { .. } => 4,
        Expr::Like { .. } | Expr::ILike { .. } | Expr::AnyOp { .. } => 4,
        _ => 10,
    }
}

/// `(a >= 1) AND (a <= 2)` → `a >= 1 AND a <= 2`: parentheses PostgreSQL prints around every
/// operand, dropped where the operator's precedence makes them redundant.
pub(crate) fn drop_redundant_parens(e: &mut Expr) {
    let outer = precedence(e);
    let Expr::BinaryOp { left, right, .. } = e else {
        return;
    };
    for side in [left, right] {
        if let Expr::Nested(inner) = &**side {
            if precedence(inner) > outer {
                **side = (**inner).clone();
            }
        }
    }
}

/// `e` without parentheses and casts around it.
pub(super) fn bare(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(x) => bare(x),
        Expr::Cast { expr, .. } => bare(expr),
        _ => e,
    }
}

/// `col IN ('a', 'b')` as a rule; also PostgreSQL's own spellings of it,
/// `(col)::text = ANY ((ARRAY['a'::character varying, ...])::text[])` and, for one value,
/// `(col)::text = 'a'::text` (only with the cast on the column: a plain `col = 'a'` stays as
/// written).
pub(super) fn in_rule(e: &Expr) -> Option<CheckRule> {
    if let Expr::BinaryOp {
        left,
        op: sqlparser::ast::BinaryOperator::Eq,
        right,
    } = e
    {
        let is_cast = matches!(&**left, Expr::Cast { .. })
            || matches!(&**left, Expr::Nested(x) if matches!(**x, Expr::Cast { .. }));
        if let (true, Expr::Identifier(col), Expr::Value(v)) = (is_cast, bare(left), bare(right)) {
            if let Value::SingleQuotedString(s) = &v.value {
                return Some(CheckRule::In {
                    column: col.value.clone(),
                    values: vec![s.clone()],
                });
            }
        }
        return None;
    }
    if let Expr::AnyOp {
        left,
        compare_op: sqlparser::ast::BinaryOperator::Eq,
        right,
        ..
    } = e
    {
        let (Expr::Identifier(col), Expr::Array(arr)) = (bare(left), bare(right)) else {
            return None;
        };
        let values = arr
            .elem
            .iter()
            .map(|v| match bare(v) {
                Expr::Value(v) => match &v.value {
                    Value::SingleQuotedString(s) => Some(s.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        return Some(CheckRule::In {
            column: col.value.clone(),
            values,
        });
    }
    let Expr::In {
        expr,
        target: sqlparser::ast::InTarget::List(list),
        negated: false,
        ..
    } = e
    else {
        return None;
    };
    let Expr::Identifier(col) = &**expr else {
        return None;
    };
    let values = list
        .iter()
        .map(|v| match v {
            Expr::Value(v) => match &v.value {
                Value::SingleQuotedString(s) => Some(s.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(CheckRule::In {
        column: col.value.clone(),
        values,
    })
}

/// An expression's SQL without identifier quotes where none are needed.
pub(super) fn unquoted(e: &Expr) -> String {
    let mut e = e.clone();
    let _ = sqlparser::ast::visit_expressions_mut(&mut e, |x| {
        if let Expr::Identifier(i) = x {
            if i.value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
            {
                i.quote_style = None;
            }
        }
        ControlFlow::<()>::Continue(())
    });
    e.to_string()
}
