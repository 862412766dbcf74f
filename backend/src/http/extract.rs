//! Request extractors that turn bad input into problem documents naming the field.

use latchkey_macros::spec_limits;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::{CONTENT_TYPE, USER_AGENT};
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use validator::Validate;

use crate::context::RequestCtx;
use crate::error::{ApiError, ErrorCode};
use crate::http::middleware::RequestId;
use crate::http::state::AppState;

/// A JSON body, deserialized with the failing field's path and then validated.
/// Malformed JSON answers 400 `malformed_json`; a wrong type, a missing field or a failed
/// rule answers 422 `validation_failed` with `errors` keyed by field.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<AppState>>()
            .map(|s| s.config.max_body_bytes)
            .unwrap_or(262_144);
        Box::pin(read_json(req, payload, limit))
    }
}

/// [`ApiJson`] for endpoints whose requests are a few short fields (the licensing API):
/// anything over 16 KiB is refused before it is read.
pub struct SmallJson<T>(pub T);

pub const SMALL_JSON_LIMIT: usize = 16 * 1024;

impl<T: DeserializeOwned + Validate + 'static> FromRequest for SmallJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let read = read_json(req, payload, SMALL_JSON_LIMIT);
        Box::pin(async move { read.await.map(|ApiJson(v)| SmallJson(v)) })
    }
}

fn read_json<T: DeserializeOwned + Validate + 'static>(
    req: &HttpRequest,
    payload: &mut Payload,
    limit: usize,
) -> impl Future<Output = Result<ApiJson<T>, ApiError>> {
    let content_type_ok = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            let mime = v
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            mime == "application/json" || mime.ends_with("+json")
        })
        .unwrap_or(false);
    let mut payload = payload.take();
    async move {
        if !content_type_ok {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "Send the body as JSON with `Content-Type: application/json`.",
            ));
        }
        let mut body = web::BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|e| {
                ApiError::new(ErrorCode::BadRequest, format!("Cannot read the body: {e}"))
            })?;
            if body.len() + chunk.len() > limit {
                return Err(ApiError::new(
                    ErrorCode::PayloadTooLarge,
                    format!("The body is larger than the limit of {limit} bytes."),
                ));
            }
            body.extend_from_slice(&chunk);
        }
        let value = parse_json::<T>(&body)?;
        value.validate()?;
        Ok(ApiJson(value))
    }
}

pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::new(
            ErrorCode::MalformedJson,
            "The request body is empty; a JSON object was expected.",
        ));
    }
    if has_nul_escape(body) {
        // PostgreSQL cannot store NUL in text; refuse it here, naming the field.
        let field = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| nul_path(&v, ""))
            .unwrap_or_else(|| "body".to_string());
        return Err(ApiError::field(&field, "must not contain NUL characters"));
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize(de) {
        // JSON has one number type: `3.0` is the integer 3 (as JSON Schema counts it), which
        // serde will not read into an integer field. Only such bodies take the longer way.
        Err(err)
            if err
                .inner()
                .to_string()
                .starts_with("invalid type: floating point") =>
        {
            let mut value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
                ApiError::new(
                    ErrorCode::MalformedJson,
                    format!("The body is not valid JSON: {e}."),
                )
            })?;
            whole_floats_to_integers(&mut value);
            serde_path_to_error::deserialize(value).map_err(|e| body_error(&e))
        }
        parsed => parsed.map_err(|e| body_error(&e)),
    }
}

fn body_error(err: &serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = err.path().to_string();
    let inner = err.inner();
    match inner.classify() {
        serde_json::error::Category::Data => {
            let message = inner.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            ApiError::field(&field_name(&path, &message), message)
        }
        _ => ApiError::new(
            ErrorCode::MalformedJson,
            format!("The body is not valid JSON: {inner}."),
        ),
    }
}

/// Numbers such as `3.0` or `1e3` become the integers they are.
fn whole_floats_to_integers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64() {
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    *n = serde_json::Number::from(f as i64);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_floats_to_integers),
        serde_json::Value::Object(map) => map.values_mut().for_each(whole_floats_to_integers),
        _ => {}
    }
}

/// Whether a JSON text holds the escape `\u0000`. A raw NUL byte is invalid JSON anyway;
/// escapes only occur inside strings, and `\\` is skipped so `\\u0000` is not one.
fn has_nul_escape(body: &[u8]) -> bool {
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'\\' {
            if body[i + 1..].starts_with(b"u0000") {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// The path (`a.b[2]`) of the first key or string holding a NUL character.
fn nul_path(value: &serde_json::Value, at: &str) -> Option<String> {
    let join = |key: &str| {
        if at.is_empty() {
            key.to_string()
        } else {
            format!("{at}.{key}")
        }
    };
    match value {
        serde_json::Value::String(s) if s.contains('\0') => Some(if at.is_empty() {
            "body".into()
        } else {
            at.into()
        }),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_path(v, &format!("{at}[{i}]"))),
        serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| {
            if k.contains('\0') {
                Some(join(&k.replace('\0', "")))
            } else {
                nul_path(v, &join(k))
            }
        }),
        _ => None,
    }
}

/// A JSON body that may be left out: an empty body is `T::default()`. For actions whose
/// body only carries options (a reason, a count).
pub fn parse_optional_json<T: DeserializeOwned + Validate + Default>(
    body: &[u8],
) -> Result<T, ApiError> {
    // No body, or `null` (which the spec has always allowed for these bodies), means none.
    if body.iter().all(u8::is_ascii_whitespace) || body.trim_ascii() == b"null" {
        return Ok(T::default());
    }
    let value: T = parse_json(body)?;
    value.validate()?;
    Ok(value)
}

/// The optional body of actions that record why (suspend, revoke, deactivate).
#[spec_limits]
#[derive(Debug, Default, serde::Deserialize, Validate, utoipa::ToSchema)]
#[schema(example = json!({"reason": "Chargeback on order A-1042"}))]
pub struct ReasonRequest {
    #[validate(length(max = 1000, message = "must be at most 1000 characters"))]
    pub reason: Option<String>,
}

/// The trimmed reason of an optional [`ReasonRequest`] body; blank means none.
pub fn parse_reason(body: &[u8]) -> Result<Option<String>, ApiError> {
    let req: ReasonRequest = parse_optional_json(body)?;
    Ok(req
        .reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty()))
}

/// Query parameters, with the same field-named 422 on a bad value.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Validate> FromRequest for ApiQuery<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(ApiQuery))
    }
}

pub fn parse_query<T: DeserializeOwned + Validate>(query: &str) -> Result<T, ApiError> {
    if let Some((name, _)) =
        form_urlencoded::parse(query.as_bytes()).find(|(k, v)| k.contains('\0') || v.contains('\0'))
    {
        return Err(ApiError::field(
            &name.replace('\0', ""),
            "must not contain NUL characters",
        ));
    }
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    let value: T = serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let message = err.into_inner().to_string();
        ApiError::field(&field_name(&path, &message), message)
    })?;
    value.validate()?;
    Ok(value)
}

/// serde reports a missing field at its parent's path; name the field itself.
fn field_name(path: &str, message: &str) -> String {
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return if path == "." {
            field.to_string()
        } else {
            format!("{path}.{field}")
        };
    }
    if path == "." {
        "body".to_string()
    } else {
        path.to_string()
    }
}

impl FromRequest for RequestCtx {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(request_ctx(req)))
    }
}

/// The request's context as the services see it.
pub fn request_ctx(req: &HttpRequest) -> RequestCtx {
    let trusted = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.config.trusted_proxies.clone())
        .unwrap_or_default();
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    RequestCtx {
        ip: req
            .peer_addr()
            .map(|a| client_ip(a.ip(), forwarded, &trusted).to_string()),
        request_id: req.extensions().get::<RequestId>().map(|r| r.0.clone()),
        user_agent: req
            .headers()
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(300).collect()),
    }
}

/// Walks `X-Forwarded-For` from the right (the entries our own proxies appended) and stops
/// at the first address that is not a trusted proxy. Entries further left are written by
/// the client and never believed.
/// Addresses are compared in canonical form: a server bound to `[::]` sees IPv4 peers as
/// `::ffff:a.b.c.d`, which must still match an IPv4 range.
fn client_ip(peer: IpAddr, forwarded: Option<&str>, trusted: &[ipnet::IpNet]) -> IpAddr {
    let peer = peer.to_canonical();
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    for entry in forwarded.unwrap_or("").rsplit(',').map(str::trim) {
        match entry.parse::<IpAddr>().map(|ip| ip.to_canonical()) {
            Ok(ip) if is_trusted(&ip) => client = ip,
            Ok(ip) => return ip,
            Err(_) => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, Validate)]
    struct Body {
        #[allow(dead_code)]
        email: String,
        #[allow(dead_code)]
        count: Option<u32>,
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let client: IpAddr = "203.0.113.9".parse().unwrap();
        let trusted = [ipnet::IpNet::from(proxy)];
        assert_eq!(
            client_ip(client, Some("1.2.3.4"), &trusted),
            client,
            "untrusted peer"
        );
        assert_eq!(
            client_ip(proxy, Some("1.2.3.4, 203.0.113.9"), &trusted),
            client,
            "nearest untrusted entry"
        );
        assert_eq!(
            client_ip(proxy, Some("203.0.113.9, 10.0.0.2"), &trusted),
            client,
            "skips chained proxies"
        );
        assert_eq!(client_ip(proxy, None, &trusted), proxy);
        assert_eq!(client_ip(proxy, Some("garbage"), &trusted), proxy);
        // An IPv4 proxy seen by a server listening on [::].
        let mapped: IpAddr = "::ffff:10.0.0.2".parse().unwrap();
        assert_eq!(
            client_ip(mapped, Some("203.0.113.9"), &trusted),
            client,
            "IPv4-mapped peers match IPv4 entries"
        );
        // A range, as a Kubernetes ingress or a load balancer pool needs.
        let pool = ["10.0.0.0/8".parse::<ipnet::IpNet>().unwrap()];
        assert_eq!(
            client_ip(proxy, Some("203.0.113.9, 10.3.2.1"), &pool),
            client,
            "any proxy in the range"
        );
    }

    #[test]
    fn json_errors_name_the_field() {
        let e = parse_json::<Body>(br#"{"email": "a@b.c", "count": "x"}"#).unwrap_err();
        assert_eq!(e.code, ErrorCode::ValidationFailed);
        assert!(e.errors.unwrap().contains_key("count"));
        let e = parse_json::<Body>(br#"{"count": 1}"#).unwrap_err();
        assert!(e.errors.unwrap().contains_key("email"));
        let e = parse_json::<Body>(br#"{"email": "#).unwrap_err();
        assert_eq!(e.code, ErrorCode::MalformedJson);
        let e = parse_json::<Body>(b"").unwrap_err();
        assert_eq!(e.code, ErrorCode::MalformedJson);
        let e = parse_json::<Body>(br#"{"email": "a\u0000b"}"#).unwrap_err();
        assert!(
            e.errors.unwrap().contains_key("email"),
            "NUL is refused by field"
        );
        let ok = parse_json::<Body>(br#"{"email": "a\\u0000b"}"#);
        assert!(
            ok.is_ok(),
            "an escaped backslash followed by u0000 is plain text"
        );
    }
}
