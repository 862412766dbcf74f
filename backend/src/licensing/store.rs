use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use crate::activations::model::{ActivationRow, ActiveStatus};
use crate::db::DbConn;
use crate::licenses::model::LicenseRow;
use crate::schema::{activations, licenses};

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
