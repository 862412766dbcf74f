//! The role table: every admin endpoint, the least role it needs, and what a permitted call
//! answers. Later features add their endpoints here; a test checks that the table and the
//! OpenAPI document list the same secured operations, so none can be forgotten.

use std::collections::BTreeSet;

use latchkey::auth::jwt::Audience;

use crate::*;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Min {
    Viewer,
    Operator,
    Admin,
    SuperAdmin,
}

/// What `{id}` in the path stands for: a fresh row made for each call.
#[derive(Clone, Copy)]
enum Target {
    None,
    Admin,
    ApiKey,
    /// `{id}` is a product (with no licenses).
    Product,
    /// `{id}` is a product and `{gid}` one of its generators.
    Generator,
    /// `{id}` is an available license of the product `role-table`.
    License,
    /// `{id}` is a customer, made by assigning a license to a new email.
    Customer,
    /// `{id}` is an active activation, made through the licensing API.
    Activation,
}

struct Endpoint {
    method: &'static str,
    path: &'static str,
    min: Min,
    target: Target,
    body: fn(&str) -> Option<Value>,
    /// Statuses a permitted caller gets (the guard let it through).
    ok: &'static [u16],
    /// Only for a signed-in admin (an API key has no account): 403 for keys.
    session_only: bool,
}

const fn ep(method: &'static str, path: &'static str, min: Min) -> Endpoint {
    Endpoint {
        method,
        path,
        min,
        target: Target::None,
        body: |_| None,
        ok: &[200],
        session_only: false,
    }
}

fn table() -> Vec<Endpoint> {
    use Min::*;
    vec![
        Endpoint {
            session_only: true,
            ok: &[204],
            ..ep("POST", "/api/v1/admin/auth/logout", Viewer)
        },
        Endpoint {
            session_only: true,
            ..ep("GET", "/api/v1/admin/me", Viewer)
        },
        Endpoint {
            session_only: true,
            ok: &[204],
            body: |_| Some(json!({"current_password": PASSWORD, "new_password": PASSWORD})),
            ..ep("POST", "/api/v1/admin/me/password", Viewer)
        },
        Endpoint {
            session_only: true,
            ..ep("POST", "/api/v1/admin/me/2fa/setup", Viewer)
        },
        Endpoint {
            session_only: true,
            ok: &[422],
            body: |_| Some(json!({"code": "000000"})),
            ..ep("POST", "/api/v1/admin/me/2fa/enable", Viewer)
        },
        Endpoint {
            session_only: true,
            ok: &[409],
            body: |_| Some(json!({"code": "000000"})),
            ..ep("POST", "/api/v1/admin/me/2fa/disable", Viewer)
        },
        ep("GET", "/api/v1/admin/admins", Admin),
        // Accounts are made by signed-in super admins only: they would outlive a key.
        Endpoint {
            ok: &[201],
            session_only: true,
            body: |u| Some(json!({"email": format!("new-{u}@example.com"), "role": "viewer"})),
            ..ep("POST", "/api/v1/admin/admins", SuperAdmin)
        },
        Endpoint {
            target: Target::Admin,
            ..ep("GET", "/api/v1/admin/admins/{id}", Admin)
        },
        Endpoint {
            target: Target::Admin,
            body: |_| Some(json!({"name": "Renamed"})),
            ..ep("PATCH", "/api/v1/admin/admins/{id}", SuperAdmin)
        },
        Endpoint {
            target: Target::Admin,
            ok: &[204],
            ..ep("DELETE", "/api/v1/admin/admins/{id}", SuperAdmin)
        },
        ep("GET", "/api/v1/admin/api-keys", Admin),
        // Keys are made by signed-in admins only: a key has no account to own another.
        Endpoint {
            ok: &[201],
            session_only: true,
            body: |u| Some(json!({"name": format!("key {u}"), "role": "viewer"})),
            ..ep("POST", "/api/v1/admin/api-keys", Admin)
        },
        Endpoint {
            target: Target::ApiKey,
            ..ep("GET", "/api/v1/admin/api-keys/{id}", Admin)
        },
        Endpoint {
            target: Target::ApiKey,
            ok: &[204],
            ..ep("DELETE", "/api/v1/admin/api-keys/{id}", Admin)
        },
        ep("GET", "/api/v1/admin/audit-events", Admin),
        ep("GET", "/api/v1/admin/products", Viewer),
        Endpoint {
            ok: &[201],
            body: |u| Some(json!({"name": format!("Product {u}")})),
            ..ep("POST", "/api/v1/admin/products", Admin)
        },
        Endpoint {
            target: Target::Product,
            ..ep("GET", "/api/v1/admin/products/{id}", Viewer)
        },
        Endpoint {
            target: Target::Product,
            body: |_| Some(json!({"description": "changed"})),
            ..ep("PATCH", "/api/v1/admin/products/{id}", Admin)
        },
        Endpoint {
            target: Target::Product,
            ok: &[204],
            ..ep("DELETE", "/api/v1/admin/products/{id}", Admin)
        },
        Endpoint {
            target: Target::Product,
            ..ep("POST", "/api/v1/admin/products/{id}/rotate-key", SuperAdmin)
        },
        Endpoint {
            target: Target::Product,
            ..ep("GET", "/api/v1/admin/products/{id}/generators", Viewer)
        },
        Endpoint {
            target: Target::Product,
            ok: &[201],
            body: |_| Some(json!({"name": "g", "format": "uuid"})),
            ..ep("POST", "/api/v1/admin/products/{id}/generators", Admin)
        },
        Endpoint {
            target: Target::Generator,
            ..ep(
                "GET",
                "/api/v1/admin/products/{id}/generators/{gid}",
                Viewer,
            )
        },
        Endpoint {
            target: Target::Generator,
            body: |_| Some(json!({"name": "renamed"})),
            ..ep(
                "PATCH",
                "/api/v1/admin/products/{id}/generators/{gid}",
                Admin,
            )
        },
        Endpoint {
            target: Target::Generator,
            ok: &[204],
            ..ep(
                "DELETE",
                "/api/v1/admin/products/{id}/generators/{gid}",
                Admin,
            )
        },
        Endpoint {
            target: Target::Generator,
            ..ep(
                "POST",
                "/api/v1/admin/products/{id}/generators/{gid}/preview",
                Viewer,
            )
        },
        ep("GET", "/api/v1/admin/licenses", Viewer),
        Endpoint {
            ok: &[201],
            body: |_| Some(json!({"product_id": "role-table"})),
            ..ep("POST", "/api/v1/admin/licenses", Admin)
        },
        ep("GET", "/api/v1/admin/licenses/export", Viewer),
        Endpoint {
            ok: &[415],
            body: |_| Some(json!({})),
            ..ep("POST", "/api/v1/admin/licenses/import", Admin)
        },
        Endpoint {
            ok: &[422],
            body: |_| Some(json!({"license_ids": ["missing"], "email": "x@example.com"})),
            ..ep("POST", "/api/v1/admin/licenses/bulk-assign", Operator)
        },
        Endpoint {
            target: Target::License,
            ..ep("GET", "/api/v1/admin/licenses/{id}", Viewer)
        },
        Endpoint {
            target: Target::License,
            body: |_| Some(json!({"notes": "n"})),
            ..ep("PATCH", "/api/v1/admin/licenses/{id}", Admin)
        },
        Endpoint {
            target: Target::License,
            ok: &[204],
            ..ep("DELETE", "/api/v1/admin/licenses/{id}", Admin)
        },
        Endpoint {
            target: Target::License,
            body: |u| Some(json!({"email": format!("c-{u}@example.com")})),
            ..ep("POST", "/api/v1/admin/licenses/{id}/assign", Operator)
        },
        Endpoint {
            target: Target::License,
            ok: &[409],
            ..ep("POST", "/api/v1/admin/licenses/{id}/unassign", Admin)
        },
        Endpoint {
            target: Target::License,
            ..ep("POST", "/api/v1/admin/licenses/{id}/suspend", Operator)
        },
        Endpoint {
            target: Target::License,
            ok: &[409],
            ..ep("POST", "/api/v1/admin/licenses/{id}/reinstate", Operator)
        },
        Endpoint {
            target: Target::License,
            ..ep("POST", "/api/v1/admin/licenses/{id}/revoke", Admin)
        },
        Endpoint {
            target: Target::License,
            body: |_| Some(json!({"expires_at": null})),
            ..ep("POST", "/api/v1/admin/licenses/{id}/renew", Admin)
        },
        ep("GET", "/api/v1/admin/customers", Viewer),
        ep("GET", "/api/v1/admin/customers/export", Admin),
        Endpoint {
            target: Target::Customer,
            ..ep("GET", "/api/v1/admin/customers/{id}", Viewer)
        },
        Endpoint {
            target: Target::Customer,
            body: |_| Some(json!({"name": "Renamed"})),
            ..ep("PATCH", "/api/v1/admin/customers/{id}", Admin)
        },
        Endpoint {
            target: Target::Customer,
            ok: &[422],
            body: |_| Some(json!({"confirm": "someone-else@example.com"})),
            ..ep("DELETE", "/api/v1/admin/customers/{id}", Admin)
        },
        Endpoint {
            target: Target::Customer,
            ..ep("GET", "/api/v1/admin/customers/{id}/licenses", Viewer)
        },
        Endpoint {
            target: Target::Customer,
            ..ep("GET", "/api/v1/admin/customers/{id}/activations", Viewer)
        },
        Endpoint {
            target: Target::Customer,
            ..ep("GET", "/api/v1/admin/customers/{id}/timeline", Viewer)
        },
        Endpoint {
            target: Target::Customer,
            ..ep("GET", "/api/v1/admin/customers/{id}/export", Admin)
        },
        Endpoint {
            target: Target::Customer,
            ok: &[202],
            ..ep(
                "POST",
                "/api/v1/admin/customers/{id}/password-reset",
                Operator,
            )
        },
        Endpoint {
            target: Target::Customer,
            ok: &[202],
            ..ep("POST", "/api/v1/admin/customers/{id}/invitation", Operator)
        },
        Endpoint {
            target: Target::Customer,
            ok: &[201],
            ..ep("POST", "/api/v1/admin/customers/{id}/impersonate", Admin)
        },
        ep("GET", "/api/v1/admin/activations", Viewer),
        ep("GET", "/api/v1/admin/stats", Viewer),
        ep("GET", "/api/v1/admin/search?q=role", Viewer),
        ep("POST", "/api/v1/admin/server-key/rotate", SuperAdmin),
        Endpoint {
            target: Target::Activation,
            ..ep("GET", "/api/v1/admin/activations/{id}", Viewer)
        },
        Endpoint {
            target: Target::Activation,
            body: |_| Some(json!({"reason": "role table"})),
            ..ep(
                "POST",
                "/api/v1/admin/activations/{id}/deactivate",
                Operator,
            )
        },
        ep("GET", "/api/v1/admin/emails", Admin),
        ep("GET", "/api/v1/admin/settings/email", SuperAdmin),
        // Before the PUT below: without saved settings the test message goes to a file.
        Endpoint {
            body: |_| Some(json!({"to": "role-table@example.com"})),
            ..ep("POST", "/api/v1/admin/settings/email/test", SuperAdmin)
        },
        // Whoever routes the mail gets every sign-in link: not a key's to change.
        Endpoint {
            session_only: true,
            body: |_| {
                Some(json!({"host": "127.0.0.1", "port": 9, "tls": "none",
                            "from_address": "role-table@example.com"}))
            },
            ..ep("PUT", "/api/v1/admin/settings/email", SuperAdmin)
        },
    ]
}

fn min_of(role: &str) -> Min {
    match role {
        "viewer" => Min::Viewer,
        "operator" => Min::Operator,
        "admin" => Min::Admin,
        _ => Min::SuperAdmin,
    }
}

/// Fresh rows for the path: `{id}` and, for generators, `{gid}`.
async fn target_ids(app: &TestApp, root: &str, target: Target) -> Vec<(&'static str, String)> {
    let product = || async {
        let (_, p) = app
            .post(
                "/api/v1/admin/products",
                root,
                json!({"name": format!("T {}", uuid::Uuid::new_v4().simple())}),
            )
            .await;
        p["id"].as_str().unwrap().to_string()
    };
    match target {
        Target::Product => vec![("{id}", product().await)],
        Target::Generator => {
            let pid = product().await;
            let (_, g) = app
                .post(
                    &format!("/api/v1/admin/products/{pid}/generators"),
                    root,
                    json!({"name": "t", "format": "uuid"}),
                )
                .await;
            vec![
                ("{id}", pid),
                ("{gid}", g["id"].as_str().unwrap().to_string()),
            ]
        }
        Target::License => {
            let (_, l) = app
                .post(
                    "/api/v1/admin/licenses",
                    root,
                    json!({"product_id": "role-table"}),
                )
                .await;
            vec![("{id}", l["id"].as_str().unwrap().to_string())]
        }
        Target::Activation => {
            let (_, l) = app
                .post(
                    "/api/v1/admin/licenses",
                    root,
                    json!({"product_id": "role-table"}),
                )
                .await;
            let (_, l) = app
                .post(
                    &format!(
                        "/api/v1/admin/licenses/{}/assign",
                        l["id"].as_str().unwrap()
                    ),
                    root,
                    json!({"email": "device-owner@example.com"}),
                )
                .await;
            let (status, answer) = app
                .call(
                    Method::POST,
                    "/api/v1/licensing/activate",
                    None,
                    Some(json!({"license_key": l["key"], "identifier": "HW-ROLE"})),
                )
                .await;
            assert_eq!(answer["result"]["code"], "ACTIVATED", "{status} {answer}");
            vec![(
                "{id}",
                answer["result"]["activation"]["id"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )]
        }
        Target::Customer => {
            let (_, l) = app
                .post(
                    "/api/v1/admin/licenses",
                    root,
                    json!({"product_id": "role-table"}),
                )
                .await;
            let email = format!("owner-{}@example.com", uuid::Uuid::new_v4().simple());
            let (_, l) = app
                .post(
                    &format!(
                        "/api/v1/admin/licenses/{}/assign",
                        l["id"].as_str().unwrap()
                    ),
                    root,
                    json!({"email": email}),
                )
                .await;
            vec![("{id}", l["customer_id"].as_str().unwrap().to_string())]
        }
        other => target_id(app, root, other)
            .await
            .map(|id| vec![("{id}", id)])
            .unwrap_or_default(),
    }
}

async fn target_id(app: &TestApp, root: &str, target: Target) -> Option<String> {
    match target {
        Target::None
        | Target::Product
        | Target::Generator
        | Target::License
        | Target::Customer
        | Target::Activation => None,
        Target::Admin => {
            let email = format!("target-{}@example.com", uuid::Uuid::new_v4().simple());
            let (_, body) = app
                .post(
                    "/api/v1/admin/admins",
                    root,
                    json!({"email": email, "role": "viewer"}),
                )
                .await;
            Some(body["admin"]["id"].as_str().unwrap().to_string())
        }
        // A key of an `admin`: every caller the guard lets through may see and revoke it
        // (an `admin` may not touch a super admin's key).
        Target::ApiKey => {
            let (_, owner) = app.admin_with_role(root, "admin").await;
            Some(app.api_key_with_role(&owner, "viewer").await.0)
        }
    }
}

async fn call(app: &TestApp, root: &str, e: &Endpoint, token: Option<&str>) -> (StatusCode, Value) {
    let mut path = e.path.to_string();
    for (placeholder, id) in target_ids(app, root, e.target).await {
        path = path.replace(placeholder, &id);
    }
    let unique = uuid::Uuid::new_v4().simple().to_string();
    app.call(
        Method::from_bytes(e.method.as_bytes()).unwrap(),
        &path,
        token,
        (e.body)(&unique),
    )
    .await
}

both_backends!(every_admin_endpoint_checks_its_role, |app| {
    let root = app.root_token().await;
    let roles = ["viewer", "operator", "admin", "super_admin"];
    let mut admins = Vec::new();
    let mut keys = Vec::new();
    for role in roles {
        let (id, _) = app.admin_with_role(&root, role).await;
        let email = app
            .get(&format!("/api/v1/admin/admins/{id}"), &root)
            .await
            .1["email"]
            .as_str()
            .unwrap()
            .to_string();
        admins.push((role, email));
        keys.push((role, app.api_key_with_role(&root, role).await.1));
        // A super admin's super-admin key, its owner then demoted to `role`: the key must
        // answer exactly as a key of `role` does, on every endpoint.
        let (owner, owner_token) = app.admin_with_role(&root, "super_admin").await;
        let key = app.api_key_with_role(&owner_token, "super_admin").await.1;
        let (status, body) = app
            .call(
                Method::PATCH,
                &format!("/api/v1/admin/admins/{owner}"),
                Some(&root),
                Some(json!({"role": role})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        keys.push((role, key));
    }
    let (status, _) = app
        .post(
            "/api/v1/admin/products",
            &root,
            json!({"name": "Role table", "slug": "role-table"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let me = app.get("/api/v1/admin/me", &root).await.1;
    let portal = app
        .state
        .jwt
        .issue(Audience::Portal, me["id"].as_str().unwrap(), "s", 600);

    for e in table() {
        let what = format!("{} {}", e.method, e.path);
        let (status, body) = call(&app, &root, &e, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "anonymous {what}: {body}");
        assert_eq!(body["code"], "unauthorized");
        let (status, _) = call(&app, &root, &e, Some(&portal)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "portal token {what}");

        for (role, email) in &admins {
            let (_, login) = app.login(email, PASSWORD).await;
            let token = login["access_token"].as_str().unwrap().to_string();
            let (status, body) = call(&app, &root, &e, Some(&token)).await;
            if min_of(role) < e.min {
                assert_eq!(status, StatusCode::FORBIDDEN, "{role} {what}: {body}");
                assert_eq!(body["code"], "forbidden");
            } else {
                assert!(
                    e.ok.contains(&status.as_u16()),
                    "{role} {what}: {status} {body}"
                );
            }
        }
        for (role, key) in &keys {
            let (status, body) = call(&app, &root, &e, Some(key)).await;
            if min_of(role) < e.min || e.session_only {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{role} API key {what}: {body}"
                );
            } else {
                assert!(
                    e.ok.contains(&status.as_u16()),
                    "{role} API key {what}: {status} {body}"
                );
            }
        }
    }
});

#[test]
fn the_role_table_covers_every_secured_operation_in_the_spec() {
    let spec: Value = serde_json::from_str(&latchkey::openapi::spec_json()).unwrap();
    let mut in_spec = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        // Portal endpoints take customer tokens; the portal tests cover them.
        if path.starts_with("/api/v1/portal/") {
            continue;
        }
        for (method, op) in item.as_object().unwrap() {
            if op
                .get("security")
                .and_then(Value::as_array)
                .is_some_and(|s| !s.is_empty())
            {
                in_spec.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    let in_table: BTreeSet<String> = table()
        .iter()
        .map(|e| format!("{} {}", e.method, e.path.split('?').next().unwrap()))
        .collect();
    assert_eq!(
        in_spec, in_table,
        "add new admin endpoints to the role table in tests/api/roles.rs"
    );
}

// Who may see and revoke whose API keys: a caller reaches the keys of admins whose role is
// not above their own, and a key acts with its owner's current role. Each row: the caller's
// role, the key owner's role, whether the caller may see and revoke the key.
both_backends!(key_management_follows_the_role_rules, |app| {
    let root = app.root_token().await;
    let table = [
        ("admin", "viewer", true),
        ("admin", "operator", true),
        ("admin", "admin", true),
        ("admin", "super_admin", false),
        ("super_admin", "viewer", true),
        ("super_admin", "admin", true),
        ("super_admin", "super_admin", true),
    ];
    for (caller_role, owner_role, allowed) in table {
        let (_, caller) = app.admin_with_role(&root, caller_role).await;
        // A viewer or operator cannot make keys: their keys are made while they are admins,
        // then they are demoted, which also shows the key follows the owner down.
        let make_as = if owner_role == "viewer" || owner_role == "operator" {
            "admin"
        } else {
            owner_role
        };
        let (owner_id, owner) = app.admin_with_role(&root, make_as).await;
        let (key_id, _) = app.api_key_with_role(&owner, "viewer").await;
        if make_as != owner_role {
            app.call(
                Method::PATCH,
                &format!("/api/v1/admin/admins/{owner_id}"),
                Some(&root),
                Some(json!({"role": owner_role})),
            )
            .await;
        }
        let path = format!("/api/v1/admin/api-keys/{key_id}");
        let what = format!("{caller_role} on a key of a {owner_role}");
        let listed = app
            .get("/api/v1/admin/api-keys?per_page=100", &caller)
            .await
            .1["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["id"] == key_id.as_str());
        assert_eq!(listed, allowed, "{what}: listed");
        let expected = if allowed {
            StatusCode::NO_CONTENT
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(
            app.get(&path, &caller).await.0.is_success(),
            allowed,
            "{what}: get"
        );
        let (status, body) = app.call(Method::DELETE, &path, Some(&caller), None).await;
        assert_eq!(status, expected, "{what}: revoke {body}");
    }

    // A super admin's key, its owner demoted: it can no longer promote anyone (nor do
    // anything a super admin alone may).
    let (owner_id, owner) = app.admin_with_role(&root, "super_admin").await;
    let (_, key) = app.api_key_with_role(&owner, "super_admin").await;
    let (target, _) = app.admin_with_role(&root, "viewer").await;
    app.call(
        Method::PATCH,
        &format!("/api/v1/admin/admins/{owner_id}"),
        Some(&root),
        Some(json!({"role": "admin"})),
    )
    .await;
    for change in [json!({"role": "admin"}), json!({"name": "Promoted?"})] {
        let (status, body) = app
            .call(
                Method::PATCH,
                &format!("/api/v1/admin/admins/{target}"),
                Some(&key),
                Some(change),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    }
    let (_, after) = app
        .get(&format!("/api/v1/admin/admins/{target}"), &root)
        .await;
    assert_eq!(
        (after["role"].as_str(), after["name"].as_str()),
        (Some("viewer"), Some("viewer user"))
    );
});
