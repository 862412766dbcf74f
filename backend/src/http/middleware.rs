//! One middleware for what every request gets: an `X-Request-Id`, the security headers
//! (`http::headers`), a metrics sample and one structured log line.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage, ResponseError};

use crate::error::{ApiError, ErrorCode};
use crate::http::state::AppState;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The request id, in the request's extensions for handlers and audit events.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

fn acceptable_request_id(value: &str) -> bool {
    !value.is_empty() && value.len() <= 128 && value.bytes().all(|b| b.is_ascii_graphic())
}

pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let request_id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable_request_id(v))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    req.extensions_mut().insert(RequestId(request_id.clone()));
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let method = req.method().to_string();
    let path = req.path().to_string();

    // A NUL in a path segment would reach the database, which PostgreSQL refuses.
    let mut res = if path.contains("%00") {
        let problem = ApiError::new(
            ErrorCode::BadRequest,
            "The path must not contain NUL characters (%00).",
        );
        req.into_response(problem.error_response())
    } else {
        next.call(req).await?.map_into_boxed_body()
    };
    let status = res.status().as_u16();
    let route = res.request().match_pattern().unwrap_or_else(|| {
        if path.starts_with("/api") {
            "unmatched".into()
        } else {
            "spa".into()
        }
    });
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    let https = state.as_ref().is_some_and(|s| s.config.public_https());
    crate::http::headers::apply(res.headers_mut(), &path, https);
    let elapsed = started.elapsed();
    if let Some(state) = state {
        state
            .metrics
            .observe(&method, &route, status, elapsed.as_secs_f64());
    }
    tracing::info!(
        target: "latchkey::http",
        method = %method,
        route = %route,
        status,
        latency_ms = (elapsed.as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
        request_id = %request_id,
        "request"
    );
    Ok(res)
}
