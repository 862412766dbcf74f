//! The licensing API the vendor's software calls: activate, validate, deactivate. The
//! license key is the credential; every answer is a signed envelope (see `docs/licensing.md`).
//!
//! - [`service`]: the rules (which code, why), under a row lock where slots change.
//! - [`lookup`]: the validation read, batched on PostgreSQL.
//! - [`signer`]: signs answers with the product's (or the server's) Ed25519 key.
//! - [`usage`]: coalesces `last_verified_at` writes and hourly counts off the hot path.

pub mod examples;
pub mod lookup;
pub mod model;
pub mod routes;
pub mod service;
pub mod signer;
pub mod store;
pub mod usage;

use std::sync::Arc;

use crate::config::Config;
use crate::rate_limit::RateLimiter;

/// The licensing API's in-process state, shared by all workers.
pub struct Runtime {
    pub signer: signer::Signer,
    pub lookups: lookup::Lookups,
    pub usage: Arc<usage::Usage>,
    pub per_ip: RateLimiter,
    pub per_key: RateLimiter,
}

impl Runtime {
    pub fn new(config: &Config) -> Self {
        Runtime {
            signer: signer::Signer::default(),
            lookups: lookup::Lookups::new(config.database_url.backend(), config.db_pool_size),
            usage: Arc::new(usage::Usage::default()),
            per_ip: RateLimiter::per_minute(config.licensing_rate_per_ip),
            per_key: RateLimiter::per_minute(config.licensing_rate_per_key),
        }
    }
}
