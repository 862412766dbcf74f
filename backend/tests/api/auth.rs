use latchkey::auth::jwt::Audience;

use crate::*;

both_backends!(login_returns_tokens_and_records_last_login, |app| {
    let (status, body) = app.login(ROOT_EMAIL, ROOT_PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["admin"]["email"], ROOT_EMAIL);
    assert_eq!(body["admin"]["role"], "super_admin");
    assert!(body["admin"]["last_login_at"].is_string());
    assert!(body["admin"].get("password_hash").is_none());
    let token = body["access_token"].as_str().unwrap();
    let (status, me) = app.get("/api/v1/admin/me", token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], ROOT_EMAIL);

    // Email is matched trimmed and case-insensitively.
    let (status, _) = app.login("  ROOT@Example.com ", ROOT_PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
});

both_backends!(wrong_password_and_unknown_email_answer_identically, |app| {
    let (s1, wrong_password) = app.login(ROOT_EMAIL, "not-the-password").await;
    let (s2, unknown_email) = app.login("nobody@example.com", "not-the-password").await;
    assert_eq!(s1, StatusCode::UNAUTHORIZED);
    assert_eq!(s2, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password, unknown_email);
    assert_eq!(
        wrong_password,
        json!({
            "type": "https://latchkey.dev/problems/invalid_credentials",
            "title": "Invalid credentials",
            "status": 401,
            "detail": "The email or password is incorrect.",
            "code": "invalid_credentials"
        })
    );
});

both_backends!(
    the_eleventh_failure_is_rate_limited_with_retry_after,
    |app| {
        for i in 0..10 {
            let (status, _) = app.login(ROOT_EMAIL, "wrong-password").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {}", i + 1);
        }
        let res = app
            .send(
                Method::POST,
                "/api/v1/admin/auth/login",
                None,
                Some(json!({"email": ROOT_EMAIL, "password": "wrong-password"})),
            )
            .await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        let retry_after: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=901).contains(&retry_after), "{retry_after}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "rate_limited");
        // The right password does not get through while the limit holds.
        let (status, _) = app.login(ROOT_EMAIL, ROOT_PASSWORD).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    }
);

both_backends!(
    a_successful_login_clears_the_email_failures_but_not_the_ip_ones,
    |app| {
        use diesel::prelude::*;
        use latchkey::schema::auth_failures::dsl::*;
        for _ in 0..9 {
            app.login(ROOT_EMAIL, "wrong-password").await;
        }
        let count_scope = |s: &str| {
            let mut conn = app.state.pool.get().unwrap();
            auth_failures
                .filter(scope.eq(s.to_string()))
                .count()
                .get_result::<i64>(&mut conn)
                .unwrap()
        };
        assert_eq!(
            (count_scope("admin_email"), count_scope("admin_ip")),
            (9, 9)
        );
        assert_eq!(app.login(ROOT_EMAIL, ROOT_PASSWORD).await.0, StatusCode::OK);
        assert_eq!(
            (count_scope("admin_email"), count_scope("admin_ip")),
            (0, 9)
        );
        // The IP limit still counts: a known password does not reset an attacker's budget.
        assert_eq!(
            app.login(ROOT_EMAIL, "wrong-password").await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.login(ROOT_EMAIL, ROOT_PASSWORD).await.0,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
);

both_backends!(the_ip_limit_covers_many_emails, |app| {
    for i in 0..10 {
        let (status, _) = app.login(&format!("guess{i}@example.com"), "x").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, _) = app.login("another@example.com", "x").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
});

both_backends_with!(
    throttling_holds_across_two_servers_sharing_the_database,
    |backend| {
        let first = TestApp::spawn(backend).await.unwrap();
        let second = TestApp::spawn_on(first.db.clone(), |_| {}).await;
        for i in 0..10 {
            let app = if i % 2 == 0 { &first } else { &second };
            assert_eq!(
                app.login(ROOT_EMAIL, "wrong").await.0,
                StatusCode::UNAUTHORIZED
            );
        }
        assert_eq!(
            first.login(ROOT_EMAIL, "wrong").await.0,
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            second.login(ROOT_EMAIL, "wrong").await.0,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
);

both_backends!(
    refresh_tokens_rotate_and_a_reused_one_ends_the_session,
    |app| {
        let login = app.api_client_login(ROOT_EMAIL, ROOT_PASSWORD).await;
        let first_refresh = login["refresh_token"].as_str().unwrap().to_string();

        let (status, refreshed) = app
            .call(
                Method::POST,
                "/api/v1/admin/auth/refresh",
                None,
                Some(json!({"refresh_token": first_refresh})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{refreshed}");
        let second_refresh = refreshed["refresh_token"].as_str().unwrap().to_string();
        assert_ne!(first_refresh, second_refresh);
        let access = refreshed["access_token"].as_str().unwrap().to_string();
        assert_eq!(app.get("/api/v1/admin/me", &access).await.0, StatusCode::OK);

        // The old refresh token again, past the grace for a lost answer: refused, and the
        // session it belonged to ends.
        age_refreshes(&app);
        let (status, body) = app
            .call(
                Method::POST,
                "/api/v1/admin/auth/refresh",
                None,
                Some(json!({"refresh_token": first_refresh})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["code"], "unauthorized");
        let (status, _) = app
            .call(
                Method::POST,
                "/api/v1/admin/auth/refresh",
                None,
                Some(json!({"refresh_token": second_refresh})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "the whole session was revoked"
        );
        assert_eq!(
            app.get("/api/v1/admin/me", &access).await.0,
            StatusCode::UNAUTHORIZED
        );

        let (status, _) = app
            .call(
                Method::POST,
                "/api/v1/admin/auth/refresh",
                None,
                Some(json!({"refresh_token": "garbage"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let root = app.root_token().await;
        assert_eq!(app.audit(&root, "admin.session_revoked").await.len(), 1);
    }
);

both_backends!(logout_ends_the_access_and_refresh_tokens_at_once, |app| {
    let login = app.api_client_login(ROOT_EMAIL, ROOT_PASSWORD).await;
    let access = login["access_token"].as_str().unwrap();
    let refresh = login["refresh_token"].as_str().unwrap();
    let (status, _) = app
        .call(
            Method::POST,
            "/api/v1/admin/auth/logout",
            Some(access),
            Some(json!({"refresh_token": refresh})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/admin/me", access).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = app
        .call(
            Method::POST,
            "/api/v1/admin/auth/refresh",
            None,
            Some(json!({"refresh_token": refresh})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Without a body too.
    let other = app.root_token().await;
    assert_eq!(
        app.call(
            Method::POST,
            "/api/v1/admin/auth/logout",
            Some(&other),
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get("/api/v1/admin/me", &other).await.0,
        StatusCode::UNAUTHORIZED
    );
});

both_backends!(tokens_of_the_wrong_kind_or_tampered_get_401, |app| {
    let root = app.root_token().await;
    let me = app.get("/api/v1/admin/me", &root).await.1;
    let portal = app.state.jwt.issue(
        Audience::Portal,
        me["id"].as_str().unwrap(),
        "any-session",
        600,
    );
    let (status, body) = app.get("/api/v1/admin/me", &portal).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a portal token is not an admin token"
    );
    assert_eq!(body["code"], "unauthorized");

    let mut tampered = root.clone();
    tampered.pop();
    tampered.push(if root.ends_with('A') { 'B' } else { 'A' });
    assert_eq!(
        app.get("/api/v1/admin/me", &tampered).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/v1/admin/me", "lk_not-a-real-key").await.0,
        StatusCode::UNAUTHORIZED
    );
    let res = app
        .client
        .get(app.url("/api/v1/admin/me"))
        .header("authorization", format!("Basic {root}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
});

both_backends!(an_inactive_admin_is_signed_out_on_the_next_request, |app| {
    let root = app.root_token().await;
    let (id, token) = app.admin_with_role(&root, "operator").await;
    assert_eq!(app.get("/api/v1/admin/me", &token).await.0, StatusCode::OK);
    let (status, body) = app
        .call(
            Method::PATCH,
            &format!("/api/v1/admin/admins/{id}"),
            Some(&root),
            Some(json!({"status": "inactive"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        app.get("/api/v1/admin/me", &token).await.0,
        StatusCode::UNAUTHORIZED
    );
    let email = body["email"].as_str().unwrap();
    let (status, body) = app.login(email, PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "account_inactive");
    // Reactivated, the admin can sign in again (old sessions stay ended).
    app.call(
        Method::PATCH,
        &format!("/api/v1/admin/admins/{id}"),
        Some(&root),
        Some(json!({"status": "active"})),
    )
    .await;
    assert_eq!(
        app.get("/api/v1/admin/me", &token).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.login(email, PASSWORD).await.0, StatusCode::OK);
});

both_backends!(changing_the_password_ends_other_sessions, |app| {
    let other_session = app.root_token().await;
    let this_session = app.root_token().await;
    let new_password = "a-brand-new-password";
    let (status, body) = app
        .post(
            "/api/v1/admin/me/password",
            &this_session,
            json!({"current_password": "wrong", "new_password": new_password}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["current_password"].is_array());
    let (status, body) = app
        .post(
            "/api/v1/admin/me/password",
            &this_session,
            json!({"current_password": ROOT_PASSWORD, "new_password": "short"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["errors"]["new_password"][0]
            .as_str()
            .unwrap()
            .contains("at least 10"),
        "{body}"
    );
    let (status, _) = app
        .post(
            "/api/v1/admin/me/password",
            &this_session,
            json!({"current_password": ROOT_PASSWORD, "new_password": new_password}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/admin/me", &this_session).await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/admin/me", &other_session).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login(ROOT_EMAIL, ROOT_PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.login(ROOT_EMAIL, new_password).await.0, StatusCode::OK);
});

both_backends_with!(
    bootstrap_without_credentials_creates_admin_at_localhost_once,
    |backend| {
        let app = TestApp::spawn_with(backend, |s| {
            s.remove("LATCHKEY_ADMIN_EMAIL");
            s.remove("LATCHKEY_ADMIN_PASSWORD");
        })
        .await
        .unwrap();
        let mut conn = app.state.pool.get().unwrap();
        let admin = latchkey::admins::store::find_by_email(&mut conn, "admin@localhost")
            .unwrap()
            .expect("bootstrapped");
        assert_eq!(admin.role, "super_admin");
        assert!(
            admin.password_hash.starts_with("$2"),
            "stored as a bcrypt hash"
        );
        drop(conn);
        // A second process starting on the same database does not create another.
        let second = TestApp::spawn_on(app.db.clone(), |s| {
            s.remove("LATCHKEY_ADMIN_EMAIL");
            s.remove("LATCHKEY_ADMIN_PASSWORD");
        })
        .await;
        let mut conn = second.state.pool.get().unwrap();
        assert_eq!(
            latchkey::admins::store::count_active_super_admins(&mut conn).unwrap(),
            1
        );
    }
);

both_backends_with!(
    behind_a_trusted_proxy_the_forwarded_client_is_throttled,
    |backend| {
        let app = TestApp::spawn_with(backend, |s| {
            s.insert("LATCHKEY_TRUSTED_PROXIES".into(), "127.0.0.1".into());
        })
        .await
        .unwrap();
        let login = |email: String, client: &'static str| {
            let app = &app;
            async move {
                app.client
                    .post(app.url("/api/v1/admin/auth/login"))
                    .header("x-forwarded-for", format!("198.51.100.1, {client}"))
                    .json(&json!({"email": email, "password": "wrong"}))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        for i in 0..10 {
            assert_eq!(
                login(format!("a{i}@example.com"), "203.0.113.1").await,
                StatusCode::UNAUTHORIZED
            );
        }
        assert_eq!(
            login("b@example.com".into(), "203.0.113.1").await,
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            login("b@example.com".into(), "203.0.113.2").await,
            StatusCode::UNAUTHORIZED,
            "another client is not blocked"
        );
        let root = app.root_token().await;
        let failed = app.audit(&root, "admin.login_failed").await;
        assert_eq!(failed[0]["ip_address"], "203.0.113.2");
    }
);

/// Counts the sign-in attempts recorded for a throttle scope.
fn attempts(app: &TestApp, scope_name: &str) -> i64 {
    use diesel::prelude::*;
    use latchkey::schema::auth_failures::dsl::*;
    let mut conn = app.state.pool.get().unwrap();
    auth_failures
        .filter(scope.eq(scope_name.to_string()))
        .count()
        .get_result::<i64>(&mut conn)
        .unwrap()
}

/// 50 wrong passwords at once against a limit of 10: at most 10 are checked (each counted
/// before its bcrypt), the rest are refused unread, and the right password then waits too.
pub async fn a_parallel_burst_gets_no_more_than_the_limit(
    app: &TestApp,
    path: &str,
    email: &str,
    password: &str,
    scope_name: &str,
) {
    let guesses = (0..50).map(|i| {
        app.call(
            Method::POST,
            path,
            None,
            Some(json!({"email": email, "password": format!("wrong-{i}")})),
        )
    });
    let answers = futures::future::join_all(guesses).await;
    let evaluated = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = answers
        .iter()
        .filter(|(s, b)| *s == StatusCode::TOO_MANY_REQUESTS && b["code"] == "rate_limited")
        .count();
    assert_eq!(evaluated + refused, 50, "{answers:?}");
    assert!(evaluated <= 10, "{evaluated} passwords were checked");
    assert!(
        attempts(app, scope_name) <= 10,
        "{} failures recorded",
        attempts(app, scope_name)
    );
    let (status, body) = app
        .call(
            Method::POST,
            path,
            None,
            Some(json!({"email": email, "password": password})),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
}

both_backends!(a_parallel_burst_of_admin_guesses_is_capped, |app| {
    a_parallel_burst_gets_no_more_than_the_limit(
        &app,
        "/api/v1/admin/auth/login",
        ROOT_EMAIL,
        ROOT_PASSWORD,
        "admin_email",
    )
    .await;
});

both_backends!(wrong_current_passwords_are_throttled_like_sign_ins, |app| {
    let token = app.root_token().await;
    for i in 0..10 {
        let (status, body) = app
                .post(
                    "/api/v1/admin/me/password",
                    &token,
                    json!({"current_password": format!("guess-{i}"), "new_password": "a-brand-new-password"}),
                )
                .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["errors"]["current_password"].is_array());
    }
    let (status, body) = app
        .post(
            "/api/v1/admin/me/password",
            &token,
            json!({"current_password": ROOT_PASSWORD, "new_password": "a-brand-new-password"}),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(
        app.login(ROOT_EMAIL, "a-brand-new-password").await.0,
        StatusCode::TOO_MANY_REQUESTS,
        "the guesses count for sign-in too, and the password did not change"
    );
});

// Browsers: the refresh token lives in an HttpOnly cookie; the answer's body never holds it.
both_backends!(
    browsers_get_the_refresh_token_in_a_strict_http_only_cookie,
    |app| {
        let login = app
            .send(
                Method::POST,
                "/api/v1/admin/auth/login",
                None,
                Some(json!({"email": ROOT_EMAIL, "password": ROOT_PASSWORD})),
            )
            .await;
        assert_eq!(login.status(), StatusCode::OK);
        let cookie = set_cookie(&login, "latchkey_admin_refresh").expect("refresh cookie");
        assert!(
            cookie.contains("; Path=/api/v1/admin/auth;")
                && cookie.contains("; HttpOnly; SameSite=Strict")
                && !cookie.contains("Secure"),
            "{cookie}"
        );
        let body: Value = login.json().await.unwrap();
        assert!(body.get("refresh_token").is_none(), "{body}");
        let access = body["access_token"].as_str().unwrap().to_string();
        let token = cookie_value(&cookie);

        let refresh = |token: String, csrf: bool| {
            let app = &app;
            async move {
                let mut req = app
                    .client
                    .post(app.url("/api/v1/admin/auth/refresh"))
                    .header("cookie", format!("latchkey_admin_refresh={token}"))
                    .json(&json!({}));
                if csrf {
                    req = req.header("x-latchkey-csrf", "1");
                }
                req.send().await.unwrap()
            }
        };
        // CSRF: the cookie alone is not enough, nor is a form body.
        let res = refresh(token.clone(), false).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let form = app
            .client
            .post(app.url("/api/v1/admin/auth/refresh"))
            .header("cookie", format!("latchkey_admin_refresh={token}"))
            .header("x-latchkey-csrf", "1")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("refresh_token=")
            .send()
            .await
            .unwrap();
        assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

        let res = refresh(token.clone(), true).await;
        assert_eq!(res.status(), StatusCode::OK);
        let rotated = cookie_value(&set_cookie(&res, "latchkey_admin_refresh").unwrap());
        assert_ne!(rotated, token);
        let body: Value = res.json().await.unwrap();
        assert!(body.get("refresh_token").is_none());
        let renewed = body["access_token"].as_str().unwrap().to_string();
        assert_eq!(
            app.get("/api/v1/admin/me", &renewed).await.0,
            StatusCode::OK
        );

        // The retired cookie again, past the grace for a lost answer: refused, the cookie
        // cleared, the session ended.
        age_refreshes(&app);
        let res = refresh(token, true).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let cleared = set_cookie(&res, "latchkey_admin_refresh").unwrap();
        assert!(cleared.starts_with("latchkey_admin_refresh=;") && cleared.contains("Max-Age=0"));
        assert_eq!(
            refresh(rotated, true).await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.get("/api/v1/admin/me", &access).await.0,
            StatusCode::UNAUTHORIZED
        );

        // Sign-out clears the cookie.
        let token = app.root_token().await;
        let res = app
            .send(
                Method::POST,
                "/api/v1/admin/auth/logout",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert!(set_cookie(&res, "latchkey_admin_refresh")
            .unwrap()
            .contains("Max-Age=0"));
    }
);

both_backends_with!(behind_https_the_cookie_is_secure, |backend| {
    let app = TestApp::spawn_with(backend, |s| {
        s.insert(
            "LATCHKEY_PUBLIC_URL".into(),
            "https://licenses.example.com".into(),
        );
    })
    .await
    .unwrap();
    let res = app
        .send(
            Method::POST,
            "/api/v1/admin/auth/login",
            None,
            Some(json!({"email": ROOT_EMAIL, "password": ROOT_PASSWORD})),
        )
        .await;
    let cookie = set_cookie(&res, "latchkey_admin_refresh").unwrap();
    assert!(cookie.ends_with("; Secure"), "{cookie}");
    assert!(res.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
});

/// Turns two-factor on for the root admin, early in a 30 s step so the next codes are
/// still accepted: the secret.
async fn root_two_factor_on(app: &TestApp, root: &str) -> Vec<u8> {
    use latchkey::auth::totp::current_code;
    let (_, setup) = app
        .call(Method::POST, "/api/v1/admin/me/2fa/setup", Some(root), None)
        .await;
    let secret = totp_rs::Secret::Encoded(setup["secret"].as_str().unwrap().to_string())
        .to_bytes()
        .unwrap();
    let now = || chrono::Utc::now().timestamp();
    if now() % 30 > 20 {
        actix_web::rt::time::sleep(std::time::Duration::from_secs((31 - now() % 30) as u64)).await;
    }
    // The previous step's code, so the current one stays unused.
    let (status, body) = app
        .post(
            "/api/v1/admin/me/2fa/enable",
            root,
            json!({"code": current_code(&secret, ROOT_EMAIL, (now() - 30) as u64)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    secret
}

both_backends!(one_admin_totp_code_signs_in_once_under_a_race, |app| {
    use latchkey::auth::totp::current_code;
    let root = app.root_token().await;
    let secret = root_two_factor_on(&app, &root).await;
    let now = || chrono::Utc::now().timestamp();
    let code = current_code(&secret, ROOT_EMAIL, now() as u64);
    let login = || {
        app.call(
            Method::POST,
            "/api/v1/admin/auth/login",
            None,
            Some(json!({"email": ROOT_EMAIL, "password": ROOT_PASSWORD, "totp_code": code})),
        )
    };
    let answers = futures::future::join_all((0..6).map(|_| login())).await;
    let ok = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    assert_eq!(ok, 1, "{answers:?}");
    assert!(answers
        .iter()
        .filter(|(s, _)| *s != StatusCode::OK)
        .all(|(_, b)| b["code"] == "invalid_totp"));
});

both_backends!(
    wrong_codes_to_turn_admin_two_factor_off_are_throttled,
    |app| {
        use latchkey::auth::totp::current_code;
        let root = app.root_token().await;
        let secret = root_two_factor_on(&app, &root).await;
        let now = || chrono::Utc::now().timestamp();
        for _ in 0..10 {
            let (status, body) = app
                .post(
                    "/api/v1/admin/me/2fa/disable",
                    &root,
                    json!({"code": "000000"}),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        }
        let (status, body) = app
            .post(
                "/api/v1/admin/me/2fa/disable",
                &root,
                json!({"code": current_code(&secret, ROOT_EMAIL, now() as u64)}),
            )
            .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        let (_, me) = app.get("/api/v1/admin/me", &root).await;
        assert_eq!(me["two_factor_enabled"], true, "still on");
    }
);

both_backends!(
    a_refresh_whose_answer_was_lost_can_be_repeated_briefly,
    |app| {
        let login = app.api_client_login(ROOT_EMAIL, ROOT_PASSWORD).await;
        let first = login["refresh_token"].as_str().unwrap().to_string();
        let refresh = |token: String| {
            let app = &app;
            async move {
                app.call(
                    Method::POST,
                    "/api/v1/admin/auth/refresh",
                    None,
                    Some(json!({"refresh_token": token})),
                )
                .await
            }
        };
        let (status, lost) = refresh(first.clone()).await;
        assert_eq!(status, StatusCode::OK);
        let lost = lost["refresh_token"].as_str().unwrap().to_string();
        // The client never saw `lost` (a reload mid-refresh) and sends `first` again.
        let (status, again) = refresh(first.clone()).await;
        assert_eq!(status, StatusCode::OK, "{again}");
        let current = again["refresh_token"].as_str().unwrap().to_string();
        assert_ne!(current, lost);
        assert_eq!(
            refresh(lost).await.0,
            StatusCode::UNAUTHORIZED,
            "the lost one is void"
        );
        let (status, next) = refresh(current).await;
        assert_eq!(status, StatusCode::OK, "the session goes on: {next}");
        let root = app.root_token().await;
        assert!(app.audit(&root, "admin.session_revoked").await.is_empty());
        // Later, the same token is a copy: the session ends.
        age_refreshes(&app);
        let (status, _) = refresh(next["refresh_token"].as_str().unwrap().to_string()).await;
        assert_eq!(status, StatusCode::OK);
        age_refreshes(&app);
        let (status, _) = refresh(first).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
);
