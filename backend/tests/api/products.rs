use base64::Engine;

use crate::*;

pub async fn create_product(app: &TestApp, token: &str, body: Value) -> Value {
    let (status, product) = app.post("/api/v1/admin/products", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{product}");
    product
}

both_backends!(
    products_are_created_with_a_signing_key_and_derived_slug,
    |app| {
        let root = app.root_token().await;
        let product = create_product(&app, &root, json!({"name": "  Pro Editor 2026! ", "max_activations": 3, "validity_days": 365, "send_license_email": true})).await;
        assert_eq!(product["name"], "Pro Editor 2026!");
        assert_eq!(product["slug"], "pro-editor-2026");
        assert_eq!(product["status"], "active");
        assert_eq!(product["max_activations"], 3);
        assert_eq!(product["validity_days"], 365);
        assert_eq!(product["send_license_email"], true);
        assert_eq!(product["license_count"], 0);
        let keys = product["public_keys"].as_array().unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0]["algorithm"], "ed25519");
        assert_eq!(keys[0]["active"], true);
        let public = base64::engine::general_purpose::STANDARD
            .decode(keys[0]["public_key"].as_str().unwrap())
            .unwrap();
        assert_eq!(public.len(), 32);

        // Unlimited and perpetual by default.
        let plain = create_product(&app, &root, json!({"name": "Plain", "slug": "plain"})).await;
        assert_eq!(plain["max_activations"], Value::Null);
        assert_eq!(plain["validity_days"], Value::Null);

        let (status, body) = app
            .post(
                "/api/v1/admin/products",
                &root,
                json!({"name": "Other", "slug": "plain"}),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body["detail"].as_str().unwrap().contains("plain"));
        let (status, body) = app
            .post(
                "/api/v1/admin/products",
                &root,
                json!({"name": "Bad", "slug": "Not A Slug"}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["errors"]["slug"].is_array());
        let (status, body) = app
            .post(
                "/api/v1/admin/products",
                &root,
                json!({"name": "Zero", "max_activations": 0}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["errors"]["max_activations"].is_array());
        let (status, body) = app
            .post("/api/v1/admin/products", &root, json!({"name": ""}))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["errors"]["name"].is_array());

        let created = app.audit(&root, "product.created").await;
        assert_eq!(created.len(), 2);
        let stored = serde_json::to_string(&created).unwrap();
        assert!(!stored.contains("private"), "no private key in the trail");
    }
);

both_backends!(the_private_key_is_encrypted_at_rest, |app| {
    use diesel::prelude::*;
    use latchkey::schema::signing_keys::dsl::*;
    let root = app.root_token().await;
    let product = create_product(&app, &root, json!({"name": "Secretive"})).await;
    let mut conn = app.state.pool.get().unwrap();
    let (stored_private, stored_public): (String, String) = signing_keys
        .filter(product_id.eq(product["id"].as_str().unwrap()))
        .select((private_key, public_key))
        .first(&mut conn)
        .unwrap();
    assert!(stored_private.starts_with("v1:"));
    let raw: [u8; 32] = app
        .state
        .secrets
        .decrypt(&stored_private)
        .unwrap()
        .try_into()
        .unwrap();
    let signing = ed25519_dalek::SigningKey::from_bytes(&raw);
    assert_eq!(
        base64::engine::general_purpose::STANDARD.encode(signing.verifying_key().to_bytes()),
        stored_public
    );
});

both_backends!(products_update_list_and_rotate_keys, |app| {
    let root = app.root_token().await;
    let a = create_product(
        &app,
        &root,
        json!({"name": "Alpha Suite", "max_activations": 2}),
    )
    .await;
    create_product(&app, &root, json!({"name": "beta tool"})).await;
    let id = a["id"].as_str().unwrap();
    let path = format!("/api/v1/admin/products/{id}");

    let (status, updated) = app
        .call(
            Method::PATCH,
            &path,
            Some(&root),
            Some(json!({"status": "inactive", "max_activations": null, "description": "Desk app"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["status"], "inactive");
    assert_eq!(updated["max_activations"], Value::Null);
    assert_eq!(updated["description"], "Desk app");
    let (status, body) = app
        .call(
            Method::PATCH,
            &path,
            Some(&root),
            Some(json!({"validity_days": 0})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["validity_days"].is_array());
    let audit = app.audit(&root, "product.updated").await;
    assert_eq!(audit[0]["before"]["status"], "active");
    assert_eq!(audit[0]["after"]["status"], "inactive");

    let (_, list) = app.get("/api/v1/admin/products?search=BETA", &root).await;
    assert_eq!(list["meta"]["total"], 1);
    assert_eq!(list["data"][0]["slug"], "beta-tool");
    let (_, list) = app.get("/api/v1/admin/products?sort=-name", &root).await;
    let names: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["beta tool", "Alpha Suite"],
        "case-insensitive name order"
    );
    let (_, list) = app
        .get("/api/v1/admin/products?status=inactive", &root)
        .await;
    assert_eq!(list["meta"]["total"], 1);

    let old_key = a["public_keys"][0].clone();
    let (status, rotated) = app
        .call(
            Method::POST,
            &format!("{path}/rotate-key"),
            Some(&root),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{rotated}");
    let keys = rotated["public_keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0]["key_id"], old_key["key_id"]);
    assert_eq!(
        keys[0]["public_key"], old_key["public_key"],
        "the old public key stays published"
    );
    assert_eq!(keys[0]["active"], false);
    assert!(keys[0]["retired_at"].is_string());
    assert_eq!(keys[1]["active"], true);

    let (_, admin) = app.admin_with_role(&root, "admin").await;
    let (status, _) = app
        .call(
            Method::POST,
            &format!("{path}/rotate-key"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "rotation is for super admins"
    );
    assert_eq!(
        app.get("/api/v1/admin/products/nope", &root).await.0,
        StatusCode::NOT_FOUND
    );
});

both_backends!(
    deleting_a_product_without_licenses_takes_its_generators,
    |app| {
        let root = app.root_token().await;
        let product = create_product(&app, &root, json!({"name": "Short lived"})).await;
        let id = product["id"].as_str().unwrap();
        let (status, _) = app
            .post(
                &format!("/api/v1/admin/products/{id}/generators"),
                &root,
                json!({"name": "g", "format": "uuid"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _) = app
            .call(
                Method::DELETE,
                &format!("/api/v1/admin/products/{id}"),
                Some(&root),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            app.get(&format!("/api/v1/admin/products/{id}"), &root)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get(&format!("/api/v1/admin/products/{id}/generators"), &root)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(app.audit(&root, "product.deleted").await.len(), 1);
    }
);

both_backends!(generators_validate_formats_and_preview_keys, |app| {
    let root = app.root_token().await;
    let product = create_product(&app, &root, json!({"name": "Gen"})).await;
    let base = format!(
        "/api/v1/admin/products/{}/generators",
        product["id"].as_str().unwrap()
    );

    let (status, generator) = app
        .post(
            &base,
            &root,
            json!({"name": "Retail", "format": "chunks", "prefix": "PRO-"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{generator}");
    assert_eq!(generator["charset"], "ABCDEFGHJKLMNPQRSTUVWXYZ23456789");
    assert_eq!(generator["chunk_count"], 4);
    assert_eq!(generator["chunk_length"], 5);
    assert_eq!(generator["entropy_bits"], 100.0);
    let example = generator["example"].as_str().unwrap();
    assert!(
        example.starts_with("PRO-") && example.len() == 4 + 23,
        "{example}"
    );

    let gid = generator["id"].as_str().unwrap();
    let (status, preview) = app
        .post(&format!("{base}/{gid}/preview"), &root, json!({"count": 3}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let keys = preview["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| k.as_str().unwrap().starts_with("PRO-")));
    assert_ne!(keys[0], keys[1]);
    let (status, _) = app
        .call(
            Method::POST,
            &format!("{base}/{gid}/preview"),
            Some(&root),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "the body is optional");
    let (status, _) = app
        .post(
            &format!("{base}/{gid}/preview"),
            &root,
            json!({"count": 500}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    for (body, field) in [
        (
            json!({"name": "short", "format": "chunks", "chunk_count": 1, "chunk_length": 4}),
            "chunk_length",
        ),
        (
            json!({"name": "empty", "format": "chunks", "charset": ""}),
            "charset",
        ),
        (
            json!({"name": "one", "format": "chunks", "charset": "AAAA"}),
            "charset",
        ),
        (
            json!({"name": "sep", "format": "chunks", "charset": "AB-CDEFGH", "separator": "-"}),
            "separator",
        ),
        (
            json!({"name": "many", "format": "chunks", "chunk_count": 99}),
            "chunk_count",
        ),
        // Found by fuzzing: sizes that overflow when multiplied answered 500.
        (
            json!({"name": "huge", "format": "chunks", "chunk_count": 4, "chunk_length": 9_223_372_036_854_775_806i64}),
            "chunk_length",
        ),
        (
            json!({"name": "huge", "format": "chunks", "chunk_count": 9_223_372_036_854_775_806i64}),
            "chunk_count",
        ),
        (
            json!({"name": "frac", "format": "chunks", "chunk_count": 4.5}),
            "chunk_count",
        ),
        (json!({"name": "fmt", "format": "hex"}), "format"),
        (json!({"name": "", "format": "uuid"}), "name"),
        (
            json!({"name": "lim", "format": "uuid", "max_activations": 0}),
            "max_activations",
        ),
    ] {
        let (status, err) = app.post(&base, &root, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {err}");
        assert!(
            err["errors"][field].is_array(),
            "{body} names {field}: {err}"
        );
    }

    let (status, updated) = app
        .call(
            Method::PATCH,
            &format!("{base}/{gid}"),
            Some(&root),
            Some(json!({"format": "uuid", "validity_days": 30})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["format"], "uuid");
    assert_eq!(updated["validity_days"], 30);
    let (status, _) = app
        .call(
            Method::PATCH,
            &format!("{base}/{gid}"),
            Some(&root),
            Some(json!({"format": "chunks", "chunk_length": 1, "chunk_count": 2})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an update cannot make the format impossible"
    );

    let (_, list) = app.get(&base, &root).await;
    assert_eq!(list["meta"]["total"], 1);
    let (status, _) = app
        .call(Method::DELETE, &format!("{base}/{gid}"), Some(&root), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get(&format!("{base}/{gid}"), &root).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A generator is only reachable under its own product.
    let other = create_product(&app, &root, json!({"name": "Other"})).await;
    let (_, g2) = app
        .post(&base, &root, json!({"name": "x", "format": "uuid"}))
        .await;
    let (status, _) = app
        .get(
            &format!(
                "/api/v1/admin/products/{}/generators/{}",
                other["id"].as_str().unwrap(),
                g2["id"].as_str().unwrap()
            ),
            &root,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(app.audit(&root, "generator.created").await.len(), 2);

    // `5.0` is the integer 5 in JSON (and in the spec's JSON Schema).
    let (status, whole) = app
        .post(
            &base,
            &root,
            json!({"name": "Whole", "format": "chunks", "chunk_count": 5.0, "chunk_length": 5e0}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{whole}");
    assert_eq!(whole["chunk_count"], 5);
    assert_eq!(whole["chunk_length"], 5);

    // An update's overrides keep the create's limits (null clears one).
    let g2_path = format!("{base}/{}", g2["id"].as_str().unwrap());
    for (body, field) in [
        (json!({"validity_days": 0}), "validity_days"),
        (json!({"validity_days": 36501}), "validity_days"),
        (json!({"max_activations": 0}), "max_activations"),
    ] {
        let (status, err) = app
            .call(Method::PATCH, &g2_path, Some(&root), Some(body.clone()))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {err}");
        assert!(
            err["errors"][field].is_array(),
            "{body} names {field}: {err}"
        );
    }
    let (status, cleared) = app
        .call(
            Method::PATCH,
            &g2_path,
            Some(&root),
            Some(json!({"validity_days": 30, "max_activations": null})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{cleared}");
    assert_eq!(cleared["validity_days"], 30);
    assert_eq!(cleared["max_activations"], Value::Null);
});
