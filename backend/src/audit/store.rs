use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::schema::{admins, api_keys, audit_events, customers};

#[derive(Debug, Insertable, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub struct AuditRow {
    pub id: String,
    pub occurred_at: NaiveDateTime,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub ip_address: Option<String>,
    pub request_id: Option<String>,
    pub customer_id: Option<String>,
}

pub fn insert(conn: &mut DbConn, row: &AuditRow) -> QueryResult<()> {
    diesel::insert_into(audit_events::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Many events in few statements (batch operations record one event per row).
pub fn insert_many(conn: &mut DbConn, rows: &[AuditRow]) -> QueryResult<()> {
    for chunk in rows.chunks(1000) {
        // Multi-row inserts do not compile on the MultiConnection enum; use the inner one.
        match conn {
            DbConn::Sqlite(c) => diesel::insert_into(audit_events::table)
                .values(chunk)
                .execute(c)?,
            DbConn::Pg(c) => diesel::insert_into(audit_events::table)
                .values(chunk)
                .execute(c)?,
        };
    }
    Ok(())
}

#[derive(Debug, Default)]
pub struct Filter {
    pub actor_kind: Option<String>,
    pub actor_id: Option<String>,
    pub action: Option<String>,
    pub subject_type: Option<String>,
    pub subject_id: Option<String>,
    pub since: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
    /// The events about one customer: their timeline.
    pub customer_id: Option<String>,
}

macro_rules! filtered {
    ($f:expr) => {{
        let f = $f;
        let mut q = audit_events::table.into_boxed();
        if let Some(v) = &f.actor_kind {
            q = q.filter(audit_events::actor_kind.eq(v.clone()));
        }
        if let Some(v) = &f.actor_id {
            q = q.filter(audit_events::actor_id.eq(v.clone()));
        }
        if let Some(v) = &f.action {
            q = q.filter(audit_events::action.eq(v.clone()));
        }
        if let Some(v) = &f.subject_type {
            q = q.filter(audit_events::subject_type.eq(v.clone()));
        }
        if let Some(v) = &f.subject_id {
            q = q.filter(audit_events::subject_id.eq(v.clone()));
        }
        if let Some(v) = &f.customer_id {
            q = q.filter(audit_events::customer_id.eq(v.clone()));
        }
        if let Some(v) = f.since {
            q = q.filter(audit_events::occurred_at.ge(v));
        }
        if let Some(v) = f.until {
            q = q.filter(audit_events::occurred_at.lt(v));
        }
        q
    }};
}

pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    newest_first: bool,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<AuditRow>, i64)> {
    let total = filtered!(f).count().get_result::<i64>(conn)?;
    let q = filtered!(f).select(AuditRow::as_select());
    let q = if newest_first {
        q.order((audit_events::occurred_at.desc(), audit_events::id.desc()))
    } else {
        q.order((audit_events::occurred_at.asc(), audit_events::id.asc()))
    };
    let rows = q.offset(offset).limit(limit).load(conn)?;
    Ok((rows, total))
}

/// Display names of the admins, API keys and customers among `ids` (a customer by name,
/// or email when unnamed; an erased customer has none).
pub fn actor_names(
    conn: &mut DbConn,
    admin_ids: &[String],
    key_ids: &[String],
    customer_ids: &[String],
) -> QueryResult<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = admins::table
        .filter(admins::id.eq_any(admin_ids))
        .select((admins::id, admins::name, admins::email))
        .load::<(String, Option<String>, String)>(conn)?
        .into_iter()
        .map(|(id, name, email)| (id, name.unwrap_or(email)))
        .collect();
    out.extend(
        api_keys::table
            .filter(api_keys::id.eq_any(key_ids))
            .select((api_keys::id, api_keys::name))
            .load::<(String, String)>(conn)?,
    );
    out.extend(
        customers::table
            .filter(customers::id.eq_any(customer_ids))
            .select((customers::id, customers::name, customers::email))
            .load::<(String, Option<String>, String)>(conn)?
            .into_iter()
            .map(|(id, name, email)| (id, name.unwrap_or(email))),
    );
    Ok(out)
}
