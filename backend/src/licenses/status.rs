//! The derived license status, one definition for Rust (responses) and SQL (filters and
//! counts). Precedence: revoked > suspended > expired > available > active > assigned.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::LicenseRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LicenseStatus {
    /// No customer yet.
    Available,
    /// Owned by a customer, no active activation.
    Assigned,
    /// Owned, with at least one active activation.
    Active,
    /// `expires_at` has passed.
    Expired,
    /// Temporarily blocked; `reinstate` undoes it.
    Suspended,
    /// Permanently blocked; terminal.
    Revoked,
}

impl LicenseStatus {
    pub const ALL: [LicenseStatus; 6] = [
        LicenseStatus::Available,
        LicenseStatus::Assigned,
        LicenseStatus::Active,
        LicenseStatus::Expired,
        LicenseStatus::Suspended,
        LicenseStatus::Revoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LicenseStatus::Available => "available",
            LicenseStatus::Assigned => "assigned",
            LicenseStatus::Active => "active",
            LicenseStatus::Expired => "expired",
            LicenseStatus::Suspended => "suspended",
            LicenseStatus::Revoked => "revoked",
        }
    }

    pub fn of(row: &LicenseRow, now: NaiveDateTime) -> Self {
        if row.revoked_at.is_some() {
            LicenseStatus::Revoked
        } else if row.suspended_at.is_some() {
            LicenseStatus::Suspended
        } else if row.expires_at.is_some_and(|e| e <= now) {
            LicenseStatus::Expired
        } else if row.customer_id.is_none() {
            LicenseStatus::Available
        } else if row.activations_used > 0 {
            LicenseStatus::Active
        } else {
            LicenseStatus::Assigned
        }
    }
}
