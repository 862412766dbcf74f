//! What the client portal API reads and answers. Customers see their own licenses and
//! devices, never admin-side fields (notes, generator, metadata, other customers).

use chrono::{DateTime, Utc};
use latchkey_macros::spec_limits;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::activations::model::{Activation, ActivationStatus};
use crate::customers::model::{CustomerRow, CustomerStatus};
use crate::db::time;
use crate::licenses::status::LicenseStatus;
use crate::paging::PageMeta;

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

impl PortalMe {
    pub fn new(c: CustomerRow, impersonated: bool, read_only: bool) -> Self {
        PortalMe {
            status: CustomerStatus::parse(&c.status),
            email_verified: c.email_verified_at.is_some(),
            two_factor_enabled: c.totp_enabled,
            last_login_at: c.last_login_at.map(time::to_utc),
            created_at: time::to_utc(c.created_at),
            impersonated,
            read_only,
            id: c.id,
            name: c.name,
            email: c.email,
        }
    }
}

/// A portal session was opened.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "access_token": "eyJhbGciOiJIUzI1NiJ9…",
    "token_type": "Bearer",
    "expires_in": 900,
    "customer": {
        "id": "01936f4e-9999-7cc0-8a55-0d4e3b1f2a10", "name": "Sarah Johnson",
        "email": "sarah@company.com", "status": "active", "email_verified": true,
        "two_factor_enabled": false, "last_login_at": "2026-11-29T09:12:00Z",
        "created_at": "2026-01-26T14:03:00Z", "impersonated": false, "read_only": false
    }
}))]
pub struct PortalTokenResponse {
    /// A short-lived bearer token (JWT, audience `portal`) for `/api/v1/portal/…`. Browsers
    /// keep it in memory only and renew it with `POST /api/v1/portal/auth/refresh`.
    pub access_token: String,
    /// Only when the request asked for it (`include_refresh_token`, or a refresh that sent
    /// the token in its body); otherwise it is in the `latchkey_portal_refresh` cookie
    /// (`HttpOnly`). Single use; the session it renews lasts
    /// `LATCHKEY_PORTAL_SESSION_HOURS` from sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub customer: PortalMe,
}

/// The answer to requests that must not tell whether an account exists.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"message": "If an account exists for that address, we have sent it an email."}))]
pub struct Accepted {
    pub message: String,
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"email": "sarah@company.com"}))]
pub struct EmailRequest {
    #[validate(length(min = 1, max = 254, message = "is required"))]
    #[schema(format = Email)]
    pub email: String,
}

/// A mailed link's token, with the two-factor code when the account has 2FA on.
#[spec_limits]
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"token": "Qy3kq2Rj9w1eT5uY7iO0pAsq3Zb0c2nX0yV6s1mC8d4"}))]
pub struct MagicLinkConsumeRequest {
    #[validate(length(min = 1, max = 256, message = "is required"))]
    pub token: String,
    #[validate(length(max = 16))]
    pub totp_code: Option<String>,
    /// `true`: the refresh token comes in the answer instead of a cookie (API clients).
    #[serde(default)]
    pub include_refresh_token: bool,
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({
    "token": "Qy3kq2Rj9w1eT5uY7iO0pAsq3Zb0c2nX0yV6s1mC8d4",
    "password": "staple gun lighthouse",
    "name": "Sarah Johnson"
}))]
pub struct AcceptInvitationRequest {
    #[validate(length(min = 1, max = 256, message = "is required"))]
    pub token: String,
    #[schema(schema_with = crate::auth::password::new_password_schema)]
    pub password: String,
    /// Optional; blank keeps the name the vendor entered.
    #[validate(length(max = 200, message = "must be at most 200 characters"))]
    pub name: Option<String>,
    /// `true`: the refresh token comes in the answer instead of a cookie (API clients).
    #[serde(default)]
    pub include_refresh_token: bool,
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({
    "token": "Qy3kq2Rj9w1eT5uY7iO0pAsq3Zb0c2nX0yV6s1mC8d4",
    "password": "staple gun lighthouse"
}))]
pub struct PasswordResetConfirmRequest {
    #[validate(length(min = 1, max = 256, message = "is required"))]
    pub token: String,
    #[schema(schema_with = crate::auth::password::new_password_schema)]
    pub password: String,
}

/// The one profile field a customer can change: email is their identity.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"name": "Sarah J. Johnson"}))]
pub struct UpdateMeRequest {
    /// Null or blank clears the name; leaving the field out keeps it.
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
}

/// The counts on the portal's home page.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"licenses_total": 3, "licenses_active": 2, "activations_in_use": 4, "expiring_soon": 1}))]
pub struct PortalDashboard {
    /// Licenses the customer owns, in every state.
    pub licenses_total: i64,
    /// Licenses that work today (assigned or active, not expired, suspended or revoked).
    pub licenses_active: i64,
    /// Devices or domains currently activated on those licenses.
    pub activations_in_use: i64,
    /// Working licenses that expire within 30 days.
    pub expiring_soon: i64,
}

/// One of the customer's licenses.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01936f4e-5555-7cc0-8a55-0d4e3b1f2a10",
    "key": "PHTO-7K2M-Q9XW-4RTB",
    "status": "active",
    "product_id": "01936f4e-1111-7cc0-8a55-0d4e3b1f2a10",
    "product_name": "PhotoForge Pro",
    "expires_at": "2027-03-01T00:00:00Z",
    "max_activations": 3,
    "activations_used": 3,
    "created_at": "2026-01-26T14:03:00Z",
    "valid": true,
    "explanation": "Valid until 1 March 2027. All 3 activation slots are in use: deactivate a device to use the license on another one."
}))]
pub struct PortalLicense {
    pub id: String,
    pub key: String,
    pub status: LicenseStatus,
    pub product_id: String,
    pub product_name: String,
    /// null = perpetual.
    pub expires_at: Option<DateTime<Utc>>,
    /// null = unlimited.
    pub max_activations: Option<i64>,
    pub activations_used: i64,
    pub created_at: DateTime<Utc>,
    /// Whether the software accepts this license today.
    pub valid: bool,
    /// One plain-language line: why the license is not valid and what to do, or until
    /// when it is valid.
    pub explanation: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PortalLicenseList {
    pub data: Vec<PortalLicense>,
    pub meta: PageMeta,
}

/// A device or domain the customer activated.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01936f4e-7777-7cc0-8a55-0d4e3b1f2a10",
    "license_id": "01936f4e-5555-7cc0-8a55-0d4e3b1f2a10",
    "license_key": "PHTO-7K2M-Q9XW-4RTB",
    "product_name": "PhotoForge Pro",
    "identifier": "4C4C4544-0033-4A10-8031-B4C04F4E4C32",
    "kind": "device",
    "name": "Sarah's MacBook",
    "platform": "macOS 15",
    "status": "active",
    "activated_at": "2026-02-01T10:00:00Z",
    "last_verified_at": "2026-11-29T08:30:00Z",
    "deactivated_at": null,
    "deactivation_reason": null
}))]
pub struct PortalActivation {
    pub id: String,
    pub license_id: String,
    pub license_key: String,
    pub product_name: String,
    pub identifier: String,
    /// `device` or `domain`.
    pub kind: String,
    pub name: Option<String>,
    pub platform: Option<String>,
    pub status: ActivationStatus,
    pub activated_at: DateTime<Utc>,
    pub last_verified_at: Option<DateTime<Utc>>,
    pub deactivated_at: Option<DateTime<Utc>>,
    pub deactivation_reason: Option<String>,
}

impl From<Activation> for PortalActivation {
    fn from(a: Activation) -> Self {
        PortalActivation {
            id: a.id,
            license_id: a.license_id,
            license_key: a.license_key,
            product_name: a.product_name,
            identifier: a.identifier,
            kind: a.kind,
            name: a.name,
            platform: a.platform,
            status: a.status,
            activated_at: a.activated_at,
            last_verified_at: a.last_verified_at,
            deactivated_at: a.deactivated_at,
            deactivation_reason: a.deactivation_reason,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PortalActivationList {
    pub data: Vec<PortalActivation>,
    pub meta: PageMeta,
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PortalActivationQuery {
    /// Only this license's activations (one of the caller's).
    #[validate(length(max = 64))]
    pub license_id: Option<String>,
    #[param(inline)]
    pub status: Option<ActivationStatus>,
    #[validate(range(min = 1, message = "must be 1 or more"))]
    pub page: Option<i64>,
    #[validate(range(min = 1, max = 100, message = "must be from 1 to 100"))]
    pub per_page: Option<i64>,
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PortalLicenseQuery {
    #[validate(range(min = 1, message = "must be 1 or more"))]
    pub page: Option<i64>,
    #[validate(range(min = 1, max = 100, message = "must be from 1 to 100"))]
    pub per_page: Option<i64>,
}

/// One event of the customer's timeline, as the customer sees it: who acted is named by
/// kind only, and an IP address only on the customer's own actions.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01936f4e-8888-7cc0-8a55-0d4e3b1f2a10",
    "occurred_at": "2026-11-29T09:12:00Z",
    "action": "customer.login",
    "actor_kind": "customer",
    "subject_type": "customer",
    "subject_id": "01936f4e-9999-7cc0-8a55-0d4e3b1f2a10",
    "ip_address": "203.0.113.7"
}))]
pub struct PortalEvent {
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    pub action: String,
    pub actor_kind: crate::audit::model::ActorKind,
    pub subject_type: String,
    pub subject_id: Option<String>,
    pub ip_address: Option<String>,
}

/// Everything Latchkey stores about the customer that is theirs to see (GDPR access and
/// portability): the same sections as the admin's export, in the portal's shapes, so no
/// vendor-internal field (notes, reasons, metadata, staff names and addresses) leaves.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortalExport {
    pub exported_at: DateTime<Utc>,
    pub customer: PortalMe,
    pub licenses: Vec<PortalLicense>,
    pub activations: Vec<PortalActivation>,
    /// Oldest first.
    pub timeline: Vec<PortalEvent>,
}

impl crate::auth::refresh::CarriesRefreshToken for PortalTokenResponse {
    fn set_refresh_token(&mut self, token: String) {
        self.refresh_token = Some(token);
    }
}
