use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use latchkey_macros::spec_limits;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::Role;
use crate::db::time;
use crate::paging::PageMeta;
use crate::schema::{admin_sessions, admins};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = admins)]
pub struct AdminRow {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    pub role: String,
    pub status: String,
    pub password_hash: String,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub totp_last_step: Option<i64>,
    pub last_login_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl AdminRow {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Viewer)
    }

    pub fn is_active(&self) -> bool {
        self.status == AdminStatus::Active.as_str()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = admin_sessions)]
pub struct SessionRow {
    pub id: String,
    pub admin_id: String,
    pub refresh_token_hash: String,
    pub previous_token_hash: Option<String>,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: NaiveDateTime,
    pub last_used_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AdminStatus {
    Active,
    /// Cannot sign in; existing sessions end at once.
    Inactive,
}

impl AdminStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AdminStatus::Active => "active",
            AdminStatus::Inactive => "inactive",
        }
    }
}

/// A staff account.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01936f4e-1111-7cc0-8a55-0d4e3b1f2a10",
    "email": "ada@example.com",
    "name": "Ada Admin",
    "role": "super_admin",
    "status": "active",
    "two_factor_enabled": false,
    "last_login_at": "2026-11-29T09:30:00Z",
    "created_at": "2026-11-01T08:00:00Z",
    "updated_at": "2026-11-29T09:30:00Z"
}))]
pub struct Admin {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    pub role: Role,
    pub status: AdminStatus,
    pub two_factor_enabled: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&AdminRow> for Admin {
    fn from(r: &AdminRow) -> Self {
        Admin {
            id: r.id.clone(),
            email: r.email.clone(),
            name: r.name.clone(),
            role: r.role(),
            status: if r.is_active() {
                AdminStatus::Active
            } else {
                AdminStatus::Inactive
            },
            two_factor_enabled: r.totp_enabled,
            last_login_at: r.last_login_at.map(time::to_utc),
            created_at: time::to_utc(r.created_at),
            updated_at: time::to_utc(r.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AdminList {
    pub data: Vec<Admin>,
    pub meta: PageMeta,
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"email": "ada@example.com", "password": "correct horse battery", "include_refresh_token": true}))]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 254, message = "is required"))]
    pub email: String,
    #[validate(length(min = 1, max = 1024, message = "is required"))]
    pub password: String,
    /// The 6-digit code from the authenticator app, when two-factor is on.
    #[validate(length(max = 16))]
    pub totp_code: Option<String>,
    /// `true` for API clients (scripts, curl): the refresh token comes in the JSON answer
    /// and no cookie is set. Default `false`: browsers get it in an `HttpOnly` cookie that
    /// page scripts cannot read.
    #[serde(default)]
    pub include_refresh_token: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIuLi4ifQ.sig",
    "refresh_token": "q3Zb0c2nX0yV6s1mC8d4Qy3kq2Rj9w1eT5uY7iO0pAs",
    "token_type": "Bearer",
    "expires_in": 900,
    "admin": {"id": "01936f4e-1111-7cc0-8a55-0d4e3b1f2a10", "email": "ada@example.com", "name": "Ada Admin",
              "role": "super_admin", "status": "active", "two_factor_enabled": false,
              "last_login_at": "2026-11-29T09:30:00Z", "created_at": "2026-11-01T08:00:00Z",
              "updated_at": "2026-11-29T09:30:00Z"}
}))]
pub struct TokenResponse {
    /// Short-lived JWT (audience `admin`); send as `Authorization: Bearer …`. Browsers keep
    /// it in memory only.
    pub access_token: String,
    /// Only when the request asked for it (`include_refresh_token`, or a refresh that sent
    /// the token in its body); otherwise it is in the `latchkey_admin_refresh` cookie.
    /// Single use: `POST /api/v1/admin/auth/refresh` returns a new one and retires this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub admin: Admin,
}

impl crate::auth::refresh::CarriesRefreshToken for TokenResponse {
    fn set_refresh_token(&mut self, token: String) {
        self.refresh_token = Some(token);
    }
}

/// The refresh token in the body (API clients), or `{}` with the refresh cookie and the
/// header `X-Latchkey-CSRF: 1` (browsers).
#[spec_limits]
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"refresh_token": "q3Zb0c2nX0yV6s1mC8d4Qy3kq2Rj9w1eT5uY7iO0pAs"}))]
pub struct RefreshRequest {
    #[validate(length(max = 512))]
    pub refresh_token: Option<String>,
}

#[spec_limits]
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"refresh_token": "q3Zb0c2nX0yV6s1mC8d4Qy3kq2Rj9w1eT5uY7iO0pAs"}))]
pub struct LogoutRequest {
    /// Ignored beyond validation: signing out ends the session of the access token used.
    #[validate(length(max = 512))]
    pub refresh_token: Option<String>,
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"current_password": "correct horse battery", "new_password": "staple gun lighthouse"}))]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 1024, message = "is required"))]
    pub current_password: String,
    #[schema(schema_with = crate::auth::password::new_password_schema)]
    pub new_password: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    "otpauth_url": "otpauth://totp/Latchkey:ada%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Latchkey"
}))]
pub struct TotpSetupResponse {
    /// Base32 secret for manual entry.
    pub secret: String,
    /// Scan this (as a QR code) with an authenticator app, then confirm with `…/2fa/enable`.
    pub otpauth_url: String,
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"code": "123456"}))]
pub struct TotpCodeRequest {
    #[validate(length(min = 6, max = 6, message = "must be the 6-digit code"))]
    pub code: String,
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"email": "sam@example.com", "name": "Sam Support", "role": "operator"}))]
pub struct CreateAdminRequest {
    #[validate(length(max = 254))]
    #[schema(format = Email)]
    pub email: String,
    #[validate(length(max = 200))]
    pub name: Option<String>,
    pub role: Role,
    /// Leave out to have a password generated and returned once.
    #[schema(schema_with = crate::auth::password::optional_new_password_schema)]
    pub password: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "admin": {"id": "01936f4e-4444-7cc0-8a55-0d4e3b1f2a10", "email": "sam@example.com", "name": "Sam Support",
              "role": "operator", "status": "active", "two_factor_enabled": false, "last_login_at": null,
              "created_at": "2026-11-29T10:00:00Z", "updated_at": "2026-11-29T10:00:00Z"},
    "generated_password": "Xq7mK2pRt9vW4nB8cD3f"
}))]
pub struct CreatedAdmin {
    pub admin: Admin,
    /// Present only when the password was generated: shown this once, never again.
    pub generated_password: Option<String>,
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"role": "admin", "status": "active"}))]
pub struct UpdateAdminRequest {
    /// `null` clears the name.
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    pub role: Option<Role>,
    pub status: Option<AdminStatus>,
    /// Emails are immutable; sending one is refused with 422.
    #[serde(default)]
    #[schema(value_type = Option<String>, read_only)]
    pub email: Option<serde_json::Value>,
}
