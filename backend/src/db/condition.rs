//! A condition written as SQL with text binds, for the few filters diesel's query builder
//! cannot express (a subquery into another feature's search index), and a count of a
//! query's rows per id of such a subquery. The binds go through
//! the backend's placeholders like any other: the text is never spliced into the SQL.

use diesel::backend::Backend;
use diesel::expression::{
    is_aggregate, AppearsOnTable, Expression, SelectableExpression, ValidGrouping,
};
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, Bool, HasSqlType, Text};
use diesel::{QueryResult, RunQueryDsl};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlCondition {
    /// The SQL around the binds: one piece more than there are binds.
    pieces: Vec<String>,
    binds: Vec<String>,
}

impl SqlCondition {
    pub fn new(sql: impl Into<String>) -> Self {
        Self {
            pieces: vec![sql.into()],
            binds: Vec::new(),
        }
    }

    pub fn sql(mut self, sql: &str) -> Self {
        self.pieces
            .last_mut()
            .expect("at least one piece")
            .push_str(sql);
        self
    }

    pub fn bind(mut self, value: impl Into<String>) -> Self {
        self.binds.push(value.into());
        self.pieces.push(String::new());
        self
    }

    /// `other` written after this.
    pub fn then(mut self, other: SqlCondition) -> Self {
        let mut pieces = other.pieces.into_iter();
        self = self.sql(&pieces.next().unwrap_or_default());
        for (value, piece) in other.binds.into_iter().zip(pieces) {
            self = self.bind(value).sql(&piece);
        }
        self
    }
}

impl Expression for SqlCondition {
    type SqlType = Bool;
}

impl<DB> QueryFragment<DB> for SqlCondition
where
    DB: Backend + HasSqlType<Text>,
    String: ToSql<Text, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        let mut binds = self.binds.iter();
        for (i, piece) in self.pieces.iter().enumerate() {
            if i > 0 {
                out.push_bind_param::<Text, String>(binds.next().expect("a bind per gap"))?;
            }
            out.push_sql(piece);
        }
        Ok(())
    }
}

/// Its SQL text changes with the binds' number, so the statement is identified by its text.
impl QueryId for SqlCondition {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<QS> AppearsOnTable<QS> for SqlCondition {}
impl<QS> SelectableExpression<QS> for SqlCondition {}
impl ValidGrouping<()> for SqlCondition {
    type IsAggregate = is_aggregate::Never;
}

/// The number of rows `each` gives for the ids `ids` yields (`each` names the current one
/// `o.id`), counted up to `cap`: a nested loop that reads the ids in their own order and
/// stops at the cap, which a planner that misjudges how many ids there are would not
/// choose for the same join written as `IN (...)`.
pub struct CountEach<Q> {
    pub ids: SqlCondition,
    pub each: Q,
    pub cap: i64,
}

impl<DB, Q> QueryFragment<DB> for CountEach<Q>
where
    DB: Backend + HasSqlType<Text> + HasSqlType<BigInt>,
    String: ToSql<Text, DB>,
    i64: ToSql<BigInt, DB>,
    Q: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("SELECT count(*) FROM (SELECT 1 FROM (");
        self.ids.walk_ast(out.reborrow())?;
        // A fence: the ids are read as a relation of their own, not flattened into a join
        // the planner reorders.
        out.push_sql(" OFFSET 0) o CROSS JOIN LATERAL (");
        self.each.walk_ast(out.reborrow())?;
        out.push_sql(") e LIMIT ");
        out.push_bind_param::<BigInt, i64>(&self.cap)?;
        out.push_sql(") t");
        Ok(())
    }
}

impl<Q> QueryId for CountEach<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q> Query for CountEach<Q> {
    type SqlType = BigInt;
}

impl<Q, Conn> RunQueryDsl<Conn> for CountEach<Q> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_joined_keep_their_binds_in_order() {
        let inner = SqlCondition::new("b = ")
            .bind("2")
            .sql(" AND c = ")
            .bind("3");
        let joined = SqlCondition::new("(a = ")
            .bind("1")
            .sql(" OR ")
            .then(inner)
            .sql(")");
        assert_eq!(joined.pieces, vec!["(a = ", " OR b = ", " AND c = ", ")"]);
        assert_eq!(joined.binds, vec!["1", "2", "3"]);
    }
}
