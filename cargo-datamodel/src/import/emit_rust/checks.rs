//! `check = ".."` per imported CHECK the SQL guard accepts (a note for the others). An IN
//! list that became an enum is left out: the enum's own CHECK replaces it.

use super::idents::lit;
use super::{Emitter, StructOut};
use crate::schema::sql_guard::{check_fragment, FragmentKind};
use crate::schema::{CheckRule, Table};

impl Emitter<'_> {
    /// The `check = ".."` attributes of `t`.
    pub(super) fn checks(&mut self, t: &Table, tline: Option<u32>, s: &mut StructOut) {
        for k in &t.checks {
            if let CheckRule::In { column, .. } = &k.rule {
                if self
                    .enum_columns
                    .contains_key(&format!("{}.{column}", t.name))
                {
                    continue;
                }
            }
            match check_fragment(&k.expr, FragmentKind::Check) {
                Ok(_) => s.attrs.push(format!("check = {}", lit(&k.expr))),
                Err(why) => {
                    let w = format!("table `{}`, check `{}`: not emitted: {why}", t.name, k.name);
                    self.struct_note(s, tline, w);
                }
            }
        }
    }
}
