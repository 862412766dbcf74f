use crate::*;

both_backends!(health_readiness_and_request_ids, |app| {
    let res = app.send(Method::GET, "/healthz", None, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let generated = res.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(
        uuid::Uuid::parse_str(&generated).is_ok(),
        "generated id is a UUID: {generated}"
    );

    let res = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "trace-abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["x-request-id"],
        "trace-abc-123",
        "a caller's request id is echoed"
    );

    let (status, body) = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ready");
    let expected = if app.db.url.starts_with("sqlite") {
        "sqlite"
    } else {
        "postgres"
    };
    assert_eq!(body["database"], expected);
});

both_backends!(metrics_count_requests_by_route_and_status, |app| {
    let token = app.root_token().await;
    app.get("/api/v1/admin/me", &token).await;
    app.call(Method::GET, "/api/v1/admin/me", None, None).await;
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains(
            r#"latchkey_http_requests_total{method="GET",route="/api/v1/admin/me",status="200"} 1"#
        ),
        "{text}"
    );
    assert!(text.contains(
        r#"latchkey_http_requests_total{method="GET",route="/api/v1/admin/me",status="401"} 1"#
    ));
    assert!(text.contains("latchkey_http_request_duration_seconds_bucket"));
});

both_backends!(bad_input_gets_problem_documents_naming_the_field, |app| {
    let login = app.url("/api/v1/admin/auth/login");

    let res = app
        .client
        .post(&login)
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "malformed_json");
    assert_eq!(body["status"], 400);
    assert_eq!(body["type"], "https://latchkey.dev/problems/malformed_json");

    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/admin/auth/login",
            None,
            Some(json!({"email": 42, "password": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "validation_failed");
    assert!(
        body["errors"]["email"][0]
            .as_str()
            .unwrap()
            .contains("expected a string"),
        "{body}"
    );

    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/admin/auth/login",
            None,
            Some(json!({"email": "a@b.co"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["errors"]["password"].is_array(),
        "missing field is named: {body}"
    );

    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/admin/auth/login",
            None,
            Some(json!({"email": "", "password": ""})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["errors"]["email"].is_array() && body["errors"]["password"].is_array(),
        "{body}"
    );

    let res = app
        .client
        .post(&login)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let huge = format!(
        "{{\"email\": \"{}\", \"password\": \"x\"}}",
        "a".repeat(300_000)
    );
    let res = app
        .client
        .post(&login)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let res = app
        .client
        .post(&login)
        .header("content-type", "application/json")
        .body(vec![b'"', 0xff, 0xfe, b'"'])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "invalid UTF-8 is malformed JSON"
    );

    let token = app.root_token().await;
    let (status, body) = app.get("/api/v1/admin/admins?per_page=1000", &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["per_page"].is_array(), "{body}");
    let (status, body) = app.get("/api/v1/admin/admins?page=abc", &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["page"].is_array(), "{body}");
    let (status, body) = app
        .get("/api/v1/admin/admins?sort=password_hash", &token)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["sort"].is_array(), "{body}");
});

both_backends!(
    unknown_api_routes_are_404_problems_and_other_paths_serve_the_spa,
    |app| {
        let res = app
            .send(Method::GET, "/api/v1/does-not-exist", None, None)
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "not_found");

        for path in [
            "/admin/customers",
            "/admin/login",
            "/",
            "/portal/licenses?x=1",
        ] {
            let res = app.send(Method::GET, path, None, None).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            assert!(
                res.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html"),
                "{path}"
            );
            assert!(
                res.text()
                    .await
                    .unwrap()
                    .contains("<title>Latchkey</title>"),
                "{path}"
            );
        }
        let res = app
            .send(Method::GET, "/assets/app-abc123.js", None, None)
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable"));
        assert_eq!(res.text().await.unwrap(), "console.log('latchkey')");
    }
);

both_backends!(interactive_docs_are_served_offline, |app| {
    let res = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "bundled Swagger UI page");
    assert!(!html.contains("cdn."), "no CDN scripts");
    let res = app
        .client
        .get(app.url("/api/docs/swagger-ui-bundle.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the UI bundle is served from the binary"
    );
    // The initializer points at our spec and turns the online validator off: otherwise the
    // page would send the spec's address to validator.swagger.io.
    let init = app
        .client
        .get(app.url("/api/docs/swagger-initializer.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(init.contains("/api/openapi.json"), "{init}");
    assert!(init.contains("\"validatorUrl\": \"none\""), "{init}");
});

/// Pooled connections are not pinged at checkout: when PostgreSQL cuts them (a restart, a
/// failover), each dead one fails one request with 503 and is then replaced.
#[actix_web::test]
async fn connections_cut_by_postgres_fail_once_and_are_replaced() {
    use diesel::{Connection, PgConnection, RunQueryDsl};
    let Some(app) = TestApp::spawn(Backend::Postgres).await else {
        return eprintln!("SKIPPED on PostgreSQL: LATCHKEY_TEST_POSTGRES_URL is not set");
    };
    let token = app.root_token().await;
    // Open several pooled connections at once.
    let warm = (0..8).map(|_| app.get("/api/v1/admin/products", &token));
    for (status, body) in futures::future::join_all(warm).await {
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    let name = app
        .db
        .url
        .rsplit('/')
        .next()
        .and_then(|s| s.split('?').next())
        .unwrap()
        .to_string();
    let mut admin = PgConnection::establish(&postgres_admin_url().unwrap()).unwrap();
    let cut = diesel::sql_query(format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    ))
    .execute(&mut admin)
    .unwrap();
    assert!(cut >= 1, "the server had connections to cut");

    let mut unavailable = 0;
    let mut statuses = Vec::new();
    for _ in 0..30 {
        let (status, body) = app.get("/api/v1/admin/products", &token).await;
        match status.as_u16() {
            200 => {}
            503 => {
                assert_eq!(body["code"], "service_unavailable", "{body}");
                unavailable += 1;
            }
            other => panic!("a cut connection answered {other}: {body}"),
        }
        statuses.push(status.as_u16());
    }
    // The pool holds at most 8 connections (LATCHKEY_DB_POOL_SIZE in the harness).
    assert!(unavailable <= 8, "{unavailable} failures: {statuses:?}");
    assert!(
        statuses[statuses.len() - 10..].iter().all(|s| *s == 200),
        "the pool recovered: {statuses:?}"
    );
}

both_backends!(every_response_carries_the_security_headers, |app| {
    let header = |res: &reqwest::Response, name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    };
    // The web app: a policy without inline script, no framing, no sniffing, no referrer.
    let page = app.send(Method::GET, "/admin/customers", None, None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let csp = header(&page, "content-security-policy").expect("a CSP on HTML");
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .unwrap();
    assert_eq!(script_src, "script-src 'self'");
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"));
    assert_eq!(header(&page, "x-frame-options").as_deref(), Some("DENY"));
    assert_eq!(
        header(&page, "x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(
        header(&page, "referrer-policy").as_deref(),
        Some("no-referrer")
    );
    assert!(
        header(&page, "strict-transport-security").is_none(),
        "plain http here"
    );

    // API answers, errors included, are never stored by a cache.
    let root = app.root_token().await;
    for res in [
        app.send(Method::GET, "/api/v1/admin/me", Some(&root), None)
            .await,
        app.send(Method::GET, "/api/v1/admin/me", None, None).await,
    ] {
        assert_eq!(header(&res, "cache-control").as_deref(), Some("no-store"));
        assert_eq!(
            header(&res, "x-content-type-options").as_deref(),
            Some("nosniff")
        );
        assert!(header(&res, "content-security-policy").is_none());
    }
    // Hashed assets keep their long cache; Swagger UI has its own policy.
    let asset = app
        .send(Method::GET, "/assets/app-abc123.js", None, None)
        .await;
    assert!(header(&asset, "cache-control")
        .unwrap()
        .contains("immutable"));
    let docs = app.send(Method::GET, "/api/docs/", None, None).await;
    assert_eq!(docs.status(), StatusCode::OK);
    let docs_csp = header(&docs, "content-security-policy").unwrap();
    assert!(docs_csp.contains("script-src 'self';") && docs_csp.contains("frame-ancestors 'none'"));
});
