use actix_web::{delete, get, patch, post, web, HttpResponse};
use latchkey_macros::spec_limits;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::model::*;
use super::service;
use crate::context::RequestCtx;
use crate::error::ApiResult;
use crate::http::extract::{ApiJson, ApiQuery};
use crate::http::guard::{Auth, RoleAdmin, RoleSuperAdmin, RoleViewer};
use crate::http::state::State;
use crate::paging::{Paging, Sort};

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductListQuery {
    #[validate(range(min = 1))]
    pub page: Option<i64>,
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<i64>,
    /// `name`, `slug` or `created_at`; `-` prefix for descending. Default `name`.
    #[sort_fields("name", "slug", "created_at")]
    pub sort: Option<String>,
    /// Case-insensitive substring of name or slug.
    #[validate(length(max = 200))]
    pub search: Option<String>,
    pub status: Option<ProductStatus>,
}

/// List products
#[utoipa::path(
    tag = "Products",
    params(ProductListQuery),
    responses((status = 200, description = "A page of products", body = ProductList)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/products")]
pub async fn list_products(
    state: State,
    _auth: Auth<RoleViewer>,
    query: ApiQuery<ProductListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    let sort = Sort::parse(q.sort.as_deref(), ProductListQuery::SORT_FIELDS, "name")?;
    let paging = Paging::new(q.page, q.per_page);
    let (data, meta) = state
        .db(move |conn| service::list(conn, q.search.as_deref(), q.status, &sort, paging))
        .await?;
    Ok(HttpResponse::Ok().json(ProductList { data, meta }))
}

/// Create a product
///
/// Makes the product's first Ed25519 signing key. The slug is derived from the name when
/// not given and must be unique (409 `conflict`).
#[utoipa::path(
    tag = "Products",
    request_body = CreateProductRequest,
    responses(
        (status = 201, description = "Created", body = Product),
        (status = 409, description = "`conflict`: the slug is taken", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/products")]
pub async fn create_product(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    body: ApiJson<CreateProductRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let principal = auth.principal;
    let product = state
        .db(move |conn| service::create(conn, &st.secrets, &principal, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::Created().json(product))
}

/// Get a product
#[utoipa::path(
    tag = "Products",
    params(("id" = String, Path, description = "Product id")),
    responses((status = 200, description = "The product", body = Product)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/products/{id}")]
pub async fn get_product(
    state: State,
    _auth: Auth<RoleViewer>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let product = state.db(move |conn| service::get(conn, &id)).await?;
    Ok(HttpResponse::Ok().json(product))
}

/// Update a product
///
/// Changing the defaults affects licenses created or assigned afterwards, not existing ones.
/// An inactive product gets no new licenses; its existing licenses keep working.
#[utoipa::path(
    tag = "Products",
    params(("id" = String, Path, description = "Product id")),
    request_body = UpdateProductRequest,
    responses(
        (status = 200, description = "Updated", body = Product),
        (status = 409, description = "`conflict`: the slug is taken", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[patch("/api/v1/admin/products/{id}")]
pub async fn update_product(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    id: web::Path<String>,
    body: ApiJson<UpdateProductRequest>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let principal = auth.principal;
    let product = state
        .db(move |conn| service::update(conn, &principal, &id, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(product))
}

/// Delete a product
///
/// Only a product without licenses: sold licenses are never deleted with their product
/// (409 `conflict`; set the product inactive instead).
#[utoipa::path(
    tag = "Products",
    params(("id" = String, Path, description = "Product id")),
    responses(
        (status = 204, description = "Deleted with its generators and keys"),
        (status = 409, description = "`conflict`: the product has licenses", body = crate::error::Problem, content_type = "application/problem+json",
            example = json!({"type": "https://latchkey.dev/problems/conflict", "title": "Conflict", "status": 409,
                "detail": "This product has 12 license(s); delete or move them first, or set the product inactive.", "code": "conflict"})),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[delete("/api/v1/admin/products/{id}")]
pub async fn delete_product(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let principal = auth.principal;
    state
        .db(move |conn| service::delete(conn, &principal, &id, &ctx))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Rotate the product's signing key
///
/// Super admins only. A new Ed25519 key signs answers from now on; the old public key stays
/// published under its `key_id`, so answers signed before still verify.
#[utoipa::path(
    tag = "Products",
    params(("id" = String, Path, description = "Product id")),
    responses((status = 200, description = "The product with its keys", body = Product)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/products/{id}/rotate-key")]
pub async fn rotate_product_key(
    state: State,
    auth: Auth<RoleSuperAdmin>,
    ctx: RequestCtx,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let st = state.clone();
    let principal = auth.principal;
    let product = state
        .db(move |conn| service::rotate_key(conn, &st.secrets, &principal, &id, &ctx))
        .await?;
    state
        .licensing
        .signer
        .forget(&crate::licensing::signer::KeyOwner::Product(
            product.id.clone(),
        ));
    Ok(HttpResponse::Ok().json(product))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_products)
        .service(create_product)
        .service(get_product)
        .service(update_product)
        .service(delete_product)
        .service(rotate_product_key);
}
