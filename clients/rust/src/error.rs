//! The one error type of the SDK.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// Everything that can go wrong. A refusal by the server (`valid == false`) is not an error:
/// it is an authentic answer and comes back as `Ok`.
///
/// No variant carries a license key in full; [`mask_key`] shortens it where one is named.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server could not be reached (connection refused, timeout, reset), or, for
    /// `validate`, answered with a 5xx. `cache` tells whether an offline answer was tried.
    #[error("licensing server unreachable: {reason} ({cache})")]
    Offline {
        /// What failed, e.g. the connection error.
        reason: String,
        /// Whether the offline cache was tried, and why it did not help.
        cache: CacheFallback,
    },

    /// The server answered with an error document (`application/problem+json`) instead
    /// of a licensing answer: bad input, rate limiting, server failure.
    #[error("licensing server error {status}{}: {detail}", code.as_deref().map(|c| format!(" ({c})")).unwrap_or_default())]
    Server {
        /// The HTTP status.
        status: u16,
        /// The stable machine-readable code, e.g. `validation_failed`, `rate_limited`.
        code: Option<String>,
        /// The problem's `detail` (or `title`), with any license key masked.
        detail: String,
        /// Field name → messages, for invalid input.
        errors: BTreeMap<String, Vec<String>>,
        /// From `Retry-After`, for 429.
        retry_after: Option<Duration>,
    },

    /// The signature does not verify with the pinned key named by `key_id`: the answer
    /// was altered, or signed by someone else.
    #[error("the answer's signature is invalid (key {key_id})")]
    SignatureInvalid {
        /// The key the envelope claims.
        key_id: String,
    },

    /// The answer names a key that is not pinned.
    #[error("the answer is signed with unknown key {key_id}")]
    UnknownKeyId {
        /// The key the envelope claims: pin it if it is genuinely the server's.
        key_id: String,
    },

    /// The answer uses a signature algorithm other than Ed25519.
    #[error("unsupported signature algorithm {alg:?}")]
    UnsupportedAlgorithm {
        /// The envelope's `alg`.
        alg: String,
    },

    /// The answer does not echo this request's nonce: a replayed older answer.
    #[error("the answer does not carry this request's nonce (replayed answer)")]
    NonceMismatch,

    /// `issued_at + ttl_s` (plus the allowed skew, or the grace period offline) has passed,
    /// or, for a cached answer, the license's own `expires_at` (plus the skew) has.
    #[error("the answer expired at {expired_at} (now {now})")]
    Expired {
        /// `issued_at + ttl_s`.
        expired_at: DateTime<Utc>,
        /// The local clock's time.
        now: DateTime<Utc>,
    },

    /// `issued_at` lies further in the future than the allowed clock skew: a wrong local
    /// clock, or a clock turned back to stretch an offline answer.
    #[error("the answer was issued in the future ({issued_at}, now {now})")]
    IssuedInFuture {
        /// The server's signing time.
        issued_at: DateTime<Utc>,
        /// The local clock's time.
        now: DateTime<Utc>,
    },

    /// The local clock is earlier than the latest time the offline cache has seen (minus
    /// the allowed skew): a clock turned back to stretch a cached answer.
    #[error("the clock was turned back ({now}, the cache saw {latest_seen})")]
    ClockRolledBack {
        /// The latest local time at which the cache stored or cleared an answer.
        latest_seen: DateTime<Utc>,
        /// The local clock's time.
        now: DateTime<Utc>,
    },

    /// The answer is signed with a key the pinned key list marks as retired: a fresh
    /// answer issued after the retirement (beyond the skew), or a cached one issued after
    /// it. A retired key might have leaked; it signs nothing new.
    #[error("the answer is signed with retired key {key_id} (retired at {retired_at})")]
    KeyRetired {
        /// The key the envelope claims.
        key_id: String,
        /// When it was retired.
        retired_at: DateTime<Utc>,
    },

    /// An authentic answer about another license key or identifier than the one asked
    /// about: cached answers copied between entries.
    #[error("the answer is about another {0}")]
    Mismatch(&'static str),

    /// The answer is not a well-formed signed envelope.
    #[error("malformed answer: {0}")]
    Malformed(String),

    /// The offline cache file could not be read or written. A failed write after a fresh
    /// answer is not an error: it is reported in [`crate::Answer::cache_error`].
    #[error("offline cache {}: {source}", path.display())]
    Cache {
        /// The cache file.
        path: PathBuf,
        /// The underlying failure; `InvalidData` for a file that is not a cache.
        #[source]
        source: std::io::Error,
    },

    /// An argument breaks the API's limits; nothing was sent.
    #[error("invalid {field}: {message}")]
    InvalidInput {
        /// `license_key` or `identifier`.
        field: &'static str,
        /// What is wrong with it (never the value itself).
        message: String,
    },

    /// The client could not be built: bad base URL, no keys pinned, a malformed key.
    #[error("client configuration: {0}")]
    Config(String),
}

/// Whether `validate` tried the offline cache, and why it did not help.
#[derive(Debug)]
#[non_exhaustive]
pub enum CacheFallback {
    /// No cache file is configured, or the call was not a `validate`.
    NotTried,
    /// The cache holds no answer for this license key and identifier.
    NoEntry,
    /// A cached answer was found but refused, e.g. [`Error::Expired`] past the grace
    /// period or [`Error::SignatureInvalid`] for an edited cache file.
    Rejected(Box<Error>),
    /// A refusal for this license key (or identifier) could not be written to the cache
    /// file earlier in this process, so its cached answer is no longer trusted.
    Disabled,
}

impl std::fmt::Display for CacheFallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CacheFallback::NotTried => f.write_str("no offline cache tried"),
            CacheFallback::NoEntry => f.write_str("no cached answer"),
            CacheFallback::Rejected(e) => write!(f, "cached answer refused: {e}"),
            CacheFallback::Disabled => {
                f.write_str("cache disabled for this key after a refusal could not be stored")
            }
        }
    }
}

/// A license key shortened for logs and error messages: `ABCD…WXYZ`, showing at most a
/// third of the key (up to 4 characters at each end), or `…` when too short to show any
/// of it safely.
pub fn mask_key(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let each = (chars.len() / 6).min(4);
    if each == 0 || chars.len() < 12 {
        return "…".to_string();
    }
    let head: String = chars[..each].iter().collect();
    let tail: String = chars[chars.len() - each..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_only_the_ends() {
        assert_eq!(mask_key("PRO-ABCD-EFGH-IJKL"), "PRO…JKL");
        assert_eq!(mask_key("short"), "…");
        // At most a third of a short key shows.
        assert_eq!(mask_key("ABCDEFGHIJKL"), "AB…KL");
        assert_eq!(mask_key("ABCDEFGHIJKLMNOPQR"), "ABC…PQR");
    }
}
