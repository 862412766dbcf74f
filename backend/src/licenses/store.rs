use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Nullable, Text, Timestamp};

use super::model::{LicenseRow, Names};
use super::status::LicenseStatus;
use crate::customers::store as customers_store;
use crate::db::condition::{CountEach, SqlCondition};
use crate::db::{self, DbConn};
use crate::paging::{capped_total, Sort, COUNT_CAP};
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

/// Which index a query's own filters leave to serve it (on SQLite, which keeps no
/// statistics and picks whichever index an equality names; PostgreSQL's planner weighs
/// them by its statistics, so only the common states' walk is written for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Road<'a> {
    /// Any of the filters' indexes.
    Indexes,
    /// The sort field's order, read and each row tested: the state (but for the rare
    /// suspended and revoked, whose own index is in creation order) and, on SQLite, the
    /// product and (unless that is the order) the expiry are never looked up through
    /// their indexes.
    Walk(&'a str),
    /// A search's part through its own index (the key's, or the owners' through the
    /// customer index): on SQLite no other filter is looked up through its index.
    Search,
}

/// The filters on the license's own columns (all but the search, which reads the owners'
/// search index), for a boxed query over `licenses` alone or joined, leaving `road` open.
macro_rules! own_filters {
    ($q:expr, $conn:expr, $f:expr) => {
        own_filters!($q, $conn, $f, Road::Indexes)
    };
    ($q:expr, $conn:expr, $f:expr, $road:expr) => {{
        let (mut q, f, road): (_, &Filter, Road) = ($q, $f, $road);
        let sqlite = matches!($conn, DbConn::Sqlite(_));
        let walk = match road {
            Road::Walk(field) => Some(field),
            _ => None,
        };
        let by_search = sqlite && road == Road::Search;
        // Suspended and revoked licenses are the exceptions: their state's index finds
        // them sooner than the product's.
        let rare_state = matches!(
            f.status,
            Some(LicenseStatus::Suspended | LicenseStatus::Revoked)
        );
        if let Some(v) = &f.product_id {
            q = if sqlite && (walk.is_some() || rare_state || by_search) {
                q.filter(sql::<Text>("(licenses.product_id || '')").eq(v.clone()))
            } else {
                q.filter(licenses::product_id.eq(v.clone()))
            };
        }
        if let Some(v) = &f.customer_id {
            q = q.filter(licenses::customer_id.eq(v.clone()));
        }
        let expiry_walked =
            by_search || (sqlite && walk.is_some_and(|field| field != "expires_at"));
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
                q.filter(unindexed_expiry.clone().gt(v))
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
            let unindexed_state = sql::<Text>("(licenses.state || '')");
            q = match status {
                LicenseStatus::Revoked | LicenseStatus::Suspended if by_search => {
                    q.filter(unindexed_state.eq(status.as_str()))
                }
                LicenseStatus::Revoked | LicenseStatus::Suspended => {
                    q.filter(licenses::state.eq(status.as_str()))
                }
                // `NOT IN`: read along the expiry index, not the state's.
                LicenseStatus::Expired if by_search => q
                    .filter(licenses::state.ne_all([
                        LicenseStatus::Revoked.as_str(),
                        LicenseStatus::Suspended.as_str(),
                    ]))
                    .filter(unindexed_expiry.le(now)),
                LicenseStatus::Expired => q
                    .filter(licenses::state.ne_all([
                        LicenseStatus::Revoked.as_str(),
                        LicenseStatus::Suspended.as_str(),
                    ]))
                    .filter(licenses::expires_at.le(now)),
                // Not even the expiry's index, which SQLite would read twice over for the
                // `OR` (unexpired: no expiry, or a later one).
                LicenseStatus::Available | LicenseStatus::Assigned | LicenseStatus::Active
                    if by_search =>
                {
                    q.filter(unindexed_state.eq(status.as_str())).filter(
                        unindexed_expiry
                            .clone()
                            .is_null()
                            .or(unindexed_expiry.gt(now)),
                    )
                }
                LicenseStatus::Available | LicenseStatus::Assigned | LicenseStatus::Active
                    if walk.is_some() =>
                {
                    q.filter(unindexed_state.eq(status.as_str()))
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
    /// The licenses of the first this many owners found through the customers' search index,
    /// for a count that stops at its cap: a common term matches a hundred thousand
    /// customers, whose licenses number far more than the cap. SQLite only: PostgreSQL
    /// counts owner by owner ([`CountEach`]) and stops at the cap by itself.
    First(i64),
    /// All of them, through the customers' search index.
    All,
    /// Each license's owner tested as the rows are read along the sort's index; so is the
    /// key, never looked up through its index.
    Walk,
}

/// The search as one condition (for a walk, and for pages too long to fetch as ids):
/// licenses whose key starts with the term, or whose owner's name or email contains it
/// (both in any case).
fn search_condition(conn: &DbConn, term: &str, owners: Owners) -> SqlCondition {
    let walk = owners == Owners::Walk;
    let keys = key_condition(conn, term, walk);
    let by_owner = match conn {
        // Under the `OR` PostgreSQL would answer an `IN` subquery by hashing it and scanning
        // every license; an array it probes the owner index with.
        DbConn::Pg(_) if !walk => owner_ids(conn, term, None).map(|ids| {
            SqlCondition::new("licenses.customer_id = ANY (ARRAY(")
                .then(ids)
                .sql("))")
        }),
        _ => owner_condition(conn, term, owners),
    };
    match (keys, by_owner) {
        (Some(k), Some(o)) => SqlCondition::new("(").then(k).sql(" OR ").then(o).sql(")"),
        (Some(only), None) | (None, Some(only)) => SqlCondition::new("(").then(only).sql(")"),
        (None, None) => SqlCondition::new("1 = 0"),
    }
}

/// Licenses whose key starts with the term (`None`: no key can); `walk` writes it so that
/// no index serves it.
fn key_condition(conn: &DbConn, term: &str, walk: bool) -> Option<SqlCondition> {
    let key = if walk {
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
    key_prefix_range(term).map(|(from, to)| {
        SqlCondition::new(format!("{key} >= "))
            .bind(from)
            .sql(&format!(" AND {key} < "))
            .bind(to)
    })
}

/// The ids of the customers whose name or email contains the term (the first `first`
/// found); `None`: too short a term. Fewer than three characters are too common a
/// substring for any index to help, so a short term only finds keys.
fn owner_ids(conn: &DbConn, term: &str, first: Option<i64>) -> Option<SqlCondition> {
    (term.chars().count() >= OWNER_SEARCH_MIN)
        .then(|| customers_store::matching_ids(conn, term, first))
}

/// Licenses whose owner's name or email contains the term, as a condition of its own (not
/// under an `OR`); `None`: too short a term.
fn owner_condition(conn: &DbConn, term: &str, owners: Owners) -> Option<SqlCondition> {
    if owners == Owners::Walk {
        return owner_ids(conn, term, None).map(|_| {
            SqlCondition::new(
                "EXISTS (SELECT 1 FROM customers WHERE customers.id = licenses.customer_id AND ",
            )
            .then(customers_store::matches_sql(conn, term))
            // PostgreSQL would otherwise gather every matching customer into a hash first.
            .sql(match conn {
                DbConn::Pg(_) => " OFFSET 0)",
                DbConn::Sqlite(_) => ")",
            })
        });
    }
    let first = match (owners, conn) {
        (Owners::First(n), DbConn::Sqlite(_)) => Some(n),
        _ => None,
    };
    owner_ids(conn, term, first).map(|ids| {
        SqlCondition::new("licenses.customer_id IN (")
            .then(ids)
            .sql(")")
    })
}

/// Every matching license's id, through the filters' indexes: a search as its two parts,
/// each through its own index.
fn matching_ids(conn: &mut DbConn, f: &Filter) -> QueryResult<Vec<String>> {
    let Some(term) = &f.search else {
        return own_filters!(licenses::table.into_boxed(), conn, f)
            .select(licenses::id)
            .load(conn);
    };
    let mut ids: Vec<String> = Vec::new();
    if let Some(keys) = key_condition(conn, term, false) {
        ids = own_filters!(licenses::table.into_boxed(), conn, f, Road::Search)
            .filter(keys)
            .select(licenses::id)
            .load(conn)?;
    }
    if let Some(owners) = owner_condition(conn, term, Owners::All) {
        let by_owner: Vec<String> =
            own_filters!(licenses::table.into_boxed(), conn, f, Road::Search)
                .filter(owners)
                .select(licenses::id)
                .load(conn)?;
        let by_key: std::collections::HashSet<&String> = ids.iter().collect();
        let others: Vec<String> = by_owner
            .into_iter()
            .filter(|id| !by_key.contains(id))
            .collect();
        ids.extend(others);
    }
    Ok(ids)
}

/// Some license's key starts with `term` (one probe of the key index).
fn any_key_starts(conn: &mut DbConn, term: &str) -> QueryResult<bool> {
    let Some(keys) = key_condition(conn, term, false) else {
        return Ok(false);
    };
    let found: Vec<i32> = licenses::table
        .filter(keys)
        .select(sql::<Integer>("1"))
        .limit(1)
        .load(conn)?;
    Ok(!found.is_empty())
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

/// A search whose term is in more than [`COUNT_CAP`] customers' names or emails, combined
/// with a rare state (suspended, revoked): no index serves "this state and an owner among
/// that many", so every license of the state, or of those owners, would be read for the
/// count (most of a second at a million customers on either backend).
pub fn too_broad_for_state(conn: &mut DbConn, f: &Filter) -> QueryResult<bool> {
    let (Some(term), Some(LicenseStatus::Suspended | LicenseStatus::Revoked)) =
        (&f.search, f.status)
    else {
        return Ok(false);
    };
    if term.chars().count() < OWNER_SEARCH_MIN {
        return Ok(false);
    }
    let owners = customers_store::Filter {
        search: Some(term.clone()),
    };
    Ok(customers_store::count(conn, &owners)?.1)
}

/// The number of matching licenses, and whether it was capped at [`COUNT_CAP`]: at most
/// that many index entries are read.
pub fn count(conn: &mut DbConn, f: &Filter) -> QueryResult<(i64, bool)> {
    let Some(term) = &f.search else {
        return count_where(conn, f, Road::Indexes, None);
    };
    // The licenses of the first owners found usually pass the cap; when they do not, and
    // those were not all the owners, all of them are counted.
    let first = count_search(conn, f, term, Owners::First(COUNT_CAP + 1))?;
    let owners = customers_store::Filter {
        search: Some(term.clone()),
    };
    if first.1
        || matches!(conn, DbConn::Pg(_))
        || term.chars().count() < OWNER_SEARCH_MIN
        || !customers_store::count(conn, &owners)?.1
    {
        return Ok(first);
    }
    count_search(conn, f, term, Owners::All)
}

/// A search's count as two disjoint parts, each read through its own index: the licenses
/// whose key starts with the term, and the others whose owner matches (an `OR` of the two
/// would be one read of neither index).
fn count_search(
    conn: &mut DbConn,
    f: &Filter,
    term: &str,
    owners: Owners,
) -> QueryResult<(i64, bool)> {
    let keys = key_condition(conn, term, false);
    let (by_key, capped) = match &keys {
        Some(k) => count_where(conn, f, Road::Search, Some(k.clone()))?,
        None => (0, false),
    };
    if capped {
        return Ok((by_key, capped));
    }
    let not_by_key = keys.map(|k| SqlCondition::new("NOT (").then(k).sql(")"));
    let by_owner = match conn {
        // Each owner's licenses in turn, from the customers' search index, until the cap.
        DbConn::Pg(_) => match owner_ids(conn, term, None) {
            None => (0, false),
            Some(ids) => {
                let mut each = own_filters!(licenses::table.into_boxed(), conn, f)
                    .filter(SqlCondition::new("licenses.customer_id = o.id"));
                if let Some(c) = not_by_key {
                    each = each.filter(c);
                }
                let query = CountEach {
                    ids,
                    each: each.select(sql::<Integer>("1")),
                    cap: COUNT_CAP + 1,
                };
                capped_total(query.get_result::<i64>(conn)?)
            }
        },
        DbConn::Sqlite(_) => match owner_condition(conn, term, owners) {
            None => (0, false),
            Some(by_owner) => {
                let others = match not_by_key {
                    Some(c) => by_owner.sql(" AND ").then(c),
                    None => by_owner,
                };
                count_where(conn, f, Road::Search, Some(others))?
            }
        },
    };
    Ok(match by_owner {
        (_, true) => (COUNT_CAP, true),
        (n, false) => capped_total(by_key + n),
    })
}

/// The licenses matching `f` (its search aside) and `also`, counted up to the cap.
fn count_where(
    conn: &mut DbConn,
    f: &Filter,
    road: Road,
    also: Option<SqlCondition>,
) -> QueryResult<(i64, bool)> {
    let mut q = own_filters!(licenses::table.into_boxed(), conn, f, road);
    if let Some(c) = also {
        q = q.filter(c);
    }
    let found: Vec<i32> = q
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
        let all = matching_ids(conn, f)?;
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
        let road = if sort.field == "created_at" {
            Road::Indexes
        } else {
            Road::Walk(sort.field.as_str())
        };
        match &f.search {
            // PostgreSQL joins the owners as it walks and remembers each one's answer (a
            // reseller's thousands of licenses are one test, not thousands); that join
            // cannot hold the key's `OR`, so it serves a term no key starts with.
            Some(term) if matches!(conn, DbConn::Pg(_)) && !any_key_starts(conn, term)? => {
                if term.chars().count() < OWNER_SEARCH_MIN {
                    // Too short for the owners, and no key starts with it.
                    Vec::new()
                } else {
                    let joined = licenses::table.inner_join(customers::table).into_boxed();
                    let q = own_filters!(joined, conn, f, road)
                        .filter(customers_store::matches_sql(conn, term));
                    page_ids!(q.select(licenses::id), f, sort)
                        .offset(offset)
                        .limit(limit)
                        .load(conn)?
                }
            }
            search => {
                let mut own = own_filters!(licenses::table.into_boxed(), conn, f, road);
                if let Some(term) = search {
                    own = own.filter(search_condition(conn, term, Owners::Walk));
                }
                page_ids!(own.select(licenses::id), f, sort)
                    .offset(offset)
                    .limit(limit)
                    .load(conn)?
            }
        }
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

/// A customer's licenses counted for their portal dashboard.
pub struct OwnedCounts {
    pub total: i64,
    /// Neither revoked, suspended nor expired.
    pub working: i64,
    /// Working, and expiring by `expiring_by`.
    pub expiring: i64,
}

pub fn owned_counts(
    conn: &mut DbConn,
    customer_id: &str,
    now: NaiveDateTime,
    expiring_by: NaiveDateTime,
) -> QueryResult<OwnedCounts> {
    let owned = || licenses::table.filter(licenses::customer_id.eq(customer_id));
    let working = || {
        owned()
            .filter(licenses::revoked_at.is_null())
            .filter(licenses::suspended_at.is_null())
            .filter(
                licenses::expires_at
                    .is_null()
                    .or(licenses::expires_at.gt(now)),
            )
    };
    Ok(OwnedCounts {
        total: owned().count().get_result(conn)?,
        working: working().count().get_result(conn)?,
        expiring: working()
            .filter(licenses::expires_at.le(expiring_by))
            .count()
            .get_result(conn)?,
    })
}
