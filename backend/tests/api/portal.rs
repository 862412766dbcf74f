//! The client portal: customer sign-in (invitation, password with 2FA, magic link,
//! password reset), the customer's own licenses and devices, isolation between customers,
//! and the read-only "View as customer" session.

use diesel::prelude::*;
use latchkey::customers::tokens::{self, Purpose};

use crate::customers::outbox;
use crate::*;

const GOOD_PASSWORD: &str = "staple gun lighthouse";

/// A signed-in super admin and a product.
struct Vendor {
    token: String,
    product: String,
}

async fn vendor(app: &TestApp) -> Vendor {
    let token = app.root_token().await;
    let (status, p) = app
        .post(
            "/api/v1/admin/products",
            &token,
            json!({"name": "PhotoForge Pro", "send_license_email": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    Vendor {
        token,
        product: p["id"].as_str().unwrap().to_string(),
    }
}

/// A new license (with `extra` fields) assigned to `email`: (license id, customer id).
async fn license_for(app: &TestApp, v: &Vendor, email: &str, extra: Value) -> (String, String) {
    let mut body = json!({"product_id": v.product});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let (status, l) = app.post("/api/v1/admin/licenses", &v.token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{l}");
    let id = l["id"].as_str().unwrap().to_string();
    let (status, l) = app
        .post(
            &format!("/api/v1/admin/licenses/{id}/assign"),
            &v.token,
            json!({"email": email}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{l}");
    (id, l["customer_id"].as_str().unwrap().to_string())
}

/// A link token as the mail worker mints it when it renders the mail.
fn mint(app: &TestApp, customer: &str, purpose: Purpose) -> String {
    let mut conn = app.state.pool.get().unwrap();
    tokens::issue(&mut conn, customer, purpose).unwrap()
}

fn expire_links(app: &TestApp, customer: &str) {
    use latchkey::schema::customer_tokens::dsl as t;
    let mut conn = app.state.pool.get().unwrap();
    let past = latchkey::db::time::now() - chrono::Duration::minutes(1);
    diesel::update(t::customer_tokens.filter(t::customer_id.eq(customer)))
        .set(t::expires_at.eq(past))
        .execute(&mut conn)
        .unwrap();
}

fn templates(app: &TestApp, customer: &str) -> Vec<String> {
    outbox(app, customer).into_iter().map(|(t, _)| t).collect()
}

async fn anon(app: &TestApp, path: &str, body: Value) -> (StatusCode, Value) {
    app.call(Method::POST, path, None, Some(body)).await
}

async fn accept(app: &TestApp, token: &str, password: &str) -> (StatusCode, Value) {
    anon(
        app,
        "/api/v1/portal/auth/invitation/accept",
        json!({"token": token, "password": password}),
    )
    .await
}

async fn portal_login(app: &TestApp, email: &str, password: &str) -> (StatusCode, Value) {
    anon(
        app,
        "/api/v1/portal/auth/login",
        json!({"email": email, "password": password}),
    )
    .await
}

/// A customer who accepted their invitation, signed in: (customer id, portal token).
async fn signed_in(app: &TestApp, v: &Vendor, email: &str) -> (String, String, String) {
    let (license, customer) = license_for(app, v, email, json!({"max_activations": 2})).await;
    let (status, body) = accept(
        app,
        &mint(app, &customer, Purpose::Invitation),
        GOOD_PASSWORD,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (
        customer,
        body["access_token"].as_str().unwrap().to_string(),
        license,
    )
}

fn code(app: &TestApp, customer: &str, secret: &Value, offset: i64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.as_str().unwrap().to_string())
        .to_bytes()
        .unwrap();
    let email: String = {
        use latchkey::schema::customers::dsl as c;
        let mut conn = app.state.pool.get().unwrap();
        c::customers
            .find(customer)
            .select(c::email)
            .first(&mut conn)
            .unwrap()
    };
    latchkey::auth::totp::current_code(
        &bytes,
        &email,
        (chrono::Utc::now().timestamp() + offset) as u64,
    )
}

/// A server that throttles portal sign-in after 3 failures.
async fn strict_app(backend: Backend) -> TestApp {
    TestApp::spawn_with(backend, |s| {
        s.insert("LATCHKEY_LOGIN_MAX_FAILURES".into(), "3".into());
    })
    .await
    .unwrap()
}

/// Tests take codes one 30 s step apart (-1, 0, +1: the accepted window); they start early
/// enough in a step that the window does not move under them.
async fn early_in_a_totp_step() {
    let into_step = chrono::Utc::now().timestamp() % 30;
    if into_step > 20 {
        actix_web::rt::time::sleep(std::time::Duration::from_secs((31 - into_step) as u64)).await;
    }
}

both_backends!(
    an_invitation_sets_the_password_verifies_the_email_and_signs_in,
    |app| {
        let v = vendor(&app).await;
        let (_, id) = license_for(&app, &v, "new@example.com", json!({})).await;
        assert_eq!(templates(&app, &id), ["invitation"]);
        let token = mint(&app, &id, Purpose::Invitation);

        // A weak password is refused on the field, and the link stays usable.
        let (status, body) = accept(&app, &token, "short").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(
            body["errors"]["password"][0],
            "must be at least 10 characters"
        );

        let (status, body) = anon(
            &app,
            "/api/v1/portal/auth/invitation/accept",
            json!({"token": token, "password": GOOD_PASSWORD, "name": "  Nia New "}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 900, "a short-lived access token");
        let me = &body["customer"];
        assert_eq!(me["email"], "new@example.com");
        assert_eq!(me["name"], "Nia New");
        assert_eq!(me["email_verified"], true);
        assert!(me["last_login_at"].is_string());
        let portal = body["access_token"].as_str().unwrap();
        let (status, me) = app.get("/api/v1/portal/me", portal).await;
        assert_eq!(status, StatusCode::OK, "{me}");
        assert_eq!(me["read_only"], false);
        assert_eq!(me["impersonated"], false);

        // Single use.
        let (status, body) = accept(&app, &token, GOOD_PASSWORD).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(body["code"], "invalid_link");
        // A later invitation link cannot overwrite the password that was set.
        let (status, body) = accept(
            &app,
            &mint(&app, &id, Purpose::Invitation),
            "another long one",
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert!(body["detail"]
            .as_str()
            .unwrap()
            .contains("already accepted"));
        // The password works for a normal sign-in; a wrong one does not.
        let (status, body) = portal_login(&app, " New@Example.com ", GOOD_PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = portal_login(&app, "new@example.com", "wrong password!").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(body["code"], "invalid_credentials");
        // A customer who never set a password, or no customer at all: the same answer.
        license_for(&app, &v, "never@example.com", json!({})).await;
        for email in ["never@example.com", "nobody@example.com"] {
            let (status, other) = portal_login(&app, email, GOOD_PASSWORD).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
            assert_eq!(other, body, "no enumeration");
        }

        // The customer's timeline tells the story, by the customer.
        let (_, tl) = app
            .get(
                &format!("/api/v1/admin/customers/{id}/timeline?per_page=50"),
                &v.token,
            )
            .await;
        let actions: Vec<&str> = tl["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        for a in [
            "customer.invitation_accepted",
            "customer.login",
            "customer.login_failed",
        ] {
            assert!(actions.contains(&a), "{a} in {actions:?}");
        }
        let accepted = tl["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["action"] == "customer.invitation_accepted")
            .unwrap();
        assert_eq!(accepted["actor_kind"], "customer");
        assert!(!accepted.to_string().contains(GOOD_PASSWORD));
    }
);

both_backends!(expired_and_misused_links_are_refused, |app| {
    let v = vendor(&app).await;
    let (_, id) = license_for(&app, &v, "late@example.com", json!({})).await;
    let token = mint(&app, &id, Purpose::Invitation);
    expire_links(&app, &id);
    let (status, body) = accept(&app, &token, GOOD_PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["code"], "invalid_link");
    assert_eq!(
        body["detail"],
        "This link has expired or was already used. Ask for a new one."
    );
    // A newer link replaces an older one, and links only work for their purpose.
    let first = mint(&app, &id, Purpose::Invitation);
    let second = mint(&app, &id, Purpose::Invitation);
    assert_eq!(
        accept(&app, &first, GOOD_PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    let magic = mint(&app, &id, Purpose::MagicLink);
    assert_eq!(
        accept(&app, &magic, GOOD_PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, body) = anon(
        &app,
        "/api/v1/portal/auth/magic-link/consume",
        json!({"token": second}),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["code"], "invalid_link");
    for (path, body) in [
        (
            "/api/v1/portal/auth/invitation/accept",
            json!({"token": "", "password": GOOD_PASSWORD}),
        ),
        (
            "/api/v1/portal/auth/magic-link/consume",
            json!({"token": "x".repeat(300)}),
        ),
    ] {
        let (status, b) = anon(&app, path, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {b}");
        assert!(b["errors"]["token"].is_array(), "{b}");
    }
    // Only the hash is stored.
    let stored: Vec<String> = {
        use latchkey::schema::customer_tokens::dsl as t;
        let mut conn = app.state.pool.get().unwrap();
        t::customer_tokens
            .select(t::token_hash)
            .load(&mut conn)
            .unwrap()
    };
    assert!(stored.iter().all(|h| h.len() == 64 && *h != second));
    assert!(stored.contains(&latchkey::crypto::sha256_hex(&second)));
    // And the right link still works.
    assert_eq!(accept(&app, &second, GOOD_PASSWORD).await.0, StatusCode::OK);

    // Housekeeping drops links a day past their end or use, and keeps live ones.
    let live = mint(&app, &id, Purpose::PasswordReset);
    {
        use latchkey::schema::customer_tokens::dsl as t;
        let mut conn = app.state.pool.get().unwrap();
        let long_ago = latchkey::db::time::now() - chrono::Duration::days(2);
        diesel::update(t::customer_tokens.filter(t::purpose.ne("password_reset")))
            .set(t::expires_at.eq(long_ago))
            .execute(&mut conn)
            .unwrap();
        latchkey::customers::service::purge_expired(&mut conn).unwrap();
        let left: Vec<String> = t::customer_tokens
            .select(t::token_hash)
            .load(&mut conn)
            .unwrap();
        assert_eq!(left, [latchkey::crypto::sha256_hex(&live)]);
    }
});

both_backends_with!(
    sign_in_is_throttled_and_closed_to_inactive_customers,
    |backend| {
        let app = strict_app(backend).await;
        let v = vendor(&app).await;
        let (id, portal, _) = signed_in(&app, &v, "tried@example.com").await;
        let profile = format!("/api/v1/admin/customers/{id}");
        let set_status = |status: &'static str| {
            app.call(
                Method::PATCH,
                &profile,
                Some(&v.token),
                Some(json!({"status": status})),
            )
        };

        // Suspending the customer ends their session and closes sign-in, with a clear reason
        // (given only once the password is right, and not counted as a failure).
        assert_eq!(set_status("suspended").await.0, StatusCode::OK);
        assert_eq!(
            app.get("/api/v1/portal/me", &portal).await.0,
            StatusCode::UNAUTHORIZED
        );
        for _ in 0..4 {
            let (status, body) = portal_login(&app, "tried@example.com", GOOD_PASSWORD).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
            assert_eq!(body["code"], "account_inactive");
            assert_eq!(
                body["detail"],
                "Your account is suspended, so you cannot sign in. Contact the vendor's support."
            );
        }
        // Nor can a link open it.
        let magic = mint(&app, &id, Purpose::MagicLink);
        let (status, body) = anon(
            &app,
            "/api/v1/portal/auth/magic-link/consume",
            json!({"token": magic}),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["code"], "account_inactive");
        assert_eq!(set_status("inactive").await.0, StatusCode::OK);
        let (_, body) = portal_login(&app, "tried@example.com", GOOD_PASSWORD).await;
        assert_eq!(body["code"], "account_inactive");
        assert_eq!(set_status("active").await.0, StatusCode::OK);

        for _ in 0..3 {
            let (status, _) = portal_login(&app, "tried@example.com", "not the password").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
        let response = app
            .client
            .post(app.url("/api/v1/portal/auth/login"))
            .json(&json!({"email": "tried@example.com", "password": GOOD_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = response.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(wait > 0 && wait <= 901, "{wait}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "rate_limited");
        // The admins' sign-in counts separately.
        assert_eq!(app.login(ROOT_EMAIL, ROOT_PASSWORD).await.0, StatusCode::OK);
    }
);

both_backends!(magic_links_never_enumerate_and_sign_in_once, |app| {
    let v = vendor(&app).await;
    let (id, _, _) = signed_in(&app, &v, "magic@example.com").await;
    let (_, suspended) = license_for(&app, &v, "off@example.com", json!({})).await;
    app.call(
        Method::PATCH,
        &format!("/api/v1/admin/customers/{suspended}"),
        Some(&v.token),
        Some(json!({"status": "suspended"})),
    )
    .await;
    let ask = |email: &'static str| {
        let app = &app;
        async move {
            anon(
                app,
                "/api/v1/portal/auth/magic-link",
                json!({"email": email}),
            )
            .await
        }
    };
    let (s1, known) = ask("Magic@Example.com").await;
    let (s2, unknown) = ask("nobody@example.com").await;
    let (s3, off) = ask("off@example.com").await;
    assert_eq!(
        (s1, s2, s3),
        (
            StatusCode::ACCEPTED,
            StatusCode::ACCEPTED,
            StatusCode::ACCEPTED
        )
    );
    assert_eq!(known, unknown);
    assert_eq!(known, off);
    assert_eq!(templates(&app, &id), ["invitation", "magic_link"]);
    assert_eq!(
        templates(&app, &suspended),
        ["invitation"],
        "no mail to a suspended customer"
    );
    let (status, body) = anon(
        &app,
        "/api/v1/portal/auth/magic-link",
        json!({"email": "not-an-email"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["email"].is_array(), "{body}");
    // At most 5 link mails an hour to one address; the answer does not change.
    for _ in 0..6 {
        assert_eq!(
            ask("magic@example.com").await,
            (StatusCode::ACCEPTED, known.clone())
        );
    }
    let links = templates(&app, &id)
        .iter()
        .filter(|t| *t == "magic_link")
        .count();
    assert_eq!(links, 5);

    // Two requests racing with one link: exactly one signs in.
    let token = mint(&app, &id, Purpose::MagicLink);
    let consume = || {
        anon(
            &app,
            "/api/v1/portal/auth/magic-link/consume",
            json!({"token": token}),
        )
    };
    let (a, b) = futures::join!(consume(), consume());
    let mut codes = [a.0, b.0];
    codes.sort();
    assert_eq!(
        codes,
        [StatusCode::OK, StatusCode::UNAUTHORIZED],
        "{a:?} {b:?}"
    );
    let signed = if a.0 == StatusCode::OK { &a.1 } else { &b.1 };
    let portal = signed["access_token"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/portal/me", portal).await.0, StatusCode::OK);
    let (_, tl) = app
        .get(
            &format!("/api/v1/admin/customers/{id}/timeline?per_page=100"),
            &v.token,
        )
        .await;
    assert!(tl["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "customer.login" && e["after"]["method"] == "magic_link"));
    assert!(tl["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "customer.magic_link_requested"));

    // Expired after 15 minutes.
    let late = mint(&app, &id, Purpose::MagicLink);
    expire_links(&app, &id);
    let (status, body) = anon(
        &app,
        "/api/v1/portal/auth/magic-link/consume",
        json!({"token": late}),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "invalid_link");
});

both_backends!(a_password_reset_ends_every_session_and_older_links, |app| {
    let v = vendor(&app).await;
    let (id, first, _) = signed_in(&app, &v, "reset@example.com").await;
    let (_, second) = portal_login(&app, "reset@example.com", GOOD_PASSWORD).await;
    let second = second["access_token"].as_str().unwrap().to_string();
    let (status, body) = anon(
        &app,
        "/api/v1/portal/auth/password-reset",
        json!({"email": "reset@example.com"}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (_, unknown) = anon(
        &app,
        "/api/v1/portal/auth/password-reset",
        json!({"email": "ghost@example.com"}),
    )
    .await;
    assert_eq!(body, unknown);
    assert_eq!(templates(&app, &id).last().unwrap(), "password_reset");

    let magic = mint(&app, &id, Purpose::MagicLink);
    let token = mint(&app, &id, Purpose::PasswordReset);
    let confirm = |password: &'static str| {
        anon(
            &app,
            "/api/v1/portal/auth/password-reset/confirm",
            json!({"token": token, "password": password}),
        )
    };
    let (status, body) = confirm("short").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["errors"]["password"][0],
        "must be at least 10 characters"
    );
    let (status, body) = confirm("a brand new passphrase").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        confirm("a brand new passphrase").await.0,
        StatusCode::UNAUTHORIZED,
        "single use"
    );
    for t in [&first, &second] {
        assert_eq!(
            app.get("/api/v1/portal/me", t).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    let (status, _) = anon(
        &app,
        "/api/v1/portal/auth/magic-link/consume",
        json!({"token": magic}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "older links end with the reset"
    );
    assert_eq!(
        portal_login(&app, "reset@example.com", GOOD_PASSWORD)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        portal_login(&app, "reset@example.com", "a brand new passphrase")
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(templates(&app, &id).last().unwrap(), "password_changed");
    let events = app.audit(&v.token, "customer.password_changed").await;
    assert_eq!(events[0]["after"]["via"], "password_reset");
    assert_eq!(events[0]["after"]["sessions_ended"], 2);
});

both_backends!(profile_password_and_two_factor, |app| {
    let v = vendor(&app).await;
    let (id, portal, _) = signed_in(&app, &v, "me@example.com").await;
    let (_, other) = portal_login(&app, "me@example.com", GOOD_PASSWORD).await;
    let other = other["access_token"].as_str().unwrap().to_string();
    let patch = |body: Value| {
        app.call(
            Method::PATCH,
            "/api/v1/portal/me",
            Some(&portal),
            Some(body),
        )
    };
    let (status, me) = patch(json!({"name": " Mia Me "})).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["name"], "Mia Me");
    let (status, body) = patch(json!({"name": "x".repeat(201)})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"]["name"][0], "must be at most 200 characters");
    let (status, me) = patch(json!({})).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["name"], "Mia Me", "a missing field changes nothing");
    let (status, me) = patch(json!({"name": null})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(me["name"].is_null());

    let change = |current: &str, new: &str| {
        app.post(
            "/api/v1/portal/me/password",
            &portal,
            json!({"current_password": current, "new_password": new}),
        )
    };
    let (status, body) = change("wrong one here", "a brand new passphrase").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"]["current_password"][0], "is incorrect");
    let (status, body) = change(GOOD_PASSWORD, "short").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["new_password"].is_array(), "{body}");
    let (status, body) = change(GOOD_PASSWORD, "a brand new passphrase").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        app.get("/api/v1/portal/me", &portal).await.0,
        StatusCode::OK,
        "this session stays"
    );
    assert_eq!(
        app.get("/api/v1/portal/me", &other).await.0,
        StatusCode::UNAUTHORIZED,
        "others end"
    );
    assert_eq!(templates(&app, &id).last().unwrap(), "password_changed");

    // Two-factor: setup, enable with a code (alert mailed), then sign-in needs a code.
    early_in_a_totp_step().await;
    let (status, setup) = app
        .post("/api/v1/portal/me/2fa/setup", &portal, json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{setup}");
    assert!(setup["otpauth_url"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/"));
    let (status, body) = app
        .post(
            "/api/v1/portal/me/2fa/enable",
            &portal,
            json!({"code": "000000"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["errors"]["code"].is_array());
    let enable_code = code(&app, &id, &setup["secret"], -30);
    let (status, me) = app
        .post(
            "/api/v1/portal/me/2fa/enable",
            &portal,
            json!({"code": enable_code}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["two_factor_enabled"], true);
    assert_eq!(templates(&app, &id).last().unwrap(), "two_factor_enabled");
    let stored: Option<String> = {
        use latchkey::schema::customers::dsl as c;
        let mut conn = app.state.pool.get().unwrap();
        c::customers
            .find(&id)
            .select(c::totp_secret)
            .first(&mut conn)
            .unwrap()
    };
    assert!(
        !stored.unwrap().contains(setup["secret"].as_str().unwrap()),
        "encrypted at rest"
    );

    let (status, body) = portal_login(&app, "me@example.com", "a brand new passphrase").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "totp_required");
    let login_code = code(&app, &id, &setup["secret"], 0);
    let with = |c: String| {
        anon(
            &app,
            "/api/v1/portal/auth/login",
            json!({"email": "me@example.com", "password": "a brand new passphrase", "totp_code": c}),
        )
    };
    assert_eq!(with(login_code.clone()).await.0, StatusCode::OK);
    let (status, body) = with(login_code).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a code works once");
    assert_eq!(body["code"], "invalid_totp");

    // A magic link asks for the code too, and stays usable until it is given.
    let magic = mint(&app, &id, Purpose::MagicLink);
    let (status, body) = anon(
        &app,
        "/api/v1/portal/auth/magic-link/consume",
        json!({"token": magic}),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "totp_required");
    let (status, body) = anon(
        &app,
        "/api/v1/portal/auth/magic-link/consume",
        json!({"token": magic, "totp_code": code(&app, &id, &setup["secret"], 30)}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Every code of the window is used up now; as if a minute had passed:
    {
        use latchkey::schema::customers::dsl as c;
        let mut conn = app.state.pool.get().unwrap();
        diesel::update(c::customers.find(&id))
            .set(c::totp_last_step.eq(None::<i64>))
            .execute(&mut conn)
            .unwrap();
    }
    let (status, me) = app
        .post(
            "/api/v1/portal/me/2fa/disable",
            &portal,
            json!({"code": code(&app, &id, &setup["secret"], 0)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["two_factor_enabled"], false);
    assert_eq!(
        portal_login(&app, "me@example.com", "a brand new passphrase")
            .await
            .0,
        StatusCode::OK
    );

    let (status, export) = app.get("/api/v1/portal/me/export", &portal).await;
    assert_eq!(status, StatusCode::OK, "{export}");
    assert_eq!(export["customer"]["email"], "me@example.com");
    assert_eq!(export["licenses"].as_array().unwrap().len(), 1);
    let csv = app
        .client
        .get(app.url("/api/v1/portal/me/export?format=csv"))
        .bearer_auth(&portal)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(csv.text().await.unwrap().contains("profile,"));
    let events = app.audit(&v.token, "customer.exported").await;
    assert_eq!(events[0]["actor_kind"], "customer");

    // Signing out ends the session.
    let (status, _) = app
        .post("/api/v1/portal/auth/logout", &portal, json!({}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/portal/me", &portal).await.0,
        StatusCode::UNAUTHORIZED
    );
});

fn set_license(app: &TestApp, id: &str, expires_days: Option<i64>, suspended: bool) {
    use latchkey::schema::licenses::dsl as l;
    let mut conn = app.state.pool.get().unwrap();
    let now = latchkey::db::time::now();
    diesel::update(l::licenses.find(id))
        .set((
            l::expires_at.eq(expires_days.map(|d| now + chrono::Duration::days(d))),
            l::suspended_at.eq(suspended.then_some(now)),
        ))
        .execute(&mut conn)
        .unwrap();
}

both_backends!(licenses_say_why_and_devices_can_be_freed, |app| {
    let v = vendor(&app).await;
    let (id, portal, full) = signed_in(&app, &v, "owner@example.com").await;
    let a1 = add_activation(&app, &full, "MAC-1", Some("203.0.113.5"));
    add_activation(&app, &full, "MAC-2", None);
    let (expired, _) = license_for(&app, &v, "owner@example.com", json!({})).await;
    set_license(&app, &expired, Some(-3), false);
    let (suspended, _) = license_for(&app, &v, "owner@example.com", json!({})).await;
    set_license(&app, &suspended, Some(10), true);
    let (soon, _) = license_for(&app, &v, "owner@example.com", json!({})).await;
    set_license(&app, &soon, Some(20), false);

    let (status, d) = app.get("/api/v1/portal/dashboard", &portal).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(
        d,
        json!({"licenses_total": 4, "licenses_active": 2, "activations_in_use": 2, "expiring_soon": 1})
    );

    let (status, list) = app.get("/api/v1/portal/licenses", &portal).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["meta"]["total"], 4);
    let by_id = |lid: &str| {
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == lid)
            .unwrap()
            .clone()
    };
    let f = by_id(&full);
    assert_eq!(f["valid"], true);
    assert_eq!(f["activations_used"], 2);
    assert_eq!(f["max_activations"], 2);
    assert_eq!(f["product_name"], "PhotoForge Pro");
    assert!(
        f["explanation"]
            .as_str()
            .unwrap()
            .contains("All 2 activation slots are in use"),
        "{f}"
    );
    for hidden in ["notes", "metadata", "generator_id", "customer_email"] {
        assert!(
            f.get(hidden).is_none(),
            "{hidden} is not shown to customers"
        );
    }
    let e = by_id(&expired);
    assert_eq!(
        (e["valid"].clone(), e["status"].clone()),
        (json!(false), json!("expired"))
    );
    assert!(e["explanation"]
        .as_str()
        .unwrap()
        .starts_with("This license expired on "));
    let s = by_id(&suspended);
    assert_eq!(s["valid"], false);
    assert!(s["explanation"].as_str().unwrap().contains("suspended"));
    assert!(by_id(&soon)["explanation"]
        .as_str()
        .unwrap()
        .contains("renew it soon"));
    let (status, one) = app
        .get(&format!("/api/v1/portal/licenses/{full}"), &portal)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one, f);

    let (status, acts) = app
        .get(
            &format!("/api/v1/portal/activations?license_id={full}&status=active"),
            &portal,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{acts}");
    assert_eq!(acts["meta"]["total"], 2);
    assert_eq!(acts["data"][0]["license_key"], f["key"]);
    assert!(acts["data"][0].get("ip_address").is_none());

    let (status, body) = app
        .post(
            &format!("/api/v1/portal/activations/{a1}/deactivate"),
            &portal,
            json!({"reason": "sold my old laptop"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "inactive");
    assert_eq!(body["deactivation_reason"], "sold my old laptop");
    let (_, one) = app
        .get(&format!("/api/v1/portal/licenses/{full}"), &portal)
        .await;
    assert_eq!(one["activations_used"], 1, "the slot is free at once");
    assert!(one["explanation"]
        .as_str()
        .unwrap()
        .contains("1 of 2 activation slots in use"));
    let (status, body) = app
        .post(
            &format!("/api/v1/portal/activations/{a1}/deactivate"),
            &portal,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "invalid_transition");
    let events = app.audit(&v.token, "activation.deactivated").await;
    assert_eq!(events[0]["actor_kind"], "customer");
    assert_eq!(events[0]["actor_id"], id.as_str());

    for bad in ["page=0", "per_page=101", "status=gone"] {
        let (status, body) = app
            .get(&format!("/api/v1/portal/activations?{bad}"), &portal)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
    }
    let (status, _) = app.get("/api/v1/portal/licenses?per_page=0", &portal).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
});

/// Every portal endpoint that takes a token, with a path that names `license` or
/// `activation` where it needs an id.
fn endpoints(license: &str, activation: &str) -> Vec<(Method, String, Option<Value>)> {
    vec![
        (Method::GET, "/api/v1/portal/me".into(), None),
        (
            Method::PATCH,
            "/api/v1/portal/me".into(),
            Some(json!({"name": "Changed"})),
        ),
        (
            Method::POST,
            "/api/v1/portal/me/password".into(),
            Some(json!({"current_password": GOOD_PASSWORD, "new_password": "another fine one"})),
        ),
        (Method::GET, "/api/v1/portal/me/export".into(), None),
        (Method::POST, "/api/v1/portal/me/2fa/setup".into(), None),
        (
            Method::POST,
            "/api/v1/portal/me/2fa/enable".into(),
            Some(json!({"code": "123456"})),
        ),
        (
            Method::POST,
            "/api/v1/portal/me/2fa/disable".into(),
            Some(json!({"code": "123456"})),
        ),
        (Method::GET, "/api/v1/portal/dashboard".into(), None),
        (Method::GET, "/api/v1/portal/licenses".into(), None),
        (
            Method::GET,
            format!("/api/v1/portal/licenses/{license}"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/portal/activations?license_id={license}"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/portal/activations/{activation}/deactivate"),
            None,
        ),
        (Method::POST, "/api/v1/portal/auth/logout".into(), None),
    ]
}

both_backends!(
    customers_see_only_their_own_and_admin_tokens_open_nothing,
    |app| {
        let v = vendor(&app).await;
        let (_, alice, alice_license) = signed_in(&app, &v, "alice@example.com").await;
        let (_, _, bob_license) = signed_in(&app, &v, "bob@example.com").await;
        let alice_device = add_activation(&app, &alice_license, "ALICE-PC", None);
        let bob_device = add_activation(&app, &bob_license, "BOB-PC", None);

        // Bob's ids, with Alice's token: 404, and nothing of Bob's changes.
        for (method, path) in [
            (
                Method::GET,
                format!("/api/v1/portal/licenses/{bob_license}"),
            ),
            (
                Method::GET,
                format!("/api/v1/portal/activations?license_id={bob_license}"),
            ),
            (
                Method::POST,
                format!("/api/v1/portal/activations/{bob_device}/deactivate"),
            ),
            (
                Method::GET,
                "/api/v1/portal/licenses/no-such-id".to_string(),
            ),
        ] {
            let (status, body) = app.call(method.clone(), &path, Some(&alice), None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {body}");
            assert_eq!(body["code"], "not_found");
        }
        let (_, bob_view) = app
            .get(&format!("/api/v1/admin/activations/{bob_device}"), &v.token)
            .await;
        assert_eq!(bob_view["status"], "active");
        let (_, mine) = app.get("/api/v1/portal/licenses", &alice).await;
        assert_eq!(mine["meta"]["total"], 1);
        assert_eq!(mine["data"][0]["id"], alice_license.as_str());
        let (_, acts) = app.get("/api/v1/portal/activations", &alice).await;
        assert_eq!(acts["meta"]["total"], 1);
        assert_eq!(acts["data"][0]["id"], alice_device.as_str());
        let (_, export) = app.get("/api/v1/portal/me/export", &alice).await;
        assert!(!export.to_string().contains("bob@example.com"));

        // Admin tokens, API keys, forged and missing tokens open no portal endpoint.
        let (_, key) = app.api_key_with_role(&v.token, "super_admin").await;
        let forged = latchkey::auth::jwt::JwtKeys::new(&latchkey::crypto::Secrets::from_key(
            "another-server-secret-0123456789-abcdef",
        ))
        .issue(latchkey::auth::jwt::Audience::Portal, "x", "y", 600);
        for (method, path, body) in endpoints(&alice_license, &alice_device) {
            for (what, token) in [
                ("admin token", Some(v.token.as_str())),
                ("API key", Some(key.as_str())),
                ("foreign signature", Some(forged.as_str())),
                ("no token", None),
            ] {
                let (status, b) = app.call(method.clone(), &path, token, body.clone()).await;
                assert_eq!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{what}: {method} {path}: {b}"
                );
            }
        }
        // A portal token opens no admin endpoint.
        assert_eq!(
            app.get("/api/v1/admin/customers", &alice).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
);

both_backends!(
    view_as_customer_reads_everything_and_changes_nothing,
    |app| {
        let v = vendor(&app).await;
        let (id, _, license) = signed_in(&app, &v, "viewed@example.com").await;
        let device = add_activation(&app, &license, "VIEWED-PC", None);
        let (status, imp) = app
            .post(
                &format!("/api/v1/admin/customers/{id}/impersonate"),
                &v.token,
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{imp}");
        let viewer = imp["token"].as_str().unwrap();
        let before = app.audit(&v.token, "customer.updated").await.len();
        for (method, path, body) in endpoints(&license, &device) {
            if path.ends_with("/logout") {
                continue;
            }
            let (status, b) = app.call(method.clone(), &path, Some(viewer), body).await;
            let expected = if method == Method::GET {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(status, expected, "{method} {path}: {b}");
            if expected == StatusCode::FORBIDDEN {
                assert_eq!(b["code"], "forbidden");
                assert!(b["detail"].as_str().unwrap().contains("read-only"), "{b}");
            }
        }
        let (_, me) = app.get("/api/v1/portal/me", viewer).await;
        assert_eq!(me["name"], Value::Null, "the name did not change");
        assert_eq!(me["read_only"], true);
        assert_eq!(me["two_factor_enabled"], false);
        let (_, act) = app
            .get(&format!("/api/v1/admin/activations/{device}"), &v.token)
            .await;
        assert_eq!(act["status"], "active", "the device was not deactivated");
        assert_eq!(app.audit(&v.token, "customer.updated").await.len(), before);
        // Reading is recorded as the admin's doing, not the customer's.
        let exported = app.audit(&v.token, "customer.exported").await;
        assert_eq!(exported[0]["actor_kind"], "admin");
        assert_eq!(exported[0]["subject_id"], id.as_str());
        // The customer's password still works: it was not changed.
        assert_eq!(
            portal_login(&app, "viewed@example.com", GOOD_PASSWORD)
                .await
                .0,
            StatusCode::OK
        );
        // Leaving ends the admin's view.
        let (status, _) = app
            .post("/api/v1/portal/auth/logout", viewer, json!({}))
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            app.get("/api/v1/portal/me", viewer).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
);

both_backends_with!(the_whole_lifecycle_runs_on_real_mail, |backend| {
    use crate::email::{mail_settings, token_in};
    let sink = crate::smtp_sink::SmtpSink::start().await;
    let mut app = TestApp::spawn_with(backend, mail_settings(Some(&sink), &[]))
        .await
        .unwrap();
    app.start_email_worker();
    let v = vendor(&app).await;
    let (license, _) = license_for(&app, &v, "life@example.com", json!({})).await;

    // The invitation arrives; its link sets the password and signs in.
    let mails = sink.wait_for(1).await;
    let token = token_in(&mails[0].text(), "accept-invitation");
    let (status, body) = accept(&app, &token, GOOD_PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let portal = body["access_token"].as_str().unwrap();
    let (_, list) = app.get("/api/v1/portal/licenses", portal).await;
    assert_eq!(list["data"][0]["id"], license.as_str());

    // A magic link by mail signs in once.
    anon(
        &app,
        "/api/v1/portal/auth/magic-link",
        json!({"email": "life@example.com"}),
    )
    .await;
    let mails = sink.wait_for(2).await;
    assert!(
        mails[1].header("Subject").unwrap().contains("sign-in link"),
        "{:?}",
        mails[1].header("Subject")
    );
    let magic = token_in(&mails[1].text(), "magic-link");
    let consume = || {
        anon(
            &app,
            "/api/v1/portal/auth/magic-link/consume",
            json!({"token": magic}),
        )
    };
    assert_eq!(consume().await.0, StatusCode::OK);
    assert_eq!(consume().await.0, StatusCode::UNAUTHORIZED);

    // A password reset by mail, then the "password changed" alert.
    anon(
        &app,
        "/api/v1/portal/auth/password-reset",
        json!({"email": "life@example.com"}),
    )
    .await;
    let mails = sink.wait_for(3).await;
    let reset = token_in(&mails[2].text(), "reset-password");
    let (status, _) = anon(
        &app,
        "/api/v1/portal/auth/password-reset/confirm",
        json!({"token": reset, "password": "a brand new passphrase"}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/portal/me", portal).await.0,
        StatusCode::UNAUTHORIZED
    );
    let mails = sink.wait_for(4).await;
    assert_eq!(mails[3].rcpt_to, ["life@example.com"]);
    assert!(
        mails[3].text().contains("/portal/forgot-password"),
        "{}",
        mails[3].text()
    );
    assert_eq!(
        portal_login(&app, "life@example.com", "a brand new passphrase")
            .await
            .0,
        StatusCode::OK
    );
});

both_backends!(
    a_transferred_license_hides_the_earlier_owners_devices,
    |app| {
        let v = vendor(&app).await;
        let (first, first_token, license) = signed_in(&app, &v, "seller@example.com").await;
        let theirs = add_activation(&app, &license, "SELLER-PC", Some("198.51.100.9"));
        let (_, notes) = app
            .call(
                Method::PATCH,
                &format!("/api/v1/admin/licenses/{license}"),
                Some(&v.token),
                Some(json!({"notes": "internal: refund dispute #4411"})),
            )
            .await;
        assert_eq!(notes["notes"], "internal: refund dispute #4411");
        let (status, moved) = app
            .post(
                &format!("/api/v1/admin/licenses/{license}/assign"),
                &v.token,
                json!({"email": "buyer@example.com"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{moved}");
        let buyer = moved["customer_id"].as_str().unwrap().to_string();
        assert_ne!(buyer, first);
        let (status, body) = accept(
            &app,
            &mint(&app, &buyer, Purpose::Invitation),
            GOOD_PASSWORD,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let buyer_token = body["access_token"].as_str().unwrap().to_string();
        // Move the clock of the earlier device before the transfer, as it really was.
        {
            use latchkey::schema::activations::dsl as a;
            let mut conn = app.state.pool.get().unwrap();
            let before = latchkey::db::time::now() - chrono::Duration::days(3);
            diesel::update(a::activations.find(&theirs))
                .set(a::activated_at.eq(before))
                .execute(&mut conn)
                .unwrap();
        }
        let mine = add_activation(&app, &license, "BUYER-PC", None);

        let (_, acts) = app.get("/api/v1/portal/activations", &buyer_token).await;
        let ids: Vec<&str> = acts["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [mine.as_str()],
            "only the devices since the license became theirs"
        );
        let (_, d) = app.get("/api/v1/portal/dashboard", &buyer_token).await;
        assert_eq!(d["activations_in_use"], 1);
        let (status, _) = app
            .post(
                &format!("/api/v1/portal/activations/{theirs}/deactivate"),
                &buyer_token,
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // The earlier owner sees the license no more.
        let (_, gone) = app.get("/api/v1/portal/licenses", &first_token).await;
        assert_eq!(gone["meta"]["total"], 0);

        // The export holds the buyer's own data only, and nothing vendor-internal.
        let (status, export) = app.get("/api/v1/portal/me/export", &buyer_token).await;
        assert_eq!(status, StatusCode::OK, "{export}");
        let text = export.to_string();
        for secret in [
            "SELLER-PC",
            "198.51.100.9",
            "refund dispute",
            "seller@example.com",
            ROOT_EMAIL,
        ] {
            assert!(
                !text.contains(secret),
                "{secret} leaked into the export: {text}"
            );
        }
        assert_eq!(export["licenses"][0]["id"], license.as_str());
        assert!(export["licenses"][0].get("notes").is_none());
        assert_eq!(export["activations"].as_array().unwrap().len(), 1);
        let events = export["timeline"].as_array().unwrap();
        assert!(events
            .iter()
            .any(|e| e["action"] == "customer.invitation_accepted"));
        assert!(events
            .iter()
            .all(|e| e.get("actor_name").is_none() && e.get("request_id").is_none()));
        assert!(events
            .iter()
            .filter(|e| e["actor_kind"] != "customer")
            .all(|e| e["ip_address"].is_null()));

        // The admin's GDPR export of the buyer holds no trace of the seller's device either;
        // the seller's own exports keep it (their data), with the key that is no longer
        // theirs shown only by its end.
        let (_, admin_export) = app
            .get(&format!("/api/v1/admin/customers/{buyer}/export"), &v.token)
            .await;
        assert!(
            !admin_export.to_string().contains("SELLER-PC"),
            "{admin_export}"
        );
        assert_eq!(admin_export["activations"].as_array().unwrap().len(), 1);
        let (_, seller_export) = app
            .get(&format!("/api/v1/admin/customers/{first}/export"), &v.token)
            .await;
        assert_eq!(seller_export["activations"][0]["identifier"], "SELLER-PC");
        let (status, own) = app.get("/api/v1/portal/me/export", &first_token).await;
        assert_eq!(status, StatusCode::OK, "{own}");
        let devices = own["activations"].as_array().unwrap();
        assert_eq!(devices.len(), 1);
        assert_eq!(devices[0]["identifier"], "SELLER-PC");
        assert!(devices[0]["license_key"].as_str().unwrap().starts_with('…'));
    }
);

both_backends_with!(
    two_factor_codes_are_single_use_under_races_and_throttled,
    |backend| {
        let app = strict_app(backend).await;
        let v = vendor(&app).await;
        let (id, portal, _) = signed_in(&app, &v, "racer@example.com").await;
        early_in_a_totp_step().await;
        let (_, setup) = app
            .post("/api/v1/portal/me/2fa/setup", &portal, json!({}))
            .await;
        let (status, _) = app
            .post(
                "/api/v1/portal/me/2fa/enable",
                &portal,
                json!({"code": code(&app, &id, &setup["secret"], -30)}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let now_code = code(&app, &id, &setup["secret"], 0);
        let login = || {
            anon(
                &app,
                "/api/v1/portal/auth/login",
                json!({"email": "racer@example.com", "password": GOOD_PASSWORD, "totp_code": now_code}),
            )
        };
        let (a, b) = futures::join!(login(), login());
        let mut codes = [a.0, b.0];
        codes.sort();
        assert_eq!(
            codes,
            [StatusCode::OK, StatusCode::UNAUTHORIZED],
            "{a:?} {b:?}"
        );
        let refused = if a.0 == StatusCode::OK { &b.1 } else { &a.1 };
        assert_eq!(refused["code"], "invalid_totp");

        // Wrong codes count toward the sign-in throttle (one failure above already).
        for _ in 0..2 {
            let (status, body) = anon(
            &app,
            "/api/v1/portal/auth/login",
            json!({"email": "racer@example.com", "password": GOOD_PASSWORD, "totp_code": "000000"}),
        )
        .await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        }
        let (status, body) = anon(
        &app,
        "/api/v1/portal/auth/login",
        json!({"email": "racer@example.com", "password": GOOD_PASSWORD, "totp_code": code(&app, &id, &setup["secret"], 30)}),
    )
    .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    }
);

both_backends!(
    reset_and_invitation_links_respect_expiry_and_status,
    |app| {
        let v = vendor(&app).await;
        let (id, _, _) = signed_in(&app, &v, "late-reset@example.com").await;
        let reset = mint(&app, &id, Purpose::PasswordReset);
        expire_links(&app, &id);
        let confirm = |token: String| {
            anon(
                &app,
                "/api/v1/portal/auth/password-reset/confirm",
                json!({"token": token, "password": "a brand new passphrase"}),
            )
        };
        let (status, body) = confirm(reset).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(body["code"], "invalid_link");
        assert_eq!(
            portal_login(&app, "late-reset@example.com", GOOD_PASSWORD)
                .await
                .0,
            StatusCode::OK,
            "the password did not change"
        );

        let (_, fresh) = license_for(&app, &v, "held@example.com", json!({})).await;
        let invitation = mint(&app, &fresh, Purpose::Invitation);
        for (customer, status) in [(&id, "suspended"), (&fresh, "inactive")] {
            let (s, b) = app
                .call(
                    Method::PATCH,
                    &format!("/api/v1/admin/customers/{customer}"),
                    Some(&v.token),
                    Some(json!({"status": status})),
                )
                .await;
            assert_eq!(s, StatusCode::OK, "{b}");
        }
        let (status, body) = confirm(mint(&app, &id, Purpose::PasswordReset)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["code"], "account_inactive");
        let (status, body) = accept(&app, &invitation, GOOD_PASSWORD).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["code"], "account_inactive");
        // Nothing was half-done: the links were not used up.
        app.call(
            Method::PATCH,
            &format!("/api/v1/admin/customers/{fresh}"),
            Some(&v.token),
            Some(json!({"status": "active"})),
        )
        .await;
        assert_eq!(
            accept(&app, &invitation, GOOD_PASSWORD).await.0,
            StatusCode::OK
        );
    }
);

both_backends_with!(
    password_rules_are_configurable_and_checked_on_the_server,
    |backend| {
        let app = TestApp::spawn_with(backend, |s| {
            s.insert("LATCHKEY_PASSWORD_MIN_LENGTH".into(), "12".into());
            s.insert("LATCHKEY_PASSWORD_MIN_CLASSES".into(), "3".into());
        })
        .await
        .unwrap();
        let v = vendor(&app).await;
        let (_, id) = license_for(&app, &v, "rules@example.com", json!({})).await;
        let token = mint(&app, &id, Purpose::Invitation);
        for (password, message) in [
            ("Short 1!", "must be at least 12 characters"),
            (
                "all lower case words",
                "must mix at least 3 of: lower-case letters, upper-case letters, digits, symbols",
            ),
        ] {
            let (status, body) = accept(&app, &token, password).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(body["errors"]["password"][0], message);
        }
        let (status, body) = accept(&app, &token, "Staple gun 42").await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
);

both_backends_with!(
    wrong_codes_to_turn_two_factor_off_are_throttled,
    |backend| {
        let app = strict_app(backend).await;
        let v = vendor(&app).await;
        let (id, portal, _) = signed_in(&app, &v, "keeper@example.com").await;
        early_in_a_totp_step().await;
        let (_, setup) = app
            .post("/api/v1/portal/me/2fa/setup", &portal, json!({}))
            .await;
        let enable = json!({"code": code(&app, &id, &setup["secret"], -30)});
        let (status, _) = app
            .post("/api/v1/portal/me/2fa/enable", &portal, enable)
            .await;
        assert_eq!(status, StatusCode::OK);
        for _ in 0..3 {
            let (status, body) = app
                .post(
                    "/api/v1/portal/me/2fa/disable",
                    &portal,
                    json!({"code": "000000"}),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(body["errors"]["code"][0], "is wrong or was already used");
        }
        let right = json!({"code": code(&app, &id, &setup["secret"], 0)});
        let (status, body) = app
            .post("/api/v1/portal/me/2fa/disable", &portal, right)
            .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        let (_, me) = app.get("/api/v1/portal/me", &portal).await;
        assert_eq!(
            me["two_factor_enabled"], true,
            "guessing did not turn it off"
        );
    }
);

both_backends!(a_parallel_burst_of_customer_guesses_is_capped, |app| {
    let v = vendor(&app).await;
    signed_in(&app, &v, "target@example.com").await;
    crate::auth::a_parallel_burst_gets_no_more_than_the_limit(
        &app,
        "/api/v1/portal/auth/login",
        "target@example.com",
        GOOD_PASSWORD,
        "customer_email",
    )
    .await;
});

both_backends!(
    portal_sessions_renew_through_a_strict_http_only_cookie,
    |app| {
        let v = vendor(&app).await;
        let (_, customer) = license_for(&app, &v, "cookie@example.com", json!({})).await;
        let res = app
            .send(
                Method::POST,
                "/api/v1/portal/auth/invitation/accept",
                None,
                Some(json!({"token": mint(&app, &customer, Purpose::Invitation), "password": GOOD_PASSWORD})),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let cookie = set_cookie(&res, "latchkey_portal_refresh").expect("refresh cookie");
        assert!(
            cookie.contains("; Path=/api/v1/portal/auth;")
                && cookie.contains("; HttpOnly; SameSite=Strict"),
            "{cookie}"
        );
        let body: Value = res.json().await.unwrap();
        assert!(body.get("refresh_token").is_none());
        assert_eq!(body["expires_in"], 900, "a short-lived access token");
        let first = body["access_token"].as_str().unwrap().to_string();

        let refresh = |token: String, csrf: bool| {
            let app = &app;
            async move {
                let mut req = app
                    .client
                    .post(app.url("/api/v1/portal/auth/refresh"))
                    .header("cookie", format!("latchkey_portal_refresh={token}"))
                    .json(&json!({}));
                if csrf {
                    req = req.header("x-latchkey-csrf", "1");
                }
                req.send().await.unwrap()
            }
        };
        let token = cookie_value(&cookie);
        assert_eq!(
            refresh(token.clone(), false).await.status(),
            StatusCode::FORBIDDEN
        );
        let res = refresh(token.clone(), true).await;
        assert_eq!(res.status(), StatusCode::OK);
        let rotated = cookie_value(&set_cookie(&res, "latchkey_portal_refresh").unwrap());
        let body: Value = res.json().await.unwrap();
        let renewed = body["access_token"].as_str().unwrap().to_string();
        assert_eq!(body["customer"]["email"], "cookie@example.com");
        assert_eq!(
            app.get("/api/v1/portal/me", &renewed).await.0,
            StatusCode::OK
        );

        // A copied refresh token used after its owner (past the grace for a lost answer):
        // the session ends for both.
        age_refreshes(&app);
        assert_eq!(
            refresh(token, true).await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            refresh(rotated, true).await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.get("/api/v1/portal/me", &first).await.0,
            StatusCode::UNAUTHORIZED
        );
        let events = app.audit(&v.token, "customer.session_revoked").await;
        assert_eq!(events.len(), 1);

        // API clients may ask for the token in the body instead, and then get no cookie.
        let (status, body) = anon(
            &app,
            "/api/v1/portal/auth/login",
            json!({"email": "cookie@example.com", "password": GOOD_PASSWORD, "include_refresh_token": true}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, again) = anon(
            &app,
            "/api/v1/portal/auth/refresh",
            json!({"refresh_token": body["refresh_token"]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{again}");
        assert!(again["refresh_token"].is_string());

        // Signing out clears the cookie; leaving a "View as customer" session does not.
        let access = again["access_token"].as_str().unwrap();
        let res = app
            .send(
                Method::POST,
                "/api/v1/portal/auth/logout",
                Some(access),
                None,
            )
            .await;
        assert!(set_cookie(&res, "latchkey_portal_refresh")
            .unwrap()
            .contains("Max-Age=0"));
        let (_, imp) = app
            .post(
                &format!("/api/v1/admin/customers/{customer}/impersonate"),
                &v.token,
                json!({}),
            )
            .await;
        let res = app
            .send(
                Method::POST,
                "/api/v1/portal/auth/logout",
                imp["token"].as_str(),
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert!(set_cookie(&res, "latchkey_portal_refresh").is_none());
    }
);

fn count(app: &TestApp, table: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.state.pool.get().unwrap();
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
        .get_result::<N>(&mut conn)
        .unwrap()
        .n
}

both_backends!(
    a_link_request_for_an_unknown_address_writes_nothing,
    |app| {
        let before: Vec<i64> = ["audit_events", "auth_failures", "email_outbox"]
            .iter()
            .map(|t| count(&app, t))
            .collect();
        // On SQLite, another writer holds the database's write lock meanwhile: a request
        // that writes would wait for it.
        let _writer = match app.state.backend {
            latchkey::db::Backend::Sqlite => {
                let path = app.db.url.trim_start_matches("sqlite://");
                let mut c = diesel::SqliteConnection::establish(path).unwrap();
                diesel::sql_query("BEGIN IMMEDIATE")
                    .execute(&mut c)
                    .unwrap();
                Some(c)
            }
            latchkey::db::Backend::Postgres => None,
        };
        for path in [
            "/api/v1/portal/auth/magic-link",
            "/api/v1/portal/auth/password-reset",
        ] {
            let started = std::time::Instant::now();
            let res = app
                .client
                .post(app.url(path))
                .json(&json!({"email": "nobody-here@example.com"}))
                .timeout(std::time::Duration::from_secs(5))
                .send()
                .await
                .expect("answered without waiting for the write lock");
            assert_eq!(res.status(), StatusCode::ACCEPTED);
            assert!(
                started.elapsed() >= std::time::Duration::from_millis(290),
                "the floor holds"
            );
        }
        drop(_writer);
        let after: Vec<i64> = ["audit_events", "auth_failures", "email_outbox"]
            .iter()
            .map(|t| count(&app, t))
            .collect();
        assert_eq!(before, after);
    }
);

both_backends_with!(link_requests_are_limited_per_address_too, |backend| {
    let app = TestApp::spawn_with(backend, |s| {
        s.insert("LATCHKEY_LINK_REQUESTS_PER_IP".into(), "3".into());
        s.insert("LATCHKEY_TRUSTED_PROXIES".into(), "127.0.0.1".into());
    })
    .await
    .unwrap();
    let v = vendor(&app).await;
    signed_in(&app, &v, "known@example.com").await;
    let ask = |email: &'static str, client: &'static str| {
        let app = &app;
        async move {
            let res = app
                .client
                .post(app.url("/api/v1/portal/auth/magic-link"))
                .header("x-forwarded-for", client)
                .json(&json!({"email": email}))
                .send()
                .await
                .unwrap();
            let retry = res.headers().get("retry-after").cloned();
            (res.status(), retry, res.json::<Value>().await.unwrap())
        }
    };
    for email in [
        "known@example.com",
        "nobody@example.com",
        "known@example.com",
    ] {
        assert_eq!(ask(email, "203.0.113.5").await.0, StatusCode::ACCEPTED);
    }
    // The fourth from that address is refused, known address or not, identically.
    let (s1, retry, known) = ask("known@example.com", "203.0.113.5").await;
    let (s2, _, unknown) = ask("nobody@example.com", "203.0.113.5").await;
    assert_eq!(
        (s1, s2),
        (StatusCode::TOO_MANY_REQUESTS, StatusCode::TOO_MANY_REQUESTS)
    );
    assert!(retry.is_some());
    assert_eq!(known["code"], "rate_limited");
    assert_eq!(known, unknown);
    assert_eq!(
        ask("known@example.com", "203.0.113.6").await.0,
        StatusCode::ACCEPTED,
        "another address"
    );
});

both_backends!(portal_exports_are_throttled_per_customer, |app| {
    let v = vendor(&app).await;
    let (_, token, _) = signed_in(&app, &v, "exporter@example.com").await;
    for i in 0..10 {
        let (status, body) = app.get("/api/v1/portal/me/export", &token).await;
        assert_eq!(status, StatusCode::OK, "export {}: {body}", i + 1);
    }
    let (status, body) = app.get("/api/v1/portal/me/export?format=csv", &token).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    // Another customer is not affected.
    let (_, other, _) = signed_in(&app, &v, "neighbour@example.com").await;
    assert_eq!(
        app.get("/api/v1/portal/me/export", &other).await.0,
        StatusCode::OK
    );
});
