use std::sync::Arc;

use actix_web::web;

use crate::auth::jwt::JwtKeys;
use crate::config::Config;
use crate::crypto::Secrets;
use crate::db::{Backend, DbConn, Pool};
use crate::error::ApiResult;
use crate::http::metrics::Metrics;

/// Everything a request handler may need, shared by all workers.
pub struct AppState {
    pub pool: Pool,
    pub config: Arc<Config>,
    pub secrets: Secrets,
    pub jwt: JwtKeys,
    pub metrics: Metrics,
    pub backend: Backend,
    pub licensing: crate::licensing::Runtime,
    /// Anonymous magic-link and password-reset requests per client address.
    pub link_requests: crate::http::rate_limit::RateLimiter,
}

pub type State = web::Data<AppState>;

impl AppState {
    pub fn new(pool: Pool, config: Config, secrets: Secrets) -> Self {
        Self {
            pool,
            backend: config.database_url.backend(),
            licensing: crate::licensing::Runtime::new(&config),
            link_requests: crate::http::rate_limit::RateLimiter::per(
                config.link_requests_per_ip,
                std::time::Duration::from_secs(3600),
            ),
            config: Arc::new(config),
            jwt: JwtKeys::new(&secrets),
            secrets,
            metrics: Metrics::new(),
        }
    }

    /// What the account-security rules (`auth::account`) work with.
    pub fn security(&self) -> crate::auth::account::Security<'_> {
        crate::auth::account::Security {
            pool: &self.pool,
            secrets: &self.secrets,
            policy: crate::auth::account::Policy::of(&self.config),
        }
    }

    /// Runs blocking work on the blocking thread pool without taking a connection: for
    /// services that hash passwords and take connections only around their queries.
    pub async fn blocking<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce() -> ApiResult<T> + Send + 'static,
    {
        web::block(f).await?
    }

    /// Runs blocking database work on the blocking thread pool with a pooled connection.
    pub async fn db<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }
}
