//! The licensing API as the vendor's software calls it: every code, the signed envelope
//! verified with the published keys, nonce echo, key rotation, slot limits under real
//! concurrency (one process and two), rate limits, bad input, and the usage notes.

use std::collections::HashMap;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use diesel::prelude::*;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};

use crate::*;

pub struct Fixture {
    pub token: String,
    pub product: String,
}

/// A signed-in super admin and a product whose licenses allow `max_activations` devices.
pub async fn fixture(app: &TestApp, max_activations: Option<i64>) -> Fixture {
    let token = app.root_token().await;
    let (status, p) = app
        .post(
            "/api/v1/admin/products",
            &token,
            json!({"name": format!("Product {}", uuid::Uuid::new_v4().simple()), "max_activations": max_activations}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    Fixture {
        token,
        product: p["id"].as_str().unwrap().to_string(),
    }
}

/// A new license of the fixture's product, assigned to `email` unless `None`: (id, key).
pub async fn license(app: &TestApp, f: &Fixture, email: Option<&str>) -> (String, String) {
    let (status, l) = app
        .post(
            "/api/v1/admin/licenses",
            &f.token,
            json!({"product_id": f.product}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{l}");
    let id = l["id"].as_str().unwrap().to_string();
    if let Some(email) = email {
        let (status, a) = app
            .post(
                &format!("/api/v1/admin/licenses/{id}/assign"),
                &f.token,
                json!({"email": email}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{a}");
    }
    (id, l["key"].as_str().unwrap().to_string())
}

/// A licensing call, without any bearer: (status, body).
pub async fn licensing(app: &TestApp, action: &str, body: Value) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        &format!("/api/v1/licensing/{action}"),
        None,
        Some(body),
    )
    .await
}

/// The published keys of the product and of the server, by key id.
pub async fn published_keys(app: &TestApp, product: &str) -> HashMap<String, VerifyingKey> {
    let mut keys = HashMap::new();
    for path in [
        format!("/api/v1/licensing/products/{product}/public-keys"),
        "/api/v1/licensing/public-keys".to_string(),
    ] {
        let (status, body) = app.call(Method::GET, &path, None, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        for k in body["keys"].as_array().unwrap() {
            assert_eq!(k["algorithm"], "ed25519");
            let bytes: [u8; 32] = STANDARD
                .decode(k["public_key"].as_str().unwrap())
                .unwrap()
                .try_into()
                .unwrap();
            keys.insert(
                k["key_id"].as_str().unwrap().to_string(),
                VerifyingKey::from_bytes(&bytes).unwrap(),
            );
        }
    }
    keys
}

/// Verifies an envelope's signature with the published key it names and returns the
/// result read from the signed payload (which must equal the unsigned copy).
pub fn verify(envelope: &Value, keys: &HashMap<String, VerifyingKey>) -> Value {
    let sig = &envelope["signature"];
    assert_eq!(sig["alg"], "ed25519", "{envelope}");
    let key = keys
        .get(sig["key_id"].as_str().unwrap())
        .unwrap_or_else(|| panic!("signed with an unpublished key: {envelope}"));
    let payload = STANDARD.decode(sig["payload"].as_str().unwrap()).unwrap();
    let value: [u8; 64] = STANDARD
        .decode(sig["value"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    key.verify(&payload, &Signature::from_bytes(&value))
        .expect("the signature verifies with the published key");
    let result: Value = serde_json::from_slice(&payload).unwrap();
    assert_eq!(result, envelope["result"], "the unsigned copy matches");
    result
}

/// A licensing call whose answer is verified: (result, key id).
async fn signed(
    app: &TestApp,
    keys: &HashMap<String, VerifyingKey>,
    action: &str,
    body: Value,
) -> (Value, String) {
    let (status, envelope) = licensing(app, action, body).await;
    assert_eq!(status, StatusCode::OK, "{envelope}");
    let result = verify(&envelope, keys);
    (
        result,
        envelope["signature"]["key_id"]
            .as_str()
            .unwrap()
            .to_string(),
    )
}

fn set_expires_at(app: &TestApp, id: &str, at: chrono::NaiveDateTime) {
    use latchkey::schema::licenses::dsl;
    let mut conn = app.state.pool.get().unwrap();
    diesel::update(dsl::licenses.find(id))
        .set(dsl::expires_at.eq(Some(at)))
        .execute(&mut conn)
        .unwrap();
}

fn active_rows(app: &TestApp, license_id: &str) -> i64 {
    use latchkey::schema::activations::dsl;
    let mut conn = app.state.pool.get().unwrap();
    dsl::activations
        .filter(dsl::license_id.eq(license_id))
        .filter(dsl::status.eq("active"))
        .count()
        .get_result(&mut conn)
        .unwrap()
}

both_backends!(every_code_is_a_signed_answer_that_explains_itself, |app| {
    let f = fixture(&app, Some(2)).await;
    let keys = published_keys(&app, &f.product).await;
    let server_keys = published_keys(&app, &f.product).await;
    let (id, key) = license(&app, &f, Some("dev@example.com")).await;
    let server_key_id = {
        let (_, body) = app
            .call(Method::GET, "/api/v1/licensing/public-keys", None, None)
            .await;
        body["keys"][0]["key_id"].as_str().unwrap().to_string()
    };
    let product_key_id = {
        let (_, body) = app
            .call(
                Method::GET,
                &format!("/api/v1/licensing/products/{}/public-keys", f.product),
                None,
                None,
            )
            .await;
        body["keys"][0]["key_id"].as_str().unwrap().to_string()
    };

    // Unknown key: signed with the server key, nothing about any license.
    let (r, kid) = signed(
        &app,
        &server_keys,
        "validate",
        json!({"license_key": "NOPE-0000", "nonce": "n-1"}),
    )
    .await;
    assert_eq!(
        (r["code"].as_str(), r["valid"].as_bool()),
        (Some("NOT_FOUND"), Some(false))
    );
    assert_eq!(kid, server_key_id);
    assert_eq!(r["license"], Value::Null);
    assert_eq!(r["nonce"], "n-1");

    // Another product's software presenting this key.
    let (r, kid) = signed(
        &app,
        &keys,
        "validate",
        json!({"license_key": key, "product_id": "some-other-product"}),
    )
    .await;
    assert_eq!(r["code"], "PRODUCT_MISMATCH");
    assert_eq!(kid, server_key_id);
    assert_eq!(r["license"], Value::Null);
    assert_eq!(r["nonce"], Value::Null, "no nonce sent, none echoed");

    // Not assigned yet.
    let (_, spare_key) = license(&app, &f, None).await;
    let (r, kid) = signed(
        &app,
        &keys,
        "activate",
        json!({"license_key": spare_key, "identifier": "HW-1"}),
    )
    .await;
    assert_eq!(r["code"], "NOT_ASSIGNED");
    assert_eq!(kid, product_key_id);
    assert_eq!(r["license"]["status"], "available");

    // Activate: a slot is taken, the answer says which and how many are left.
    let before = chrono::Utc::now();
    let (r, kid) = signed(&app, &keys, "activate", json!({"license_key": key, "identifier": "HW-1", "name": "Office iMac", "platform": "macOS 15", "product_id": f.product, "nonce": "n-2"})).await;
    assert_eq!(r["code"], "ACTIVATED", "{r}");
    assert_eq!(r["valid"], true);
    assert_eq!(kid, product_key_id);
    assert_eq!(r["nonce"], "n-2");
    assert_eq!(r["ttl_s"], 3600);
    let issued = chrono::DateTime::parse_from_rfc3339(r["issued_at"].as_str().unwrap()).unwrap();
    assert!(
        issued >= before - chrono::Duration::seconds(1)
            && issued <= chrono::Utc::now() + chrono::Duration::seconds(1)
    );
    assert_eq!(r["license"]["key"], key.as_str());
    assert_eq!(r["license"]["status"], "active");
    assert_eq!(r["license"]["activations_used"], 1);
    assert_eq!(r["license"]["max_activations"], 2);
    assert_eq!(r["activation"]["identifier"], "HW-1");
    assert_eq!(r["activation"]["name"], "Office iMac");
    assert_eq!(r["activation"]["status"], "active");
    assert!(
        r["detail"]
            .as_str()
            .unwrap()
            .contains("1 of 2 activations in use"),
        "{r}"
    );
    assert!(
        r.get("customer_email").is_none() && !r.to_string().contains("dev@example.com"),
        "no customer data: {r}"
    );

    // The same identifier again: idempotent.
    let (r, _) = signed(
        &app,
        &keys,
        "activate",
        json!({"license_key": key, "identifier": "HW-1"}),
    )
    .await;
    assert_eq!(r["code"], "ALREADY_ACTIVE");
    assert_eq!(r["valid"], true);
    assert_eq!(r["license"]["activations_used"], 1);
    assert_eq!(active_rows(&app, &id), 1);

    let (r, _) = signed(
        &app,
        &keys,
        "activate",
        json!({"license_key": key, "identifier": "HW-2", "kind": "device"}),
    )
    .await;
    assert_eq!(r["code"], "ACTIVATED");
    let (r, _) = signed(
        &app,
        &keys,
        "activate",
        json!({"license_key": key, "identifier": "HW-3"}),
    )
    .await;
    assert_eq!(r["code"], "ACTIVATION_LIMIT_REACHED");
    assert_eq!(r["valid"], false);
    assert_eq!(r["activation"], Value::Null);
    assert!(
        r["detail"].as_str().unwrap().contains("All 2 activations"),
        "{r}"
    );
    assert_eq!(active_rows(&app, &id), 2);

    // Validate: with and without an identifier.
    let (r, _) = signed(
        &app,
        &keys,
        "validate",
        json!({"license_key": key, "identifier": "HW-1", "nonce": "n-3"}),
    )
    .await;
    assert_eq!(r["code"], "VALID");
    assert_eq!(r["valid"], true);
    assert_eq!(r["activation"]["identifier"], "HW-1");
    assert_eq!(r["nonce"], "n-3");
    let (r, _) = signed(
        &app,
        &keys,
        "validate",
        json!({"license_key": key, "identifier": "HW-9"}),
    )
    .await;
    assert_eq!(r["code"], "NOT_ACTIVATED");
    assert_eq!(r["valid"], false);
    assert!(r["detail"].as_str().unwrap().contains("HW-9"), "{r}");
    let (r, _) = signed(&app, &keys, "validate", json!({"license_key": key})).await;
    assert_eq!(r["code"], "VALID");
    assert!(r["detail"].as_str().unwrap().contains("perpetual"), "{r}");

    // Deactivate frees the slot; a second time there is nothing to free.
    let (r, _) = signed(
        &app,
        &keys,
        "deactivate",
        json!({"license_key": key, "identifier": "HW-2"}),
    )
    .await;
    assert_eq!(r["code"], "DEACTIVATED");
    assert_eq!(r["valid"], false);
    assert_eq!(r["activation"]["status"], "inactive");
    assert_eq!(r["license"]["activations_used"], 1);
    let (r, _) = signed(
        &app,
        &keys,
        "deactivate",
        json!({"license_key": key, "identifier": "HW-2"}),
    )
    .await;
    assert_eq!(r["code"], "NOT_ACTIVATED");
    let (r, _) = signed(
        &app,
        &keys,
        "activate",
        json!({"license_key": key, "identifier": "HW-3"}),
    )
    .await;
    assert_eq!(r["code"], "ACTIVATED", "the freed slot is usable at once");

    // Suspended, reinstated, expired, revoked: each says since when.
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/licenses/{id}/suspend"),
            &f.token,
            json!({"reason": "chargeback"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (r, _) = signed(
        &app,
        &keys,
        "validate",
        json!({"license_key": key, "identifier": "HW-1"}),
    )
    .await;
    assert_eq!(r["code"], "SUSPENDED");
    assert!(
        r["detail"].as_str().unwrap().contains("suspended since"),
        "{r}"
    );
    assert!(
        !r["detail"].as_str().unwrap().contains("chargeback"),
        "internal reasons stay internal"
    );
    let (r, _) = signed(
        &app,
        &keys,
        "activate",
        json!({"license_key": key, "identifier": "HW-4"}),
    )
    .await;
    assert_eq!(r["code"], "SUSPENDED");
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/licenses/{id}/reinstate"),
            &f.token,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (r, _) = signed(
        &app,
        &keys,
        "validate",
        json!({"license_key": key, "identifier": "HW-1"}),
    )
    .await;
    assert_eq!(r["code"], "VALID");

    let past = chrono::NaiveDate::from_ymd_opt(2026, 1, 15)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    set_expires_at(&app, &id, past);
    let (r, _) = signed(
        &app,
        &keys,
        "validate",
        json!({"license_key": key, "identifier": "HW-1"}),
    )
    .await;
    assert_eq!(r["code"], "EXPIRED");
    assert!(r["detail"].as_str().unwrap().contains("2026-01-15"), "{r}");
    let (r, _) = signed(
        &app,
        &keys,
        "activate",
        json!({"license_key": key, "identifier": "HW-5"}),
    )
    .await;
    assert_eq!(r["code"], "EXPIRED");
    let (r, _) = signed(
        &app,
        &keys,
        "deactivate",
        json!({"license_key": key, "identifier": "HW-3"}),
    )
    .await;
    assert_eq!(
        r["code"], "DEACTIVATED",
        "an expired license still gives its slots back"
    );

    let future = chrono::Utc::now().naive_utc() + chrono::Duration::days(30);
    set_expires_at(&app, &id, future);
    let (r, _) = signed(&app, &keys, "validate", json!({"license_key": key})).await;
    assert_eq!(r["code"], "VALID");
    assert!(r["detail"].as_str().unwrap().contains("valid until"), "{r}");

    let (status, _) = app
        .post(
            &format!("/api/v1/admin/licenses/{id}/revoke"),
            &f.token,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (r, _) = signed(
        &app,
        &keys,
        "validate",
        json!({"license_key": key, "identifier": "HW-1"}),
    )
    .await;
    assert_eq!(r["code"], "REVOKED");
    assert!(r["detail"].as_str().unwrap().contains("revoked on"), "{r}");

    // Each activation and deactivation is in the customer's trail, done by the key.
    let created = app.audit(&f.token, "activation.created").await;
    assert_eq!(
        created.len(),
        3,
        "HW-1, HW-2, HW-3 (idempotent re-activation is not a change)"
    );
    assert!(created
        .iter()
        .all(|e| e["actor_kind"] == "license_key" && e["actor_id"] == id.as_str()));
    assert_eq!(app.audit(&f.token, "activation.deactivated").await.len(), 2);
});

both_backends!(
    answers_signed_before_a_rotation_still_verify_by_key_id,
    |app| {
        let f = fixture(&app, None).await;
        let (_, key) = license(&app, &f, Some("rot@example.com")).await;
        let (status, old) = licensing(
            &app,
            "activate",
            json!({"license_key": key, "identifier": "HW-1"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let old_kid = old["signature"]["key_id"].as_str().unwrap().to_string();

        let (status, p) = app
            .post(
                &format!("/api/v1/admin/products/{}/rotate-key", f.product),
                &f.token,
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{p}");

        let keys = published_keys(&app, &f.product).await;
        let (status, new) = licensing(
            &app,
            "validate",
            json!({"license_key": key, "identifier": "HW-1"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let new_kid = new["signature"]["key_id"].as_str().unwrap();
        assert_ne!(
            new_kid, old_kid,
            "the new key signs at once in this process"
        );
        assert_eq!(verify(&new, &keys)["code"], "VALID");
        assert_eq!(
            verify(&old, &keys)["code"],
            "ACTIVATED",
            "the old answer verifies with the retired key"
        );

        let (_, set) = app
            .call(
                Method::GET,
                &format!("/api/v1/licensing/products/{}/public-keys", f.product),
                None,
                None,
            )
            .await;
        let listed: Vec<(&str, bool)> = set["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| {
                (
                    k["key_id"].as_str().unwrap(),
                    k["active"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(listed, vec![(old_kid.as_str(), false), (new_kid, true)]);

        // A tampered payload or a key of another product does not verify.
        let mut tampered = new.clone();
        let mut payload = STANDARD
            .decode(new["signature"]["payload"].as_str().unwrap())
            .unwrap();
        let at = payload.len() / 2;
        payload[at] ^= 0x20;
        tampered["signature"]["payload"] = json!(STANDARD.encode(&payload));
        let key = &keys[new_kid];
        let sig: [u8; 64] = STANDARD
            .decode(new["signature"]["value"].as_str().unwrap())
            .unwrap()
            .try_into()
            .unwrap();
        assert!(key.verify(&payload, &Signature::from_bytes(&sig)).is_err());
        let other = fixture(&app, None).await;
        let other_keys = published_keys(&app, &other.product).await;
        assert!(!other_keys.contains_key(new_kid));

        let (status, body) = app
            .call(
                Method::GET,
                "/api/v1/licensing/products/no-such-product/public-keys",
                None,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    }
);

/// Fires `n` activations at once, each with its own identifier (or all with `same`),
/// spread over `addrs`; returns how many answered each code.
async fn burst(
    addrs: &[String],
    key: &str,
    n: usize,
    same: Option<&str>,
) -> HashMap<String, usize> {
    let client = reqwest::Client::new();
    let calls = (0..n).map(|i| {
        let client = client.clone();
        let url = format!("{}/api/v1/licensing/activate", addrs[i % addrs.len()]);
        let identifier = same
            .map(str::to_string)
            .unwrap_or_else(|| format!("HW-{i}"));
        let body = json!({"license_key": key, "identifier": identifier});
        async move {
            let res = client.post(url).json(&body).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            let v: Value = res.json().await.unwrap();
            v["result"]["code"].as_str().unwrap().to_string()
        }
    });
    let mut counts = HashMap::new();
    for code in futures::future::join_all(calls).await {
        *counts.entry(code).or_default() += 1;
    }
    counts
}

fn license_used(app: &TestApp, id: &str) -> i64 {
    use latchkey::schema::licenses::dsl;
    let mut conn = app.state.pool.get().unwrap();
    dsl::licenses
        .find(id)
        .select(dsl::activations_used)
        .first(&mut conn)
        .unwrap()
}

const NO_LIMITS: [(&str, &str); 2] = [
    ("LATCHKEY_LICENSING_RATE_PER_IP", "0"),
    ("LATCHKEY_LICENSING_RATE_PER_KEY", "0"),
];

fn no_limits(s: &mut std::collections::BTreeMap<String, String>) {
    for (k, v) in NO_LIMITS {
        s.insert(k.into(), v.into());
    }
}

both_backends_with!(
    fifty_simultaneous_activations_take_exactly_the_limit,
    |backend| {
        let Some(app) = TestApp::spawn_with(backend, no_limits).await else {
            return eprintln!("SKIPPED on PostgreSQL: LATCHKEY_TEST_POSTGRES_URL is not set");
        };
        let f = fixture(&app, Some(5)).await;
        for round in 0..3 {
            let (id, key) = license(&app, &f, Some(&format!("race{round}@example.com"))).await;
            let counts = burst(std::slice::from_ref(&app.addr), &key, 50, None).await;
            assert_eq!(
                counts.get("ACTIVATED"),
                Some(&5),
                "round {round}: {counts:?}"
            );
            assert_eq!(
                counts.get("ACTIVATION_LIMIT_REACHED"),
                Some(&45),
                "round {round}: {counts:?}"
            );
            assert_eq!(active_rows(&app, &id), 5);
            assert_eq!(license_used(&app, &id), 5);
        }
        // The same identifier fired 30 times at once takes one slot.
        let (id, key) = license(&app, &f, Some("same@example.com")).await;
        let counts = burst(std::slice::from_ref(&app.addr), &key, 30, Some("HW-SAME")).await;
        assert_eq!(counts.get("ACTIVATED"), Some(&1), "{counts:?}");
        assert_eq!(counts.get("ALREADY_ACTIVE"), Some(&29), "{counts:?}");
        assert_eq!(active_rows(&app, &id), 1);
        assert_eq!(license_used(&app, &id), 1);
    }
);

both_backends_with!(two_processes_on_one_database_share_the_limit, |backend| {
    let Some(app) = TestApp::spawn_with(backend, no_limits).await else {
        return eprintln!("SKIPPED on PostgreSQL: LATCHKEY_TEST_POSTGRES_URL is not set");
    };
    // A second `latchkey serve` process on the same database, behind the same "balancer".
    let other = ServerProcess::start(&app.db, &NO_LIMITS);
    let addrs = [app.addr.clone(), other.addr.clone()];
    let f = fixture(&app, Some(3)).await;
    for round in 0..3 {
        let (id, key) = license(&app, &f, Some(&format!("two{round}@example.com"))).await;
        let counts = burst(&addrs, &key, 50, None).await;
        assert_eq!(
            counts.get("ACTIVATED"),
            Some(&3),
            "round {round}: {counts:?}"
        );
        assert_eq!(
            counts.get("ACTIVATION_LIMIT_REACHED"),
            Some(&47),
            "round {round}: {counts:?}"
        );
        assert_eq!(active_rows(&app, &id), 3);
        assert_eq!(license_used(&app, &id), 3);
    }
    // Deactivations and activations racing across both processes keep the count exact.
    let (id, key) = license(&app, &f, Some("churn@example.com")).await;
    let client = reqwest::Client::new();
    let calls = (0..40).map(|i| {
        let client = client.clone();
        let action = if i % 2 == 0 { "activate" } else { "deactivate" };
        let url = format!("{}/api/v1/licensing/{action}", addrs[i % 2]);
        let body = json!({"license_key": key, "identifier": format!("HW-{}", i % 6)});
        async move { client.post(url).json(&body).send().await.unwrap().status() }
    });
    for status in futures::future::join_all(calls).await {
        assert_eq!(status, StatusCode::OK);
    }
    let rows = active_rows(&app, &id);
    assert!(rows <= 3, "{rows} active rows over a limit of 3");
    assert_eq!(
        license_used(&app, &id),
        rows,
        "the slot count matches the rows"
    );
    drop(other);
});
