//! Start-up: configuration, secret, database, first admin, HTTP server, housekeeping.

use std::time::Duration;

use actix_web::{web, HttpServer};

use crate::config::Config;
use crate::crypto::{SecretOrigin, Secrets};
use crate::db::{self, Pool};
use crate::http::state::AppState;

/// What start-up failed on; `main` turns it into one line and an exit code.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Config(#[from] crate::config::ConfigError),
    #[error("cannot load the server secret from {dir}: {source}")]
    Secret { dir: String, source: std::io::Error },
    #[error("{0}")]
    Database(#[from] db::DbError),
    #[error("cannot create the first admin: {0}")]
    Bootstrap(String),
    #[error("{0}")]
    Command(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

impl StartError {
    /// 2 for configuration mistakes (fix the settings), 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            StartError::Config(_) => 2,
            _ => 1,
        }
    }
}

pub fn load_secrets(config: &Config) -> Result<Secrets, StartError> {
    let (secrets, origin) = Secrets::load_or_create(config.secret_key.as_deref(), &config.data_dir)
        .map_err(|source| StartError::Secret {
            dir: config.data_dir.display().to_string(),
            source,
        })?;
    match origin {
        SecretOrigin::Generated => tracing::warn!(
            path = %config.data_dir.join("secret.key").display(),
            "LATCHKEY_SECRET_KEY is not set: generated a server secret and saved it (mode 0600). \
             Set LATCHKEY_SECRET_KEY in production and keep it: it signs sessions and encrypts stored secrets."
        ),
        SecretOrigin::File => tracing::info!("using the server secret saved in the data directory"),
        SecretOrigin::Environment => {}
    }
    Ok(secrets)
}

pub fn open_database(config: &Config) -> Result<Pool, StartError> {
    Ok(db::connect_and_migrate(
        &config.database_url,
        config.db_pool_size,
    )?)
}

/// Builds the shared state, creating the first super admin if there is none.
pub fn prepare(config: Config) -> Result<web::Data<AppState>, StartError> {
    let secrets = load_secrets(&config)?;
    let pool = open_database(&config)?;
    let mut conn = pool.get().map_err(db::DbError::from)?;
    let hand_over = |email: &str, password: &str| {
        hand_over_bootstrap_password(&config, email, password).map_err(|e| e.to_string())
    };
    match crate::admins::service::bootstrap(&mut conn, &config, hand_over) {
        Ok(Some((email, false))) => {
            tracing::info!(%email, "bootstrap super admin created from LATCHKEY_ADMIN_EMAIL")
        }
        Ok(_) => {}
        Err(e) => return Err(StartError::Bootstrap(e.to_string())),
    }
    crate::signing::service::ensure_server_key(&mut conn, &secrets)
        .map_err(|e| StartError::Bootstrap(format!("cannot create the server signing key: {e}")))?;
    drop(conn);
    Ok(web::Data::new(AppState::new(pool, config, secrets)))
}

/// Where a generated first password goes when no terminal is watching.
pub const INITIAL_PASSWORD_FILE: &str = "initial-admin-password";

/// Shows a generated bootstrap password once, never through the log (which may be a JSON
/// stream shipped elsewhere): on the terminal when stdout is one, otherwise in
/// `DATA_DIR/initial-admin-password` (mode 0600); the log says only where it is.
fn hand_over_bootstrap_password(
    config: &Config,
    email: &str,
    password: &str,
) -> Result<(), StartError> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        println!(
            "\n  Bootstrap admin created: email={email} password={password}\n  (shown once; sign in and change it)\n"
        );
        tracing::warn!(
            "Bootstrap admin created: email={email}; the password was printed on the terminal (shown once)"
        );
        return Ok(());
    }
    let path = config.data_dir.join(INITIAL_PASSWORD_FILE);
    crate::crypto::write_private_file(&path, format!("{password}\n").as_bytes()).map_err(
        |source| StartError::Secret {
            dir: config.data_dir.display().to_string(),
            source,
        },
    )?;
    tracing::warn!(
        "Bootstrap admin created: email={email}; the password is in {} (mode 0600): sign in, change it, and delete the file",
        path.display()
    );
    Ok(())
}

pub async fn serve(config: Config) -> Result<(), StartError> {
    let bind = config.bind;
    let state = prepare(config)?;
    tracing::info!(
        database = state.backend.name(),
        url = %state.config.public_url,
        "Latchkey {} listening on http://{bind} — admin portal at {}/admin",
        env!("CARGO_PKG_VERSION"),
        state.config.public_url
    );
    let housekeeping = actix_web::rt::spawn(housekeeping(state.clone()));
    let flusher = spawn_usage_flusher(state.clone());
    let mailer = crate::email::worker::spawn(state.mail_worker());
    let app_state = state.clone();
    let blocking = blocking_threads(&state.config);
    let server = HttpServer::new(move || crate::http::app::build(app_state.clone()))
        .worker_max_blocking_threads(blocking)
        .shutdown_timeout(30)
        .bind(bind)
        .map_err(|source| StartError::Bind {
            addr: bind.to_string(),
            source,
        })?
        .run();
    // actix-server stops accepting on SIGTERM/SIGINT and lets running requests finish.
    server.await?;
    housekeeping.abort();
    flusher.abort();
    // A mail cut off mid-send stays claimed until its lease runs out, then goes again.
    // Awaited so the SMTP pool is dropped inside the runtime (its drop spawns a task).
    mailer.abort();
    let _ = mailer.await;
    // Requests have finished: what they noted is written before the process exits.
    if let Err(e) = flush_usage(&state).await {
        tracing::error!(error = %e, "could not write the last validation notes");
    }
    tracing::info!("stopped");
    Ok(())
}

/// Threads per worker for blocking work (database calls, password hashing). Past the pool
/// size they would only queue for a connection while the scheduler switches between them.
pub fn blocking_threads(config: &Config) -> usize {
    (config.db_pool_size as usize).max(4)
}

/// Writes the licensing API's coalesced notes (`last_verified_at`, hourly counts) every
/// `LATCHKEY_USAGE_FLUSH_SECS`.
pub fn spawn_usage_flusher(state: web::Data<AppState>) -> actix_web::rt::task::JoinHandle<()> {
    let every = Duration::from_secs(state.config.usage_flush_secs);
    actix_web::rt::spawn(async move {
        // The first write one interval after start, not at once.
        let mut tick =
            actix_web::rt::time::interval_at(actix_web::rt::time::Instant::now() + every, every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = flush_usage(&state).await {
                tracing::warn!(error = %e, "could not write validation notes; keeping them for the next try");
            }
        }
    })
}

pub async fn flush_usage(
    state: &web::Data<AppState>,
) -> crate::error::ApiResult<crate::licensing::usage::Flushed> {
    let usage = state.licensing.usage.clone();
    state.db(move |conn| usage.flush(conn)).await
}

/// Periodic clean-up of expired sessions and old sign-in failures.
async fn housekeeping(state: web::Data<AppState>) {
    let mut tick = actix_web::rt::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        let purged = state
            .db(|conn| {
                Ok(crate::admins::service::purge_expired(conn)?
                    + crate::customers::service::purge_expired(conn)?)
            })
            .await;
        match purged {
            Ok(n) if n > 0 => tracing::debug!(rows = n, "housekeeping purged expired rows"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "housekeeping failed"),
        }
    }
}
