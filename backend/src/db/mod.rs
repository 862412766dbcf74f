//! One diesel codebase over SQLite and PostgreSQL.
//!
//! The backend is chosen from the URL scheme; everything else talks to [`DbConn`]. The few
//! statements that differ per backend live behind a `match` on the variant, here or in the
//! store that needs them.

use std::path::PathBuf;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub mod condition;
pub mod time;

/// The result of a store's query; services convert it into `ApiResult` with `?`.
pub use diesel::result::Error as QueryError;
pub use diesel::QueryResult;

diesel::define_sql_function! {
    /// `lower(text)`: LIKE is case-insensitive on SQLite but not on PostgreSQL, so
    /// case-insensitive searches compare lower-cased text on both.
    fn lower(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

diesel::define_sql_function! {
    /// `lk_fold(text)`: Unicode-aware lower-casing for SQLite, whose `lower()` folds ASCII
    /// only. Registered on every SQLite connection; used in customer search.
    fn lk_fold(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

pub type Pool = r2d2::Pool<ConnectionManager>;
pub type PooledConn = r2d2::PooledConnection<ConnectionManager>;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Where the data lives, parsed from `LATCHKEY_DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, String> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("sqlite:// needs a file path, e.g. sqlite://data/latchkey.db".into());
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_string()));
        }
        let scheme = url.split("://").next().unwrap_or(url);
        Err(format!(
            "unsupported scheme `{scheme}`: use sqlite://PATH or postgres://USER@HOST/DB"
        ))
    }

    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    #[error("cannot prepare the SQLite file {path}: {source}")]
    SqliteFile {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Query(#[from] diesel::result::Error),
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("database pool: {0}")]
    Pool(#[from] r2d2::Error),
}

/// r2d2 manager that opens the variant named by the URL and reports the real error.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

impl ConnectionManager {
    pub fn new(url: DatabaseUrl) -> Self {
        Self { url }
    }

    pub fn connect(&self) -> Result<DbConn, DbError> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                configure_sqlite_library();
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|source| DbError::SqliteFile {
                        path: path.display().to_string(),
                        source,
                    })?;
                }
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                // WAL lets readers run beside the single writer; busy_timeout makes writers
                // queue instead of failing; NORMAL is durable across application crashes in WAL.
                // busy_timeout first: switching to WAL itself waits for other connections.
                // mmap: reads come from the OS page cache without a copy (a `pread` per page
                // otherwise), shared by every connection of the pool.
                conn.batch_execute("PRAGMA busy_timeout = 10000;")?;
                // Switching a new file to WAL can answer "database is locked" at once, without
                // waiting on busy_timeout, while another process does the same (SQLite avoids
                // a deadlock that way); it goes through when tried again.
                let mut tries = 0;
                while let Err(e) = conn.batch_execute("PRAGMA journal_mode = WAL;") {
                    tries += 1;
                    if tries == 100 || !e.to_string().contains("locked") {
                        return Err(e.into());
                    }
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                conn.batch_execute(
                    "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
                     PRAGMA mmap_size = 1073741824;",
                )?;
                lk_fold_utils::register_impl(&mut conn, |x: Option<String>| {
                    x.map(|s| s.to_lowercase())
                })?;
                Ok(DbConn::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => Ok(DbConn::Pg(PgConnection::establish(url)?)),
        }
    }
}

/// SQLite keeps allocation statistics by default, behind one mutex for the whole process:
/// with many threads reading at once (the licensing API), that mutex is where they queue.
/// Nothing here reads the statistics. Must run before SQLite initialises, so before the
/// first connection; later calls are refused by SQLite and change nothing.
fn configure_sqlite_library() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: sqlite3_config with SQLITE_CONFIG_MEMSTATUS takes one int; it is called
        // once, before any connection exists (or it returns SQLITE_MISUSE and does nothing).
        unsafe {
            libsqlite3_sys::sqlite3_config(
                libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS,
                0 as std::os::raw::c_int,
            );
        }
    });
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = DbConn;
    type Error = DbError;

    fn connect(&self) -> Result<DbConn, DbError> {
        ConnectionManager::connect(self)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), DbError> {
        conn.batch_execute("SELECT 1").map_err(DbError::Query)
    }

    /// Checked when a connection goes back to the pool, instead of a `SELECT 1` at every
    /// checkout (a round trip per request on PostgreSQL). A connection left in a failed
    /// transaction is dropped; and for a minute after any query found its PostgreSQL
    /// connection closed (a server restart or failover cuts them all), each returning
    /// connection is tried and dropped if dead. So each dead connection fails one request
    /// (503) and is then replaced.
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        if diesel::r2d2::R2D2Connection::is_broken(conn) {
            return true;
        }
        match conn {
            DbConn::Sqlite(_) => false,
            DbConn::Pg(_) => {
                connection_closed_recently() && conn.batch_execute("SELECT 1").is_err()
            }
        }
    }
}

/// When a query last found its connection closed, in seconds since the epoch (0: never).
static CONNECTION_CLOSED_AT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn epoch_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Records a query error; a closed connection makes the pool test returning connections.
pub fn note_query_error(err: &diesel::result::Error) {
    use diesel::result::{DatabaseErrorKind, Error};
    if matches!(
        err,
        Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _)
    ) {
        CONNECTION_CLOSED_AT.store(epoch_secs(), std::sync::atomic::Ordering::Relaxed);
    }
}

fn connection_closed_recently() -> bool {
    let at = CONNECTION_CLOSED_AT.load(std::sync::atomic::Ordering::Relaxed);
    at != 0 && epoch_secs().saturating_sub(at) < 60
}

/// Opens one connection first so a bad URL or an unreachable server is reported with its
/// real cause (r2d2 alone only says it timed out), runs the migrations, then builds the pool.
pub fn connect_and_migrate(url: &DatabaseUrl, pool_size: u32) -> Result<Pool, DbError> {
    let manager = ConnectionManager::new(url.clone());
    let mut first = manager.connect()?;
    run_migrations(&mut first, url)?;
    drop(first);
    let pool = r2d2::Pool::builder()
        .max_size(pool_size)
        .min_idle(Some(1))
        .test_on_check_out(false)
        .connection_timeout(Duration::from_secs(10))
        .build(manager)?;
    Ok(pool)
}

/// Applies pending migrations, one process at a time: processes that start together on a
/// new database take turns (a lock file beside the SQLite file; a session advisory lock on
/// PostgreSQL), and the later ones find nothing left to do.
pub fn run_migrations(conn: &mut DbConn, url: &DatabaseUrl) -> Result<usize, DbError> {
    let applied = match (conn, url) {
        (DbConn::Sqlite(c), DatabaseUrl::Sqlite(path)) => {
            let lock_path = path.with_extension("migrate.lock");
            let lock = std::fs::File::create(&lock_path).map_err(|source| DbError::SqliteFile {
                path: lock_path.display().to_string(),
                source,
            })?;
            lock.lock().map_err(|source| DbError::SqliteFile {
                path: lock_path.display().to_string(),
                source,
            })?;
            c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len())
        }
        (DbConn::Pg(c), _) => {
            diesel::sql_query(format!("SELECT pg_advisory_lock({})", locks::MIGRATIONS))
                .execute(c)?;
            let result = c.run_pending_migrations(PG_MIGRATIONS).map(|v| v.len());
            diesel::sql_query(format!("SELECT pg_advisory_unlock({})", locks::MIGRATIONS))
                .execute(c)?;
            result
        }
        (DbConn::Sqlite(_), DatabaseUrl::Postgres(_)) => {
            unreachable!("the connection comes from the URL")
        }
    };
    applied.map_err(|e| DbError::Migration(e.to_string()))
}

impl DbConn {
    pub fn backend(&self) -> Backend {
        match self {
            DbConn::Pg(_) => Backend::Postgres,
            DbConn::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// Runs blocking database work on the blocking thread pool with a pooled connection, so
/// that async code (request handlers, background workers) never waits on the database.
pub async fn run<T, E, F>(pool: &Pool, f: F) -> Result<T, E>
where
    T: Send + 'static,
    E: From<r2d2::Error> + From<tokio::task::JoinError> + Send + 'static,
    F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
{
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get()?;
        f(&mut conn)
    })
    .await?
}

/// A write transaction. SQLite takes the write lock up front (`BEGIN IMMEDIATE`) so two
/// writers queue on `busy_timeout` instead of one failing when it upgrades a read lock.
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConn::Pg(_) => conn.transaction(f),
        DbConn::Sqlite(_) => begin_with(conn, "BEGIN IMMEDIATE", f),
    }
}

/// A read-only transaction over one consistent snapshot, for reads spread over many
/// statements (exports): rows written meanwhile neither appear nor shift the pages.
pub fn snapshot_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConn::Pg(_) => begin_with(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", f),
        // In WAL mode a read transaction sees the database as of its first read.
        DbConn::Sqlite(_) => begin_with(conn, "BEGIN DEFERRED", f),
    }
}

/// Runs `f` in a transaction opened with `begin`, through the inner connection's
/// transaction manager so that nested `transaction` calls become savepoints.
fn begin_with<T, E, F>(conn: &mut DbConn, begin: &str, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    macro_rules! finish {
        ($variant:ident) => {{
            let DbConn::$variant(inner) = conn else {
                unreachable!()
            };
            AnsiTransactionManager::begin_transaction_sql(inner, begin)?;
            let result = f(conn);
            let DbConn::$variant(inner) = conn else {
                unreachable!("the variant does not change inside a transaction")
            };
            match result {
                Ok(value) => match AnsiTransactionManager::commit_transaction(inner) {
                    Ok(()) => Ok(value),
                    Err(commit_err) => {
                        let _ = AnsiTransactionManager::rollback_transaction(inner);
                        Err(commit_err.into())
                    }
                },
                Err(err) => {
                    let _ = AnsiTransactionManager::rollback_transaction(inner);
                    Err(err)
                }
            }
        }};
    }
    match conn {
        DbConn::Pg(_) => finish!(Pg),
        DbConn::Sqlite(_) => finish!(Sqlite),
    }
}

/// Serialises writers that check an invariant across rows (e.g. "one super admin remains")
/// until the end of the current transaction. SQLite already holds the database write lock
/// inside [`write_tx`]; PostgreSQL takes a transaction-scoped advisory lock, which also
/// holds across several latchkey processes.
pub fn lock_invariant(conn: &mut DbConn, key: i64) -> QueryResult<()> {
    match conn {
        DbConn::Sqlite(_) => Ok(()),
        DbConn::Pg(c) => diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(key)
            .execute(c)
            .map(|_| ()),
    }
}

/// Keys for [`lock_invariant`], one per invariant.
pub mod locks {
    pub const SUPER_ADMINS: i64 = 0x4c4b_0001;
    pub const MIGRATIONS: i64 = 0x4c4b_0002;
    pub const SERVER_KEY: i64 = 0x4c4b_0003;
}

#[derive(diesel::QueryableByName)]
struct TextPair {
    #[diesel(sql_type = diesel::sql_types::Text)]
    a: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    b: String,
}

/// `(column, other)` of the rows whose `column` is one of `values`, for bulk look-ups (up
/// to 1,000 values a statement). `table`, `column` and `other` are trusted identifiers.
///
/// diesel's `eq_any` would do, but on PostgreSQL it caches one prepared `= ANY($1)`
/// statement per connection, whose generic plan — made while the table was small — can stay
/// a sequential scan after the table has grown (seconds per call at 100,000 rows). These
/// statements are not cached, so each is planned for the table as it is.
pub fn lookup_pairs(
    conn: &mut DbConn,
    table: &str,
    column: &str,
    other: &str,
    values: &[String],
) -> QueryResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    for chunk in values.chunks(1000) {
        let rows: Vec<TextPair> = match conn {
            DbConn::Pg(c) => diesel::sql_query(format!(
                "SELECT {column} AS a, {other} AS b FROM {table} WHERE {column} = ANY($1)"
            ))
            .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(chunk)
            .load(c)?,
            DbConn::Sqlite(c) => {
                let marks = vec!["?"; chunk.len()].join(",");
                let mut q = diesel::sql_query(format!(
                    "SELECT {column} AS a, {other} AS b FROM {table} WHERE {column} IN ({marks})"
                ))
                .into_boxed();
                for v in chunk {
                    q = q.bind::<diesel::sql_types::Text, _>(v.clone());
                }
                q.load(c)?
            }
        };
        out.extend(rows.into_iter().map(|r| (r.a, r.b)));
    }
    Ok(out)
}

/// A round trip to the database, for readiness checks.
pub fn ping(conn: &mut DbConn) -> QueryResult<()> {
    conn.batch_execute("SELECT 1")
}
