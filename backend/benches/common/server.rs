//! The release `latchkey` binary as its own process, and data made through its HTTP API:
//! the benchmarks that measure as an operator would.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::{post, ADMIN_EMAIL, ADMIN_PASSWORD, SECRET};

/// Licenses per creation request.
const BATCH: u64 = 10_000;

/// `latchkey serve` (release build) on `url`, as its own process.
pub struct Server {
    pub child: Child,
    pub addr: String,
}

impl Server {
    pub fn start(url: &str, data: &Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let bind = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_latchkey"))
            .arg("serve")
            .current_dir(data)
            .env("LATCHKEY_DATABASE_URL", url)
            .env("LATCHKEY_BIND", &bind)
            .env("LATCHKEY_DATA_DIR", data.join("data"))
            .env("LATCHKEY_SECRET_KEY", SECRET)
            .env("LATCHKEY_ADMIN_EMAIL", ADMIN_EMAIL)
            .env("LATCHKEY_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("LATCHKEY_BCRYPT_COST", "4")
            .env("LATCHKEY_LOG", "warn")
            .env("LATCHKEY_LICENSING_RATE_PER_IP", "0")
            .env("LATCHKEY_LICENSING_RATE_PER_KEY", "0")
            .stdout(Stdio::null())
            .spawn()
            .expect("start latchkey serve");
        let started = Instant::now();
        while std::net::TcpStream::connect(&bind).is_err() {
            assert!(started.elapsed() < Duration::from_secs(60), "server start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Server {
            child,
            addr: format!("http://{bind}"),
        }
    }

    /// (anonymous, file-backed) resident memory in MiB, from /proc: the process's own
    /// memory, and pages of files it maps (SQLite maps its database file).
    pub fn memory(&self) -> (f64, f64) {
        memory_of(self.child.id())
    }

    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

pub fn memory_of(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib = |field: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    (kib("RssAnon:") / 1024.0, kib("RssFile:") / 1024.0)
}

/// Makes `total` licenses through the API; answers the (key, id) of the first `keep`.
pub async fn make_licenses(
    client: &reqwest::Client,
    addr: &str,
    token: &str,
    total: u64,
    keep: usize,
) -> Vec<(String, String)> {
    let product = post(
        client,
        format!("{addr}/api/v1/admin/products"),
        token,
        json!({"name": "Bench", "max_activations": 3}),
    )
    .await;
    let pid = product["id"].as_str().unwrap();
    let generator = post(
        client,
        format!("{addr}/api/v1/admin/products/{pid}/generators"),
        token,
        json!({"name": "g", "format": "chunks", "prefix": "BENCH-"}),
    )
    .await;
    let mut kept = Vec::new();
    let started = Instant::now();
    let mut made = 0;
    while made < total {
        let count = BATCH.min(total - made);
        made += count;
        let created = post(
            client,
            format!("{addr}/api/v1/admin/licenses"),
            token,
            json!({"generator_id": generator["id"], "count": count}),
        )
        .await;
        for l in created["licenses"].as_array().unwrap() {
            if kept.len() < keep {
                kept.push((
                    l["key"].as_str().unwrap().to_string(),
                    l["id"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    eprintln!(
        "  {total} licenses made through the API in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    kept
}

/// Assigns and activates `licenses` through the API: the (key, device) pairs.
pub async fn activate(
    client: &reqwest::Client,
    addr: &str,
    token: &str,
    licenses: &[(String, String)],
) -> Vec<(String, String)> {
    for (n, chunk) in licenses.chunks(1000).enumerate() {
        let ids: Vec<&str> = chunk.iter().map(|(_, id)| id.as_str()).collect();
        post(
            client,
            format!("{addr}/api/v1/admin/licenses/bulk-assign"),
            token,
            json!({"license_ids": ids, "email": format!("fleet-{n}@example.com")}),
        )
        .await;
    }
    let mut pairs = Vec::new();
    for (i, (key, _)) in licenses.iter().enumerate() {
        let device = format!("BENCH-PC-{i}");
        let answer: Value = client
            .post(format!("{addr}/api/v1/licensing/activate"))
            .json(&json!({"license_key": key, "identifier": device}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(answer["result"]["code"], "ACTIVATED", "{answer}");
        pairs.push((key.clone(), device));
    }
    pairs
}
