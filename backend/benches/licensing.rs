//! `make bench` (licensing part): `POST /api/v1/licensing/validate` under load from `wrk`
//! (64 connections, 2 threads, `LATCHKEY_BENCH_SECONDS`, default 10), in the same run as
//! `GET /healthz` — the framework's ceiling on this machine — on SQLite and (with
//! `LATCHKEY_TEST_POSTGRES_URL`) PostgreSQL. Each request validates a random active
//! (license key, device) pair of a seeded database of about 100,000 licenses (50,000
//! customers x 2) and their activations, signed and with its verification noted, as the
//! vendor's software does. Rate limits are off (they are per key: a load test from one
//! address is not what they are for). Prints a Markdown table for docs/benchmarks.md.
//!
//! Then as an operator would try it: on a fresh SQLite file and a fresh PostgreSQL
//! database (never analysed by hand), `LATCHKEY_BENCH_OPERATOR_LICENSES` (default 3,000)
//! licenses made and assigned through the API and one device activated on each, the
//! release binary started as `latchkey serve` with its default settings (rate limits
//! off), and `LATCHKEY_BENCH_RUNS` (default 5) consecutive wrk runs of validate with a
//! fresh nonce each, from outside the process.
//!
//! Needs `wrk` (Debian: `apt-get install wrk`; `make bench` installs it).

mod common;

use common::server::{activate, make_licenses, Server};
use common::wrk::{wrk, Run, CONNECTIONS, THREADS, VALIDATE_SCRIPT};

use std::io::Write;
use std::path::Path;

use diesel::prelude::*;
use latchkey::schema::{activations, licenses};

/// The active bindings of the seeded database, as the software on those devices holds them.
fn pairs(url: &str) -> Vec<(String, String)> {
    activations::table
        .inner_join(licenses::table)
        .filter(activations::status.eq("active"))
        .select((licenses::license_key, activations::identifier))
        .load(&mut common::connect(url))
        .expect("read the seeded activations")
}

fn row(label: &str, what: &str, r: &Run, ceiling: &Run) -> String {
    format!(
        "| {label} | {what} | {:.0} | {:.2} ms | {:.2} ms | {:.0}% |",
        r.requests_per_sec,
        r.p50_ms,
        r.p99_ms,
        100.0 * r.requests_per_sec / ceiling.requests_per_sec
    )
}

fn write_pairs(path: &Path, pairs: &[(String, String)]) {
    let mut f = std::fs::File::create(path).unwrap();
    for (key, identifier) in pairs {
        writeln!(f, "{key}\t{identifier}").unwrap();
    }
}

/// The operator's setup: the release binary as its own process on a fresh database, data
/// made through the API, `runs` consecutive wrk runs of validate.
async fn operator(seconds: u64) -> Vec<String> {
    let licenses = common::env_number("LATCHKEY_BENCH_OPERATOR_LICENSES", 3_000) as usize;
    let runs = common::env_number("LATCHKEY_BENCH_RUNS", 5);
    let client = reqwest::Client::new();
    let mut rows = Vec::new();
    for db in common::fresh_databases() {
        let label = db.label;
        let server = Server::start(&db.url, db.dir.path());
        let token = common::sign_in(&client, &server.addr).await;
        let made = make_licenses(&client, &server.addr, &token, licenses as u64, licenses).await;
        let pairs = activate(&client, &server.addr, &token, &made).await;
        let script = db.dir.path().join("validate.lua");
        std::fs::write(&script, VALIDATE_SCRIPT).unwrap();
        let pairs_file = db.dir.path().join("pairs.tsv");
        write_pairs(&pairs_file, &pairs);
        let url = format!("{}/api/v1/licensing/validate", server.addr);
        let healthz = format!("{}/healthz", server.addr);
        let results = actix_web::web::block(move || {
            let healthz = wrk(&healthz, seconds, None);
            let validate: Vec<Run> = (0..runs)
                .map(|_| wrk(&url, seconds, Some((&script, &pairs_file))))
                .collect();
            (healthz, validate)
        })
        .await
        .unwrap();
        server.stop();
        let (healthz, validate) = results;
        rows.push(row(label, "`GET /healthz`", &healthz, &healthz));
        for (n, r) in validate.iter().enumerate() {
            assert_eq!(r.non_2xx, 0, "{label}: validate answered errors");
            rows.push(row(
                label,
                &format!("`POST /licensing/validate`, run {}", n + 1),
                r,
                &healthz,
            ));
        }
    }
    rows
}

#[actix_web::main]
async fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("licensing benchmark: skipped (run it with `make bench`)");
        return;
    }
    let seconds = common::env_number("LATCHKEY_BENCH_SECONDS", 10);
    let customers = common::env_number("LATCHKEY_BENCH_LICENSING_CUSTOMERS", 50_000);
    let targets = common::seeded_targets(customers, 2);

    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("validate.lua");
    std::fs::write(&script, VALIDATE_SCRIPT).unwrap();
    let mut rows = Vec::new();
    for (label, url) in &targets {
        let pairs = pairs(url);
        assert!(!pairs.is_empty(), "the seed made no active activations");
        let pairs_file = dir.path().join(format!("pairs-{label}.tsv"));
        write_pairs(&pairs_file, &pairs);
        let data = dir.path().join(label);
        let addr = common::spawn(
            url,
            &data,
            &[
                ("LATCHKEY_LICENSING_RATE_PER_IP", "0"),
                ("LATCHKEY_LICENSING_RATE_PER_KEY", "0"),
            ],
        )
        .await;
        let validate_url = format!("{addr}/api/v1/licensing/validate");
        let healthz_url = format!("{addr}/healthz");
        let (script, pairs_path) = (script.clone(), pairs_file.clone());
        let started = latchkey::db::time::now();
        let (healthz, validate) = actix_web::web::block(move || {
            // Warm the connection pool, the page cache and the signing-key cache.
            wrk(&validate_url, 3, Some((&script, &pairs_path)));
            let healthz = wrk(&healthz_url, seconds, None);
            let validate = wrk(&validate_url, seconds, Some((&script, &pairs_path)));
            (healthz, validate)
        })
        .await
        .unwrap();
        assert_eq!(validate.non_2xx, 0, "{label}: validate answered errors");
        // The background flush (every 2 s) has written the verifications by now.
        actix_web::rt::time::sleep(std::time::Duration::from_secs(3)).await;
        let written: i64 = activations::table
            .filter(activations::last_verified_at.ge(started))
            .count()
            .get_result(&mut common::connect(url))
            .unwrap();
        eprintln!(
            "{label}: {} active (key, device) pairs, {written} verifications written during \
             the run; validate {:.0} req/s, healthz {:.0} req/s",
            pairs.len(),
            validate.requests_per_sec,
            healthz.requests_per_sec
        );
        rows.push(row(label, "`GET /healthz`", &healthz, &healthz));
        rows.push(row(
            label,
            "`POST /licensing/validate`",
            &validate,
            &healthz,
        ));
    }
    let operator_rows = operator(seconds).await;
    println!();
    println!(
        "In process: wrk -t{THREADS} -c{CONNECTIONS} -d{seconds}s --latency, {customers} customers x 2 licenses"
    );
    println!("| database | endpoint | requests/s | p50 | p99 | of healthz |");
    println!("|---|---|---|---|---|---|");
    for r in rows {
        println!("{r}");
    }
    println!();
    println!(
        "As an operator: release binary as its own process on a fresh database, licenses and \
         activations made through the API, wrk -t{THREADS} -c{CONNECTIONS} -d{seconds}s --latency"
    );
    println!("| database | endpoint | requests/s | p50 | p99 | of healthz |");
    println!("|---|---|---|---|---|---|");
    for r in operator_rows {
        println!("{r}");
    }
}
