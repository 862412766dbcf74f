use actix_web::{get, post, put, web, HttpResponse};
use latchkey_macros::spec_limits;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::model::*;
use super::service;
use super::templates;
use super::transport::{Delivered, Transport};
use crate::context::RequestCtx;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::http::extract::{ApiJson, ApiQuery};
use crate::http::guard::{Auth, RoleAdmin, RoleSuperAdmin};
use crate::http::state::State;
use crate::outbox::Template;
use crate::paging::Paging;

/// Email settings
///
/// The SMTP settings in effect and where they come from: saved here (`database`), the
/// `LATCHKEY_SMTP_URL` variable (`environment`), or none, in which case mails are written
/// to `DATA_DIR/outbox/*.eml`. The password is never returned.
#[utoipa::path(
    tag = "Email",
    responses((status = 200, description = "The settings in effect", body = EmailSettings)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/settings/email")]
pub async fn get_email_settings(
    state: State,
    _auth: Auth<RoleSuperAdmin>,
) -> ApiResult<HttpResponse> {
    let config = state.config.clone();
    let settings = state
        .db(move |conn| service::settings(conn, &config))
        .await?;
    Ok(HttpResponse::Ok().json(settings))
}

/// Save email settings
///
/// Saved settings override `LATCHKEY_SMTP_URL` from the next delivery on. The password is
/// stored encrypted with the server secret; leave it out to keep the saved one, send
/// `null` to remove it. Audited, without the password. A signed-in super admin only: an API
/// key gets 403, since whoever routes the mail receives every sign-in link.
#[utoipa::path(
    tag = "Email",
    request_body = UpdateEmailSettingsRequest,
    responses((status = 200, description = "The settings now in effect", body = EmailSettings)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[put("/api/v1/admin/settings/email")]
pub async fn update_email_settings(
    state: State,
    auth: Auth<RoleSuperAdmin>,
    ctx: RequestCtx,
    body: ApiJson<UpdateEmailSettingsRequest>,
) -> ApiResult<HttpResponse> {
    let principal = auth.principal;
    let config = state.config.clone();
    let secrets = state.secrets.clone();
    let settings = state
        .db(move |conn| {
            service::update_settings(conn, &config, &secrets, &principal, &body.0, &ctx)
        })
        .await?;
    Ok(HttpResponse::Ok().json(settings))
}

/// Send a test message
///
/// Sends a short message to `to` now, through the settings in effect, and reports what
/// the server answered. Without SMTP settings the message is written to
/// `DATA_DIR/outbox/`. A refusal or an unreachable server answers 502
/// `email_delivery_failed` with the SMTP error in `detail`.
#[utoipa::path(
    tag = "Email",
    request_body = TestEmailRequest,
    responses(
        (status = 200, description = "The message was handed over", body = TestEmailResult),
        (status = 502, description = "The SMTP server refused the message or could not be reached", body = crate::error::Problem,
            content_type = "application/problem+json",
            example = json!({"type": "https://latchkey.dev/problems/email_delivery_failed", "title": "Email delivery failed", "status": 502, "detail": "SMTP smtp.example.com:587: Connection error: Connection refused (os error 111)", "code": "email_delivery_failed"})),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/settings/email/test")]
pub async fn test_email_settings(
    state: State,
    _auth: Auth<RoleSuperAdmin>,
    body: ApiJson<TestEmailRequest>,
) -> ApiResult<HttpResponse> {
    let to = service::test_recipient(&body.0.to)?;
    let config = state.config.clone();
    let secrets = state.secrets.clone();
    let effective = state
        .db(move |conn| service::effective(conn, &config, &secrets))
        .await?;
    let failed = |detail: String| ApiError::new(ErrorCode::EmailDeliveryFailed, detail);
    let transport =
        Transport::new(effective.smtp.as_ref(), &state.config.data_dir).map_err(failed)?;
    let id = format!("test-{}", uuid::Uuid::now_v7());
    let message = service::message(
        &effective.from,
        &to,
        &id,
        &templates::render_test(&state.config.public_url),
    )
    .map_err(failed)?;
    let result = match transport.send(&message, &id).await.map_err(failed)? {
        Delivered::Smtp { server, reply } => TestEmailResult {
            delivered: true,
            transport: TransportKind::Smtp,
            detail: format!("{server} accepted the message: {reply}"),
        },
        Delivered::File(path) => TestEmailResult {
            delivered: true,
            transport: TransportKind::File,
            detail: format!(
                "No SMTP server is configured: the message was written to {}",
                path.display()
            ),
        },
    };
    Ok(HttpResponse::Ok().json(result))
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EmailListQuery {
    /// Page number, from 1.
    #[validate(range(min = 1))]
    pub page: Option<i64>,
    /// Rows per page, 1 to 100 (default 25).
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<i64>,
    /// `pending`, `sending`, `sent` or `failed`.
    #[param(value_type = Option<DeliveryStatus>, example = "failed")]
    pub status: Option<String>,
    /// `invitation`, `license_assigned`, `magic_link`, `password_reset`,
    /// `password_changed` or `two_factor_enabled`.
    #[param(value_type = Option<Template>, example = "invitation")]
    pub template: Option<String>,
    /// Case-insensitive substring of the recipient.
    #[validate(length(max = 200))]
    #[param(example = "@company.com")]
    pub search: Option<String>,
}

/// List email deliveries
///
/// Every mail in the outbox, newest first, with its delivery status, attempts and the last
/// error. The contents are not shown (they are made at delivery and may hold a sign-in
/// link).
#[utoipa::path(
    tag = "Email",
    params(EmailListQuery),
    responses((status = 200, description = "A page of deliveries", body = EmailDeliveryList)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/emails")]
pub async fn list_emails(
    state: State,
    _auth: Auth<RoleAdmin>,
    query: ApiQuery<EmailListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    let filter = service::filter(
        q.status.as_deref(),
        q.template.as_deref(),
        q.search.as_deref(),
    )?;
    let paging = Paging::new(q.page, q.per_page);
    let (data, meta) = state
        .db(move |conn| service::list(conn, &filter, paging))
        .await?;
    Ok(HttpResponse::Ok().json(EmailDeliveryList { data, meta }))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(get_email_settings)
        .service(update_email_settings)
        .service(test_email_settings)
        .service(list_emails);
}
