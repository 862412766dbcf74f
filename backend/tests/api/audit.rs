use diesel::RunQueryDsl;

use crate::*;

both_backends!(sign_ins_and_changes_are_in_the_audit_trail, |app| {
    app.login(ROOT_EMAIL, "wrong-password").await;
    app.login("ghost@example.com", "wrong-password").await;
    let root = app.root_token().await;
    let (key_id, _) = app.api_key_with_role(&root, "viewer").await;

    let failed = app.audit(&root, "admin.login_failed").await;
    assert_eq!(failed.len(), 2);
    assert_eq!(failed[0]["actor_kind"], "anonymous");
    assert_eq!(failed[0]["after"]["reason"], "unknown_email");
    assert_eq!(failed[1]["actor_kind"], "admin");
    assert_eq!(failed[1]["after"]["reason"], "wrong_password");
    assert!(failed[1]["ip_address"]
        .as_str()
        .unwrap()
        .starts_with("127.0.0.1"));
    assert!(failed[1]["request_id"].is_string());

    let logins = app.audit(&root, "admin.login").await;
    assert_eq!(logins.len(), 1);
    assert_eq!(
        logins[0]["actor_name"], ROOT_EMAIL,
        "names are joined in when read"
    );

    let created = app.audit(&root, "api_key.created").await;
    assert_eq!(created[0]["subject_type"], "api_key");
    assert_eq!(created[0]["subject_id"], key_id.as_str());

    app.call(Method::POST, "/api/v1/admin/auth/logout", Some(&root), None)
        .await;
    let root = app.root_token().await;
    assert_eq!(app.audit(&root, "admin.logout").await.len(), 1);
});

both_backends!(audit_events_filter_by_actor_subject_and_time, |app| {
    let root = app.root_token().await;
    let me = app.get("/api/v1/admin/me", &root).await.1;
    let root_id = me["id"].as_str().unwrap();
    let (key_id, key) = app.api_key_with_role(&root, "admin").await;
    let (status, _) = app
        .post(
            "/api/v1/admin/products",
            &key,
            json!({"name": "Made by a key"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let (_, by_key) = app
        .get(
            &format!("/api/v1/admin/audit-events?actor_kind=api_key&actor_id={key_id}"),
            &root,
        )
        .await;
    assert_eq!(by_key["meta"]["total"], 1);
    assert_eq!(by_key["data"][0]["actor_name"], "admin key");

    let (_, by_root) = app
        .get(
            &format!("/api/v1/admin/audit-events?actor_id={root_id}"),
            &root,
        )
        .await;
    assert!(by_root["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["actor_id"] == root_id));

    let (_, subject) = app
        .get(
            &format!("/api/v1/admin/audit-events?subject_type=api_key&subject_id={key_id}"),
            &root,
        )
        .await;
    assert_eq!(subject["meta"]["total"], 1);

    let future = (chrono::Utc::now() + chrono::Duration::hours(1))
        .to_rfc3339()
        .replace('+', "%2B");
    let (_, none) = app
        .get(&format!("/api/v1/admin/audit-events?since={future}"), &root)
        .await;
    assert_eq!(none["meta"]["total"], 0);
    let (_, all) = app
        .get(
            &format!("/api/v1/admin/audit-events?until={future}&sort=occurred_at"),
            &root,
        )
        .await;
    let actions: Vec<&str> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions.first(),
        Some(&"admin.bootstrapped"),
        "oldest first when asked: {actions:?}"
    );

    let (status, body) = app
        .get("/api/v1/admin/audit-events?since=yesterday", &root)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["since"].is_array());
    let (status, _) = app
        .get("/api/v1/admin/audit-events?actor_kind=robot", &root)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
});

both_backends!(the_audit_trail_cannot_be_edited_or_deleted, |app| {
    let root = app.root_token().await;
    let event = app.audit(&root, "admin.login").await[0].clone();
    let id = event["id"].as_str().unwrap();
    for method in [Method::DELETE, Method::PATCH, Method::PUT] {
        let (status, _) = app
            .call(
                method.clone(),
                &format!("/api/v1/admin/audit-events/{id}"),
                Some(&root),
                Some(json!({})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method}");
    }
    // Not even with direct SQL.
    let mut conn = app.state.pool.get().unwrap();
    let update =
        diesel::sql_query("UPDATE audit_events SET action = 'tampered'").execute(&mut *conn);
    assert!(update.is_err(), "UPDATE refused");
    let delete = diesel::sql_query("DELETE FROM audit_events").execute(&mut *conn);
    assert!(delete.is_err(), "DELETE refused");
    drop(conn);
    assert_eq!(app.audit(&root, "admin.login").await.len(), 1);
});
