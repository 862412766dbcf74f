use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::model::*;
use super::service;
use crate::auth::{Auth, Role, RoleAdmin, RoleSuperAdmin, RoleViewer};
use crate::error::ApiResult;
use crate::http::extract::{parse_optional_json, ApiJson, ApiQuery, RequestCtx};
use crate::http::pagination::{Paging, Sort};
use crate::http::state::State;

/// Sign in as an admin
///
/// Unknown email and wrong password give the same `invalid_credentials` answer. After 10
/// failures within 15 minutes for one email or one IP, further attempts get 429 with
/// `Retry-After` (configurable). With two-factor on, a correct password without
/// `totp_code` answers 401 `totp_required`.
#[utoipa::path(
    tag = "Admin auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "`invalid_credentials`, `totp_required`, `invalid_totp` or `account_inactive`", body = crate::error::Problem, content_type = "application/problem+json",
            example = json!({"type": "https://latchkey.dev/problems/invalid_credentials", "title": "Invalid credentials", "status": 401, "detail": "The email or password is incorrect.", "code": "invalid_credentials"})),
        (status = 429, description = "Too many failed attempts; see `Retry-After`", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/api/v1/admin/auth/login")]
pub async fn login(
    state: State,
    ctx: RequestCtx,
    body: ApiJson<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let tokens = state
        .blocking(move || service::login(&st, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(tokens))
}

/// Exchange a refresh token for new tokens
///
/// Refresh tokens are single use: the answer carries a new one. Presenting a retired
/// refresh token again ends its session (it was copied).
#[utoipa::path(
    tag = "Admin auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New token pair", body = TokenResponse),
        (status = 401, description = "`unauthorized`: invalid, used or expired refresh token", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/admin/auth/refresh")]
pub async fn refresh(
    state: State,
    ctx: RequestCtx,
    body: ApiJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let tokens = state
        .db(move |conn| service::refresh(conn, &st, &body.0.refresh_token, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(tokens))
}

/// Sign out
///
/// Ends the session of the access token used: it and its refresh token stop working at once.
#[utoipa::path(
    tag = "Admin auth",
    request_body(content = Option<LogoutRequest>, description = "Optional"),
    responses((status = 204, description = "Signed out")),
    security(("admin_jwt" = []))
)]
#[post("/api/v1/admin/auth/logout")]
pub async fn logout(
    state: State,
    auth: Auth<RoleViewer>,
    ctx: RequestCtx,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let _: LogoutRequest = parse_optional_json(&body)?;
    let principal = auth.principal;
    state
        .db(move |conn| service::logout(conn, &principal, &ctx))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in admin
#[utoipa::path(
    tag = "Admin account",
    responses((status = 200, description = "Your account", body = Admin)),
    security(("admin_jwt" = []))
)]
#[get("/api/v1/admin/me")]
pub async fn me(state: State, auth: Auth<RoleViewer>) -> ApiResult<HttpResponse> {
    let (id, _) = auth.admin_session()?;
    let id = id.to_string();
    let admin = state.db(move |conn| service::get(conn, &id)).await?;
    Ok(HttpResponse::Ok().json(Admin::from(&admin)))
}

/// Change your password
///
/// Needs the current password. Your other sessions end; this one stays signed in.
#[utoipa::path(
    tag = "Admin account",
    request_body = ChangePasswordRequest,
    responses((status = 204, description = "Password changed")),
    security(("admin_jwt" = []))
)]
#[post("/api/v1/admin/me/password")]
pub async fn change_password(
    state: State,
    auth: Auth<RoleViewer>,
    ctx: RequestCtx,
    body: ApiJson<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let principal = auth.principal;
    state
        .blocking(move || service::change_password(&st, &principal, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Start two-factor setup
///
/// Returns a new secret and its `otpauth://` URL. Two-factor is on only after
/// `…/2fa/enable` confirms a code from it.
#[utoipa::path(
    tag = "Admin account",
    responses(
        (status = 200, description = "Secret to add to an authenticator app", body = TotpSetupResponse),
        (status = 409, description = "`conflict`: two-factor is already on", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []))
)]
#[post("/api/v1/admin/me/2fa/setup")]
pub async fn totp_setup(
    state: State,
    auth: Auth<RoleViewer>,
    ctx: RequestCtx,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let principal = auth.principal;
    let setup = state
        .db(move |conn| service::totp_setup(conn, &st, &principal, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(setup))
}

/// Turn two-factor on
#[utoipa::path(
    tag = "Admin account",
    request_body = TotpCodeRequest,
    responses(
        (status = 200, description = "Two-factor is on; sign-ins now need `totp_code`", body = Admin),
        (status = 409, description = "`invalid_transition`: already on, or no setup started", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []))
)]
#[post("/api/v1/admin/me/2fa/enable")]
pub async fn totp_enable(
    state: State,
    auth: Auth<RoleViewer>,
    ctx: RequestCtx,
    body: ApiJson<TotpCodeRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let principal = auth.principal;
    let admin = state
        .db(move |conn| service::totp_toggle(conn, &st, &principal, &body.0.code, true, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(admin))
}

/// Turn two-factor off
#[utoipa::path(
    tag = "Admin account",
    request_body = TotpCodeRequest,
    responses(
        (status = 200, description = "Two-factor is off", body = Admin),
        (status = 409, description = "`invalid_transition`: two-factor is not on", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []))
)]
#[post("/api/v1/admin/me/2fa/disable")]
pub async fn totp_disable(
    state: State,
    auth: Auth<RoleViewer>,
    ctx: RequestCtx,
    body: ApiJson<TotpCodeRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let principal = auth.principal;
    let admin = state
        .db(move |conn| service::totp_toggle(conn, &st, &principal, &body.0.code, false, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(admin))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdminListQuery {
    #[validate(range(min = 1))]
    pub page: Option<i64>,
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<i64>,
    /// `email`, `name`, `role`, `created_at` or `last_login_at`; `-` prefix for descending.
    /// Default `email`.
    pub sort: Option<String>,
    /// Case-insensitive substring of name or email.
    #[validate(length(max = 200))]
    pub search: Option<String>,
    pub role: Option<Role>,
    pub status: Option<AdminStatus>,
}

/// List admins
#[utoipa::path(
    tag = "Admins",
    params(AdminListQuery),
    responses((status = 200, description = "A page of admins", body = AdminList)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/admins")]
pub async fn list_admins(
    state: State,
    _auth: Auth<RoleAdmin>,
    query: ApiQuery<AdminListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    let sort = Sort::parse(
        q.sort.as_deref(),
        &["email", "name", "role", "created_at", "last_login_at"],
        "email",
    )?;
    let filter = service::list_filter(q.search.as_deref(), q.role, q.status);
    let paging = Paging::new(q.page, q.per_page);
    let (data, meta) = state
        .db(move |conn| service::list(conn, &filter, &sort, paging))
        .await?;
    Ok(HttpResponse::Ok().json(AdminList { data, meta }))
}

/// Create an admin
///
/// Super admins only. Without `password`, one is generated and returned once in
/// `generated_password`.
#[utoipa::path(
    tag = "Admins",
    request_body = CreateAdminRequest,
    responses(
        (status = 201, description = "Created", body = CreatedAdmin),
        (status = 409, description = "`email_taken`", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/admins")]
pub async fn create_admin(
    state: State,
    auth: Auth<RoleSuperAdmin>,
    ctx: RequestCtx,
    body: ApiJson<CreateAdminRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let principal = auth.principal;
    let created = state
        .blocking(move || service::create(&st, &principal, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Get an admin
#[utoipa::path(
    tag = "Admins",
    params(("id" = String, Path, description = "Admin id")),
    responses((status = 200, description = "The admin", body = Admin)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/admins/{id}")]
pub async fn get_admin(
    state: State,
    _auth: Auth<RoleAdmin>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let admin = state.db(move |conn| service::get(conn, &id)).await?;
    Ok(HttpResponse::Ok().json(Admin::from(&admin)))
}

/// Update an admin
///
/// Super admins only. Name, role and status; the email is immutable. Deactivating an admin
/// ends their sessions at once and suspends the API keys they created until reactivation. The last active super admin cannot be demoted or
/// deactivated (409).
#[utoipa::path(
    tag = "Admins",
    params(("id" = String, Path, description = "Admin id")),
    request_body = UpdateAdminRequest,
    responses(
        (status = 200, description = "Updated", body = Admin),
        (status = 409, description = "`conflict`: would leave no active super admin", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[patch("/api/v1/admin/admins/{id}")]
pub async fn update_admin(
    state: State,
    auth: Auth<RoleSuperAdmin>,
    ctx: RequestCtx,
    id: web::Path<String>,
    body: ApiJson<UpdateAdminRequest>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let principal = auth.principal;
    let admin = state
        .db(move |conn| service::update(conn, &principal, &id, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(admin))
}

/// Delete an admin
///
/// Super admins only; not yourself, and not the last active super admin (409). The API
/// keys the admin created are revoked with them.
#[utoipa::path(
    tag = "Admins",
    params(("id" = String, Path, description = "Admin id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "`conflict`: yourself or the last super admin", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[delete("/api/v1/admin/admins/{id}")]
pub async fn delete_admin(
    state: State,
    auth: Auth<RoleSuperAdmin>,
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

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(me)
        .service(change_password)
        .service(totp_setup)
        .service(totp_enable)
        .service(totp_disable)
        .service(list_admins)
        .service(create_admin)
        .service(get_admin)
        .service(update_admin)
        .service(delete_admin);
}
