use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::ProductRow;
use crate::db::{lower, DbConn};
use crate::paging::Sort;
use crate::schema::{licenses, products};

pub fn insert(conn: &mut DbConn, row: &ProductRow) -> QueryResult<()> {
    diesel::insert_into(products::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<ProductRow>> {
    products::table
        .find(id)
        .select(ProductRow::as_select())
        .first(conn)
        .optional()
}

/// By id or slug (CSV imports name products either way).
pub fn find_by_id_or_slug(conn: &mut DbConn, key: &str) -> QueryResult<Option<ProductRow>> {
    products::table
        .filter(products::id.eq(key).or(products::slug.eq(key)))
        .select(ProductRow::as_select())
        .first(conn)
        .optional()
}

pub fn slug_taken(conn: &mut DbConn, slug: &str, except_id: Option<&str>) -> QueryResult<bool> {
    let mut q = products::table.filter(products::slug.eq(slug)).into_boxed();
    if let Some(id) = except_id {
        q = q.filter(products::id.ne(id.to_string()));
    }
    Ok(q.count().get_result::<i64>(conn)? > 0)
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = products)]
pub struct ProductChanges {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: Option<Option<String>>,
    pub status: Option<String>,
    pub max_activations: Option<Option<i64>>,
    pub validity_days: Option<Option<i64>>,
    pub send_license_email: Option<bool>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn update(conn: &mut DbConn, id: &str, changes: &ProductChanges) -> QueryResult<ProductRow> {
    diesel::update(products::table.find(id))
        .set(changes)
        .execute(conn)?;
    products::table
        .find(id)
        .select(ProductRow::as_select())
        .first(conn)
}

pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(products::table.find(id)).execute(conn)
}

pub fn license_count(conn: &mut DbConn, id: &str) -> QueryResult<i64> {
    licenses::table
        .filter(licenses::product_id.eq(id))
        .count()
        .get_result(conn)
}

pub fn license_counts(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, i64)>> {
    licenses::table
        .filter(licenses::product_id.eq_any(ids))
        .group_by(licenses::product_id)
        .select((licenses::product_id, diesel::dsl::count_star()))
        .load(conn)
}

#[derive(Debug, Default)]
pub struct ListFilter {
    pub search: Option<String>,
    pub status: Option<String>,
}

macro_rules! filtered {
    ($f:expr) => {{
        let f = $f;
        let mut q = products::table.into_boxed();
        if let Some(pattern) = &f.search {
            q = q.filter(
                lower(products::name.nullable())
                    .like(pattern.clone())
                    .escape('\\')
                    .or(products::slug.like(pattern.clone()).escape('\\')),
            );
        }
        if let Some(status) = &f.status {
            q = q.filter(products::status.eq(status.clone()));
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
) -> QueryResult<(Vec<ProductRow>, i64)> {
    let total = filtered!(f).count().get_result::<i64>(conn)?;
    let q = filtered!(f).select(ProductRow::as_select());
    let q = match (sort.field.as_str(), sort.descending) {
        ("name", false) => q.order((lower(products::name.nullable()).asc(), products::id.asc())),
        ("name", true) => q.order((lower(products::name.nullable()).desc(), products::id.desc())),
        ("slug", false) => q.order((products::slug.asc(), products::id.asc())),
        ("slug", true) => q.order((products::slug.desc(), products::id.desc())),
        (_, false) => q.order((products::created_at.asc(), products::id.asc())),
        (_, true) => q.order((products::created_at.desc(), products::id.desc())),
    };
    Ok((q.offset(offset).limit(limit).load(conn)?, total))
}
