use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::model::{LicenseStatusCounts, UsageDay};
use crate::db::DbConn;
use crate::licenses::model::LicenseRow;
use crate::schema::licenses;

#[derive(QueryableByName)]
struct TallyRow {
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = Text)]
    expires_on: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = BigInt)]
    used: i64,
}

const TALLIES_SQL: &str = "SELECT state, expires_on, CAST(SUM(n) AS BIGINT) AS n, \
    CAST(SUM(used) AS BIGINT) AS used FROM license_tallies GROUP BY state, expires_on";

#[derive(QueryableByName)]
struct StateCount {
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Licenses per stored state whose expiry is in `[from, to]`: a range of one day at most,
/// read through the expiry index.
const EXPIRING_BETWEEN_SQL: &str = "SELECT state, CAST(COUNT(*) AS BIGINT) AS n FROM licenses \
    WHERE expires_at >= ?1 AND expires_at <= ?2 GROUP BY state";

fn expiring_between(
    conn: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<HashMap<String, i64>> {
    let rows: Vec<StateCount> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(EXPIRING_BETWEEN_SQL)
            .bind::<Timestamp, _>(from)
            .bind::<Timestamp, _>(to)
            .load(c)?,
        DbConn::Pg(c) => diesel::sql_query(EXPIRING_BETWEEN_SQL.replace('?', "$"))
            .bind::<Timestamp, _>(from)
            .bind::<Timestamp, _>(to)
            .load(c)?,
    };
    Ok(rows.into_iter().map(|r| (r.state, r.n)).collect())
}

/// License counts by status, how many expire within the window ending at `soon` (at least
/// a day after `now`), and the licenses' active activations. The trigger-kept tallies
/// (licenses by stored state and UTC day of expiry) give every figure but for two days:
/// today, split at `now` between expired and not, and the window's last day, split at
/// `soon`; those two are counted through the expiry index. The precedence is that of
/// [`crate::licenses::status::LicenseStatus::from_facts`].
pub fn license_counts(
    conn: &mut DbConn,
    now: NaiveDateTime,
    soon: NaiveDateTime,
) -> QueryResult<(LicenseStatusCounts, i64, i64)> {
    let tallies: Vec<TallyRow> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(TALLIES_SQL).load(c)?,
        DbConn::Pg(c) => diesel::sql_query(TALLIES_SQL).load(c)?,
    };
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight exists");
    let (today, last_day) = (now.date(), soon.date());
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let (today_s, last_s) = (day(today), day(last_day));
    // Of today's expiries, those already past, per state.
    let past_today = expiring_between(conn, midnight(today), now)?;
    // Of the window's last day, those inside the window.
    let in_window_last_day = expiring_between(conn, midnight(last_day), soon)?;

    let mut c = LicenseStatusCounts::default();
    let (mut expiring, mut used) = (0, 0);
    for t in tallies {
        c.total += t.n;
        used += t.used;
        let unexpired = match t.state.as_str() {
            "revoked" => {
                c.revoked += t.n;
                continue;
            }
            "suspended" => {
                c.suspended += t.n;
                continue;
            }
            _ if t.expires_on.is_empty() || t.expires_on > today_s => t.n,
            _ if t.expires_on < today_s => 0,
            state => t.n - past_today.get(state).copied().unwrap_or(0),
        };
        c.expired += t.n - unexpired;
        match t.state.as_str() {
            "available" => c.available += unexpired,
            "active" => c.active += unexpired,
            _ => c.assigned += unexpired,
        }
        if t.expires_on.is_empty() || t.expires_on > last_s {
            continue;
        }
        expiring += if t.expires_on == last_s {
            in_window_last_day.get(&t.state).copied().unwrap_or(0)
        } else {
            unexpired
        };
    }
    Ok((c, expiring, used))
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
