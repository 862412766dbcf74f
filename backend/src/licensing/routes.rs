use std::time::Instant;

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};

use super::model::{
    Action, ActivateRequest, DeactivateRequest, Envelope, LicensingResult, PublicKeySet,
    ValidateRequest,
};
use super::service::{self, Answer, Device};
use super::signer;
use crate::db::time;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::http::extract::SmallJson;
use crate::http::state::State;
use crate::signing::service as signing;

/// The largest `metadata` object an activation keeps, as JSON text.
const MAX_METADATA_BYTES: usize = 4096;

/// Applies the per-IP and per-key limits; a refusal is counted like an answer.
fn limit(state: &State, action: Action, ip: Option<&str>, license_key: &str) -> ApiResult<()> {
    let now = Instant::now();
    let refused = |what: &str, secs: u64| {
        state
            .licensing
            .usage
            .record(action, "RATE_LIMITED", "", None, time::now());
        ApiError::rate_limited(secs).with_detail(format!(
            "Too many licensing requests {what}; try again in {secs} seconds."
        ))
    };
    if let Some(ip) = ip {
        state
            .licensing
            .per_ip
            .check(&client_network(ip), now)
            .map_err(|secs| refused("from this address", secs))?;
    }
    state
        .licensing
        .per_key
        .check(license_key, now)
        .map_err(|secs| refused("for this license key", secs))
}

/// What the per-IP limit counts: an IPv4 address, or an IPv6 /64 — one host usually has
/// a whole /64 to pick addresses from.
fn client_network(ip: &str) -> std::borrow::Cow<'_, str> {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3]).into()
        }
        _ => ip.into(),
    }
}

/// Keys and identifiers are compared exactly, but pasted ones often carry spaces.
fn required(field: &str, value: &mut String) -> ApiResult<()> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(ApiError::field(field, "must not be blank"));
    }
    if trimmed.len() != value.len() {
        *value = trimmed.to_string();
    }
    Ok(())
}

fn optional(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Runs `decide` with a connection, then [`send`]s its answer.
async fn answer<F>(
    state: State,
    action: Action,
    nonce: Option<String>,
    ip: Option<String>,
    decide: F,
) -> ApiResult<HttpResponse>
where
    F: FnOnce(&mut crate::db::DbConn, chrono::NaiveDateTime) -> ApiResult<Answer> + Send + 'static,
{
    let now = time::now();
    let answer = state.db(move |c| decide(c, now)).await?;
    send(state, action, nonce, ip, answer, now).await
}

/// Notes the answer for the usage counts and sends it signed, with the signing key from
/// memory (or, at most once a minute, the database).
async fn send(
    state: State,
    action: Action,
    nonce: Option<String>,
    ip: Option<String>,
    answer: Answer,
    now: chrono::NaiveDateTime,
) -> ApiResult<HttpResponse> {
    let key = match state.licensing.signer.cached(&answer.signer) {
        Some(key) => key,
        None => {
            let (st, owner) = (state.clone(), answer.signer.clone());
            state
                .db(move |c| st.licensing.signer.key(c, &st.secrets, &owner))
                .await?
        }
    };
    state.licensing.usage.record(
        action,
        answer.code.as_str(),
        &answer.product_id,
        answer.verified.as_deref().map(|id| (id, ip.as_deref())),
        now,
    );
    let result = LicensingResult {
        valid: answer.code.valid(),
        code: answer.code,
        detail: answer.detail,
        license: answer.license,
        activation: answer.activation,
        nonce,
        issued_at: time::to_utc(now),
        ttl_s: state.config.licensing_ttl_secs,
    };
    let body = signer::envelope(&key, &result)?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

/// Activate a device or domain
///
/// Binds `identifier` to the license, taking one of its `max_activations` slots. The
/// license key is the credential; no bearer token. Every answer is HTTP 200 with a signed
/// envelope whose `code` says what happened: `ACTIVATED` (a slot was taken),
/// `ALREADY_ACTIVE` (the identifier holds one already; nothing changes), or a refusal —
/// `ACTIVATION_LIMIT_REACHED`, `NOT_FOUND`, `NOT_ASSIGNED`, `EXPIRED`, `SUSPENDED`,
/// `REVOKED`, `PRODUCT_MISMATCH`. Limits hold under any concurrency, also across several
/// latchkey processes. Rate-limited per IP and per license key (429 with `Retry-After`).
#[utoipa::path(
    tag = "Licensing",
    request_body = ActivateRequest,
    responses((status = 200, description = "A signed answer (see the examples for each code)", body = Envelope)),
)]
#[post("/api/v1/licensing/activate")]
pub async fn activate(
    state: State,
    req: HttpRequest,
    body: SmallJson<ActivateRequest>,
) -> ApiResult<HttpResponse> {
    let mut body = body.0;
    required("license_key", &mut body.license_key)?;
    required("identifier", &mut body.identifier)?;
    body.name = optional(body.name);
    body.platform = optional(body.platform);
    let metadata = match &body.metadata {
        None => "{}".to_string(),
        Some(v @ serde_json::Value::Object(_)) => {
            let text = v.to_string();
            if text.len() > MAX_METADATA_BYTES {
                return Err(ApiError::field(
                    "metadata",
                    format!("must be at most {MAX_METADATA_BYTES} bytes of JSON"),
                ));
            }
            text
        }
        Some(_) => return Err(ApiError::field("metadata", "must be a JSON object")),
    };
    let ctx = crate::http::extract::request_ctx(&req);
    limit(
        &state,
        Action::Activate,
        ctx.ip.as_deref(),
        &body.license_key,
    )?;
    let nonce = body.nonce.clone();
    let ip = ctx.ip.clone();
    answer(state, Action::Activate, nonce, ip, move |c, now| {
        service::activate(
            c,
            &Device {
                request: &body,
                metadata,
            },
            &ctx,
            now,
        )
    })
    .await
}

/// Validate a license
///
/// Is this license usable — and, with `identifier`, is this device activated on it? `VALID`
/// or the reason it is not: `NOT_ACTIVATED`, `NOT_FOUND`, `NOT_ASSIGNED`, `EXPIRED`,
/// `SUSPENDED`, `REVOKED`, `PRODUCT_MISMATCH`; `detail` names the date or the limit.
/// Validation only reads: the device's `last_verified_at` and address are written within
/// a few seconds (`LATCHKEY_USAGE_FLUSH_SECS`).
#[utoipa::path(
    tag = "Licensing",
    request_body = ValidateRequest,
    responses((status = 200, description = "A signed answer (see the examples for each code)", body = Envelope)),
)]
#[post("/api/v1/licensing/validate")]
pub async fn validate(
    state: State,
    req: HttpRequest,
    body: SmallJson<ValidateRequest>,
) -> ApiResult<HttpResponse> {
    let mut body = body.0;
    required("license_key", &mut body.license_key)?;
    if let Some(identifier) = body.identifier.as_mut() {
        required("identifier", identifier)?;
    }
    let ip = crate::http::extract::request_ctx(&req).ip;
    limit(&state, Action::Validate, ip.as_deref(), &body.license_key)?;
    let now = time::now();
    let found = state
        .licensing
        .lookups
        .find(
            &state.pool,
            body.license_key.clone(),
            body.identifier.clone(),
        )
        .await?;
    let answer = service::validate(found, &body, ip.as_deref(), now);
    send(state, Action::Validate, body.nonce, ip, answer, now).await
}

/// Deactivate a device or domain
///
/// Frees the identifier's slot at once (`DEACTIVATED`), whatever the license's state, so a
/// customer can move to a new machine. `NOT_ACTIVATED` when it held none; `NOT_FOUND` and
/// `PRODUCT_MISMATCH` as for the other calls.
#[utoipa::path(
    tag = "Licensing",
    request_body = DeactivateRequest,
    responses((status = 200, description = "A signed answer (see the examples for each code)", body = Envelope)),
)]
#[post("/api/v1/licensing/deactivate")]
pub async fn deactivate(
    state: State,
    req: HttpRequest,
    body: SmallJson<DeactivateRequest>,
) -> ApiResult<HttpResponse> {
    let mut body = body.0;
    required("license_key", &mut body.license_key)?;
    required("identifier", &mut body.identifier)?;
    let ctx = crate::http::extract::request_ctx(&req);
    limit(
        &state,
        Action::Deactivate,
        ctx.ip.as_deref(),
        &body.license_key,
    )?;
    let nonce = body.nonce.clone();
    let ip = ctx.ip.clone();
    answer(state, Action::Deactivate, nonce, ip, move |c, now| {
        service::deactivate(c, &body, &ctx, now)
    })
    .await
}

/// A product's public keys
///
/// The Ed25519 keys that sign answers about this product's licenses, by `key_id`: the
/// active one and every retired one (answers signed before a rotation still verify). Pin
/// them in the software you ship.
#[utoipa::path(
    tag = "Licensing",
    params(("id" = String, Path, description = "Product id")),
    responses((status = 200, description = "The product's keys, oldest first", body = PublicKeySet)),
)]
#[get("/api/v1/licensing/products/{id}/public-keys")]
pub async fn product_public_keys(state: State, id: web::Path<String>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let keys = state
        .db(move |c| signing::public_keys(c, Some(&id)))
        .await?;
    if keys.is_empty() {
        return Err(ApiError::not_found("Product"));
    }
    Ok(HttpResponse::Ok().json(PublicKeySet { keys }))
}

/// The server's public keys
///
/// The keys that sign answers not about a license of the product asked for (`NOT_FOUND`,
/// `PRODUCT_MISMATCH`). Pin them beside the product's keys.
#[utoipa::path(
    tag = "Licensing",
    responses((status = 200, description = "The server's keys, oldest first", body = PublicKeySet)),
)]
#[get("/api/v1/licensing/public-keys")]
pub async fn server_public_keys(state: State) -> ApiResult<HttpResponse> {
    let keys = state.db(|c| signing::public_keys(c, None)).await?;
    if keys.is_empty() {
        return Err(ApiError::new(
            ErrorCode::ServiceUnavailable,
            "The server key has not been created yet.",
        ));
    }
    Ok(HttpResponse::Ok().json(PublicKeySet { keys }))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(activate)
        .service(validate)
        .service(deactivate)
        .service(product_public_keys)
        .service(server_public_keys);
}

#[cfg(test)]
mod tests {
    use super::client_network;

    #[test]
    fn ipv6_clients_are_limited_by_their_64() {
        assert_eq!(client_network("203.0.113.9"), "203.0.113.9");
        assert_eq!(
            client_network("2001:db8:1:2:aaaa::1"),
            client_network("2001:db8:1:2:ffff:1:2:3")
        );
        assert_eq!(client_network("2001:db8:1:2::7"), "2001:db8:1:2::/64");
        assert_ne!(
            client_network("2001:db8:1:2::1"),
            client_network("2001:db8:1:3::1")
        );
        assert_eq!(client_network("::ffff:203.0.113.9"), "::ffff:203.0.113.9");
    }
}
