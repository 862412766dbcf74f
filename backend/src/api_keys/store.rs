use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::ApiKeyRow;
use crate::db::DbConn;
use crate::schema::{admins, api_keys};

pub fn insert(conn: &mut DbConn, row: &ApiKeyRow) -> QueryResult<()> {
    diesel::insert_into(api_keys::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<ApiKeyRow>> {
    api_keys::table
        .find(id)
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()
}

/// What a key is checked and shown with: its owner's current role and status (`None` when
/// the owner is gone, which only revoked keys can be).
pub type Owner = Option<(String, String)>;

/// The key with this hash and its owner's role and status.
pub fn find_by_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<(ApiKeyRow, Owner)>> {
    api_keys::table
        .left_join(admins::table)
        .filter(api_keys::key_hash.eq(hash))
        .select((
            ApiKeyRow::as_select(),
            (admins::role, admins::status).nullable(),
        ))
        .first(conn)
        .optional()
}

/// The key with this id and its owner's role and status.
pub fn find_with_owner(conn: &mut DbConn, id: &str) -> QueryResult<Option<(ApiKeyRow, Owner)>> {
    api_keys::table
        .left_join(admins::table)
        .filter(api_keys::id.eq(id))
        .select((
            ApiKeyRow::as_select(),
            (admins::role, admins::status).nullable(),
        ))
        .first(conn)
        .optional()
}

/// Which keys a caller may see: their own, and those of admins whose role is in
/// `owner_roles`; keys without an owner (revoked with a deleted admin) only with
/// `ownerless`.
#[derive(Debug, Clone)]
pub struct Visible {
    pub admin_id: String,
    pub owner_roles: Vec<&'static str>,
    pub ownerless: bool,
}

/// Revokes every live key an admin owns (when the admin is deleted).
pub fn revoke_created_by(
    conn: &mut DbConn,
    admin_id: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    let ids: Vec<String> = api_keys::table
        .filter(api_keys::created_by.eq(admin_id))
        .filter(api_keys::revoked_at.is_null())
        .select(api_keys::id)
        .load(conn)?;
    diesel::update(api_keys::table.filter(api_keys::id.eq_any(&ids)))
        .set(api_keys::revoked_at.eq(now))
        .execute(conn)?;
    Ok(ids)
}

pub fn list(
    conn: &mut DbConn,
    visible: &Visible,
    include_revoked: bool,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<(ApiKeyRow, Owner)>, i64)> {
    let base = || {
        let mut q = api_keys::table.left_join(admins::table).into_boxed();
        if !include_revoked {
            q = q.filter(api_keys::revoked_at.is_null());
        }
        let mine = api_keys::created_by.eq(visible.admin_id.clone());
        let below = admins::role.nullable().eq_any(visible.owner_roles.clone());
        if visible.ownerless {
            q.filter(mine.or(below).or(api_keys::created_by.is_null()))
        } else {
            q.filter(mine.or(below))
        }
    };
    let total = base().count().get_result(conn)?;
    let rows = base()
        .select((
            ApiKeyRow::as_select(),
            (admins::role, admins::status).nullable(),
        ))
        .order((api_keys::created_at.desc(), api_keys::id.desc()))
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok((rows, total))
}

pub fn revoke(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        api_keys::table
            .find(id)
            .filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(now))
    .execute(conn)
}

pub fn touch(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(api_keys::table.find(id))
        .set(api_keys::last_used_at.eq(now))
        .execute(conn)
}
