use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{ActivationRow, ActivationStatus};
use crate::db::DbConn;
use crate::http::pagination::Sort;
use crate::schema::{activations, licenses, products};

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub license_id: Option<String>,
    pub customer_id: Option<String>,
    pub product_id: Option<String>,
    pub status: Option<ActivationStatus>,
    /// Not verified since this time (never verified counts as stale).
    pub stale_before: Option<NaiveDateTime>,
}

macro_rules! filtered {
    ($f:expr) => {{
        let f = $f;
        let mut q = activations::table
            .inner_join(licenses::table.inner_join(products::table))
            .into_boxed();
        if let Some(v) = &f.license_id {
            q = q.filter(activations::license_id.eq(v.clone()));
        }
        if let Some(v) = &f.customer_id {
            q = q.filter(licenses::customer_id.eq(v.clone()));
        }
        if let Some(v) = &f.product_id {
            q = q.filter(licenses::product_id.eq(v.clone()));
        }
        if let Some(s) = f.status {
            q = q.filter(activations::status.eq(s.as_str()));
        }
        if let Some(t) = f.stale_before {
            q = q.filter(
                activations::last_verified_at
                    .is_null()
                    .or(activations::last_verified_at.lt(t)),
            );
        }
        q
    }};
}

pub type ListedRow = (ActivationRow, String, String, String, Option<String>);

pub fn count(conn: &mut DbConn, f: &Filter) -> QueryResult<i64> {
    filtered!(f).count().get_result(conn)
}

pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    sort: &Sort,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<ListedRow>> {
    let q = filtered!(f).select((
        ActivationRow::as_select(),
        licenses::license_key,
        products::id,
        products::name,
        licenses::customer_id,
    ));
    let q = match (sort.field.as_str(), sort.descending) {
        // Never-verified activations sort last both ways.
        ("last_verified_at", false) => q.order((
            activations::last_verified_at.is_null(),
            activations::last_verified_at.asc(),
            activations::id.asc(),
        )),
        ("last_verified_at", true) => q.order((
            activations::last_verified_at.is_null(),
            activations::last_verified_at.desc(),
            activations::id.desc(),
        )),
        (_, false) => q.order((activations::activated_at.asc(), activations::id.asc())),
        (_, true) => q.order((activations::activated_at.desc(), activations::id.desc())),
    };
    q.offset(offset).limit(limit).load(conn)
}
