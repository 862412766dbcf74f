use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use latchkey_macros::spec_limits;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::creation::{self, Created};
use super::model::*;
use super::service;
use super::status::LicenseStatus;
use super::store::Filter;
use super::{assignment, lifecycle};
use crate::context::RequestCtx;
use crate::db::time;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::http::csv;
use crate::http::extract::{parse_reason, ApiJson, ApiQuery, ReasonRequest};
use crate::http::guard::{Auth, RoleAdmin, RoleOperator, RoleViewer};
use crate::http::state::State;
use crate::paging::{Paging, Sort};

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LicenseListQuery {
    #[validate(range(min = 1))]
    pub page: Option<i64>,
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<i64>,
    /// `created_at`, `expires_at` or `key`; `-` prefix for descending. Default `-created_at`,
    /// or `expires_at` with an expiry range, which refuses `created_at` (422 on `sort`).
    #[sort_fields("created_at", "expires_at", "key")]
    pub sort: Option<String>,
    /// The derived status.
    pub status: Option<LicenseStatus>,
    pub product_id: Option<String>,
    pub customer_id: Option<String>,
    /// The start of a license key, or part of the owner's name or email (any case; the
    /// owner's part needs three characters to use the search index; with a rare status it
    /// must be in at most 10,000 customers, see the list's notes).
    #[validate(length(max = 200))]
    pub search: Option<String>,
    /// Licenses expiring before this time (RFC 3339); perpetual ones never match.
    pub expires_before: Option<DateTime<Utc>>,
    /// Licenses expiring after this time (RFC 3339).
    pub expires_after: Option<DateTime<Utc>>,
}

impl LicenseListQuery {
    fn filter(&self) -> Filter {
        Filter {
            status: self.status,
            product_id: self.product_id.clone(),
            customer_id: self.customer_id.clone(),
            search: self
                .search
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            expires_before: self.expires_before.map(time::from_utc),
            expires_after: self.expires_after.map(time::from_utc),
            now: time::now(),
        }
    }

    /// With an expiry range, the list is in expiry order unless sorted by key: licenses
    /// expire a fixed term after they are made, so the newest are all past the range and
    /// the creation order would be read through every one of them before a page fills.
    fn sort(&self) -> Result<Sort, ApiError> {
        let ranged = self.expires_before.is_some() || self.expires_after.is_some();
        let sort = Sort::parse(
            self.sort.as_deref(),
            Self::SORT_FIELDS,
            if ranged { "expires_at" } else { "-created_at" },
        )?;
        if ranged && sort.field == "created_at" {
            return Err(ApiError::field(
                "sort",
                "with expires_before or expires_after, sort by expires_at or key",
            ));
        }
        Ok(sort)
    }
}

/// List licenses
///
/// Filter by derived status, product, customer, expiry range and a search: licenses whose
/// key starts with the text, or whose owner's name or email contains it (three characters
/// or more; shorter text finds keys only). An expiry range lists soonest expiry first, or
/// by key; sorting it by creation is refused (422 on `sort`), since no index serves it.
/// So is a search whose text is in more than 10,000 customers' names or emails combined with
/// the status `suspended` or `revoked` (422 on `search`): type more of it, or search keys.
/// Each row carries the product name and the owner's email and name.
/// A list of more than 10,000 licenses reports `total` 10,000 with `total_capped: true`
/// (narrow the filter for an exact count; the dashboard's counts are exact), and its pages
/// can still be read past that.
#[utoipa::path(
    tag = "Licenses",
    params(LicenseListQuery),
    responses((status = 200, description = "A page of licenses", body = LicenseList)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/licenses")]
pub async fn list_licenses(
    state: State,
    _auth: Auth<RoleViewer>,
    query: ApiQuery<LicenseListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    let sort = q.sort()?;
    let filter = q.filter();
    let paging = Paging::new(q.page, q.per_page);
    let (data, meta) = state
        .db(move |conn| service::list(conn, &filter, &sort, paging))
        .await?;
    Ok(HttpResponse::Ok().json(LicenseList { data, meta }))
}

/// The answer to a create: one license, or a batch summary.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum CreateLicenseResponse {
    One(Box<License>),
    Batch(BatchCreated),
}

/// Create licenses
///
/// One license for `product_id` (or `generator_id`), with an explicit `key` or a generated
/// one; or, with `generator_id` and `count`, a batch of up to 10,000 in one transaction.
/// Activation limit and validity default from the generator, then the product.
#[utoipa::path(
    tag = "Licenses",
    request_body = CreateLicenseRequest,
    responses(
        (status = 201, description = "Created: a license, or `{created, licenses}` for a batch", body = CreateLicenseResponse),
        (status = 409, description = "`conflict`: the key is taken; `invalid_transition`: the product is inactive", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/licenses")]
pub async fn create_license(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    body: ApiJson<CreateLicenseRequest>,
) -> ApiResult<HttpResponse> {
    let principal = auth.principal;
    let created = state
        .db(move |conn| creation::create(conn, &principal, &body.0, &ctx))
        .await?;
    Ok(match created {
        Created::One(license) => HttpResponse::Created().json(CreateLicenseResponse::One(license)),
        Created::Batch(batch) => HttpResponse::Created().json(CreateLicenseResponse::Batch(batch)),
    })
}

const EXPORT_HEADER: [&str; 14] = [
    "id",
    "key",
    "status",
    "product_id",
    "product",
    "customer_id",
    "customer_email",
    "customer_name",
    "max_activations",
    "activations_used",
    "expires_at",
    "assigned_at",
    "created_at",
    "notes",
];

fn export_line(l: &License) -> String {
    let opt = |v: Option<String>| v.unwrap_or_default();
    csv::line([
        l.id.clone(),
        l.key.clone(),
        l.status.as_str().to_string(),
        l.product_id.clone(),
        l.product_name.clone(),
        opt(l.customer_id.clone()),
        opt(l.customer_email.clone()),
        opt(l.customer_name.clone()),
        opt(l.max_activations.map(|n| n.to_string())),
        l.activations_used.to_string(),
        opt(l.expires_at.map(|t| t.to_rfc3339())),
        opt(l.assigned_at.map(|t| t.to_rfc3339())),
        l.created_at.to_rfc3339(),
        opt(l.notes.clone()),
    ])
}

/// Export licenses as CSV
///
/// The same filters and sort as the list, without paging: every matching license, streamed
/// page by page from one consistent snapshot (constant memory on the server; no lock that
/// would hold up the licensing API).
#[utoipa::path(
    tag = "Licenses",
    params(LicenseListQuery),
    responses((status = 200, description = "CSV with a header row", body = String, content_type = "text/csv",
        example = "id,key,status,product_id,product,customer_id,customer_email,customer_name,max_activations,activations_used,expires_at,assigned_at,created_at,notes\r\n")),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/licenses/export")]
pub async fn export_licenses(
    state: State,
    _auth: Auth<RoleViewer>,
    query: ApiQuery<LicenseListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    let sort = q.sort()?;
    let filter = q.filter();
    Ok(csv::stream(
        state.pool.clone(),
        "licenses.csv",
        &EXPORT_HEADER,
        move |c, after, limit| service::page_after(c, &filter, &sort, after, limit),
        export_line,
    ))
}

/// Get a license
#[utoipa::path(
    tag = "Licenses",
    params(("id" = String, Path, description = "License id")),
    responses((status = 200, description = "The license", body = License)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/licenses/{id}")]
pub async fn get_license(
    state: State,
    _auth: Auth<RoleViewer>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let license = state.db(move |conn| service::get(conn, &id)).await?;
    Ok(HttpResponse::Ok().json(license))
}

/// Update a license
///
/// Activation limit, validity, notes and metadata. The key and product are immutable (422).
#[utoipa::path(
    tag = "Licenses",
    params(("id" = String, Path, description = "License id")),
    request_body = UpdateLicenseRequest,
    responses((status = 200, description = "Updated", body = License)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[patch("/api/v1/admin/licenses/{id}")]
pub async fn update_license(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    id: web::Path<String>,
    body: ApiJson<UpdateLicenseRequest>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let principal = auth.principal;
    let license = state
        .db(move |conn| lifecycle::update(conn, &principal, &id, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(license))
}

/// Delete a license
///
/// Its activations go with it; its key is retired and never issued again.
#[utoipa::path(
    tag = "Licenses",
    params(("id" = String, Path, description = "License id")),
    responses((status = 204, description = "Deleted")),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[delete("/api/v1/admin/licenses/{id}")]
pub async fn delete_license(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let principal = auth.principal;
    state
        .db(move |conn| lifecycle::delete(conn, &principal, &id, &ctx))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Assign or transfer a license
///
/// To the customer with this email, created when new (trimmed, lower-cased; the name is
/// used only then). Assigned to someone else already: a transfer (expiry kept). On first
/// assignment `expires_at` becomes now + `validity_days` unless the license or the request
/// sets one. Queues the invitation or license email when the product asks.
#[utoipa::path(
    tag = "Licenses",
    params(("id" = String, Path, description = "License id")),
    request_body = AssignRequest,
    responses(
        (status = 200, description = "Assigned", body = License),
        (status = 409, description = "`invalid_transition`: revoked, suspended, expired, or the product is inactive", body = crate::error::Problem, content_type = "application/problem+json",
            example = json!({"type": "https://latchkey.dev/problems/invalid_transition", "title": "Invalid transition", "status": 409, "detail": "A revoked license cannot be assigned.", "code": "invalid_transition"})),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/licenses/{id}/assign")]
pub async fn assign_license(
    state: State,
    auth: Auth<RoleOperator>,
    ctx: RequestCtx,
    id: web::Path<String>,
    body: ApiJson<AssignRequest>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let principal = auth.principal;
    let license = state
        .db(move |conn| assignment::assign(conn, &principal, &id, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(license))
}

/// Assign several licenses to one customer
///
/// All or nothing: if any license cannot be assigned, none is.
#[utoipa::path(
    tag = "Licenses",
    request_body = BulkAssignRequest,
    responses(
        (status = 200, description = "All assigned", body = BulkAssigned),
        (status = 409, description = "`invalid_transition`: one of them cannot be assigned; nothing changed", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/licenses/bulk-assign")]
pub async fn bulk_assign_licenses(
    state: State,
    auth: Auth<RoleOperator>,
    ctx: RequestCtx,
    body: ApiJson<BulkAssignRequest>,
) -> ApiResult<HttpResponse> {
    let principal = auth.principal;
    let result = state
        .db(move |conn| assignment::bulk_assign(conn, &principal, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// Unassign a license
///
/// It becomes available; its active activations are deactivated.
#[utoipa::path(
    tag = "Licenses",
    params(("id" = String, Path, description = "License id")),
    responses(
        (status = 200, description = "Unassigned", body = License),
        (status = 409, description = "`invalid_transition`: not assigned, or revoked", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/licenses/{id}/unassign")]
pub async fn unassign_license(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let principal = auth.principal;
    let license = state
        .db(move |conn| lifecycle::unassign(conn, &principal, &id, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(license))
}

/// Suspend a license
#[utoipa::path(
    tag = "Licenses",
    params(("id" = String, Path, description = "License id")),
    request_body(content = Option<ReasonRequest>, description = "Optional reason"),
    responses(
        (status = 200, description = "Suspended", body = License),
        (status = 409, description = "`invalid_transition`: already suspended, or revoked", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/licenses/{id}/suspend")]
pub async fn suspend_license(
    state: State,
    auth: Auth<RoleOperator>,
    ctx: RequestCtx,
    id: web::Path<String>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let reason = parse_reason(&body)?;
    let id = id.into_inner();
    let principal = auth.principal;
    let license = state
        .db(move |conn| lifecycle::suspend(conn, &principal, &id, reason, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(license))
}

/// Reinstate a suspended license
#[utoipa::path(
    tag = "Licenses",
    params(("id" = String, Path, description = "License id")),
    responses(
        (status = 200, description = "Reinstated", body = License),
        (status = 409, description = "`invalid_transition`: not suspended", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/licenses/{id}/reinstate")]
pub async fn reinstate_license(
    state: State,
    auth: Auth<RoleOperator>,
    ctx: RequestCtx,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let principal = auth.principal;
    let license = state
        .db(move |conn| lifecycle::reinstate(conn, &principal, &id, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(license))
}

/// Revoke a license
///
/// Terminal: a revoked license cannot be assigned, reinstated or renewed. Its active
/// activations are deactivated.
#[utoipa::path(
    tag = "Licenses",
    params(("id" = String, Path, description = "License id")),
    request_body(content = Option<ReasonRequest>, description = "Optional reason"),
    responses(
        (status = 200, description = "Revoked", body = License),
        (status = 409, description = "`invalid_transition`: already revoked", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/licenses/{id}/revoke")]
pub async fn revoke_license(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    id: web::Path<String>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let reason = parse_reason(&body)?;
    let id = id.into_inner();
    let principal = auth.principal;
    let license = state
        .db(move |conn| lifecycle::revoke(conn, &principal, &id, reason, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(license))
}

/// Renew or extend a license
///
/// Sets a new `expires_at` (in the future), or null to make it perpetual.
#[utoipa::path(
    tag = "Licenses",
    params(("id" = String, Path, description = "License id")),
    request_body = RenewRequest,
    responses(
        (status = 200, description = "Renewed", body = License),
        (status = 409, description = "`invalid_transition`: revoked", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/licenses/{id}/renew")]
pub async fn renew_license(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    id: web::Path<String>,
    body: ApiJson<RenewRequest>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let principal = auth.principal;
    let expires_at = body.0.expires_at.map(time::from_utc);
    let license = state
        .db(move |conn| lifecycle::renew(conn, &principal, &id, expires_at, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(license))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Check every row and report, but write nothing.
    pub dry_run: Option<bool>,
}

/// Reads the CSV: the raw body (`text/csv`) or the multipart field `file`, within the
/// import size limit.
async fn read_csv(
    req: &actix_web::HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> ApiResult<Vec<u8>> {
    use futures_util::{StreamExt, TryStreamExt};
    let too_large = || {
        ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("The file is larger than the import limit of {limit} bytes."),
        )
    };
    let mime = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    match mime.as_str() {
        "text/csv" | "application/csv" | "text/plain" => {
            let mut payload = payload;
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| {
                    ApiError::new(ErrorCode::BadRequest, format!("Cannot read the body: {e}"))
                })?;
                if out.len() + chunk.len() > limit {
                    return Err(too_large());
                }
                out.extend_from_slice(&chunk);
            }
        }
        "multipart/form-data" => {
            let mut form = actix_multipart::Multipart::new(req.headers(), payload);
            let mut found = false;
            while let Some(mut field) = form
                .try_next()
                .await
                .map_err(|e| ApiError::field("file", format!("bad multipart body: {e}")))?
            {
                if field.name() != Some("file") {
                    continue;
                }
                found = true;
                while let Some(chunk) = field
                    .try_next()
                    .await
                    .map_err(|e| ApiError::field("file", format!("cannot read: {e}")))?
                {
                    if out.len() + chunk.len() > limit {
                        return Err(too_large());
                    }
                    out.extend_from_slice(&chunk);
                }
            }
            if !found {
                return Err(ApiError::field(
                    "file",
                    "the multipart body has no `file` field",
                ));
            }
        }
        _ => {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "Send the CSV as `text/csv`, or as the field `file` of `multipart/form-data`.",
            ))
        }
    }
    Ok(out)
}

/// Import licenses from CSV
///
/// Header `key,product,email,name,expires_at,max_activations` (key blank = generate;
/// product = slug or id; email blank = unassigned; expires_at RFC 3339 or YYYY-MM-DD).
/// Every row is checked first; the good rows are written in one transaction and the answer
/// lists duplicate and failed rows by line number (the header is line 1). With
/// `dry_run=true` nothing is written.
#[utoipa::path(
    tag = "Licenses",
    params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The CSV file (or multipart/form-data with the field `file`). Its first line is the header `key,product,email,name,expires_at,max_activations` (any case, in this order); UTF-8, within the import size limit (`LATCHKEY_MAX_IMPORT_BYTES`).",
        example = "key,product,email,name,expires_at,max_activations\nPRO-AAAA-BBBB,pro-editor,sarah@acme.com,Sarah Chen,2027-12-31,3\n,pro-editor,,,,\n"),
    responses((status = 200, description = "What was (or would be) imported", body = super::import::ImportReport)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/licenses/import")]
pub async fn import_licenses(
    state: State,
    auth: Auth<RoleAdmin>,
    ctx: RequestCtx,
    query: ApiQuery<ImportQuery>,
    req: actix_web::HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let bytes = read_csv(&req, payload, state.config.max_import_bytes).await?;
    let dry_run = query.0.dry_run.unwrap_or(false);
    let principal = auth.principal;
    let report = state
        .db(move |conn| super::import::import(conn, &principal, &bytes, dry_run, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    // Fixed paths before `{id}`: actix matches in registration order.
    cfg.service(list_licenses)
        .service(create_license)
        .service(export_licenses)
        .service(import_licenses)
        .service(bulk_assign_licenses)
        .service(get_license)
        .service(update_license)
        .service(delete_license)
        .service(assign_license)
        .service(unassign_license)
        .service(suspend_license)
        .service(reinstate_license)
        .service(revoke_license)
        .service(renew_license);
}
