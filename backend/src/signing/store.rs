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

/// Every key of a product, oldest first.
pub fn for_product(conn: &mut DbConn, product_id: &str) -> QueryResult<Vec<SigningKeyRow>> {
    signing_keys::table
        .filter(signing_keys::product_id.eq(product_id))
        .order((signing_keys::created_at.asc(), signing_keys::id.asc()))
        .select(SigningKeyRow::as_select())
        .load(conn)
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
    product_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        signing_keys::table
            .filter(signing_keys::product_id.eq(product_id))
            .filter(signing_keys::active.eq(true)),
    )
    .set((
        signing_keys::active.eq(false),
        signing_keys::retired_at.eq(now),
    ))
    .execute(conn)
}
