//! The OpenAPI document: every endpoint, its errors, and the security schemes.

use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{
    AdditionalProperties, AnyOfBuilder, ArrayBuilder, ArrayItems, ObjectBuilder, Schema,
    SchemaType, Type,
};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, OpenApi as OpenApiDoc, Ref, RefOr};
use utoipa::{Modify, OpenApi};

use crate::error::Problem;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Latchkey API",
        description = "Self-hosted software licensing: products, license keys, customers and activations.\n\n\
            Admin endpoints take `Authorization: Bearer <token>` with an admin access token (from \
            `POST /api/v1/admin/auth/login`) or an API key (`lk_…`). Errors are \
            `application/problem+json` documents with a stable snake_case `code`. Lists take \
            `page` and `per_page` (max 100) and answer `{\"data\": [...], \"meta\": {...}}`. \
            Every response carries `X-Request-Id`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    paths(
        crate::system::routes::healthz,
        crate::system::routes::readyz,
        crate::system::routes::metrics,
        crate::admins::routes::login,
        crate::admins::routes::refresh,
        crate::admins::routes::logout,
        crate::admins::routes::me,
        crate::admins::routes::change_password,
        crate::admins::routes::totp_setup,
        crate::admins::routes::totp_enable,
        crate::admins::routes::totp_disable,
        crate::admins::routes::list_admins,
        crate::admins::routes::create_admin,
        crate::admins::routes::get_admin,
        crate::admins::routes::update_admin,
        crate::admins::routes::delete_admin,
        crate::api_keys::routes::list_api_keys,
        crate::api_keys::routes::create_api_key,
        crate::api_keys::routes::get_api_key,
        crate::api_keys::routes::revoke_api_key,
        crate::audit::routes::list_audit_events,
        crate::products::routes::list_products,
        crate::products::routes::create_product,
        crate::products::routes::get_product,
        crate::products::routes::update_product,
        crate::products::routes::delete_product,
        crate::products::routes::rotate_product_key,
        crate::generators::routes::list_generators,
        crate::generators::routes::create_generator,
        crate::generators::routes::get_generator,
        crate::generators::routes::update_generator,
        crate::generators::routes::delete_generator,
        crate::generators::routes::preview_generator,
        crate::licenses::routes::list_licenses,
        crate::licenses::routes::create_license,
        crate::licenses::routes::export_licenses,
        crate::licenses::routes::import_licenses,
        crate::licenses::routes::bulk_assign_licenses,
        crate::licenses::routes::get_license,
        crate::licenses::routes::update_license,
        crate::licenses::routes::delete_license,
        crate::licenses::routes::assign_license,
        crate::licenses::routes::unassign_license,
        crate::licenses::routes::suspend_license,
        crate::licenses::routes::reinstate_license,
        crate::licenses::routes::revoke_license,
        crate::licenses::routes::renew_license,
        crate::customers::routes::list_customers,
        crate::customers::routes::export_customers,
        crate::customers::routes::get_customer,
        crate::customers::routes::update_customer,
        crate::customers::routes::delete_customer,
        crate::customers::routes::customer_licenses,
        crate::customers::routes::customer_activations,
        crate::customers::routes::customer_timeline,
        crate::customers::routes::export_customer,
        crate::customers::routes::send_password_reset,
        crate::customers::routes::send_invitation,
        crate::customers::routes::impersonate_customer,
        crate::activations::routes::list_activations,
        crate::activations::routes::get_activation,
        crate::activations::routes::deactivate_activation,
        crate::dashboard::routes::stats,
        crate::dashboard::routes::search,
        crate::portal::routes::portal_login,
        crate::portal::routes::portal_request_magic_link,
        crate::portal::routes::portal_consume_magic_link,
        crate::portal::routes::portal_accept_invitation,
        crate::portal::routes::portal_request_password_reset,
        crate::portal::routes::portal_confirm_password_reset,
        crate::portal::routes::portal_refresh,
        crate::portal::routes::portal_logout,
        crate::portal::routes::portal_me,
        crate::portal::routes::portal_update_me,
        crate::portal::routes::portal_change_password,
        crate::portal::routes::portal_export_me,
        crate::portal::routes::portal_totp_setup,
        crate::portal::routes::portal_totp_enable,
        crate::portal::routes::portal_totp_disable,
        crate::portal::routes::portal_dashboard,
        crate::portal::routes::portal_list_licenses,
        crate::portal::routes::portal_get_license,
        crate::portal::routes::portal_list_activations,
        crate::portal::routes::portal_deactivate_activation,
        crate::licensing::routes::activate,
        crate::licensing::routes::validate,
        crate::licensing::routes::deactivate,
        crate::licensing::routes::product_public_keys,
        crate::licensing::routes::server_public_keys,
        crate::signing::routes::rotate_server_key,
        crate::email::routes::get_email_settings,
        crate::email::routes::update_email_settings,
        crate::email::routes::test_email_settings,
        crate::email::routes::list_emails,
    ),
    components(schemas(Problem, crate::error::ErrorCode, crate::outbox::Template)),
    modifiers(&SecuritySchemes, &StandardErrors, &LicensingExamples, &InputRules),
    tags(
        (name = "Admin auth", description = "Admin sign-in, token refresh and sign-out"),
        (name = "Admin account", description = "The signed-in admin: profile, password, two-factor"),
        (name = "Admins", description = "Staff accounts (super admins manage them)"),
        (name = "API keys", description = "Keys for scripts and integrations"),
        (name = "Audit", description = "The append-only audit trail"),
        (name = "Products", description = "Products, their license defaults and signing keys"),
        (name = "Generators", description = "License-key formats per product"),
        (name = "Licenses", description = "License keys and their lifecycle"),
        (name = "Customers", description = "License owners: search, profile, inventory, GDPR export and erasure"),
        (name = "Activations", description = "Devices and domains bound to licenses"),
        (name = "Dashboard", description = "The admin portal's overview numbers and quick search"),
        (name = "Portal auth", description = "Customer sign-in for the client portal: password with two-factor, magic link, invitation, password reset (separate from admin sign-in)"),
        (name = "Portal", description = "The client portal: a customer's own profile, licenses and devices"),
        (name = "Licensing", description = "For the vendor's software: activate, validate and deactivate with the license key; every answer is a signed envelope (see docs/licensing.md)"),
        (name = "System", description = "Health, readiness and metrics"),
        (name = "Email", description = "Mail delivery: SMTP settings, a test message, and the outbox with each mail's status"),
    )
)]
pub struct ApiDoc;

pub fn spec() -> OpenApiDoc {
    ApiDoc::openapi()
}

/// The spec as committed in `openapi/openapi.json` (pretty, trailing newline).
pub fn spec_json() -> String {
    let mut text = spec().to_pretty_json().expect("the spec serializes");
    text.push('\n');
    text
}

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "admin_jwt",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("Admin access token (audience `admin`) from `POST /api/v1/admin/auth/login`."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "portal_jwt",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("Customer access token (audience `portal`): a portal sign-in, or a read-only \"View as customer\" token from `POST /api/v1/admin/customers/{id}/impersonate`."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("lk_…")
                    .description(Some(
                        "API key from `POST /api/v1/admin/api-keys`, acting with the key's role.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The errors every endpoint of a kind can answer, added to each operation so none is
/// forgotten: 401/403 where auth is required, 400/413/415/422 where a body is read, 422
/// where query parameters are read, 404 where a path names a resource, 500 everywhere.
struct StandardErrors;

const STANDARD: &[(&str, &str, &str, &str)] = &[
    (
        "MalformedJson",
        "400",
        "malformed_json",
        "The body is not valid JSON: EOF while parsing an object at line 1 column 12.",
    ),
    (
        "Unauthorized",
        "401",
        "unauthorized",
        "Sign in first: send `Authorization: Bearer <token>`.",
    ),
    (
        "Forbidden",
        "403",
        "forbidden",
        "This action needs the `super_admin` role; you have `viewer`.",
    ),
    ("NotFound", "404", "not_found", "Admin not found."),
    (
        "PayloadTooLarge",
        "413",
        "payload_too_large",
        "The body is larger than the limit of 262144 bytes.",
    ),
    (
        "UnsupportedMediaType",
        "415",
        "unsupported_media_type",
        "Send the body as JSON with `Content-Type: application/json`.",
    ),
    (
        "ValidationFailed",
        "422",
        "validation_failed",
        "Invalid value for: email.",
    ),
    (
        "RateLimited",
        "429",
        "rate_limited",
        "Too many licensing requests for this license key; try again in 12 seconds.",
    ),
    (
        "InternalError",
        "500",
        "internal_error",
        "An unexpected error occurred.",
    ),
    (
        "ServiceUnavailable",
        "503",
        "service_unavailable",
        "The database is unavailable; try again.",
    ),
];

fn problem_response(code: &str, status: &str, detail: &str) -> Response {
    let title = code.replace('_', " ");
    let mut example = serde_json::json!({
        "type": format!("https://latchkey.dev/problems/{code}"),
        "title": title,
        "status": status.parse::<u16>().unwrap_or(500),
        "detail": detail,
        "code": code,
    });
    if code == "validation_failed" {
        example["errors"] = serde_json::json!({"email": ["must be a valid email address"]});
    }
    ResponseBuilder::new()
        .description(format!("`{code}` problem document"))
        .content(
            "application/problem+json",
            Content::builder()
                .schema(Some(Ref::from_schema_name("Problem")))
                .example(Some(example))
                .build(),
        )
        .build()
}

impl Modify for StandardErrors {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for (name, status, code, detail) in STANDARD {
            components.responses.insert(
                name.to_string(),
                RefOr::T(problem_response(code, status, detail)),
            );
        }
        for (path, item) in openapi.paths.paths.iter_mut() {
            let has_id = path.contains('{');
            let is_api = path.starts_with("/api/");
            let is_licensing = path.starts_with("/api/v1/licensing/");
            for op in operations_mut(item) {
                add_standard(op, has_id, is_api, is_licensing);
            }
        }
    }
}

fn add_standard(op: &mut Operation, has_id: bool, is_api: bool, is_licensing: bool) {
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let has_body = op.request_body.is_some();
    let has_query = op.parameters.as_ref().is_some_and(|ps| {
        ps.iter()
            .any(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query))
    });
    let mut wanted: Vec<&str> = Vec::new();
    if has_body {
        wanted.extend([
            "MalformedJson",
            "PayloadTooLarge",
            "UnsupportedMediaType",
            "ValidationFailed",
        ]);
    }
    if has_query {
        wanted.push("ValidationFailed");
    }
    if secured {
        wanted.extend(["Unauthorized", "Forbidden"]);
    }
    if has_id {
        wanted.push("NotFound");
    }
    if is_licensing && has_body {
        wanted.push("RateLimited");
    }
    if is_api {
        wanted.extend(["InternalError", "ServiceUnavailable"]);
    }
    for name in wanted {
        let (_, status, _, _) = STANDARD
            .iter()
            .find(|(n, ..)| *n == name)
            .expect("known response");
        op.responses
            .responses
            .entry(status.to_string())
            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
    }
}

/// The operations of a path, for the modifiers that touch every one.
fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.post,
        &mut item.put,
        &mut item.patch,
        &mut item.delete,
    ]
    .into_iter()
    .flatten()
}

/// One signed example answer per code on each licensing call.
struct LicensingExamples;

impl Modify for LicensingExamples {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        use crate::licensing::examples;
        use crate::licensing::model::Action;
        use utoipa::openapi::example::ExampleBuilder;
        for (path, action) in [
            ("/api/v1/licensing/activate", Action::Activate),
            ("/api/v1/licensing/validate", Action::Validate),
            ("/api/v1/licensing/deactivate", Action::Deactivate),
        ] {
            let Some(RefOr::T(response)) = openapi
                .paths
                .paths
                .get_mut(path)
                .and_then(|item| item.post.as_mut())
                .and_then(|op| op.responses.responses.get_mut("200"))
            else {
                continue;
            };
            let Some(content) = response.content.get_mut("application/json") else {
                continue;
            };
            for code in examples::codes(action) {
                let example = ExampleBuilder::new()
                    .summary(code.as_str())
                    .description(format!(
                        "Signed with the demo key `{}` (public key `{}`).",
                        examples::DEMO_KEY_ID,
                        examples::demo_public_key()
                    ))
                    .value(Some(examples::envelope(*code)))
                    .build();
                content
                    .examples
                    .insert(code.as_str().to_string(), RefOr::T(example));
            }
        }
    }
}

/// The rule every request passes through (`http::extract`: no NUL character in any string
/// or object key, because PostgreSQL cannot store one), written on each string and free-form
/// object of every request body and query parameter, so that clients generated from the
/// spec never send what the server refuses. The values of a free-form object (metadata) are
/// `JsonValue`: any JSON, recursively held to the same rule.
struct InputRules;

/// A JSON Schema (ECMA 262) pattern for "no NUL character".
const NO_NUL: &str = "^[^\\x00]*$";

/// The component that free-form request objects take their values from.
const JSON_VALUE: &str = "JsonValue";

fn no_nul_string() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(NO_NUL))
}

/// Any JSON value whose strings and object keys hold no NUL character, at any depth.
fn json_value() -> Schema {
    let itself = || RefOr::Ref(Ref::from_schema_name(JSON_VALUE));
    Schema::AnyOf(
        AnyOfBuilder::new()
            .description(Some(
                "Any JSON value; no string or object key in it may contain a NUL character.",
            ))
            .item(no_nul_string())
            .item(ObjectBuilder::new().schema_type(Type::Number))
            .item(ObjectBuilder::new().schema_type(Type::Boolean))
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .item(ArrayBuilder::new().items(itself()))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .property_names(Some(no_nul_string()))
                    .additional_properties(Some(itself())),
            )
            .build(),
    )
}

impl Modify for InputRules {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let mut requested = std::collections::BTreeSet::new();
        for item in openapi.paths.paths.values_mut() {
            for op in operations_mut(item) {
                for param in op.parameters.iter_mut().flatten() {
                    if let Some(schema) = &mut param.schema {
                        no_nul(schema, &mut requested);
                    }
                }
                for content in op
                    .request_body
                    .iter_mut()
                    .flat_map(|b| b.content.values_mut())
                {
                    if let Some(schema) = &mut content.schema {
                        no_nul(schema, &mut requested);
                    }
                }
            }
        }
        // The components the requests name, and those they name in turn.
        let Some(components) = openapi.components.as_mut() else {
            return;
        };

        let mut done = std::collections::BTreeSet::new();
        while let Some(name) = requested.iter().find(|n| !done.contains(*n)).cloned() {
            done.insert(name.clone());
            if let Some(schema) = components.schemas.get_mut(&name) {
                no_nul(schema, &mut requested);
            }
        }
        if requested.contains(JSON_VALUE) {
            components
                .schemas
                .insert(JSON_VALUE.to_string(), RefOr::T(json_value()));
        }
    }
}

/// Adds the pattern to the strings in `schema` and names the components it refers to.
fn no_nul(schema: &mut RefOr<Schema>, refs: &mut std::collections::BTreeSet<String>) {
    let schema = match schema {
        RefOr::Ref(r) => {
            if let Some(name) = r.ref_location.strip_prefix("#/components/schemas/") {
                refs.insert(name.to_string());
            }
            return;
        }
        RefOr::T(schema) => schema,
    };
    match schema {
        Schema::Object(object) => {
            let is = |t: Type| match &object.schema_type {
                SchemaType::Type(own) => *own == t,
                SchemaType::Array(types) => types.contains(&t),
                SchemaType::AnyValue => false,
            };
            if is(Type::String) && object.pattern.is_none() {
                object.pattern = Some(NO_NUL.to_string());
            }
            if is(Type::Object) {
                object.property_names = Some(Box::new(Schema::Object(no_nul_string().build())));
                if object.properties.is_empty() && object.additional_properties.is_none() {
                    object.additional_properties = Some(Box::new(AdditionalProperties::RefOr(
                        RefOr::Ref(Ref::from_schema_name(JSON_VALUE)),
                    )));
                    refs.insert(JSON_VALUE.to_string());
                }
            }
            for property in object.properties.values_mut() {
                no_nul(property, refs);
            }
            if let Some(AdditionalProperties::RefOr(extra)) =
                object.additional_properties.as_deref_mut()
            {
                no_nul(extra, refs);
            }
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                no_nul(items, refs);
            }
        }
        Schema::OneOf(one) => one.items.iter_mut().for_each(|s| no_nul(s, refs)),
        Schema::AllOf(all) => all.items.iter_mut().for_each(|s| no_nul(s, refs)),
        Schema::AnyOf(any) => any.items.iter_mut().for_each(|s| no_nul(s, refs)),
        _ => {}
    }
}
