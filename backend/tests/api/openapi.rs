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

/// The key-format limits are checked in code (`KeyFormat::validate`), not by attributes the
/// spec could copy: each written limit is held to the check at its boundary.
#[test]
fn the_generator_format_limits_in_the_spec_are_the_ones_enforced() {
    use latchkey::generators::keygen::{Format, KeyFormat};
    let spec: Value = serde_json::from_str(&latchkey::openapi::spec_json()).unwrap();
    let format = |prefix: &str, charset: &str, separator: &str| KeyFormat {
        prefix: prefix.into(),
        suffix: String::new(),
        format: Format::Chunks {
            chunk_count: 8,
            chunk_length: 8,
            charset: charset.as_bytes().to_vec(),
            separator: separator.into(),
        },
    };
    let refused = |f: KeyFormat, field: &str| f.validate().is_err_and(|e| e.contains_key(field));
    let graphic: String = (b'!'..=b'~').map(char::from).collect();
    for name in ["CreateGeneratorRequest", "UpdateGeneratorRequest"] {
        let field = |f: &str| spec["components"]["schemas"][name]["properties"][f].clone();
        let max = |f: &str| field(f)["maxLength"].as_u64().unwrap() as usize;
        for f in ["prefix", "suffix", "charset", "separator"] {
            assert_eq!(
                field(f)["pattern"],
                "^[!-~]*$",
                "{name}.{f}: printable ASCII"
            );
        }
        assert!(
            refused(format(" ", "AB", "-"), "prefix"),
            "a space is refused"
        );

        let prefix = "P".repeat(max("prefix"));
        assert!(format(&prefix, "ABCDEFGH", "-").validate().is_ok());
        assert!(refused(
            format(&format!("{prefix}P"), "ABCDEFGH", "-"),
            "prefix"
        ));

        let min = field("charset")["minLength"].as_u64().unwrap() as usize;
        assert!(refused(format("", &graphic[1..min], ":"), "charset"));
        assert_eq!(
            max("charset"),
            graphic.len(),
            "every printable character once"
        );
        assert!(format("", &graphic[..max("charset") - 1], "~")
            .validate()
            .is_ok());

        let separator = "-".repeat(max("separator"));
        assert!(format("", "ABCDEFGH", &separator).validate().is_ok());
        assert!(refused(
            format("", "ABCDEFGH", &format!("{separator}-")),
            "separator"
        ));
    }
}
