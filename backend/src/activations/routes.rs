use actix_web::{get, post, web, HttpResponse};
use latchkey_macros::spec_limits;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::model::{ActivationList, ActivationStatus};
use super::service;
use super::store::Filter;
use crate::context::RequestCtx;
use crate::db::time;
use crate::error::ApiResult;
use crate::http::extract::{parse_reason, ApiQuery, ReasonRequest};
use crate::http::guard::{Auth, RoleOperator, RoleViewer};
use crate::http::state::State;
use crate::paging::{Paging, Sort};

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivationListQuery {
    #[validate(range(min = 1))]
    pub page: Option<i64>,
    /// Rows per page, 1 to 100 (default 25).
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<i64>,
    /// `last_verified_at` or `activated_at`; `-` prefix for descending. Default
    /// `-activated_at`. Never-verified activations sort last by `last_verified_at`.
    #[sort_fields("last_verified_at", "activated_at")]
    pub sort: Option<String>,
    pub license_id: Option<String>,
    pub customer_id: Option<String>,
    pub product_id: Option<String>,
    pub status: Option<ActivationStatus>,
    /// Only activations not verified for more than this many days (a device never verified
    /// counts from its activation): the devices to free when a customer hits the activation
    /// limit. Not with `sort=-last_verified_at` unless `license_id` or `customer_id` is
    /// given (422 on `sort`).
    #[validate(range(min = 1, max = 3650, message = "must be 1 to 3650 days"))]
    pub stale_days: Option<i64>,
}

/// List activations
///
/// Devices and domains bound to licenses, active and past, with the license key, product
/// and owner. Filter by license, customer, product, status and staleness; sort by last
/// verification to find the device nobody uses any more. A list of more than 10,000
/// activations reports `total` 10,000 with `total_capped: true`; its pages can still be
/// read past that. Stale devices list fast newest activation first (the default), oldest
/// activation first, or least recently verified first; most recently verified first is
/// refused for the whole table (422 on `sort`), since no index serves it.
#[utoipa::path(
    tag = "Activations",
    params(ActivationListQuery),
    responses((status = 200, description = "A page of activations", body = ActivationList)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/activations")]
pub async fn list_activations(
    state: State,
    _auth: Auth<RoleViewer>,
    query: ApiQuery<ActivationListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    let sort = Sort::parse(
        q.sort.as_deref(),
        ActivationListQuery::SORT_FIELDS,
        service::DEFAULT_SORT,
    )?;
    let paging = Paging::new(q.page, q.per_page);
    let filter = Filter {
        license_id: q.license_id,
        customer_id: q.customer_id,
        product_id: q.product_id,
        status: q.status,
        stale_before: q
            .stale_days
            .map(|d| time::now() - chrono::Duration::days(d)),
        // Admins see a license's whole history, earlier owners' devices included.
        ..Default::default()
    };
    let (data, meta) = state
        .db(move |conn| service::list(conn, &filter, &sort, paging))
        .await?;
    Ok(HttpResponse::Ok().json(ActivationList { data, meta }))
}

/// Get an activation
#[utoipa::path(
    tag = "Activations",
    params(("id" = String, Path, description = "Activation id")),
    responses((status = 200, description = "The activation", body = super::model::Activation)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/activations/{id}")]
pub async fn get_activation(
    state: State,
    _auth: Auth<RoleViewer>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let activation = state.db(move |conn| service::get(conn, &id)).await?;
    Ok(HttpResponse::Ok().json(activation))
}

/// Deactivate an activation
///
/// Operators and up. Frees the slot at once, so the customer can activate another device;
/// the activation stays as history with the reason. 409 `invalid_transition` when it is
/// already inactive.
#[utoipa::path(
    tag = "Activations",
    params(("id" = String, Path, description = "Activation id")),
    request_body(content = Option<ReasonRequest>, description = "Optional reason, kept with the activation"),
    responses(
        (status = 200, description = "The deactivated activation", body = super::model::Activation),
        (status = 409, description = "Already inactive (`invalid_transition`)", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/activations/{id}/deactivate")]
pub async fn deactivate_activation(
    state: State,
    auth: Auth<RoleOperator>,
    ctx: RequestCtx,
    id: web::Path<String>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let reason = parse_reason(&body)?.unwrap_or_else(|| "deactivated by an administrator".into());
    let id = id.into_inner();
    let actor = auth.principal.actor();
    let activation = state
        .db(move |conn| service::deactivate(conn, &id, None, &reason, &actor, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(activation))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_activations)
        .service(get_activation)
        .service(deactivate_activation);
}
