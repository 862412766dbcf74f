use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use latchkey_macros::spec_limits;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::db::time;
use crate::paging::PageMeta;

use crate::schema::{customer_sessions, customers};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = customers)]
pub struct CustomerRow {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    pub status: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub password_hash: Option<String>,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub last_login_at: Option<NaiveDateTime>,
    pub license_count: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub totp_last_step: Option<i64>,
}

/// What the audit trail keeps of a customer: the id only, never email or name, so erasure
/// needs no edit of the append-only trail.
#[derive(Debug, Serialize)]
pub struct CustomerRef<'a> {
    pub customer_id: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CustomerStatus {
    Active,
    /// Cannot sign in to the portal.
    Inactive,
    /// Cannot sign in to the portal.
    Suspended,
}

impl CustomerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerStatus::Active => "active",
            CustomerStatus::Inactive => "inactive",
            CustomerStatus::Suspended => "suspended",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "inactive" => CustomerStatus::Inactive,
            "suspended" => CustomerStatus::Suspended,
            _ => CustomerStatus::Active,
        }
    }
}

/// A row of the customer list.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01936f4e-9999-7cc0-8a55-0d4e3b1f2a10",
    "name": "Sarah Johnson",
    "email": "sarah@company.com",
    "license_count": 3,
    "status": "active",
    "created_at": "2026-01-26T14:03:00Z"
}))]
pub struct Customer {
    pub id: String,
    /// Null when the customer was created from an email only (shown "N/A").
    pub name: Option<String>,
    pub email: String,
    /// Licenses owned, in every state.
    pub license_count: i64,
    pub status: CustomerStatus,
    pub created_at: DateTime<Utc>,
}

pub type CustomerListRow = (String, Option<String>, String, i64, String, NaiveDateTime);

impl Customer {
    pub fn from_list_row(
        (id, name, email, license_count, status, created_at): CustomerListRow,
    ) -> Self {
        Customer {
            id,
            name,
            email,
            license_count,
            status: CustomerStatus::parse(&status),
            created_at: time::to_utc(created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CustomerList {
    pub data: Vec<Customer>,
    pub meta: PageMeta,
}

/// How many of a customer's licenses are in each derived status.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct LicenseCounts {
    pub assigned: i64,
    pub active: i64,
    pub expired: i64,
    pub suspended: i64,
    pub revoked: i64,
}

/// A customer's profile with license and activation counts.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01936f4e-9999-7cc0-8a55-0d4e3b1f2a10",
    "name": "Sarah Johnson",
    "email": "sarah@company.com",
    "status": "active",
    "email_verified": true,
    "email_verified_at": "2026-01-27T09:00:00Z",
    "two_factor_enabled": false,
    "password_set": true,
    "last_login_at": "2026-11-28T17:45:00Z",
    "license_count": 3,
    "licenses_by_status": {"assigned": 1, "active": 1, "expired": 1, "suspended": 0, "revoked": 0},
    "active_activations": 2,
    "created_at": "2026-01-26T14:03:00Z",
    "updated_at": "2026-11-28T17:45:00Z"
}))]
pub struct CustomerDetail {
    pub id: String,
    pub name: Option<String>,
    pub email: String,
    pub status: CustomerStatus,
    pub email_verified: bool,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub two_factor_enabled: bool,
    /// Whether the customer has set a portal password (false until the invitation is used).
    pub password_set: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub license_count: i64,
    pub licenses_by_status: LicenseCounts,
    /// Activations holding a slot, across all the customer's licenses.
    pub active_activations: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Changes to a customer. Email is the identity and cannot change: to move a customer to a
/// new address, assign (transfer) their licenses to the new email.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"name": "Sarah J. Johnson", "status": "suspended"}))]
pub struct UpdateCustomerRequest {
    /// Null or empty clears the name (shown "N/A").
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    pub status: Option<CustomerStatus>,
    /// Immutable: refused with 422 (even as null).
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<String>, read_only)]
    pub email: Option<Option<serde_json::Value>>,
}

/// Erasure must be confirmed by typing the customer's email.
#[spec_limits]
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"confirm": "sarah@company.com"}))]
pub struct DeleteCustomerRequest {
    #[validate(length(max = 254))]
    pub confirm: Option<String>,
}

/// What erasure did.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "01936f4e-9999-7cc0-8a55-0d4e3b1f2a10", "licenses_unassigned": 3, "activations_scrubbed": 2, "emails_discarded": 1}))]
pub struct CustomerErased {
    pub id: String,
    /// The customer's licenses, now available again.
    pub licenses_unassigned: i64,
    /// Activations of those licenses whose IP address and device name were removed.
    pub activations_scrubbed: i64,
    /// Queued or sent mails to the customer that were deleted.
    pub emails_discarded: i64,
}

/// A mail was queued for delivery.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"queued": true, "template": "password_reset", "to": "sarah@company.com"}))]
pub struct EmailQueued {
    pub queued: bool,
    pub template: String,
    pub to: String,
}

/// A read-only portal token for "View as customer".
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "token": "eyJhbGciOiJIUzI1NiJ9…",
    "token_type": "Bearer",
    "expires_at": "2026-11-29T10:15:00Z",
    "expires_in": 900,
    "customer_id": "01936f4e-9999-7cc0-8a55-0d4e3b1f2a10",
    "read_only": true,
    "portal_url": "/portal?impersonation=1"
}))]
pub struct Impersonation {
    /// A portal bearer token (audience `portal`) that can read and change nothing.
    pub token: String,
    pub token_type: String,
    pub expires_at: DateTime<Utc>,
    pub expires_in: i64,
    pub customer_id: String,
    pub read_only: bool,
    /// Where the SPA opens the portal with the token.
    pub portal_url: String,
}

/// A portal session: a customer's sign-in, or an admin's read-only "View as customer".
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = customer_sessions)]
pub struct SessionRow {
    pub id: String,
    pub customer_id: String,
    pub impersonator_id: Option<String>,
    pub read_only: bool,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    /// SHA-256 of the current refresh token (a customer's own sign-in; none for "View as
    /// customer").
    pub refresh_token_hash: Option<String>,
    /// The refresh token just replaced: presented again, it was copied.
    pub previous_token_hash: Option<String>,
    /// The API key that opened a "View as customer" session, which ends when it is revoked.
    pub impersonator_api_key_id: Option<String>,
    /// When the refresh token was last rotated.
    pub refreshed_at: Option<NaiveDateTime>,
}

/// A single-use link token (`tokens`), stored as its SHA-256 only.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = crate::schema::customer_tokens)]
pub struct TokenRow {
    pub id: String,
    pub customer_id: String,
    pub purpose: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}
