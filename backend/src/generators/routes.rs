use actix_web::{delete, get, patch, post, web, HttpResponse};
use latchkey_macros::spec_limits;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::model::*;
use super::service;
use crate::context::RequestCtx;
use crate::error::ApiResult;
use crate::http::extract::{parse_optional_json, ApiJson, ApiQuery};
use crate::http::guard::{Auth, RoleAdmin, RoleViewer};
use crate::http::state::State;
use crate::paging::Paging;

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GeneratorListQuery {
    #[validate(range(min = 1))]
    pub page: Option<i64>,
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<i64>,
}

/// List a product's generators
#[utoipa::path(
    tag = "Generators",
    params(("id" = String, Path, description = "Product id"), GeneratorListQuery),
    responses((status = 200, description = "Generators, oldest first", body = GeneratorList)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/products/{id}/generators")]
pub async fn list_generators(
    state: State,
    _auth: Auth<RoleViewer>,
    id: web::Path<String>,
    query: ApiQuery<GeneratorListQuery>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let paging = Paging::new(query.0.page, query.0.per_page);
    let (data, meta) = state
        .db(move |conn| service::list(conn, &id, paging))
        .await?;
    Ok(HttpResponse::Ok().json(GeneratorList { data, meta }))
}

/// Create a generator
///
/// Impossible formats are refused with field errors: too few random bits (under 40), a
/// charset with fewer than two distinct characters, a separator found in the charset.
#[utoipa::path(
    tag = "Generators",
    params(("id" = String, Path, description = "Product id")),
    request_body = CreateGeneratorRequest,
    responses((status = 201, description = "Created", body = Generator)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/products/{id}/generators")]
pub async fn create_generator(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    id: web::Path<String>,
    body: ApiJson<CreateGeneratorRequest>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let principal = auth.principal;
    let generator = state
        .db(move |conn| service::create(conn, &principal, &id, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::Created().json(generator))
}

/// Get a generator
#[utoipa::path(
    tag = "Generators",
    params(("id" = String, Path, description = "Product id"), ("gid" = String, Path, description = "Generator id")),
    responses((status = 200, description = "The generator", body = Generator)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/products/{id}/generators/{gid}")]
pub async fn get_generator(
    state: State,
    _auth: Auth<RoleViewer>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, gid) = path.into_inner();
    let row = state
        .db(move |conn| service::get_row(conn, &id, &gid))
        .await?;
    Ok(HttpResponse::Ok().json(Generator::from(&row)))
}

/// Update a generator
///
/// Affects keys generated afterwards; existing licenses keep their keys.
#[utoipa::path(
    tag = "Generators",
    params(("id" = String, Path, description = "Product id"), ("gid" = String, Path, description = "Generator id")),
    request_body = UpdateGeneratorRequest,
    responses((status = 200, description = "Updated", body = Generator)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[patch("/api/v1/admin/products/{id}/generators/{gid}")]
pub async fn update_generator(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    path: web::Path<(String, String)>,
    body: ApiJson<UpdateGeneratorRequest>,
) -> ApiResult<HttpResponse> {
    let (id, gid) = path.into_inner();
    let principal = auth.principal;
    let generator = state
        .db(move |conn| service::update(conn, &principal, &id, &gid, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(generator))
}

/// Delete a generator
///
/// Licenses it made keep their keys.
#[utoipa::path(
    tag = "Generators",
    params(("id" = String, Path, description = "Product id"), ("gid" = String, Path, description = "Generator id")),
    responses((status = 204, description = "Deleted")),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[delete("/api/v1/admin/products/{id}/generators/{gid}")]
pub async fn delete_generator(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, gid) = path.into_inner();
    let principal = auth.principal;
    state
        .db(move |conn| service::delete(conn, &principal, &id, &gid, &ctx))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Preview keys
///
/// Sample keys in the generator's format. Nothing is stored or reserved.
#[utoipa::path(
    tag = "Generators",
    params(("id" = String, Path, description = "Product id"), ("gid" = String, Path, description = "Generator id")),
    request_body(content = Option<PreviewRequest>, description = "Optional"),
    responses((status = 200, description = "Sample keys", body = Preview)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/products/{id}/generators/{gid}/preview")]
pub async fn preview_generator(
    state: State,
    _auth: Auth<RoleViewer>,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let req: PreviewRequest = parse_optional_json(&body)?;
    let (id, gid) = path.into_inner();
    let count = req.count.unwrap_or(5);
    let preview = state
        .db(move |conn| service::preview(conn, &id, &gid, count))
        .await?;
    Ok(HttpResponse::Ok().json(preview))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_generators)
        .service(create_generator)
        .service(get_generator)
        .service(update_generator)
        .service(delete_generator)
        .service(preview_generator);
}
