use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use latchkey_macros::spec_limits;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::model::*;
use super::service;
use crate::auth::Role;
use crate::context::RequestCtx;
use crate::error::ApiResult;
use crate::http::cookie;
use crate::http::extract::{parse_optional_json, ApiJson, ApiQuery};
use crate::http::guard::{Auth, RoleAdmin, RoleSuperAdmin, RoleViewer};
use crate::http::state::State;
use crate::paging::{Paging, Sort};

/// Sign in as an admin
///
/// Unknown email and wrong password give the same `invalid_credentials` answer. Every
/// attempt counts before the password is checked: after 10 within 15 minutes for one email
/// or one IP, further attempts get 429 with `Retry-After`, whatever the password
/// (configurable). With two-factor on, a correct password without `totp_code` answers 401
/// `totp_required`.
///
/// Browsers get the refresh token in the `latchkey_admin_refresh` cookie (`HttpOnly`,
/// `SameSite=Strict`, `Path=/api/v1/admin/auth`, `Secure` behind https). API clients send
/// `"include_refresh_token": true` and get it in the body instead.
#[utoipa::path(
    tag = "Admin auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse,
            headers(("Set-Cookie" = String, description = "`latchkey_admin_refresh`, unless `include_refresh_token` was true"))),
        (status = 401, description = "`invalid_credentials`, `totp_required`, `invalid_totp` or `account_inactive`", body = crate::error::Problem, content_type = "application/problem+json",
            example = json!({"type": "https://latchkey.dev/problems/invalid_credentials", "title": "Invalid credentials", "status": 401, "detail": "The email or password is incorrect.", "code": "invalid_credentials"})),
        (status = 429, description = "Too many attempts; see `Retry-After`", body = crate::error::Problem, content_type = "application/problem+json",
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
    let in_body = body.0.include_refresh_token;
    let (tokens, grant) = state
        .blocking(move || service::login(&st.deps(), &body.0, &ctx))
        .await?;
    Ok(cookie::ADMIN.respond(tokens, grant, in_body, state.config.public_https()))
}

/// Exchange a refresh token for new tokens
///
/// Refresh tokens are single use: the answer carries a new one where the old one came from
/// (the body, or the cookie). Presenting a retired refresh token again ends its session (it
/// was copied). Browsers send `{}` with the `latchkey_admin_refresh` cookie and the header
/// `X-Latchkey-CSRF: 1`; a cookie without that header is refused (403).
#[utoipa::path(
    tag = "Admin auth",
    request_body = RefreshRequest,
    params(("X-Latchkey-CSRF" = Option<String>, Header, description = "`1`; required when the token comes from the cookie")),
    responses(
        (status = 200, description = "A new access token, and a new refresh token (body or cookie)", body = TokenResponse),
        (status = 401, description = "`unauthorized`: invalid, used or expired refresh token, or none sent", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: the cookie came without `X-Latchkey-CSRF: 1`", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/admin/auth/refresh")]
pub async fn refresh(
    state: State,
    req: HttpRequest,
    ctx: RequestCtx,
    body: ApiJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    cookie::ADMIN
        .exchange(&state, &req, body.0.refresh_token, move |conn, token| {
            service::refresh(conn, &st.deps(), token, &ctx)
        })
        .await
}

/// Sign out
///
/// Ends the session of the access token used: it and its refresh token stop working at
/// once, and the refresh cookie is cleared.
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
    let mut res = HttpResponse::NoContent().finish();
    cookie::ADMIN.clear(&mut res, state.config.public_https());
    Ok(res)
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
        .blocking(move || service::change_password(&st.deps(), &principal, &body.0, &ctx))
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
        .db(move |conn| service::totp_setup(conn, &st.deps(), &principal, &ctx))
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
        .blocking(move || service::totp_toggle(&st.deps(), &principal, &body.0.code, true, &ctx))
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
        .blocking(move || service::totp_toggle(&st.deps(), &principal, &body.0.code, false, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(admin))
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdminListQuery {
    #[validate(range(min = 1))]
    pub page: Option<i64>,
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<i64>,
    /// `email`, `name`, `role`, `created_at` or `last_login_at`; `-` prefix for descending.
    /// Default `email`.
    #[sort_fields("email", "name", "role", "created_at", "last_login_at")]
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
    let sort = Sort::parse(q.sort.as_deref(), AdminListQuery::SORT_FIELDS, "email")?;
    let filter = service::list_filter(q.search.as_deref(), q.role, q.status);
    let paging = Paging::new(q.page, q.per_page);
    let (data, meta) = state
        .db(move |conn| service::list(conn, &filter, &sort, paging))
        .await?;
    Ok(HttpResponse::Ok().json(AdminList { data, meta }))
}

/// Create an admin
///
/// Super admins only, signed in: an API key gets 403 (an account it made would outlive
/// it). Without `password`, one is generated and returned once in `generated_password`.
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
        .blocking(move || service::create(&st.deps(), &principal, &body.0, &ctx))
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
/// Super admins only. Name, role and status; the email is immutable. Changing role or
/// status needs a signed-in super admin (an API key gets 403; it may rename). Deactivating an admin
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
