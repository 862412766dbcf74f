//! Sign-in throttling. Failures are rows in `auth_failures`, so the limit holds across
//! every latchkey process that shares the database.

use chrono::Duration;

use crate::db::{time, DbConn};
use crate::error::{ApiError, ApiResult};

/// A throttled key: `scope` names what is counted (`admin_email`, `admin_ip`, …).
#[derive(Debug, Clone)]
pub struct Key {
    pub scope: &'static str,
    pub subject: String,
}

impl Key {
    pub fn new(scope: &'static str, subject: impl Into<String>) -> Self {
        Self {
            scope,
            subject: subject.into(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// Failures allowed in the window; 0 turns throttling off.
    pub max_failures: i64,
    pub window_secs: i64,
}

/// 429 with `Retry-After` when any key has reached the limit: the wait is until enough of
/// its failures leave the window.
pub fn check(conn: &mut DbConn, keys: &[Key], limit: Limit) -> ApiResult<()> {
    if limit.max_failures == 0 {
        return Ok(());
    }
    let now = time::now();
    let since = now - Duration::seconds(limit.window_secs);
    let mut wait = 0i64;
    for key in keys {
        let times = store::failures_since(conn, key, since)?;
        let count = times.len() as i64;
        if count >= limit.max_failures {
            let unlocking = times[(count - limit.max_failures) as usize];
            let secs = (unlocking + Duration::seconds(limit.window_secs) - now).num_seconds() + 1;
            wait = wait.max(secs);
        }
    }
    if wait > 0 {
        return Err(ApiError::rate_limited(wait as u64));
    }
    Ok(())
}

pub fn record_failure(conn: &mut DbConn, keys: &[Key]) -> ApiResult<()> {
    let now = time::now();
    for key in keys {
        store::insert(conn, key, now)?;
    }
    Ok(())
}

pub fn clear(conn: &mut DbConn, key: &Key) -> ApiResult<()> {
    store::delete(conn, key)?;
    Ok(())
}

/// Drops failures older than a day; the server calls this periodically.
pub fn purge(conn: &mut DbConn) -> ApiResult<usize> {
    Ok(store::delete_before(conn, time::now() - Duration::days(1))?)
}

mod store {
    use chrono::NaiveDateTime;
    use diesel::prelude::*;

    use super::Key;
    use crate::db::DbConn;
    use crate::schema::auth_failures;

    pub fn failures_since(
        conn: &mut DbConn,
        key: &Key,
        since: NaiveDateTime,
    ) -> QueryResult<Vec<NaiveDateTime>> {
        auth_failures::table
            .filter(auth_failures::scope.eq(key.scope))
            .filter(auth_failures::subject.eq(&key.subject))
            .filter(auth_failures::created_at.gt(since))
            .order(auth_failures::created_at.asc())
            .select(auth_failures::created_at)
            .load(conn)
    }

    pub fn insert(conn: &mut DbConn, key: &Key, at: NaiveDateTime) -> QueryResult<()> {
        diesel::insert_into(auth_failures::table)
            .values((
                auth_failures::id.eq(uuid::Uuid::now_v7().to_string()),
                auth_failures::scope.eq(key.scope),
                auth_failures::subject.eq(&key.subject),
                auth_failures::created_at.eq(at),
            ))
            .execute(conn)
            .map(|_| ())
    }

    pub fn delete(conn: &mut DbConn, key: &Key) -> QueryResult<usize> {
        diesel::delete(
            auth_failures::table
                .filter(auth_failures::scope.eq(key.scope))
                .filter(auth_failures::subject.eq(&key.subject)),
        )
        .execute(conn)
    }

    pub fn delete_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(auth_failures::table.filter(auth_failures::created_at.lt(cutoff)))
            .execute(conn)
    }
}
