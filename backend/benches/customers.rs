//! `make bench` (customers part): `GET /api/v1/admin/customers` — search, sort and deep
//! pages — over a database of `LATCHKEY_BENCH_CUSTOMERS` customers (default 1,000,000) with
//! `LATCHKEY_BENCH_LICENSES_PER_CUSTOMER` licenses each (default 3), through the real HTTP
//! API of an in-process server, on SQLite and (with `LATCHKEY_TEST_POSTGRES_URL`)
//! PostgreSQL. Prints a Markdown table for docs/benchmarks.md.
//!
//! Seeding a million customers takes minutes, so the seeded databases are kept and reused
//! (see `common::sqlite_target`).

mod common;

use common::ms;

use std::time::{Duration, Instant};

use diesel::prelude::*;
use latchkey::schema::customers;
use serde_json::Value;

const WARMUP: usize = 5;
const RUNS: usize = 40;

/// One customer's email from the middle of the table, for the exact-match search.
fn some_email(url: &str, customers: u64) -> String {
    customers::table
        .select(customers::email)
        .order(customers::id)
        .offset((customers / 2) as i64)
        .first(&mut common::connect(url))
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

#[actix_web::main]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it.
    if !std::env::args().any(|a| a == "--bench") {
        println!("customers benchmark: skipped (run it with `make bench`)");
        return;
    }
    let customers = common::env_number("LATCHKEY_BENCH_CUSTOMERS", 1_000_000);
    let per_customer = common::env_number("LATCHKEY_BENCH_LICENSES_PER_CUSTOMER", 3) as u32;
    assert!(customers > 0, "LATCHKEY_BENCH_CUSTOMERS must be at least 1");

    let targets = common::seeded_targets(customers, per_customer);

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
