use super::model::Activation;
use super::store::{self, Filter};
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::http::pagination::{PageMeta, Paging, Sort};

/// Sort fields an activation list accepts; the default is newest activation first.
pub const SORTS: [&str; 2] = ["last_verified_at", "activated_at"];
pub const DEFAULT_SORT: &str = "-activated_at";

pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    sort: &Sort,
    paging: Paging,
) -> ApiResult<(Vec<Activation>, PageMeta)> {
    let total = store::count(conn, filter)?;
    let data = page(conn, filter, sort, paging.offset(), paging.per_page)?;
    Ok((data, paging.meta(total)))
}

pub fn page(
    conn: &mut DbConn,
    filter: &Filter,
    sort: &Sort,
    offset: i64,
    limit: i64,
) -> ApiResult<Vec<Activation>> {
    Ok(store::list(conn, filter, sort, offset, limit)?
        .into_iter()
        .map(|(row, key, product_id, product_name, customer_id)| {
            Activation::from_row(row, key, product_id, product_name, customer_id)
        })
        .collect())
}
