use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::GeneratorRow;
use crate::db::DbConn;
use crate::schema::generators;

pub fn insert(conn: &mut DbConn, row: &GeneratorRow) -> QueryResult<()> {
    diesel::insert_into(generators::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, product_id: &str, id: &str) -> QueryResult<Option<GeneratorRow>> {
    generators::table
        .filter(generators::id.eq(id))
        .filter(generators::product_id.eq(product_id))
        .select(GeneratorRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_any(conn: &mut DbConn, id: &str) -> QueryResult<Option<GeneratorRow>> {
    generators::table
        .find(id)
        .select(GeneratorRow::as_select())
        .first(conn)
        .optional()
}

pub fn list(
    conn: &mut DbConn,
    product_id: &str,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<GeneratorRow>, i64)> {
    let total = generators::table
        .filter(generators::product_id.eq(product_id))
        .count()
        .get_result(conn)?;
    let rows = generators::table
        .filter(generators::product_id.eq(product_id))
        .order((generators::created_at.asc(), generators::id.asc()))
        .select(GeneratorRow::as_select())
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok((rows, total))
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = generators)]
pub struct GeneratorChanges {
    pub name: Option<String>,
    pub format: Option<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub chunk_count: Option<i64>,
    pub chunk_length: Option<i64>,
    pub charset: Option<String>,
    pub separator: Option<String>,
    pub max_activations: Option<Option<i64>>,
    pub validity_days: Option<Option<i64>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn update(
    conn: &mut DbConn,
    id: &str,
    changes: &GeneratorChanges,
) -> QueryResult<GeneratorRow> {
    diesel::update(generators::table.find(id))
        .set(changes)
        .execute(conn)?;
    generators::table
        .find(id)
        .select(GeneratorRow::as_select())
        .first(conn)
}

pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(generators::table.find(id)).execute(conn)
}
