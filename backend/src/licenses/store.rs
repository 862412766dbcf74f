use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Nullable, Text, Timestamp};

use super::model::{LicenseRow, Names};
use super::status::LicenseStatus;
use crate::customers::store as customers_store;
use crate::db::condition::SqlCondition;
use crate::db::{self, DbConn};
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
    /// Trimmed, non-empty search text: the start of a key, or part of the owner's name or
    /// email (both in any case).
    pub search: Option<String>,
    pub expires_before: Option<NaiveDateTime>,
    pub expires_after: Option<NaiveDateTime>,
    /// "Now" for the time-based statuses.
    pub now: NaiveDateTime,
}

/// The filters on the license's own columns (all but the search, which reads the owners'
/// search index), for a boxed query over `licenses` alone or joined.
macro_rules! own_filters {
    ($q:expr, $conn:expr, $f:expr) => {
        own_filters!($q, $conn, $f, None)
    };
    // `walk`: the sort field whose order is read; the state is tested on each row read,
    // never looked up through its index. On SQLite, which keeps no statistics and would
    // otherwise pick whichever index an equality names (and fetch and sort half a million
    // rows for a page), so are the product and (unless that is the order) the expiry;
    // PostgreSQL's planner weighs those by its statistics.
    ($q:expr, $conn:expr, $f:expr, $walk:expr) => {{
        let (mut q, f, walk): (_, &Filter, Option<&str>) = ($q, $f, $walk);
        let sqlite = matches!($conn, DbConn::Sqlite(_));
        // Suspended and revoked licenses are the exceptions: their state's index finds
        // them sooner than the product's.
        let rare_state = matches!(
            f.status,
            Some(LicenseStatus::Suspended | LicenseStatus::Revoked)
        );
        if let Some(v) = &f.product_id {
            q = if sqlite && (walk.is_some() || rare_state) {
                q.filter(sql::<Text>("(licenses.product_id || '')").eq(v.clone()))
            } else {
                q.filter(licenses::product_id.eq(v.clone()))
            };
        }
        if let Some(v) = &f.customer_id {
            q = q.filter(licenses::customer_id.eq(v.clone()));
        }
        let expiry_walked = sqlite && walk.is_some_and(|field| field != "expires_at");
        // The same column behind a COALESCE, which neither backend reads through an index.
        let unindexed_expiry =
            sql::<Nullable<Timestamp>>("COALESCE(licenses.expires_at, licenses.expires_at)");
        if let Some(v) = f.expires_before {
            q = if expiry_walked {
                q.filter(unindexed_expiry.clone().lt(v))
            } else {
                q.filter(licenses::expires_at.lt(v))
            };
        }
        if let Some(v) = f.expires_after {
            q = if expiry_walked {
                q.filter(unindexed_expiry.gt(v))
            } else {
                q.filter(licenses::expires_at.gt(v))
            };
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
                    if walk.is_some() =>
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

/// Every filter of `f` on a boxed query over `licenses` (alone or joined), the owners of
/// a search found as `owners` says.
macro_rules! filtered {
    ($q:expr, $conn:expr, $f:expr, $owners:expr) => {{
        let f: &Filter = $f;
        let mut q = own_filters!($q, $conn, f);
        if let Some(term) = &f.search {
            q = q.filter(search_condition($conn, term, $owners));
        }
        q
    }};
}

/// How a search finds the owners whose name or email holds the term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owners {
    /// The first this many found through the customers' search index, for a count that
    /// stops at its cap: a common term matches a hundred thousand customers, whose
    /// licenses number far more than the cap.
    First(i64),
    /// All of them, through the customers' search index.
    All,
    /// Each license's owner tested as the rows are read along the sort's index; so is the
    /// key, never looked up through its index.
    Walk,
}

/// The search as SQL: licenses whose key starts with the term, or whose owner's name or
/// email contains it (both in any case).
fn search_condition(conn: &DbConn, term: &str, owners: Owners) -> SqlCondition {
    let key = if owners == Owners::Walk {
        "(lower(licenses.license_key) || '')"
    } else {
        "lower(licenses.license_key)"
    };
    // Byte order on both backends (SQLite's own; PostgreSQL's "C", which its index keeps),
    // in which the keys starting with a prefix are one range.
    let key = match conn {
        DbConn::Pg(_) => format!("{key} COLLATE \"C\""),
        DbConn::Sqlite(_) => key.to_string(),
    };
    let keys = key_prefix_range(term).map(|(from, to)| {
        SqlCondition::new(format!("{key} >= "))
            .bind(from)
            .sql(&format!(" AND {key} < "))
            .bind(to)
    });
    // Fewer than three characters are too common a substring for any index to help, so a
    // short term only finds keys.
    let by_owner = (term.chars().count() >= OWNER_SEARCH_MIN).then(|| match owners {
        Owners::Walk => SqlCondition::new(
            "EXISTS (SELECT 1 FROM customers WHERE customers.id = licenses.customer_id AND ",
        )
        .then(customers_store::matches_sql(conn, term))
        // PostgreSQL would otherwise gather every matching customer into a hash first.
        .sql(match conn {
            DbConn::Pg(_) => " OFFSET 0)",
            DbConn::Sqlite(_) => ")",
        }),
        // On PostgreSQL as an array, which its planner probes the owner index with (an
        // `IN` subquery it answers by hashing and scanning every license).
        Owners::First(_) | Owners::All => {
            let first = match owners {
                Owners::First(n) => Some(n),
                _ => None,
            };
            let (open, close) = match conn {
                DbConn::Pg(_) => ("licenses.customer_id = ANY (ARRAY(", "))"),
                DbConn::Sqlite(_) => ("licenses.customer_id IN (", ")"),
            };
            SqlCondition::new(open)
                .then(customers_store::matching_ids(conn, term, first))
                .sql(close)
        }
    });
    match (keys, by_owner) {
        (Some(k), Some(o)) => SqlCondition::new("(").then(k).sql(" OR ").then(o).sql(")"),
        (Some(only), None) | (None, Some(only)) => SqlCondition::new("(").then(only).sql(")"),
        (None, None) => SqlCondition::new("1 = 0"),
    }
}

/// The shortest search that also looks at the owners' names and emails.
pub const OWNER_SEARCH_MIN: usize = 3;

/// The lower-cased keys that start with `term`: `[from, to)`; `None` when no key can
/// (keys are printable ASCII without spaces).
fn key_prefix_range(term: &str) -> Option<(String, String)> {
    let from = term.to_ascii_lowercase();
    if from.is_empty() || !from.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    let mut to = from.clone().into_bytes();
    // At most `~` (0x7E), so one more is still a single ASCII byte.
    *to.last_mut()? += 1;
    Some((from, String::from_utf8(to).ok()?))
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
    let Some(term) = &f.search else {
        return count_with(conn, f, Owners::All);
    };
    // The licenses of the first owners found usually pass the cap; when they do not, and
    // those were not all the owners, all of them are counted.
    let first = count_with(conn, f, Owners::First(COUNT_CAP + 1))?;
    let owners = customers_store::Filter {
        search: Some(term.clone()),
    };
    if first.1
        || term.chars().count() < OWNER_SEARCH_MIN
        || !customers_store::count(conn, &owners)?.1
    {
        return Ok(first);
    }
    count_with(conn, f, Owners::All)
}

fn count_with(conn: &mut DbConn, f: &Filter, owners: Owners) -> QueryResult<(i64, bool)> {
    let found: Vec<i32> = filtered!(licenses::table.into_boxed(), conn, f, owners)
        .select(sql::<Integer>("1"))
        .limit(COUNT_CAP + 1)
        .load(conn)?;
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

/// Up to this many matches, a filtered list (or search) finds them all through the
/// filters' indexes and sorts them; with more, walking the sort's order and testing each
/// row fills a page sooner.
const FEW_MATCHES: i64 = COUNT_CAP;

/// One page. `matches` (the number of matches, `i64::MAX` past the count's cap, when
/// known) chooses a search's road.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    sort: &Sort,
    offset: i64,
    limit: i64,
    matches: Option<i64>,
) -> QueryResult<Vec<ListedRow>> {
    let columns = (
        LicenseRow::as_select(),
        products::name,
        customers::email.nullable(),
        customers::name.nullable(),
    );
    if limit > IDS_FIRST {
        let joined = licenses::table
            .inner_join(products::table)
            .left_join(customers::table)
            .into_boxed();
        return sorted!(
            filtered!(joined, conn, f, Owners::All).select(columns),
            sort
        )
        .offset(offset)
        .limit(limit)
        .load(conn);
    }
    let matches = match (&f.search, matches) {
        (_, Some(n)) => Some(n),
        (None, None) => None,
        (Some(_), None) => match count(conn, f)? {
            (_, true) => Some(i64::MAX),
            (n, false) => Some(n),
        },
    };
    // The filters with an index of their own (the state's is read in its order instead).
    let indexed = f.search.is_some()
        || f.product_id.is_some()
        || f.customer_id.is_some()
        || f.expires_before.is_some()
        || f.expires_after.is_some();
    let ids: Vec<String> = if indexed && matches.is_some_and(|n| n <= FEW_MATCHES) {
        let all: Vec<String> = filtered!(licenses::table.into_boxed(), conn, f, Owners::All)
            .select(licenses::id)
            .load(conn)?;
        let q = licenses::table
            .select(licenses::id)
            .filter(licenses::id.eq_any(all))
            .into_boxed();
        sorted!(q, sort).offset(offset).limit(limit).load(conn)?
    } else {
        // Sorted by anything but creation, a common state (available, assigned, active) is
        // tested on each row along the sort's index, which fills a page within a few
        // hundred rows, rather than every license of that state fetched and sorted (which
        // SQLite, without statistics, would choose). So is a search with many matches.
        let walked = (sort.field != "created_at").then_some(sort.field.as_str());
        let mut own = own_filters!(licenses::table.into_boxed(), conn, f, walked);
        if let Some(term) = &f.search {
            own = own.filter(search_condition(conn, term, Owners::Walk));
        }
        page_ids!(own.select(licenses::id), f, sort)
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
    let joined = licenses::table
        .inner_join(products::table)
        .left_join(customers::table)
        .into_boxed();
    let mut q = filtered!(joined, conn, f, Owners::Walk).select((
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
