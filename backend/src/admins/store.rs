use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{AdminRow, SessionRow};
use crate::db::{lower, DbConn};
use crate::paging::Sort;
use crate::schema::{admin_sessions, admins};

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<AdminRow>> {
    admins::table
        .find(id)
        .select(AdminRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<AdminRow>> {
    admins::table
        .filter(admins::email.eq(email))
        .select(AdminRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, row: &AdminRow) -> QueryResult<()> {
    diesel::insert_into(admins::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn count_active_super_admins(conn: &mut DbConn) -> QueryResult<i64> {
    admins::table
        .filter(admins::role.eq("super_admin"))
        .filter(admins::status.eq("active"))
        .count()
        .get_result(conn)
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = admins)]
pub struct AdminChanges {
    pub name: Option<Option<String>>,
    pub role: Option<String>,
    pub status: Option<String>,
    pub password_hash: Option<String>,
    pub totp_secret: Option<Option<String>>,
    pub totp_enabled: Option<bool>,
    pub totp_last_step: Option<Option<i64>>,
    pub last_login_at: Option<Option<NaiveDateTime>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn update(conn: &mut DbConn, id: &str, changes: &AdminChanges) -> QueryResult<AdminRow> {
    diesel::update(admins::table.find(id))
        .set(changes)
        .execute(conn)?;
    admins::table
        .find(id)
        .select(AdminRow::as_select())
        .first(conn)
}

pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(admins::table.find(id)).execute(conn)
}

#[derive(Debug, Default)]
pub struct ListFilter {
    pub search: Option<String>,
    pub role: Option<String>,
    pub status: Option<String>,
}

macro_rules! filtered {
    ($f:expr) => {{
        let f = $f;
        let mut q = admins::table.into_boxed();
        if let Some(pattern) = &f.search {
            q = q.filter(
                lower(admins::email.nullable())
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(admins::name).like(pattern.clone()).escape('\\')),
            );
        }
        if let Some(role) = &f.role {
            q = q.filter(admins::role.eq(role.clone()));
        }
        if let Some(status) = &f.status {
            q = q.filter(admins::status.eq(status.clone()));
        }
        q
    }};
}

pub fn list(
    conn: &mut DbConn,
    f: &ListFilter,
    sort: &Sort,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<AdminRow>, i64)> {
    let total = filtered!(f).count().get_result::<i64>(conn)?;
    let q = filtered!(f).select(AdminRow::as_select());
    let q = match (sort.field.as_str(), sort.descending) {
        // Missing names sort last in both directions.
        ("name", false) => q.order((
            admins::name.is_null(),
            lower(admins::name).asc(),
            admins::id.asc(),
        )),
        ("name", true) => q.order((
            admins::name.is_null(),
            lower(admins::name).desc(),
            admins::id.desc(),
        )),
        ("email", false) => q.order((admins::email.asc(), admins::id.asc())),
        ("email", true) => q.order((admins::email.desc(), admins::id.desc())),
        ("role", false) => q.order((admins::role.asc(), admins::id.asc())),
        ("role", true) => q.order((admins::role.desc(), admins::id.desc())),
        ("last_login_at", false) => q.order((
            admins::last_login_at.is_null(),
            admins::last_login_at.asc(),
            admins::id.asc(),
        )),
        ("last_login_at", true) => q.order((
            admins::last_login_at.is_null(),
            admins::last_login_at.desc(),
            admins::id.desc(),
        )),
        (_, false) => q.order((admins::created_at.asc(), admins::id.asc())),
        (_, true) => q.order((admins::created_at.desc(), admins::id.desc())),
    };
    let rows = q.offset(offset).limit(limit).load(conn)?;
    Ok((rows, total))
}

// Sessions

pub fn insert_session(conn: &mut DbConn, row: &SessionRow) -> QueryResult<()> {
    diesel::insert_into(admin_sessions::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The session and its admin, for authenticating an access token.
pub fn session_with_admin(
    conn: &mut DbConn,
    session_id: &str,
    admin_id: &str,
) -> QueryResult<Option<(SessionRow, AdminRow)>> {
    admin_sessions::table
        .inner_join(admins::table)
        .filter(admin_sessions::id.eq(session_id))
        .filter(admins::id.eq(admin_id))
        .select((SessionRow::as_select(), AdminRow::as_select()))
        .first(conn)
        .optional()
}

// The refresh-token queries, as for every sessions table; rotations stamp `last_used_at`.
crate::refresh_token_queries!(admin_sessions, SessionRow, last_used_at);

pub fn revoke_session(
    conn: &mut DbConn,
    session_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        admin_sessions::table
            .filter(admin_sessions::id.eq(session_id))
            .filter(admin_sessions::revoked_at.is_null()),
    )
    .set(admin_sessions::revoked_at.eq(now))
    .execute(conn)
}

/// Ends every session of an admin except `keep` (the caller's own, when changing password).
pub fn revoke_sessions_of(
    conn: &mut DbConn,
    admin_id: &str,
    keep: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let q = admin_sessions::table
        .filter(admin_sessions::admin_id.eq(admin_id))
        .filter(admin_sessions::revoked_at.is_null())
        .into_boxed();
    let q = match keep {
        Some(id) => q.filter(admin_sessions::id.ne(id.to_string())),
        None => q,
    };
    let ids: Vec<String> = q.select(admin_sessions::id).load(conn)?;
    diesel::update(admin_sessions::table.filter(admin_sessions::id.eq_any(&ids)))
        .set(admin_sessions::revoked_at.eq(now))
        .execute(conn)
}

pub fn purge_sessions_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(admin_sessions::table.filter(admin_sessions::expires_at.lt(cutoff)))
        .execute(conn)
}

/// Records `step` as the last two-factor step accepted, unless a concurrent request
/// recorded it (or a later one) first: `false` then, and the code counts as used.
pub fn claim_totp_step(conn: &mut DbConn, id: &str, step: i64) -> QueryResult<bool> {
    let unused = admins::totp_last_step
        .is_null()
        .or(admins::totp_last_step.lt(step));
    diesel::update(admins::table.find(id).filter(unused))
        .set(admins::totp_last_step.eq(step))
        .execute(conn)
        .map(|n| n == 1)
}
