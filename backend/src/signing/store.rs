use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::SigningKeyRow;
use crate::db::DbConn;
use crate::schema::signing_keys;

pub fn insert(conn: &mut DbConn, row: &SigningKeyRow) -> QueryResult<()> {
    diesel::insert_into(signing_keys::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The keys of one owner: a product, or the server itself (`None`).
fn owned_by(product_id: Option<&str>) -> signing_keys::BoxedQuery<'_, crate::db::MultiBackend> {
    let q = signing_keys::table.into_boxed();
    match product_id {
        Some(p) => q.filter(signing_keys::product_id.eq(p)),
        None => q.filter(signing_keys::product_id.is_null()),
    }
}

/// Every key of a product (or of the server), oldest first.
pub fn keys_of(conn: &mut DbConn, product_id: Option<&str>) -> QueryResult<Vec<SigningKeyRow>> {
    owned_by(product_id)
        .order((signing_keys::created_at.asc(), signing_keys::id.asc()))
        .select(SigningKeyRow::as_select())
        .load(conn)
}

/// The key that signs new answers. Should two server keys ever be active (two processes
/// creating it at once on SQLite, where NULLs escape the unique index), the oldest wins
/// everywhere.
pub fn active_of(
    conn: &mut DbConn,
    product_id: Option<&str>,
) -> QueryResult<Option<SigningKeyRow>> {
    owned_by(product_id)
        .filter(signing_keys::active.eq(true))
        .order((signing_keys::created_at.asc(), signing_keys::id.asc()))
        .select(SigningKeyRow::as_select())
        .first(conn)
        .optional()
}

pub fn for_products(conn: &mut DbConn, product_ids: &[String]) -> QueryResult<Vec<SigningKeyRow>> {
    signing_keys::table
        .filter(signing_keys::product_id.eq_any(product_ids))
        .order((signing_keys::created_at.asc(), signing_keys::id.asc()))
        .select(SigningKeyRow::as_select())
        .load(conn)
}

pub fn retire_active(
    conn: &mut DbConn,
    product_id: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let ids: Vec<String> = owned_by(product_id)
        .filter(signing_keys::active.eq(true))
        .select(signing_keys::id)
        .load(conn)?;
    diesel::update(signing_keys::table.filter(signing_keys::id.eq_any(ids)))
        .set((
            signing_keys::active.eq(false),
            signing_keys::retired_at.eq(now),
        ))
        .execute(conn)
}
