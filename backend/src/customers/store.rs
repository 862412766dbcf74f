use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::model::{CustomerListRow, CustomerRow, SessionRow, TokenRow};
use crate::db::condition::SqlCondition;
use crate::db::{lower, DbConn};
use crate::paging::{capped_total, like_pattern, Sort, COUNT_CAP};
use crate::schema::{
    activations, customer_count, customer_sessions, customer_tokens, customers, email_outbox,
    licenses,
};

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<CustomerRow>> {
    customers::table
        .find(id)
        .select(CustomerRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<CustomerRow>> {
    customers::table
        .filter(customers::email.eq(email))
        .select(CustomerRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, row: &CustomerRow) -> QueryResult<()> {
    diesel::insert_into(customers::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn add_to_license_count(conn: &mut DbConn, id: &str, delta: i64) -> QueryResult<usize> {
    diesel::update(customers::table.find(id))
        .set(customers::license_count.eq(customers::license_count + delta))
        .execute(conn)
}

/// (email, id) of the customers with these emails.
pub fn ids_by_emails(conn: &mut DbConn, emails: &[String]) -> QueryResult<Vec<(String, String)>> {
    crate::db::lookup_pairs(conn, "customers", "email", "id", emails)
}

pub fn insert_many(conn: &mut DbConn, rows: &[CustomerRow]) -> QueryResult<()> {
    for chunk in rows.chunks(1000) {
        // Multi-row inserts do not compile on the MultiConnection enum; use the inner one.
        match conn {
            DbConn::Sqlite(c) => diesel::insert_into(customers::table)
                .values(chunk)
                .execute(c)?,
            DbConn::Pg(c) => diesel::insert_into(customers::table)
                .values(chunk)
                .execute(c)?,
        };
    }
    Ok(())
}

/// How the list is narrowed: a free-text search over name and email.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Trimmed, non-empty search text.
    pub search: Option<String>,
}

/// How many rows of the sort order a search page walks, testing each, before it looks all
/// matches up through the trigram index instead: enough to fill the page if at least one
/// row in [`WALK_SPARSITY`] matches, between [`WALK_MIN`] and [`WALK_MAX`] rows.
const WALK_SPARSITY: i64 = 40;
const WALK_MIN: i64 = 20_000;
const WALK_MAX: i64 = 50_000;

/// Up to this many matches, the trigram index and a sort beat any walk.
const FEW_MATCHES: i64 = 2_000;

/// The list's orders, and the columns a walk along each reads (all in its index). Every
/// order ends on `id` (emails are unique) so pages never overlap; missing names sort last
/// in both directions.
fn order_sql(sort: &Sort) -> (&'static str, &'static str) {
    const NAMES: &str = "id, name, email";
    match (sort.field.as_str(), sort.descending) {
        ("name", false) => ("(name IS NULL), lower(name), id", NAMES),
        ("name", true) => ("(name IS NULL), lower(name) DESC, id DESC", NAMES),
        ("email", false) => ("email", NAMES),
        ("email", true) => ("email DESC", NAMES),
        ("license_count", false) => ("license_count, id", "id, name, email, license_count"),
        ("license_count", true) => (
            "license_count DESC, id DESC",
            "id, name, email, license_count",
        ),
        (_, false) => ("created_at, id", "id, name, email, created_at"),
        (_, true) => ("created_at DESC, id DESC", "id, name, email, created_at"),
    }
}

/// SQLite answers a quoted FTS5 phrase from the `trigram` table, which is a substring
/// match; trigrams need three characters.
fn uses_fts(conn: &DbConn, term: &str) -> bool {
    matches!(conn, DbConn::Sqlite(_)) && term.chars().count() >= 3
}

fn fts_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// Case-insensitive substring match over name and email (binds: the pattern twice).
/// Emails are stored lower-cased; names are folded with `lower()` on PostgreSQL (what its
/// `pg_trgm` index holds) and with `lk_fold()` on SQLite, a Unicode-aware lower-casing
/// registered on each connection (SQLite's own `lower()` folds ASCII only, the FTS5
/// tokenizer all of Unicode).
fn like_sql(conn: &DbConn) -> &'static str {
    match conn {
        DbConn::Sqlite(_) => r"(lk_fold(name) LIKE ? ESCAPE '\' OR email LIKE ? ESCAPE '\')",
        DbConn::Pg(_) => r"(lower(name) LIKE ? ESCAPE '\' OR email LIKE ? ESCAPE '\')",
    }
}

/// Customers whose name or email contains `term`, found as the list's search finds them
/// (the trigram index on SQLite, the `pg_trgm` indexes on PostgreSQL): a subquery of their
/// ids (the first `first` found, or all), for another feature's search over its owners.
pub fn matching_ids(conn: &DbConn, term: &str, first: Option<i64>) -> SqlCondition {
    let limit = first.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
    if uses_fts(conn, term) {
        return SqlCondition::new(
            "SELECT id FROM customers WHERE rowid IN (SELECT rowid FROM customers_search \
             WHERE customers_search MATCH ",
        )
        .bind(fts_phrase(term))
        .sql(&format!("{limit})"));
    }
    SqlCondition::new("SELECT id FROM customers WHERE ")
        .then(matches_sql(conn, term))
        .sql(&limit)
}

/// The customer row in scope has `term` in its name or email (the columns unqualified, so
/// the test reads the innermost `customers`): for a walk along another table's order.
pub fn matches_sql(conn: &DbConn, term: &str) -> SqlCondition {
    let pattern = like_pattern(term);
    let mut like = like_sql(conn).split('?');
    SqlCondition::new(like.next().unwrap_or_default())
        .bind(pattern.clone())
        .sql(like.next().unwrap_or_default())
        .bind(pattern)
        .sql(like.next().unwrap_or_default())
}

enum Arg {
    Text(String),
    Int(i64),
    Time(NaiveDateTime),
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = Text)]
    id: String,
}

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

macro_rules! bound {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for arg in $args {
            q = match arg {
                Arg::Text(s) => q.bind::<Text, _>(s.clone()),
                Arg::Int(n) => q.bind::<BigInt, _>(*n),
                Arg::Time(t) => q.bind::<diesel::sql_types::Timestamp, _>(*t),
            };
        }
        q
    }};
}

/// Runs a search query written with `?` placeholders on either backend (PostgreSQL
/// numbers them). These few queries are raw SQL: the walk selects from a subquery, which
/// diesel's query builder cannot express.
fn load<T>(conn: &mut DbConn, sql: &str, args: &[Arg]) -> QueryResult<Vec<T>>
where
    T: QueryableByName<diesel::sqlite::Sqlite> + QueryableByName<diesel::pg::Pg> + 'static,
{
    match conn {
        DbConn::Sqlite(c) => bound!(diesel::sql_query(sql).into_boxed(), args).load(c),
        DbConn::Pg(c) => {
            let mut n = 0;
            let numbered: String = sql
                .chars()
                .map(|ch| {
                    if ch == '?' {
                        n += 1;
                        format!("${n}")
                    } else {
                        ch.to_string()
                    }
                })
                .collect();
            bound!(diesel::sql_query(numbered).into_boxed(), args).load(c)
        }
    }
}

/// The number of matching customers, and whether it was capped at [`COUNT_CAP`].
/// The unfiltered total comes from the trigger-kept counter.
pub fn count(conn: &mut DbConn, f: &Filter) -> QueryResult<(i64, bool)> {
    let Some(term) = &f.search else {
        return Ok((total(conn)?, false));
    };
    let cap = Arg::Int(COUNT_CAP + 1);
    let rows: Vec<CountRow> = if uses_fts(conn, term) {
        load(
            conn,
            "SELECT count(*) AS n FROM (SELECT rowid FROM customers_search \
             WHERE customers_search MATCH ? LIMIT ?) t",
            &[Arg::Text(fts_phrase(term)), cap],
        )?
    } else {
        let pattern = like_pattern(term);
        let sql = format!(
            "SELECT count(*) AS n FROM (SELECT 1 FROM customers WHERE {} LIMIT ?) t",
            like_sql(conn)
        );
        load(
            conn,
            &sql,
            &[Arg::Text(pattern.clone()), Arg::Text(pattern), cap],
        )?
    };
    Ok(capped_total(rows.first().map_or(0, |r| r.n)))
}

/// Every customer, from the counter the triggers keep.
pub fn total(conn: &mut DbConn) -> QueryResult<i64> {
    customer_count::table.select(customer_count::n).first(conn)
}

/// The ids of one page of a search. Two roads: when matches are common, walking the sort
/// order (by its index) and testing each row fills a page within a few hundred rows; but
/// matches can be rare or crowd at the far end of that order (`sarah` sorted by name), so
/// the walk is bounded and the page is otherwise made from all matches, found through the
/// trigram index and sorted. The walk's page is exact whenever it is full: the matches
/// among the first rows of an order are the first matches of that order.
fn search_ids(
    conn: &mut DbConn,
    term: &str,
    sort: &Sort,
    offset: i64,
    limit: i64,
    matches: Option<i64>,
) -> QueryResult<Vec<String>> {
    let (order, columns) = order_sql(sort);
    let like = like_sql(conn);
    let pattern = like_pattern(term);
    let page = [Arg::Int(limit), Arg::Int(offset)];
    if matches.is_none_or(|m| m > FEW_MATCHES) {
        let budget = (offset + limit)
            .saturating_mul(WALK_SPARSITY)
            .clamp(WALK_MIN, WALK_MAX);
        let sql = format!(
            "SELECT id FROM (SELECT {columns} FROM customers ORDER BY {order} LIMIT ?) w \
             WHERE {like} ORDER BY {order} LIMIT ? OFFSET ?"
        );
        let args = [
            Arg::Int(budget),
            Arg::Text(pattern.clone()),
            Arg::Text(pattern.clone()),
            Arg::Int(limit),
            Arg::Int(offset),
        ];
        let ids: Vec<IdRow> = load(conn, &sql, &args)?;
        if ids.len() as i64 == limit || total(conn)? <= budget {
            return Ok(ids.into_iter().map(|r| r.id).collect());
        }
    }
    let (sql, mut args) = match conn {
        DbConn::Sqlite(_) if uses_fts(conn, term) => (
            format!(
                "SELECT id FROM customers WHERE rowid IN (SELECT rowid FROM customers_search \
                 WHERE customers_search MATCH ?) ORDER BY {order} LIMIT ? OFFSET ?"
            ),
            vec![Arg::Text(fts_phrase(term))],
        ),
        DbConn::Sqlite(_) => (
            format!("SELECT id FROM customers WHERE {like} ORDER BY {order} LIMIT ? OFFSET ?"),
            vec![Arg::Text(pattern.clone()), Arg::Text(pattern)],
        ),
        // Materialised, so the planner finds the matches through the trigram indexes
        // instead of walking the sort index, which is what just failed.
        DbConn::Pg(_) => (
            format!(
                "WITH m AS MATERIALIZED (SELECT id, name, email, license_count, created_at \
                 FROM customers WHERE {like}) SELECT id FROM m ORDER BY {order} LIMIT ? OFFSET ?"
            ),
            vec![Arg::Text(pattern.clone()), Arg::Text(pattern)],
        ),
    };
    args.extend(page);
    let ids: Vec<IdRow> = load(conn, &sql, &args)?;
    Ok(ids.into_iter().map(|r| r.id).collect())
}

/// One page. The page's ids are found first, from an index where possible, and only those
/// rows are read: deep pages skip index entries, not table rows. `matches` (the count,
/// when known) helps a search choose its road.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    sort: &Sort,
    offset: i64,
    limit: i64,
    matches: Option<i64>,
) -> QueryResult<Vec<CustomerListRow>> {
    let ids: Vec<String> = match &f.search {
        Some(term) => search_ids(conn, term, sort, offset, limit, matches)?,
        None => {
            let q = customers::table.select(customers::id).into_boxed();
            let q = match (sort.field.as_str(), sort.descending) {
                ("name", false) => q.order((
                    customers::name.is_null(),
                    lower(customers::name).asc(),
                    customers::id.asc(),
                )),
                ("name", true) => q.order((
                    customers::name.is_null(),
                    lower(customers::name).desc(),
                    customers::id.desc(),
                )),
                ("email", false) => q.order(customers::email.asc()),
                ("email", true) => q.order(customers::email.desc()),
                ("license_count", false) => {
                    q.order((customers::license_count.asc(), customers::id.asc()))
                }
                ("license_count", true) => {
                    q.order((customers::license_count.desc(), customers::id.desc()))
                }
                (_, false) => q.order((customers::created_at.asc(), customers::id.asc())),
                (_, true) => q.order((customers::created_at.desc(), customers::id.desc())),
            };
            q.offset(offset).limit(limit).load(conn)?
        }
    };
    rows_in_order(conn, &ids)
}

/// The list rows of `ids`, in that order.
fn rows_in_order(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<CustomerListRow>> {
    let mut rows: Vec<CustomerListRow> = customers::table
        .filter(customers::id.eq_any(ids))
        .select((
            customers::id,
            customers::name,
            customers::email,
            customers::license_count,
            customers::status,
            customers::created_at,
        ))
        .load(conn)?;
    let position: std::collections::HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    rows.sort_by_key(|r| position.get(r.0.as_str()).copied());
    Ok(rows)
}

/// The page of an export after `after` (the previous page's last row), in the list's order
/// and with its search: keyset paging, so every page starts where the last one ended
/// through the sort's index instead of rescanning the rows before it (OFFSET). A search is
/// tested row by row along the order, so the whole export reads the table once.
pub fn list_after(
    conn: &mut DbConn,
    f: &Filter,
    sort: &Sort,
    after: Option<&CustomerListRow>,
    limit: i64,
) -> QueryResult<Vec<CustomerListRow>> {
    let mut clauses = vec!["1 = 1".to_string()];
    let mut args = Vec::new();
    if let Some(term) = &f.search {
        let pattern = like_pattern(term);
        clauses.push(like_sql(conn).to_string());
        args.extend([Arg::Text(pattern.clone()), Arg::Text(pattern)]);
    }
    if let Some((id, name, email, license_count, _, created_at)) = after {
        let op = if sort.descending { "<" } else { ">" };
        let id = Arg::Text(id.clone());
        // Row-value comparisons where the order runs one way, so the page starts through
        // the order's index; the descending name order (names descending, missing ones
        // still last) is spelled out.
        match (sort.field.as_str(), name) {
            ("name", Some(name)) if !sort.descending => {
                clauses
                    .push("((name IS NULL), lower(name), id) > (FALSE, lower(?), ?)".to_string());
                args.extend([Arg::Text(name.clone()), id]);
            }
            ("name", Some(name)) => {
                clauses.push(format!(
                    "((name IS NOT NULL AND (lower(name) {op} lower(?) \
                     OR (lower(name) = lower(?) AND id {op} ?))) OR name IS NULL)"
                ));
                args.extend([Arg::Text(name.clone()), Arg::Text(name.clone()), id]);
            }
            ("name", None) => {
                clauses.push(format!("(name IS NULL AND id {op} ?)"));
                args.push(id);
            }
            ("email", _) => {
                clauses.push(format!("email {op} ?"));
                args.push(Arg::Text(email.clone()));
            }
            ("license_count", _) => {
                clauses.push(format!("(license_count, id) {op} (?, ?)"));
                args.extend([Arg::Int(*license_count), id]);
            }
            _ => {
                clauses.push(format!("(created_at, id) {op} (?, ?)"));
                args.extend([Arg::Time(*created_at), id]);
            }
        }
    }
    let (order, _) = order_sql(sort);
    let sql = format!(
        "SELECT id FROM customers WHERE {} ORDER BY {order} LIMIT ?",
        clauses.join(" AND ")
    );
    args.push(Arg::Int(limit));
    let ids: Vec<IdRow> = load(conn, &sql, &args)?;
    let ids: Vec<String> = ids.into_iter().map(|r| r.id).collect();
    rows_in_order(conn, &ids)
}

/// Columns to change; `None` leaves a column as it is.
#[derive(AsChangeset, Default)]
#[diesel(table_name = customers)]
pub struct CustomerChanges {
    pub name: Option<Option<String>>,
    pub status: Option<String>,
    pub email_verified_at: Option<Option<NaiveDateTime>>,
    pub password_hash: Option<Option<String>>,
    pub totp_secret: Option<Option<String>>,
    pub totp_enabled: Option<bool>,
    pub totp_last_step: Option<Option<i64>>,
    pub last_login_at: Option<Option<NaiveDateTime>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn update(conn: &mut DbConn, id: &str, changes: &CustomerChanges) -> QueryResult<usize> {
    diesel::update(customers::table.find(id))
        .set(changes)
        .execute(conn)
}

/// Records `step` as the last two-factor step accepted, unless a concurrent sign-in
/// recorded it (or a later one) first: `false` then, and the code counts as used.
pub fn claim_totp_step(conn: &mut DbConn, id: &str, step: i64) -> QueryResult<bool> {
    let unused = customers::totp_last_step
        .is_null()
        .or(customers::totp_last_step.lt(step));
    diesel::update(customers::table.find(id).filter(unused))
        .set(customers::totp_last_step.eq(step))
        .execute(conn)
        .map(|n| n == 1)
}

/// Erasure, the data part: every license of the customer is unassigned (its devices
/// deactivated, their IP addresses and device names removed, as are those of devices made
/// for them on licenses transferred since), the customer's mails are deleted, then the
/// customer (sessions cascade; the search index follows by trigger; activations keep no
/// customer id).
/// Returns (licenses unassigned, activations scrubbed, mails deleted) and the license ids.
pub fn erase(
    conn: &mut DbConn,
    customer: &CustomerRow,
    now: NaiveDateTime,
) -> QueryResult<(Vec<String>, i64, i64)> {
    // The licenses' row locks first, as every activation takes them: an activation racing
    // the erasure either commits before (and is deactivated below) or waits and finds the
    // license unassigned.
    diesel::update(licenses::table.filter(licenses::customer_id.eq(&customer.id)))
        .set(licenses::activations_used.eq(licenses::activations_used))
        .execute(conn)?;
    let license_ids: Vec<String> = licenses::table
        .filter(licenses::customer_id.eq(&customer.id))
        .select(licenses::id)
        .load(conn)?;
    let owned = licenses::table
        .filter(licenses::customer_id.eq(&customer.id))
        .select(licenses::id);
    diesel::update(
        activations::table
            .filter(activations::license_id.eq_any(owned))
            .filter(activations::status.eq("active")),
    )
    .set((
        activations::status.eq("inactive"),
        activations::deactivated_at.eq(now),
        activations::deactivation_reason.eq("customer erased"),
    ))
    .execute(conn)?;
    let owned = licenses::table
        .filter(licenses::customer_id.eq(&customer.id))
        .select(licenses::id);
    // Their devices on their licenses, and those made for them on licenses since
    // transferred to someone else.
    let theirs = activations::license_id
        .eq_any(owned)
        .or(activations::customer_id.eq(&customer.id));
    let scrubbed = diesel::update(activations::table.filter(theirs))
        .set((
            activations::ip_address.eq(None::<String>),
            activations::name.eq(None::<String>),
            activations::metadata.eq("{}"),
        ))
        .execute(conn)? as i64;
    diesel::update(licenses::table.filter(licenses::customer_id.eq(&customer.id)))
        .set((
            licenses::customer_id.eq(None::<String>),
            licenses::assigned_at.eq(None::<NaiveDateTime>),
            licenses::activations_used.eq(0i64),
            licenses::updated_at.eq(now),
        ))
        .execute(conn)?;
    let mails = diesel::delete(
        email_outbox::table.filter(
            email_outbox::customer_id
                .eq(&customer.id)
                .or(email_outbox::to_email.eq(&customer.email)),
        ),
    )
    .execute(conn)? as i64;
    diesel::delete(customers::table.find(&customer.id)).execute(conn)?;
    Ok((license_ids, scrubbed, mails))
}

pub fn insert_session(conn: &mut DbConn, row: &SessionRow) -> QueryResult<()> {
    diesel::insert_into(customer_sessions::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Ends the customer's sessions (all, or all but `keep`); returns how many were live.
pub fn revoke_sessions(
    conn: &mut DbConn,
    customer_id: &str,
    keep: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let live = customer_sessions::table
        .filter(customer_sessions::customer_id.eq(customer_id))
        .filter(customer_sessions::read_only.eq(false))
        .filter(customer_sessions::revoked_at.is_null())
        .filter(customer_sessions::id.ne(keep.unwrap_or_default()));
    diesel::update(live)
        .set(customer_sessions::revoked_at.eq(now))
        .execute(conn)
}

/// Drops portal sessions that ended more than a day ago.
pub fn purge_sessions(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let cutoff = now - chrono::Duration::days(1);
    diesel::delete(customer_sessions::table.filter(customer_sessions::expires_at.lt(cutoff)))
        .execute(conn)
}

pub fn revoke_session(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        customer_sessions::table
            .find(id)
            .filter(customer_sessions::revoked_at.is_null()),
    )
    .set(customer_sessions::revoked_at.eq(now))
    .execute(conn)
}

pub fn find_session(conn: &mut DbConn, id: &str) -> QueryResult<Option<SessionRow>> {
    customer_sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()
}

// The refresh-token queries, as for every sessions table; rotations stamp `refreshed_at`.
crate::refresh_token_queries!(customer_sessions, SessionRow, refreshed_at);

// Link tokens (`tokens`): stored as their SHA-256 only.

/// Marks the customer's unused tokens (of `purpose`, or all) used.
pub fn use_up_tokens(
    conn: &mut DbConn,
    customer_id: &str,
    purpose: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut query = diesel::update(customer_tokens::table)
        .filter(customer_tokens::customer_id.eq(customer_id))
        .filter(customer_tokens::used_at.is_null())
        .into_boxed();
    if let Some(purpose) = purpose {
        query = query.filter(customer_tokens::purpose.eq(purpose));
    }
    query.set(customer_tokens::used_at.eq(now)).execute(conn)
}

pub fn insert_token(
    conn: &mut DbConn,
    customer_id: &str,
    purpose: &str,
    token_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(customer_tokens::table)
        .values((
            customer_tokens::id.eq(uuid::Uuid::now_v7().to_string()),
            customer_tokens::customer_id.eq(customer_id),
            customer_tokens::purpose.eq(purpose),
            customer_tokens::token_hash.eq(token_hash),
            customer_tokens::created_at.eq(now),
            customer_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn live_token(
    conn: &mut DbConn,
    token_hash: &str,
    purpose: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<TokenRow>> {
    customer_tokens::table
        .filter(customer_tokens::token_hash.eq(token_hash))
        .filter(customer_tokens::purpose.eq(purpose))
        .filter(customer_tokens::used_at.is_null())
        .filter(customer_tokens::expires_at.gt(now))
        .select(TokenRow::as_select())
        .first(conn)
        .optional()
}

/// `false` when another request used the token first.
pub fn use_up_token(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let updated = diesel::update(
        customer_tokens::table
            .filter(customer_tokens::id.eq(id))
            .filter(customer_tokens::used_at.is_null()),
    )
    .set(customer_tokens::used_at.eq(now))
    .execute(conn)?;
    Ok(updated == 1)
}

pub fn purge_tokens(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        customer_tokens::table.filter(
            customer_tokens::expires_at
                .lt(cutoff)
                .or(customer_tokens::used_at.lt(cutoff)),
        ),
    )
    .execute(conn)
}
