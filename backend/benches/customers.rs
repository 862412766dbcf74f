//! `make bench` (customers part): `GET /api/v1/admin/customers` — search, sort and deep
//! pages — over a database of `LATCHKEY_BENCH_CUSTOMERS` customers (default 1,000,000) with
//! `LATCHKEY_BENCH_LICENSES_PER_CUSTOMER` licenses each (default 3), through the real HTTP
//! API of an in-process server, on SQLite and (with `LATCHKEY_TEST_POSTGRES_URL`)
//! PostgreSQL. Prints a Markdown table for docs/benchmarks.md.
//!
//! Seeding a million customers takes minutes, so the seeded databases are kept and reused:
//! the SQLite file `target/bench-data/customers-<N>x<M>.db` and the PostgreSQL database
//! `latchkey_bench_customers_<N>x<M>`. Either is (re)created and seeded in-process with
//! `latchkey::seed::run` when missing or when it does not hold exactly N customers; delete
//! it (or drop it) to force a new seed. Pending migrations are applied to a reused database.

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::PgConnection;
use latchkey::db::{ConnectionManager, DatabaseUrl, DbConn};
use latchkey::schema::{audit_events, customers};
use latchkey::seed::{self, SeedOptions};
use serde_json::Value;

const WARMUP: usize = 5;
const RUNS: usize = 40;

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}=`{v}` is not a whole number")),
        _ => default,
    }
}

/// The workspace's `target/` (or `CARGO_TARGET_DIR`).
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target")),
    }
}

fn connect(url: &str) -> DbConn {
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
        &latchkey::crypto::Secrets::from_key(common::SECRET),
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
fn sqlite_target(customers: u64, per_customer: u32) -> String {
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
fn postgres_target(admin_url: &str, customers: u64, per_customer: u32) -> String {
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

/// One customer's email from the middle of the table, for the exact-match search.
fn some_email(url: &str, customers: u64) -> String {
    customers::table
        .select(customers::email)
        .order(customers::id)
        .offset((customers / 2) as i64)
        .first(&mut connect(url))
        .expect("a seeded customer")
}

struct Query {
    label: String,
    params: Vec<(&'static str, String)>,
}

fn queries(email: &str) -> Vec<Query> {
    let mut out = Vec::new();
    // `john` and `@gmail.com` match more than the count cap (10,000); `sarah` a little
    // fewer, so its total is counted exactly: the costliest exact count.
    for (what, term) in [
        ("name fragment `john`", "john".to_string()),
        ("name fragment `sarah`", "sarah".to_string()),
        ("email domain `@gmail.com`", "@gmail.com".to_string()),
        ("full email", email.to_string()),
    ] {
        for sort in ["name", "-license_count", "-created_at"] {
            out.push(Query {
                label: format!("search {what}, sort={sort}"),
                params: vec![
                    ("search", term.clone()),
                    ("sort", sort.to_string()),
                    ("per_page", "25".to_string()),
                ],
            });
        }
    }
    out.push(Query {
        label: "search name fragment `john`, sort=name, page 100".to_string(),
        params: vec![
            ("search", "john".to_string()),
            ("sort", "name".to_string()),
            ("page", "100".to_string()),
            ("per_page", "25".to_string()),
        ],
    });
    for sort in [None, Some("name")] {
        for page in [1, 1000] {
            let mut params = vec![("page", page.to_string()), ("per_page", "25".to_string())];
            if let Some(s) = sort {
                params.push(("sort", s.to_string()));
            }
            out.push(Query {
                label: format!(
                    "list page {page}, {}",
                    sort.map_or("default sort (-created_at)".to_string(), |s| format!(
                        "sort={s}"
                    ))
                ),
                params,
            });
        }
    }
    out
}

async fn get(client: &reqwest::Client, addr: &str, token: &str, q: &Query) -> (Duration, Value) {
    let started = Instant::now();
    let res = client
        .get(format!("{addr}/api/v1/admin/customers"))
        .query(&q.params)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let body = res.text().await.unwrap();
    let took = started.elapsed();
    assert!(
        status.is_success(),
        "GET /api/v1/admin/customers ({}) answered {status}: {body}",
        q.label
    );
    (took, serde_json::from_str(&body).unwrap())
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

#[actix_web::main]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it.
    if !std::env::args().any(|a| a == "--bench") {
        println!("customers benchmark: skipped (run it with `make bench`)");
        return;
    }
    let customers = env_number("LATCHKEY_BENCH_CUSTOMERS", 1_000_000);
    let per_customer = env_number("LATCHKEY_BENCH_LICENSES_PER_CUSTOMER", 3) as u32;
    assert!(customers > 0, "LATCHKEY_BENCH_CUSTOMERS must be at least 1");

    let mut targets = vec![("SQLite", sqlite_target(customers, per_customer))];
    match std::env::var("LATCHKEY_TEST_POSTGRES_URL") {
        Ok(admin) if !admin.is_empty() => targets.push((
            "PostgreSQL",
            postgres_target(&admin, customers, per_customer),
        )),
        _ => eprintln!("LATCHKEY_TEST_POSTGRES_URL is not set: PostgreSQL is skipped"),
    }

    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()
        .unwrap();
    let mut rows = Vec::new();
    for (label, url) in &targets {
        let email = some_email(url, customers);
        let dir = tempfile::tempdir().unwrap();
        // Slow queries at a million rows must not outlive the token.
        let addr = common::spawn(
            url,
            dir.path(),
            &[("LATCHKEY_ACCESS_TOKEN_TTL_SECS", "86400")],
        )
        .await;
        let token = common::sign_in(&client, &addr).await;
        for q in queries(&email) {
            for _ in 0..WARMUP {
                get(&client, &addr, &token, &q).await;
            }
            let mut times = Vec::with_capacity(RUNS);
            let mut total = Value::Null;
            for _ in 0..RUNS {
                let (took, body) = get(&client, &addr, &token, &q).await;
                times.push(took);
                total = body["meta"]["total"].clone();
            }
            times.sort();
            let p95 = times[(RUNS * 95).div_ceil(100) - 1];
            let row = format!(
                "| {label} | {} | {} | {} | {} | {total} |",
                q.label,
                ms(times[RUNS / 2]),
                ms(p95),
                ms(times[RUNS - 1]),
            );
            eprintln!("{row}");
            rows.push(row);
        }
    }
    println!(
        "\n`GET /api/v1/admin/customers`, {customers} customers x {per_customer} licenses, \
         {RUNS} sequential requests after {WARMUP} warm-up, per_page=25:\n"
    );
    println!("| backend | query | p50 | p95 | max | total |");
    println!("|---|---|---|---|---|---|");
    for row in rows {
        println!("{row}");
    }
}
