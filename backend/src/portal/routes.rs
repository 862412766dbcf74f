use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::portal::PortalAuth;
use crate::customers::model::CustomerStatus;
use crate::db::time;
use crate::error::ApiResult;
use crate::http::state::State;

/// The signed-in customer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01936f4e-9999-7cc0-8a55-0d4e3b1f2a10",
    "name": "Sarah Johnson",
    "email": "sarah@company.com",
    "status": "active",
    "email_verified": true,
    "two_factor_enabled": false,
    "last_login_at": "2026-11-28T17:45:00Z",
    "created_at": "2026-01-26T14:03:00Z",
    "impersonated": false,
    "read_only": false
}))]
pub struct PortalMe {
    pub id: String,
    pub name: Option<String>,
    pub email: String,
    pub status: CustomerStatus,
    pub email_verified: bool,
    pub two_factor_enabled: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// An admin is viewing as this customer ("View as customer"): the portal shows a banner.
    pub impersonated: bool,
    /// Nothing can be changed in this session.
    pub read_only: bool,
}

/// The signed-in customer
///
/// The caller's own profile, and whether this is an admin's read-only "View as customer"
/// session.
#[utoipa::path(
    tag = "Portal",
    responses((status = 200, description = "The caller's profile", body = PortalMe)),
    security(("portal_jwt" = []))
)]
#[get("/api/v1/portal/me")]
pub async fn portal_me(state: State, auth: PortalAuth) -> ApiResult<HttpResponse> {
    let principal = auth.0;
    let me = state
        .db(move |conn| {
            let c = crate::customers::service::get(conn, &principal.customer_id)?;
            Ok(PortalMe {
                status: CustomerStatus::parse(&c.status),
                email_verified: c.email_verified_at.is_some(),
                two_factor_enabled: c.totp_enabled,
                last_login_at: c.last_login_at.map(time::to_utc),
                created_at: time::to_utc(c.created_at),
                impersonated: principal.impersonated,
                read_only: principal.read_only,
                id: c.id,
                name: c.name,
                email: c.email,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(portal_me);
}
