//! The Rust client SDK (`clients/rust`) against a real server, and against a fake one that
//! replays and tampers with real answers.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use actix_web::{web, App, HttpResponse, HttpServer};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use latchkey_client::{
    verify_envelope, ActivateOptions, CacheFallback, Client, ClientBuilder, Code, Error,
    PublicKeys, Source,
};

use crate::products::create_product;
use crate::*;

const MACHINE_A: &str = "machine-a";
const MACHINE_B: &str = "machine-b";

struct Fixture {
    root: String,
    product_id: String,
    license_id: String,
    license_key: String,
    /// The bodies of the two `public-keys` listings, as a vendor saves them at build time.
    product_keys: String,
    server_keys: String,
    cache: PathBuf,
}

impl Fixture {
    fn client(&self, app: &TestApp) -> ClientBuilder {
        Client::builder(&app.addr)
            .pin_key_list(&self.product_keys)
            .pin_key_list(&self.server_keys)
            .product_id(&self.product_id)
            .cache_file(&self.cache)
    }

    fn product_key_id(&self, index: usize) -> String {
        let keys: Value = serde_json::from_str(&self.product_keys).unwrap();
        keys["keys"][index]["key_id"].as_str().unwrap().to_string()
    }
}

async fn public_keys(app: &TestApp, path: &str) -> String {
    let res = app.send(Method::GET, path, None, None).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.text().await.unwrap()
}

async fn new_license(app: &TestApp, root: &str, product_id: &str, email: Option<&str>) -> Value {
    let (status, license) = app
        .post(
            "/api/v1/admin/licenses",
            root,
            json!({"product_id": product_id}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{license}");
    let Some(email) = email else { return license };
    let id = license["id"].as_str().unwrap();
    let (status, assigned) = app
        .post(
            &format!("/api/v1/admin/licenses/{id}/assign"),
            root,
            json!({"email": email}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{assigned}");
    assigned
}

/// A product allowing one activation, and a license of it assigned to a customer.
async fn fixture(app: &TestApp) -> Fixture {
    let root = app.root_token().await;
    let product =
        create_product(app, &root, json!({"name": "SDK Pro", "max_activations": 1})).await;
    let product_id = product["id"].as_str().unwrap().to_string();
    let license = new_license(app, &root, &product_id, Some("buyer@example.com")).await;
    let product_keys = public_keys(
        app,
        &format!("/api/v1/licensing/products/{product_id}/public-keys"),
    )
    .await;
    let server_keys = public_keys(app, "/api/v1/licensing/public-keys").await;
    Fixture {
        root,
        product_id,
        license_id: license["id"].as_str().unwrap().to_string(),
        license_key: license["key"].as_str().unwrap().to_string(),
        product_keys,
        server_keys,
        cache: app.db.dir.path().join("license-cache.json"),
    }
}

/// A loopback address where nothing listens: the server as seen from a machine offline.
fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}", listener.local_addr().unwrap())
}

fn cache_outcome(err: Error) -> CacheFallback {
    match err {
        Error::Offline { cache, .. } => cache,
        other => panic!("expected Offline, got {other:?}"),
    }
}

both_backends!(sdk_activates_validates_and_deactivates, |app| {
    let f = fixture(&app).await;
    let key = f.license_key.as_str();
    let client = f.client(&app).build().unwrap();
    let product_key = f.product_key_id(0);

    let options = ActivateOptions::default()
        .name("A's laptop")
        .platform("linux")
        .metadata(json!({"build": "1.2.3"}));
    let answer = client
        .activate(key, MACHINE_A, options.clone())
        .await
        .unwrap();
    assert_eq!(answer.code(), &Code::Activated, "{answer:?}");
    assert!(answer.is_valid());
    assert_eq!(answer.source, Source::Server);
    assert_eq!(answer.key_id, product_key);
    let license = answer.result.license.as_ref().unwrap();
    assert_eq!(license.key, key);
    assert_eq!(license.product_id, f.product_id);
    assert_eq!(license.max_activations, Some(1));
    assert_eq!(license.activations_used, 1);
    let activation = answer.result.activation.as_ref().unwrap();
    assert_eq!(activation.identifier, MACHINE_A);
    assert_eq!(activation.name.as_deref(), Some("A's laptop"));
    assert_eq!(activation.status, "active");
    let (status, stored) = app
        .get(
            &format!("/api/v1/admin/activations/{}", activation.id),
            &f.root,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{stored}");
    assert_eq!(stored["metadata"], json!({"build": "1.2.3"}));

    let again = client.activate(key, MACHINE_A, options).await.unwrap();
    assert_eq!(again.code(), &Code::AlreadyActive);
    assert!(again.is_valid());
    assert_eq!(again.result.license.unwrap().activations_used, 1);

    let valid = client.validate(key, Some(MACHINE_A)).await.unwrap();
    assert_eq!(valid.code(), &Code::Valid);
    assert!(valid.is_valid());
    assert_eq!(
        client.validate(key, None).await.unwrap().code(),
        &Code::Valid
    );

    let over = client
        .activate(key, MACHINE_B, ActivateOptions::default())
        .await
        .unwrap();
    assert_eq!(over.code(), &Code::ActivationLimitReached);
    assert!(!over.is_valid());

    // Unknown keys are answered with the server-wide key: a client without it cannot tell.
    let unknown = client.validate("NO-SUCH-KEY-0000", None).await.unwrap();
    assert_eq!(unknown.code(), &Code::NotFound);
    assert!(!unknown.is_valid());
    let server_keys: Value = serde_json::from_str(&f.server_keys).unwrap();
    assert_eq!(
        unknown.key_id,
        server_keys["keys"][0]["key_id"].as_str().unwrap()
    );
    assert_ne!(unknown.key_id, product_key);
    let product_only = Client::builder(&app.addr)
        .pin_key_list(&f.product_keys)
        .build()
        .unwrap();
    let err = product_only
        .validate("NO-SUCH-KEY-0000", None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::UnknownKeyId { .. }), "{err:?}");

    let unassigned = new_license(&app, &f.root, &f.product_id, None).await;
    let answer = client
        .validate(unassigned["key"].as_str().unwrap(), None)
        .await
        .unwrap();
    assert_eq!(answer.code(), &Code::NotAssigned);

    // The software of another product, with that product's keys, is told the key is not its.
    let other = create_product(&app, &f.root, json!({"name": "Other Tool"})).await;
    let other_id = other["id"].as_str().unwrap();
    let other_keys = public_keys(
        &app,
        &format!("/api/v1/licensing/products/{other_id}/public-keys"),
    )
    .await;
    let other_client = Client::builder(&app.addr)
        .pin_key_list(&other_keys)
        .pin_key_list(&f.server_keys)
        .product_id(other_id)
        .build()
        .unwrap();
    let mismatch = other_client.validate(key, Some(MACHINE_A)).await.unwrap();
    assert_eq!(mismatch.code(), &Code::ProductMismatch);
    assert!(!mismatch.is_valid());

    // Offline: the last good answer, verified again, within ttl + grace.
    let offline = Client::builder(closed_port())
        .pin_key_list(&f.product_keys)
        .product_id(&f.product_id)
        .cache_file(&f.cache)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let cached = offline.validate(key, Some(MACHINE_A)).await.unwrap();
    assert_eq!(cached.source, Source::Cache);
    assert_eq!(cached.code(), &Code::Valid);
    assert_eq!(cached.key_id, product_key);
    let err = offline.validate(key, Some(MACHINE_B)).await.unwrap_err();
    assert!(matches!(cache_outcome(err), CacheFallback::NoEntry));

    let gone = client.deactivate(key, MACHINE_A).await.unwrap();
    assert_eq!(gone.code(), &Code::Deactivated);
    assert!(!gone.is_valid());
    assert_eq!(gone.result.activation.unwrap().status, "inactive");
    let err = offline.validate(key, Some(MACHINE_A)).await.unwrap_err();
    assert!(
        matches!(cache_outcome(err), CacheFallback::NoEntry),
        "a deactivation clears the cached answer"
    );
    let again = client.deactivate(key, MACHINE_A).await.unwrap();
    assert_eq!(again.code(), &Code::NotActivated);

    // The freed slot is usable; a suspension then refuses and clears the cache.
    let b = client
        .activate(key, MACHINE_B, ActivateOptions::default())
        .await
        .unwrap();
    assert_eq!(b.code(), &Code::Activated);
    assert_eq!(
        offline.validate(key, Some(MACHINE_B)).await.unwrap().source,
        Source::Cache
    );
    let (status, body) = app
        .post(
            &format!("/api/v1/admin/licenses/{}/suspend", f.license_id),
            &f.root,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let suspended = client.validate(key, Some(MACHINE_B)).await.unwrap();
    assert_eq!(suspended.code(), &Code::Suspended);
    let err = offline.validate(key, Some(MACHINE_B)).await.unwrap_err();
    assert!(matches!(cache_outcome(err), CacheFallback::NoEntry));
    let err = offline.validate(key, None).await.unwrap_err();
    assert!(matches!(cache_outcome(err), CacheFallback::NoEntry));
});

both_backends!(sdk_answers_signed_before_a_rotation_still_verify, |app| {
    let f = fixture(&app).await;
    let key = f.license_key.as_str();
    let client = f.client(&app).build().unwrap();
    let before = client
        .activate(key, MACHINE_A, ActivateOptions::default())
        .await
        .unwrap();
    let old_key_id = f.product_key_id(0);
    assert_eq!(before.key_id, old_key_id);

    let (status, rotated) = app
        .call(
            Method::POST,
            &format!("/api/v1/admin/products/{}/rotate-key", f.product_id),
            Some(&f.root),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{rotated}");
    let after = public_keys(
        &app,
        &format!("/api/v1/licensing/products/{}/public-keys", f.product_id),
    )
    .await;
    let mut keys = PublicKeys::new();
    keys.insert_key_list(after.as_bytes()).unwrap();
    assert_eq!(keys.len(), 2, "the retired key stays published");

    let old = verify_envelope(
        before.envelope.as_bytes(),
        &keys,
        before.result.nonce.as_deref(),
        chrono::Utc::now(),
    )
    .unwrap();
    assert_eq!(old.key_id, old_key_id);
    assert_eq!(old.result, before.result);

    let updated = Client::builder(&app.addr)
        .pin_key_list(&after)
        .product_id(&f.product_id)
        .build()
        .unwrap();
    let fresh = updated.validate(key, Some(MACHINE_A)).await.unwrap();
    assert_eq!(fresh.code(), &Code::Valid);
    assert_ne!(fresh.key_id, old_key_id, "new answers use the new key");

    // A release that pinned only the old key cannot verify answers signed with the new one:
    // it falls back to its offline cache as if the server were unreachable.
    let cached = client.validate(key, Some(MACHINE_A)).await.unwrap();
    assert_eq!(cached.source, Source::Cache);
    assert_eq!(cached.key_id, old_key_id);
});

/// What the man in the middle does with the next licensing request.
#[derive(Clone, Copy)]
enum Mitm {
    /// Passes it to the real server and the answer back.
    Forward,
    /// Forwards, then rewrites the unsigned `result` copy to say the license is good.
    ForgeResultCopy,
    /// Answers with the recorded envelope, as it was.
    Replay,
    /// Answers with the recorded envelope, its signed payload changed to carry this
    /// request's nonce.
    TamperPayload,
    /// Fails like a server whose database is down.
    Unavailable,
}

struct Fake {
    upstream: String,
    recorded: String,
    mode: Mutex<Mitm>,
    http: reqwest::Client,
}

async fn man_in_the_middle(
    fake: web::Data<Fake>,
    path: web::Path<String>,
    body: web::Json<Value>,
) -> HttpResponse {
    let mode = *fake.mode.lock().unwrap();
    let envelope =
        match mode {
            Mitm::Forward | Mitm::ForgeResultCopy => {
                let real = fake
                    .http
                    .post(format!("{}/api/v1/licensing/{path}", fake.upstream))
                    .json(&body.0)
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
                if matches!(mode, Mitm::Forward) {
                    real
                } else {
                    let mut v: Value = serde_json::from_str(&real).unwrap();
                    v["result"]["valid"] = json!(true);
                    v["result"]["code"] = json!("VALID");
                    v.to_string()
                }
            }
            Mitm::Replay => fake.recorded.clone(),
            Mitm::TamperPayload => {
                let mut v: Value = serde_json::from_str(&fake.recorded).unwrap();
                let payload = STANDARD
                    .decode(v["signature"]["payload"].as_str().unwrap())
                    .unwrap();
                let mut result: Value = serde_json::from_slice(&payload).unwrap();
                result["nonce"] = body["nonce"].clone();
                v["signature"]["payload"] =
                    json!(STANDARD.encode(serde_json::to_vec(&result).unwrap()));
                v.to_string()
            }
            Mitm::Unavailable => return HttpResponse::ServiceUnavailable()
                .content_type("application/problem+json")
                .body(
                    r#"{"status":503,"code":"service_unavailable","title":"Service unavailable"}"#,
                ),
        };
    HttpResponse::Ok()
        .content_type("application/json")
        .body(envelope)
}

both_backends!(
    sdk_rejects_tampered_and_replayed_answers_end_to_end,
    |app| {
        let f = fixture(&app).await;
        let key = f.license_key.as_str();
        let direct = f.client(&app).build().unwrap();
        let recorded = direct
            .activate(key, MACHINE_A, ActivateOptions::default())
            .await
            .unwrap();
        assert_eq!(recorded.code(), &Code::Activated);

        let fake = web::Data::new(Fake {
            upstream: app.addr.clone(),
            recorded: recorded.envelope.clone(),
            mode: Mutex::new(Mitm::Forward),
            http: reqwest::Client::new(),
        });
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let fake_url = format!("http://{}", listener.local_addr().unwrap());
        let data = fake.clone();
        let server = HttpServer::new(move || {
            App::new().app_data(data.clone()).route(
                "/api/v1/licensing/{action}",
                web::post().to(man_in_the_middle),
            )
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        let set = |mode| *fake.mode.lock().unwrap() = mode;
        let client = Client::builder(&fake_url)
            .pin_key_list(&f.product_keys)
            .pin_key_list(&f.server_keys)
            .product_id(&f.product_id)
            .cache_file(&f.cache)
            .build()
            .unwrap();
        let ok = client.validate(key, Some(MACHINE_A)).await.unwrap();
        assert_eq!(ok.code(), &Code::Valid, "a faithful relay changes nothing");

        set(Mitm::ForgeResultCopy);
        let answer = client.validate("NO-SUCH-KEY-0000", None).await.unwrap();
        assert_eq!(
            answer.code(),
            &Code::NotFound,
            "read from the signed payload"
        );
        assert!(!answer.is_valid());

        set(Mitm::Replay);
        let err = client.validate(key, Some(MACHINE_A)).await.unwrap_err();
        assert!(matches!(err, Error::NonceMismatch), "{err:?}");

        set(Mitm::TamperPayload);
        let err = client.validate(key, Some(MACHINE_A)).await.unwrap_err();
        assert!(matches!(err, Error::SignatureInvalid { .. }), "{err:?}");

        set(Mitm::Forward);
        let product_key = f.product_key_id(0);
        let impostor = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
        let wrong = Client::builder(&fake_url)
            .pin_key(
                &product_key,
                &STANDARD.encode(impostor.verifying_key().to_bytes()),
            )
            .product_id(&f.product_id)
            .build()
            .unwrap();
        let err = wrong.validate(key, Some(MACHINE_A)).await.unwrap_err();
        assert!(
            matches!(err, Error::SignatureInvalid { ref key_id } if *key_id == product_key),
            "{err:?}"
        );

        let ttl = i64::try_from(ok.result.ttl_s).unwrap();
        let later = Client::builder(&fake_url)
            .pin_key_list(&f.product_keys)
            .product_id(&f.product_id)
            .clock(move || chrono::Utc::now() + chrono::TimeDelta::seconds(ttl + 3600))
            .build()
            .unwrap();
        // The server's answer is fresh, but this machine's clock is hours ahead.
        let err = later.validate(key, Some(MACHINE_A)).await.unwrap_err();
        assert!(matches!(err, Error::Expired { .. }), "{err:?}");

        // A failing server (5xx) is like no server: the cached answer carries on.
        set(Mitm::Unavailable);
        let cached = client.validate(key, Some(MACHINE_A)).await.unwrap();
        assert_eq!(cached.source, Source::Cache);
        assert_eq!(cached.code(), &Code::Valid);
        let past_grace = Client::builder(&fake_url)
            .pin_key_list(&f.product_keys)
            .product_id(&f.product_id)
            .cache_file(&f.cache)
            .grace_period(Duration::from_secs(60))
            .clock(move || chrono::Utc::now() + chrono::TimeDelta::seconds(ttl + 120))
            .build()
            .unwrap();
        let err = past_grace.validate(key, Some(MACHINE_A)).await.unwrap_err();
        match cache_outcome(err) {
            CacheFallback::Rejected(e) => assert!(matches!(*e, Error::Expired { .. }), "{e:?}"),
            other => panic!("{other:?}"),
        }

        // An edited cache file is refused.
        let mut file: Value = serde_json::from_slice(&std::fs::read(&f.cache).unwrap()).unwrap();
        for entry in file["entries"].as_array_mut().unwrap() {
            let signature = &mut entry["envelope"]["signature"];
            let payload = STANDARD
                .decode(signature["payload"].as_str().unwrap())
                .unwrap();
            let mut result: Value = serde_json::from_slice(&payload).unwrap();
            result["ttl_s"] = json!(10 * 365 * 86_400);
            signature["payload"] = json!(STANDARD.encode(serde_json::to_vec(&result).unwrap()));
        }
        std::fs::write(&f.cache, file.to_string()).unwrap();
        let err = client.validate(key, Some(MACHINE_A)).await.unwrap_err();
        match cache_outcome(err) {
            CacheFallback::Rejected(e) => {
                assert!(matches!(*e, Error::SignatureInvalid { .. }), "{e:?}")
            }
            other => panic!("{other:?}"),
        }
        handle.stop(false).await;
    }
);

/// The SDK reads every answer the API documents (signed with the published demo key).
#[test]
fn sdk_verifies_the_documented_examples() {
    use latchkey::licensing::examples;
    use latchkey::licensing::model::Action;

    let mut keys = PublicKeys::new();
    keys.insert(examples::DEMO_KEY_ID, &examples::demo_public_key())
        .unwrap();
    let issued = "2026-11-29T10:00:00Z".parse().unwrap();
    for action in [Action::Activate, Action::Validate, Action::Deactivate] {
        for &code in examples::codes(action) {
            let envelope = examples::envelope(code).to_string();
            let verified = verify_envelope(
                envelope.as_bytes(),
                &keys,
                Some("k2V9x0c1Qm5yT3pLr8s7Aw"),
                issued,
            )
            .unwrap();
            assert_eq!(verified.result.code.as_str(), code.as_str());
            assert!(!matches!(verified.result.code, Code::Other(_)));
            assert_eq!(verified.result.valid, code.valid());
            assert_eq!(verified.key_id, examples::DEMO_KEY_ID);
        }
    }
}
