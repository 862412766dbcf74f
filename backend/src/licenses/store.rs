use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Text, Timestamp};

use super::model::{LicenseRow, Names};
use super::status::LicenseStatus;
use crate::db::{self, lower, DbConn};
use crate::http::pagination::{capped_total, Sort, COUNT_CAP};
use crate::schema::{activations, customers, licenses, products, retired_license_keys};

/// Rows per INSERT: keeps SQLite under its bound-parameter limit.
const INSERT_CHUNK: usize = 1000;

pub fn insert_many(conn: &mut DbConn, rows: &[LicenseRow]) -> QueryResult<()> {
    for chunk in rows.chunks(INSERT_CHUNK) {
        // Multi-row inserts do not compile on the MultiConnection enum; use the inner one.
        match conn {
            DbConn::Sqlite(c) => diesel::insert_into(licenses::table)
                .values(chunk)
                .execute(c)?,
            DbConn::Pg(c) => diesel::insert_into(licenses::table)
                .values(chunk)
                .execute(c)?,
        };
    }
    Ok(())
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<LicenseRow>> {
    licenses::table
        .find(id)
        .select(LicenseRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_key(conn: &mut DbConn, key: &str) -> QueryResult<Option<LicenseRow>> {
    licenses::table
        .filter(licenses::license_key.eq(key))
        .select(LicenseRow::as_select())
        .first(conn)
        .optional()
}

/// Locks a license row until the end of the transaction, then reads it. Activations check
/// and change the slot count under this lock: on PostgreSQL the no-op UPDATE takes the row
/// lock (so concurrent activations of one license, from any process, queue here and each
/// sees the one before it); on SQLite [`crate::db::write_tx`] already holds the write lock.
pub fn lock_by_key(conn: &mut DbConn, key: &str) -> QueryResult<Option<LicenseRow>> {
    diesel::update(licenses::table.filter(licenses::license_key.eq(key)))
        .set(licenses::activations_used.eq(licenses::activations_used))
        .execute(conn)?;
    find_by_key(conn, key)
}

/// [`lock_by_key`] by id.
pub fn lock(conn: &mut DbConn, id: &str) -> QueryResult<Option<LicenseRow>> {
    diesel::update(licenses::table.find(id))
        .set(licenses::activations_used.eq(licenses::activations_used))
        .execute(conn)?;
    find(conn, id)
}

/// Moves the active-activation count by `delta` and marks the license changed, so an admin
/// action that read the license before (see [`update_if_unchanged`]) does not overwrite it.
pub fn add_activations_used(
    conn: &mut DbConn,
    id: &str,
    delta: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(licenses::table.find(id))
        .set((
            licenses::activations_used.eq(licenses::activations_used + delta),
            licenses::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Which of `keys` are taken, by a license or by a deleted license (keys are never reused).
pub fn taken_keys(conn: &mut DbConn, keys: &[String]) -> QueryResult<Vec<String>> {
    let mut taken: Vec<String> = db::lookup_pairs(conn, "licenses", "license_key", "id", keys)?
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    taken.extend(
        db::lookup_pairs(
            conn,
            "retired_license_keys",
            "license_key",
            "license_key",
            keys,
        )?
        .into_iter()
        .map(|(k, _)| k),
    );
    Ok(taken)
}

pub fn names(conn: &mut DbConn, row: &LicenseRow) -> QueryResult<Names> {
    let product_name = products::table
        .find(&row.product_id)
        .select(products::name)
        .first(conn)?;
    let (customer_email, customer_name) = match &row.customer_id {
        Some(id) => customers::table
            .find(id)
            .select((customers::email, customers::name))
            .first::<(String, Option<String>)>(conn)
            .optional()?
            .map(|(e, n)| (Some(e), n))
            .unwrap_or((None, None)),
        None => (None, None),
    };
    Ok(Names {
        product_name,
        customer_email,
        customer_name,
    })
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = licenses)]
pub struct LicenseChanges {
    pub customer_id: Option<Option<String>>,
    pub max_activations: Option<Option<i64>>,
    pub activations_used: Option<i64>,
    pub expires_at: Option<Option<NaiveDateTime>>,
    pub validity_days: Option<Option<i64>>,
    pub assigned_at: Option<Option<NaiveDateTime>>,
    pub suspended_at: Option<Option<NaiveDateTime>>,
    pub suspend_reason: Option<Option<String>>,
    pub revoked_at: Option<Option<NaiveDateTime>>,
    pub revoke_reason: Option<Option<String>>,
    pub notes: Option<Option<String>>,
    pub metadata: Option<String>,
    pub updated_at: Option<NaiveDateTime>,
}

/// Applies `changes` only if the row is as it was read (`updated_at` unchanged), so two
/// concurrent actions on one license cannot both act on the same old state. `None` when
/// the row moved on.
pub fn update_if_unchanged(
    conn: &mut DbConn,
    before: &LicenseRow,
    changes: &LicenseChanges,
) -> QueryResult<Option<LicenseRow>> {
    let n = diesel::update(
        licenses::table
            .filter(licenses::id.eq(&before.id))
            .filter(licenses::updated_at.eq(before.updated_at)),
    )
    .set(changes)
    .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    find(conn, &before.id)
}

/// Deactivates every active activation of a license; returns how many.
pub fn deactivate_all(
    conn: &mut DbConn,
    license_id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        activations::table
            .filter(activations::license_id.eq(license_id))
            .filter(activations::status.eq("active")),
    )
    .set((
        activations::status.eq("inactive"),
        activations::deactivated_at.eq(now),
        activations::deactivation_reason.eq(reason),
    ))
    .execute(conn)
}

pub fn delete(conn: &mut DbConn, row: &LicenseRow, now: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(retired_license_keys::table)
        .values((
            retired_license_keys::license_key.eq(&row.license_key),
            retired_license_keys::retired_at.eq(now),
        ))
        .execute(conn)?;
    diesel::delete(licenses::table.find(&row.id)).execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<LicenseStatus>,
    pub product_id: Option<String>,
    pub customer_id: Option<String>,
    /// A LIKE pattern (lower-cased, escaped) over key and customer email.
    pub search: Option<String>,
    pub expires_before: Option<NaiveDateTime>,
    pub expires_after: Option<NaiveDateTime>,
    /// "Now" for the time-based statuses.
    pub now: NaiveDateTime,
}

/// The filters on the license's own columns (all but the search, which reads the owner's
/// email), for a boxed query over `licenses` alone or joined.
macro_rules! own_filters {
    ($q:expr, $f:expr) => {
        own_filters!($q, $f, false)
    };
    // `walk`: the state is tested on each row read, never looked up through its index.
    ($q:expr, $f:expr, $walk:expr) => {{
        let (mut q, f, walk): (_, &Filter, bool) = ($q, $f, $walk);
        if let Some(v) = &f.product_id {
            q = q.filter(licenses::product_id.eq(v.clone()));
        }
        if let Some(v) = &f.customer_id {
            q = q.filter(licenses::customer_id.eq(v.clone()));
        }
        if let Some(v) = f.expires_before {
            q = q.filter(licenses::expires_at.lt(v));
        }
        if let Some(v) = f.expires_after {
            q = q.filter(licenses::expires_at.gt(v));
        }
        // The derived status, in SQL: the stored `state` (the status but for expiry, kept
        // by the database) and the expiry date.
        if let Some(status) = f.status {
            let now = f.now;
            let unexpired = licenses::expires_at
                .is_null()
                .or(licenses::expires_at.gt(now));
            q = match status {
                LicenseStatus::Revoked | LicenseStatus::Suspended => {
                    q.filter(licenses::state.eq(status.as_str()))
                }
                // `NOT IN`: read along the expiry index, not the state's.
                LicenseStatus::Expired => q
                    .filter(licenses::state.ne_all([
                        LicenseStatus::Revoked.as_str(),
                        LicenseStatus::Suspended.as_str(),
                    ]))
                    .filter(licenses::expires_at.le(now)),
                LicenseStatus::Available | LicenseStatus::Assigned | LicenseStatus::Active
                    if walk =>
                {
                    q.filter(sql::<Text>("(licenses.state || '')").eq(status.as_str()))
                        .filter(unexpired)
                }
                LicenseStatus::Available | LicenseStatus::Assigned | LicenseStatus::Active => q
                    .filter(licenses::state.eq(status.as_str()))
                    .filter(unexpired),
            };
        }
        q
    }};
}

macro_rules! filtered {
    ($f:expr) => {
        filtered!($f, false)
    };
    ($f:expr, $walk:expr) => {{
        let f = $f;
        let mut q = own_filters!(
            licenses::table
                .inner_join(products::table)
                .left_join(customers::table)
                .into_boxed(),
            f,
            $walk
        );
        if let Some(p) = &f.search {
            q = q.filter(
                lower(licenses::license_key.nullable())
                    .like(p.clone())
                    .escape('\\')
                    .or(customers::email.nullable().like(p.clone()).escape('\\')),
            );
        }
        q
    }};
}

pub type ListedRow = (LicenseRow, String, Option<String>, Option<String>);

/// The list's order for `sort`; every order ends on `id`, so pages never overlap.
macro_rules! sorted {
    ($q:expr, $sort:expr) => {{
        let (q, sort) = ($q, $sort);
        match (sort.field.as_str(), sort.descending) {
            ("key", false) => q.order((licenses::license_key.asc(), licenses::id.asc())),
            ("key", true) => q.order((licenses::license_key.desc(), licenses::id.desc())),
            // Perpetual licenses (no expiry) sort last both ways.
            ("expires_at", false) => q.order((
                licenses::expires_at.is_null(),
                licenses::expires_at.asc(),
                licenses::id.asc(),
            )),
            ("expires_at", true) => q.order((
                licenses::expires_at.is_null(),
                licenses::expires_at.desc(),
                licenses::id.desc(),
            )),
            (_, false) => q.order((licenses::created_at.asc(), licenses::id.asc())),
            (_, true) => q.order((licenses::created_at.desc(), licenses::id.desc())),
        }
    }};
}

/// What the status of each of a customer's licenses is derived from: (revoked, suspended,
/// expires, active activations). One read through the customer's index.
pub type OwnedFacts = (
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    i64,
);

pub fn status_facts_of_customer(
    conn: &mut DbConn,
    customer_id: &str,
) -> QueryResult<Vec<OwnedFacts>> {
    licenses::table
        .filter(licenses::customer_id.eq(customer_id))
        .select((
            licenses::revoked_at,
            licenses::suspended_at,
            licenses::expires_at,
            licenses::activations_used,
        ))
        .load(conn)
}

/// The number of matching licenses, and whether it was capped at [`COUNT_CAP`]: at most
/// that many index entries are read.
pub fn count(conn: &mut DbConn, f: &Filter) -> QueryResult<(i64, bool)> {
    let one = sql::<Integer>("1");
    let found: Vec<i32> = if f.search.is_some() {
        filtered!(f).select(one).limit(COUNT_CAP + 1).load(conn)?
    } else {
        // Every license has its product (a foreign key), and only the search reads the
        // owner: without it the joins change nothing but the cost of counting.
        own_filters!(licenses::table.into_boxed(), f)
            .select(one)
            .limit(COUNT_CAP + 1)
            .load(conn)?
    };
    Ok(capped_total(found.len() as i64))
}

/// The order of a page's ids. An expiry sort under a filter that rules perpetual licenses
/// out reads the plain expiry index.
macro_rules! page_ids {
    ($q:expr, $f:expr, $sort:expr) => {{
        let (q, f, sort): (_, &Filter, &Sort) = ($q, $f, $sort);
        let finite = f.expires_before.is_some()
            || f.expires_after.is_some()
            || f.status == Some(LicenseStatus::Expired);
        match (sort.field.as_str(), sort.descending) {
            ("expires_at", false) if finite => {
                q.order((licenses::expires_at.asc(), licenses::id.asc()))
            }
            ("expires_at", true) if finite => {
                q.order((licenses::expires_at.desc(), licenses::id.desc()))
            }
            _ => sorted!(q, sort),
        }
    }};
}

/// Pages up to this size are read as ids first (from an index, so deep pages skip index
/// entries rather than rows), then the rows of those ids.
const IDS_FIRST: i64 = 1000;

pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    sort: &Sort,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<ListedRow>> {
    let columns = (
        LicenseRow::as_select(),
        products::name,
        customers::email.nullable(),
        customers::name.nullable(),
    );
    if limit > IDS_FIRST {
        return sorted!(filtered!(f).select(columns), sort)
            .offset(offset)
            .limit(limit)
            .load(conn);
    }
    let walk = sort.field != "created_at";
    // Sorted by anything but creation, a common state (available, assigned, active) is
    // tested on each row along the sort's index, which fills a page within a few hundred
    // rows, rather than every license of that state fetched and sorted (which SQLite,
    // without statistics, would choose).
    let ids: Vec<String> = if f.search.is_some() {
        page_ids!(filtered!(f, walk).select(licenses::id), f, sort)
            .offset(offset)
            .limit(limit)
            .load(conn)?
    } else {
        let own = own_filters!(licenses::table.into_boxed(), f, walk).select(licenses::id);
        page_ids!(own, f, sort)
            .offset(offset)
            .limit(limit)
            .load(conn)?
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows: Vec<ListedRow> = licenses::table
        .inner_join(products::table)
        .left_join(customers::table)
        .filter(licenses::id.eq_any(&ids))
        .select(columns)
        .load(conn)?;
    let at: std::collections::HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    rows.sort_by_key(|(l, ..)| at.get(l.id.as_str()).copied());
    Ok(rows)
}

/// Where the previous page of an export ended: the sort values of its last row.
#[derive(Debug, Clone)]
pub struct Cursor {
    pub id: String,
    pub key: String,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
}

/// The page after `after` in the list's order (keyset paging): each page starts where the
/// last one ended, through the sort's index, so reading a million rows costs the same per
/// page from the first to the last (OFFSET would rescan every earlier row each time).
pub fn list_after(
    conn: &mut DbConn,
    f: &Filter,
    sort: &Sort,
    after: Option<&Cursor>,
    limit: i64,
) -> QueryResult<Vec<ListedRow>> {
    let mut q = filtered!(f).select((
        LicenseRow::as_select(),
        products::name,
        customers::email.nullable(),
        customers::name.nullable(),
    ));
    if let Some(c) = after {
        let id = c.id.clone();
        q = match (sort.field.as_str(), sort.descending, c.expires_at) {
            ("key", false, _) => q.filter(licenses::license_key.gt(c.key.clone())),
            ("key", true, _) => q.filter(licenses::license_key.lt(c.key.clone())),
            // Perpetual licenses come last both ways.
            ("expires_at", false, Some(e)) => q.filter(
                licenses::expires_at
                    .gt(e)
                    .or(licenses::expires_at.eq(e).and(licenses::id.gt(id)))
                    .or(licenses::expires_at.is_null()),
            ),
            ("expires_at", true, Some(e)) => q.filter(
                licenses::expires_at
                    .lt(e)
                    .or(licenses::expires_at.eq(e).and(licenses::id.lt(id)))
                    .or(licenses::expires_at.is_null()),
            ),
            ("expires_at", false, None) => q
                .filter(licenses::expires_at.is_null())
                .filter(licenses::id.gt(id)),
            ("expires_at", true, None) => q
                .filter(licenses::expires_at.is_null())
                .filter(licenses::id.lt(id)),
            // A row-value comparison, so both backends read on along the
            // `(created_at, id)` index; an OR of the two columns makes them scan.
            (_, descending, _) => q.filter(
                sql::<Bool>(if descending {
                    "(licenses.created_at, licenses.id) < ("
                } else {
                    "(licenses.created_at, licenses.id) > ("
                })
                .bind::<Timestamp, _>(c.created_at)
                .sql(", ")
                .bind::<Text, _>(id)
                .sql(")"),
            ),
        };
    }
    sorted!(q, sort).limit(limit).load(conn)
}
