//! What the benchmarks share: the in-process server they measure, and seeded databases.
//!
//! Seeding takes minutes at a million customers, so seeded databases are kept and reused:
//! the SQLite file `target/bench-data/customers-<N>x<M>.db` and the PostgreSQL database
//! `latchkey_bench_customers_<N>x<M>`. Either is (re)created and seeded in-process with
//! `latchkey::seed::run` when missing or when it does not hold exactly N customers; delete
//! it (or drop it) to force a new seed. Pending migrations are applied to a reused database.

// Each benchmark binary compiles this module and uses a part of it.
#![allow(dead_code)]

pub mod server;
pub mod wrk;

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::PathBuf;

use actix_web::{web, HttpServer};
use diesel::prelude::*;
use diesel::PgConnection;
use latchkey::db::{ConnectionManager, DatabaseUrl, DbConn};
use latchkey::schema::{audit_events, customers};
use latchkey::seed::{self, SeedOptions};
use serde_json::{json, Value};

/// The allocator of the `latchkey` binary, so the in-process server measures as it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub const SECRET: &str = "bench-secret-key-that-is-long-enough-0123456789";
pub const ADMIN_EMAIL: &str = "bench@example.com";
pub const ADMIN_PASSWORD: &str = "bench-password-1";

/// Starts the real app (release build, 2 workers, fast bcrypt) on a random port against
/// `url`, with the bench admin bootstrapped and `extra` settings; answers its address.
pub async fn spawn(url: &str, dir: &std::path::Path, extra: &[(&str, &str)]) -> String {
    let mut s = BTreeMap::new();
    s.insert("LATCHKEY_DATABASE_URL".to_string(), url.to_string());
    s.insert(
        "LATCHKEY_DATA_DIR".to_string(),
        dir.join("data").display().to_string(),
    );
    s.insert("LATCHKEY_SECRET_KEY".to_string(), SECRET.to_string());
    s.insert("LATCHKEY_ADMIN_EMAIL".to_string(), ADMIN_EMAIL.to_string());
    s.insert(
        "LATCHKEY_ADMIN_PASSWORD".to_string(),
        ADMIN_PASSWORD.to_string(),
    );
    s.insert("LATCHKEY_BCRYPT_COST".to_string(), "4".to_string());
    s.insert("LATCHKEY_LOG".to_string(), "warn".to_string());
    for (k, v) in extra {
        s.insert(k.to_string(), v.to_string());
    }
    let config = latchkey::config::Config::from_values(s).unwrap();
    let state = web::block(move || latchkey::server::prepare(config))
        .await
        .unwrap()
        .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    latchkey::server::spawn_usage_flusher(state.clone());
    let blocking = latchkey::server::blocking_threads(&state.config);
    let server = HttpServer::new(move || latchkey::http::app::build(state.clone()))
        .workers(2)
        .worker_max_blocking_threads(blocking)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
    actix_web::rt::spawn(server);
    addr
}

/// The seeded databases to measure: SQLite, and PostgreSQL when
/// `LATCHKEY_TEST_POSTGRES_URL` is set (said on stderr when it is not).
pub fn seeded_targets(customers: u64, per_customer: u32) -> Vec<(&'static str, String)> {
    let mut targets = vec![("SQLite", sqlite_target(customers, per_customer))];
    match std::env::var("LATCHKEY_TEST_POSTGRES_URL") {
        Ok(admin) if !admin.is_empty() => targets.push((
            "PostgreSQL",
            postgres_target(&admin, customers, per_customer),
        )),
        _ => eprintln!("LATCHKEY_TEST_POSTGRES_URL is not set: PostgreSQL is skipped"),
    }
    targets
}

/// Signs the bench admin in at `addr`: an access token.
pub async fn sign_in(client: &reqwest::Client, addr: &str) -> String {
    let login: Value = client
        .post(format!("{addr}/api/v1/admin/auth/login"))
        .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    login["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("login failed: {login}"))
        .to_string()
}

pub fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}=`{v}` is not a whole number")),
        _ => default,
    }
}

/// The workspace's `target/` (or `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target")),
    }
}

pub fn connect(url: &str) -> DbConn {
    let url = DatabaseUrl::parse(url).unwrap();
    let mut conn = ConnectionManager::new(url.clone())
        .connect()
        .expect("connect to the bench database");
    latchkey::db::run_migrations(&mut conn, &url).expect("migrate the bench database");
    conn
}

/// Customers in the database, or `None` when no seed finished there (`system.seeded` is
/// the seed's last write, after the indexes are rebuilt).
fn seeded_customers(url: &str) -> Option<i64> {
    let mut conn = connect(url);
    let finished: i64 = audit_events::table
        .filter(audit_events::action.eq("system.seeded"))
        .count()
        .get_result(&mut conn)
        .expect("read the audit trail");
    if finished == 0 {
        return None;
    }
    Some(
        customers::table
            .count()
            .get_result(&mut conn)
            .expect("count customers"),
    )
}

/// Seeds the (empty) database at `url`, printing progress and the time taken.
fn seed_into(label: &str, url: &str, customers: u64, per_customer: u32) {
    eprintln!("{label}: seeding {customers} customers x {per_customer} licenses …");
    let mut conn = connect(url);
    let mut last = (None, u64::MAX);
    let report = seed::run(
        &mut conn,
        &latchkey::crypto::Secrets::from_key(SECRET),
        &SeedOptions::new(customers, per_customer),
        &mut |p| {
            let decile = (p.done * 10).checked_div(p.total).unwrap_or(10);
            if last != (Some(p.phase), decile) {
                last = (Some(p.phase), decile);
                eprintln!(
                    "  {} {}/{} {:.1}s",
                    p.phase.as_str(),
                    p.done,
                    p.total,
                    p.elapsed.as_secs_f64()
                );
            }
        },
    )
    .expect("seed the bench database");
    let secs = report.elapsed.as_secs_f64();
    println!(
        "{label}: seeded {} customers, {} licenses, {} activations in {secs:.1}s ({:.0} rows/s)",
        report.customers,
        report.licenses,
        report.activations,
        report.rows() as f64 / secs.max(0.001)
    );
}

/// The cached SQLite file, seeded when it does not hold exactly `customers`.
pub fn sqlite_target(customers: u64, per_customer: u32) -> String {
    let dir = target_dir().join("bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("customers-{customers}x{per_customer}.db"));
    let url = format!("sqlite://{}", path.display());
    if path.exists() {
        let n = seeded_customers(&url);
        if n == Some(customers as i64) {
            eprintln!("SQLite: reusing {} ({customers} customers)", path.display());
            return url;
        }
        eprintln!(
            "SQLite: {} is not a finished seed of {customers} customers ({n:?}): seeding it again",
            path.display()
        );
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    seed_into("SQLite", &url, customers, per_customer);
    url
}

/// The cached PostgreSQL database, (re)created and seeded when it does not hold exactly
/// `customers`.
pub fn postgres_target(admin_url: &str, customers: u64, per_customer: u32) -> String {
    let name = format!("latchkey_bench_customers_{customers}x{per_customer}");
    let (without_query, _) = admin_url.split_once('?').unwrap_or((admin_url, ""));
    let base = without_query
        .rsplit_once('/')
        .map(|(b, _)| b.to_string())
        .expect("LATCHKEY_TEST_POSTGRES_URL with a database name");
    let url = format!("{base}/{name}?sslmode=disable");
    let mut admin =
        PgConnection::establish(admin_url).expect("connect to LATCHKEY_TEST_POSTGRES_URL");

    #[derive(diesel::QueryableByName)]
    struct Exists {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        exists: bool,
    }
    let exists =
        diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
            .bind::<diesel::sql_types::Text, _>(&name)
            .get_result::<Exists>(&mut admin)
            .unwrap()
            .exists;
    if exists {
        let n = seeded_customers(&url);
        if n == Some(customers as i64) {
            eprintln!("PostgreSQL: reusing database {name} ({customers} customers)");
            return url;
        }
        eprintln!(
            "PostgreSQL: {name} is not a finished seed of {customers} customers ({n:?}): \
             seeding it again"
        );
        diesel::sql_query(format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
            .execute(&mut admin)
            .unwrap();
    }
    diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
        .execute(&mut admin)
        .unwrap();
    seed_into("PostgreSQL", &url, customers, per_customer);
    url
}

/// A new, empty database for one run: a SQLite file in a temporary directory, or a
/// PostgreSQL database dropped when this is.
pub struct FreshDb {
    pub label: &'static str,
    pub url: String,
    /// A directory for the server's data (and the SQLite file).
    pub dir: tempfile::TempDir,
    drop: Option<(String, String)>,
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.drop {
            if let Ok(mut conn) = PgConnection::establish(admin) {
                let _ =
                    diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .execute(&mut conn);
            }
        }
    }
}

/// A fresh SQLite database and, with `LATCHKEY_TEST_POSTGRES_URL`, a fresh PostgreSQL one.
pub fn fresh_databases() -> Vec<FreshDb> {
    let dir = tempfile::tempdir().unwrap();
    let mut out = vec![FreshDb {
        label: "SQLite",
        url: format!("sqlite://{}/bench.db", dir.path().display()),
        dir,
        drop: None,
    }];
    match std::env::var("LATCHKEY_TEST_POSTGRES_URL") {
        Ok(admin) if !admin.is_empty() => {
            let name = format!("latchkey_bench_{}", uuid::Uuid::new_v4().simple());
            let mut conn =
                PgConnection::establish(&admin).expect("connect to LATCHKEY_TEST_POSTGRES_URL");
            diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
                .execute(&mut conn)
                .unwrap();
            let base = admin
                .split('?')
                .next()
                .unwrap()
                .rsplit_once('/')
                .unwrap()
                .0
                .to_string();
            out.push(FreshDb {
                label: "PostgreSQL",
                url: format!("{base}/{name}?sslmode=disable"),
                dir: tempfile::tempdir().unwrap(),
                drop: Some((admin, name)),
            });
        }
        _ => eprintln!("LATCHKEY_TEST_POSTGRES_URL is not set: PostgreSQL is skipped"),
    }
    out
}

/// A JSON POST with the bearer `token`; panics unless it succeeds.
pub async fn post(client: &reqwest::Client, url: String, token: &str, body: Value) -> Value {
    let res = client
        .post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

/// A duration for the tables: tenths below 10 ms.
pub fn ms(d: std::time::Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}
