use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::model::{LicenseStatusCounts, UsageDay};
use crate::db::DbConn;
use crate::licenses::model::LicenseRow;
use crate::schema::{activations, licenses};

#[derive(QueryableByName)]
struct StatusRow {
    #[diesel(sql_type = BigInt)]
    total: i64,
    #[diesel(sql_type = BigInt)]
    revoked: i64,
    #[diesel(sql_type = BigInt)]
    suspended: i64,
    #[diesel(sql_type = BigInt)]
    expired: i64,
    #[diesel(sql_type = BigInt)]
    available: i64,
    #[diesel(sql_type = BigInt)]
    active: i64,
    #[diesel(sql_type = BigInt)]
    expiring: i64,
}

/// One pass over the licenses for every status count and the expiring ones, with the
/// precedence of [`crate::licenses::status::LicenseStatus::of`]. `?1` is now, `?2` the end
/// of the expiry window (SQLite numbers parameters like this; PostgreSQL spells them `$n`).
const STATUS_SQL: &str = "SELECT \
    CAST(COUNT(*) AS BIGINT) AS total, \
    CAST(COALESCE(SUM(CASE WHEN revoked_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS revoked, \
    CAST(COALESCE(SUM(CASE WHEN revoked_at IS NULL AND suspended_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS suspended, \
    CAST(COALESCE(SUM(CASE WHEN revoked_at IS NULL AND suspended_at IS NULL AND expires_at <= ?1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS expired, \
    CAST(COALESCE(SUM(CASE WHEN revoked_at IS NULL AND suspended_at IS NULL AND (expires_at IS NULL OR expires_at > ?1) AND customer_id IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS available, \
    CAST(COALESCE(SUM(CASE WHEN revoked_at IS NULL AND suspended_at IS NULL AND (expires_at IS NULL OR expires_at > ?1) AND customer_id IS NOT NULL AND activations_used > 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS active, \
    CAST(COALESCE(SUM(CASE WHEN revoked_at IS NULL AND suspended_at IS NULL AND expires_at > ?1 AND expires_at <= ?2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS expiring \
    FROM licenses";

/// License counts by status, and how many expire within the window ending at `soon`.
pub fn license_counts(
    conn: &mut DbConn,
    now: NaiveDateTime,
    soon: NaiveDateTime,
) -> QueryResult<(LicenseStatusCounts, i64)> {
    let row: StatusRow = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(STATUS_SQL)
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(soon)
            .get_result(c)?,
        DbConn::Pg(c) => diesel::sql_query(STATUS_SQL.replace('?', "$"))
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(soon)
            .get_result(c)?,
    };
    let blocked_or_expired = row.revoked + row.suspended + row.expired;
    let counts = LicenseStatusCounts {
        total: row.total,
        available: row.available,
        active: row.active,
        assigned: row.total - blocked_or_expired - row.available - row.active,
        expired: row.expired,
        suspended: row.suspended,
        revoked: row.revoked,
    };
    Ok((counts, row.expiring))
}

pub fn active_activations(conn: &mut DbConn) -> QueryResult<i64> {
    activations::table
        .filter(activations::status.eq(crate::activations::model::ActiveStatus))
        .count()
        .get_result(conn)
}

#[derive(QueryableByName)]
struct UsageRow {
    #[diesel(sql_type = Timestamp)]
    hour: NaiveDateTime,
    #[diesel(sql_type = Text)]
    action: String,
    #[diesel(sql_type = Text)]
    code: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

const USAGE_SQL: &str = "SELECT hour, action, code, CAST(SUM(count) AS BIGINT) AS n \
    FROM licensing_usage_hourly WHERE hour >= ?1 GROUP BY hour, action, code";

/// Licensing traffic per UTC day from `first` to `last` inclusive, every day present.
pub fn usage_by_day(
    conn: &mut DbConn,
    first: NaiveDate,
    last: NaiveDate,
) -> QueryResult<Vec<UsageDay>> {
    let since = first.and_hms_opt(0, 0, 0).expect("midnight exists");
    let rows: Vec<UsageRow> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(USAGE_SQL)
            .bind::<Timestamp, _>(since)
            .load(c)?,
        DbConn::Pg(c) => diesel::sql_query(USAGE_SQL.replace('?', "$"))
            .bind::<Timestamp, _>(since)
            .load(c)?,
    };
    let mut days: Vec<UsageDay> = first
        .iter_days()
        .take_while(|d| *d <= last)
        .map(|date| UsageDay {
            date,
            ..UsageDay::default()
        })
        .collect();
    for row in rows {
        let index = (row.hour.date() - first).num_days();
        let Some(day) = usize::try_from(index).ok().and_then(|i| days.get_mut(i)) else {
            continue;
        };
        match (row.action.as_str(), row.code.as_str()) {
            ("activate", "ACTIVATED") => day.activations += row.n,
            ("activate", "ALREADY_ACTIVE") => {}
            ("activate", _) => day.refused_activations += row.n,
            ("validate", code) => {
                day.validations += row.n;
                if code != "VALID" {
                    day.failed_validations += row.n;
                }
            }
            ("deactivate", "DEACTIVATED") => day.deactivations += row.n,
            _ => {}
        }
    }
    Ok(days)
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = Text)]
    id: String,
}

/// Licenses whose key starts with `prefix` (exactly as given), in key order, compared as
/// bytes on both backends. SQLite compares text with memcmp. PostgreSQL compares under
/// `COLLATE "C"`, which the `licenses_key_bytes` index matches whatever the database's own
/// collation (under a linguistic one, `-` may sort as if absent and a range would miss
/// keys); raw SQL so that no cached generic plan turns the range into a scan.
pub fn licenses_by_key_prefix(
    conn: &mut DbConn,
    prefix: &str,
    limit: i64,
) -> QueryResult<Vec<LicenseRow>> {
    let upper = format!("{prefix}\u{10FFFF}");
    let ids: Vec<String> = match conn {
        DbConn::Sqlite(c) => licenses::table
            .filter(licenses::license_key.ge(prefix))
            .filter(licenses::license_key.lt(&upper))
            .order(licenses::license_key.asc())
            .limit(limit)
            .select(licenses::id)
            .load(c)?,
        DbConn::Pg(c) => diesel::sql_query(
            "SELECT id FROM licenses WHERE license_key COLLATE \"C\" >= $1 \
             AND license_key COLLATE \"C\" < $2 ORDER BY license_key COLLATE \"C\" LIMIT $3",
        )
        .bind::<Text, _>(prefix)
        .bind::<Text, _>(&upper)
        .bind::<BigInt, _>(limit)
        .load::<IdRow>(c)?
        .into_iter()
        .map(|r| r.id)
        .collect(),
    };
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(row) = crate::licenses::store::find(conn, &id)? {
            rows.push(row);
        }
    }
    Ok(rows)
}
