use crate::*;

/// `openapi/openapi.json` is the public face of the API: it must be what the code serves.
/// Run `make openapi` after changing an endpoint.
#[test]
fn the_committed_spec_matches_the_code() {
    let committed_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    let committed = std::fs::read_to_string(committed_path).unwrap_or_default();
    let generated = latchkey::openapi::spec_json();
    assert!(
        committed == generated,
        "openapi/openapi.json is stale: run `make openapi` and commit the result"
    );
}

#[test]
fn every_operation_documents_its_errors_and_has_a_summary() {
    let spec: Value = serde_json::from_str(&latchkey::openapi::spec_json()).unwrap();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let what = format!("{method} {path}");
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{what} has a summary"
            );
            let responses = op["responses"].as_object().unwrap();
            if path.starts_with("/api/") {
                assert!(responses.contains_key("500"), "{what} documents 500");
            }
            if op.get("security").is_some() {
                assert!(
                    responses.contains_key("401") && responses.contains_key("403"),
                    "{what} documents 401/403"
                );
            }
            if op.get("requestBody").is_some() {
                assert!(
                    responses.contains_key("422") && responses.contains_key("400"),
                    "{what} documents 400/422"
                );
            }
            if path.contains('{') {
                assert!(responses.contains_key("404"), "{what} documents 404");
            }
        }
    }
    let schemes = spec["components"]["securitySchemes"].as_object().unwrap();
    assert!(schemes.contains_key("admin_jwt") && schemes.contains_key("api_key"));
    assert!(schemes.contains_key("portal_jwt"));
}

/// Generated clients name their calls after `operationId`: two operations with one id make
/// one of them vanish from the TypeScript client (it typed the portal's licenses as the
/// admin's once).
#[test]
fn operation_ids_are_unique() {
    let spec: Value = serde_json::from_str(&latchkey::openapi::spec_json()).unwrap();
    let mut seen = std::collections::BTreeMap::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap_or_default().to_string();
            assert!(!id.is_empty(), "{method} {path} has an operationId");
            if let Some(other) = seen.insert(id.clone(), format!("{method} {path}")) {
                panic!("operationId `{id}` names both {other} and {method} {path}");
            }
        }
    }
}

both_backends!(the_server_serves_the_spec, |app| {
    let (status, served) = app.call(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let generated: Value = serde_json::from_str(&latchkey::openapi::spec_json()).unwrap();
    assert_eq!(served, generated);
});
