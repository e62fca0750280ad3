//! Declared query patterns (`query(eq, sort, range)`), kept per table for the ESR index
//! planner (`schema::indexes`).

use super::*;

impl<'m> Resolver<'m> {
    /// `query(..)`: the declared query patterns, kept for index planning; returns them as
    /// the table records them.
    pub(super) fn query_patterns(
        &mut self,
        e: &'m Entity,
        table: &str,
    ) -> Vec<QueryPatternColumns> {
        let mut patterns = Vec::new();
        for q in &e.query_patterns {
            let eq = self.map_fields(e, &q.equality, &format!("query `{}` eq(...)", q.name));
            let sort = self.map_fields(e, &q.sort, &format!("query `{}` sort(...)", q.name));
            let range = self.map_fields(e, &q.range, &format!("query `{}` range(...)", q.name));
            if let (Some(equality), Some(sort), Some(range)) = (eq, sort, range) {
                patterns.push(Pattern {
                    name: q.name.clone(),
                    equality: names(&equality),
                    sort,
                    range: names(&range),
                });
            }
        }
        let declared: Vec<QueryPatternColumns> = patterns
            .iter()
            .map(|p| QueryPatternColumns {
                name: p.name.clone(),
                equality: p.equality.clone(),
                sort: names(&p.sort),
                range: p.range.clone(),
            })
            .collect();
        self.patterns
            .entry(table.to_string())
            .or_default()
            .extend(patterns);
        declared
    }
}
