use actix_web::{delete, get, patch, post, web, HttpResponse};
use latchkey_macros::spec_limits;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::model::*;
use super::service;
use super::store::Filter;
use crate::activations::model::{ActivationList, ActivationStatus};
use crate::activations::store::Filter as ActivationFilter;
use crate::audit::model::AuditEventList;
use crate::audit::store::Filter as AuditFilter;
use crate::context::RequestCtx;
use crate::db::time;
use crate::error::{ApiError, ApiResult};
use crate::http::csv;
use crate::http::export::{export_response, ExportQuery};
use crate::http::extract::{ApiJson, ApiQuery};
use crate::http::guard::{Auth, RoleAdmin, RoleOperator, RoleViewer};
use crate::http::state::State;
use crate::licenses::model::LicenseList;
use crate::licenses::status::LicenseStatus;
use crate::licenses::store::Filter as LicenseFilter;
use crate::outbox::Template;
use crate::paging::{Paging, Sort};

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerListQuery {
    /// Page number, from 1.
    #[validate(range(min = 1))]
    pub page: Option<i64>,
    /// Rows per page, 1 to 100 (default 25).
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<i64>,
    /// `name`, `email`, `created_at` or `license_count`; `-` prefix for descending.
    /// Default `-created_at` (newest first). Customers without a name sort last by name in
    /// both directions.
    #[param(example = "name")]
    #[sort_fields("name", "email", "created_at", "license_count")]
    pub sort: Option<String>,
    /// Case-insensitive substring of the name or the email: `john`, `@gmail.com`, `acme`,
    /// `sarah@`.
    #[validate(length(max = 200))]
    #[param(example = "@gmail.com")]
    pub search: Option<String>,
}

impl CustomerListQuery {
    fn filter(&self) -> Filter {
        Filter {
            search: self
                .search
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        }
    }

    fn sort(&self) -> Result<Sort, ApiError> {
        Sort::parse(self.sort.as_deref(), Self::SORT_FIELDS, "-created_at")
    }
}

/// List customers
///
/// Search by name or email (case-insensitive substring), sort by name, email, join date or
/// license count, page through the result. Each row carries the number of licenses the
/// customer owns, in every state.
#[utoipa::path(
    tag = "Customers",
    params(CustomerListQuery),
    responses((status = 200, description = "A page of customers", body = CustomerList,
        example = json!({"data": [{"id": "01936f4e-9999-7cc0-8a55-0d4e3b1f2a10", "name": "Sarah Johnson", "email": "sarah@company.com", "license_count": 3, "status": "active", "created_at": "2026-01-26T14:03:00Z"}], "meta": {"page": 1, "per_page": 25, "total": 1, "total_pages": 1}}))),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/customers")]
pub async fn list_customers(
    state: State,
    _auth: Auth<RoleViewer>,
    query: ApiQuery<CustomerListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    let sort = q.sort()?;
    let filter = q.filter();
    let paging = Paging::new(q.page, q.per_page);
    let (data, meta) = state
        .db(move |conn| service::list(conn, &filter, &sort, paging))
        .await?;
    Ok(HttpResponse::Ok().json(CustomerList { data, meta }))
}

const LIST_EXPORT_HEADER: [&str; 5] = ["name", "email", "license_count", "joined", "status"];

/// Export customers as CSV
///
/// The same search and sort as the list, without paging: name, email, license count, join
/// date and status of every matching customer, streamed (constant memory on the server).
#[utoipa::path(
    tag = "Customers",
    params(CustomerListQuery),
    responses((status = 200, description = "CSV with a header row", body = String, content_type = "text/csv",
        example = "name,email,license_count,joined,status\r\nSarah Johnson,sarah@company.com,3,2026-01-26T14:03:00+00:00,active\r\n")),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/customers/export")]
pub async fn export_customers(
    state: State,
    _auth: Auth<RoleAdmin>,
    query: ApiQuery<CustomerListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    let sort = q.sort()?;
    let filter = q.filter();
    Ok(csv::stream(
        state.pool.clone(),
        "customers.csv",
        &LIST_EXPORT_HEADER,
        move |c, after, limit| service::page_after(c, &filter, &sort, after, limit),
        |c: &Customer| {
            csv::line([
                c.name.clone().unwrap_or_default(),
                c.email.clone(),
                c.license_count.to_string(),
                c.created_at.to_rfc3339(),
                c.status.as_str().to_string(),
            ])
        },
    ))
}

/// Get a customer
///
/// The profile with counts of the customer's licenses by status and of their active
/// activations.
#[utoipa::path(
    tag = "Customers",
    params(("id" = String, Path, description = "Customer id")),
    responses((status = 200, description = "The customer", body = CustomerDetail)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/customers/{id}")]
pub async fn get_customer(
    state: State,
    _auth: Auth<RoleViewer>,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let customer = state
        .db(move |conn| crate::customer_records::service::detail(conn, &id))
        .await?;
    Ok(HttpResponse::Ok().json(customer))
}

/// Update a customer
///
/// Change the name (null or empty clears it) and the status (`inactive` and `suspended`
/// customers cannot sign in to the portal). The email cannot change: it is the customer's
/// identity; sending it answers 422.
#[utoipa::path(
    tag = "Customers",
    params(("id" = String, Path, description = "Customer id")),
    request_body = UpdateCustomerRequest,
    responses((status = 200, description = "The updated customer", body = CustomerDetail)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[patch("/api/v1/admin/customers/{id}")]
pub async fn update_customer(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    path: web::Path<String>,
    body: ApiJson<UpdateCustomerRequest>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let principal = auth.principal;
    let customer = state
        .db(move |conn| {
            crate::customer_records::service::update(conn, &principal.actor(), &id, &body.0, &ctx)
        })
        .await?;
    Ok(HttpResponse::Ok().json(customer))
}

/// Erase a customer (GDPR)
///
/// Permanent. Confirm by sending the customer's email as `confirm`. Their licenses become
/// unassigned (devices deactivated); their email, name, password, sessions, mails and the
/// IP addresses and device names of their activations are removed. The audit trail keeps
/// the customer's id only.
#[utoipa::path(
    tag = "Customers",
    params(("id" = String, Path, description = "Customer id")),
    request_body = DeleteCustomerRequest,
    responses((status = 200, description = "Erased", body = CustomerErased)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[delete("/api/v1/admin/customers/{id}")]
pub async fn delete_customer(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    path: web::Path<String>,
    body: ApiJson<DeleteCustomerRequest>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let principal = auth.principal;
    let erased = state
        .db(move |conn| service::erase(conn, &principal, &id, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(erased))
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerLicensesQuery {
    #[validate(range(min = 1))]
    pub page: Option<i64>,
    /// Rows per page, 1 to 100 (default 15).
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<i64>,
    /// `created_at`, `expires_at` or `key`; `-` prefix for descending. Default `-created_at`.
    #[sort_fields("created_at", "expires_at", "key")]
    pub sort: Option<String>,
    /// The derived status.
    pub status: Option<LicenseStatus>,
}

/// A customer's licenses
///
/// The license inventory of the customer's page, 15 per page by default: key, product,
/// derived status, expiry (null = perpetual), activations used and limit, created.
#[utoipa::path(
    tag = "Customers",
    params(("id" = String, Path, description = "Customer id"), CustomerLicensesQuery),
    responses((status = 200, description = "A page of the customer's licenses", body = LicenseList)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/customers/{id}/licenses")]
pub async fn customer_licenses(
    state: State,
    _auth: Auth<RoleViewer>,
    path: web::Path<String>,
    query: ApiQuery<CustomerLicensesQuery>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let q = query.0;
    let sort = Sort::parse(
        q.sort.as_deref(),
        CustomerLicensesQuery::SORT_FIELDS,
        "-created_at",
    )?;
    let paging = Paging::new(q.page, Some(q.per_page.unwrap_or(15)));
    let (data, meta) = state
        .db(move |conn| {
            service::get(conn, &id)?;
            let filter = LicenseFilter {
                customer_id: Some(id),
                status: q.status,
                now: time::now(),
                ..Default::default()
            };
            crate::licenses::service::list(conn, &filter, &sort, paging)
        })
        .await?;
    Ok(HttpResponse::Ok().json(LicenseList { data, meta }))
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerActivationsQuery {
    #[validate(range(min = 1))]
    pub page: Option<i64>,
    /// Rows per page, 1 to 100 (default 25).
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<i64>,
    /// `last_verified_at` or `activated_at`; `-` prefix for descending. Default
    /// `-activated_at`. Never-verified activations sort last by `last_verified_at`.
    #[sort_fields("last_verified_at", "activated_at")]
    pub sort: Option<String>,
    pub status: Option<ActivationStatus>,
}

/// A customer's activations
///
/// The devices and domains bound to the customer's licenses, active and past.
#[utoipa::path(
    tag = "Customers",
    params(("id" = String, Path, description = "Customer id"), CustomerActivationsQuery),
    responses((status = 200, description = "A page of activations", body = ActivationList)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/customers/{id}/activations")]
pub async fn customer_activations(
    state: State,
    _auth: Auth<RoleViewer>,
    path: web::Path<String>,
    query: ApiQuery<CustomerActivationsQuery>,
) -> ApiResult<HttpResponse> {
    use crate::activations::service as activations;
    let id = path.into_inner();
    let q = query.0;
    let sort = Sort::parse(
        q.sort.as_deref(),
        CustomerActivationsQuery::SORT_FIELDS,
        activations::DEFAULT_SORT,
    )?;
    let paging = Paging::new(q.page, q.per_page);
    let (data, meta) = state
        .db(move |conn| {
            service::get(conn, &id)?;
            let filter = ActivationFilter {
                customer_id: Some(id),
                status: q.status,
                ..Default::default()
            };
            activations::list(conn, &filter, &sort, paging)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ActivationList { data, meta }))
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineQuery {
    #[validate(range(min = 1))]
    pub page: Option<i64>,
    /// Rows per page, 1 to 100 (default 25).
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<i64>,
}

/// A customer's activity timeline
///
/// The audit trail of everything that concerned this customer, newest first, with who did
/// it: the customer, an admin, an API key or the system.
#[utoipa::path(
    tag = "Customers",
    params(("id" = String, Path, description = "Customer id"), TimelineQuery),
    responses((status = 200, description = "A page of audit events", body = AuditEventList)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/customers/{id}/timeline")]
pub async fn customer_timeline(
    state: State,
    _auth: Auth<RoleViewer>,
    path: web::Path<String>,
    query: ApiQuery<TimelineQuery>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let paging = Paging::new(query.0.page, query.0.per_page);
    let (data, meta) = state
        .db(move |conn| {
            service::get(conn, &id)?;
            let filter = AuditFilter {
                customer_id: Some(id),
                ..Default::default()
            };
            crate::audit::service::list(conn, &filter, true, paging)
        })
        .await?;
    Ok(HttpResponse::Ok().json(AuditEventList { data, meta }))
}

/// Export a customer's data (GDPR)
///
/// Everything stored about the customer: profile, licenses, activations and timeline. JSON
/// is one document; CSV has one row per value (`section,record_id,field,value`), so every
/// section fits one table. The export itself is recorded in the audit trail.
#[utoipa::path(
    tag = "Customers",
    params(("id" = String, Path, description = "Customer id"), ExportQuery),
    responses(
        (status = 200, description = "The export; JSON, or CSV with `format=csv`", content(
            (crate::customer_records::model::CustomerExport = "application/json"),
            (String = "text/csv", example = "section,record_id,field,value\r\nprofile,01936f4e-9999-7cc0-8a55-0d4e3b1f2a10,email,sarah@company.com\r\n"),
        )),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/customers/{id}/export")]
pub async fn export_customer(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    path: web::Path<String>,
    query: ApiQuery<ExportQuery>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let format = query.0.format.unwrap_or_default();
    let actor = auth.principal.actor();
    let export = state
        .db(move |conn| {
            crate::customer_records::service::export(conn, &actor, &id, format.label(), &ctx)
        })
        .await?;
    export_response(&export.customer.id, &export, format)
}

/// Send a password reset
///
/// Queues the password-reset mail for the customer (delivered by the mail worker; the
/// single-use link is minted when the mail is rendered). The customer must be active.
#[utoipa::path(
    tag = "Customers",
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 202, description = "Queued", body = EmailQueued),
        (status = 409, description = "`invalid_transition`: the customer is inactive or suspended", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/customers/{id}/password-reset")]
pub async fn send_password_reset(
    state: State,
    auth: Auth<RoleOperator>,
    ctx: RequestCtx,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    queue(state, auth, ctx, path.into_inner(), Template::PasswordReset).await
}

/// Send (or resend) the invitation
///
/// Queues the invitation mail with which the customer sets a password. Refused once the
/// customer has set one (send a password reset instead) and for inactive or suspended
/// customers.
#[utoipa::path(
    tag = "Customers",
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 202, description = "Queued", body = EmailQueued),
        (status = 409, description = "`invalid_transition`: already accepted, or the customer is inactive or suspended", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/customers/{id}/invitation")]
pub async fn send_invitation(
    state: State,
    auth: Auth<RoleOperator>,
    ctx: RequestCtx,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    queue(state, auth, ctx, path.into_inner(), Template::Invitation).await
}

async fn queue(
    state: State,
    auth: Auth<RoleOperator>,
    ctx: RequestCtx,
    id: String,
    template: Template,
) -> ApiResult<HttpResponse> {
    let principal = auth.principal;
    let queued = state
        .db(move |conn| service::queue_email(conn, &principal, &id, template, &ctx))
        .await?;
    Ok(HttpResponse::Accepted().json(queued))
}

/// View as customer
///
/// A portal token (audience `portal`) for this customer that lives 15 minutes and can read
/// everything the customer sees and change nothing (writes answer 403). Recorded in the
/// audit trail and the customer's timeline.
#[utoipa::path(
    tag = "Customers",
    params(("id" = String, Path, description = "Customer id")),
    responses((status = 201, description = "A read-only portal token", body = Impersonation)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/customers/{id}/impersonate")]
pub async fn impersonate_customer(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let principal = auth.principal;
    let jwt = state.jwt.clone();
    let token = state
        .db(move |conn| service::impersonate(conn, &principal, &jwt, &id, &ctx))
        .await?;
    Ok(HttpResponse::Created().json(token))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    // The export route comes before `/{id}` so "export" is not taken for an id.
    cfg.service(export_customers)
        .service(list_customers)
        .service(get_customer)
        .service(update_customer)
        .service(delete_customer)
        .service(customer_licenses)
        .service(customer_activations)
        .service(customer_timeline)
        .service(export_customer)
        .service(send_password_reset)
        .service(send_invitation)
        .service(impersonate_customer);
}
