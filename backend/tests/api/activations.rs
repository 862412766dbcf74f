//! The admin Activations API: list with filters, one activation, deactivation by staff —
//! and the seed page's workflow 3, "activation limit reached", end to end.

use diesel::prelude::*;

use crate::licensing::{fixture, license, licensing};
use crate::*;

/// As if the device was activated `days` ago and not verified since.
fn age_verification(app: &TestApp, activation_id: &str, days: i64) {
    use latchkey::schema::activations::dsl;
    let mut conn = app.state.pool.get().unwrap();
    let at = latchkey::db::time::now() - chrono::Duration::days(days);
    diesel::update(dsl::activations.find(activation_id))
        .set((dsl::activated_at.eq(at), dsl::last_verified_at.eq(Some(at))))
        .execute(&mut conn)
        .unwrap();
}

async fn activate(app: &TestApp, key: &str, identifier: &str) -> Value {
    let (status, answer) = licensing(app, "activate", json!({"license_key": key, "identifier": identifier, "name": format!("{identifier} laptop")})).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["result"].clone()
}

both_backends!(workflow_3_activation_limit_reached, |app| {
    // "My license won't activate": the customer bought 2 seats and both are taken.
    let f = fixture(&app, Some(2)).await;
    let (license_id, key) = license(&app, &f, Some("sam@example.com")).await;
    let old = activate(&app, &key, "OLD-LAPTOP").await;
    let old_id = old["activation"]["id"].as_str().unwrap().to_string();
    activate(&app, &key, "DESKTOP").await;
    age_verification(&app, &old_id, 45);
    assert_eq!(
        activate(&app, &key, "NEW-LAPTOP").await["code"],
        "ACTIVATION_LIMIT_REACHED"
    );

    // Support finds the stale device: active, not verified for 30 days, on this license.
    let (status, page) = app
        .get(&format!("/api/v1/admin/activations?license_id={license_id}&status=active&stale_days=30&sort=last_verified_at"), &f.token)
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["meta"]["total"], 1);
    let stale = &page["data"][0];
    assert_eq!(stale["identifier"], "OLD-LAPTOP");
    assert_eq!(stale["license_key"], key.as_str());
    assert_eq!(stale["product_id"], f.product.as_str());
    assert_eq!(stale["customer_email"], "sam@example.com");

    // Deactivates it with a reason (an operator may)…
    let root = f.token.clone();
    let (_, operator) = app.admin_with_role(&root, "operator").await;
    let (status, done) = app
        .post(
            &format!("/api/v1/admin/activations/{old_id}/deactivate"),
            &operator,
            json!({"reason": "Customer replaced the laptop"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["status"], "inactive");
    assert_eq!(done["deactivation_reason"], "Customer replaced the laptop");
    assert!(done["deactivated_at"].is_string());

    // …and the customer activates again at once.
    assert_eq!(
        activate(&app, &key, "NEW-LAPTOP").await["code"],
        "ACTIVATED"
    );
    let (_, l) = app
        .get(&format!("/api/v1/admin/licenses/{license_id}"), &root)
        .await;
    assert_eq!(l["activations_used"], 2);

    // The change is audited, by the operator, in the customer's timeline.
    let events = app.audit(&root, "activation.deactivated").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["actor_kind"], "admin");
    assert_eq!(events[0]["subject_id"], old_id.as_str());
    assert_eq!(events[0]["before"]["status"], "active");
    assert_eq!(events[0]["after"]["status"], "inactive");
    let customer = l["customer_id"].as_str().unwrap();
    let (_, timeline) = app
        .get(
            &format!("/api/v1/admin/customers/{customer}/timeline?per_page=100"),
            &root,
        )
        .await;
    let actions: Vec<&str> = timeline["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"activation.deactivated") && actions.contains(&"activation.created"),
        "{actions:?}"
    );

    // Twice is a conflict, not a second free slot.
    let (status, problem) = app
        .post(
            &format!("/api/v1/admin/activations/{old_id}/deactivate"),
            &root,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(problem["code"], "invalid_transition");
    let (_, l) = app
        .get(&format!("/api/v1/admin/licenses/{license_id}"), &root)
        .await;
    assert_eq!(l["activations_used"], 2);
});

both_backends!(the_list_filters_sorts_and_finds_one, |app| {
    let f = fixture(&app, None).await;
    let other = fixture(&app, None).await;
    let (l1, k1) = license(&app, &f, Some("ann@example.com")).await;
    let (_, k2) = license(&app, &f, Some("bob@example.com")).await;
    let (_, k3) = license(&app, &other, Some("ann@example.com")).await;
    let a = activate(&app, &k1, "A").await["activation"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let b = activate(&app, &k1, "B").await["activation"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let c = activate(&app, &k2, "C").await["activation"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let d = activate(&app, &k3, "D").await["activation"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    licensing(
        &app,
        "deactivate",
        json!({"license_key": k1, "identifier": "B"}),
    )
    .await;
    age_verification(&app, &a, 10);
    age_verification(&app, &c, 100);

    let ids = |page: &Value| -> Vec<String> {
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let list = |q: String| {
        let app = &app;
        let token = f.token.clone();
        async move {
            let (status, page) = app
                .get(&format!("/api/v1/admin/activations{q}"), &token)
                .await;
            assert_eq!(status, StatusCode::OK, "{q}: {page}");
            page
        }
    };
    assert_eq!(
        ids(&list(String::new()).await),
        vec![d.clone(), b.clone(), a.clone(), c.clone()],
        "newest first"
    );
    assert_eq!(
        ids(&list(format!("?license_id={l1}")).await),
        vec![b.clone(), a.clone()]
    );
    assert_eq!(
        ids(&list(format!("?product_id={}", other.product)).await),
        vec![d.clone()]
    );
    let ann = {
        let (_, l) = app
            .get(&format!("/api/v1/admin/licenses/{l1}"), &f.token)
            .await;
        l["customer_id"].as_str().unwrap().to_string()
    };
    assert_eq!(
        ids(&list(format!("?customer_id={ann}")).await),
        vec![d.clone(), b.clone(), a.clone()]
    );
    assert_eq!(ids(&list("?status=inactive".into()).await), vec![b.clone()]);
    assert_eq!(
        ids(&list("?status=active&stale_days=7".into()).await),
        vec![a.clone(), c.clone()]
    );
    assert_eq!(
        ids(&list("?stale_days=30&status=active".into()).await),
        vec![c.clone()]
    );
    assert_eq!(
        ids(&list("?status=active&sort=last_verified_at".into()).await),
        vec![c.clone(), a.clone(), d.clone()]
    );
    let page = list("?per_page=2&page=2".into()).await;
    assert_eq!(page["meta"]["total"], 4);
    assert_eq!(ids(&page), vec![a.clone(), c.clone()]);

    let (status, one) = app
        .get(&format!("/api/v1/admin/activations/{a}"), &f.token)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["identifier"], "A");
    assert_eq!(one["name"], "A laptop");
    assert_eq!(one["customer_id"], ann.as_str());
    assert_eq!(one["ip_address"], "127.0.0.1");

    for bad in [
        "?stale_days=0",
        "?stale_days=x",
        "?status=gone",
        "?sort=identifier",
        "?per_page=500",
        "?license_id=%00",
    ] {
        let (status, problem) = app
            .get(&format!("/api/v1/admin/activations{bad}"), &f.token)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {problem}");
    }
    // Stale devices most recently verified first: no index serves that for the whole
    // table, so it is refused, naming the field; one license's devices are few and fine.
    let (status, problem) = app
        .get(
            "/api/v1/admin/activations?stale_days=7&sort=-last_verified_at",
            &f.token,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(problem["errors"]["sort"].is_array(), "{problem}");
    assert_eq!(
        ids(&list(format!(
            "?license_id={l1}&stale_days=7&sort=-last_verified_at"
        ))
        .await),
        vec![a.clone()]
    );
    // A device never verified counts from its activation: stale once that is old enough.
    {
        use latchkey::schema::activations::dsl;
        let mut conn = app.state.pool.get().unwrap();
        diesel::update(dsl::activations.filter(dsl::id.eq_any([&a, &d])))
            .set(dsl::last_verified_at.eq(None::<chrono::NaiveDateTime>))
            .execute(&mut conn)
            .unwrap();
    }
    assert_eq!(
        ids(&list("?status=active&stale_days=7".into()).await),
        vec![a.clone(), c.clone()],
        "a (activated 10 days ago) is stale, d (activated now) is not"
    );
    for (method, path) in [
        (Method::GET, "/api/v1/admin/activations/nope"),
        (Method::POST, "/api/v1/admin/activations/nope/deactivate"),
    ] {
        let (status, _) = app.call(method, path, Some(&f.token), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    // NUL in a path is refused before it reaches the database.
    let (status, problem) = app.get("/api/v1/admin/activations/a%00b", &f.token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["code"], "bad_request");
    // A viewer reads but cannot deactivate.
    let (_, viewer) = app.admin_with_role(&f.token, "viewer").await;
    let (status, _) = app.get("/api/v1/admin/activations", &viewer).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/activations/{a}/deactivate"),
            &viewer,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
});

/// Many activations of two products, written directly with spread times (some never
/// verified): (product id, per product the activation ids newest first, a token).
async fn fleet(app: &TestApp, per_product: usize) -> (Vec<String>, Vec<Vec<String>>, String) {
    use latchkey::schema::activations::dsl as a;
    let mut products = Vec::new();
    let mut made = Vec::new();
    let mut token = String::new();
    let start = latchkey::db::time::now() - chrono::Duration::days(400);
    for p in 0..2 {
        let f = fixture(app, None).await;
        token = f.token.clone();
        let (license_id, _) = license(app, &f, Some(&format!("fleet{p}@example.com"))).await;
        let rows: Vec<_> = (0..per_product)
            .map(|i| {
                let n = (i * 2 + p) as i64;
                (
                    a::id.eq(uuid::Uuid::now_v7().to_string()),
                    a::license_id.eq(license_id.clone()),
                    a::identifier.eq(format!("PC-{p}-{i}")),
                    a::kind.eq("device"),
                    a::status.eq("active"),
                    a::activated_at.eq(start + chrono::Duration::seconds(n)),
                    // Every seventh never verified; the others out of activation order.
                    a::last_verified_at.eq((i % 7 != 0)
                        .then(|| start + chrono::Duration::seconds((n * 7919) % 100_003))),
                )
            })
            .collect();
        let mut conn = app.state.pool.get().unwrap();
        for chunk in rows.chunks(500) {
            match &mut *conn {
                latchkey::db::DbConn::Sqlite(c) => diesel::insert_into(a::activations)
                    .values(chunk)
                    .execute(c)
                    .unwrap(),
                latchkey::db::DbConn::Pg(c) => diesel::insert_into(a::activations)
                    .values(chunk)
                    .execute(c)
                    .unwrap(),
            };
        }
        let mut ids: Vec<(chrono::NaiveDateTime, String)> = a::activations
            .filter(a::license_id.eq(&license_id))
            .select((a::activated_at, a::id))
            .load(&mut conn)
            .unwrap();
        ids.sort();
        ids.reverse();
        made.push(ids.into_iter().map(|(_, id)| id).collect());
        products.push(f.product);
    }
    (products, made, token)
}

both_backends!(
    activation_lists_page_by_product_and_by_last_verification,
    |app| {
        let (products, made, token) = fleet(&app, 60).await;
        let page_ids = |v: &Value| -> Vec<String> {
            v["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].as_str().unwrap().to_string())
                .collect()
        };
        // A product's activations, newest first, page after page (the product is tested
        // along the activation-time index).
        for (product, ids) in products.iter().zip(&made) {
            let mut listed = Vec::new();
            for page in 1..=4 {
                let (status, v) = app
                .get(
                    &format!("/api/v1/admin/activations?product_id={product}&per_page=20&page={page}"),
                    &token,
                )
                .await;
                assert_eq!(status, StatusCode::OK, "{v}");
                assert_eq!(v["meta"]["total"], 60);
                for a in v["data"].as_array().unwrap() {
                    assert_eq!(a["product_id"], product.as_str());
                }
                listed.extend(page_ids(&v));
            }
            assert_eq!(&listed, ids);
        }
        // By last verification both ways, never-verified last both ways, whole pages.
        for descending in [false, true] {
            let sort = if descending {
                "-last_verified_at"
            } else {
                "last_verified_at"
            };
            let mut listed: Vec<Value> = Vec::new();
            for page in 1..=3 {
                let (_, v) = app
                .get(
                    &format!("/api/v1/admin/activations?product_id={}&sort={sort}&per_page=25&page={page}", products[0]),
                    &token,
                )
                .await;
                listed.extend(v["data"].as_array().unwrap().iter().cloned());
            }
            assert_eq!(listed.len(), 60);
            let times: Vec<Option<String>> = listed
                .iter()
                .map(|a| a["last_verified_at"].as_str().map(str::to_string))
                .collect();
            let verified = times.iter().take_while(|t| t.is_some()).count();
            assert_eq!(verified, 60 - 9, "{sort}: never-verified ({}) come last", 9);
            assert!(times[verified..].iter().all(Option::is_none));
            let mut sorted = times[..verified].to_vec();
            sorted.sort();
            if descending {
                sorted.reverse();
            }
            assert_eq!(times[..verified], sorted[..], "{sort}");
        }
    }
);

both_backends!(
    an_activation_list_of_more_than_ten_thousand_says_so,
    |app| {
        let (products, _, token) = fleet(&app, 5_001).await;
        let (_, all) = app
            .get("/api/v1/admin/activations?per_page=3", &token)
            .await;
        assert_eq!(all["meta"]["total"], 10_000, "{}", all["meta"]);
        assert_eq!(all["meta"]["total_capped"], true);
        let (_, one) = app
            .get(
                &format!(
                    "/api/v1/admin/activations?product_id={}&per_page=3",
                    products[1]
                ),
                &token,
            )
            .await;
        assert_eq!(one["meta"]["total"], 5_001);
        assert!(one["meta"].get("total_capped").is_none(), "{}", one["meta"]);
        let (_, last) = app
            .get(
                &format!(
                    "/api/v1/admin/activations?product_id={}&per_page=100&page=51",
                    products[1]
                ),
                &token,
            )
            .await;
        assert_eq!(last["data"].as_array().unwrap().len(), 1, "the 5,001st");
    }
);
