//! The dashboard's numbers and the command palette's lookup: reads across customers and
//! licenses, for the admin home screen.

use super::model::{SearchResults, Stats};
use super::store;
use crate::customers::store::Filter as CustomerFilter;
use crate::db::{time, DbConn};
use crate::error::ApiResult;
use crate::paging::Sort;

/// Licenses expiring within this many days count as "expiring soon".
const EXPIRING_WITHIN_DAYS: i64 = 30;

/// The numbers, with licensing traffic for the last `days` UTC days (today included).
pub fn stats(conn: &mut DbConn, days: i64) -> ApiResult<Stats> {
    let now = time::now();
    let soon = now + chrono::Duration::days(EXPIRING_WITHIN_DAYS);
    let today = now.date();
    let first = today - chrono::Duration::days(days - 1);
    let customers = crate::customers::store::total(conn)?;
    let (licenses, expiring_soon, active_activations) = store::license_counts(conn, now, soon)?;
    let usage = store::usage_by_day(conn, first, today)?;
    Ok(Stats {
        customers,
        licenses,
        active_activations,
        expiring_soon,
        expiring_within_days: EXPIRING_WITHIN_DAYS,
        usage,
        generated_at: now.and_utc(),
    })
}

/// Customers whose name or email contains `q`, and licenses whose key starts with it (as
/// typed or upper-cased) or that belong to the customer whose email it is; `limit` of each.
pub fn search(conn: &mut DbConn, q: &str, limit: i64) -> ApiResult<SearchResults> {
    let sort = Sort::parse(None, &["name"], "name")?;
    let customers = crate::customers::service::page(
        conn,
        &CustomerFilter {
            search: Some(q.to_string()),
        },
        &sort,
        0,
        limit,
    )?;

    let now = time::now();
    let mut rows = store::licenses_by_key_prefix(conn, q, limit)?;
    let upper = q.to_uppercase();
    if upper != q && (rows.len() as i64) < limit {
        for row in store::licenses_by_key_prefix(conn, &upper, limit)? {
            if (rows.len() as i64) < limit && !rows.iter().any(|r| r.id == row.id) {
                rows.push(row);
            }
        }
    }
    let mut licenses = Vec::with_capacity(rows.len());
    for row in &rows {
        licenses.push(crate::licenses::service::present(conn, row, now)?);
    }
    if (licenses.len() as i64) < limit && q.contains('@') {
        let owner = match crate::validate::normalize_email(q) {
            Some(email) => crate::customers::store::find_by_email(conn, &email)?,
            None => None,
        };
        if let Some(owner) = owner {
            let filter = crate::licenses::store::Filter {
                customer_id: Some(owner.id),
                now,
                ..Default::default()
            };
            let sort = Sort::parse(None, &["created_at"], "-created_at")?;
            let room = limit - licenses.len() as i64;
            for license in crate::licenses::service::page(conn, &filter, &sort, 0, room)? {
                if !licenses.iter().any(|l| l.id == license.id) {
                    licenses.push(license);
                }
            }
        }
    }
    Ok(SearchResults {
        customers,
        licenses,
    })
}
