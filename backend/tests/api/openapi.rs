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
}

both_backends!(the_server_serves_the_spec, |app| {
    let (status, served) = app.call(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let generated: Value = serde_json::from_str(&latchkey::openapi::spec_json()).unwrap();
    assert_eq!(served, generated);
});
