//! `make bench` (export part): the CSV export of a million licenses, and what it does to the
//! licensing API, measured as an operator would: the release `latchkey` binary as its own
//! process, every row made through the HTTP API, load from outside. On a fresh SQLite file
//! and (with `LATCHKEY_TEST_POSTGRES_URL`) a fresh PostgreSQL database:
//!
//! - `POST /admin/licenses` in batches of 10,000 until there are `LATCHKEY_BENCH_EXPORT_LICENSES`
//!   (default 1,000,000); 2,000 of them assigned (bulk assign) and activated through the
//!   licensing API, for the validation load;
//! - the server is restarted (so its peak RSS is the export's), then
//!   `GET /admin/licenses/export` is read to the end: rows/s, and the process's resident
//!   memory sampled every 100 ms (its own, `RssAnon`, and mapped files, `RssFile`: SQLite
//!   maps its database file, so the pages the export reads show there);
//! - `wrk` on `POST /licensing/validate` (random activated pairs) for
//!   `LATCHKEY_BENCH_SECONDS` (default 10) alone, then again while exports run back to back.
//!
//! Prints Markdown tables for docs/benchmarks.md.

mod common;

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::server::{activate, make_licenses, memory_of, Server};
use common::wrk::{wrk, Run, CONNECTIONS, THREADS, VALIDATE_SCRIPT};

const ACTIVATED: usize = 2_000;

/// Samples the server's memory every 100 ms until stopped: the peaks (anonymous, file).
struct Sampler {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<(f64, f64)>,
}

impl Sampler {
    fn start(pid: u32) -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut peak = (0f64, 0f64);
            while !flag.load(Ordering::Relaxed) {
                let (anon, file) = memory_of(pid);
                peak = (peak.0.max(anon), peak.1.max(file));
                std::thread::sleep(Duration::from_millis(100));
            }
            peak
        });
        Sampler { stop, thread }
    }

    fn peaks(self) -> (f64, f64) {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap()
    }
}

/// Reads one export to the end, counting lines into `lines` as they arrive: (rows,
/// bytes, time).
async fn export(
    client: &reqwest::Client,
    addr: &str,
    token: &str,
    lines: &AtomicU64,
) -> (u64, u64, Duration) {
    let started = Instant::now();
    let mut res = client
        .get(format!("{addr}/api/v1/admin/licenses/export"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    let (mut rows, mut bytes) = (0u64, 0u64);
    while let Some(chunk) = res.chunk().await.unwrap() {
        bytes += chunk.len() as u64;
        let n = chunk.iter().filter(|b| **b == b'\n').count() as u64;
        rows += n;
        lines.fetch_add(n, Ordering::Relaxed);
    }
    // The header is not a row.
    (rows.saturating_sub(1), bytes, started.elapsed())
}

#[actix_web::main]
async fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("export benchmark: skipped (run it with `make bench`)");
        return;
    }
    let total = common::env_number("LATCHKEY_BENCH_EXPORT_LICENSES", 1_000_000);
    let seconds = common::env_number("LATCHKEY_BENCH_SECONDS", 10);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(1800))
        .build()
        .unwrap();
    let mut exports = Vec::new();
    let mut loads = Vec::new();
    for db in common::fresh_databases() {
        let label = db.label;
        eprintln!("{label}:");
        let server = Server::start(&db.url, db.dir.path());
        let token = common::sign_in(&client, &server.addr).await;
        let kept = make_licenses(&client, &server.addr, &token, total, ACTIVATED).await;
        let pairs = activate(&client, &server.addr, &token, &kept).await;
        server.stop();

        // A new process: its peak RSS from here on is the export's.
        let server = Server::start(&db.url, db.dir.path());
        let addr = server.addr.clone();
        let token = common::sign_in(&client, &addr).await;
        let (anon_before, file_before) = server.memory();
        let sampler = Sampler::start(server.child.id());
        let (rows, bytes, took) = export(&client, &addr, &token, &AtomicU64::new(0)).await;
        let (anon_peak, file_peak) = sampler.peaks();
        assert_eq!(rows, total, "{label}: every license exported");
        exports.push(format!(
            "| {label} | {rows} | {:.1} MB | {:.1} s | {:.0} | {anon_before:.0} → {anon_peak:.0} MiB | {file_before:.0} → {file_peak:.0} MiB |",
            bytes as f64 / 1e6,
            took.as_secs_f64(),
            rows as f64 / took.as_secs_f64(),
        ));

        let script = db.dir.path().join("validate.lua");
        std::fs::write(&script, VALIDATE_SCRIPT).unwrap();
        let pairs_file = db.dir.path().join("pairs.tsv");
        let mut f = std::fs::File::create(&pairs_file).unwrap();
        for (key, device) in &pairs {
            writeln!(f, "{key}\t{device}").unwrap();
        }
        drop(f);
        let url = format!("{addr}/api/v1/licensing/validate");
        let (s, p) = (script.clone(), pairs_file.clone());
        let u = url.clone();
        let alone = actix_web::web::block(move || {
            wrk(&u, 3, Some((&s, &p)));
            wrk(&u, seconds, Some((&s, &p)))
        })
        .await
        .unwrap();

        // The same load while exports run back to back.
        let running = Arc::new(AtomicBool::new(true));
        let done = Arc::new(AtomicU64::new(0));
        let exporter = {
            let (running, done) = (running.clone(), done.clone());
            let (client, addr, token) = (client.clone(), addr.clone(), token.clone());
            actix_web::rt::spawn(async move {
                while running.load(Ordering::Relaxed) {
                    export(&client, &addr, &token, &done).await;
                }
            })
        };
        // Let the first export get going before the load starts; count from there.
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        let before_load = done.load(Ordering::Relaxed);
        let during =
            actix_web::web::block(move || wrk(&url, seconds, Some((&script, &pairs_file))))
                .await
                .unwrap();
        running.store(false, Ordering::Relaxed);
        exporter.abort();
        server.stop();
        assert_eq!(
            alone.non_2xx + during.non_2xx,
            0,
            "{label}: validate errors"
        );
        let load = |what: &str, r: &Run| {
            format!(
                "| {label} | {what} | {:.0} | {:.2} ms | {:.2} ms | {:.0}% |",
                r.requests_per_sec,
                r.p50_ms,
                r.p99_ms,
                100.0 * r.requests_per_sec / alone.requests_per_sec
            )
        };
        loads.push(load("validate alone", &alone));
        loads.push(load(
            &format!(
                "validate while exports run ({} rows exported meanwhile)",
                done.load(Ordering::Relaxed) - before_load
            ),
            &during,
        ));
    }
    println!();
    println!(
        "{total} licenses, `GET /api/v1/admin/licenses/export`, release binary as its own process"
    );
    println!("| database | rows | size | time | rows/s | own memory (RssAnon) before → peak | mapped files (RssFile) before → peak |");
    println!("|---|---|---|---|---|---|---|");
    for r in exports {
        println!("{r}");
    }
    println!();
    println!("wrk -t{THREADS} -c{CONNECTIONS} -d{seconds}s --latency, {ACTIVATED} activated (key, device) pairs");
    println!("| database | load | requests/s | p50 | p99 | of alone |");
    println!("|---|---|---|---|---|---|");
    for r in loads {
        println!("{r}");
    }
}
