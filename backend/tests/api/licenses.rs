use std::collections::HashSet;

use diesel::prelude::*;

use crate::products::create_product;
use crate::*;

struct Fixture {
    token: String,
    product_id: String,
    generator_id: String,
}

async fn fixture(app: &TestApp, product: Value) -> Fixture {
    let token = app.root_token().await;
    let p = create_product(app, &token, product).await;
    let product_id = p["id"].as_str().unwrap().to_string();
    let (status, g) = app
        .post(
            &format!("/api/v1/admin/products/{product_id}/generators"),
            &token,
            json!({"name": "Retail", "format": "chunks", "prefix": "PRO-"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{g}");
    Fixture {
        token,
        product_id,
        generator_id: g["id"].as_str().unwrap().to_string(),
    }
}

async fn batch(app: &TestApp, f: &Fixture, count: usize) -> Vec<String> {
    let (status, body) = app
        .post(
            "/api/v1/admin/licenses",
            &f.token,
            json!({"generator_id": f.generator_id, "count": count}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["created"], count);
    body["licenses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect()
}

async fn action(
    app: &TestApp,
    token: &str,
    id: &str,
    verb: &str,
    body: Value,
) -> (StatusCode, Value) {
    app.post(&format!("/api/v1/admin/licenses/{id}/{verb}"), token, body)
        .await
}

both_backends!(
    single_licenses_take_defaults_from_generator_then_product,
    |app| {
        let f = fixture(
            &app,
            json!({"name": "Pro", "max_activations": 3, "validity_days": 365}),
        )
        .await;
        let (status, license) = app
            .post(
                "/api/v1/admin/licenses",
                &f.token,
                json!({"generator_id": f.generator_id}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{license}");
        assert!(license["key"].as_str().unwrap().starts_with("PRO-"));
        assert_eq!(license["status"], "available");
        assert_eq!(license["product_id"], f.product_id.as_str());
        assert_eq!(license["product_name"], "Pro");
        assert_eq!(license["max_activations"], 3);
        assert_eq!(license["validity_days"], 365);
        assert_eq!(
            license["expires_at"],
            Value::Null,
            "validity counts from assignment"
        );

        let (status, explicit) = app
        .post("/api/v1/admin/licenses", &f.token, json!({"product_id": f.product_id, "key": "MY-OWN-KEY-1", "max_activations": 10, "metadata": {"order": "A-1"}}))
        .await;
        assert_eq!(status, StatusCode::CREATED, "{explicit}");
        assert_eq!(explicit["key"], "MY-OWN-KEY-1");
        assert_eq!(explicit["max_activations"], 10);
        assert_eq!(explicit["metadata"]["order"], "A-1");
        let (status, body) = app
            .post(
                "/api/v1/admin/licenses",
                &f.token,
                json!({"product_id": f.product_id, "key": "MY-OWN-KEY-1"}),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "keys are unique: {body}");

        // Product by slug works too; without a generator the key is a UUID.
        let (status, by_slug) = app
            .post(
                "/api/v1/admin/licenses",
                &f.token,
                json!({"product_id": "pro"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        assert!(uuid::Uuid::parse_str(by_slug["key"].as_str().unwrap()).is_ok());

        for (body, field) in [
            (json!({}), "product_id"),
            (json!({"product_id": "nope"}), "product_id"),
            (json!({"generator_id": "nope"}), "generator_id"),
            (json!({"product_id": f.product_id, "key": "a b"}), "key"),
            (
                json!({"product_id": f.product_id, "metadata": [1]}),
                "metadata",
            ),
            (
                json!({"product_id": f.product_id, "max_activations": 0}),
                "max_activations",
            ),
            (
                json!({"product_id": f.product_id, "count": 5}),
                "generator_id",
            ),
            (
                json!({"generator_id": f.generator_id, "count": 10001}),
                "count",
            ),
        ] {
            let (status, err) = app
                .post("/api/v1/admin/licenses", &f.token, body.clone())
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {err}");
            assert!(
                err["errors"][field].is_array(),
                "{body} names {field}: {err}"
            );
        }

        app.call(
            Method::PATCH,
            &format!("/api/v1/admin/products/{}", f.product_id),
            Some(&f.token),
            Some(json!({"status": "inactive"})),
        )
        .await;
        let (status, body) = app
            .post(
                "/api/v1/admin/licenses",
                &f.token,
                json!({"product_id": f.product_id}),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "inactive products get no new licenses"
        );
        assert_eq!(body["code"], "invalid_transition");
        assert_eq!(app.audit(&f.token, "license.created").await.len(), 3);
    }
);

both_backends!(
    batches_are_unique_and_a_too_small_key_space_is_refused,
    |app| {
        let f = fixture(&app, json!({"name": "Batch"})).await;
        let ids = batch(&app, &f, 500).await;
        assert_eq!(ids.len(), 500);
        let (_, list) = app
            .get(
                &format!(
                    "/api/v1/admin/licenses?product_id={}&per_page=1",
                    f.product_id
                ),
                &f.token,
            )
            .await;
        assert_eq!(list["meta"]["total"], 500);
        assert_eq!(
            app.audit(&f.token, "license.created").await.len(),
            100,
            "one event per license (first page)"
        );

        let (_, tiny) = app
            .post(
                &format!("/api/v1/admin/products/{}/generators", f.product_id),
                &f.token,
                json!({"name": "tiny", "format": "chunks", "chunk_count": 2, "chunk_length": 4}),
            )
            .await;
        let (status, body) = app
            .post(
                "/api/v1/admin/licenses",
                &f.token,
                json!({"generator_id": tiny["id"], "count": 10000}),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "40 bits hold 10,000 keys: {body}"
        );
        let (status, body) = app
        .post(&format!("/api/v1/admin/products/{}/generators", f.product_id), &f.token, json!({"name": "t2", "format": "chunks", "chunk_count": 1, "chunk_length": 8, "charset": "ABCDEFGHJKLMNPQR"}))
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "32 bits are too few: {body}"
        );
    }
);

both_backends!(two_concurrent_batches_never_share_a_key, |app| {
    let f = fixture(&app, json!({"name": "Race"})).await;
    let a = batch(&app, &f, 2000);
    let b = batch(&app, &f, 2000);
    let (a, b) = futures::join!(a, b);
    assert_eq!(a.len() + b.len(), 4000);
    let mut conn = app.state.pool.get().unwrap();
    use latchkey::schema::licenses::dsl;
    let keys: Vec<String> = dsl::licenses
        .select(dsl::license_key)
        .load(&mut conn)
        .unwrap();
    let unique: HashSet<&String> = keys.iter().collect();
    assert_eq!(keys.len(), 4000);
    assert_eq!(unique.len(), 4000);
});

both_backends!(assignment_creates_customers_and_sets_expiry, |app| {
    let f = fixture(
        &app,
        json!({"name": "Pro", "validity_days": 30, "send_license_email": true}),
    )
    .await;
    let ids = batch(&app, &f, 3).await;
    let (status, l) = action(
        &app,
        &f.token,
        &ids[0],
        "assign",
        json!({"email": "  Sarah@Acme.COM ", "name": "Sarah Chen"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{l}");
    assert_eq!(l["status"], "assigned");
    assert_eq!(l["customer_email"], "sarah@acme.com");
    assert_eq!(l["customer_name"], "Sarah Chen");
    let assigned =
        chrono::DateTime::parse_from_rfc3339(l["assigned_at"].as_str().unwrap()).unwrap();
    let expires = chrono::DateTime::parse_from_rfc3339(l["expires_at"].as_str().unwrap()).unwrap();
    assert_eq!(expires - assigned, chrono::Duration::days(30));
    let customer = l["customer_id"].as_str().unwrap().to_string();

    // The same email in another case reuses the customer; a second name is ignored.
    let (_, l2) = action(
        &app,
        &f.token,
        &ids[1],
        "assign",
        json!({"email": "sarah@acme.com", "name": "Other"}),
    )
    .await;
    assert_eq!(l2["customer_id"], customer.as_str());
    assert_eq!(l2["customer_name"], "Sarah Chen");
    // A new email without a name: the name stays null.
    let (_, l3) = action(
        &app,
        &f.token,
        &ids[2],
        "assign",
        json!({"email": "bob@example.org"}),
    )
    .await;
    assert_ne!(l3["customer_id"], customer.as_str());
    assert_eq!(l3["customer_name"], Value::Null);

    let (_, mine) = app
        .get(
            &format!("/api/v1/admin/licenses?customer_id={customer}"),
            &f.token,
        )
        .await;
    assert_eq!(mine["meta"]["total"], 2);
    let mut conn = app.state.pool.get().unwrap();
    let c = latchkey::customers::store::find(&mut conn, &customer)
        .unwrap()
        .unwrap();
    assert_eq!(c.license_count, 2);
    assert_eq!(c.email, "sarah@acme.com");
    use latchkey::schema::email_outbox::dsl as outbox;
    let mails: Vec<(String, String)> = outbox::email_outbox
        .select((outbox::template, outbox::to_email))
        .order(outbox::created_at.asc())
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        mails[0],
        ("invitation".to_string(), "sarah@acme.com".to_string()),
        "a new customer is invited"
    );
    assert_eq!(
        mails[1],
        ("license_assigned".to_string(), "sarah@acme.com".to_string())
    );
    assert_eq!(mails.len(), 3);
    drop(conn);

    let (status, body) = action(
        &app,
        &f.token,
        &ids[0],
        "assign",
        json!({"email": "not-an-email"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["email"].is_array());
    let events = app.audit(&f.token, "license.assigned").await;
    assert_eq!(events.len(), 3);
    assert!(
        !events
            .iter()
            .any(|e| e.to_string().contains("sarah@acme.com")),
        "the trail keeps customer ids, not emails"
    );
});

both_backends!(every_transition_allowed_and_refused, |app| {
    let f = fixture(&app, json!({"name": "Life"})).await;
    let ids = batch(&app, &f, 2).await;
    let id = &ids[0];
    let t = &f.token;
    let refused = |(status, body): (StatusCode, Value)| {
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["code"], "invalid_transition");
    };

    refused(action(&app, t, id, "unassign", json!({})).await);
    refused(action(&app, t, id, "reinstate", json!({})).await);
    let (status, l) = action(&app, t, id, "suspend", json!({"reason": "fraud check"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(l["status"], "suspended");
    assert_eq!(l["suspend_reason"], "fraud check");
    refused(action(&app, t, id, "suspend", json!({})).await);
    refused(action(&app, t, id, "assign", json!({"email": "a@example.com"})).await);
    let (_, l) = action(&app, t, id, "reinstate", json!({})).await;
    assert_eq!(l["status"], "available");
    assert_eq!(l["suspend_reason"], Value::Null);
    // The optional reason body may also be `null`, as the spec has it.
    let (status, l) = action(&app, t, id, "suspend", Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{l}");
    assert_eq!(l["suspend_reason"], Value::Null);
    action(&app, t, id, "reinstate", json!({})).await;

    let (_, l) = action(&app, t, id, "assign", json!({"email": "a@example.com"})).await;
    assert_eq!(l["status"], "assigned");
    set_activations_used(&app, id, 1);
    let (_, l) = app.get(&format!("/api/v1/admin/licenses/{id}"), t).await;
    assert_eq!(l["status"], "active");

    // Transfer keeps the expiry and moves the count.
    let (_, l) = action(
        &app,
        t,
        id,
        "renew",
        json!({"expires_at": "2030-01-01T00:00:00Z"}),
    )
    .await;
    assert_eq!(l["expires_at"], "2030-01-01T00:00:00Z");
    let (status, l) = action(&app, t, id, "assign", json!({"email": "b@example.com"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(l["customer_email"], "b@example.com");
    assert_eq!(l["expires_at"], "2030-01-01T00:00:00Z");
    assert_eq!(app.audit(t, "license.transferred").await.len(), 1);
    assert_eq!(app.audit(t, "license.transferred_away").await.len(), 1);

    let (status, body) = action(
        &app,
        t,
        id,
        "renew",
        json!({"expires_at": "2020-01-01T00:00:00Z"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (_, l) = action(&app, t, id, "renew", json!({"expires_at": null})).await;
    assert_eq!(l["expires_at"], Value::Null, "perpetual");

    let (_, l) = action(&app, t, id, "unassign", json!({})).await;
    assert_eq!(l["status"], "available");
    assert_eq!(l["customer_id"], Value::Null);
    assert_eq!(
        l["activations_used"], 0,
        "the owner's activations went with them"
    );

    let (_, l) = action(&app, t, id, "revoke", json!({"reason": "chargeback"})).await;
    assert_eq!(l["status"], "revoked");
    for (verb, body) in [
        ("revoke", json!({})),
        ("suspend", json!({})),
        ("reinstate", json!({})),
        ("assign", json!({"email": "c@example.com"})),
        ("renew", json!({"expires_at": "2031-01-01T00:00:00Z"})),
        ("unassign", json!({})),
    ] {
        refused(action(&app, t, id, verb, body).await);
    }

    // An expired license must be renewed before it is assigned.
    let (_, expired) = app
        .post(
            "/api/v1/admin/licenses",
            t,
            json!({"product_id": f.product_id, "expires_at": "2021-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(expired["status"], "expired");
    refused(
        action(
            &app,
            t,
            expired["id"].as_str().unwrap(),
            "assign",
            json!({"email": "c@example.com"}),
        )
        .await,
    );

    // Operators assign and suspend but do not revoke or renew.
    let (_, operator) = app.admin_with_role(t, "operator").await;
    let other = &ids[1];
    assert_eq!(
        action(
            &app,
            &operator,
            other,
            "assign",
            json!({"email": "op@example.com"})
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        action(&app, &operator, other, "suspend", json!({})).await.0,
        StatusCode::OK
    );
    assert_eq!(
        action(&app, &operator, other, "reinstate", json!({}))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        action(&app, &operator, other, "revoke", json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        action(&app, &operator, other, "renew", json!({"expires_at": null}))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/api/v1/admin/licenses/nope", t).await.0,
        StatusCode::NOT_FOUND
    );
});

both_backends!(the_status_filter_in_sql_matches_the_status_in_rust, |app| {
    let f = fixture(&app, json!({"name": "States"})).await;
    let t = &f.token;
    let ids = batch(&app, &f, 6).await;
    action(
        &app,
        t,
        &ids[1],
        "assign",
        json!({"email": "x@example.com"}),
    )
    .await;
    action(
        &app,
        t,
        &ids[2],
        "assign",
        json!({"email": "x@example.com"}),
    )
    .await;
    set_activations_used(&app, &ids[2], 2);
    action(&app, t, &ids[3], "suspend", json!({})).await;
    action(&app, t, &ids[4], "revoke", json!({})).await;
    app.post(
        "/api/v1/admin/licenses",
        t,
        json!({"product_id": f.product_id, "expires_at": "2021-06-01T00:00:00Z"}),
    )
    .await;
    // Suspended and expired: suspended wins. Revoked and assigned: revoked wins.
    let (_, both) = app
        .post(
            "/api/v1/admin/licenses",
            t,
            json!({"product_id": f.product_id, "expires_at": "2021-06-01T00:00:00Z"}),
        )
        .await;
    action(&app, t, both["id"].as_str().unwrap(), "suspend", json!({})).await;
    action(
        &app,
        t,
        &ids[5],
        "assign",
        json!({"email": "y@example.com"}),
    )
    .await;
    action(&app, t, &ids[5], "revoke", json!({})).await;

    let expected = [
        ("available", 1),
        ("assigned", 1),
        ("active", 1),
        ("suspended", 2),
        ("revoked", 2),
        ("expired", 1),
    ];
    let mut total = 0;
    for (status, count) in expected {
        let (_, page) = app
            .get(&format!("/api/v1/admin/licenses?status={status}"), t)
            .await;
        assert_eq!(page["meta"]["total"], count, "{status}: {page}");
        for l in page["data"].as_array().unwrap() {
            assert_eq!(l["status"], status, "SQL filter and Rust status agree");
        }
        total += count;
    }
    let (_, all) = app.get("/api/v1/admin/licenses", t).await;
    assert_eq!(
        all["meta"]["total"], total,
        "every license has exactly one status"
    );
    let (status, _) = app.get("/api/v1/admin/licenses?status=lost", t).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
});

both_backends!(list_searches_sorts_and_filters_by_expiry, |app| {
    let f = fixture(&app, json!({"name": "Find"})).await;
    let t = &f.token;
    for (key, email, expires) in [
        (
            "AAA-0001",
            Some("john.smith@gmail.com"),
            Some("2027-01-01T00:00:00Z"),
        ),
        (
            "BBB-0002",
            Some("sarah@acme.com"),
            Some("2028-01-01T00:00:00Z"),
        ),
        ("CCC-0003", None, None),
    ] {
        let mut body = json!({"product_id": f.product_id, "key": key});
        if let Some(e) = expires {
            body["expires_at"] = json!(e);
        }
        let (_, l) = app.post("/api/v1/admin/licenses", t, body).await;
        if let Some(email) = email {
            action(
                &app,
                t,
                l["id"].as_str().unwrap(),
                "assign",
                json!({"email": email}),
            )
            .await;
        }
    }
    let keys = |v: &Value| {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["key"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        keys(&app.get("/api/v1/admin/licenses?search=bbb", t).await.1),
        ["BBB-0002"],
        "key, case-insensitively"
    );
    assert_eq!(
        keys(&app.get("/api/v1/admin/licenses?search=GMAIL", t).await.1),
        ["AAA-0001"],
        "customer email"
    );
    for (term, expected, why) in [
        (
            "0002",
            &[][..],
            "the middle of a key does not match: keys by their start",
        ),
        ("bb", &["BBB-0002"][..], "two characters find keys"),
        ("gm", &[][..], "but not emails, which need three"),
        ("smi", &["AAA-0001"][..], "three do"),
    ] {
        assert_eq!(
            keys(
                &app.get(&format!("/api/v1/admin/licenses?search={term}"), t)
                    .await
                    .1
            ),
            expected,
            "{term}: {why}"
        );
    }
    // The owner's name, in any case (Unicode too), not only the email.
    let (_, ccc) = app.get("/api/v1/admin/licenses?search=CCC", t).await;
    let ccc_id = ccc["data"][0]["id"].as_str().unwrap().to_string();
    let (status, body) = action(
        &app,
        t,
        &ccc_id,
        "assign",
        json!({"email": "walt@corp.com", "name": "Walter Smÿthe"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for term in ["smÿthe", "SMŸTHE", "walter"] {
        assert_eq!(
            keys(
                &app.get(&format!("/api/v1/admin/licenses?search={term}"), t)
                    .await
                    .1
            ),
            ["CCC-0003"],
            "{term}: the owner's name"
        );
    }
    assert_eq!(
        keys(&app.get("/api/v1/admin/licenses?sort=key", t).await.1),
        ["AAA-0001", "BBB-0002", "CCC-0003"]
    );
    assert_eq!(
        keys(&app.get("/api/v1/admin/licenses?sort=-key", t).await.1),
        ["CCC-0003", "BBB-0002", "AAA-0001"]
    );
    assert_eq!(
        keys(&app.get("/api/v1/admin/licenses?sort=expires_at", t).await.1),
        ["AAA-0001", "BBB-0002", "CCC-0003"],
        "perpetual last"
    );
    assert_eq!(
        keys(
            &app.get("/api/v1/admin/licenses?sort=-expires_at", t)
                .await
                .1
        ),
        ["BBB-0002", "AAA-0001", "CCC-0003"],
        "perpetual last"
    );
    assert_eq!(
        keys(
            &app.get(
                "/api/v1/admin/licenses?expires_before=2027-06-01T00:00:00Z",
                t
            )
            .await
            .1
        ),
        ["AAA-0001"]
    );
    assert_eq!(
        keys(
            &app.get(
                "/api/v1/admin/licenses?expires_after=2027-06-01T00:00:00Z",
                t
            )
            .await
            .1
        ),
        ["BBB-0002"]
    );
    let (status, body) = app.get("/api/v1/admin/licenses?sort=customer", t).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // An expiry range lists by expiry, or by key; the creation order is refused with it.
    assert_eq!(
        keys(
            &app.get(
                "/api/v1/admin/licenses?expires_after=2000-01-01T00:00:00Z",
                t
            )
            .await
            .1
        ),
        ["AAA-0001", "BBB-0002"],
        "soonest expiry first"
    );
    assert_eq!(
        keys(
            &app.get(
                "/api/v1/admin/licenses?expires_after=2000-01-01T00:00:00Z&sort=-key",
                t
            )
            .await
            .1
        ),
        ["BBB-0002", "AAA-0001"]
    );
    for path in [
        "/api/v1/admin/licenses?expires_before=2030-01-01T00:00:00Z&sort=-created_at",
        "/api/v1/admin/licenses/export?expires_after=2000-01-01T00:00:00Z&sort=created_at",
    ] {
        let (status, body) = app.get(path, t).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {body}");
        assert!(body["errors"]["sort"].is_array(), "{path}: {body}");
    }
});

both_backends!(bulk_assign_is_all_or_nothing, |app| {
    let f = fixture(&app, json!({"name": "Bulk"})).await;
    let t = &f.token;
    let ids = batch(&app, &f, 3).await;
    action(&app, t, &ids[2], "revoke", json!({})).await;
    let (status, body) = app
        .post(
            "/api/v1/admin/licenses/bulk-assign",
            t,
            json!({"license_ids": ids, "email": "team@acme.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["detail"]
        .as_str()
        .unwrap()
        .contains("Nothing was assigned"));
    let (_, list) = app.get("/api/v1/admin/licenses?status=assigned", t).await;
    assert_eq!(list["meta"]["total"], 0, "none was assigned");
    let mut conn = app.state.pool.get().unwrap();
    assert!(
        latchkey::customers::store::find_by_email(&mut conn, "team@acme.com")
            .unwrap()
            .is_none(),
        "no customer left behind"
    );
    drop(conn);

    let (status, body) = app
        .post(
            "/api/v1/admin/licenses/bulk-assign",
            t,
            json!({"license_ids": &ids[..2], "email": "team@acme.com", "name": "Team"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["assigned"], 2);
    let (status, body) = app
        .post(
            "/api/v1/admin/licenses/bulk-assign",
            t,
            json!({"license_ids": [&ids[0], &ids[0]], "email": "x@acme.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = app
        .post(
            "/api/v1/admin/licenses/bulk-assign",
            t,
            json!({"license_ids": ["missing"], "email": "x@acme.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["errors"]["license_ids[0]"].is_array());
});

both_backends!(
    the_customers_page_workflows_2_and_4_work_through_the_api,
    |app| {
        // Workflow 2: bought 5, sees 3. Workflow 4: a new email by transfer.
        let f = fixture(&app, json!({"name": "Suite"})).await;
        let t = &f.token;
        let ids = batch(&app, &f, 5).await;
        for id in &ids[..3] {
            assert_eq!(
                action(&app, t, id, "assign", json!({"email": "buyer@corp.com"}))
                    .await
                    .0,
                StatusCode::OK
            );
        }
        let (_, before) = app
            .get("/api/v1/admin/licenses?search=buyer@corp.com", t)
            .await;
        assert_eq!(before["meta"]["total"], 3);
        let customer = before["data"][0]["customer_id"]
            .as_str()
            .unwrap()
            .to_string();
        let (status, _) = app
            .post(
                "/api/v1/admin/licenses/bulk-assign",
                t,
                json!({"license_ids": &ids[3..], "email": "BUYER@corp.com"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, after) = app
            .get(&format!("/api/v1/admin/licenses?customer_id={customer}"), t)
            .await;
        assert_eq!(after["meta"]["total"], 5);
        for id in &ids {
            let (status, l) =
                action(&app, t, id, "assign", json!({"email": "buyer@newcorp.com"})).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(l["customer_email"], "buyer@newcorp.com");
        }
        let (_, old) = app
            .get(&format!("/api/v1/admin/licenses?customer_id={customer}"), t)
            .await;
        assert_eq!(old["meta"]["total"], 0);
        let mut conn = app.state.pool.get().unwrap();
        assert_eq!(
            latchkey::customers::store::find(&mut conn, &customer)
                .unwrap()
                .unwrap()
                .license_count,
            0
        );
        assert_eq!(
            latchkey::customers::store::find_by_email(&mut conn, "buyer@newcorp.com")
                .unwrap()
                .unwrap()
                .license_count,
            5
        );
    }
);

both_backends!(update_and_delete_keep_keys_immutable_and_retired, |app| {
    let f = fixture(&app, json!({"name": "Edit"})).await;
    let t = &f.token;
    let (_, l) = app
        .post(
            "/api/v1/admin/licenses",
            t,
            json!({"product_id": f.product_id, "key": "KEEP-ME-1"}),
        )
        .await;
    let path = format!("/api/v1/admin/licenses/{}", l["id"].as_str().unwrap());
    let (status, body) = app
        .call(Method::PATCH, &path, Some(t), Some(json!({"key": "NEW"})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["key"].is_array());
    let (status, body) = app
        .call(
            Method::PATCH,
            &path,
            Some(t),
            Some(json!({"max_activations": 7, "notes": "VIP", "metadata": {"seat": 2}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["max_activations"], 7);
    assert_eq!(body["notes"], "VIP");
    let (_, body) = app
        .call(
            Method::PATCH,
            &path,
            Some(t),
            Some(json!({"max_activations": null})),
        )
        .await;
    assert_eq!(body["max_activations"], Value::Null, "unlimited");
    assert_eq!(body["notes"], "VIP");
    let updated = app.audit(t, "license.updated").await;
    assert_eq!(updated[1]["before"]["max_activations"], Value::Null);
    assert_eq!(updated[1]["after"]["max_activations"], 7);

    assert_eq!(
        app.call(Method::DELETE, &path, Some(t), None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.get(&path, t).await.0, StatusCode::NOT_FOUND);
    let (status, _) = app
        .post(
            "/api/v1/admin/licenses",
            t,
            json!({"product_id": f.product_id, "key": "KEEP-ME-1"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a deleted key is never reused"
    );
    let (status, body) = app
        .call(
            Method::DELETE,
            &format!("/api/v1/admin/products/{}", f.product_id),
            Some(t),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "no licenses left: {body}");
});

both_backends!(a_product_with_licenses_cannot_be_deleted, |app| {
    let f = fixture(&app, json!({"name": "Sold"})).await;
    batch(&app, &f, 2).await;
    let (status, body) = app
        .call(
            Method::DELETE,
            &format!("/api/v1/admin/products/{}", f.product_id),
            Some(&f.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "conflict");
    assert!(body["detail"].as_str().unwrap().contains("2 license(s)"));
});

both_backends!(export_streams_the_filtered_list_as_csv, |app| {
    let f = fixture(&app, json!({"name": "Export, \"Quoted\""})).await;
    let t = &f.token;
    let ids = batch(&app, &f, 1205).await;
    action(
        &app,
        t,
        &ids[0],
        "assign",
        json!({"email": "csv@example.com", "name": "=cmd()"}),
    )
    .await;
    let res = app
        .send(
            Method::GET,
            "/api/v1/admin/licenses/export?status=available&sort=key",
            Some(t),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = res.text().await.unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "id,key,status,product_id,product,customer_id,customer_email,customer_name,max_activations,activations_used,expires_at,assigned_at,created_at,notes");
    assert_eq!(
        lines.len(),
        1 + 1204,
        "every available license, across export pages"
    );
    assert!(lines[1..].iter().all(|l| l.contains(",available,")));
    assert!(
        lines[1].contains("\"Export, \"\"Quoted\"\"\""),
        "{}",
        lines[1]
    );
    let mut sorted: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    let original = sorted.clone();
    sorted.sort();
    assert_eq!(original, sorted, "the sort applies");

    let res = app
        .send(
            Method::GET,
            "/api/v1/admin/licenses/export?search=csv@example.com",
            Some(t),
            None,
        )
        .await;
    let text = res.text().await.unwrap();
    assert_eq!(text.split("\r\n").filter(|l| !l.is_empty()).count(), 2);
    assert!(
        text.contains(",'=cmd(),"),
        "formula cells are neutralised: {text}"
    );
});

async fn import(app: &TestApp, token: &str, csv: &str, dry_run: bool) -> (StatusCode, Value) {
    let res = app
        .client
        .post(app.url(&format!("/api/v1/admin/licenses/import?dry_run={dry_run}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

both_backends!(
    import_reports_created_duplicate_and_failed_rows_by_line,
    |app| {
        let f = fixture(
            &app,
            json!({"name": "Importable", "slug": "imp", "validity_days": 10}),
        )
        .await;
        let t = &f.token;
        app.post(
            "/api/v1/admin/licenses",
            t,
            json!({"product_id": f.product_id, "key": "EXISTING-1"}),
        )
        .await;
        let csv = "key,product,email,name,expires_at,max_activations\n\
               IMP-0001,imp,Sarah@Acme.com,Sarah Chen,2030-01-01,3\n\
               ,imp,,,,\n\
               EXISTING-1,imp,,,,\n\
               IMP-0001,imp,,,,\n\
               IMP-0005,nope,,,,\n\
               IMP-0006,imp,not-an-email,,,\n\
               IMP-0007,imp,,,someday,\n\
               IMP-0008,imp,,,,-2\n\
               \"IMP-0009\",\"imp\",\"sarah@acme.com\",\"\",\"2031-05-01T12:00:00Z\",\"\"\n";
        let (status, dry) = import(&app, t, csv, true).await;
        assert_eq!(status, StatusCode::OK, "{dry}");
        assert_eq!(dry["dry_run"], true);
        assert_eq!(dry["rows"], 9);
        assert_eq!(dry["created"], 3);
        let (_, list) = app
            .get(
                &format!("/api/v1/admin/licenses?product_id={}", f.product_id),
                t,
            )
            .await;
        assert_eq!(list["meta"]["total"], 1, "a dry run writes nothing");

        let (status, report) = import(&app, t, csv, false).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["created"], 3);
        let dups: Vec<(u64, &str)> = report["duplicates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["line"].as_u64().unwrap(), d["key"].as_str().unwrap()))
            .collect();
        assert_eq!(dups, [(4, "EXISTING-1"), (5, "IMP-0001")]);
        let failed: Vec<(u64, Vec<String>)> = report["failed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["line"].as_u64().unwrap(),
                    r["errors"].as_object().unwrap().keys().cloned().collect(),
                )
            })
            .collect();
        assert_eq!(
            failed,
            [
                (6, vec!["product".to_string()]),
                (7, vec!["email".to_string()]),
                (8, vec!["expires_at".to_string()]),
                (9, vec!["max_activations".to_string()])
            ]
        );

        let (_, l) = app.get("/api/v1/admin/licenses?search=IMP-0001", t).await;
        let l = &l["data"][0];
        assert_eq!(l["status"], "assigned");
        assert_eq!(l["customer_email"], "sarah@acme.com");
        assert_eq!(l["customer_name"], "Sarah Chen");
        assert_eq!(l["max_activations"], 3);
        assert_eq!(l["expires_at"], "2030-01-01T00:00:00Z");
        let (_, l9) = app.get("/api/v1/admin/licenses?search=IMP-0009", t).await;
        assert_eq!(
            l9["data"][0]["customer_id"], l["customer_id"],
            "one customer per email"
        );
        let (_, available) = app
            .get(
                &format!(
                    "/api/v1/admin/licenses?product_id={}&status=available",
                    f.product_id
                ),
                t,
            )
            .await;
        assert_eq!(
            available["meta"]["total"], 2,
            "EXISTING-1 and the generated one"
        );
        let mut conn = app.state.pool.get().unwrap();
        let c = latchkey::customers::store::find_by_email(&mut conn, "sarah@acme.com")
            .unwrap()
            .unwrap();
        assert_eq!(c.license_count, 2);
        drop(conn);
        assert_eq!(app.audit(t, "license.imported").await.len(), 3);

        // Importing the same file again creates nothing new.
        let (_, again) = import(&app, t, csv, false).await;
        assert_eq!(again["created"], 1, "only the row without a key");
    }
);

both_backends!(import_refuses_a_bad_header_or_format, |app| {
    let f = fixture(&app, json!({"name": "Imp2", "slug": "imp2"})).await;
    let (status, body) = import(&app, &f.token, "serial,product\nX,imp2\n", false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["file"][0]
        .as_str()
        .unwrap()
        .contains("key,product,email,name,expires_at,max_activations"));
    let res = app
        .client
        .post(app.url("/api/v1/admin/licenses/import"))
        .bearer_auth(&f.token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // The same CSV as a multipart upload.
    let csv = "key,product,email,name,expires_at,max_activations\nMULTI-0001,imp2,,,,\n";
    let boundary = "latchkeyboundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"l.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    let res = app
        .client
        .post(app.url("/api/v1/admin/licenses/import"))
        .bearer_auth(&f.token)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let report: Value = res.json().await.unwrap();
    assert_eq!(report["created"], 1, "{report}");
});

both_backends!(
    import_line_numbers_hold_for_crlf_files_and_blank_lines,
    |app| {
        let f = fixture(&app, json!({"name": "Crlf", "slug": "crlf"})).await;
        let csv = "key,product,email,name,expires_at,max_activations\r\n\
               CRLF-0001,crlf,,,,\r\n\
               \r\n\
               CRLF-0003,nope,,,,\r\n\
               CRLF-0001,crlf,,,,\r\n";
        let (status, report) = import(&app, &f.token, csv, true).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["failed"][0]["line"], 4, "{report}");
        assert_eq!(report["duplicates"][0]["line"], 5, "{report}");
    }
);

both_backends!(edge_cases_of_create_and_patch, |app| {
    let f = fixture(&app, json!({"name": "Edge", "slug": "edge"})).await;
    let t = &f.token;
    // A product slug together with its generator.
    let (status, l) = app
        .post(
            "/api/v1/admin/licenses",
            t,
            json!({"product_id": "edge", "generator_id": f.generator_id}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{l}");
    let other = create_product(&app, t, json!({"name": "Other"})).await;
    let (status, body) = app
        .post(
            "/api/v1/admin/licenses",
            t,
            json!({"product_id": other["id"], "generator_id": f.generator_id}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["generator_id"].is_array());

    let path = format!("/api/v1/admin/licenses/{}", l["id"].as_str().unwrap());
    for body in [json!({"key": null}), json!({"product_id": null})] {
        let (status, _) = app
            .call(Method::PATCH, &path, Some(t), Some(body.clone()))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let (status, body) = app
        .call(
            Method::PATCH,
            &path,
            Some(t),
            Some(json!({"notes": "x".repeat(5001)})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // The limits the spec states (minimum/maximum, maxLength), each refused with its field
    // named, and all at once: nothing of a refused change is written.
    for (body, fields) in [
        (json!({"validity_days": 0}), vec!["validity_days"]),
        (json!({"validity_days": 36501}), vec!["validity_days"]),
        (json!({"max_activations": 0}), vec!["max_activations"]),
        (json!({"metadata": [1]}), vec!["metadata"]),
        (
            json!({"max_activations": 1000001, "validity_days": 0, "notes": "y".repeat(5001)}),
            vec!["max_activations", "validity_days", "notes"],
        ),
    ] {
        let (status, err) = app
            .call(Method::PATCH, &path, Some(t), Some(body.clone()))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {err}");
        for field in fields {
            assert!(
                err["errors"][field].is_array(),
                "{body} names {field}: {err}"
            );
        }
    }
    let (_, unchanged) = app.get(&path, t).await;
    assert_eq!(unchanged["max_activations"], l["max_activations"]);
    assert_eq!(unchanged["validity_days"], l["validity_days"]);
    assert_eq!(unchanged["notes"], l["notes"]);
    let (status, _) = app
        .call(
            Method::PATCH,
            &path,
            Some(t),
            Some(json!({"metadata": {"order": "B-7"}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let updated = app.audit(t, "license.updated").await;
    assert_eq!(updated[0]["before"]["metadata"], json!({}));
    assert_eq!(updated[0]["after"]["metadata"], json!({"order": "B-7"}));
});

both_backends!(concurrent_key_rotations_leave_one_active_key, |app| {
    let root = app.root_token().await;
    let p = create_product(&app, &root, json!({"name": "Rotating"})).await;
    let path = format!(
        "/api/v1/admin/products/{}/rotate-key",
        p["id"].as_str().unwrap()
    );
    let (a, b, c) = futures::join!(
        app.call(Method::POST, &path, Some(&root), None),
        app.call(Method::POST, &path, Some(&root), None),
        app.call(Method::POST, &path, Some(&root), None)
    );
    for (status, body) in [&a, &b, &c] {
        assert!(
            *status == StatusCode::OK || *status == StatusCode::CONFLICT,
            "{status} {body}"
        );
    }
    let (_, product) = app
        .get(
            &format!("/api/v1/admin/products/{}", p["id"].as_str().unwrap()),
            &root,
        )
        .await;
    let keys = product["public_keys"].as_array().unwrap();
    assert_eq!(
        keys.iter().filter(|k| k["active"] == true).count(),
        1,
        "{product}"
    );
});

fn activation_states(app: &TestApp, license_id: &str) -> Vec<(String, Option<String>)> {
    use latchkey::schema::activations::dsl as a;
    let mut conn = app.state.pool.get().unwrap();
    a::activations
        .filter(a::license_id.eq(license_id))
        .select((a::status, a::deactivation_reason))
        .load(&mut conn)
        .unwrap()
}

both_backends!(revoke_and_unassign_deactivate_real_activations, |app| {
    let f = fixture(&app, json!({"name": "Devices"})).await;
    let t = &f.token;
    let ids = batch(&app, &f, 2).await;
    for id in &ids {
        action(&app, t, id, "assign", json!({"email": "dev@example.com"})).await;
        add_activation(&app, id, &format!("machine-{id}"), None);
        let (_, l) = app.get(&format!("/api/v1/admin/licenses/{id}"), t).await;
        assert_eq!(l["status"], "active");
    }
    let (_, l) = action(&app, t, &ids[0], "revoke", json!({})).await;
    assert_eq!(l["activations_used"], 0);
    assert_eq!(
        activation_states(&app, &ids[0]),
        [("inactive".to_string(), Some("license revoked".to_string()))]
    );
    let (_, l) = action(&app, t, &ids[1], "unassign", json!({})).await;
    assert_eq!(l["status"], "available");
    assert_eq!(
        activation_states(&app, &ids[1]),
        [(
            "inactive".to_string(),
            Some("license unassigned".to_string())
        )]
    );
});

async fn activate(app: &TestApp, key: &str, identifier: &str) -> Value {
    let (status, answer) = app
        .call(
            Method::POST,
            "/api/v1/licensing/activate",
            None,
            Some(json!({"license_key": key, "identifier": identifier})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["result"].clone()
}

both_backends!(
    a_transfer_frees_the_earlier_owners_devices_unless_asked_to_keep_them,
    |app| {
        let f = fixture(&app, json!({"name": "Seats", "max_activations": 2})).await;
        let t = &f.token;
        let id = batch(&app, &f, 1).await.remove(0);
        let (_, first) = action(
            &app,
            t,
            &id,
            "assign",
            json!({"email": "seller@example.com"}),
        )
        .await;
        let key = first["key"].as_str().unwrap().to_string();
        let seller = first["customer_id"].as_str().unwrap().to_string();
        for device in ["SELLER-1", "SELLER-2"] {
            assert_eq!(activate(&app, &key, device).await["code"], "ACTIVATED");
        }

        // A sale to someone else: the seller's devices go, the slots are the buyer's.
        let (status, moved) = action(
            &app,
            t,
            &id,
            "assign",
            json!({"email": "buyer@example.com"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{moved}");
        assert_eq!(moved["activations_used"], 0);
        let buyer = moved["customer_id"].as_str().unwrap().to_string();
        let (_, acts) = app
            .get(&format!("/api/v1/admin/activations?license_id={id}"), t)
            .await;
        for a in acts["data"].as_array().unwrap() {
            assert_eq!(a["status"], "inactive", "{a}");
            assert_eq!(a["deactivation_reason"], "transferred");
            assert_eq!(
                a["made_for_customer_id"],
                seller.as_str(),
                "history stays true"
            );
            assert_eq!(a["customer_id"], buyer.as_str());
        }
        for device in ["BUYER-1", "BUYER-2"] {
            assert_eq!(activate(&app, &key, device).await["code"], "ACTIVATED");
        }
        assert_eq!(
            activate(&app, &key, "BUYER-3").await["code"],
            "ACTIVATION_LIMIT_REACHED"
        );

        // The buyer moves to a new address: with keep_activations their devices stay.
        let (status, kept) = action(
            &app,
            t,
            &id,
            "assign",
            json!({"email": "buyer@new-address.example", "keep_activations": true}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{kept}");
        assert_eq!(kept["activations_used"], 2);
        let (_, acts) = app
            .get(
                &format!("/api/v1/admin/activations?license_id={id}&status=active"),
                t,
            )
            .await;
        assert_eq!(acts["meta"]["total"], 2);
        assert!(acts["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["made_for_customer_id"] == buyer.as_str()
                && a["customer_id"] == kept["customer_id"]));
        let events = app.audit(t, "license.transferred").await;
        assert_eq!(events.len(), 2);
    }
);

both_backends!(
    the_csv_export_over_many_pages_is_the_list_in_its_order,
    |app| {
        let f = fixture(&app, json!({"name": "Many"})).await;
        // 2,500 licenses (three export pages) made in one batch: their creation times tie,
        // and a third get expiry dates, some shared, so every order leans on its tie-break.
        let ids = batch(&app, &f, 2_500).await;
        {
            use latchkey::schema::licenses::dsl as l;
            let mut conn = app.state.pool.get().unwrap();
            let base = latchkey::db::time::now() + chrono::Duration::days(30);
            for (i, id) in ids.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
                let at = base + chrono::Duration::days((i % 7) as i64);
                diesel::update(l::licenses.find(id))
                    .set(l::expires_at.eq(Some(at)))
                    .execute(&mut conn)
                    .unwrap();
            }
        }
        for query in [
            "sort=created_at",
            "sort=-created_at",
            "sort=key",
            "sort=-key",
            "sort=expires_at",
            "sort=-expires_at",
        ] {
            let res = app
                .send(
                    Method::GET,
                    &format!("/api/v1/admin/licenses/export?{query}"),
                    Some(&f.token),
                    None,
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
            let csv = res.text().await.unwrap();
            let exported: Vec<String> = csv
                .lines()
                .skip(1)
                .map(|l| l.split(',').next().unwrap().to_string())
                .collect();
            let mut listed = Vec::new();
            for page in 1..=25 {
                let (_, body) = app
                    .get(
                        &format!("/api/v1/admin/licenses?{query}&per_page=100&page={page}"),
                        &f.token,
                    )
                    .await;
                listed.extend(
                    body["data"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|l| l["id"].as_str().unwrap().to_string()),
                );
            }
            assert_eq!(exported.len(), 2_500, "{query}");
            assert!(
                exported == listed,
                "{query}: the export's order is the list's"
            );
        }
    }
);

both_backends!(
    racing_assignments_to_one_new_email_never_show_database_text,
    |app| {
        let f = fixture(&app, json!({"name": "Race"})).await;
        let ids = batch(&app, &f, 8).await;
        // Eight admins assign at once to a customer nobody has made yet: on PostgreSQL the
        // inserts of that customer race and one commits first; the others either find it
        // or are refused with a conflict that names the field, never an index.
        let answers = futures::future::join_all(ids.iter().map(|id| {
            action(
                &app,
                &f.token,
                id,
                "assign",
                json!({"email": "race@example.com"}),
            )
        }))
        .await;
        for (status, body) in &answers {
            if *status == StatusCode::OK {
                continue;
            }
            assert_eq!(*status, StatusCode::CONFLICT, "{body}");
            let text = body.to_string();
            for leak in [
                "customers_email_key",
                "UNIQUE",
                "duplicate key",
                "customers.email",
            ] {
                assert!(!text.contains(leak), "{leak} in {text}");
            }
            assert!(body["errors"]["email"].is_array(), "{body}");
        }
        assert!(answers.iter().any(|(s, _)| *s == StatusCode::OK));
    }
);

// The stored `state` (the status but for expiry, generated by the database) against the
// rule in Rust, on licenses whose status columns were written at random, several times
// each: every row's `state`, and every status filter under every sort (the index paths
// differ per sort) lists exactly the licenses the rule gives that status.
both_backends!(
    the_stored_state_agrees_with_the_status_rule_on_random_data,
    |app| {
        use latchkey::licenses::status::{LicenseStatus, StatusFacts};
        use latchkey::licenses::store;
        use latchkey::paging::Sort;
        use latchkey::schema::licenses::dsl;
        use rand::{Rng, SeedableRng};

        let f = fixture(&app, json!({"name": "Random states"})).await;
        let ids = batch(&app, &f, 240).await;
        let owners: Vec<String> = {
            let mut out = Vec::new();
            for (n, id) in ids.iter().take(2).enumerate() {
                let (_, l) = action(
                    &app,
                    &f.token,
                    id,
                    "assign",
                    json!({"email": format!("owner{n}@example.com")}),
                )
                .await;
                out.push(l["customer_id"].as_str().unwrap().to_string());
            }
            out
        };
        let now = latchkey::db::time::now();
        let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed);
        let mut conn = app.state.pool.get().unwrap();
        let at = |days: i64| Some(now + chrono::Duration::days(days));
        for _ in 0..3 {
            for id in &ids {
                let revoked = rng.gen_bool(0.15).then_some(now);
                let suspended = rng.gen_bool(0.2).then_some(now);
                let expires = match rng.gen_range(0..3) {
                    0 => None,
                    1 => at(-rng.gen_range(1..400)),
                    _ => at(rng.gen_range(1..400)),
                };
                let owner = match rng.gen_range(0..3) {
                    0 => None,
                    n => Some(owners[n - 1].clone()),
                };
                let used: i64 = rng.gen_range(0..3);
                // One column per write, as the service changes them.
                diesel::update(dsl::licenses.find(id))
                    .set(dsl::revoked_at.eq(revoked))
                    .execute(&mut conn)
                    .unwrap();
                diesel::update(dsl::licenses.find(id))
                    .set(dsl::suspended_at.eq(suspended))
                    .execute(&mut conn)
                    .unwrap();
                diesel::update(dsl::licenses.find(id))
                    .set((dsl::expires_at.eq(expires), dsl::customer_id.eq(owner)))
                    .execute(&mut conn)
                    .unwrap();
                diesel::update(dsl::licenses.find(id))
                    .set(dsl::activations_used.eq(used))
                    .execute(&mut conn)
                    .unwrap();
            }
        }

        let rows: Vec<(latchkey::licenses::model::LicenseRow, String)> = dsl::licenses
            .filter(dsl::product_id.eq(&f.product_id))
            .select((
                latchkey::licenses::model::LicenseRow::as_select(),
                dsl::state,
            ))
            .load(&mut conn)
            .unwrap();
        assert_eq!(rows.len(), ids.len());
        let mut expected: std::collections::HashMap<LicenseStatus, HashSet<String>> =
            Default::default();
        for (row, state) in &rows {
            let timeless = LicenseStatus::from_facts(
                &StatusFacts {
                    expires_at: None,
                    ..StatusFacts::of(row)
                },
                now,
            );
            assert_eq!(state, timeless.as_str(), "{row:?}");
            expected
                .entry(LicenseStatus::of(row, now))
                .or_default()
                .insert(row.id.clone());
        }
        assert!(
            expected.len() == LicenseStatus::ALL.len(),
            "every status occurs: {:?}",
            expected.keys()
        );
        for status in LicenseStatus::ALL {
            let want = expected.get(&status).cloned().unwrap_or_default();
            let filter = store::Filter {
                status: Some(status),
                product_id: Some(f.product_id.clone()),
                now,
                ..Default::default()
            };
            let (count, capped) = store::count(&mut conn, &filter).unwrap();
            assert_eq!((count, capped), (want.len() as i64, false), "{status:?}");
            for sort in [
                "created_at",
                "-created_at",
                "key",
                "-key",
                "expires_at",
                "-expires_at",
            ] {
                let sort = Sort::parse(
                    Some(sort),
                    &["created_at", "key", "expires_at"],
                    "created_at",
                )
                .unwrap();
                // Two pages, so the second starts where the first ended.
                let mut listed = Vec::new();
                for page in 0..2 {
                    let half = (want.len() as i64 + 1) / 2;
                    listed.extend(
                        store::list(&mut conn, &filter, &sort, page * half, half.max(1), None)
                            .unwrap()
                            .into_iter()
                            .map(|(l, ..)| l.id),
                    );
                }
                let got: HashSet<String> = listed.iter().cloned().collect();
                assert_eq!(got.len(), listed.len(), "{status:?} {sort:?}: no row twice");
                assert_eq!(got, want, "{status:?} sorted by {sort:?}");
            }
        }
    }
);

both_backends!(a_list_matching_more_than_ten_thousand_says_so, |app| {
    let f = fixture(&app, json!({"name": "Many"})).await;
    for _ in 0..2 {
        batch(&app, &f, 5_001).await;
    }
    let (_, page) = app
        .get(
            &format!(
                "/api/v1/admin/licenses?product_id={}&per_page=5",
                f.product_id
            ),
            &f.token,
        )
        .await;
    assert_eq!(page["meta"]["total"], 10_000, "{}", page["meta"]);
    assert_eq!(page["meta"]["total_capped"], true);
    assert_eq!(page["data"].as_array().unwrap().len(), 5);
    // Deep pages past the capped total still answer.
    let (_, deep) = app
        .get(
            &format!(
                "/api/v1/admin/licenses?product_id={}&per_page=1&page=10002",
                f.product_id
            ),
            &f.token,
        )
        .await;
    assert_eq!(
        deep["data"].as_array().unwrap().len(),
        1,
        "the last of 10,002"
    );
    let (_, past) = app
        .get(
            &format!(
                "/api/v1/admin/licenses?product_id={}&per_page=1&page=10003&sort=-created_at",
                f.product_id
            ),
            &f.token,
        )
        .await;
    assert_eq!(past["data"].as_array().unwrap().len(), 0, "past the end");
    let (_, small) = app
        .get(
            &format!(
                "/api/v1/admin/licenses?product_id={}&status=revoked",
                f.product_id
            ),
            &f.token,
        )
        .await;
    assert_eq!(small["meta"]["total"], 0);
    assert!(
        small["meta"].get("total_capped").is_none(),
        "{}",
        small["meta"]
    );
});

both_backends!(
    a_search_matching_more_than_the_cap_pages_as_the_list_does,
    |app| {
        // Past the count's cap the page is read along the sort's order, testing each license;
        // under it, the matches are found through the indexes and sorted. Both give the list's
        // own order.
        let f = fixture(&app, json!({"name": "Many"})).await;
        let t = &f.token;
        let first = batch(&app, &f, 10_000).await;
        let last = batch(&app, &f, 1).await;
        let page = |q: String| {
            let app = &app;
            async move {
                let (status, body) = app.get(&format!("/api/v1/admin/licenses?{q}"), t).await;
                assert_eq!(status, StatusCode::OK, "{q}: {body}");
                body
            }
        };
        let ids = |v: &Value| -> Vec<String> {
            v["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["id"].as_str().unwrap().to_string())
                .collect()
        };
        for sort in ["key", "-key", "-created_at"] {
            for n in [1, 37] {
                let searched = page(format!("search=pro-&sort={sort}&per_page=100&page={n}")).await;
                assert_eq!(searched["meta"]["total"], 10_000, "{sort}");
                assert_eq!(searched["meta"]["total_capped"], true, "{sort}");
                let listed = page(format!("sort={sort}&per_page=100&page={n}")).await;
                assert_eq!(ids(&searched), ids(&listed), "{sort}, page {n}");
                assert_eq!(ids(&searched).len(), 100);
            }
        }
        // An owner's name no key starts with, held by all of them: walked through the owners
        // (joined on PostgreSQL), in the order the owner's own list has.
        let every_id: Vec<&String> = first.iter().chain(&last).collect();
        let mut owner = None;
        for chunk in every_id.chunks(1000) {
            let (status, body) = app
                .post(
                    "/api/v1/admin/licenses/bulk-assign",
                    t,
                    json!({"license_ids": chunk, "email": "ada@reseller.example", "name": "Ada Smithson"}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            owner = body["customer_id"].as_str().map(str::to_string);
        }
        let owner = owner.expect("the customer the licenses went to");
        for sort in ["key", "-key", "-created_at", "expires_at"] {
            for n in [1, 37] {
                let searched =
                    page(format!("search=SMITHSON&sort={sort}&per_page=100&page={n}")).await;
                assert_eq!(searched["meta"]["total"], 10_000, "{sort}");
                assert_eq!(searched["meta"]["total_capped"], true, "{sort}");
                let held = page(format!(
                    "customer_id={owner}&sort={sort}&per_page=100&page={n}"
                ))
                .await;
                assert_eq!(ids(&searched), ids(&held), "{sort}, page {n}");
                assert_eq!(ids(&searched).len(), 100);
            }
        }

        // A few matches: the same order from the indexes.
        for id in last
            .iter()
            .chain(&ids(&page("sort=key&per_page=2".into()).await))
        {
            action(&app, t, id, "revoke", json!({"reason": "test"})).await;
        }
        let revoked = page("status=revoked&sort=key".into()).await;
        let searched = page("search=PRO&status=revoked&sort=key".into()).await;
        assert_eq!(searched["meta"]["total"], 3);
        assert_ne!(searched["meta"]["total_capped"], true, "{searched}");
        assert_eq!(ids(&searched), ids(&revoked));
    }
);

both_backends!(
    a_common_owner_term_with_a_rare_status_is_refused_not_served_slowly,
    |app| {
        // "Suspended licenses of anyone named like X" has no index when X is in more than the
        // count's cap of customers: refused (422 on `search`), with what to do instead.
        crate::customers::many_customers(&app, 10_050);
        let f = fixture(&app, json!({"name": "Rare"})).await;
        let t = &f.token;
        let ids = batch(&app, &f, 2).await;
        for (id, email) in ids
            .iter()
            .zip(["olaf00001@nordmann.example", "solo@corp.com"])
        {
            let (status, body) = action(&app, t, id, "assign", json!({"email": email})).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let (status, body) =
                action(&app, t, id, "suspend", json!({"reason": "chargeback"})).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        for status in ["suspended", "revoked"] {
            let path = format!("/api/v1/admin/licenses?search=nordmann&status={status}");
            let (code, body) = app.get(&path, t).await;
            assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {body}");
            assert_eq!(
                body["errors"]["search"][0],
                latchkey::licenses::service::too_broad_for_state(),
                "{body}"
            );
        }
        let key_of = |v: &Value| v["data"][0]["key"].as_str().map(str::to_string);
        let (_, own) = app
            .get(&format!("/api/v1/admin/licenses/{}", ids[0]), t)
            .await;
        for (query, total, why) in [
            ("search=nordmann", 1, "the same term with any status"),
            ("search=nordmann&status=active", 0, "or a common status"),
            ("search=olaf00001&status=suspended", 1, "a narrower term"),
            (
                "search=solo&status=suspended",
                1,
                "a term few customers hold",
            ),
        ] {
            let (code, body) = app.get(&format!("/api/v1/admin/licenses?{query}"), t).await;
            assert_eq!(code, StatusCode::OK, "{query}: {body}");
            assert_eq!(body["meta"]["total"], total, "{query}: {why}");
            if query.contains("olaf") {
                assert_eq!(key_of(&body), own["key"].as_str().map(str::to_string));
            }
        }
        // The start of a key, however short, combines with any status.
        let prefix = &own["key"].as_str().unwrap()[..4];
        let (code, body) = app
            .get(
                &format!("/api/v1/admin/licenses?search={prefix}&status=suspended"),
                t,
            )
            .await;
        assert_eq!(code, StatusCode::OK, "{body}");
        assert_eq!(body["meta"]["total"], 2, "{body}");

        // A license found both by its key's start and by its owner's email counts once.
        let third = batch(&app, &f, 1).await;
        let (status, body) = action(
            &app,
            t,
            &third[0],
            "assign",
            json!({"email": "pro-desk@corp.com"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (code, body) = app.get("/api/v1/admin/licenses?search=pro-", t).await;
        assert_eq!(code, StatusCode::OK, "{body}");
        assert_eq!(body["meta"]["total"], 3, "{body}");
        let found: HashSet<&str> = body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["id"].as_str().unwrap())
            .collect();
        assert_eq!(found.len(), 3, "{body}");
        assert!(found.contains(third[0].as_str()));
    }
);
