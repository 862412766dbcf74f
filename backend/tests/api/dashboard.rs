//! The dashboard's numbers (`GET /admin/stats`) and the command palette's lookup
//! (`GET /admin/search`).

use diesel::prelude::*;

use crate::licensing::{fixture, license, licensing};
use crate::*;

fn set_expiry(app: &TestApp, license_id: &str, days_from_now: i64) {
    use latchkey::schema::licenses::dsl;
    let mut conn = app.state.pool.get().unwrap();
    let at = latchkey::db::time::now() + chrono::Duration::days(days_from_now);
    diesel::update(dsl::licenses.find(license_id))
        .set(dsl::expires_at.eq(Some(at)))
        .execute(&mut conn)
        .unwrap();
}

both_backends!(stats_count_licenses_by_status_and_traffic_per_day, |app| {
    let f = fixture(&app, Some(3)).await;
    let root = f.token.clone();

    // One license in each status, and one more assigned that expires in 10 days.
    let (_available, _) = license(&app, &f, None).await;
    let (_assigned, _) = license(&app, &f, Some("assigned@example.com")).await;
    let (_active, active_key) = license(&app, &f, Some("active@example.com")).await;
    let (expired, _) = license(&app, &f, Some("expired@example.com")).await;
    set_expiry(&app, &expired, -1);
    let (suspended, _) = license(&app, &f, Some("suspended@example.com")).await;
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/licenses/{suspended}/suspend"),
            &root,
            json!({"reason": "chargeback"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (revoked, _) = license(&app, &f, Some("revoked@example.com")).await;
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/licenses/{revoked}/revoke"),
            &root,
            json!({"reason": "refund"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (soon, _) = license(&app, &f, Some("soon@example.com")).await;
    set_expiry(&app, &soon, 10);
    // Expiring in 40 days is outside the 30-day window; a revoked one never counts.
    let (later, _) = license(&app, &f, Some("later@example.com")).await;
    set_expiry(&app, &later, 40);
    set_expiry(&app, &revoked, 5);

    // Traffic: two devices activated, three validations (one refused), one refusal.
    for device in ["LAPTOP", "DESKTOP"] {
        let (_, answer) = licensing(
            &app,
            "activate",
            json!({"license_key": active_key, "identifier": device}),
        )
        .await;
        assert_eq!(answer["result"]["code"], "ACTIVATED");
    }
    for (key, device) in [
        (active_key.as_str(), "LAPTOP"),
        (active_key.as_str(), "DESKTOP"),
        ("NO-SUCH-KEY", "LAPTOP"),
    ] {
        licensing(
            &app,
            "validate",
            json!({"license_key": key, "identifier": device}),
        )
        .await;
    }
    let (_, refused) = licensing(
        &app,
        "activate",
        json!({"license_key": "NO-SUCH-KEY", "identifier": "X"}),
    )
    .await;
    assert_eq!(refused["result"]["code"], "NOT_FOUND");
    let (_, freed) = licensing(
        &app,
        "deactivate",
        json!({"license_key": active_key, "identifier": "DESKTOP"}),
    )
    .await;
    assert_eq!(freed["result"]["code"], "DEACTIVATED");
    app.flush_usage().await;

    // A viewer may read it.
    let (_, viewer) = app.admin_with_role(&root, "viewer").await;
    let (status, stats) = app.get("/api/v1/admin/stats?days=7", &viewer).await;
    assert_eq!(status, StatusCode::OK, "{stats}");
    assert_eq!(stats["customers"], 7);
    assert_eq!(
        stats["licenses"],
        json!({"total": 8, "available": 1, "assigned": 3, "active": 1, "expired": 1, "suspended": 1, "revoked": 1})
    );
    assert_eq!(stats["active_activations"], 1);
    assert_eq!(stats["expiring_soon"], 1);
    assert_eq!(stats["expiring_within_days"], 30);

    let usage = stats["usage"].as_array().unwrap();
    assert_eq!(usage.len(), 7);
    let today = latchkey::db::time::now().date().to_string();
    assert_eq!(usage[6]["date"], today.as_str());
    assert_eq!(
        usage[6],
        json!({"date": today, "activations": 2, "validations": 3, "failed_validations": 1,
               "deactivations": 1, "refused_activations": 1})
    );
    assert!(usage[..6]
        .iter()
        .all(|d| d["validations"] == 0 && d["activations"] == 0));
    let dates: Vec<&str> = usage.iter().map(|d| d["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(dates, sorted, "one entry per day, oldest first");

    // Default window: 30 days.
    let (_, stats) = app.get("/api/v1/admin/stats", &viewer).await;
    assert_eq!(stats["usage"].as_array().unwrap().len(), 30);
});

both_backends!(stats_reject_a_window_out_of_range, |app| {
    let root = app.root_token().await;
    for bad in ["0", "91", "week"] {
        let (status, problem) = app
            .get(&format!("/api/v1/admin/stats?days={bad}"), &root)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {problem}");
        assert_eq!(problem["code"], "validation_failed");
        assert!(problem["errors"]["days"].is_array(), "{problem}");
    }
    let (status, _) = app
        .call(Method::GET, "/api/v1/admin/stats", None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
});

both_backends!(
    search_finds_customers_and_licenses_by_email_and_key,
    |app| {
        let f = fixture(&app, None).await;
        let root = f.token.clone();
        let (_, john_key) = license(&app, &f, Some("john.smith@acme.example")).await;
        let (_, john_key_2) = license(&app, &f, Some("john.smith@acme.example")).await;
        let (_, sarah_key) = license(&app, &f, Some("sarah@company.example")).await;
        let (status, _) = app
            .call(
                Method::PATCH,
                &format!(
                    "/api/v1/admin/customers/{}",
                    customer_id(&app, &root, "sarah@company.example").await
                ),
                Some(&root),
                Some(json!({"name": "Sarah Johnson"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, viewer) = app.admin_with_role(&root, "viewer").await;

        // Part of a name or an email finds customers, any case.
        let (status, found) = app.get("/api/v1/admin/search?q=JOHN", &viewer).await;
        assert_eq!(status, StatusCode::OK, "{found}");
        let emails: Vec<&str> = found["customers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["email"].as_str().unwrap())
            .collect();
        // By name, and customers without a name ("N/A") last.
        assert_eq!(emails, ["sarah@company.example", "john.smith@acme.example"]);
        assert_eq!(
            found["licenses"].as_array().unwrap().len(),
            0,
            "no key starts with JOHN"
        );

        // A whole email finds that customer's licenses too.
        let (_, found) = app
            .get("/api/v1/admin/search?q=John.Smith%40acme.example", &viewer)
            .await;
        let mut keys: Vec<&str> = found["licenses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["key"].as_str().unwrap())
            .collect();
        keys.sort();
        let mut expected = vec![john_key.as_str(), john_key_2.as_str()];
        expected.sort();
        assert_eq!(keys, expected);
        assert_eq!(found["customers"][0]["email"], "john.smith@acme.example");

        // The start of a key, typed in lower case, finds the license; the rest does not match.
        let prefix = &sarah_key[..sarah_key.len() - 3];
        let (_, found) = app
            .get(
                &format!("/api/v1/admin/search?q={}", prefix.to_lowercase()),
                &viewer,
            )
            .await;
        let licenses = found["licenses"].as_array().unwrap();
        assert_eq!(licenses.len(), 1, "{found}");
        assert_eq!(licenses[0]["key"], sarah_key.as_str());
        assert_eq!(licenses[0]["customer_email"], "sarah@company.example");
        let (_, found) = app
            .get(
                &format!("/api/v1/admin/search?q={}", &sarah_key[3..]),
                &viewer,
            )
            .await;
        assert_eq!(
            found["licenses"].as_array().unwrap().len(),
            0,
            "a key is found by its start only"
        );

        // LIKE wildcards are plain text.
        let (_, found) = app.get("/api/v1/admin/search?q=%25", &viewer).await;
        assert_eq!(found["licenses"].as_array().unwrap().len(), 0);
        assert_eq!(found["customers"].as_array().unwrap().len(), 0);

        // `limit` caps each kind.
        let (_, found) = app
            .get("/api/v1/admin/search?q=example&limit=1", &viewer)
            .await;
        assert_eq!(found["customers"].as_array().unwrap().len(), 1);
    }
);

both_backends!(search_rejects_empty_or_long_text, |app| {
    let root = app.root_token().await;
    let long = "x".repeat(201);
    for q in ["", "%20%20", long.as_str()] {
        let (status, problem) = app.get(&format!("/api/v1/admin/search?q={q}"), &root).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{q}: {problem}");
        assert!(problem["errors"]["q"].is_array(), "{problem}");
    }
    let (status, problem) = app.get("/api/v1/admin/search", &root).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let (status, problem) = app.get("/api/v1/admin/search?q=a&limit=21", &root).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(problem["errors"]["limit"].is_array(), "{problem}");
});

async fn customer_id(app: &TestApp, token: &str, email: &str) -> String {
    let (_, page) = app
        .get(&format!("/api/v1/admin/customers?search={email}"), token)
        .await;
    page["data"][0]["id"].as_str().unwrap().to_string()
}

// The dashboard's counts come from trigger-kept tallies and two index reads (today's and
// the window's last day): after licenses are created, changed at random many times (owner,
// suspension, revocation, expiry on every kind of day around now and the window's end,
// activations) and some deleted, they equal a count of every license by the status rule.
both_backends!(stats_from_tallies_equal_a_count_of_every_license, |app| {
    use latchkey::licenses::model::LicenseRow;
    use latchkey::licenses::status::LicenseStatus;
    use latchkey::schema::licenses::dsl;
    use rand::{Rng, SeedableRng};

    let f = fixture(&app, Some(3)).await;
    let mut ids = Vec::new();
    for n in 0..60 {
        let owner = (n % 3 != 0).then(|| format!("owner{}@example.com", n % 4));
        ids.push(license(&app, &f, owner.as_deref()).await.0);
    }
    let owners: Vec<Option<String>> = {
        let mut conn = app.state.pool.get().unwrap();
        let mut o: Vec<Option<String>> = dsl::licenses
            .filter(dsl::customer_id.is_not_null())
            .select(dsl::customer_id)
            .distinct()
            .load(&mut conn)
            .unwrap();
        o.push(None);
        o
    };
    let now = latchkey::db::time::now();
    let soon = now + chrono::Duration::days(30);
    let minutes = |m: i64| chrono::Duration::minutes(m);
    let midnight = |t: chrono::NaiveDateTime| t.date().and_hms_opt(0, 0, 0).unwrap();
    // Around each edge the dashboard splits a day at, at least two minutes away from it.
    let expiries = [
        None,
        Some(now - chrono::Duration::days(200)),
        Some(midnight(now) + minutes(1).min(now - midnight(now) - minutes(2))),
        Some(now - minutes(2)),
        Some(now + minutes(2)),
        Some(now + chrono::Duration::days(3)),
        Some(midnight(soon) + minutes(1).min(soon - midnight(soon) - minutes(2))),
        Some(soon - minutes(2)),
        Some(soon + minutes(2)),
        Some(now + chrono::Duration::days(90)),
    ];
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut conn = app.state.pool.get().unwrap();
    for round in 0..4 {
        for id in &ids {
            let expires = expiries[rng.gen_range(0..expiries.len())];
            let owner = owners[rng.gen_range(0..owners.len())].clone();
            diesel::update(dsl::licenses.find(id))
                .set((dsl::expires_at.eq(expires), dsl::customer_id.eq(owner)))
                .execute(&mut conn)
                .unwrap();
            diesel::update(dsl::licenses.find(id))
                .set((
                    dsl::suspended_at.eq(rng.gen_bool(0.15).then_some(now)),
                    dsl::revoked_at.eq(rng.gen_bool(0.1).then_some(now)),
                ))
                .execute(&mut conn)
                .unwrap();
            diesel::update(dsl::licenses.find(id))
                .set(dsl::activations_used.eq(rng.gen_range(0..3i64)))
                .execute(&mut conn)
                .unwrap();
        }
        if round == 2 {
            for id in ids.drain(..5) {
                diesel::delete(dsl::licenses.find(&id))
                    .execute(&mut conn)
                    .unwrap();
            }
        }
    }
    let rows: Vec<LicenseRow> = dsl::licenses
        .select(LicenseRow::as_select())
        .load(&mut conn)
        .unwrap();
    drop(conn);
    let count = |s: LicenseStatus| {
        rows.iter()
            .filter(|r| LicenseStatus::of(r, now) == s)
            .count()
    };
    let expiring = rows
        .iter()
        .filter(|r| r.revoked_at.is_none() && r.suspended_at.is_none())
        .filter(|r| r.expires_at.is_some_and(|e| e > now && e <= soon))
        .count();
    let used: i64 = rows.iter().map(|r| r.activations_used).sum();
    let (status, stats) = app.get("/api/v1/admin/stats", &f.token).await;
    assert_eq!(status, StatusCode::OK, "{stats}");
    let l = &stats["licenses"];
    assert_eq!(l["total"], rows.len(), "{l}");
    for s in LicenseStatus::ALL {
        assert_eq!(l[s.as_str()], count(s), "{}: {l}", s.as_str());
    }
    assert_eq!(stats["expiring_soon"], expiring, "{stats}");
    assert_eq!(stats["active_activations"], used, "{stats}");
});
