//! Reading licenses (one, a page, an owner's summary) and the locks and counters other
//! features use; making and changing them is in `creation`, `lifecycle` and `assignment`.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::model::*;
use super::status::{LicenseStatus, StatusFacts};
use super::store::{self, Filter};
use crate::db::{time, DbConn};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::paging::{PageMeta, Paging, Sort};

pub(super) fn not_found() -> ApiError {
    ApiError::not_found("License")
}

pub(super) fn invalid(detail: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidTransition, detail)
}

pub(super) fn changed_meanwhile() -> ApiError {
    ApiError::conflict("The license changed while this request ran; reload it and try again.")
}

pub fn get_row(conn: &mut DbConn, id: &str) -> ApiResult<LicenseRow> {
    store::find(conn, id)?.ok_or_else(not_found)
}

/// Locks the license with this key for the rest of the transaction and reads it; see
/// [`store::lock_by_key`]. Every change of a license, or of its activations, takes this
/// lock first: one lock order (the license, then its activations) for every writer, so
/// they queue instead of deadlocking on PostgreSQL.
pub fn lock_by_key(conn: &mut DbConn, key: &str) -> ApiResult<Option<LicenseRow>> {
    Ok(store::lock_by_key(conn, key)?)
}

/// [`lock_by_key`] by id.
pub fn lock(conn: &mut DbConn, id: &str) -> ApiResult<LicenseRow> {
    store::lock(conn, id)?.ok_or_else(not_found)
}

/// Counts an activation taking (`+1`) or freeing (`-1`) a slot; call under [`lock`].
pub fn count_activation(
    conn: &mut DbConn,
    id: &str,
    delta: i64,
    now: NaiveDateTime,
) -> ApiResult<()> {
    Ok(store::add_activations_used(conn, id, delta, now)?)
}

pub fn present(conn: &mut DbConn, row: &LicenseRow, now: NaiveDateTime) -> ApiResult<License> {
    let names = store::names(conn, row)?;
    Ok(License::from_row(row, names, now))
}

pub fn get(conn: &mut DbConn, id: &str) -> ApiResult<License> {
    let row = get_row(conn, id)?;
    present(conn, &row, time::now())
}

pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    sort: &Sort,
    paging: Paging,
) -> ApiResult<(Vec<License>, PageMeta)> {
    if store::too_broad_for_state(conn, filter)? {
        return Err(ApiError::field("search", too_broad_for_state()));
    }
    let (total, capped) = store::count(conn, filter)?;
    let rows = store::list(
        conn,
        filter,
        sort,
        paging.offset(),
        paging.per_page,
        Some(if capped { i64::MAX } else { total }),
    )?;
    let data = rows
        .into_iter()
        .map(|(row, product_name, customer_email, customer_name)| {
            License::from_row(
                &row,
                Names {
                    product_name,
                    customer_email,
                    customer_name,
                },
                filter.now,
            )
        })
        .collect();
    let mut meta = paging.meta(total);
    meta.total_capped = capped;
    Ok((data, meta))
}

/// Why a common search term and a rare status are refused together (422 on `search`).
pub fn too_broad_for_state() -> String {
    format!(
        "more than {} customers' names or emails contain this text, too many to combine with \
         the status suspended or revoked: type more of the name or email, or the start of a key",
        crate::paging::COUNT_CAP
    )
}

/// One page of the filtered list, for the CSV export.
pub fn page(
    conn: &mut DbConn,
    filter: &Filter,
    sort: &Sort,
    offset: i64,
    limit: i64,
) -> ApiResult<Vec<License>> {
    let rows = store::list(conn, filter, sort, offset, limit, None)?;
    Ok(listed(rows, filter.now))
}

fn listed(rows: Vec<store::ListedRow>, now: NaiveDateTime) -> Vec<License> {
    rows.into_iter()
        .map(|(row, product_name, customer_email, customer_name)| {
            License::from_row(
                &row,
                Names {
                    product_name,
                    customer_email,
                    customer_name,
                },
                now,
            )
        })
        .collect()
}

/// A customer's licenses counted by derived status, and their active activations (the
/// licenses' own counters): one read of the customer's licenses, whatever their number,
/// instead of a count per status (SQLite planned the activations count from the status
/// index, scanning every active activation: 4 s at a million).
pub fn owned_summary(
    conn: &mut DbConn,
    customer_id: &str,
    now: NaiveDateTime,
) -> ApiResult<(HashMap<LicenseStatus, i64>, i64)> {
    let mut by_status = HashMap::new();
    let mut active_activations = 0;
    for (revoked_at, suspended_at, expires_at, activations_used) in
        store::status_facts_of_customer(conn, customer_id)?
    {
        let facts = StatusFacts {
            revoked_at,
            suspended_at,
            expires_at,
            owned: true,
            activations_used,
        };
        *by_status
            .entry(LicenseStatus::from_facts(&facts, now))
            .or_insert(0) += 1;
        active_activations += activations_used;
    }
    Ok((by_status, active_activations))
}

/// The page of an export after `after` (the previous page's last license), in the list's
/// order: keyset paging, constant cost per page however deep.
pub fn page_after(
    conn: &mut DbConn,
    filter: &Filter,
    sort: &Sort,
    after: Option<&License>,
    limit: i64,
) -> ApiResult<Vec<License>> {
    let cursor = after.map(|l| store::Cursor {
        id: l.id.clone(),
        key: l.key.clone(),
        created_at: time::from_utc(l.created_at),
        expires_at: l.expires_at.map(time::from_utc),
    });
    let rows = store::list_after(conn, filter, sort, cursor.as_ref(), limit)?;
    Ok(listed(rows, filter.now))
}
