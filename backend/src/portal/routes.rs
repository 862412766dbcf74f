use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};

use super::model::*;
use super::{account, auth, licenses};
use crate::admins::model::{
    ChangePasswordRequest, LoginRequest, RefreshRequest, TotpCodeRequest, TotpSetupResponse,
};
use crate::context::RequestCtx;
use crate::error::{ApiError, ApiResult};
use crate::http::cookie;
use crate::http::export::{export_response, ExportQuery};
use crate::http::extract::{parse_reason, ApiJson, ApiQuery, ReasonRequest};
use crate::http::guard::{PortalAuth, PortalWrite};
use crate::http::state::State;
use crate::outbox::Template;
use crate::paging::Paging;
use crate::validate::normalize_email;

const LINK_SENT: &str =
    "If an active account exists for that address, we have sent it an email with a link.";

/// Link requests answer this long after they arrive, whatever the address: an unknown one
/// (one read) and a known one (a few writes) take the same time, so the answer's timing
/// does not tell which addresses have accounts, as its body does not.
const LINK_REQUEST_TIME: std::time::Duration = std::time::Duration::from_millis(300);

async fn request_link(
    state: State,
    ctx: RequestCtx,
    email: String,
    template: Template,
) -> ApiResult<HttpResponse> {
    let started = actix_web::rt::time::Instant::now();
    // Per client address, in memory: a refusal says nothing about the address asked for,
    // and counting in the database would mean a write for every anonymous request.
    if let Some(ip) = &ctx.ip {
        if let Err(secs) = state.link_requests.check(ip, std::time::Instant::now()) {
            return Err(ApiError::rate_limited(secs).with_detail(
                "Too many link requests from your address; wait a little and try again.",
            ));
        }
    }
    let email = normalize_email(&email)
        .ok_or_else(|| ApiError::field("email", "must be a valid email address"))?;
    // The look-up and the mail run on their own: the answer waits for them until its time
    // and no longer, so neither a slow database nor an error tells a known address from
    // an unknown one. Work still running then finishes in the background.
    let st = state.clone();
    let work = actix_web::rt::spawn(async move {
        let done = st
            .db(move |conn| auth::request_link(conn, &email, template, &ctx))
            .await;
        if let Err(e) = done {
            tracing::warn!(
                code = e.code.as_str(),
                "a link request could not be handled"
            );
        }
    });
    let _ = tokio::time::timeout_at(started + LINK_REQUEST_TIME, work).await;
    actix_web::rt::time::sleep_until(started + LINK_REQUEST_TIME).await;
    Ok(HttpResponse::Accepted().json(Accepted {
        message: LINK_SENT.into(),
    }))
}

/// Sign in to the client portal
///
/// Email and password; with two-factor on, also `totp_code` (without it the answer is
/// `totp_required`, so the portal can ask for the code). Failures are throttled per email
/// and per IP like the admins' sign-in. Customers whose account is inactive or suspended
/// are refused with `account_inactive` once their password is right.
#[utoipa::path(
    tag = "Portal auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = PortalTokenResponse),
        (status = 401, description = "`invalid_credentials`, `totp_required`, `invalid_totp` or `account_inactive`", body = crate::error::Problem, content_type = "application/problem+json",
            example = json!({"type": "https://latchkey.dev/problems/account_inactive", "title": "Account inactive", "status": 401, "detail": "Your account is suspended, so you cannot sign in. Contact the vendor's support.", "code": "account_inactive"})),
        (status = 422, description = "`validation_failed`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`: too many failures; see `Retry-After`", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/portal/auth/login")]
pub async fn portal_login(
    state: State,
    ctx: RequestCtx,
    body: ApiJson<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let in_body = body.0.include_refresh_token;
    let (tokens, grant) = state
        .blocking(move || auth::login(&st.deps(), &body.0, &ctx))
        .await?;
    Ok(cookie::PORTAL.respond(tokens, grant, in_body, state.config.public_https()))
}

/// Email me a sign-in link
///
/// Always 202, whether or not the address has an account, so the form cannot be used to
/// find customers. An active customer gets a magic link that signs in once within 15
/// minutes. At most 5 link mails an hour go to one address.
#[utoipa::path(
    tag = "Portal auth",
    request_body = EmailRequest,
    responses(
        (status = 202, description = "Accepted (sent only if the account exists)", body = Accepted),
        (status = 422, description = "`validation_failed`: not an email address", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/portal/auth/magic-link")]
pub async fn portal_request_magic_link(
    state: State,
    ctx: RequestCtx,
    body: ApiJson<EmailRequest>,
) -> ApiResult<HttpResponse> {
    request_link(state, ctx, body.0.email, Template::MagicLink).await
}

/// Sign in with a magic link
///
/// The token from the link's `#token=` fragment. Single use. With two-factor on, a
/// missing or wrong `totp_code` answers `totp_required` / `invalid_totp` and leaves the
/// link usable until it expires.
#[utoipa::path(
    tag = "Portal auth",
    request_body = MagicLinkConsumeRequest,
    responses(
        (status = 200, description = "Signed in", body = PortalTokenResponse),
        (status = 401, description = "`invalid_link` (unknown, used or expired), `totp_required`, `invalid_totp` or `account_inactive`", body = crate::error::Problem, content_type = "application/problem+json",
            example = json!({"type": "https://latchkey.dev/problems/invalid_link", "title": "Invalid or expired link", "status": 401, "detail": "This link has expired or was already used. Ask for a new one.", "code": "invalid_link"})),
    )
)]
#[post("/api/v1/portal/auth/magic-link/consume")]
pub async fn portal_consume_magic_link(
    state: State,
    ctx: RequestCtx,
    body: ApiJson<MagicLinkConsumeRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let in_body = body.0.include_refresh_token;
    let (tokens, grant) = state
        .blocking(move || auth::consume_magic_link(&st.deps(), &body.0, &ctx))
        .await?;
    Ok(cookie::PORTAL.respond(tokens, grant, in_body, state.config.public_https()))
}

/// Accept an invitation
///
/// Sets the first password from the invitation link (valid 7 days, single use), verifies
/// the email address and signs in.
#[utoipa::path(
    tag = "Portal auth",
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "Password set and signed in", body = PortalTokenResponse),
        (status = 401, description = "`invalid_link` (unknown, used, expired or already accepted) or `account_inactive`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the password breaks a rule", body = crate::error::Problem, content_type = "application/problem+json",
            example = json!({"type": "https://latchkey.dev/problems/validation_failed", "title": "Validation failed", "status": 422, "detail": "The request has invalid fields.", "code": "validation_failed", "errors": {"password": ["must be at least 10 characters"]}})),
    )
)]
#[post("/api/v1/portal/auth/invitation/accept")]
pub async fn portal_accept_invitation(
    state: State,
    ctx: RequestCtx,
    body: ApiJson<AcceptInvitationRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let in_body = body.0.include_refresh_token;
    let (tokens, grant) = state
        .blocking(move || auth::accept_invitation(&st.deps(), &body.0, &ctx))
        .await?;
    Ok(cookie::PORTAL.respond(tokens, grant, in_body, state.config.public_https()))
}

/// Ask for a password reset
///
/// Always 202 (no account enumeration). An active customer gets a link valid for one hour.
#[utoipa::path(
    tag = "Portal auth",
    request_body = EmailRequest,
    responses(
        (status = 202, description = "Accepted (sent only if the account exists)", body = Accepted),
        (status = 422, description = "`validation_failed`: not an email address", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/portal/auth/password-reset")]
pub async fn portal_request_password_reset(
    state: State,
    ctx: RequestCtx,
    body: ApiJson<EmailRequest>,
) -> ApiResult<HttpResponse> {
    request_link(state, ctx, body.0.email, Template::PasswordReset).await
}

/// Set a new password from a reset link
///
/// Single use. Every session of the customer ends and every other emailed link stops
/// working; a "password changed" alert is mailed.
#[utoipa::path(
    tag = "Portal auth",
    request_body = PasswordResetConfirmRequest,
    responses(
        (status = 204, description = "Password changed; sign in with it"),
        (status = 401, description = "`invalid_link` or `account_inactive`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the password breaks a rule", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/portal/auth/password-reset/confirm")]
pub async fn portal_confirm_password_reset(
    state: State,
    ctx: RequestCtx,
    body: ApiJson<PasswordResetConfirmRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    state
        .blocking(move || auth::confirm_password_reset(&st.deps(), &body.0, &ctx))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Renew the portal access token
///
/// Refresh tokens are single use: the answer carries a new one where the old one came from
/// (the body, or the `latchkey_portal_refresh` cookie). Browsers send `{}` with the cookie
/// and the header `X-Latchkey-CSRF: 1`. The session still ends
/// `LATCHKEY_PORTAL_SESSION_HOURS` after sign-in; a retired token presented again ends it
/// at once (it was copied).
#[utoipa::path(
    tag = "Portal auth",
    request_body = RefreshRequest,
    params(("X-Latchkey-CSRF" = Option<String>, Header, description = "`1`; required when the token comes from the cookie")),
    responses(
        (status = 200, description = "A new access token, and a new refresh token (body or cookie)", body = PortalTokenResponse),
        (status = 401, description = "`unauthorized`: invalid, used or expired refresh token, or none sent", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: the cookie came without `X-Latchkey-CSRF: 1`", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/portal/auth/refresh")]
pub async fn portal_refresh(
    state: State,
    req: HttpRequest,
    ctx: RequestCtx,
    body: ApiJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    cookie::PORTAL
        .exchange(&state, &req, body.0.refresh_token, move |conn, token| {
            auth::refresh(conn, &st.deps(), token, &ctx)
        })
        .await
}

/// Sign out of the portal
///
/// Ends the session the token belongs to (also an admin's "View as customer" session). A
/// customer's own sign-out also clears the refresh cookie.
#[utoipa::path(
    tag = "Portal auth",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "`unauthorized`", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("portal_jwt" = []))
)]
#[post("/api/v1/portal/auth/logout")]
pub async fn portal_logout(
    state: State,
    caller: PortalAuth,
    ctx: RequestCtx,
) -> ApiResult<HttpResponse> {
    let own = !caller.0.impersonated;
    state
        .db(move |conn| auth::logout(conn, &caller.0, &ctx))
        .await?;
    let mut res = HttpResponse::NoContent().finish();
    if own {
        cookie::PORTAL.clear(&mut res, state.config.public_https());
    }
    Ok(res)
}

/// The signed-in customer
///
/// The caller's own profile, and whether this is an admin's read-only "View as customer"
/// session.
#[utoipa::path(
    tag = "Portal",
    responses(
        (status = 200, description = "The caller's profile", body = PortalMe),
        (status = 401, description = "`unauthorized`: no portal token (admin tokens are refused)", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("portal_jwt" = []))
)]
#[get("/api/v1/portal/me")]
pub async fn portal_me(state: State, caller: PortalAuth) -> ApiResult<HttpResponse> {
    let me = state.db(move |conn| account::me(conn, &caller.0)).await?;
    Ok(HttpResponse::Ok().json(me))
}

/// Change my name
///
/// The name is the only field customers change themselves; the email is their identity.
#[utoipa::path(
    tag = "Portal",
    request_body = UpdateMeRequest,
    responses(
        (status = 200, description = "The updated profile", body = PortalMe),
        (status = 403, description = "`forbidden`: read-only \"View as customer\" session", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: name over 200 characters", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("portal_jwt" = []))
)]
#[patch("/api/v1/portal/me")]
pub async fn portal_update_me(
    state: State,
    caller: PortalWrite,
    ctx: RequestCtx,
    body: ApiJson<UpdateMeRequest>,
) -> ApiResult<HttpResponse> {
    let me = state
        .db(move |conn| account::update_me(conn, &caller.0, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

/// Change my password
///
/// Needs the current password. The caller's other sessions end and a "password changed"
/// alert is mailed.
#[utoipa::path(
    tag = "Portal",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 403, description = "`forbidden`: read-only session", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `current_password` is incorrect, or `new_password` breaks a rule", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("portal_jwt" = []))
)]
#[post("/api/v1/portal/me/password")]
pub async fn portal_change_password(
    state: State,
    caller: PortalWrite,
    ctx: RequestCtx,
    body: ApiJson<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    state
        .blocking(move || account::change_password(&st.deps(), &caller.0, &body.0, &ctx))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Export my data (GDPR)
///
/// The same sections as an admin's export (profile, licenses, activations and the
/// account's timeline), as JSON or CSV, in the portal's shapes: vendor-internal fields
/// (notes, reasons, metadata, staff names and addresses) are left out. The export is
/// itself recorded.
#[utoipa::path(
    tag = "Portal",
    params(ExportQuery),
    responses(
        (status = 200, description = "The export, as a download", content(
            (PortalExport = "application/json"),
            (String = "text/csv"),
        )),
        (status = 429, description = "`rate_limited`: a customer may export 10 times an hour; see `Retry-After`", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("portal_jwt" = []))
)]
#[get("/api/v1/portal/me/export")]
pub async fn portal_export_me(
    state: State,
    caller: PortalAuth,
    ctx: RequestCtx,
    query: ApiQuery<ExportQuery>,
) -> ApiResult<HttpResponse> {
    let format = query.0.format.unwrap_or_default();
    let principal = caller.0;
    let id = principal.customer_id.clone();
    let export = state
        .db(move |conn| account::export(conn, &principal, format.label(), &ctx))
        .await?;
    export_response(&id, &export, format)
}

/// Start two-factor setup
///
/// Returns a new secret and its `otpauth://` URL; two-factor is on only after
/// `…/2fa/enable` confirms a code.
#[utoipa::path(
    tag = "Portal",
    responses(
        (status = 200, description = "Secret to add to an authenticator app", body = TotpSetupResponse),
        (status = 409, description = "`conflict`: two-factor is already on", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("portal_jwt" = []))
)]
#[post("/api/v1/portal/me/2fa/setup")]
pub async fn portal_totp_setup(
    state: State,
    caller: PortalWrite,
    ctx: RequestCtx,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let setup = state
        .db(move |conn| account::totp_setup(conn, &st.deps(), &caller.0, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(setup))
}

/// Turn two-factor on
///
/// Confirms a code from the device just set up. A security alert is mailed.
#[utoipa::path(
    tag = "Portal",
    request_body = TotpCodeRequest,
    responses(
        (status = 200, description = "Two-factor is on", body = PortalMe),
        (status = 409, description = "`invalid_transition`: already on, or no setup started", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the code is wrong", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("portal_jwt" = []))
)]
#[post("/api/v1/portal/me/2fa/enable")]
pub async fn portal_totp_enable(
    state: State,
    caller: PortalWrite,
    ctx: RequestCtx,
    body: ApiJson<TotpCodeRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let me = state
        .blocking(move || account::totp_toggle(&st.deps(), &caller.0, &body.0.code, true, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

/// Turn two-factor off
///
/// Needs a current code.
#[utoipa::path(
    tag = "Portal",
    request_body = TotpCodeRequest,
    responses(
        (status = 200, description = "Two-factor is off", body = PortalMe),
        (status = 409, description = "`invalid_transition`: two-factor is not on", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the code is wrong", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("portal_jwt" = []))
)]
#[post("/api/v1/portal/me/2fa/disable")]
pub async fn portal_totp_disable(
    state: State,
    caller: PortalWrite,
    ctx: RequestCtx,
    body: ApiJson<TotpCodeRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let me = state
        .blocking(move || account::totp_toggle(&st.deps(), &caller.0, &body.0.code, false, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

/// My dashboard counts
#[utoipa::path(
    tag = "Portal",
    responses((status = 200, description = "Counts for the portal's home page", body = PortalDashboard)),
    security(("portal_jwt" = []))
)]
#[get("/api/v1/portal/dashboard")]
pub async fn portal_dashboard(state: State, caller: PortalAuth) -> ApiResult<HttpResponse> {
    let counts = state
        .db(move |conn| licenses::dashboard(conn, &caller.0.customer_id))
        .await?;
    Ok(HttpResponse::Ok().json(counts))
}

/// My licenses
///
/// Newest first, each with a plain-language line saying whether it works and why not.
#[utoipa::path(
    tag = "Portal",
    params(PortalLicenseQuery),
    responses(
        (status = 200, description = "The caller's licenses", body = PortalLicenseList),
        (status = 422, description = "`validation_failed`: bad `page` or `per_page`", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("portal_jwt" = []))
)]
#[get("/api/v1/portal/licenses")]
pub async fn portal_list_licenses(
    state: State,
    caller: PortalAuth,
    query: ApiQuery<PortalLicenseQuery>,
) -> ApiResult<HttpResponse> {
    let paging = Paging::new(query.0.page, query.0.per_page);
    let list = state
        .db(move |conn| licenses::list(conn, &caller.0.customer_id, paging))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// One of my licenses
#[utoipa::path(
    tag = "Portal",
    params(("id" = String, Path, description = "License id")),
    responses(
        (status = 200, description = "The license", body = PortalLicense),
        (status = 404, description = "`not_found`: no such license of the caller's (another customer's answers the same)", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("portal_jwt" = []))
)]
#[get("/api/v1/portal/licenses/{id}")]
pub async fn portal_get_license(
    state: State,
    caller: PortalAuth,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let license = state
        .db(move |conn| licenses::get(conn, &caller.0.customer_id, &id))
        .await?;
    Ok(HttpResponse::Ok().json(license))
}

/// My activations
///
/// Devices and domains on the caller's licenses, newest first.
#[utoipa::path(
    tag = "Portal",
    params(PortalActivationQuery),
    responses(
        (status = 200, description = "The caller's activations", body = PortalActivationList),
        (status = 404, description = "`not_found`: `license_id` is not one of the caller's licenses", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("portal_jwt" = []))
)]
#[get("/api/v1/portal/activations")]
pub async fn portal_list_activations(
    state: State,
    caller: PortalAuth,
    query: ApiQuery<PortalActivationQuery>,
) -> ApiResult<HttpResponse> {
    let list = state
        .db(move |conn| licenses::activations(conn, &caller.0.customer_id, &query.0))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Deactivate one of my devices
///
/// Frees the slot at once, so the license can be activated on another device. The
/// audit trail records that the customer did it.
#[utoipa::path(
    tag = "Portal",
    params(("id" = String, Path, description = "Activation id")),
    request_body(content = Option<ReasonRequest>, description = "Optional reason"),
    responses(
        (status = 200, description = "The deactivated activation", body = PortalActivation),
        (status = 403, description = "`forbidden`: read-only \"View as customer\" session", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: not one of the caller's activations", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: already inactive", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("portal_jwt" = []))
)]
#[post("/api/v1/portal/activations/{id}/deactivate")]
pub async fn portal_deactivate_activation(
    state: State,
    caller: PortalWrite,
    ctx: RequestCtx,
    id: web::Path<String>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let reason = parse_reason(&body)?;
    let id = id.into_inner();
    let activation = state
        .db(move |conn| licenses::deactivate(conn, &caller.0, &id, reason, &ctx))
        .await?;
    Ok(HttpResponse::Ok().json(activation))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(portal_login)
        .service(portal_request_magic_link)
        .service(portal_consume_magic_link)
        .service(portal_accept_invitation)
        .service(portal_request_password_reset)
        .service(portal_confirm_password_reset)
        .service(portal_refresh)
        .service(portal_logout)
        .service(portal_me)
        .service(portal_update_me)
        .service(portal_change_password)
        .service(portal_export_me)
        .service(portal_totp_setup)
        .service(portal_totp_enable)
        .service(portal_totp_disable)
        .service(portal_dashboard)
        .service(portal_list_licenses)
        .service(portal_get_license)
        .service(portal_list_activations)
        .service(portal_deactivate_activation);
}
