//! The admin Customers API: the seed page's search and sort rules, the profile with its
//! counts, inventory, activations and timeline, GDPR export and erasure, mails and
//! "View as customer".

use diesel::prelude::*;

use crate::*;

/// A signed-in super admin and a product whose licenses the fixtures assign.
struct Fixture {
    token: String,
    product: String,
}

async fn fixture(app: &TestApp) -> Fixture {
    let token = app.root_token().await;
    let (status, p) = app
        .post(
            "/api/v1/admin/products",
            &token,
            json!({"name": "Photon Editor"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    Fixture {
        token,
        product: p["id"].as_str().unwrap().to_string(),
    }
}

/// A new license assigned to `email` (the customer is created on first assignment):
/// (license id, customer id).
async fn assign(app: &TestApp, f: &Fixture, email: &str, name: Option<&str>) -> (String, String) {
    let (status, l) = app
        .post(
            "/api/v1/admin/licenses",
            &f.token,
            json!({"product_id": f.product}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{l}");
    let id = l["id"].as_str().unwrap().to_string();
    let (status, l) = app
        .post(
            &format!("/api/v1/admin/licenses/{id}/assign"),
            &f.token,
            json!({"email": email, "name": name}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{l}");
    (id, l["customer_id"].as_str().unwrap().to_string())
}

/// The people of the seed page's search examples, plus two Gmail users and two without
/// a name.
const PEOPLE: [(&str, Option<&str>); 9] = [
    ("john@example.com", Some("John Smith")),
    ("sarah@company.com", Some("Sarah Johnson")),
    ("john.doe@email.com", Some("John Doe")),
    ("admin@acme.com", Some("Acme Admin")),
    ("john@acmecorp.com", Some("John at Acme")),
    ("maria.garcia@gmail.com", Some("Maria Garcia")),
    ("zed@gmail.com", None),
    ("anon@example.org", None),
    ("bea@example.net", Some("bea Lowercase")),
];

async fn people(app: &TestApp, f: &Fixture) -> Vec<String> {
    let mut ids = Vec::new();
    for (email, name) in PEOPLE {
        ids.push(assign(app, f, email, name).await.1);
    }
    ids
}

async fn list(app: &TestApp, token: &str, query: &str) -> Value {
    let (status, body) = app
        .get(&format!("/api/v1/admin/customers?{query}"), token)
        .await;
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    body
}

fn emails(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["email"].as_str().unwrap().to_string())
        .collect()
}

fn sorted(mut v: Vec<&str>) -> Vec<String> {
    v.sort();
    v.into_iter().map(str::to_string).collect()
}

both_backends!(search_behaves_as_the_seed_examples, |app| {
    let f = fixture(&app).await;
    people(&app, &f).await;
    let t = &f.token;
    let search = |q: &'static str| {
        let app = &app;
        async move {
            let body = list(app, t, &format!("search={q}&sort=email&per_page=100")).await;
            assert_eq!(
                body["meta"]["total"],
                body["data"].as_array().unwrap().len()
            );
            emails(&body)
        }
    };
    let johns = sorted(vec![
        "john.doe@email.com",
        "john@acmecorp.com",
        "john@example.com",
        "sarah@company.com",
    ]);
    assert_eq!(search("john").await, johns);
    assert_eq!(search("JOHN").await, johns, "case-insensitive");
    assert_eq!(search("%20John%20").await, johns, "trimmed");
    assert_eq!(
        search("%40gmail.com").await,
        sorted(vec!["maria.garcia@gmail.com", "zed@gmail.com"])
    );
    assert_eq!(
        search("acme").await,
        sorted(vec!["admin@acme.com", "john@acmecorp.com"])
    );
    assert_eq!(search("sarah%40").await, ["sarah@company.com"]);
    assert_eq!(search("sarah%40company.com").await, ["sarah@company.com"]);
    // Names match too, not only emails, including across the name's words.
    assert_eq!(search("garcia").await, ["maria.garcia@gmail.com"]);
    assert_eq!(search("at%20acme").await, ["john@acmecorp.com"]);
    // Terms shorter than a trigram still match as substrings.
    assert_eq!(search("jo").await, johns);
    assert_eq!(search("ze").await, ["zed@gmail.com"]);
    // LIKE wildcards and FTS syntax are plain characters.
    assert!(search("%25").await.is_empty());
    assert!(search("j_hn").await.is_empty());
    assert!(search("%22john%22").await.is_empty());
    assert!(search("john%20OR%20sarah").await.is_empty());
    assert!(search("nobody-here").await.is_empty());
    // An empty search is no filter.
    assert_eq!(search("%20").await.len(), PEOPLE.len());

    let (status, body) = app
        .get(
            &format!("/api/v1/admin/customers?search={}", "x".repeat(201)),
            t,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["errors"]["search"].is_array(), "{body}");
});

both_backends!(sorting_keeps_missing_names_last_both_ways, |app| {
    let f = fixture(&app).await;
    let ids = people(&app, &f).await;
    let t = &f.token;
    let names = |body: &Value| -> Vec<Option<String>> {
        body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().map(str::to_string))
            .collect()
    };
    let named = [
        "Acme Admin",
        "bea Lowercase",
        "John at Acme",
        "John Doe",
        "John Smith",
        "Maria Garcia",
        "Sarah Johnson",
    ];
    let asc = names(&list(&app, t, "sort=name&per_page=100").await);
    let mut expected: Vec<Option<String>> = named.iter().map(|n| Some(n.to_string())).collect();
    expected.extend([None, None]);
    assert_eq!(asc, expected, "case-insensitive A→Z, N/A last");
    let desc = names(&list(&app, t, "sort=-name&per_page=100").await);
    let mut expected: Vec<Option<String>> =
        named.iter().rev().map(|n| Some(n.to_string())).collect();
    expected.extend([None, None]);
    assert_eq!(desc, expected, "Z→A, N/A still last");
    // Pages of a name sort neither skip nor repeat rows.
    let mut paged = Vec::new();
    for page in 1..=3 {
        paged.extend(names(
            &list(&app, t, &format!("sort=name&per_page=4&page={page}")).await,
        ));
    }
    assert_eq!(paged, asc);

    let by_email = emails(&list(&app, t, "sort=email&per_page=100").await);
    let mut all: Vec<&str> = PEOPLE.iter().map(|p| p.0).collect();
    assert_eq!(by_email, sorted(all.clone()));
    all.sort();
    all.reverse();
    assert_eq!(
        emails(&list(&app, t, "sort=-email&per_page=100").await),
        all
    );

    // Joined: oldest first on `created_at`, newest first by default.
    let oldest: Vec<String> = list(&app, t, "sort=created_at&per_page=100").await["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(oldest, ids);
    let newest: Vec<String> = list(&app, t, "per_page=100").await["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(newest, ids.iter().rev().cloned().collect::<Vec<_>>());

    // License count: Sarah gets two more licenses, Maria one more.
    assign(&app, &f, "sarah@company.com", None).await;
    assign(&app, &f, "Sarah@Company.com ", None).await;
    assign(&app, &f, "maria.garcia@gmail.com", None).await;
    let top = list(&app, t, "sort=-license_count&per_page=3").await;
    assert_eq!(
        emails(&top)[..2],
        ["sarah@company.com", "maria.garcia@gmail.com"]
    );
    assert_eq!(top["data"][0]["license_count"], 3);
    let bottom = list(&app, t, "sort=license_count&per_page=100").await;
    assert_eq!(emails(&bottom).last().unwrap(), "sarah@company.com");

    for bad in ["password_hash", "-", "licenses"] {
        let (status, body) = app
            .get(&format!("/api/v1/admin/customers?sort={bad}"), t)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert!(body["errors"]["sort"].is_array(), "{body}");
    }
});

both_backends!(pagination_reports_totals, |app| {
    let f = fixture(&app).await;
    people(&app, &f).await;
    let t = &f.token;
    let first = list(&app, t, "per_page=4").await;
    assert_eq!(
        first["meta"],
        json!({"page": 1, "per_page": 4, "total": 9, "total_pages": 3})
    );
    let last = list(&app, t, "per_page=4&page=3").await;
    assert_eq!(last["data"].as_array().unwrap().len(), 1);
    let beyond = list(&app, t, "per_page=4&page=9").await;
    assert!(beyond["data"].as_array().unwrap().is_empty());
    assert_eq!(beyond["meta"]["total"], 9);
    let searched = list(&app, t, "search=john&per_page=2").await;
    assert_eq!(
        searched["meta"],
        json!({"page": 1, "per_page": 2, "total": 4, "total_pages": 2})
    );
    let row = &list(&app, t, "search=sarah%40").await["data"][0];
    assert_eq!(row["name"], "Sarah Johnson");
    assert_eq!(row["license_count"], 1);
    assert_eq!(row["status"], "active");
    assert!(row["id"].is_string() && row["created_at"].is_string());
    let unnamed = &list(&app, t, "search=zed%40").await["data"][0];
    assert_eq!(unnamed["name"], Value::Null);

    for (query, field) in [
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("page=0", "page"),
        ("page=two", "page"),
    ] {
        let (status, body) = app
            .get(&format!("/api/v1/admin/customers?{query}"), t)
            .await;
        assert!(status.is_client_error(), "{query}: {status}");
        assert!(
            body["errors"][field].is_array() || body["detail"].as_str().unwrap().contains(field),
            "{query}: {body}"
        );
    }
});

/// Licenses of one customer in every state: (customer id, license ids).
async fn licenses_in_every_state(app: &TestApp, f: &Fixture) -> (String, Vec<String>) {
    let email = "states@example.com";
    let mut ids = Vec::new();
    let mut customer = String::new();
    for _ in 0..5 {
        let (l, c) = assign(app, f, email, Some("Stella States")).await;
        ids.push(l);
        customer = c;
    }
    let t = &f.token;
    let post = |verb: &str, id: &str, body: Value| {
        let path = format!("/api/v1/admin/licenses/{id}/{verb}");
        async move {
            let (status, b) = app.post(&path, t, body).await;
            assert_eq!(status, StatusCode::OK, "{path}: {b}");
        }
    };
    post("suspend", &ids[0], json!({"reason": "chargeback"})).await;
    post("revoke", &ids[1], json!({"reason": "fraud"})).await;
    add_activation(app, &ids[2], "laptop-1", Some("203.0.113.7"));
    add_activation(app, &ids[2], "desktop-2", Some("2001:db8::42"));
    {
        use latchkey::schema::licenses::dsl;
        let mut conn = app.state.pool.get().unwrap();
        let past = latchkey::db::time::now() - chrono::Duration::days(3);
        diesel::update(dsl::licenses.find(&ids[3]))
            .set(dsl::expires_at.eq(past))
            .execute(&mut conn)
            .unwrap();
    }
    (customer, ids)
}

both_backends!(profile_counts_licenses_in_every_state, |app| {
    let f = fixture(&app).await;
    let (id, licenses) = licenses_in_every_state(&app, &f).await;
    let t = &f.token;
    let (status, c) = app.get(&format!("/api/v1/admin/customers/{id}"), t).await;
    assert_eq!(status, StatusCode::OK, "{c}");
    assert_eq!(c["email"], "states@example.com");
    assert_eq!(c["name"], "Stella States");
    assert_eq!(c["status"], "active");
    assert_eq!(c["license_count"], 5);
    assert_eq!(
        c["licenses_by_status"],
        json!({"assigned": 1, "active": 1, "expired": 1, "suspended": 1, "revoked": 1})
    );
    assert_eq!(c["active_activations"], 2);
    assert_eq!(c["email_verified"], false);
    assert_eq!(c["two_factor_enabled"], false);
    assert_eq!(c["password_set"], false);
    assert_eq!(c["last_login_at"], Value::Null);
    let row = &list(&app, t, "search=states%40").await["data"][0];
    assert_eq!(row["license_count"], 5, "the list counts every state");

    // Ownership changes move the count: transfer one, unassign another.
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/licenses/{}/assign", licenses[4]),
            t,
            json!({"email": "other@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/licenses/{}/unassign", licenses[3]),
            t,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, c) = app.get(&format!("/api/v1/admin/customers/{id}"), t).await;
    assert_eq!(c["license_count"], 3);
    assert_eq!(
        c["licenses_by_status"],
        json!({"assigned": 0, "active": 1, "expired": 0, "suspended": 1, "revoked": 1})
    );
    assert_eq!(
        emails(&list(&app, t, "sort=-license_count").await)[0],
        "states@example.com"
    );
});

both_backends!(unknown_customers_answer_404, |app| {
    let f = fixture(&app).await;
    let t = &f.token;
    let missing = "01936f4e-0000-7000-8000-000000000000";
    for (method, path, body) in [
        (Method::GET, "", None),
        (Method::PATCH, "", Some(json!({"name": "x"}))),
        (
            Method::DELETE,
            "",
            Some(json!({"confirm": "x@example.com"})),
        ),
        (Method::GET, "/licenses", None),
        (Method::GET, "/activations", None),
        (Method::GET, "/timeline", None),
        (Method::GET, "/export", None),
        (Method::GET, "/export?format=csv", None),
        (Method::POST, "/password-reset", None),
        (Method::POST, "/invitation", None),
        (Method::POST, "/impersonate", None),
    ] {
        let what = format!("{method} {path}");
        let (status, b) = app
            .call(
                method,
                &format!("/api/v1/admin/customers/{missing}{path}"),
                Some(t),
                body,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{what}: {b}");
        assert_eq!(b["code"], "not_found", "{what}");
        assert_eq!(b["detail"], "Customer not found.", "{what}");
    }
});

both_backends!(profile_edits_name_and_status_never_email, |app| {
    let f = fixture(&app).await;
    let (_, id) = assign(&app, &f, "edit@example.com", Some("Eddie Edit")).await;
    let t = &f.token;
    let path = format!("/api/v1/admin/customers/{id}");
    let patch = |body: Value| {
        let app = &app;
        let path = path.clone();
        async move { app.call(Method::PATCH, &path, Some(t), Some(body)).await }
    };
    let (status, c) = patch(json!({"name": "  Edward Edit ", "status": "suspended"})).await;
    assert_eq!(status, StatusCode::OK, "{c}");
    assert_eq!(c["name"], "Edward Edit");
    assert_eq!(c["status"], "suspended");
    assert_eq!(
        list(&app, t, "search=edward").await["data"][0]["status"],
        "suspended"
    );
    assert_eq!(
        list(&app, t, "search=eddie").await["meta"]["total"],
        0,
        "old name unindexed"
    );

    for body in [
        json!({"email": "new@example.com"}),
        json!({"email": null}),
        json!({"name": "X", "email": "edit@example.com"}),
    ] {
        let (status, b) = patch(body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {b}");
        assert_eq!(b["code"], "validation_failed");
        assert!(
            b["errors"]["email"][0]
                .as_str()
                .unwrap()
                .contains("immutable"),
            "{b}"
        );
    }
    let (_, c) = app.get(&path, t).await;
    assert_eq!(c["email"], "edit@example.com");
    assert_eq!(c["name"], "Edward Edit", "a refused change writes nothing");

    let (status, b) = patch(json!({"status": "deleted"})).await;
    assert!(status.is_client_error(), "{b}");
    assert!(
        b["detail"].as_str().unwrap().contains("status") || b["errors"]["status"].is_array(),
        "{b}"
    );
    let (status, b) = patch(json!({"name": "n".repeat(201)})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b["errors"]["name"].is_array());
    let (status, b) = patch(json!({"name": 5})).await;
    assert!(status.is_client_error(), "{b}");

    let (status, c) = patch(json!({"name": null, "status": "active"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(c["name"], Value::Null, "null clears the name (N/A)");
    let (_, c) = patch(json!({"name": "  "})).await;
    assert_eq!(c["name"], Value::Null, "blank clears the name too");

    let events = app.audit(t, "customer.updated").await;
    assert_eq!(events.len(), 3);
    assert_eq!(events[2]["after"]["status"], "suspended");
    let trail = events.iter().map(Value::to_string).collect::<String>();
    assert!(
        !trail.contains("Edward") && !trail.contains("edit@example.com"),
        "{trail}"
    );
});

both_backends!(inventory_activations_and_timeline, |app| {
    let f = fixture(&app).await;
    let t = &f.token;
    let mut licenses = Vec::new();
    let mut id = String::new();
    for _ in 0..16 {
        let (l, c) = assign(&app, &f, "many@example.com", Some("Manny Many")).await;
        licenses.push(l);
        id = c;
    }
    assign(&app, &f, "someone-else@example.com", None).await;
    let base = format!("/api/v1/admin/customers/{id}");

    let (status, page1) = app.get(&format!("{base}/licenses"), t).await;
    assert_eq!(status, StatusCode::OK, "{page1}");
    assert_eq!(
        page1["meta"],
        json!({"page": 1, "per_page": 15, "total": 16, "total_pages": 2})
    );
    let first = &page1["data"][0];
    assert_eq!(first["id"], licenses[15].as_str(), "newest first");
    assert_eq!(first["product_name"], "Photon Editor");
    assert_eq!(first["status"], "assigned");
    assert_eq!(first["expires_at"], Value::Null);
    assert_eq!(first["activations_used"], 0);
    assert!(first["key"].is_string() && first["created_at"].is_string());
    let (_, page2) = app.get(&format!("{base}/licenses?page=2"), t).await;
    assert_eq!(page2["data"][0]["id"], licenses[0].as_str());

    let stale = add_activation(&app, &licenses[0], "old-laptop", Some("198.51.100.4"));
    add_activation(&app, &licenses[1], "new-desktop", Some("198.51.100.5"));
    {
        use latchkey::schema::activations::dsl as a;
        let mut conn = app.state.pool.get().unwrap();
        let long_ago = latchkey::db::time::now() - chrono::Duration::days(40);
        diesel::update(a::activations.find(&stale))
            .set(a::last_verified_at.eq(long_ago))
            .execute(&mut conn)
            .unwrap();
    }
    let (status, b) = app.get(&format!("{base}/licenses?status=active"), t).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(b["meta"]["total"], 2);
    assert_eq!(b["data"][0]["activations_used"], 1);

    let (status, acts) = app
        .get(&format!("{base}/activations?sort=last_verified_at"), t)
        .await;
    assert_eq!(status, StatusCode::OK, "{acts}");
    assert_eq!(acts["meta"]["total"], 2);
    let a0 = &acts["data"][0];
    assert_eq!(a0["identifier"], "old-laptop", "stalest first");
    assert_eq!(a0["license_id"], licenses[0].as_str());
    assert_eq!(a0["product_name"], "Photon Editor");
    assert_eq!(a0["ip_address"], "198.51.100.4");
    assert_eq!(a0["status"], "active");
    assert!(a0["license_key"].is_string() && a0["activated_at"].is_string());
    let (_, acts) = app
        .get(&format!("{base}/activations?sort=-last_verified_at"), t)
        .await;
    assert_eq!(acts["data"][0]["identifier"], "new-desktop");
    // Revoking deactivates the device: it moves to the inactive filter.
    app.post(
        &format!("/api/v1/admin/licenses/{}/revoke", licenses[0]),
        t,
        json!({}),
    )
    .await;
    let (_, inactive) = app
        .get(&format!("{base}/activations?status=inactive"), t)
        .await;
    assert_eq!(inactive["meta"]["total"], 1, "{inactive}");
    assert_eq!(
        inactive["data"][0]["deactivation_reason"],
        "license revoked"
    );
    let (status, b) = app.get(&format!("{base}/activations?status=gone"), t).await;
    assert!(status.is_client_error(), "{b}");

    let (status, tl) = app.get(&format!("{base}/timeline?per_page=100"), t).await;
    assert_eq!(status, StatusCode::OK, "{tl}");
    let actions: Vec<&str> = tl["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions[0], "license.revoked", "newest first");
    assert_eq!(*actions.last().unwrap(), "customer.created");
    assert_eq!(
        actions.iter().filter(|a| **a == "license.assigned").count(),
        16
    );
    assert_eq!(tl["data"][0]["actor_kind"], "admin");
    assert!(tl["data"][0]["actor_name"].is_string(), "{}", tl["data"][0]);
    assert!(
        tl["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| !e.to_string().contains("someone-else")),
        "only this customer's events"
    );
});

fn count_rows(app: &TestApp, sql: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.state.pool.get().unwrap();
    diesel::sql_query(sql).get_result::<N>(&mut conn).unwrap().n
}

both_backends!(erasure_removes_personal_data_and_keeps_ids, |app| {
    let f = fixture(&app).await;
    let t = &f.token;
    let (status, _) = app
        .call(
            Method::PATCH,
            &format!("/api/v1/admin/products/{}", f.product),
            Some(t),
            Some(json!({"send_license_email": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (l1, id) = assign(&app, &f, "gone@example.com", Some("Gordon Gone")).await;
    let (l2, _) = assign(&app, &f, "gone@example.com", None).await;
    let (_, keep) = assign(&app, &f, "stays@example.com", Some("Stan Stays")).await;
    add_activation(&app, &l1, "gordons-mac", Some("192.0.2.99"));
    let (_, imp) = app
        .post(
            &format!("/api/v1/admin/customers/{id}/impersonate"),
            t,
            json!({}),
        )
        .await;
    let portal = imp["token"].as_str().unwrap().to_string();
    assert_eq!(
        app.get("/api/v1/portal/me", &portal).await.0,
        StatusCode::OK
    );
    let path = format!("/api/v1/admin/customers/{id}");

    for body in [
        json!({}),
        json!({"confirm": "stays@example.com"}),
        json!({"confirm": "gone@example"}),
    ] {
        let (status, b) = app
            .call(Method::DELETE, &path, Some(t), Some(body.clone()))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {b}");
        assert!(b["errors"]["confirm"].is_array(), "{b}");
    }
    let (status, _) = app.call(Method::DELETE, &path, Some(t), None).await;
    assert!(status.is_client_error());
    assert_eq!(
        app.get(&path, t).await.0,
        StatusCode::OK,
        "nothing erased yet"
    );

    let (status, erased) = app
        .call(
            Method::DELETE,
            &path,
            Some(t),
            Some(json!({"confirm": " Gone@Example.com "})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{erased}");
    assert_eq!(
        erased,
        json!({"id": id, "licenses_unassigned": 2, "activations_scrubbed": 1, "emails_discarded": 2})
    );
    assert_eq!(app.get(&path, t).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/api/v1/portal/me", &portal).await.0,
        StatusCode::UNAUTHORIZED,
        "the erased customer's tokens stop working"
    );

    // The licenses remain, available again, their devices released.
    for l in [&l1, &l2] {
        let (status, lic) = app.get(&format!("/api/v1/admin/licenses/{l}"), t).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(lic["status"], "available");
        assert_eq!(lic["customer_id"], Value::Null);
        assert_eq!(lic["activations_used"], 0);
    }
    // No email, name or IP of the customer is left in the live tables.
    for (table, columns) in [
        ("customers", "email || ' ' || coalesce(name, '')"),
        ("licenses", "coalesce(notes, '') || ' ' || metadata"),
        (
            "activations",
            "coalesce(ip_address, '') || ' ' || coalesce(name, '') || ' ' || metadata",
        ),
        ("email_outbox", "to_email || ' ' || payload"),
        ("customer_sessions", "customer_id"),
    ] {
        for needle in ["gone@example.com", "Gordon", "192.0.2.99", id.as_str()] {
            let n = count_rows(
                &app,
                &format!("SELECT count(*) AS n FROM {table} WHERE {columns} LIKE '%{needle}%'"),
            );
            assert_eq!(n, 0, "{needle} still in {table}");
        }
    }
    assert_eq!(list(&app, t, "search=gordon").await["meta"]["total"], 0);
    assert_eq!(list(&app, t, "search=gone%40").await["meta"]["total"], 0);
    assert_eq!(list(&app, t, "").await["meta"]["total"], 1);
    assert_eq!(
        list(&app, t, "search=stan").await["data"][0]["id"],
        keep.as_str()
    );
    // The trail keeps the id, and never held the email or name.
    let kept = count_rows(
        &app,
        &format!("SELECT count(*) AS n FROM audit_events WHERE customer_id = '{id}'"),
    );
    assert!(kept >= 6, "{kept}");
    let leaked = count_rows(
        &app,
        "SELECT count(*) AS n FROM audit_events WHERE coalesce(before_json, '') || coalesce(after_json, '') LIKE '%gone@example.com%' OR coalesce(before_json, '') || coalesce(after_json, '') LIKE '%Gordon%'",
    );
    assert_eq!(leaked, 0);
    let events = app.audit(t, "customer.erased").await;
    assert_eq!(events[0]["subject_id"], id.as_str());
    assert_eq!(events[0]["after"]["licenses_unassigned"], 2);
    // Erasing twice is a 404, not a 500.
    let (status, _) = app
        .call(
            Method::DELETE,
            &path,
            Some(t),
            Some(json!({"confirm": "gone@example.com"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The same email can become a customer again, as a new person.
    let (_, again) = assign(&app, &f, "gone@example.com", None).await;
    assert_ne!(again, id);
});

both_backends!(
    erasure_also_scrubs_devices_left_on_licenses_sold_since,
    |app| {
        let f = fixture(&app).await;
        let t = &f.token;
        let (license, seller) = assign(&app, &f, "seller@example.com", None).await;
        add_activation(&app, &license, "sellers-laptop", Some("192.0.2.77"));
        // Sold: the device is deactivated, and stays in the license's history.
        let (status, _) = app
            .post(
                &format!("/api/v1/admin/licenses/{license}/assign"),
                t,
                json!({"email": "buyer@example.com"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, erased) = app
            .call(
                Method::DELETE,
                &format!("/api/v1/admin/customers/{seller}"),
                Some(t),
                Some(json!({"confirm": "seller@example.com"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{erased}");
        assert_eq!(erased["activations_scrubbed"], 1);
        assert_eq!(
            count_rows(
                &app,
                "SELECT COUNT(*) AS n FROM activations WHERE ip_address IS NOT NULL \
                 OR name IS NOT NULL OR customer_id IS NOT NULL"
            ),
            0,
            "no address, device name or customer id of the seller is left"
        );
    }
);

both_backends!(export_holds_everything_and_is_audited, |app| {
    let f = fixture(&app).await;
    let t = &f.token;
    let (l1, id) = assign(&app, &f, "export@example.com", Some("Exa Port")).await;
    assign(&app, &f, "export@example.com", None).await;
    add_activation(&app, &l1, "exa-laptop", Some("203.0.113.50"));
    let base = format!("/api/v1/admin/customers/{id}/export");

    let res = app.send(Method::GET, &base, Some(t), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains(&format!("customer-{id}.json")));
    let export: Value = res.json().await.unwrap();
    assert_eq!(export["customer"]["email"], "export@example.com");
    assert_eq!(export["customer"]["name"], "Exa Port");
    assert_eq!(export["customer"]["license_count"], 2);
    assert_eq!(export["licenses"].as_array().unwrap().len(), 2);
    assert_eq!(export["licenses"][0]["id"], l1.as_str());
    assert_eq!(export["activations"][0]["ip_address"], "203.0.113.50");
    let actions: Vec<&str> = export["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.first(), Some(&"customer.created"), "oldest first");
    assert_eq!(
        actions.last(),
        Some(&"customer.exported"),
        "the export is recorded"
    );

    let res = app
        .send(Method::GET, &format!("{base}?format=csv"), Some(t), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "section,record_id,field,value");
    assert!(lines.contains(&format!("profile,{id},email,export@example.com").as_str()));
    assert!(lines.contains(&format!("license,{l1},product_name,Photon Editor").as_str()));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("activation,") && l.ends_with(",ip_address,203.0.113.50")));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("event,") && l.ends_with(",action,customer.exported")));

    let exports = app.audit(t, "customer.exported").await;
    assert_eq!(exports.len(), 2);
    assert_eq!(exports[0]["after"]["format"], "csv");
    assert_eq!(exports[1]["after"]["format"], "json");

    let (status, b) = app.get(&format!("{base}?format=xml"), t).await;
    assert!(status.is_client_error(), "{b}");
    assert!(b["detail"].as_str().unwrap().contains("format"), "{b}");
});

both_backends!(list_export_is_the_filtered_list_as_csv, |app| {
    let f = fixture(&app).await;
    people(&app, &f).await;
    let t = &f.token;
    let res = app
        .send(
            Method::GET,
            "/api/v1/admin/customers/export?search=acme&sort=name",
            Some(t),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("customers.csv"));
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert_eq!(lines[0], "name,email,license_count,joined,status");
    assert!(
        lines[1].starts_with("Acme Admin,admin@acme.com,1,"),
        "{csv}"
    );
    assert!(
        lines[2].starts_with("John at Acme,john@acmecorp.com,1,"),
        "{csv}"
    );
    assert!(lines[1].ends_with(",active"));
    let all = app
        .send(Method::GET, "/api/v1/admin/customers/export", Some(t), None)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(all.lines().count(), PEOPLE.len() + 1);
    assert!(
        all.contains(",anon@example.org,"),
        "unnamed rows have an empty name"
    );
    let (status, b) = app
        .get("/api/v1/admin/customers/export?sort=bogus", t)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
});

pub(crate) fn outbox(app: &TestApp, customer: &str) -> Vec<(String, String)> {
    use latchkey::schema::email_outbox::dsl as o;
    let mut conn = app.state.pool.get().unwrap();
    o::email_outbox
        .filter(o::customer_id.eq(customer))
        .order(o::created_at.asc())
        .select((o::template, o::to_email))
        .load(&mut conn)
        .unwrap()
}

both_backends!(password_reset_and_invitation_queue_mail, |app| {
    let f = fixture(&app).await;
    let t = &f.token;
    let (_, id) = assign(&app, &f, "mail@example.com", None).await;
    let base = format!("/api/v1/admin/customers/{id}");
    let (status, b) = app.post(&format!("{base}/invitation"), t, json!({})).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{b}");
    assert_eq!(
        b,
        json!({"queued": true, "template": "invitation", "to": "mail@example.com"})
    );
    let (status, b) = app
        .post(&format!("{base}/password-reset"), t, json!({}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{b}");
    assert_eq!(
        outbox(&app, &id),
        [
            ("invitation".to_string(), "mail@example.com".to_string()),
            ("password_reset".to_string(), "mail@example.com".to_string())
        ]
    );
    assert_eq!(app.audit(t, "customer.password_reset_sent").await.len(), 1);
    assert_eq!(app.audit(t, "customer.invitation_sent").await.len(), 1);

    // Once a password is set, the invitation is spent.
    {
        use latchkey::schema::customers::dsl as c;
        let mut conn = app.state.pool.get().unwrap();
        diesel::update(c::customers.find(&id))
            .set(c::password_hash.eq("$2b$04$not-a-real-hash"))
            .execute(&mut conn)
            .unwrap();
    }
    let (status, b) = app.post(&format!("{base}/invitation"), t, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{b}");
    assert_eq!(b["code"], "invalid_transition");
    // A suspended customer cannot sign in: no mail.
    app.call(
        Method::PATCH,
        &base,
        Some(t),
        Some(json!({"status": "suspended"})),
    )
    .await;
    let (status, b) = app
        .post(&format!("{base}/password-reset"), t, json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{b}");
    assert!(b["detail"].as_str().unwrap().contains("suspended"));
    assert_eq!(outbox(&app, &id).len(), 2, "refusals queue nothing");
});

both_backends!(
    view_as_customer_is_read_only_short_lived_and_audited,
    |app| {
        use latchkey::auth::jwt::Audience;
        let f = fixture(&app).await;
        let t = &f.token;
        let (_, id) = assign(&app, &f, "viewme@example.com", Some("Vera View")).await;
        let (_, other) = assign(&app, &f, "other@example.com", None).await;
        let (_, support) = app.admin_with_role(t, "admin").await;
        let (status, imp) = app
            .post(
                &format!("/api/v1/admin/customers/{id}/impersonate"),
                &support,
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{imp}");
        assert_eq!(imp["read_only"], true);
        assert_eq!(imp["expires_in"], 900);
        assert_eq!(imp["customer_id"], id.as_str());
        let token = imp["token"].as_str().unwrap();

        let (status, me) = app.get("/api/v1/portal/me", token).await;
        assert_eq!(status, StatusCode::OK, "{me}");
        assert_eq!(me["email"], "viewme@example.com");
        assert_eq!(me["impersonated"], true);
        assert_eq!(me["read_only"], true);
        // The portal token is no admin token, and admin credentials open no portal.
        assert_eq!(
            app.get(&format!("/api/v1/admin/customers/{id}"), token)
                .await
                .0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.get("/api/v1/portal/me", t).await.0,
            StatusCode::UNAUTHORIZED
        );
        let (_, key) = app.api_key_with_role(t, "admin").await;
        assert_eq!(
            app.get("/api/v1/portal/me", &key).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.call(Method::GET, "/api/v1/portal/me", None, None)
                .await
                .0,
            StatusCode::UNAUTHORIZED
        );
        // A token naming another customer on this session is refused.
        let claims = app.state.jwt.verify(Audience::Portal, token).unwrap();
        let forged = app
            .state
            .jwt
            .issue(Audience::Portal, &other, &claims.sid, 600);
        assert_eq!(
            app.get("/api/v1/portal/me", &forged).await.0,
            StatusCode::UNAUTHORIZED
        );
        // Expired tokens end.
        let expired = app.state.jwt.issue(Audience::Portal, &id, &claims.sid, -60);
        assert_eq!(
            app.get("/api/v1/portal/me", &expired).await.0,
            StatusCode::UNAUTHORIZED
        );

        let events = app.audit(t, "customer.impersonated").await;
        assert_eq!(events.len(), 1);
        assert_eq!(events[0]["actor_kind"], "admin");
        assert_eq!(events[0]["after"]["read_only"], true);
        assert_eq!(events[0]["after"]["session_id"], claims.sid.as_str());
        let (_, tl) = app
            .get(&format!("/api/v1/admin/customers/{id}/timeline"), t)
            .await;
        assert_eq!(tl["data"][0]["action"], "customer.impersonated");
        assert_eq!(tl["data"][0]["actor_name"], "admin user");

        // A suspended customer can still be viewed by an admin.
        app.call(
            Method::PATCH,
            &format!("/api/v1/admin/customers/{id}"),
            Some(t),
            Some(json!({"status": "suspended"})),
        )
        .await;
        let (status, me) = app.get("/api/v1/portal/me", token).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(me["status"], "suspended");
        // Deactivating the admin ends their View as customer at once.
        let (support_id, support2) = app.admin_with_role(t, "admin").await;
        let (_, imp2) = app
            .post(
                &format!("/api/v1/admin/customers/{id}/impersonate"),
                &support2,
                json!({}),
            )
            .await;
        let token2 = imp2["token"].as_str().unwrap();
        assert_eq!(app.get("/api/v1/portal/me", token2).await.0, StatusCode::OK);
        let (status, _) = app
            .call(
                Method::PATCH,
                &format!("/api/v1/admin/admins/{support_id}"),
                Some(t),
                Some(json!({"status": "inactive"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            app.get("/api/v1/portal/me", token2).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(app.get("/api/v1/portal/me", token).await.0, StatusCode::OK);
        let (_, operator) = app.admin_with_role(t, "operator").await;
        let (status, _) = app
            .post(
                &format!("/api/v1/admin/customers/{id}/impersonate"),
                &operator,
                json!({}),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "View as customer needs the admin role"
        );
    }
);

both_backends!(
    view_as_customer_with_a_key_is_its_owners_and_ends_with_the_key,
    |app| {
        let f = fixture(&app).await;
        let (_, id) = assign(&app, &f, "viewme@example.com", Some("Vera View")).await;
        let (owner, owner_token) = app.admin_with_role(&f.token, "admin").await;
        let (key_id, key) = app.api_key_with_role(&owner_token, "admin").await;
        let (status, imp) = app
            .post(
                &format!("/api/v1/admin/customers/{id}/impersonate"),
                &key,
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{imp}");
        let token = imp["token"].as_str().unwrap();
        assert_eq!(app.get("/api/v1/portal/me", token).await.0, StatusCode::OK);
        // Reads in the session count as the owner's, and so does opening it.
        app.get("/api/v1/portal/licenses", token).await;
        let events = app.audit(&f.token, "customer.impersonated").await;
        assert_eq!(events[0]["actor_kind"], "admin");
        assert_eq!(events[0]["actor_id"], owner.as_str());
        assert_eq!(events[0]["after"]["api_key_id"], key_id.as_str());

        let (status, _) = app
            .call(
                Method::DELETE,
                &format!("/api/v1/admin/api-keys/{key_id}"),
                Some(&owner_token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            app.get("/api/v1/portal/me", token).await.0,
            StatusCode::UNAUTHORIZED,
            "the session ended with the key"
        );
    }
);

/// `n` inactive activations of `license` (made for `customer`) straight into the table: an
/// export with this much to read takes long enough to watch.
fn many_activations(app: &TestApp, license: &str, customer: &str, n: i64) {
    let mut conn = app.state.pool.get().unwrap();
    let timestamp = match app.state.backend {
        latchkey::db::Backend::Sqlite => "",
        latchkey::db::Backend::Postgres => "TIMESTAMP ",
    };
    diesel::sql_query(format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) \
         INSERT INTO activations (id, license_id, identifier, kind, metadata, status, \
         activated_at, deactivated_at, customer_id) \
         SELECT 'old-' || i, '{license}', 'OLD-PC-' || i, 'device', '{{}}', 'inactive', \
         {timestamp}'2026-01-01 00:00:00', {timestamp}'2026-02-01 00:00:00', '{customer}' \
         FROM n"
    ))
    .execute(&mut conn)
    .unwrap();
}

/// A write lock probe on the test's SQLite file: `true` when another connection holds the
/// write lock longer than 100 ms (PostgreSQL has no database-wide write lock: `false`).
fn writer_held(app: &TestApp, probe: &mut Option<diesel::SqliteConnection>) -> bool {
    let Some(c) = probe else {
        return false;
    };
    let _ = app;
    match diesel::sql_query("BEGIN IMMEDIATE").execute(c) {
        Ok(_) => {
            diesel::sql_query("ROLLBACK").execute(c).unwrap();
            false
        }
        Err(_) => true,
    }
}

both_backends!(a_large_export_does_not_hold_the_write_lock, |app| {
    let f = fixture(&app).await;
    let (license, id) = assign(&app, &f, "archive@example.com", None).await;
    many_activations(&app, &license, &id, 30_000);
    let mut probe = match app.state.backend {
        latchkey::db::Backend::Sqlite => {
            let path = app.db.url.trim_start_matches("sqlite://");
            let mut c = diesel::SqliteConnection::establish(path).unwrap();
            diesel::sql_query("PRAGMA busy_timeout = 100")
                .execute(&mut c)
                .unwrap();
            Some(c)
        }
        latchkey::db::Backend::Postgres => None,
    };

    let export = {
        let client = app.client.clone();
        let url = app.url(&format!("/api/v1/admin/customers/{id}/export"));
        let token = f.token.clone();
        actix_web::rt::spawn(async move {
            let res = client.get(url).bearer_auth(token).send().await.unwrap();
            let status = res.status();
            let body = res.bytes().await.unwrap();
            (status, body.len())
        })
    };
    // While the export runs, the database's write lock is never held for long (it was,
    // for the whole read, when the export read inside its write transaction): every
    // probe is a write, as an activation is.
    let mut probes = 0;
    let mut blocked = 0;
    while !export.is_finished() {
        probes += 1;
        if writer_held(&app, &mut probe) {
            blocked += 1;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let (status, bytes) = export.await.unwrap();
    assert_eq!(status, StatusCode::OK);
    assert!(bytes > 1_000_000, "the export holds the 30,000 activations");
    assert!(probes > 0);
    assert_eq!(
        blocked, 0,
        "the write lock was held past 100 ms in {blocked} of {probes} probes during the export"
    );
});

/// `n` customers named "Ölaf Nordmann <i>" straight into the table (the API would take
/// minutes), one in ten without a name.
pub fn many_customers(app: &TestApp, n: usize) {
    insert_customers(app, n, |i| {
        (i % 10 != 0).then(|| format!("Ölaf Nordmann {i:05}"))
    });
}

fn insert_customers(app: &TestApp, n: usize, name: impl Fn(usize) -> Option<String>) {
    use latchkey::customers::model::CustomerRow;
    let now = latchkey::db::time::now();
    let rows: Vec<CustomerRow> = (0..n)
        .map(|i| CustomerRow {
            id: uuid::Uuid::now_v7().to_string(),
            email: format!("olaf{i:05}@nordmann.example"),
            name: name(i),
            status: "active".into(),
            email_verified_at: None,
            password_hash: None,
            totp_secret: None,
            totp_enabled: false,
            last_login_at: None,
            license_count: (i % 7) as i64,
            created_at: now,
            updated_at: now,
            totp_last_step: None,
        })
        .collect();
    let mut conn = app.state.pool.get().unwrap();
    latchkey::customers::store::insert_many(&mut conn, &rows).unwrap();
}

both_backends!(
    broad_searches_cap_their_total_and_still_page_in_order,
    |app| {
        let t = &app.root_token().await;
        many_customers(&app, 10_050);
        let all = list(&app, t, "per_page=1").await;
        assert_eq!(
            all["meta"]["total"], 10_050,
            "the unfiltered total is exact"
        );
        assert!(all["meta"].get("total_capped").is_none());

        // Unicode case folding: only the named have the umlaut, and exactly counted.
        let capped = json!({"page": 1, "per_page": 25, "total": 10_000, "total_pages": 400, "total_capped": true});
        let named = json!({"page": 1, "per_page": 25, "total": 9_045, "total_pages": 362});
        for (term, meta) in [
            ("nordmann", &capped),
            ("olaf", &capped),
            ("%C3%96LAF", &named),
            ("%C3%B6laf", &named),
        ] {
            let body = list(&app, t, &format!("search={term}&sort=name")).await;
            assert_eq!(&body["meta"], meta, "{term}");
            let names: Vec<&str> = body["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap())
                .collect();
            let expected: Vec<String> = (1..=27)
                .filter(|i| i % 10 != 0)
                .take(25)
                .map(|i| format!("Ölaf Nordmann {i:05}"))
                .collect();
            assert_eq!(names, expected, "{term}");
        }
        // A page deep into a broad search, and the unnamed at the end of a name sort.
        let deep = list(&app, t, "search=nordmann&sort=name&per_page=100&page=91").await;
        assert_eq!(deep["data"][0]["name"], "Ölaf Nordmann 10001");
        let last = list(&app, t, "search=nordmann&sort=-name&per_page=100&page=101").await;
        assert_eq!(last["data"][0]["name"], Value::Null);
        // By license count, most first, ties newest id first.
        let top = list(&app, t, "search=nordmann&sort=-license_count&per_page=100").await;
        assert!(top["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["license_count"] == 6));
        // A narrow search in the same crowd is exact.
        let one = list(&app, t, "search=olaf01234%40").await;
        assert_eq!(
            one["meta"],
            json!({"page": 1, "per_page": 25, "total": 1, "total_pages": 1})
        );
        assert_eq!(one["data"][0]["name"], "Ölaf Nordmann 01234");
    }
);

both_backends!(
    matches_crowding_the_end_of_the_order_are_still_found,
    |app| {
        let t = &app.root_token().await;
        // 22,000 Aarons, then 3,000 Zoltans: sorted by name, every Zoltan comes after every
        // Aaron, beyond what a page may walk before it looks the matches up instead.
        insert_customers(&app, 25_000, |i| {
            Some(if i < 22_000 {
                format!("Aaron Able {i:05}")
            } else {
                format!("Zoltan Zed {i:05}")
            })
        });
        let body = list(&app, t, "search=zoltan&sort=name").await;
        assert_eq!(
            body["meta"],
            json!({"page": 1, "per_page": 25, "total": 3000, "total_pages": 120})
        );
        assert_eq!(body["data"][0]["name"], "Zoltan Zed 22000");
        assert_eq!(body["data"][24]["name"], "Zoltan Zed 22024");
        let body = list(&app, t, "search=zoltan&sort=name&page=120").await;
        assert_eq!(body["data"][24]["name"], "Zoltan Zed 24999");
        let body = list(&app, t, "search=zoltan&sort=-name").await;
        assert_eq!(body["data"][0]["name"], "Zoltan Zed 24999");
        let body = list(&app, t, "search=able&sort=-name&page=2").await;
        assert_eq!(body["meta"]["total"], 10_000);
        assert_eq!(body["meta"]["total_capped"], true);
        assert_eq!(body["data"][0]["name"], "Aaron Able 21974");
    }
);

/// Every email of the list for `query`, page after page.
async fn all_listed(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let mut out = Vec::new();
    for page in 1.. {
        let body = list(app, token, &format!("{query}&per_page=100&page={page}")).await;
        let emails = emails(&body);
        if emails.is_empty() {
            break;
        }
        out.extend(emails);
    }
    out
}

both_backends!(exports_over_many_pages_are_the_list_in_its_order, |app| {
    let f = fixture(&app).await;
    // 2,600 customers (three export pages): a tenth without a name, license counts and
    // join times tied in long runs, so every order leans on its tie-break.
    insert_customers(&app, 2_600, |i| {
        (i % 10 != 0).then(|| format!("Ölaf Nordmann {:05}", (i * 7919) % 2_600))
    });
    for query in [
        "sort=name",
        "sort=-name",
        "sort=-license_count",
        "sort=created_at",
        "sort=-email",
        "search=nordmann%2001&sort=license_count",
    ] {
        let res = app
            .send(
                Method::GET,
                &format!("/api/v1/admin/customers/export?{query}"),
                Some(&f.token),
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let csv = res.text().await.unwrap();
        let exported: Vec<String> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(1).unwrap().to_string())
            .collect();
        let listed = all_listed(&app, &f.token, query).await;
        assert!(!listed.is_empty());
        assert_eq!(exported.len(), listed.len(), "{query}");
        assert!(
            exported == listed,
            "{query}: the export's order is the list's"
        );
    }
});
