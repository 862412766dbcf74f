//! The `latchkey` binary as an operator uses it.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::*;

fn migration_count() -> usize {
    std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/sqlite"))
        .unwrap()
        .count()
}

#[test]
fn a_bad_setting_exits_2_with_one_line_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    for (var, value) in [
        ("LATCHKEY_DATABASE_URL", "mysql://x"),
        ("LATCHKEY_BCRYPT_COST", "cheap"),
        ("LATCHKEY_BIND", "everywhere"),
        ("LATCHKEY_LOG_FORMAT", "xml"),
    ] {
        let out = latchkey_command(&["serve"], &[(var, value)])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{var}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(var), "{stderr}");
    }
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing was created"
    );
}

#[test]
fn an_unreachable_postgres_gives_the_real_connection_error() {
    let out = latchkey_command(
        &["serve"],
        &[
            (
                "LATCHKEY_DATABASE_URL",
                "postgres://postgres@127.0.0.1:1/latchkey",
            ),
            ("LATCHKEY_SECRET_KEY", &"k".repeat(40)),
        ],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Connection refused"), "{stderr}");
    assert!(
        stderr.contains("cannot connect to the database"),
        "{stderr}"
    );
}

#[test]
fn openapi_prints_the_spec() {
    let out = latchkey_command(&["openapi"], &[]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        latchkey::openapi::spec_json()
    );
}

both_backends_with!(migrate_and_admin_create_work_from_a_shell, |backend| {
    let db = TestDb::new(backend).unwrap();
    let env = [
        ("LATCHKEY_DATABASE_URL", db.url.as_str()),
        ("LATCHKEY_BCRYPT_COST", "4"),
    ];
    let out = latchkey_command(&["migrate"], &env).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        format!("{} migration(s) applied", migration_count())
    );
    let out = latchkey_command(&["migrate"], &env).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        "0 migration(s) applied"
    );

    let mut child = latchkey_command(
        &[
            "admin",
            "create",
            "--email",
            "Ops@Example.com",
            "--role",
            "operator",
            "--name",
            "Ops",
        ],
        &env,
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"piped-password-123\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("created operator admin ops@example.com"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("password:"),
        "a piped password is not echoed"
    );

    // Without stdin, a password is generated and printed once.
    let out = latchkey_command(
        &[
            "admin",
            "create",
            "--email",
            "gen@example.com",
            "--role",
            "viewer",
        ],
        &env,
    )
    .stdin(Stdio::null())
    .output()
    .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let generated = stdout
        .lines()
        .find_map(|l| l.strip_prefix("password: "))
        .expect("printed")
        .to_string();

    let out = latchkey_command(
        &[
            "admin",
            "create",
            "--email",
            "ops@example.com",
            "--role",
            "viewer",
        ],
        &env,
    )
    .stdin(Stdio::null())
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("already exists"));
    let out = latchkey_command(
        &[
            "admin",
            "create",
            "--email",
            "x@example.com",
            "--role",
            "king",
        ],
        &env,
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2), "clap refuses an unknown role");

    let app = TestApp::spawn_on(db, |_| {}).await;
    let (status, body) = app.login("ops@example.com", "piped-password-123").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["admin"]["role"], "operator");
    assert_eq!(body["admin"]["name"], "Ops");
    assert_eq!(
        app.login("gen@example.com", &generated).await.0,
        StatusCode::OK
    );
});

#[test]
fn serve_bootstraps_an_admin_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bind = format!("127.0.0.1:{port}");
    let mut child = latchkey_command(
        &["serve"],
        &[
            ("LATCHKEY_BIND", &bind),
            ("LATCHKEY_BCRYPT_COST", "4"),
            ("LATCHKEY_LOG", "info"),
        ],
    )
    .current_dir(dir.path())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let started = Instant::now();
    loop {
        // An HTTP answer, not just an accepted connection: the kernel accepts into the
        // backlog before the server (and its signal handling) runs.
        if healthz_ok(&bind) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        dir.path().join("data/latchkey.db").exists(),
        "the default SQLite file"
    );
    assert!(
        dir.path().join("data/secret.key").exists(),
        "the generated secret"
    );
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = loop {
        if child.try_wait().unwrap().is_some() {
            break child.wait_with_output().unwrap();
        }
        assert!(
            started.elapsed() < Duration::from_secs(40),
            "server did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(out.status.success(), "exit status {:?}", out.status);
    let log = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    let line = log
        .lines()
        .find(|l| l.contains("Bootstrap admin created"))
        .expect("bootstrap line");
    assert!(line.contains("email=admin@localhost"), "{line}");
    assert_eq!(log.matches("Bootstrap admin created").count(), 1);
    assert!(log.contains("stopped"));

    // No terminal watched: the password went to a file only its owner reads, never to the
    // log, and it is the bootstrap admin's password.
    let file = dir.path().join("data/initial-admin-password");
    assert!(line.contains("data/initial-admin-password"), "{line}");
    let password = std::fs::read_to_string(&file).unwrap().trim().to_string();
    assert_eq!(password.len(), 20, "a generated password");
    assert!(!log.contains(&password), "the password leaked into the log");
    assert!(!log.contains("password="));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let url = format!("sqlite://{}", dir.path().join("data/latchkey.db").display());
    let url = latchkey::db::DatabaseUrl::parse(&url).unwrap();
    let mut conn = latchkey::db::ConnectionManager::new(url).connect().unwrap();
    let admin = latchkey::admins::store::find_by_email(&mut conn, "admin@localhost")
        .unwrap()
        .unwrap();
    assert!(latchkey::auth::password::verify(
        &password,
        &admin.password_hash
    ));
}

#[test]
fn ci_refuses_to_skip_the_postgres_tests() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let make = |ci: Option<&str>, url: &str| {
        let mut cmd = Command::new("make");
        cmd.args(["-s", "-C", root, "test-backend", "CARGO=true"]);
        cmd.env("LATCHKEY_TEST_POSTGRES_URL", url);
        match ci {
            Some(v) => cmd.env("CI", v),
            None => cmd.env_remove("CI"),
        };
        cmd.output().unwrap()
    };
    let out = make(Some("true"), "");
    assert!(!out.status.success(), "CI without PostgreSQL must fail");
    assert!(String::from_utf8_lossy(&out.stderr).contains("LATCHKEY_TEST_POSTGRES_URL"));
    assert!(
        make(None, "").status.success(),
        "a developer's run skips, loudly"
    );
    assert!(make(Some("true"), "postgres://x").status.success());

    // The harness itself fails too, should a CI run reach it without the variable.
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(&exe)
        .args([
            "--exact",
            "auth::wrong_password_and_unknown_email_answer_identically::postgres",
        ])
        .env("CI", "1")
        .env_remove("LATCHKEY_TEST_POSTGRES_URL")
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = Command::new(&exe)
        .args([
            "--exact",
            "auth::wrong_password_and_unknown_email_answer_identically::postgres",
        ])
        .env_remove("CI")
        .env_remove("LATCHKEY_TEST_POSTGRES_URL")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

both_backends_with!(processes_starting_together_migrate_once, |backend| {
    let db = TestDb::new(backend).unwrap();
    let url = latchkey::db::DatabaseUrl::parse(&db.url).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut conn = latchkey::db::ConnectionManager::new(url.clone())
                    .connect()
                    .unwrap();
                latchkey::db::run_migrations(&mut conn, &url).map_err(|e| e.to_string())
            })
        })
        .collect();
    let applied: Vec<usize> = threads
        .into_iter()
        .map(|t| t.join().unwrap().expect("every process starts"))
        .collect();
    assert_eq!(
        applied.iter().filter(|&&n| n > 0).count(),
        1,
        "one of them migrated: {applied:?}"
    );
    assert_eq!(applied.iter().sum::<usize>(), migration_count());
});
