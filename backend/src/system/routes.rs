use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult};
use crate::http::state::State;

#[derive(Serialize, ToSchema)]
#[schema(example = json!({"status": "ok", "version": "0.1.0"}))]
pub struct Health {
    pub status: String,
    pub version: String,
}

#[derive(Serialize, ToSchema)]
#[schema(example = json!({"status": "ready", "database": "sqlite"}))]
pub struct Readiness {
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
}

/// Liveness
///
/// 200 while the process serves HTTP; touches nothing else.
#[utoipa::path(tag = "System", responses((status = 200, description = "Alive", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// Readiness
///
/// 200 when the database answers; 503 `service_unavailable` otherwise.
#[utoipa::path(
    tag = "System",
    responses(
        (status = 200, description = "Ready", body = Readiness),
        (status = 503, description = "The database is unreachable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: State) -> ApiResult<HttpResponse> {
    state
        .db(|conn| crate::db::ping(conn).map_err(ApiError::unavailable))
        .await?;
    Ok(HttpResponse::Ok().json(Readiness {
        status: "ready".into(),
        database: state.backend.name().into(),
    }))
}

/// Prometheus metrics
///
/// `latchkey_http_requests_total` and `latchkey_http_request_duration_seconds`, labelled by
/// method, route pattern and status.
#[utoipa::path(
    tag = "System",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain; version=0.0.4"))
)]
#[get("/metrics")]
pub async fn metrics(state: State) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render())
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(healthz).service(readyz).service(metrics);
}
