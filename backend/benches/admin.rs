//! `make bench` (admin part): every admin list and detail the SPA offers, at
//! `LATCHKEY_BENCH_CUSTOMERS` customers (default 1,000,000) with
//! `LATCHKEY_BENCH_LICENSES_PER_CUSTOMER` licenses each (default 3), measured as an
//! operator would: the release binary as its own process on the seeded database (cached
//! between runs, shared with the customers benchmark: see `common::sqlite_target`), each
//! request `LATCHKEY_BENCH_ADMIN_RUNS` times in a row (default 15) after one warm-up, from
//! a client on the same machine. On SQLite and (with `LATCHKEY_TEST_POSTGRES_URL`)
//! PostgreSQL. Prints one Markdown table (p50, p95, max) for docs/benchmarks.md.

mod common;

use common::ms;

use std::time::{Duration, Instant};

use common::server::Server;
use serde_json::{json, Value};

async fn get(client: &reqwest::Client, addr: &str, token: &str, path: &str) -> (Duration, Value) {
    let started = Instant::now();
    let res = client
        .get(format!("{addr}/api/v1/admin{path}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let body = res.text().await.unwrap();
    let took = started.elapsed();
    assert!(status.is_success(), "GET {path} answered {status}: {body}");
    (took, serde_json::from_str(&body).unwrap())
}

fn first_id(v: &Value) -> String {
    v["data"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("an id in {v}"))
        .to_string()
}

async fn post(client: &reqwest::Client, addr: &str, token: &str, path: &str, body: Value) -> Value {
    let res = client
        .post(format!("{addr}/api/v1/admin{path}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert!(status.is_success(), "POST {path} answered {status}: {body}");
    body
}

/// Licenses the reseller holds.
const RESELLER_LICENSES: usize = 20_000;

/// A seeded customer made a reseller with [`RESELLER_LICENSES`] more licenses of
/// `product` (created and assigned through the API, once per cached database: the
/// customer count stays, so the cache holds): its id.
async fn reseller(client: &reqwest::Client, addr: &str, token: &str, product: &str) -> String {
    let (_, c) = get(
        client,
        addr,
        token,
        "/customers?per_page=1&page=3000&sort=email",
    )
    .await;
    let id = first_id(&c);
    let email = c["data"][0]["email"].as_str().unwrap().to_string();
    let (_, held) = get(
        client,
        addr,
        token,
        &format!("/licenses?customer_id={id}&per_page=1"),
    )
    .await;
    if held["meta"]["total"].as_i64().unwrap_or(0) >= RESELLER_LICENSES as i64 / 2 {
        return id;
    }
    eprintln!("making {email} a reseller with {RESELLER_LICENSES} licenses …");
    let generator = post(
        client,
        addr,
        token,
        &format!("/products/{product}/generators"),
        json!({"name": "Reseller stock", "format": "chunks", "prefix": "RSL-"}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    for _ in 0..RESELLER_LICENSES / 10_000 {
        let made = post(
            client,
            addr,
            token,
            "/licenses",
            json!({"generator_id": generator, "count": 10_000}),
        )
        .await;
        let ids: Vec<&str> = made["licenses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["id"].as_str().unwrap())
            .collect();
        for chunk in ids.chunks(1000) {
            post(
                client,
                addr,
                token,
                "/licenses/bulk-assign",
                json!({"license_ids": chunk, "email": email}),
            )
            .await;
        }
    }
    id
}

/// The requests (as shown, as sent), with ids of real rows: a customer from the middle of
/// the list, a reseller, a product, a license and an activation.
async fn requests(client: &reqwest::Client, addr: &str, token: &str) -> Vec<(String, String)> {
    let (_, c) = get(client, addr, token, "/customers?per_page=1&page=1000").await;
    let customer = first_id(&c);
    let (_, p) = get(client, addr, token, "/products").await;
    let product = first_id(&p);
    let reseller = reseller(client, addr, token, &product).await;
    let (_, l) = get(client, addr, token, "/licenses?per_page=1&page=500").await;
    let license = first_id(&l);
    let (_, a) = get(client, addr, token, "/activations?per_page=1&page=500").await;
    let activation = first_id(&a);
    let after = "2026-01-01T00:00:00Z";
    let before = "2027-06-01T00:00:00Z";
    vec![
        "/stats".into(),
        "/customers".into(),
        "/customers?search=john".into(),
        "/customers?page=2000".into(),
        format!("/customers/{customer}"),
        format!("/customers/{customer}/licenses"),
        format!("/customers/{customer}/activations"),
        format!("/customers/{customer}/timeline"),
        format!("/customers/{reseller}"),
        format!("/customers/{reseller}/licenses"),
        format!("/customers/{reseller}/activations"),
        format!("/licenses?customer_id={reseller}&sort=key"),
        "/search?q=john".into(),
        "/licenses".into(),
        "/licenses?page=2000".into(),
        "/licenses?status=active".into(),
        "/licenses?status=suspended".into(),
        "/licenses?status=expired&sort=expires_at".into(),
        "/licenses?status=active&sort=key".into(),
        "/licenses?sort=-expires_at".into(),
        format!("/licenses?product_id={product}"),
        format!("/licenses?product_id={product}&expires_after={after}&expires_before={before}"),
        format!(
            "/licenses?product_id={product}&expires_after={after}&expires_before={before}&sort=key"
        ),
        "/licenses?search=smith".into(),
        "/licenses?search=john.smith".into(),
        "/licenses?search=smith&status=active".into(),
        "/licenses?search=smith&sort=key".into(),
        "/licenses?search=john.smith&status=suspended".into(),
        format!("/licenses/{license}"),
        "/activations".into(),
        "/activations?page=2000".into(),
        "/activations?status=active".into(),
        "/activations?status=active&stale_days=30".into(),
        "/activations?stale_days=30".into(),
        "/activations?stale_days=30&sort=last_verified_at".into(),
        "/activations?sort=-last_verified_at".into(),
        "/activations?sort=last_verified_at".into(),
        format!("/activations?product_id={product}"),
        format!("/activations/{activation}"),
        "/audit-events".into(),
    ]
    .into_iter()
    .map(|p: String| {
        let shown = p
            .replace(&customer, "{customer}")
            .replace(&reseller, "{reseller}")
            .replace(&product, "{product}")
            .replace(&license, "{license}")
            .replace(&activation, "{activation}");
        (shown, p)
    })
    .collect()
}

#[actix_web::main]
async fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("admin benchmark: skipped (run it with `make bench`)");
        return;
    }
    let customers = common::env_number("LATCHKEY_BENCH_CUSTOMERS", 1_000_000);
    let per_customer = common::env_number("LATCHKEY_BENCH_LICENSES_PER_CUSTOMER", 3) as u32;
    let runs = common::env_number("LATCHKEY_BENCH_ADMIN_RUNS", 15) as usize;
    let targets = common::seeded_targets(customers, per_customer);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()
        .unwrap();
    // (request, per backend: p50, p95, max)
    let mut table: Vec<(String, Vec<String>)> = Vec::new();
    for (label, url) in &targets {
        let dir = tempfile::tempdir().unwrap();
        let server = Server::start(url, dir.path());
        let token = common::sign_in(&client, &server.addr).await;
        let paths = requests(&client, &server.addr, &token).await;
        for (i, (shown, path)) in paths.iter().enumerate() {
            get(&client, &server.addr, &token, path).await;
            let mut times: Vec<Duration> = Vec::with_capacity(runs);
            for _ in 0..runs {
                times.push(get(&client, &server.addr, &token, path).await.0);
            }
            times.sort();
            let at = |q: f64| {
                times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1]
            };
            let cell = format!(
                "{} / {} / {}",
                ms(at(0.5)),
                ms(at(0.95)),
                ms(times[times.len() - 1])
            );
            eprintln!("{label} {shown}: {cell}");
            if table.len() <= i {
                table.push((shown.clone(), Vec::new()));
            }
            table[i].1.push(cell);
        }
        server.stop();
    }
    println!();
    println!(
        "{customers} customers x {per_customer} licenses, release binary as its own process, \
         {runs} requests each after a warm-up; p50 / p95 / max"
    );
    let names: Vec<&str> = targets.iter().map(|(l, _)| *l).collect();
    println!("| request | {} |", names.join(" | "));
    println!("|---|{}", "---|".repeat(names.len()));
    for (path, cells) in table {
        println!("| `GET /admin{path}` | {} |", cells.join(" | "));
    }
}
