use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Text};

use super::model::{CustomerListRow, CustomerRow, SessionRow};
use crate::db::{lower, DbConn};
use crate::http::pagination::{like_pattern, Sort};
use crate::schema::{
    activations, customer_count, customer_sessions, customers, email_outbox, licenses,
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

/// A search matching more customers than this reports this many as its total, flagged
/// as a lower bound: counting hundreds of thousands of substring matches exactly costs
/// more than the page, and nobody pages through them (the way search engines cap totals).
pub const SEARCH_COUNT_CAP: i64 = 10_000;

/// Index entries a page may walk (in sort order, testing each row) before looking the
/// matches up through the trigram index and sorting them is cheaper.
const WALK_BUDGET: i64 = 50_000;

type Backend = <DbConn as Connection>::Backend;
type SearchClause = Box<dyn BoxableExpression<customers::table, Backend, SqlType = Bool>>;

/// How a search finds its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Road {
    /// Through the trigram index: cost grows with the number of matches.
    Trigram,
    /// Row by row with LIKE, typically along a sort index until the page is full: cheap
    /// when matches are common. On PostgreSQL the planner chooses between this and the
    /// `pg_trgm` indexes itself.
    Scan,
}

/// SQLite answers a quoted FTS5 phrase from the `trigram` table, which is a substring
/// match; trigrams need three characters.
fn uses_fts(conn: &DbConn, term: &str) -> bool {
    matches!(conn, DbConn::Sqlite(_)) && term.chars().count() >= 3
}

fn fts_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// Case-insensitive substring match over name and email. Emails are stored lower-cased;
/// names are folded with `lower()` on PostgreSQL (what its `pg_trgm` index holds) and with
/// `lk_fold()` on SQLite, a Unicode-aware lower-casing registered on each connection
/// (SQLite's own `lower()` folds ASCII only, the FTS5 tokenizer all of Unicode).
fn search_clause(conn: &DbConn, term: &str, road: Road) -> SearchClause {
    if road == Road::Trigram && uses_fts(conn, term) {
        return Box::new(
            sql::<Bool>(
                "customers.rowid IN (SELECT rowid FROM customers_search WHERE customers_search MATCH ",
            )
            .bind::<Text, _>(fts_phrase(term))
            .sql(")"),
        );
    }
    let fold = match conn {
        DbConn::Sqlite(_) => "lk_fold",
        DbConn::Pg(_) => "lower",
    };
    let pattern = like_pattern(term);
    Box::new(
        sql::<Bool>(&format!("({fold}(customers.name) LIKE "))
            .bind::<Text, _>(pattern.clone())
            .sql(" ESCAPE '\\' OR customers.email LIKE ")
            .bind::<Text, _>(pattern)
            .sql(" ESCAPE '\\')"),
    )
}

macro_rules! filtered {
    ($conn:expr, $f:expr, $road:expr) => {{
        let mut q = customers::table.into_boxed();
        if let Some(term) = &$f.search {
            q = q.filter(search_clause($conn, term, $road));
        }
        q
    }};
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The number of matching customers, and whether it was capped at [`SEARCH_COUNT_CAP`].
/// The unfiltered total comes from the trigger-kept counter.
pub fn count(conn: &mut DbConn, f: &Filter) -> QueryResult<(i64, bool)> {
    let Some(term) = &f.search else {
        return Ok((total(conn)?, false));
    };
    let n = match conn {
        DbConn::Sqlite(c) if term.chars().count() >= 3 => {
            diesel::sql_query(
                "SELECT count(*) AS n FROM (SELECT rowid FROM customers_search \
                 WHERE customers_search MATCH ? LIMIT ?)",
            )
            .bind::<Text, _>(fts_phrase(term))
            .bind::<BigInt, _>(SEARCH_COUNT_CAP + 1)
            .get_result::<Count>(c)?
            .n
        }
        _ => filtered!(conn, f, Road::Scan)
            .select(sql::<Integer>("1"))
            .limit(SEARCH_COUNT_CAP + 1)
            .load::<i32>(conn)?
            .len() as i64,
    };
    Ok(if n > SEARCH_COUNT_CAP {
        (SEARCH_COUNT_CAP, true)
    } else {
        (n, false)
    })
}

/// Every customer, from the counter the triggers keep.
fn total(conn: &mut DbConn) -> QueryResult<i64> {
    customer_count::table.select(customer_count::n).first(conn)
}

/// The cheaper road to one page of a search, from how common its matches are (`matches`,
/// when counted): walking the sort order costs about (offset + limit) × all / matches rows.
fn road(
    conn: &mut DbConn,
    f: &Filter,
    offset: i64,
    limit: i64,
    matches: Option<i64>,
) -> QueryResult<Road> {
    let (Some(term), Some(matches)) = (&f.search, matches) else {
        return Ok(Road::Trigram);
    };
    if !uses_fts(conn, term) {
        return Ok(Road::Scan);
    }
    let walk = (offset + limit).saturating_mul(total(conn)?) / matches.max(1);
    Ok(if walk <= WALK_BUDGET {
        Road::Scan
    } else {
        Road::Trigram
    })
}

/// One page. Names sort case-insensitively with missing names last in both directions;
/// every order ends on `id` so pages never overlap. Each order has an index.
/// One page. Names sort case-insensitively with missing names last in both directions;
/// every order ends on `id` so pages never overlap. Each order has an index. The page's
/// ids are found first, from the index alone, and only those rows are read: deep pages
/// then skip index entries, not table rows.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    sort: &Sort,
    offset: i64,
    limit: i64,
    matches: Option<i64>,
) -> QueryResult<Vec<CustomerListRow>> {
    let road = road(conn, f, offset, limit, matches)?;
    let q = filtered!(conn, f, road).select(customers::id);
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
        ("license_count", false) => q.order((customers::license_count.asc(), customers::id.asc())),
        ("license_count", true) => q.order((customers::license_count.desc(), customers::id.desc())),
        (_, false) => q.order((customers::created_at.asc(), customers::id.asc())),
        (_, true) => q.order((customers::created_at.desc(), customers::id.desc())),
    };
    let ids: Vec<String> = q.offset(offset).limit(limit).load(conn)?;
    let mut rows: Vec<CustomerListRow> = customers::table
        .filter(customers::id.eq_any(&ids))
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

#[derive(AsChangeset)]
#[diesel(table_name = customers)]
pub struct CustomerChanges {
    pub name: Option<Option<String>>,
    pub status: Option<String>,
    pub updated_at: NaiveDateTime,
}

pub fn update(conn: &mut DbConn, id: &str, changes: &CustomerChanges) -> QueryResult<usize> {
    diesel::update(customers::table.find(id))
        .set(changes)
        .execute(conn)
}

/// Active activations on the customer's licenses.
pub fn active_activations(conn: &mut DbConn, customer_id: &str) -> QueryResult<i64> {
    activations::table
        .inner_join(licenses::table)
        .filter(licenses::customer_id.eq(customer_id))
        .filter(activations::status.eq("active"))
        .count()
        .get_result(conn)
}

/// Erasure, the data part: every license of the customer is unassigned (its devices
/// deactivated, their IP addresses and device names removed), the customer's mails are
/// deleted, then the customer (sessions cascade; the search index follows by trigger).
/// Returns (licenses unassigned, activations scrubbed, mails deleted) and the license ids.
pub fn erase(
    conn: &mut DbConn,
    customer: &CustomerRow,
    now: NaiveDateTime,
) -> QueryResult<(Vec<String>, i64, i64)> {
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
    let scrubbed = diesel::update(activations::table.filter(activations::license_id.eq_any(owned)))
        .set((
            activations::ip_address.eq(None::<String>),
            activations::name.eq(None::<String>),
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

pub fn find_session(conn: &mut DbConn, id: &str) -> QueryResult<Option<SessionRow>> {
    customer_sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()
}
