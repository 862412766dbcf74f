use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use crate::db::{lower, write_tx, DbConn};
use crate::schema::{email_outbox, email_settings};

/// A mail this process has claimed for one delivery attempt.
#[derive(Debug, Clone, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub template: String,
    #[diesel(sql_type = Text)]
    pub to_email: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub customer_id: Option<String>,
    #[diesel(sql_type = Text)]
    pub payload: String,
    /// Counting this attempt.
    #[diesel(sql_type = BigInt)]
    pub attempts: i64,
}

/// Claims up to `limit` due mails: `pending` ones whose time has come, and `sending` ones
/// whose lease ran out (the process delivering them stopped). Each becomes `sending` with
/// `next_attempt_at` = `lease_until` and one more attempt, in one statement, so a mail is
/// claimed by one worker at a time. PostgreSQL skips rows another process is claiming at
/// that moment instead of waiting for them; SQLite has one writer at a time anyway.
pub fn claim(
    conn: &mut DbConn,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<Claimed>> {
    const RETURNING: &str = "RETURNING id, template, to_email, customer_id, payload, attempts";
    match conn {
        DbConn::Pg(c) => diesel::sql_query(format!(
            "UPDATE email_outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = $1 \
             WHERE id IN (SELECT id FROM email_outbox \
                 WHERE status IN ('pending', 'sending') AND next_attempt_at <= $2 \
                 ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) \
             {RETURNING}"
        ))
        .bind::<Timestamp, _>(lease_until)
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(limit)
        .load(c),
        DbConn::Sqlite(_) => write_tx(conn, |conn| {
            let DbConn::Sqlite(c) = conn else {
                unreachable!("the variant does not change inside a transaction")
            };
            diesel::sql_query(format!(
                "UPDATE email_outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = ?1 \
                 WHERE id IN (SELECT id FROM email_outbox \
                     WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?2 \
                     ORDER BY next_attempt_at, id LIMIT ?3) \
                 {RETURNING}"
            ))
            .bind::<Timestamp, _>(lease_until)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .load(c)
        }),
    }
}

/// Each outcome applies only to the attempt this worker claimed: a worker whose lease ran
/// out (its mail claimed again elsewhere) cannot overwrite the newer outcome.
pub fn mark_sent(conn: &mut DbConn, row: &Claimed, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        email_outbox::table
            .filter(email_outbox::id.eq(&row.id))
            .filter(email_outbox::status.eq("sending"))
            .filter(email_outbox::attempts.eq(row.attempts)),
    )
    .set((
        email_outbox::status.eq("sent"),
        email_outbox::sent_at.eq(at),
        email_outbox::next_attempt_at.eq(at),
    ))
    .execute(conn)
}

/// Back to `pending` until `next`, or `failed` when `next` is `None`.
pub fn mark_unsent(
    conn: &mut DbConn,
    row: &Claimed,
    error: &str,
    next: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let status = if next.is_some() { "pending" } else { "failed" };
    diesel::update(
        email_outbox::table
            .filter(email_outbox::id.eq(&row.id))
            .filter(email_outbox::status.eq("sending"))
            .filter(email_outbox::attempts.eq(row.attempts)),
    )
    .set((
        email_outbox::status.eq(status),
        email_outbox::next_attempt_at.eq(next.unwrap_or(now)),
        email_outbox::last_error.eq(error),
    ))
    .execute(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = email_outbox)]
pub struct OutboxRow {
    pub id: String,
    pub template: String,
    pub to_email: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<String>,
    pub template: Option<String>,
    /// Already lower-cased `LIKE` pattern on the recipient.
    pub recipient_like: Option<String>,
}

macro_rules! filtered {
    ($f:expr) => {{
        let mut q = email_outbox::table.into_boxed();
        if let Some(s) = &$f.status {
            q = q.filter(email_outbox::status.eq(s.clone()));
        }
        if let Some(t) = &$f.template {
            q = q.filter(email_outbox::template.eq(t.clone()));
        }
        if let Some(p) = &$f.recipient_like {
            q = q.filter(lower(email_outbox::to_email.nullable()).like(p.clone()));
        }
        q
    }};
}

/// Newest first.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<OutboxRow>, i64)> {
    let total = filtered!(f).count().get_result(conn)?;
    let rows = filtered!(f)
        .order((email_outbox::created_at.desc(), email_outbox::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = email_settings)]
pub struct SettingsRow {
    pub host: Option<String>,
    pub port: i64,
    pub username: Option<String>,
    pub password_encrypted: Option<String>,
    pub tls_mode: String,
    pub from_address: Option<String>,
    pub from_name: Option<String>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn settings(conn: &mut DbConn) -> QueryResult<SettingsRow> {
    email_settings::table
        .find("smtp")
        .select(SettingsRow::as_select())
        .first(conn)
}

pub fn save_settings(conn: &mut DbConn, row: &SettingsRow) -> QueryResult<usize> {
    diesel::update(email_settings::table.find("smtp"))
        .set((
            email_settings::host.eq(&row.host),
            email_settings::port.eq(row.port),
            email_settings::username.eq(&row.username),
            email_settings::password_encrypted.eq(&row.password_encrypted),
            email_settings::tls_mode.eq(&row.tls_mode),
            email_settings::from_address.eq(&row.from_address),
            email_settings::from_name.eq(&row.from_name),
            email_settings::updated_at.eq(row.updated_at),
        ))
        .execute(conn)
}
