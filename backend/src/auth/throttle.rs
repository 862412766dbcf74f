//! Sign-in throttling. Attempts are rows in `auth_failures`, so the limit holds across
//! every latchkey process that shares the database.
//!
//! An attempt is counted *before* it is evaluated ([`reserve`]): the count and the insert
//! run under one lock per key, so a burst of parallel guesses gets at most `max_failures`
//! evaluations, never one per request in flight. A failed attempt leaves its rows (they are
//! the failure); a successful one removes them ([`Attempt::succeeded`]).

use chrono::Duration;
use sha2::{Digest, Sha256};

use super::store;
use crate::db::{self, time, write_tx, DbConn};
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

    /// The advisory-lock key that serialises attempts on this key (PostgreSQL; SQLite's
    /// write lock already does).
    fn lock_id(&self) -> i64 {
        let digest = Sha256::digest(format!("throttle\0{}\0{}", self.scope, self.subject));
        i64::from_be_bytes(digest[..8].try_into().expect("8 bytes"))
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// Attempts allowed in the window; 0 turns throttling off.
    pub max_failures: i64,
    pub window_secs: i64,
}

/// An attempt counted against its keys until it is known to have succeeded.
#[must_use = "a successful attempt must be released with `succeeded`"]
#[derive(Debug)]
pub struct Attempt {
    ids: Vec<String>,
}

impl Attempt {
    /// The attempt was right (or was not a guess at all): it stops counting.
    pub fn succeeded(self, conn: &mut DbConn) -> ApiResult<()> {
        if !self.ids.is_empty() {
            store::delete_ids(conn, &self.ids)?;
        }
        Ok(())
    }

    /// The attempt was wrong: its rows stay as the failure.
    pub fn failed(self) {}
}

/// Counts one attempt against every key in its own short write transaction, or answers
/// 429 with `Retry-After` when any key already has `max_failures` attempts in the window.
pub fn reserve(conn: &mut DbConn, keys: &[Key], limit: Limit) -> ApiResult<Attempt> {
    if limit.max_failures == 0 {
        return Ok(Attempt { ids: Vec::new() });
    }
    write_tx(conn, |c| reserve_in(c, keys, limit))
}

/// [`reserve`] inside a write transaction the caller holds.
pub fn reserve_in(conn: &mut DbConn, keys: &[Key], limit: Limit) -> ApiResult<Attempt> {
    if limit.max_failures == 0 {
        return Ok(Attempt { ids: Vec::new() });
    }
    // Sorted, so two requests locking overlapping keys queue instead of deadlocking.
    let mut locks: Vec<i64> = keys.iter().map(Key::lock_id).collect();
    locks.sort_unstable();
    locks.dedup();
    for lock in locks {
        db::lock_invariant(conn, lock)?;
    }
    check(conn, keys, limit)?;
    let now = time::now();
    let mut ids = Vec::with_capacity(keys.len());
    for key in keys {
        ids.push(store::insert(conn, key.scope, &key.subject, now)?);
    }
    Ok(Attempt { ids })
}

/// 429 with `Retry-After` when any key has reached the limit: the wait is until enough of
/// its attempts leave the window.
fn check(conn: &mut DbConn, keys: &[Key], limit: Limit) -> ApiResult<()> {
    let now = time::now();
    let since = now - Duration::seconds(limit.window_secs);
    let mut wait = 0i64;
    for key in keys {
        let times = store::failures_since(conn, key.scope, &key.subject, since)?;
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

/// Forgets a key's failures (a successful sign-in clears its email's).
pub fn clear(conn: &mut DbConn, key: &Key) -> ApiResult<()> {
    store::delete(conn, key.scope, &key.subject)?;
    Ok(())
}

/// Drops attempts older than a day; the server calls this periodically.
pub fn purge(conn: &mut DbConn) -> ApiResult<usize> {
    Ok(store::delete_before(conn, time::now() - Duration::days(1))?)
}
