//! `make bench` (bulk part): batch creation of 10,000 licenses and a 100,000-row CSV import,
//! through the real HTTP API of an in-process server, on SQLite and (with
//! `LATCHKEY_TEST_POSTGRES_URL`) PostgreSQL. Prints a Markdown table for docs/benchmarks.md.

mod common;

use std::time::{Duration, Instant};

use common::post;
use serde_json::{json, Value};

const RUNS: usize = 3;

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
    for target in common::fresh_databases() {
        let addr = common::spawn(&target.url, target.dir.path(), &[]).await;
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
    }
    println!("\n| backend | batch of 10,000 licenses (POST /admin/licenses) | import of 100,000 CSV rows (POST /admin/licenses/import) |");
    println!("|---|---|---|");
    for row in rows {
        println!("{row}");
    }
}
