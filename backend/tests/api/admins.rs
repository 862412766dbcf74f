use crate::*;

both_backends!(super_admins_create_admins_with_generated_passwords, |app| {
    let root = app.root_token().await;
    let (status, body) = app
        .post(
            "/api/v1/admin/admins",
            &root,
            json!({"email": "  Sam@Example.COM ", "role": "operator"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["admin"]["email"], "sam@example.com");
    assert_eq!(body["admin"]["name"], Value::Null);
    assert_eq!(body["admin"]["role"], "operator");
    assert_eq!(body["admin"]["status"], "active");
    let generated = body["generated_password"].as_str().unwrap();
    assert!(generated.len() >= 16);
    assert_eq!(
        app.login("sam@example.com", generated).await.0,
        StatusCode::OK
    );

    let id = body["admin"]["id"].as_str().unwrap();
    let (status, fetched) = app.get(&format!("/api/v1/admin/admins/{id}"), &root).await;
    assert_eq!(status, StatusCode::OK);
    assert!(fetched.get("generated_password").is_none(), "shown once");

    let (status, body) = app
        .post(
            "/api/v1/admin/admins",
            &root,
            json!({"email": "sam@example.com", "role": "viewer"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "email_taken");

    let (status, body) = app
        .post(
            "/api/v1/admin/admins",
            &root,
            json!({"email": "not-an-email", "role": "viewer"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["email"].is_array());
    let (status, body) = app
        .post(
            "/api/v1/admin/admins",
            &root,
            json!({"email": "x@example.com", "role": "emperor"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["role"].is_array(), "{body}");
    let (status, body) = app
        .post(
            "/api/v1/admin/admins",
            &root,
            json!({"email": "x@example.com", "role": "viewer", "password": "short"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["password"].is_array());

    let created = app.audit(&root, "admin.created").await;
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["after"]["email"], "sam@example.com");
    assert!(
        created[0]["after"].get("password_hash").is_none(),
        "no secrets in the trail"
    );
});

both_backends!(email_is_immutable_and_names_can_be_cleared, |app| {
    let root = app.root_token().await;
    let (id, _) = app.admin_with_role(&root, "viewer").await;
    let path = format!("/api/v1/admin/admins/{id}");
    let (status, body) = app
        .call(
            Method::PATCH,
            &path,
            Some(&root),
            Some(json!({"email": "new@example.com"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["email"][0]
        .as_str()
        .unwrap()
        .contains("immutable"));

    let (status, body) = app
        .call(
            Method::PATCH,
            &path,
            Some(&root),
            Some(json!({"name": "Vera Viewer", "role": "admin"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["name"], "Vera Viewer");
    assert_eq!(body["role"], "admin");
    let (_, body) = app
        .call(
            Method::PATCH,
            &path,
            Some(&root),
            Some(json!({"name": null})),
        )
        .await;
    assert_eq!(body["name"], Value::Null);
    assert_eq!(body["role"], "admin", "absent fields are unchanged");

    let updated = app.audit(&root, "admin.updated").await;
    assert_eq!(updated[1]["before"]["role"], "viewer");
    assert_eq!(updated[1]["after"]["role"], "admin");

    let (status, _) = app
        .call(
            Method::PATCH,
            "/api/v1/admin/admins/no-such-id",
            Some(&root),
            Some(json!({"name": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
});

both_backends!(
    the_last_super_admin_cannot_be_demoted_deactivated_or_deleted,
    |app| {
        let root = app.root_token().await;
        let root_id = app.get("/api/v1/admin/me", &root).await.1["id"]
            .as_str()
            .unwrap()
            .to_string();
        let path = format!("/api/v1/admin/admins/{root_id}");
        for change in [json!({"role": "admin"}), json!({"status": "inactive"})] {
            let (status, body) = app
                .call(Method::PATCH, &path, Some(&root), Some(change))
                .await;
            assert_eq!(status, StatusCode::CONFLICT, "{body}");
            assert!(body["detail"]
                .as_str()
                .unwrap()
                .contains("last active super admin"));
        }
        let (status, body) = app.call(Method::DELETE, &path, Some(&root), None).await;
        assert_eq!(status, StatusCode::CONFLICT, "not yourself: {body}");

        // With a second super admin, the first can step down, and then the second is protected.
        let (second_id, second) = app.admin_with_role(&root, "super_admin").await;
        let (status, _) = app
            .call(
                Method::PATCH,
                &path,
                Some(&second),
                Some(json!({"role": "admin"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = app
            .call(
                Method::DELETE,
                &format!("/api/v1/admin/admins/{second_id}"),
                Some(&second),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, _) = app.call(Method::DELETE, &path, Some(&second), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(app.get(&path, &second).await.0, StatusCode::NOT_FOUND);
        assert_eq!(
            app.get("/api/v1/admin/me", &root).await.0,
            StatusCode::UNAUTHORIZED,
            "a deleted admin's token stops"
        );
    }
);

both_backends!(concurrent_demotions_leave_one_super_admin, |app| {
    let root = app.root_token().await;
    let root_id = app.get("/api/v1/admin/me", &root).await.1["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (second_id, second) = app.admin_with_role(&root, "super_admin").await;
    // Each demotes the other at the same moment: exactly one change can win.
    let (path_a, path_b) = (
        format!("/api/v1/admin/admins/{second_id}"),
        format!("/api/v1/admin/admins/{root_id}"),
    );
    let a = app.call(
        Method::PATCH,
        &path_a,
        Some(&root),
        Some(json!({"role": "viewer"})),
    );
    let b = app.call(
        Method::PATCH,
        &path_b,
        Some(&second),
        Some(json!({"role": "viewer"})),
    );
    let ((sa, _), (sb, _)) = futures::join!(a, b);
    let mut statuses = [sa, sb];
    statuses.sort();
    assert!(
        statuses == [StatusCode::OK, StatusCode::FORBIDDEN]
            || statuses == [StatusCode::OK, StatusCode::CONFLICT],
        "{statuses:?}"
    );
    let mut conn = app.state.pool.get().unwrap();
    assert_eq!(
        latchkey::admins::store::count_active_super_admins(&mut conn).unwrap(),
        1
    );
});

both_backends!(list_searches_sorts_and_pages, |app| {
    let root = app.root_token().await;
    for (email, name) in [
        ("zoe@acme.io", Some("Zoe Zed")),
        ("adam@acme.io", Some("adam apple")),
        ("nameless@other.io", None),
    ] {
        let mut body = json!({"email": email, "role": "viewer"});
        if let Some(n) = name {
            body["name"] = json!(n);
        }
        assert_eq!(
            app.post("/api/v1/admin/admins", &root, body).await.0,
            StatusCode::CREATED
        );
    }
    let emails = |v: &Value| {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["email"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };

    let (_, body) = app.get("/api/v1/admin/admins?search=ACME", &root).await;
    assert_eq!(emails(&body), ["adam@acme.io", "zoe@acme.io"]);
    assert_eq!(
        body["meta"],
        json!({"page": 1, "per_page": 25, "total": 2, "total_pages": 1})
    );
    let (_, body) = app.get("/api/v1/admin/admins?search=apple", &root).await;
    assert_eq!(
        emails(&body),
        ["adam@acme.io"],
        "name matches too, case-insensitively"
    );
    let (_, body) = app.get("/api/v1/admin/admins?search=%25", &root).await;
    assert_eq!(body["meta"]["total"], 0, "LIKE wildcards are literal");

    // Missing names sort last both ways; the root admin has no name either.
    let (_, body) = app.get("/api/v1/admin/admins?sort=name", &root).await;
    let names: Vec<Value> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].clone())
        .collect();
    assert_eq!(names[..2], [json!("adam apple"), json!("Zoe Zed")]);
    assert!(names[2..].iter().all(Value::is_null));
    let (_, body) = app.get("/api/v1/admin/admins?sort=-name", &root).await;
    let names: Vec<Value> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].clone())
        .collect();
    assert_eq!(names[..2], [json!("Zoe Zed"), json!("adam apple")]);
    assert!(names[2..].iter().all(Value::is_null));

    let (_, body) = app
        .get("/api/v1/admin/admins?sort=-email&per_page=2&page=2", &root)
        .await;
    assert_eq!(emails(&body), ["nameless@other.io", "adam@acme.io"]);
    assert_eq!(body["meta"]["total"], 4);
    assert_eq!(body["meta"]["total_pages"], 2);

    let (_, body) = app
        .get("/api/v1/admin/admins?role=super_admin", &root)
        .await;
    assert_eq!(emails(&body), [ROOT_EMAIL]);
});
