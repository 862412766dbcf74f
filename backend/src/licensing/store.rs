use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Text, Timestamp};

use crate::activations::model::{ActivationRow, ActiveStatus};
use crate::db::DbConn;
use crate::licenses::model::LicenseRow;
use crate::schema::{activations, licenses};

/// A license by key, with the active binding of the identifier asked about.
pub type Found = Option<(LicenseRow, Option<ActivationRow>)>;

/// The validation hot path in one indexed statement: the license by key, with the active
/// binding of `identifier` if there is one (`identifier` "" matches none).
pub fn license_with_activation(
    conn: &mut DbConn,
    key: &str,
    identifier: &str,
) -> QueryResult<Option<(LicenseRow, Option<ActivationRow>)>> {
    licenses::table
        .left_join(
            activations::table.on(activations::license_id
                .eq(licenses::id)
                .and(activations::identifier.eq(identifier))
                .and(activations::status.eq(ActiveStatus))),
        )
        .filter(licenses::license_key.eq(key))
        .select((
            LicenseRow::as_select(),
            Option::<ActivationRow>::as_select(),
        ))
        // At most one row: the key is unique, and so is an active identifier per license.
        // No `LIMIT ?` (`first`): SQLite plans a bound LIMIT by its value and re-prepares the
        // statement on every execution, which costs more than the query itself.
        .load(conn)
        .map(|rows| rows.into_iter().next())
}

/// Runs a raw statement with binds on the inner connection: bound raw SQL does not compile
/// on the MultiConnection enum.
macro_rules! execute_bound {
    ($conn:expr, $sql:expr, |$q:ident| $bind:expr) => {
        match $conn {
            DbConn::Pg(c) => {
                let $q = diesel::sql_query($sql).into_boxed::<diesel::pg::Pg>();
                $bind.execute(c)
            }
            DbConn::Sqlite(c) => {
                let $q = diesel::sql_query($sql).into_boxed::<diesel::sqlite::Sqlite>();
                $bind.execute(c)
            }
        }
    };
}

/// Rows a statement (and a transaction, for verifications): at most 5 parameters each, far
/// under both backends' limits.
pub const CHUNK: usize = 500;

/// Placeholders `(…), (…)` for `rows` rows, one per cast (PostgreSQL numbers and casts them).
fn values_list(conn: &DbConn, rows: usize, casts: &[&str]) -> String {
    let mut n = 0;
    (0..rows)
        .map(|_| {
            let cells: Vec<String> = casts
                .iter()
                .map(|cast| {
                    n += 1;
                    match conn {
                        DbConn::Pg(_) => format!("${n}{cast}"),
                        DbConn::Sqlite(_) => "?".to_string(),
                    }
                })
                .collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// These notes may be lost in a crash anyway (up to the flush interval), so their commit
/// need not wait for the disk: on PostgreSQL the transaction commits asynchronously (at most
/// a fraction of a second more can be lost), which keeps the flush from stalling the WAL that
/// every other commit waits on. SQLite's `synchronous = NORMAL` already does not sync WAL
/// commits.
pub fn relax_durability(conn: &mut DbConn) -> QueryResult<()> {
    match conn {
        DbConn::Pg(c) => c.batch_execute("SET LOCAL synchronous_commit = off"),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// A coalesced verification: the activation, when, and from where.
pub struct Verified {
    pub activation_id: String,
    pub at: NaiveDateTime,
    pub ip: Option<String>,
}

/// Writes coalesced verifications, a few hundred rows a statement. Only active bindings are
/// touched (an activation deactivated or erased meanwhile keeps its state), and a time never
/// moves backwards.
pub fn touch_verified(conn: &mut DbConn, rows: &[Verified]) -> QueryResult<usize> {
    let mut updated = 0;
    for chunk in rows.chunks(CHUNK) {
        let values = values_list(conn, chunk.len(), &["::text", "::timestamp", "::text"]);
        let sql = format!(
            "WITH v (id, t, ip) AS (VALUES {values}) \
             UPDATE activations SET last_verified_at = v.t, \
                 ip_address = COALESCE(v.ip, activations.ip_address) \
             FROM v \
             WHERE activations.id = v.id AND activations.status = 'active' \
               AND (activations.last_verified_at IS NULL OR activations.last_verified_at < v.t)"
        );
        updated += execute_bound!(conn, sql, |q| chunk.iter().fold(q, |q, r| q
            .bind::<Text, _>(r.activation_id.clone())
            .bind::<Timestamp, _>(r.at)
            .bind::<Nullable<Text>, _>(r.ip.clone())))?;
    }
    Ok(updated)
}

/// One hourly counter increment.
pub struct UsageCount {
    pub hour: NaiveDateTime,
    pub product_id: String,
    pub action: &'static str,
    pub code: &'static str,
    pub count: i64,
}

/// Adds counts to the hourly table; concurrent processes add up (upsert).
pub fn add_usage(conn: &mut DbConn, rows: &[UsageCount]) -> QueryResult<()> {
    for chunk in rows.chunks(CHUNK) {
        let values = values_list(
            conn,
            chunk.len(),
            &["::timestamp", "::text", "::text", "::text", "::bigint"],
        );
        let sql = format!(
            "INSERT INTO licensing_usage_hourly (hour, product_id, action, code, count) \
             VALUES {values} \
             ON CONFLICT (hour, product_id, action, code) \
             DO UPDATE SET count = licensing_usage_hourly.count + excluded.count"
        );
        execute_bound!(conn, sql, |q| chunk.iter().fold(q, |q, r| q
            .bind::<Timestamp, _>(r.hour)
            .bind::<Text, _>(r.product_id.clone())
            .bind::<Text, _>(r.action)
            .bind::<Text, _>(r.code)
            .bind::<BigInt, _>(r.count)))?;
    }
    Ok(())
}

/// What each `(key, identifier)` finds, in the order asked. Many are read in two
/// statements on PostgreSQL (the licenses of the keys, then the bindings asked about), one
/// lookup per key and per binding through the unique indexes: `LATERAL … LIMIT 1` keeps
/// the planner from joining whole tables, which it may prefer while their statistics are
/// missing or old. The statements are planned per batch, never from a cached plan.
pub fn read(conn: &mut DbConn, asked: &[(&str, Option<&str>)]) -> QueryResult<Vec<Found>> {
    let pg = match conn {
        DbConn::Pg(pg) if asked.len() > 1 => pg,
        _ => {
            return asked
                .iter()
                .map(|(key, identifier)| {
                    license_with_activation(conn, key, identifier.unwrap_or(""))
                })
                .collect()
        }
    };
    let mut keys: Vec<&str> = asked.iter().map(|(k, _)| *k).collect();
    keys.sort_unstable();
    keys.dedup();
    let found: Vec<LicenseRow> = diesel::sql_query(
        "SELECT licenses.* FROM unnest($1::text[]) AS asked (key) CROSS JOIN LATERAL \
         (SELECT * FROM licenses WHERE license_key = asked.key LIMIT 1) AS licenses",
    )
    .bind::<Array<Text>, _>(&keys)
    .load(pg)?;
    let by_key: HashMap<&str, &LicenseRow> =
        found.iter().map(|l| (l.license_key.as_str(), l)).collect();

    let mut bindings: Vec<(&str, &str)> = asked
        .iter()
        .filter_map(|(key, identifier)| Some((by_key.get(key)?.id.as_str(), (*identifier)?)))
        .collect();
    bindings.sort_unstable();
    bindings.dedup();
    let bound: Vec<ActivationRow> = if bindings.is_empty() {
        Vec::new()
    } else {
        let (license_ids, identifiers): (Vec<&str>, Vec<&str>) = bindings.into_iter().unzip();
        diesel::sql_query(
            "SELECT activations.* FROM unnest($1::text[], $2::text[]) AS asked (license_id, identifier) \
             CROSS JOIN LATERAL (SELECT * FROM activations WHERE license_id = asked.license_id \
             AND identifier = asked.identifier AND status = 'active' LIMIT 1) AS activations",
        )
        .bind::<Array<Text>, _>(&license_ids)
        .bind::<Array<Text>, _>(&identifiers)
        .load(pg)?
    };
    let by_binding: HashMap<(&str, &str), &ActivationRow> = bound
        .iter()
        .map(|a| ((a.license_id.as_str(), a.identifier.as_str()), a))
        .collect();

    Ok(asked
        .iter()
        .map(|(key, identifier)| {
            let license = *by_key.get(key)?;
            let activation = identifier
                .and_then(|i| by_binding.get(&(license.id.as_str(), i)))
                .map(|a| (*a).clone());
            Some((license.clone(), activation))
        })
        .collect())
}
