use crate::*;

both_backends!(
    api_keys_are_shown_once_stored_hashed_and_work_within_their_role,
    |app| {
        let root = app.root_token().await;
        let (status, created) = app
            .post(
                "/api/v1/admin/api-keys",
                &root,
                json!({"name": "CI deploys", "role": "operator"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let secret = created["secret"].as_str().unwrap().to_string();
        assert!(secret.starts_with("lk_") && secret.len() == 43, "{secret}");
        assert_eq!(created["api_key"]["prefix"], &secret[..11]);
        assert_eq!(created["api_key"]["status"], "active");

        let (_, list) = app.get("/api/v1/admin/api-keys", &root).await;
        let listed = &list["data"][0];
        assert_eq!(listed["name"], "CI deploys");
        assert_eq!(listed["role"], "operator");
        assert!(
            listed.get("secret").is_none() && !list.to_string().contains(&secret[11..]),
            "the secret is never listed"
        );

        let mut conn = app.state.pool.get().unwrap();
        let row = latchkey::api_keys::store::find(&mut conn, listed["id"].as_str().unwrap())
            .unwrap()
            .unwrap();
        assert_ne!(row.key_hash, secret);
        assert_eq!(row.key_hash, latchkey::crypto::sha256_hex(&secret));
        drop(conn);

        // An operator key reads, and is refused what needs more.
        let (status, me) = app.get("/api/v1/admin/audit-events", &secret).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "audit needs admin: {me}");
        let (status, body) = app
            .post(
                "/api/v1/admin/admins",
                &secret,
                json!({"email": "x@example.com", "role": "viewer"}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(body["code"], "forbidden");
        let (status, body) = app.get("/api/v1/admin/me", &secret).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "an API key has no account: {body}"
        );

        let (_, admin_key) = app.api_key_with_role(&root, "admin").await;
        let (status, _) = app.get("/api/v1/admin/audit-events", &admin_key).await;
        assert_eq!(status, StatusCode::OK);
        let (_, fetched) = app
            .get(
                &format!("/api/v1/admin/api-keys/{}", listed["id"].as_str().unwrap()),
                &root,
            )
            .await;
        assert!(
            fetched["last_used_at"].is_string(),
            "use is recorded: {fetched}"
        );
    }
);

both_backends!(a_revoked_api_key_gets_401_at_once, |app| {
    let root = app.root_token().await;
    let (id, secret) = app.api_key_with_role(&root, "admin").await;
    assert_eq!(
        app.get("/api/v1/admin/api-keys", &secret).await.0,
        StatusCode::OK
    );
    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("/api/v1/admin/api-keys/{id}"),
            Some(&root),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = app.get("/api/v1/admin/api-keys", &secret).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "unauthorized");
    let (status, body) = app
        .call(
            Method::DELETE,
            &format!("/api/v1/admin/api-keys/{id}"),
            Some(&root),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "invalid_transition");

    let (_, list) = app.get("/api/v1/admin/api-keys", &root).await;
    assert_eq!(
        list["meta"]["total"], 0,
        "revoked keys are hidden by default"
    );
    let (_, list) = app
        .get("/api/v1/admin/api-keys?include_revoked=true", &root)
        .await;
    assert_eq!(list["data"][0]["status"], "revoked");
    let revoked = app.audit(&root, "api_key.revoked").await;
    assert_eq!(revoked[0]["before"]["status"], "active");
    assert_eq!(revoked[0]["after"]["status"], "revoked");
});

both_backends!(api_key_roles_and_expiry_are_validated, |app| {
    let root = app.root_token().await;
    let (_, admin_token) = app.admin_with_role(&root, "admin").await;
    let (status, body) = app
        .post(
            "/api/v1/admin/api-keys",
            &admin_token,
            json!({"name": "too strong", "role": "super_admin"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["role"][0]
        .as_str()
        .unwrap()
        .contains("higher than your own"));
    let (status, body) = app
        .post(
            "/api/v1/admin/api-keys",
            &admin_token,
            json!({"name": "old", "role": "viewer", "expires_at": "2020-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["expires_at"].is_array());
    let (status, body) = app
        .post(
            "/api/v1/admin/api-keys",
            &admin_token,
            json!({"name": "", "role": "viewer"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["name"].is_array());
    let (status, body) = app
        .post(
            "/api/v1/admin/api-keys",
            &admin_token,
            json!({"name": "x", "role": "viewer", "expires_at": "tomorrow"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["expires_at"].is_array(), "{body}");

    // A key that expires stops working by itself.
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(2)).to_rfc3339();
    let (status, body) = app
        .post(
            "/api/v1/admin/api-keys",
            &root,
            json!({"name": "brief", "role": "viewer", "expires_at": soon}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let secret = body["secret"].as_str().unwrap();
    assert_eq!(
        app.get("/api/v1/admin/audit-events", secret).await.0,
        StatusCode::FORBIDDEN,
        "valid but a viewer"
    );
    actix_web::rt::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(
        app.get("/api/v1/admin/audit-events", secret).await.0,
        StatusCode::UNAUTHORIZED
    );
});

both_backends!(keys_follow_their_creator_deactivated_or_deleted, |app| {
    let root = app.root_token().await;
    let (admin_id, admin_token) = app.admin_with_role(&root, "admin").await;
    let (_, key) = app.api_key_with_role(&admin_token, "viewer").await;
    let (_, second_key) = app.api_key_with_role(&admin_token, "viewer").await;
    assert_eq!(
        app.get("/api/v1/admin/me", &key).await.0,
        StatusCode::FORBIDDEN,
        "a live viewer key"
    );

    let path = format!("/api/v1/admin/admins/{admin_id}");
    app.call(
        Method::PATCH,
        &path,
        Some(&root),
        Some(json!({"status": "inactive"})),
    )
    .await;
    assert_eq!(
        app.get("/api/v1/admin/me", &key).await.0,
        StatusCode::UNAUTHORIZED,
        "suspended with its creator"
    );
    app.call(
        Method::PATCH,
        &path,
        Some(&root),
        Some(json!({"status": "active"})),
    )
    .await;
    assert_eq!(
        app.get("/api/v1/admin/me", &key).await.0,
        StatusCode::FORBIDDEN,
        "back with its creator"
    );

    assert_eq!(
        app.call(Method::DELETE, &path, Some(&root), None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get("/api/v1/admin/me", &key).await.0,
        StatusCode::UNAUTHORIZED,
        "revoked with its creator"
    );
    assert_eq!(
        app.get("/api/v1/admin/me", &second_key).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (_, list) = app
        .get("/api/v1/admin/api-keys?include_revoked=true", &root)
        .await;
    let revoked = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["status"] == "revoked")
        .count();
    assert_eq!(revoked, 2);
    assert_eq!(app.audit(&root, "api_key.revoked").await.len(), 2);
});

both_backends!(keys_cannot_make_keys_and_belong_to_their_owner, |app| {
    let root = app.root_token().await;
    let root_id = app.get("/api/v1/admin/me", &root).await.1["id"].clone();
    let (status, created) = app
        .post(
            "/api/v1/admin/api-keys",
            &root,
            json!({"name": "deploys", "role": "super_admin"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["api_key"]["created_by"], root_id);
    assert_eq!(created["api_key"]["effective_role"], "super_admin");
    let key = created["secret"].as_str().unwrap();
    let (status, body) = app
        .post(
            "/api/v1/admin/api-keys",
            key,
            json!({"name": "minted by a key", "role": "viewer"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body["detail"]
        .as_str()
        .unwrap()
        .contains("cannot create API keys"));
    let (_, list) = app
        .get("/api/v1/admin/api-keys?include_revoked=true", &root)
        .await;
    assert_eq!(list["meta"]["total"], 1, "nothing was made: {list}");
});

both_backends!(a_key_never_acts_with_more_than_its_owner_holds_now, |app| {
    let root = app.root_token().await;
    let (owner, owner_token) = app.admin_with_role(&root, "super_admin").await;
    let (key_id, key) = app.api_key_with_role(&owner_token, "super_admin").await;
    let (target, _) = app.admin_with_role(&root, "viewer").await;
    let patch = |change: Value| {
        let app = &app;
        let path = format!("/api/v1/admin/admins/{target}");
        let key = key.clone();
        async move {
            app.call(Method::PATCH, &path, Some(&key), Some(change))
                .await
        }
    };
    let promote = |role: &'static str| patch(json!({"role": role}));
    // A live super admin key does super admin work (promoting stays with signed-in super
    // admins: see a_key_cannot_make_accounts_or_mail_routes_that_outlive_it).
    assert_eq!(patch(json!({"name": "Renamed"})).await.0, StatusCode::OK);

    // The owner is demoted: the key is lowered at once, on the next request.
    let owner_path = format!("/api/v1/admin/admins/{owner}");
    app.call(
        Method::PATCH,
        &owner_path,
        Some(&root),
        Some(json!({"role": "viewer"})),
    )
    .await;
    let (status, body) = promote("super_admin").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("you have `viewer`"),
        "{body}"
    );
    let (status, body) = patch(json!({"name": "Again"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(
        app.get(&format!("/api/v1/admin/admins/{target}"), &root)
            .await
            .1["role"],
        "viewer",
        "nobody was promoted"
    );
    assert_eq!(
        app.get("/api/v1/admin/licenses", &key).await.0,
        StatusCode::OK,
        "still a viewer"
    );
    let (_, shown) = app
        .get(&format!("/api/v1/admin/api-keys/{key_id}"), &root)
        .await;
    assert_eq!(
        (shown["role"].as_str(), shown["effective_role"].as_str()),
        (Some("super_admin"), Some("viewer"))
    );

    // Deactivated: suspended. Reactivated (as admin): back, as an admin.
    app.call(
        Method::PATCH,
        &owner_path,
        Some(&root),
        Some(json!({"status": "inactive"})),
    )
    .await;
    assert_eq!(
        app.get("/api/v1/admin/licenses", &key).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (_, shown) = app
        .get(&format!("/api/v1/admin/api-keys/{key_id}"), &root)
        .await;
    assert_eq!(shown["status"], "suspended");
    app.call(
        Method::PATCH,
        &owner_path,
        Some(&root),
        Some(json!({"status": "active", "role": "admin"})),
    )
    .await;
    assert_eq!(
        app.get("/api/v1/admin/audit-events", &key).await.0,
        StatusCode::OK
    );
    assert_eq!(promote("admin").await.0, StatusCode::FORBIDDEN);

    // Deleted: revoked for good.
    assert_eq!(
        app.call(Method::DELETE, &owner_path, Some(&root), None)
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get("/api/v1/admin/licenses", &key).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (_, shown) = app
        .get(&format!("/api/v1/admin/api-keys/{key_id}"), &root)
        .await;
    assert_eq!(shown["status"], "revoked");
});

both_backends!(an_admin_cannot_see_or_revoke_a_super_admins_keys, |app| {
    let root = app.root_token().await;
    let (root_key, _) = app.api_key_with_role(&root, "viewer").await;
    let (_, admin_token) = app.admin_with_role(&root, "admin").await;
    let (own_key, _) = app.api_key_with_role(&admin_token, "viewer").await;
    let (_, peer_token) = app.admin_with_role(&root, "admin").await;
    let (peer_key, _) = app.api_key_with_role(&peer_token, "operator").await;

    let (_, list) = app.get("/api/v1/admin/api-keys", &admin_token).await;
    let ids: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&own_key.as_str()) && ids.contains(&peer_key.as_str()));
    assert!(
        !ids.contains(&root_key.as_str()),
        "a super admin's key is hidden"
    );
    assert_eq!(list["meta"]["total"], 2);

    let path = format!("/api/v1/admin/api-keys/{root_key}");
    let (status, body) = app.get(&path, &admin_token).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = app
        .call(Method::DELETE, &path, Some(&admin_token), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&path, &root).await.1["status"],
        "active",
        "still live"
    );

    // A peer's key (same role) may be revoked, e.g. when it leaked.
    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("/api/v1/admin/api-keys/{peer_key}"),
            Some(&admin_token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // The super admin sees everything.
    let (_, list) = app
        .get("/api/v1/admin/api-keys?include_revoked=true", &root)
        .await;
    assert_eq!(list["meta"]["total"], 3);
});

both_backends!(
    a_key_cannot_make_accounts_or_mail_routes_that_outlive_it,
    |app| {
        let root = app.root_token().await;
        let (_, key) = app.api_key_with_role(&root, "super_admin").await;
        let (status, body) = app
            .post(
                "/api/v1/admin/admins",
                &key,
                json!({"email": "sleeper@example.com", "role": "super_admin"}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let (target, _) = app.admin_with_role(&root, "viewer").await;
        let path = format!("/api/v1/admin/admins/{target}");
        for change in [
            json!({"role": "super_admin"}),
            json!({"status": "inactive"}),
        ] {
            let (status, body) = app
                .call(Method::PATCH, &path, Some(&key), Some(change.clone()))
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{change}: {body}");
        }
        let (status, body) = app
            .call(
                Method::PATCH,
                &path,
                Some(&key),
                Some(json!({"name": "Renamed"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "a key may still rename: {body}");
        let (status, _) = app
            .call(
                Method::PUT,
                "/api/v1/admin/settings/email",
                Some(&key),
                Some(
                    json!({"host": "mail.attacker.example", "port": 25, "tls": "none",
                            "from_address": "x@attacker.example"}),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.get("/api/v1/admin/settings/email", &key).await.0,
            StatusCode::OK,
            "reading them stays open to the role"
        );
    }
);

both_backends!(view_as_customer_ends_when_its_admin_is_demoted, |app| {
    let root = app.root_token().await;
    let (_, p) = app
        .post("/api/v1/admin/products", &root, json!({"name": "Viewable"}))
        .await;
    let (_, l) = app
        .post(
            "/api/v1/admin/licenses",
            &root,
            json!({"product_id": p["id"]}),
        )
        .await;
    let (_, l) = app
        .post(
            &format!(
                "/api/v1/admin/licenses/{}/assign",
                l["id"].as_str().unwrap()
            ),
            &root,
            json!({"email": "watched@example.com"}),
        )
        .await;
    let customer = l["customer_id"].as_str().unwrap().to_string();
    let (support, support_token) = app.admin_with_role(&root, "admin").await;
    let (_, key) = app.api_key_with_role(&support_token, "admin").await;
    let mut views = Vec::new();
    for token in [&support_token, &key] {
        let (status, imp) = app
            .post(
                &format!("/api/v1/admin/customers/{customer}/impersonate"),
                token,
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{imp}");
        views.push(imp["token"].as_str().unwrap().to_string());
    }
    for view in &views {
        assert_eq!(app.get("/api/v1/portal/me", view).await.0, StatusCode::OK);
    }
    // Demoted to viewer (who may not view as a customer): both sessions end at once.
    app.call(
        Method::PATCH,
        &format!("/api/v1/admin/admins/{support}"),
        Some(&root),
        Some(json!({"role": "viewer"})),
    )
    .await;
    for view in &views {
        assert_eq!(
            app.get("/api/v1/portal/me", view).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
});
