//! Per-process request limits (GCRA: a steady rate with a burst of a full window's
//! allowance), for the licensing API and for anonymous link requests. State lives in this
//! process only: with N processes behind a load balancer a client gets up to N times the
//! limit. That is acceptable where the limits protect capacity, not secrets: license keys
//! are long random strings, and a link request's answer tells nothing either way. Limits
//! that protect secrets (sign-in guesses) are kept in the database (`auth::throttle`).

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const SHARDS: usize = 16;
/// Above this many tracked clients a shard drops the ones whose allowance is full again.
const PRUNE_AT: usize = 50_000;

pub struct RateLimiter {
    /// Time one request uses of the allowance; `None` = no limit.
    interval: Option<Duration>,
    /// How far ahead of now the allowance may be spent: a burst of one minute's requests.
    burst: Duration,
    hasher: RandomState,
    /// Theoretical arrival time per client, keyed by a hash so license keys are not kept.
    shards: Vec<Mutex<HashMap<u64, Instant>>>,
}

impl RateLimiter {
    /// `limit` requests a minute; 0 turns the limiter off.
    pub fn per_minute(limit: u32) -> Self {
        Self::per(limit, Duration::from_secs(60))
    }

    /// `limit` requests per `window`, all of which may come at once; 0 turns it off.
    pub fn per(limit: u32, window: Duration) -> Self {
        let interval = (limit > 0).then(|| window / limit);
        RateLimiter {
            interval,
            burst: interval.map(|i| window - i).unwrap_or_default(),
            hasher: RandomState::new(),
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
        }
    }

    /// Counts a request from `client`; `Err(seconds)` to wait when over the limit.
    pub fn check(&self, client: &str, now: Instant) -> Result<(), u64> {
        let Some(interval) = self.interval else {
            return Ok(());
        };
        let hash = self.hasher.hash_one(client);
        let mut shard = self.shards[hash as usize % SHARDS]
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let tat = shard.get(&hash).copied().unwrap_or(now).max(now);
        let ahead = tat - now;
        if ahead > self.burst {
            let wait = ahead - self.burst;
            return Err(wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
        }
        if shard.len() >= PRUNE_AT {
            shard.retain(|_, t| *t > now);
        }
        shard.insert(hash, tat + interval);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_a_minutes_burst_then_refuses_until_the_allowance_returns() {
        let limiter = RateLimiter::per_minute(60);
        let t0 = Instant::now();
        for i in 0..60 {
            assert_eq!(limiter.check("k", t0), Ok(()), "request {i}");
        }
        assert_eq!(limiter.check("k", t0), Err(1));
        assert_eq!(limiter.check("other", t0), Ok(()), "clients are separate");
        // One request's worth of allowance comes back every second.
        assert_eq!(limiter.check("k", t0 + Duration::from_secs(1)), Ok(()));
        assert!(limiter.check("k", t0 + Duration::from_secs(1)).is_err());
    }

    #[test]
    fn retry_after_counts_the_whole_wait() {
        let limiter = RateLimiter::per_minute(2);
        let t0 = Instant::now();
        assert!(limiter.check("k", t0).is_ok());
        assert!(limiter.check("k", t0).is_ok());
        assert_eq!(limiter.check("k", t0), Err(30));
        assert_eq!(limiter.check("k", t0 + Duration::from_secs(29)), Err(1));
        assert!(limiter.check("k", t0 + Duration::from_secs(30)).is_ok());
    }

    #[test]
    fn zero_means_unlimited() {
        let limiter = RateLimiter::per_minute(0);
        let t0 = Instant::now();
        assert!((0..10_000).all(|_| limiter.check("k", t0).is_ok()));
    }
}
