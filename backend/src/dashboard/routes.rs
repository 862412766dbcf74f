use actix_web::{get, HttpResponse};
use latchkey_macros::spec_limits;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::model::{SearchResults, Stats};
use super::service;
use crate::error::ApiResult;
use crate::http::extract::ApiQuery;
use crate::http::guard::{Auth, RoleViewer};
use crate::http::state::State;

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// Days of licensing traffic to return, 1 to 90 (default 30), ending today (UTC).
    #[validate(range(min = 1, max = 90, message = "must be 1 to 90 days"))]
    pub days: Option<i64>,
}

/// Dashboard statistics
///
/// Customers, licenses by status, activations holding a slot, licenses expiring within 30
/// days, and licensing-API traffic per UTC day (activations, validations and refusals).
/// Viewers and up.
#[utoipa::path(
    tag = "Dashboard",
    params(StatsQuery),
    responses(
        (status = 200, description = "The numbers", body = Stats),
        (status = 422, description = "`days` out of range (`validation_failed`)", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/stats")]
pub async fn stats(
    state: State,
    _auth: Auth<RoleViewer>,
    query: ApiQuery<StatsQuery>,
) -> ApiResult<HttpResponse> {
    let days = query.0.days.unwrap_or(30);
    let stats = state.db(move |conn| service::stats(conn, days)).await?;
    Ok(HttpResponse::Ok().json(stats))
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// What was typed: part of a customer's name or email, a customer's whole email, or
    /// the start of a license key. 1 to 200 characters after trimming.
    #[validate(length(min = 1, max = 200, message = "must be 1 to 200 characters"))]
    pub q: String,
    /// Results per kind, 1 to 20 (default 5).
    #[validate(range(min = 1, max = 20))]
    pub limit: Option<i64>,
}

/// Quick search
///
/// The command palette's lookup (Ctrl+K): customers whose name or email contains the
/// text, and licenses whose key starts with it (as typed or upper-cased) or that belong
/// to the customer with exactly that email. Viewers and up.
#[utoipa::path(
    tag = "Dashboard",
    params(SearchQuery),
    responses(
        (status = 200, description = "What matched", body = SearchResults),
        (status = 422, description = "`q` empty or too long (`validation_failed`)", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/search")]
pub async fn search(
    state: State,
    _auth: Auth<RoleViewer>,
    query: ApiQuery<SearchQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0.q.trim().to_string();
    if q.is_empty() {
        return Err(crate::error::ApiError::field(
            "q",
            "must be 1 to 200 characters",
        ));
    }
    let limit = query.0.limit.unwrap_or(5);
    let results = state
        .db(move |conn| service::search(conn, &q, limit))
        .await?;
    Ok(HttpResponse::Ok().json(results))
}

pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(stats).service(search);
}
