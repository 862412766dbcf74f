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

        // The server key rotates the same way (super admins).
        let (_, old_unknown) = licensing(&app, "validate", json!({"license_key": "NOPE"})).await;
        let (status, set) = app
            .post("/api/v1/admin/server-key/rotate", &f.token, json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{set}");
        let server_keys = set["keys"].as_array().unwrap();
        assert_eq!(server_keys.len(), 2);
        assert_eq!(server_keys[0]["active"], false);
        assert_eq!(server_keys[0]["key_id"], old_unknown["signature"]["key_id"]);
        let (_, new_unknown) = licensing(&app, "validate", json!({"license_key": "NOPE"})).await;
        assert_eq!(new_unknown["signature"]["key_id"], server_keys[1]["key_id"]);
        let keys = published_keys(&app, &f.product).await;
        assert_eq!(verify(&old_unknown, &keys)["code"], "NOT_FOUND");
        assert_eq!(verify(&new_unknown, &keys)["code"], "NOT_FOUND");
        assert_eq!(app.audit(&f.token, "server_key.rotated").await.len(), 1);
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

both_backends!(
    bad_input_gets_a_problem_naming_the_field_never_a_500,
    |app| {
        let f = fixture(&app, Some(2)).await;
        let (id, key) = license(&app, &f, Some("bad@example.com")).await;
        let cases: Vec<(&str, Value, u16, &str)> = vec![
            ("validate", json!({}), 422, "license_key"),
            ("validate", json!({"license_key": 42}), 422, "license_key"),
            ("validate", json!({"license_key": ""}), 422, "license_key"),
            (
                "validate",
                json!({"license_key": "   "}),
                422,
                "license_key",
            ),
            (
                "validate",
                json!({"license_key": "k".repeat(257)}),
                422,
                "license_key",
            ),
            (
                "validate",
                json!({"license_key": key, "identifier": "x".repeat(256)}),
                422,
                "identifier",
            ),
            (
                "validate",
                json!({"license_key": key, "nonce": "n".repeat(129)}),
                422,
                "nonce",
            ),
            (
                "validate",
                json!({"license_key": key, "identifier": ["a"]}),
                422,
                "identifier",
            ),
            ("activate", json!({"license_key": key}), 422, "identifier"),
            (
                "activate",
                json!({"license_key": key, "identifier": "HW", "kind": "toaster"}),
                422,
                "kind",
            ),
            (
                "activate",
                json!({"license_key": key, "identifier": "HW", "name": "n".repeat(256)}),
                422,
                "name",
            ),
            (
                "activate",
                json!({"license_key": key, "identifier": "HW", "metadata": [1, 2]}),
                422,
                "metadata",
            ),
            (
                "activate",
                json!({"license_key": key, "identifier": "HW", "metadata": {"blob": "x".repeat(5000)}}),
                422,
                "metadata",
            ),
            (
                "deactivate",
                json!({"license_key": key, "identifier": null}),
                422,
                "identifier",
            ),
            ("validate", json!("just a string"), 422, "body"),
            (
                "validate",
                json!({"license_key": key, "identifier": "HW\u{0}1"}),
                422,
                "identifier",
            ),
            (
                "activate",
                json!({"license_key": "K\u{0}", "identifier": "HW"}),
                422,
                "license_key",
            ),
            (
                "activate",
                json!({"license_key": key, "identifier": "HW", "metadata": {"a": ["x\u{0}"]}}),
                422,
                "metadata.a[0]",
            ),
        ];
        for (action, body, status, field) in cases {
            let (got, problem) = licensing(&app, action, body.clone()).await;
            assert_eq!(got.as_u16(), status, "{action} {body}: {problem}");
            assert_eq!(problem["code"], "validation_failed", "{problem}");
            assert!(
                problem["errors"][field].is_array(),
                "{action} {body} names {field}: {problem}"
            );
        }

        // Not JSON, not UTF-8, the wrong content type, too big: each its own 4xx.
        let raw = |body: Vec<u8>, content_type: &'static str| {
            let client = app.client.clone();
            let url = app.url("/api/v1/licensing/validate");
            async move {
                let res = client
                    .post(url)
                    .header("content-type", content_type)
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                let v: Value = res.json().await.unwrap();
                (status, v["code"].as_str().unwrap().to_string())
            }
        };
        assert_eq!(
            raw(b"{\"license_key\": ".to_vec(), "application/json").await,
            (400, "malformed_json".into())
        );
        assert_eq!(
            raw(
                b"{\"license_key\": \"\xff\xfe\"}".to_vec(),
                "application/json"
            )
            .await,
            (400, "malformed_json".into())
        );
        assert_eq!(
            raw(
                b"license_key=x".to_vec(),
                "application/x-www-form-urlencoded"
            )
            .await,
            (415, "unsupported_media_type".into())
        );
        let huge = format!("{{\"license_key\": \"{}\"}}", "k".repeat(20_000));
        assert_eq!(
            raw(huge.into_bytes(), "application/json").await,
            (413, "payload_too_large".into())
        );

        // Pasted keys with spaces around still work; nothing was half-written by the refusals.
        let (status, answer) = licensing(
            &app,
            "activate",
            json!({"license_key": format!("  {key}\n"), "identifier": " HW-1 "}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(answer["result"]["code"], "ACTIVATED", "{answer}");
        assert_eq!(answer["result"]["activation"]["identifier"], "HW-1");
        assert_eq!(active_rows(&app, &id), 1);
        assert_eq!(license_used(&app, &id), 1);
    }
);

both_backends_with!(rate_limits_answer_429_with_retry_after, |backend| {
    let Some(app) = TestApp::spawn_with(backend, |s| {
        s.insert("LATCHKEY_LICENSING_RATE_PER_KEY".into(), "5".into());
        s.insert("LATCHKEY_LICENSING_RATE_PER_IP".into(), "12".into());
    })
    .await
    else {
        return eprintln!("SKIPPED on PostgreSQL: LATCHKEY_TEST_POSTGRES_URL is not set");
    };
    let f = fixture(&app, None).await;
    let (_, key) = license(&app, &f, Some("busy@example.com")).await;
    let (_, other_key) = license(&app, &f, Some("calm@example.com")).await;

    // Per key: five a minute, then 429 for that key only.
    for i in 0..5 {
        let (status, _) = licensing(&app, "validate", json!({"license_key": key})).await;
        assert_eq!(status, StatusCode::OK, "request {i}");
    }
    let res = app
        .send(
            Method::POST,
            "/api/v1/licensing/validate",
            None,
            Some(json!({"license_key": key})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=12).contains(&retry), "Retry-After {retry}");
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["code"], "rate_limited");
    assert!(
        problem["detail"].as_str().unwrap().contains("license key"),
        "{problem}"
    );
    let (status, _) = licensing(
        &app,
        "activate",
        json!({"license_key": key, "identifier": "HW"}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "activation shares the key's budget"
    );
    let (status, _) = licensing(&app, "validate", json!({"license_key": other_key})).await;
    assert_eq!(status, StatusCode::OK, "another key is not limited");

    // Per IP: twelve a minute from this address in all, whatever the key.
    let mut refused_by_ip = None;
    for i in 0..12 {
        let res = app
            .send(
                Method::POST,
                "/api/v1/licensing/validate",
                None,
                Some(json!({"license_key": format!("UNKNOWN-{i}")})),
            )
            .await;
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            let problem: Value = res.json().await.unwrap();
            refused_by_ip = Some(problem["detail"].as_str().unwrap().to_string());
            break;
        }
    }
    let detail = refused_by_ip.expect("the per-IP limit refuses before 12 more requests");
    assert!(detail.contains("address"), "{detail}");

    // Refusals are counted for the dashboard.
    app.flush_usage().await;
    let limited: i64 = usage_counts(&app)
        .iter()
        .filter(|((_, _, code), _)| code == "RATE_LIMITED")
        .map(|(_, n)| n)
        .sum();
    assert!(limited >= 3, "{limited} rate-limited answers counted");
});

fn usage_counts(app: &TestApp) -> HashMap<(String, String, String), i64> {
    use latchkey::schema::licensing_usage_hourly::dsl;
    let mut conn = app.state.pool.get().unwrap();
    let rows: Vec<(String, String, String, i64)> = dsl::licensing_usage_hourly
        .select((dsl::product_id, dsl::action, dsl::code, dsl::count))
        .load(&mut conn)
        .unwrap();
    let mut out = HashMap::new();
    for (p, a, c, n) in rows {
        *out.entry((p, a, c)).or_default() += n;
    }
    out
}

/// Backdates the recorded verification of a device by five minutes.
fn age(app: &TestApp, license_id: &str, identifier: &str) {
    use latchkey::schema::activations::dsl;
    let mut conn = app.state.pool.get().unwrap();
    let at = latchkey::db::time::now() - chrono::Duration::minutes(5);
    diesel::update(
        dsl::activations
            .filter(dsl::license_id.eq(license_id))
            .filter(dsl::identifier.eq(identifier)),
    )
    .set(dsl::last_verified_at.eq(Some(at)))
    .execute(&mut conn)
    .unwrap();
}

fn activation_seen(
    app: &TestApp,
    license_id: &str,
    identifier: &str,
) -> (Option<chrono::NaiveDateTime>, Option<String>) {
    use latchkey::schema::activations::dsl;
    let mut conn = app.state.pool.get().unwrap();
    dsl::activations
        .filter(dsl::license_id.eq(license_id))
        .filter(dsl::identifier.eq(identifier))
        .order(dsl::activated_at.desc())
        .select((dsl::last_verified_at, dsl::ip_address))
        .first(&mut conn)
        .unwrap()
}

both_backends!(
    validations_are_noted_off_the_hot_path_and_counted_per_hour,
    |app| {
        let f = fixture(&app, None).await;
        let (id, key) = license(&app, &f, Some("seen@example.com")).await;
        let (_, a) = licensing(
            &app,
            "activate",
            json!({"license_key": key, "identifier": "HW-1"}),
        )
        .await;
        assert_eq!(a["result"]["code"], "ACTIVATED");
        app.flush_usage().await;
        // Verified five minutes ago: the next validation is one worth writing.
        age(&app, &id, "HW-1");
        let (activated_seen, _) = activation_seen(&app, &id, "HW-1");

        for _ in 0..3 {
            let (_, v) = licensing(
                &app,
                "validate",
                json!({"license_key": key, "identifier": "HW-1"}),
            )
            .await;
            assert_eq!(v["result"]["code"], "VALID");
        }
        licensing(&app, "validate", json!({"license_key": "NOPE"})).await;
        licensing(
            &app,
            "validate",
            json!({"license_key": key, "identifier": "HW-2"}),
        )
        .await;

        // Nothing written until the flush (the background task does it every few seconds).
        app.flush_usage().await;
        let (verified, ip) = activation_seen(&app, &id, "HW-1");
        assert!(
            verified.unwrap() > activated_seen.unwrap(),
            "last_verified_at moved on"
        );
        assert_eq!(ip.as_deref(), Some("127.0.0.1"));

        // Within the minute after that, validations are counted but not written again.
        licensing(
            &app,
            "validate",
            json!({"license_key": key, "identifier": "HW-1"}),
        )
        .await;
        app.flush_usage().await;
        assert_eq!(activation_seen(&app, &id, "HW-1").0, verified);

        let counts = usage_counts(&app);
        let of = |p: &str, a: &str, c: &str| {
            counts
                .get(&(p.to_string(), a.to_string(), c.to_string()))
                .copied()
                .unwrap_or(0)
        };
        assert_eq!(of(&f.product, "activate", "ACTIVATED"), 1);
        assert_eq!(of(&f.product, "validate", "VALID"), 4);
        assert_eq!(of(&f.product, "validate", "NOT_ACTIVATED"), 1);
        assert_eq!(of("", "validate", "NOT_FOUND"), 1);

        // A second flush adds to the same hour's counters instead of replacing them.
        licensing(
            &app,
            "validate",
            json!({"license_key": key, "identifier": "HW-1"}),
        )
        .await;
        app.flush_usage().await;
        assert_eq!(
            usage_counts(&app)[&(f.product.clone(), "validate".into(), "VALID".into())],
            5
        );

        // A device deactivated (or its owner erased) before the flush is not written back.
        age(&app, &id, "HW-1");
        licensing(
            &app,
            "validate",
            json!({"license_key": key, "identifier": "HW-1"}),
        )
        .await;
        let (status, _) = app
            .call(
                Method::DELETE,
                &format!(
                    "/api/v1/admin/customers/{}",
                    customer_of(&app, &f, &id).await
                ),
                Some(&f.token),
                Some(json!({"confirm": "seen@example.com"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        app.flush_usage().await;
        let (_, ip) = activation_seen(&app, &id, "HW-1");
        assert_eq!(
            ip, None,
            "the erased customer's device address stays erased"
        );
    }
);

async fn customer_of(app: &TestApp, f: &Fixture, license_id: &str) -> String {
    let (_, l) = app
        .get(&format!("/api/v1/admin/licenses/{license_id}"), &f.token)
        .await;
    l["customer_id"].as_str().unwrap().to_string()
}

both_backends_with!(a_clean_shutdown_writes_the_last_notes, |backend| {
    let Some(db) = TestDb::new(backend) else {
        return eprintln!("SKIPPED on PostgreSQL: LATCHKEY_TEST_POSTGRES_URL is not set");
    };
    let app = TestApp::spawn_on(db.clone(), |_| {}).await;
    let f = fixture(&app, None).await;
    let (id, key) = license(&app, &f, Some("bye@example.com")).await;
    // A process that would not flush on its own for five minutes.
    let process = ServerProcess::start(&db, &[("LATCHKEY_USAGE_FLUSH_SECS", "300")]);
    let client = reqwest::Client::new();
    let call = |action: &'static str, body: Value| {
        let client = client.clone();
        let url = format!("{}/api/v1/licensing/{action}", process.addr);
        async move {
            client
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        call(
            "activate",
            json!({"license_key": key, "identifier": "HW-1"})
        )
        .await["result"]["code"],
        "ACTIVATED"
    );
    age(&app, &id, "HW-1");
    let (after_activation, _) = activation_seen(&app, &id, "HW-1");
    assert_eq!(
        call(
            "validate",
            json!({"license_key": key, "identifier": "HW-1"})
        )
        .await["result"]["code"],
        "VALID"
    );
    assert_eq!(
        activation_seen(&app, &id, "HW-1").0,
        after_activation,
        "not written yet"
    );
    assert!(usage_counts(&app).is_empty());

    process.stop();
    let (verified, _) = activation_seen(&app, &id, "HW-1");
    assert!(verified > after_activation, "written at shutdown");
    let counts = usage_counts(&app);
    assert_eq!(
        counts[&(f.product.clone(), "validate".into(), "VALID".into())],
        1
    );
    assert_eq!(
        counts[&(f.product.clone(), "activate".into(), "ACTIVATED".into())],
        1
    );
});

fn licenses_consistent(app: &TestApp, license_ids: &[String]) {
    use latchkey::schema::licenses::dsl;
    let mut conn = app.state.pool.get().unwrap();
    for id in license_ids {
        let (used, customer, revoked): (i64, Option<String>, Option<chrono::NaiveDateTime>) =
            dsl::licenses
                .find(id)
                .select((dsl::activations_used, dsl::customer_id, dsl::revoked_at))
                .first(&mut conn)
                .unwrap();
        let rows = active_rows(app, id);
        assert_eq!(
            used, rows,
            "license {id}: the count matches the active rows"
        );
        if customer.is_none() || revoked.is_some() {
            assert_eq!(
                rows, 0,
                "license {id}: no device stays active without an owner or after revocation"
            );
        }
    }
}

type Call<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = StatusCode> + 'a>>;

both_backends_with!(
    admin_actions_racing_activations_keep_the_count_exact,
    |backend| {
        let Some(app) = TestApp::spawn_with(backend, no_limits).await else {
            return eprintln!("SKIPPED on PostgreSQL: LATCHKEY_TEST_POSTGRES_URL is not set");
        };
        let f = fixture(&app, Some(10)).await;
        let client = reqwest::Client::new();
        let send = |method: Method, path: String, token: Option<String>, body: Value| -> Call<'_> {
            let request = client.request(method, app.url(&path)).json(&body);
            let request = match token {
                Some(t) => request.bearer_auth(t),
                None => request,
            };
            Box::pin(async move { request.send().await.unwrap().status() })
        };
        for round in 0..3 {
            let email = format!("racer{round}@example.com");
            let (revoked, revoked_key) = license(&app, &f, Some(&email)).await;
            let (unassigned, unassigned_key) = license(&app, &f, Some(&email)).await;
            let (erased, erased_key) = license(&app, &f, Some(&email)).await;
            let customer = customer_of(&app, &f, &erased).await;
            let mut calls = Vec::new();
            for i in 0..15 {
                for key in [&revoked_key, &unassigned_key, &erased_key] {
                    let body = json!({"license_key": key, "identifier": format!("HW-{i}")});
                    calls.push(send(
                        Method::POST,
                        "/api/v1/licensing/activate".into(),
                        None,
                        body,
                    ));
                }
                if i == 5 {
                    let token = Some(f.token.clone());
                    calls.push(send(
                        Method::POST,
                        format!("/api/v1/admin/licenses/{revoked}/revoke"),
                        token.clone(),
                        json!({}),
                    ));
                    calls.push(send(
                        Method::POST,
                        format!("/api/v1/admin/licenses/{unassigned}/unassign"),
                        token.clone(),
                        json!({}),
                    ));
                    calls.push(send(
                        Method::DELETE,
                        format!("/api/v1/admin/customers/{customer}"),
                        token,
                        json!({"confirm": email}),
                    ));
                }
            }
            for status in futures::future::join_all(calls).await {
                // An admin action that lost a race answers 409 and is simply not applied.
                assert!(
                    matches!(status.as_u16(), 200 | 409),
                    "round {round}: {status}"
                );
            }
            licenses_consistent(&app, &[revoked, unassigned, erased]);
        }
    }
);

both_backends_with!(
    a_device_seen_from_a_new_address_is_recorded_within_the_minute,
    |backend| {
        // Behind a load balancer pool given as a CIDR range, the forwarded client counts.
        let app = TestApp::spawn_with(backend, |s| {
            s.insert("LATCHKEY_TRUSTED_PROXIES".into(), "127.0.0.0/8".into());
        })
        .await
        .unwrap();
        let f = fixture(&app, None).await;
        let (id, key) = license(&app, &f, Some("roaming@example.com")).await;
        let from = |client: &'static str, action: &'static str| {
            let app = &app;
            let key = key.clone();
            async move {
                let res = app
                    .client
                    .post(app.url(&format!("/api/v1/licensing/{action}")))
                    .header("x-forwarded-for", client)
                    .json(&json!({"license_key": key, "identifier": "LAPTOP"}))
                    .send()
                    .await
                    .unwrap();
                let body: Value = res.json().await.unwrap();
                body["result"]["code"].as_str().unwrap().to_string()
            }
        };
        assert_eq!(from("203.0.113.10", "activate").await, "ACTIVATED");
        let (verified, ip) = activation_seen(&app, &id, "LAPTOP");
        assert_eq!(ip.as_deref(), Some("203.0.113.10"));
        // Seconds later, from the hotel: the time may be coalesced, the address may not.
        assert_eq!(from("198.51.100.20", "validate").await, "VALID");
        app.flush_usage().await;
        let (verified_again, ip) = activation_seen(&app, &id, "LAPTOP");
        assert_eq!(ip.as_deref(), Some("198.51.100.20"));
        assert!(verified_again >= verified);
        // The same address again within the minute writes nothing new.
        assert_eq!(from("198.51.100.20", "validate").await, "VALID");
        app.flush_usage().await;
        assert_eq!(activation_seen(&app, &id, "LAPTOP").0, verified_again);
    }
);

/// The validations of one moment, as the software on many devices sends them: licenses
/// with two devices each, one identifier bound to several licenses, a revoked and an
/// unassigned license, an unknown key, a device asked about on a license it is not bound
/// to, and checks without an identifier. (key, identifier, expected code, expected bound).
async fn validation_mix(app: &TestApp) -> Vec<(String, Option<String>, &'static str, bool)> {
    let f = fixture(app, Some(3)).await;
    let mut keys = Vec::new();
    for i in 0..8 {
        let (_, key) = license(app, &f, Some(&format!("mix{i}@example.com"))).await;
        for device in [format!("D{i}-a"), format!("D{i}-b")] {
            let (_, r) = licensing(
                app,
                "activate",
                json!({"license_key": key, "identifier": device}),
            )
            .await;
            assert_eq!(r["result"]["code"], "ACTIVATED", "{r}");
        }
        if i < 4 {
            let (_, r) = licensing(
                app,
                "activate",
                json!({"license_key": key, "identifier": "SHARED-PC"}),
            )
            .await;
            assert_eq!(r["result"]["code"], "ACTIVATED", "{r}");
        }
        keys.push(key);
    }
    let (revoked_id, revoked) = license(app, &f, Some("revoked@example.com")).await;
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/licenses/{revoked_id}/revoke"),
            &f.token,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, unassigned) = license(app, &f, None).await;

    let some = |s: &str| Some(s.to_string());
    let mut mix = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        mix.push((key.clone(), some(&format!("D{i}-a")), "VALID", true));
        mix.push((key.clone(), some(&format!("D{i}-b")), "VALID", true));
        mix.push((key.clone(), None, "VALID", false));
        // Bound to the next license, not to this one.
        let other = (i + 1) % keys.len();
        mix.push((
            key.clone(),
            some(&format!("D{other}-a")),
            "NOT_ACTIVATED",
            false,
        ));
        let shared = if i < 4 {
            ("VALID", true)
        } else {
            ("NOT_ACTIVATED", false)
        };
        mix.push((key.clone(), some("SHARED-PC"), shared.0, shared.1));
    }
    mix.push((revoked.clone(), some("D0-a"), "REVOKED", false));
    mix.push((unassigned.clone(), None, "NOT_ASSIGNED", false));
    mix.push(("NO-SUCH-KEY-1234".into(), some("D0-a"), "NOT_FOUND", false));
    mix
}

both_backends!(
    a_batch_of_reads_answers_each_validation_as_a_read_of_its_own,
    |app| {
        let mix = validation_mix(&app).await;
        // Twice over, duplicates included, in one statement.
        let asked: Vec<(&str, Option<&str>)> = mix
            .iter()
            .chain(mix.iter())
            .map(|(k, i, _, _)| (k.as_str(), i.as_deref()))
            .collect();
        let mut conn = app.state.pool.get().unwrap();
        let batch = latchkey::licensing::store::read(&mut conn, &asked).unwrap();
        assert_eq!(batch.len(), asked.len());
        for ((key, identifier), found) in asked.iter().zip(&batch) {
            let alone = latchkey::licensing::store::license_with_activation(
                &mut conn,
                key,
                identifier.unwrap_or(""),
            )
            .unwrap();
            let ids = |f: &latchkey::licensing::store::Found| {
                f.as_ref().map(|(l, a)| {
                    (
                        l.license_key.clone(),
                        a.as_ref().map(|a| (a.id.clone(), a.identifier.clone())),
                    )
                })
            };
            assert_eq!(ids(found), ids(&alone), "{key} / {identifier:?}");
            let bound = found.as_ref().and_then(|(_, a)| a.as_ref());
            if let Some(a) = bound {
                assert_eq!(Some(a.identifier.as_str()), *identifier);
            }
        }
    }
);

both_backends_with!(
    simultaneous_validations_each_get_their_own_answer,
    |backend| {
        let Some(app) = TestApp::spawn_with(backend, no_limits).await else {
            return eprintln!("SKIPPED on PostgreSQL: LATCHKEY_TEST_POSTGRES_URL is not set");
        };
        let mix = validation_mix(&app).await;
        let client = reqwest::Client::new();
        // Ten rounds of the whole mix at once: on PostgreSQL they queue and are read together.
        let calls = (0..10)
            .flat_map(|_| mix.iter())
            .enumerate()
            .map(|(n, expected)| {
                let client = client.clone();
                let url = format!("{}/api/v1/licensing/validate", app.addr);
                let (key, identifier, code, bound) = expected.clone();
                async move {
                    let mut body = json!({"license_key": key, "nonce": format!("n-{n}")});
                    if let Some(i) = &identifier {
                        body["identifier"] = json!(i);
                    }
                    let res = client.post(url).json(&body).send().await.unwrap();
                    assert_eq!(res.status(), StatusCode::OK);
                    let v: Value = res.json().await.unwrap();
                    let r = &v["result"];
                    assert_eq!(r["code"], code, "{key} / {identifier:?}: {r}");
                    assert_eq!(r["nonce"], format!("n-{n}"));
                    if code != "NOT_FOUND" && code != "PRODUCT_MISMATCH" {
                        assert_eq!(r["license"]["key"], key.as_str(), "{r}");
                    }
                    match (bound, &identifier) {
                        (true, Some(i)) => {
                            assert_eq!(r["activation"]["identifier"], i.as_str(), "{r}")
                        }
                        _ => assert!(r["activation"].is_null(), "{r}"),
                    }
                }
            });
        futures::future::join_all(calls).await;
    }
);
