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
    pub link_requests: crate::rate_limit::RateLimiter,
}

pub type State = web::Data<AppState>;

impl AppState {
    pub fn new(pool: Pool, config: Config, secrets: Secrets) -> Self {
        Self {
            pool,
            backend: config.database_url.backend(),
            licensing: crate::licensing::Runtime::new(&config),
            link_requests: crate::rate_limit::RateLimiter::per(
                config.link_requests_per_ip,
                std::time::Duration::from_secs(3600),
            ),
            config: Arc::new(config),
            jwt: JwtKeys::new(&secrets),
            secrets,
            metrics: Metrics::new(),
        }
    }

    /// What the sign-in and account services work with.
    pub fn deps(&self) -> crate::auth::Deps<'_> {
        crate::auth::Deps {
            pool: &self.pool,
            config: &self.config,
            secrets: &self.secrets,
            jwt: &self.jwt,
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
        crate::db::run(&self.pool, f).await
    }

    /// What the mail delivery worker needs.
    pub fn mail_worker(&self) -> crate::email::worker::Worker {
        crate::email::worker::Worker {
            pool: self.pool.clone(),
            config: self.config.clone(),
            secrets: self.secrets.clone(),
        }
    }
}
