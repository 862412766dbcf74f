//! `latchkey seed`: synthetic data whose counters and statuses hold as the services keep them.

use diesel::RunQueryDsl;
use latchkey::db::{ConnectionManager, DatabaseUrl, DbConn};
use latchkey::seed::{self, SeedError, SeedOptions};

use crate::*;

const SECRET: &str = "test-secret-key-that-is-long-enough-0123456789";

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn connect(url: &str) -> DbConn {
    ConnectionManager::new(DatabaseUrl::parse(url).unwrap())
        .connect()
        .unwrap()
}

fn count(conn: &mut DbConn, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

fn strings(conn: &mut DbConn, sql: &str) -> Vec<String> {
    #[derive(diesel::QueryableByName)]
    struct S {
        #[diesel(sql_type = diesel::sql_types::Text)]
        s: String,
    }
    diesel::sql_query(sql)
        .load::<S>(conn)
        .unwrap()
        .into_iter()
        .map(|r| r.s)
        .collect()
}

fn options() -> SeedOptions {
    SeedOptions {
        products: 4,
        batch_size: 128,
        rng_seed: 7,
        ..SeedOptions::new(300, 3)
    }
}

async fn seed_db(url: String, opts: SeedOptions) -> Result<seed::SeedReport, SeedError> {
    actix_web::web::block(move || {
        let mut conn = connect(&url);
        latchkey::db::run_migrations(&mut conn, &DatabaseUrl::parse(&url).unwrap()).unwrap();
        let mut calls = 0;
        let report = seed::run(
            &mut conn,
            &latchkey::crypto::Secrets::from_key(SECRET),
            &opts,
            &mut |_| calls += 1,
        );
        if report.is_ok() {
            assert!(calls >= 3, "progress is reported per batch");
        }
        report
    })
    .await
    .unwrap()
}

/// The indexes of the seeded tables, which the seed drops and rebuilds.
fn indexes(conn: &mut DbConn) -> Vec<String> {
    let sql = match conn {
        DbConn::Sqlite(_) => {
            "SELECT name || ': ' || sql AS s FROM sqlite_master WHERE type = 'index' \
             AND sql IS NOT NULL AND tbl_name IN ('customers', 'licenses', 'activations') \
             ORDER BY name"
        }
        DbConn::Pg(_) => {
            "SELECT indexname || ': ' || indexdef AS s FROM pg_indexes \
             WHERE tablename IN ('customers', 'licenses', 'activations') ORDER BY indexname"
        }
    };
    strings(conn, sql)
}

both_backends!(seeded_data_keeps_the_invariants, |app| {
    let opts = options();
    let mut conn = connect(&app.db.url);
    let indexes_before = indexes(&mut conn);
    assert!(indexes_before.len() >= 8, "{indexes_before:?}");
    let report = seed_db(app.db.url.clone(), opts.clone()).await.unwrap();
    assert_eq!(
        indexes(&mut conn),
        indexes_before,
        "every index is rebuilt as it was"
    );

    assert_eq!(report.customers, 300);
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM customers"), 300);
    let licenses = count(&mut conn, "SELECT count(*) AS n FROM licenses");
    assert_eq!(licenses as u64, report.licenses);
    assert!(
        (850..=1050).contains(&licenses),
        "about 300 x 3 (+2 %): {licenses}"
    );
    let unassigned = count(
        &mut conn,
        "SELECT count(*) AS n FROM licenses WHERE customer_id IS NULL",
    );
    assert!((1..=60).contains(&unassigned), "{unassigned}");
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM activations") as u64,
        report.activations
    );

    // The counters the services keep.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM customers c WHERE c.license_count <> \
             (SELECT count(*) FROM licenses l WHERE l.customer_id = c.id)"
        ),
        0,
        "license_count is the number of licenses owned"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM licenses l WHERE l.activations_used <> \
             (SELECT count(*) FROM activations a WHERE a.license_id = l.id AND a.status = 'active')"
        ),
        0,
        "activations_used is the number of active activations"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM licenses \
             WHERE max_activations IS NOT NULL AND activations_used > max_activations"
        ),
        0
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM licenses WHERE revoked_at IS NOT NULL AND activations_used > 0"
        ),
        0,
        "revoking deactivates"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM activations WHERE status = 'inactive' \
             AND (deactivated_at IS NULL OR deactivation_reason IS NULL)"
        ),
        0
    );
    assert!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM activations WHERE status = 'inactive'"
        ) > 0
    );
    assert!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM customers WHERE name IS NULL"
        ) > 0
    );

    // Emails: unique, lower-case, valid.
    let emails = strings(&mut conn, "SELECT email AS s FROM customers");
    let distinct: std::collections::HashSet<&String> = emails.iter().collect();
    assert_eq!(distinct.len(), emails.len());
    for e in &emails {
        assert_eq!(e, &e.to_lowercase());
        assert!(latchkey::validate::is_valid_email(e), "{e}");
    }

    // Every derived status, through the API's own filter; the report agrees.
    let root = app.root_token().await;
    for status in [
        "available",
        "assigned",
        "active",
        "expired",
        "suspended",
        "revoked",
    ] {
        let (code, body) = app
            .get(
                &format!("/api/v1/admin/licenses?status={status}&per_page=1"),
                &root,
            )
            .await;
        assert_eq!(code, StatusCode::OK, "{body}");
        let total = body["meta"]["total"].as_u64().unwrap();
        assert!(total > 0, "no {status} license");
        assert_eq!(report.license_statuses[status], total, "{status}");
    }

    // Products are real: each has a signing key.
    let (_, products) = app.get("/api/v1/admin/products", &root).await;
    assert_eq!(products["meta"]["total"], 4);
    for p in products["data"].as_array().unwrap() {
        assert_eq!(p["public_keys"].as_array().unwrap().len(), 1, "{p}");
    }

    // One audit event for the whole seed.
    let events = app.audit(&root, "system.seeded").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["actor_kind"], "system");
    assert_eq!(events[0]["after"]["customers"], 300);
    assert_eq!(events[0]["after"]["licenses"], licenses);
    assert!(app.audit(&root, "license.created").await.is_empty());

    // A second seed is refused and writes nothing.
    let err = seed_db(app.db.url.clone(), opts.clone()).await.unwrap_err();
    assert!(matches!(err, SeedError::Refused(_)), "{err}");
    assert!(err.to_string().contains("300 customer"), "{err}");
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM customers"), 300);
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM products"), 4);

    // The same options give the same data, whatever the batch size.
    let backend = if matches!(conn, DbConn::Sqlite(_)) {
        Backend::Sqlite
    } else {
        Backend::Postgres
    };
    let other = TestDb::new(backend).unwrap();
    seed_db(
        other.url.clone(),
        SeedOptions {
            batch_size: 1000,
            ..opts.clone()
        },
    )
    .await
    .unwrap();
    let mut conn2 = connect(&other.url);
    let sql = "SELECT id || ' ' || email || ' ' || license_count || ' ' || created_at AS s \
               FROM customers ORDER BY id";
    assert_eq!(strings(&mut conn, sql), strings(&mut conn2, sql));
    let sql =
        "SELECT license_key || ' ' || activations_used AS s FROM licenses ORDER BY license_key";
    assert_eq!(strings(&mut conn, sql), strings(&mut conn2, sql));
});

#[test]
fn the_cli_seeds_once_then_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_latchkey"));
        for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("LATCHKEY_")) {
            cmd.env_remove(k);
        }
        cmd.args([
            "seed",
            "--customers",
            "50",
            "--licenses-per-customer",
            "2",
            "--products",
            "2",
        ])
        .env(
            "LATCHKEY_DATABASE_URL",
            format!("sqlite://{}", dir.path().join("seed.db").display()),
        )
        .env("LATCHKEY_SECRET_KEY", SECRET)
        .env("LATCHKEY_DATA_DIR", dir.path().join("data"))
        .output()
        .unwrap()
    };
    let out = run();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("seeded the sqlite database"), "{stdout}");
    assert!(stdout.contains("customers             50"), "{stdout}");
    assert!(stderr.contains("100% customers 50/50"), "{stderr}");

    let out = run();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("already holds 50 customer(s)"),
        "a clear refusal: {stderr}"
    );
}
