//! What both benchmarks share: the in-process server they measure.

use std::collections::BTreeMap;
use std::net::TcpListener;

use actix_web::{web, HttpServer};
use serde_json::{json, Value};

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
    let server = HttpServer::new(move || latchkey::http::app::build(state.clone()))
        .workers(2)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
    actix_web::rt::spawn(server);
    addr
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
