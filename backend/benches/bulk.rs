//! `make bench` (bulk part): batch creation of 10,000 licenses and a 100,000-row CSV import,
//! through the real HTTP API of an in-process server, on SQLite and (with
//! `LATCHKEY_TEST_POSTGRES_URL`) PostgreSQL. Prints a Markdown table for docs/benchmarks.md.

mod common;

use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};
use serde_json::{json, Value};

const RUNS: usize = 3;

struct Target {
    label: &'static str,
    url: String,
    drop: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

fn targets() -> Vec<Target> {
    let dir = tempfile::tempdir().unwrap();
    let mut out = vec![Target {
        label: "SQLite",
        url: format!("sqlite://{}/bench.db", dir.path().display()),
        drop: None,
        _dir: dir,
    }];
    if let Ok(admin) = std::env::var("LATCHKEY_TEST_POSTGRES_URL") {
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
        out.push(Target {
            label: "PostgreSQL",
            url: format!("{base}/{name}?sslmode=disable"),
            drop: Some((admin, name)),
            _dir: tempfile::tempdir().unwrap(),
        });
    } else {
        eprintln!("LATCHKEY_TEST_POSTGRES_URL is not set: PostgreSQL is skipped");
    }
    out
}

async fn post(client: &reqwest::Client, url: String, token: &str, body: Value) -> Value {
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

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

#[actix_web::main]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and a debug-build benchmark would only take long and measure nothing useful.
    if !std::env::args().any(|a| a == "--bench") {
        println!("bulk benchmark: skipped (run it with `make bench`)");
        return;
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()
        .unwrap();
    let mut rows = Vec::new();
    for target in targets() {
        let addr = common::spawn(&target.url, target._dir.path(), &[]).await;
        let token = common::sign_in(&client, &addr).await;

        let mut batch = Vec::new();
        let mut import = Vec::new();
        for run in 0..RUNS {
            let product = post(
                &client,
                format!("{addr}/api/v1/admin/products"),
                &token,
                json!({"name": format!("Bench {run}"), "validity_days": 365}),
            )
            .await;
            let pid = product["id"].as_str().unwrap();
            let slug = product["slug"].as_str().unwrap().to_string();
            let generator = post(
                &client,
                format!("{addr}/api/v1/admin/products/{pid}/generators"),
                &token,
                json!({"name": "g", "format": "chunks", "prefix": "B-"}),
            )
            .await;

            let started = Instant::now();
            let created = post(
                &client,
                format!("{addr}/api/v1/admin/licenses"),
                &token,
                json!({"generator_id": generator["id"], "count": 10_000}),
            )
            .await;
            batch.push(started.elapsed());
            assert_eq!(created["created"], 10_000);

            // 100,000 rows with explicit keys; half are assigned, to 20,000 customers.
            let mut csv = String::from("key,product,email,name,expires_at,max_activations\n");
            for i in 0..100_000 {
                let email = if i % 2 == 0 {
                    format!("customer{}-{run}@example.com", i % 40_000)
                } else {
                    String::new()
                };
                csv.push_str(&format!("IMP-{run}-{i:07},{slug},{email},,2030-01-01,3\n"));
            }
            let started = Instant::now();
            let res = client
                .post(format!("{addr}/api/v1/admin/licenses/import"))
                .bearer_auth(&token)
                .header("content-type", "text/csv")
                .body(csv)
                .send()
                .await
                .unwrap();
            let report: Value = res.json().await.unwrap();
            import.push(started.elapsed());
            assert_eq!(report["created"], 100_000, "{report}");
        }
        rows.push(format!(
            "| {} | {} (runs: {}) | {} (runs: {}) |",
            target.label,
            ms(median(batch.clone())),
            batch.iter().map(|d| ms(*d)).collect::<Vec<_>>().join(", "),
            ms(median(import.clone())),
            import.iter().map(|d| ms(*d)).collect::<Vec<_>>().join(", "),
        ));
        if let Some((admin, name)) = &target.drop {
            if let Ok(mut conn) = PgConnection::establish(admin) {
                let _ =
                    diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .execute(&mut conn);
            }
        }
    }
    println!("\n| backend | batch of 10,000 licenses (POST /admin/licenses) | import of 100,000 CSV rows (POST /admin/licenses/import) |");
    println!("|---|---|---|");
    for row in rows {
        println!("{row}");
    }
}
