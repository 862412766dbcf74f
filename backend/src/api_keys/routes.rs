use actix_web::{delete, get, post, web, HttpResponse};
use latchkey_macros::spec_limits;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::model::*;
use super::service;
use crate::context::RequestCtx;
use crate::error::ApiResult;
use crate::http::extract::{ApiJson, ApiQuery};
use crate::http::guard::{Auth, RoleAdmin};
use crate::http::state::State;
use crate::paging::Paging;

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApiKeyListQuery {
    #[validate(range(min = 1))]
    pub page: Option<i64>,
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<i64>,
    /// Include revoked keys (default false). Newest first.
    pub include_revoked: Option<bool>,
}

/// List API keys
///
/// Your own keys and those of admins whose role is not above yours (an `admin` never sees
/// a super admin's keys). Each shows `effective_role`: what it may do now, never more than
/// its owner's current role.
#[utoipa::path(
    tag = "API keys",
    params(ApiKeyListQuery),
    responses((status = 200, description = "A page of API keys, newest first", body = ApiKeyList)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/api-keys")]
pub async fn list_api_keys(
    state: State,
    auth: Auth<RoleAdmin>,
    query: ApiQuery<ApiKeyListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    let paging = Paging::new(q.page, q.per_page);
    let include_revoked = q.include_revoked.unwrap_or(false);
    let principal = auth.principal;
    let (data, meta) = state
        .db(move |conn| service::list(conn, &principal, include_revoked, paging))
        .await?;
    Ok(HttpResponse::Ok().json(ApiKeyList { data, meta }))
}

/// Create an API key
///
/// The answer holds the secret `lk_…` once; only its hash is stored. The key belongs to
/// you: its role cannot exceed yours, and it never acts with more than your role at the
/// time of each request (demoting you lowers it; deactivating you suspends it; deleting
/// you revokes it). Only signed-in admins make keys: an API key gets 403 here.
#[utoipa::path(
    tag = "API keys",
    request_body = CreateApiKeyRequest,
    responses((status = 201, description = "Created; copy `secret` now", body = CreatedApiKey)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/api-keys")]
pub async fn create_api_key(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    body: ApiJson<CreateApiKeyRequest>,
) -> ApiResult<HttpResponse> {
    let principal = auth.principal;
    let created = state
        .db(move |conn| service::create(conn, &principal, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Get an API key
///
/// 403 for a key of an admin whose role is above yours.
#[utoipa::path(
    tag = "API keys",
    params(("id" = String, Path, description = "API key id")),
    responses((status = 200, description = "The API key (without its secret)", body = ApiKey)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/api-keys/{id}")]
pub async fn get_api_key(
    state: State,
    auth: Auth<RoleAdmin>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let principal = auth.principal;
    let key = state
        .db(move |conn| service::get(conn, &principal, &id))
        .await?;
    Ok(HttpResponse::Ok().json(key))
}

/// Revoke an API key
///
/// Takes effect at once, also for "View as customer" sessions opened with it. The key stays
/// listed (with `include_revoked=true`) for the record. 403 for a key of an admin whose role
/// is above yours.
#[utoipa::path(
    tag = "API keys",
    params(("id" = String, Path, description = "API key id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 409, description = "`invalid_transition`: already revoked", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[delete("/api/v1/admin/api-keys/{id}")]
pub async fn revoke_api_key(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let principal = auth.principal;
    state
        .db(move |conn| service::revoke(conn, &principal, &id, &ctx))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_api_keys)
        .service(create_api_key)
        .service(get_api_key)
        .service(revoke_api_key);
}
