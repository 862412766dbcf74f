use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use latchkey_macros::spec_limits;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::status::{LicenseStatus, StatusFacts};
use crate::db::time;
use crate::paging::PageMeta;
use crate::schema::licenses;

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = licenses)]
pub struct LicenseRow {
    pub id: String,
    pub license_key: String,
    pub product_id: String,
    pub customer_id: Option<String>,
    pub generator_id: Option<String>,
    pub max_activations: Option<i64>,
    pub activations_used: i64,
    pub expires_at: Option<NaiveDateTime>,
    pub validity_days: Option<i64>,
    pub assigned_at: Option<NaiveDateTime>,
    pub suspended_at: Option<NaiveDateTime>,
    pub suspend_reason: Option<String>,
    pub revoked_at: Option<NaiveDateTime>,
    pub revoke_reason: Option<String>,
    pub notes: Option<String>,
    pub metadata: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A license as the admin API shows it, with its product and owner joined in.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01936f4e-8888-7cc0-8a55-0d4e3b1f2a10",
    "key": "PRO-7K4QX-M2H9T-ZP3WA-C8RVN",
    "status": "active",
    "product_id": "01936f4e-6666-7cc0-8a55-0d4e3b1f2a10",
    "product_name": "Pro Editor",
    "customer_id": "01936f4e-9999-7cc0-8a55-0d4e3b1f2a10",
    "customer_email": "sarah@acme.com",
    "customer_name": "Sarah Chen",
    "generator_id": "01936f4e-7777-7cc0-8a55-0d4e3b1f2a10",
    "max_activations": 3,
    "activations_used": 1,
    "expires_at": "2027-11-29T10:00:00Z",
    "validity_days": 365,
    "assigned_at": "2026-11-29T10:00:00Z",
    "suspended_at": null,
    "suspend_reason": null,
    "revoked_at": null,
    "revoke_reason": null,
    "notes": "Bought via reseller",
    "metadata": {"order": "A-1042"},
    "created_at": "2026-11-20T08:00:00Z",
    "updated_at": "2026-11-29T10:00:00Z"
}))]
pub struct License {
    pub id: String,
    /// The license key; unique and immutable.
    pub key: String,
    pub status: LicenseStatus,
    pub product_id: String,
    pub product_name: String,
    pub customer_id: Option<String>,
    pub customer_email: Option<String>,
    pub customer_name: Option<String>,
    pub generator_id: Option<String>,
    /// null = unlimited.
    pub max_activations: Option<i64>,
    pub activations_used: i64,
    /// null = perpetual.
    pub expires_at: Option<DateTime<Utc>>,
    /// Days of validity counted from assignment (sets `expires_at` then, unless one is set).
    pub validity_days: Option<i64>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub suspended_at: Option<DateTime<Utc>>,
    pub suspend_reason: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<String>,
    pub notes: Option<String>,
    pub metadata: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The joined names a license row is shown with.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub product_name: String,
    pub customer_email: Option<String>,
    pub customer_name: Option<String>,
}

impl License {
    pub fn from_row(r: &LicenseRow, names: Names, now: NaiveDateTime) -> Self {
        License {
            id: r.id.clone(),
            key: r.license_key.clone(),
            status: LicenseStatus::of(r, now),
            product_id: r.product_id.clone(),
            product_name: names.product_name,
            customer_id: r.customer_id.clone(),
            customer_email: names.customer_email,
            customer_name: names.customer_name,
            generator_id: r.generator_id.clone(),
            max_activations: r.max_activations,
            activations_used: r.activations_used,
            expires_at: r.expires_at.map(time::to_utc),
            validity_days: r.validity_days,
            assigned_at: r.assigned_at.map(time::to_utc),
            suspended_at: r.suspended_at.map(time::to_utc),
            suspend_reason: r.suspend_reason.clone(),
            revoked_at: r.revoked_at.map(time::to_utc),
            revoke_reason: r.revoke_reason.clone(),
            notes: r.notes.clone(),
            metadata: serde_json::from_str(&r.metadata)
                .unwrap_or(serde_json::Value::Object(Default::default())),
            created_at: time::to_utc(r.created_at),
            updated_at: time::to_utc(r.updated_at),
        }
    }
}

/// What the audit trail records of a license: no customer email or name, only ids.
#[derive(Debug, Serialize)]
pub struct AuditView<'a> {
    pub key: &'a str,
    pub product_id: &'a str,
    pub customer_id: Option<&'a str>,
    pub max_activations: Option<i64>,
    pub activations_used: i64,
    pub validity_days: Option<i64>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub suspended_at: Option<DateTime<Utc>>,
    pub suspend_reason: Option<&'a str>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<&'a str>,
    pub notes: Option<&'a str>,
    pub metadata: serde_json::Value,
}

impl<'a> From<&'a LicenseRow> for AuditView<'a> {
    fn from(r: &'a LicenseRow) -> Self {
        AuditView {
            key: &r.license_key,
            product_id: &r.product_id,
            customer_id: r.customer_id.as_deref(),
            max_activations: r.max_activations,
            activations_used: r.activations_used,
            validity_days: r.validity_days,
            assigned_at: r.assigned_at.map(time::to_utc),
            expires_at: r.expires_at.map(time::to_utc),
            suspended_at: r.suspended_at.map(time::to_utc),
            suspend_reason: r.suspend_reason.as_deref(),
            revoked_at: r.revoked_at.map(time::to_utc),
            revoke_reason: r.revoke_reason.as_deref(),
            notes: r.notes.as_deref(),
            metadata: serde_json::from_str(&r.metadata).unwrap_or_default(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LicenseList {
    pub data: Vec<License>,
    pub meta: PageMeta,
}

/// One license (`product_id` or `generator_id`, optional `key`), or a batch
/// (`generator_id` + `count`).
#[spec_limits]
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"generator_id": "01936f4e-7777-7cc0-8a55-0d4e3b1f2a10", "count": 5}))]
pub struct CreateLicenseRequest {
    pub product_id: Option<String>,
    /// Makes a key in this generator's format and applies its overrides.
    pub generator_id: Option<String>,
    /// With `generator_id`: make this many licenses (1 to 10,000) in one transaction.
    #[validate(range(min = 1, max = 10000, message = "must be 1 to 10000"))]
    pub count: Option<usize>,
    /// An explicit key for a single license (unique; 4 to 200 printable characters).
    pub key: Option<String>,
    /// Overrides the product/generator default; null or absent uses it.
    #[validate(range(min = 1, max = 1000000, message = "must be at least 1"))]
    pub max_activations: Option<i64>,
    /// A fixed expiry; otherwise `validity_days` counts from assignment.
    pub expires_at: Option<DateTime<Utc>>,
    #[validate(range(min = 1, max = 36500, message = "must be 1 to 36500 days"))]
    pub validity_days: Option<i64>,
    #[validate(length(max = 5000))]
    pub notes: Option<String>,
    /// Free-form JSON object stored with the license.
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<serde_json::Value>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"created": 2, "licenses": [
    {"id": "01936f4e-8888-7cc0-8a55-0d4e3b1f2a10", "key": "PRO-7K4QX-M2H9T-ZP3WA-C8RVN"},
    {"id": "01936f4e-8889-7cc0-8a55-0d4e3b1f2a10", "key": "PRO-Q3M8D-W7YHK-2XRTP-N4BVA"}]}))]
pub struct BatchCreated {
    pub created: usize,
    pub licenses: Vec<CreatedKey>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedKey {
    pub id: String,
    pub key: String,
}

#[spec_limits]
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"max_activations": 5, "notes": "Upgraded seat count"}))]
pub struct UpdateLicenseRequest {
    /// null = unlimited.
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<i64>)]
    #[validate(range(
        min = 1,
        max = 1000000,
        message = "must be at least 1 (null for unlimited)"
    ))]
    pub max_activations: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<i64>)]
    #[validate(range(
        min = 1,
        max = 36500,
        message = "must be 1 to 36500 days (null for none)"
    ))]
    pub validity_days: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 5000, message = "must be at most 5000 characters"))]
    pub notes: Option<Option<String>>,
    /// Replaces the license's metadata: a JSON object.
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<serde_json::Value>,
    /// Immutable: refused with 422 (even as null).
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<String>, read_only)]
    pub key: Option<Option<serde_json::Value>>,
    /// Immutable: refused with 422 (even as null).
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<String>, read_only)]
    pub product_id: Option<Option<serde_json::Value>>,
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"email": "sarah@acme.com", "name": "Sarah Chen"}))]
pub struct AssignRequest {
    /// The owner: an existing customer (matched trimmed, case-insensitively) or a new one.
    #[validate(length(min = 1, max = 254, message = "is required"))]
    #[schema(format = Email)]
    pub email: String,
    /// Used only when the customer is created; otherwise ignored.
    #[validate(length(max = 200))]
    pub name: Option<String>,
    /// A fixed expiry instead of assignment + `validity_days`.
    pub expires_at: Option<DateTime<Utc>>,
    /// On a transfer: keep the devices activated so far (for the same person under a new
    /// address). Default `false`: the earlier owner's activations are deactivated with the
    /// reason `transferred`, so their devices no longer hold the new owner's slots.
    #[serde(default)]
    pub keep_activations: bool,
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"license_ids": ["01936f4e-8888-7cc0-8a55-0d4e3b1f2a10"], "email": "sarah@acme.com"}))]
pub struct BulkAssignRequest {
    #[validate(length(min = 1, max = 1000, message = "must list 1 to 1000 licenses"))]
    pub license_ids: Vec<String>,
    #[validate(length(min = 1, max = 254, message = "is required"))]
    #[schema(format = Email)]
    pub email: String,
    #[validate(length(max = 200))]
    pub name: Option<String>,
    /// For licenses that move from another owner: keep their activations (see
    /// `AssignRequest.keep_activations`). Default `false`.
    #[serde(default)]
    pub keep_activations: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkAssigned {
    pub assigned: usize,
    pub customer_id: String,
    pub licenses: Vec<License>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"expires_at": "2028-01-01T00:00:00Z"}))]
pub struct RenewRequest {
    /// The new expiry (in the future), or null to make the license perpetual.
    pub expires_at: Option<DateTime<Utc>>,
}

/// The derived status of a stored license (the rule is in `status`).
impl LicenseStatus {
    pub fn of(row: &LicenseRow, now: NaiveDateTime) -> Self {
        Self::from_facts(&StatusFacts::of(row), now)
    }
}

impl StatusFacts {
    pub fn of(row: &LicenseRow) -> Self {
        StatusFacts {
            revoked_at: row.revoked_at,
            suspended_at: row.suspended_at,
            expires_at: row.expires_at,
            owned: row.customer_id.is_some(),
            activations_used: row.activations_used,
        }
    }
}
