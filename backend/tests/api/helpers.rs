//! `TestApp`: a real latchkey server on a random port over a fresh database — a new SQLite
//! file or a new PostgreSQL database created and dropped by the harness.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::PathBuf;

use actix_web::{web, HttpServer};
use diesel::{Connection, PgConnection, RunQueryDsl};
use latchkey::config::Config;
use latchkey::http::state::AppState;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub const ROOT_EMAIL: &str = "root@example.com";
pub const ROOT_PASSWORD: &str = "root-password-123";
pub const PASSWORD: &str = "a-good-password-1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database behind a test: dropped (PostgreSQL) or deleted (SQLite) when the last app
/// using it goes away.
pub struct TestDb {
    pub url: String,
    pub dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = &self.pg {
            if let Ok(mut conn) = PgConnection::establish(admin_url) {
                let _ =
                    diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .execute(&mut conn);
            }
        }
    }
}

/// The PostgreSQL server for tests. TLS is turned off for these loopback connections: the
/// bundled libpq's OpenSSL must not be mid-handshake in a pool thread when the test process
/// exits. Without `LATCHKEY_TEST_POSTGRES_URL` the PostgreSQL half of each test is skipped
/// (loudly) on a developer's machine, and fails under CI (`CI` set): a CI run must never
/// pass with half its tests skipped.
pub fn postgres_admin_url() -> Option<String> {
    let url = std::env::var("LATCHKEY_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty());
    let Some(url) = url else {
        assert!(
            !ci(),
            "CI is set but LATCHKEY_TEST_POSTGRES_URL is not: the PostgreSQL tests would be skipped"
        );
        return None;
    };
    if url.contains("sslmode=") {
        return Some(url);
    }
    Some(format!(
        "{url}{}sslmode=disable",
        if url.contains('?') { '&' } else { '?' }
    ))
}

/// Whether this is a CI run (`CI` set to anything but empty, `0` or `false`).
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

impl TestDb {
    /// `None` when PostgreSQL is asked for but `LATCHKEY_TEST_POSTGRES_URL` is unset.
    pub fn new(backend: Backend) -> Option<std::sync::Arc<TestDb>> {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = match backend {
            Backend::Sqlite => TestDb {
                url: format!("sqlite://{}", dir.path().join("test.db").display()),
                dir,
                pg: None,
            },
            Backend::Postgres => {
                let admin_url = postgres_admin_url()?;
                let name = format!("latchkey_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn = PgConnection::establish(&admin_url)
                    .expect("connect to LATCHKEY_TEST_POSTGRES_URL");
                diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
                    .execute(&mut conn)
                    .expect("create test database");
                let (without_query, query) = admin_url.split_once('?').unwrap_or((&admin_url, ""));
                let base = without_query
                    .rsplit_once('/')
                    .map(|(b, _)| b.to_string())
                    .expect("URL with a database name");
                TestDb {
                    url: format!("{base}/{name}?{query}"),
                    dir,
                    pg: Some((admin_url.clone(), name)),
                }
            }
        };
        Some(std::sync::Arc::new(db))
    }
}

pub struct TestApp {
    pub addr: String,
    pub client: reqwest::Client,
    pub state: web::Data<AppState>,
    pub db: std::sync::Arc<TestDb>,
    pub static_dir: PathBuf,
    server: actix_web::dev::ServerHandle,
    flusher: actix_web::rt::task::JoinHandle<()>,
    email_worker: Option<actix_web::rt::task::JoinHandle<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.flusher.abort();
        if let Some(worker) = &self.email_worker {
            worker.abort();
        }
        let handle = self.server.clone();
        // Stop without waiting: the runtime of the test is ending anyway.
        drop(handle.stop(false));
    }
}

pub fn base_settings(db: &TestDb) -> BTreeMap<String, String> {
    let mut s = BTreeMap::new();
    s.insert("LATCHKEY_DATABASE_URL".into(), db.url.clone());
    s.insert(
        "LATCHKEY_DATA_DIR".into(),
        db.dir.path().join("data").display().to_string(),
    );
    s.insert(
        "LATCHKEY_SECRET_KEY".into(),
        "test-secret-key-that-is-long-enough-0123456789".into(),
    );
    s.insert("LATCHKEY_BCRYPT_COST".into(), "4".into());
    s.insert("LATCHKEY_ADMIN_EMAIL".into(), ROOT_EMAIL.into());
    s.insert("LATCHKEY_ADMIN_PASSWORD".into(), ROOT_PASSWORD.into());
    s.insert("LATCHKEY_DB_POOL_SIZE".into(), "8".into());
    s.insert(
        "LATCHKEY_STATIC_DIR".into(),
        db.dir.path().join("static").display().to_string(),
    );
    s
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(
        backend: Backend,
        tweak: impl FnOnce(&mut BTreeMap<String, String>),
    ) -> Option<TestApp> {
        let db = TestDb::new(backend)?;
        Some(Self::spawn_on(db, tweak).await)
    }

    /// Another server on the same database, as a second process behind a load balancer.
    pub async fn spawn_on(
        db: std::sync::Arc<TestDb>,
        tweak: impl FnOnce(&mut BTreeMap<String, String>),
    ) -> TestApp {
        let mut settings = base_settings(&db);
        tweak(&mut settings);
        let config = Config::from_values(settings).expect("valid test config");
        let static_dir = config.static_dir.clone();
        std::fs::create_dir_all(static_dir.join("assets")).unwrap();
        std::fs::write(
            static_dir.join("index.html"),
            "<!doctype html><title>Latchkey</title><div id=root></div>",
        )
        .unwrap();
        std::fs::write(
            static_dir.join("assets/app-abc123.js"),
            "console.log('latchkey')",
        )
        .unwrap();
        let state = web::block(move || latchkey::server::prepare(config))
            .await
            .unwrap()
            .expect("server prepares");
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = format!("http://{}", listener.local_addr().unwrap());
        let app_state = state.clone();
        let server = HttpServer::new(move || latchkey::http::app::build(app_state.clone()))
            .workers(2)
            .disable_signals()
            .listen(listener)
            .unwrap()
            .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        let flusher = latchkey::server::spawn_usage_flusher(state.clone());
        TestApp {
            addr,
            // Idle connections are dropped before the server's 5 s keep-alive closes them:
            // otherwise a request sent on a connection the server is closing at that moment
            // fails with `IncompleteMessage` (seen when a slow fixture kept one idle).
            client: reqwest::Client::builder()
                .pool_idle_timeout(std::time::Duration::from_secs(2))
                .build()
                .unwrap(),
            state,
            db,
            static_dir,
            server: handle,
            flusher,
            email_worker: None,
        }
    }

    /// Starts the email delivery worker, as `latchkey serve` does. Off by default so tests
    /// that read the outbox or mint link tokens themselves see them as they left them.
    pub fn start_email_worker(&mut self) {
        if self.email_worker.is_none() {
            self.email_worker = Some(latchkey::email::worker::spawn(self.state.mail_worker()));
        }
    }

    /// Writes the licensing API's coalesced notes now, as the background task does every
    /// few seconds.
    pub async fn flush_usage(&self) {
        latchkey::server::flush_usage(&self.state)
            .await
            .expect("usage flush");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.addr, path)
    }

    /// A request with an optional bearer and JSON body, answering (status, JSON body).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let res = self.send(method, path, token, body).await;
        let status = res.status();
        let text = res.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.unwrap()
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn login(&self, email: &str, password: &str) -> (StatusCode, Value) {
        self.call(
            Method::POST,
            "/api/v1/admin/auth/login",
            None,
            Some(json!({"email": email, "password": password})),
        )
        .await
    }

    /// Signs in as an API client does: the refresh token comes in the JSON answer.
    pub async fn api_client_login(&self, email: &str, password: &str) -> Value {
        let (status, body) = self
            .call(
                Method::POST,
                "/api/v1/admin/auth/login",
                None,
                Some(json!({"email": email, "password": password, "include_refresh_token": true})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body["refresh_token"].is_string(), "{body}");
        body
    }

    /// The bootstrap super admin's access token.
    pub async fn root_token(&self) -> String {
        let (status, body) = self.login(ROOT_EMAIL, ROOT_PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["access_token"].as_str().unwrap().to_string()
    }

    /// Creates an admin with `role` (as root) and signs in: (admin id, access token).
    pub async fn admin_with_role(&self, root: &str, role: &str) -> (String, String) {
        let email = format!("{role}-{}@example.com", uuid::Uuid::new_v4().simple());
        let (status, body) = self
            .post("/api/v1/admin/admins", root, json!({"email": email, "name": format!("{role} user"), "role": role, "password": PASSWORD}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (status, login) = self.login(&email, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{login}");
        (
            body["admin"]["id"].as_str().unwrap().to_string(),
            login["access_token"].as_str().unwrap().to_string(),
        )
    }

    /// Creates an API key with `role` (as root): (key id, secret).
    pub async fn api_key_with_role(&self, root: &str, role: &str) -> (String, String) {
        let (status, body) = self
            .post(
                "/api/v1/admin/api-keys",
                root,
                json!({"name": format!("{role} key"), "role": role}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        (
            body["api_key"]["id"].as_str().unwrap().to_string(),
            body["secret"].as_str().unwrap().to_string(),
        )
    }

    /// Audit events with `action`, newest first.
    pub async fn audit(&self, token: &str, action: &str) -> Vec<Value> {
        let (status, body) = self
            .get(
                &format!("/api/v1/admin/audit-events?action={action}&per_page=100"),
                token,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["data"].as_array().unwrap().clone()
    }
}

/// Moves every session's last refresh a minute back, past the grace in which the token it
/// replaced still gets a new one: presenting that token now counts as reuse.
pub fn age_refreshes(app: &TestApp) {
    use diesel::prelude::*;
    use latchkey::schema::{admin_sessions as a, customer_sessions as c};
    let mut conn = app.state.pool.get().unwrap();
    let past = latchkey::db::time::now() - chrono::Duration::minutes(1);
    diesel::update(a::table.filter(a::previous_token_hash.is_not_null()))
        .set(a::last_used_at.eq(past))
        .execute(&mut conn)
        .unwrap();
    diesel::update(c::table.filter(c::refreshed_at.is_not_null()))
        .set(c::refreshed_at.eq(past))
        .execute(&mut conn)
        .unwrap();
}

/// The `Set-Cookie` header that sets cookie `name`, whole.
pub fn set_cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The value of a `Set-Cookie` header.
pub fn cookie_value(set_cookie: &str) -> String {
    let pair = set_cookie.split(';').next().unwrap();
    pair.split_once('=').unwrap().1.to_string()
}

/// Runs a test body once on SQLite and once on PostgreSQL (skipped, loudly, without
/// `LATCHKEY_TEST_POSTGRES_URL`).
#[macro_export]
macro_rules! both_backends {
    ($(#[$meta:meta])* $name:ident, |$app:ident| $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($app: $crate::helpers::TestApp) $body

            #[actix_web::test]
            async fn sqlite() {
                let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite).await.unwrap();
                run(app).await;
            }

            #[actix_web::test]
            async fn postgres() {
                match $crate::helpers::TestApp::spawn($crate::helpers::Backend::Postgres).await {
                    Some(app) => run(app).await,
                    None => eprintln!("SKIPPED on PostgreSQL: LATCHKEY_TEST_POSTGRES_URL is not set"),
                }
            }
        }
    };
}

/// The same, for tests that build their own app(s) from a backend.
#[macro_export]
macro_rules! both_backends_with {
    ($(#[$meta:meta])* $name:ident, |$backend:ident| $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($backend: $crate::helpers::Backend) $body

            #[actix_web::test]
            async fn sqlite() {
                run($crate::helpers::Backend::Sqlite).await;
            }

            #[actix_web::test]
            async fn postgres() {
                if $crate::helpers::postgres_admin_url().is_none() {
                    eprintln!("SKIPPED on PostgreSQL: LATCHKEY_TEST_POSTGRES_URL is not set");
                    return;
                }
                run($crate::helpers::Backend::Postgres).await;
            }
        }
    };
}

/// Sets a license's active-activation counter directly (the licensing API keeps it).
pub fn set_activations_used(app: &TestApp, id: &str, n: i64) {
    use diesel::prelude::*;
    use latchkey::schema::licenses::dsl;
    let mut conn = app.state.pool.get().unwrap();
    diesel::update(dsl::licenses.find(id))
        .set(dsl::activations_used.eq(n))
        .execute(&mut conn)
        .unwrap();
}

/// A real active activation row on a license, inserted directly (for fixtures that need a
/// device without the licensing API's signatures and rate limits), made for the license's
/// owner and counted in `activations_used`. Returns its id.
pub fn add_activation(
    app: &TestApp,
    license_id: &str,
    identifier: &str,
    ip: Option<&str>,
) -> String {
    use diesel::prelude::*;
    use latchkey::schema::activations::dsl as a;
    use latchkey::schema::licenses::dsl as l;
    let mut conn = app.state.pool.get().unwrap();
    let now = latchkey::db::time::now();
    let id = uuid::Uuid::now_v7().to_string();
    let owner: Option<String> = l::licenses
        .find(license_id)
        .select(l::customer_id)
        .first(&mut conn)
        .unwrap();
    diesel::insert_into(a::activations)
        .values((
            a::id.eq(&id),
            a::customer_id.eq(owner),
            a::license_id.eq(license_id),
            a::identifier.eq(identifier),
            a::kind.eq("device"),
            a::name.eq(format!("{identifier} laptop")),
            a::ip_address.eq(ip),
            a::status.eq("active"),
            a::activated_at.eq(now),
            a::last_verified_at.eq(now),
        ))
        .execute(&mut conn)
        .unwrap();
    diesel::update(l::licenses.find(license_id))
        .set(l::activations_used.eq(l::activations_used + 1))
        .execute(&mut conn)
        .unwrap();
    id
}

/// The `latchkey` binary, with no `LATCHKEY_*` variable of the test environment leaking in.
pub const BIN: &str = env!("CARGO_BIN_EXE_latchkey");

pub fn latchkey_command(args: &[&str], env: &[(&str, &str)]) -> std::process::Command {
    let mut cmd = std::process::Command::new(BIN);
    cmd.args(args);
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("LATCHKEY_")) {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// Whether `GET /healthz` answers 200: an HTTP answer, not just an accepted connection
/// (the kernel accepts into the backlog before the server runs).
pub fn healthz_ok(addr: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(addr) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(2)));
    if stream.write_all(b"GET /healthz HTTP/1.0\r\n\r\n").is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200")
}

/// `latchkey serve` as a separate OS process over a test database: a second process behind
/// a load balancer. Killed when dropped unless stopped first.
pub struct ServerProcess {
    pub addr: String,
    child: Option<std::process::Child>,
}

impl ServerProcess {
    pub fn start(db: &TestDb, extra: &[(&str, &str)]) -> ServerProcess {
        Self::start_logging(db, extra, None)
    }

    /// Like [`ServerProcess::start`], with the process's output (its log) in `log`.
    pub fn start_logging(
        db: &TestDb,
        extra: &[(&str, &str)],
        log: Option<&std::path::Path>,
    ) -> ServerProcess {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let bind = format!("127.0.0.1:{port}");
        let mut settings = base_settings(db);
        settings.insert("LATCHKEY_BIND".into(), bind.clone());
        settings.insert("LATCHKEY_LOG".into(), "warn".into());
        for (k, v) in extra {
            settings.insert(k.to_string(), v.to_string());
        }
        let env: Vec<(&str, &str)> = settings
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let output = || match log {
            Some(path) => std::process::Stdio::from(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .unwrap(),
            ),
            None => std::process::Stdio::null(),
        };
        let child = latchkey_command(&["serve"], &env)
            .current_dir(db.dir.path())
            .stdout(output())
            .stderr(output())
            .spawn()
            .expect("start latchkey serve");
        let started = std::time::Instant::now();
        while !healthz_ok(&bind) {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(30),
                "latchkey serve did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        ServerProcess {
            addr: format!("http://{bind}"),
            child: Some(child),
        }
    }

    /// SIGTERM, then waits for a clean exit (status 0).
    pub fn stop(mut self) {
        let mut child = self.child.take().unwrap();
        let status = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let started = std::time::Instant::now();
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                assert!(status.success(), "exit status {status:?}");
                return;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(40),
                "latchkey serve did not stop on SIGTERM"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
