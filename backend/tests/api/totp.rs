use latchkey::auth::totp::current_code;

use crate::*;

fn secret_bytes(setup: &Value) -> Vec<u8> {
    totp_rs::Secret::Encoded(setup["secret"].as_str().unwrap().to_string())
        .to_bytes()
        .unwrap()
}

fn code_at(secret: &[u8], account: &str, offset_secs: i64) -> String {
    current_code(
        secret,
        account,
        (chrono::Utc::now().timestamp() + offset_secs) as u64,
    )
}

both_backends!(two_factor_setup_enable_login_and_replay, |app| {
    let root = app.root_token().await;
    let (status, setup) = app
        .call(
            Method::POST,
            "/api/v1/admin/me/2fa/setup",
            Some(&root),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{setup}");
    assert!(
        setup["otpauth_url"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/Latchkey"),
        "{setup}"
    );
    let secret = secret_bytes(&setup);

    let (status, body) = app
        .post(
            "/api/v1/admin/me/2fa/enable",
            &root,
            json!({"code": "000000"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["errors"]["code"].is_array());
    let (status, body) = app
        .post("/api/v1/admin/me/2fa/enable", &root, json!({"code": "12"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

    let (status, me) = app
        .post(
            "/api/v1/admin/me/2fa/enable",
            &root,
            json!({"code": code_at(&secret, ROOT_EMAIL, 0)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["two_factor_enabled"], true);

    let (status, body) = app.login(ROOT_EMAIL, ROOT_PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "totp_required");

    // A wrong password still says invalid_credentials, never revealing that 2FA is on.
    let (_, body) = app.login(ROOT_EMAIL, "wrong-password").await;
    assert_eq!(body["code"], "invalid_credentials");

    let login = |code: String| {
        let app = &app;
        async move {
            app.call(
                Method::POST,
                "/api/v1/admin/auth/login",
                None,
                Some(json!({"email": ROOT_EMAIL, "password": ROOT_PASSWORD, "totp_code": code})),
            )
            .await
        }
    };
    let (status, body) = login("999999".into()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "invalid_totp");

    let next = code_at(&secret, ROOT_EMAIL, 30);
    let (status, body) = login(next.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = login(next).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a code works once");
    assert_eq!(body["code"], "invalid_totp");

    let (status, _) = app
        .call(
            Method::POST,
            "/api/v1/admin/me/2fa/setup",
            Some(&root),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "setup again while on");
    assert_eq!(app.audit(&root, "admin.2fa_enabled").await.len(), 1);
});

both_backends!(two_factor_can_be_turned_off_with_a_current_code, |app| {
    let root = app.root_token().await;
    let (_, token) = app.admin_with_role(&root, "viewer").await;
    let me = app.get("/api/v1/admin/me", &token).await.1;
    let email = me["email"].as_str().unwrap().to_string();

    let (status, body) = app
        .post(
            "/api/v1/admin/me/2fa/disable",
            &token,
            json!({"code": "123456"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "not on yet: {body}");
    assert_eq!(body["code"], "invalid_transition");

    let (_, setup) = app
        .call(
            Method::POST,
            "/api/v1/admin/me/2fa/setup",
            Some(&token),
            None,
        )
        .await;
    let secret = secret_bytes(&setup);
    assert_eq!(
        app.post(
            "/api/v1/admin/me/2fa/enable",
            &token,
            json!({"code": code_at(&secret, &email, 0)})
        )
        .await
        .0,
        StatusCode::OK
    );
    let (status, me) = app
        .post(
            "/api/v1/admin/me/2fa/disable",
            &token,
            json!({"code": code_at(&secret, &email, 30)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["two_factor_enabled"], false);
    assert_eq!(
        app.login(&email, PASSWORD).await.0,
        StatusCode::OK,
        "no code needed any more"
    );

    let mut conn = app.state.pool.get().unwrap();
    let row = latchkey::admins::store::find_by_email(&mut conn, &email)
        .unwrap()
        .unwrap();
    assert!(row.totp_secret.is_none(), "the secret is forgotten");
});

both_backends!(the_totp_secret_is_encrypted_at_rest, |app| {
    let root = app.root_token().await;
    let (_, setup) = app
        .call(
            Method::POST,
            "/api/v1/admin/me/2fa/setup",
            Some(&root),
            None,
        )
        .await;
    let mut conn = app.state.pool.get().unwrap();
    let row = latchkey::admins::store::find_by_email(&mut conn, ROOT_EMAIL)
        .unwrap()
        .unwrap();
    let stored = row.totp_secret.unwrap();
    assert!(stored.starts_with("v1:"));
    assert!(!stored.contains(setup["secret"].as_str().unwrap()));
    assert_eq!(
        app.state.secrets.decrypt(&stored).unwrap(),
        secret_bytes(&setup)
    );
});
