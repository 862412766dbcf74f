//! The derived license status, one definition for Rust (responses) and SQL (filters and
//! counts). Precedence: revoked > suspended > expired > available > active > assigned.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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

/// The columns the status is derived from, for reads that need nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusFacts {
    pub revoked_at: Option<NaiveDateTime>,
    pub suspended_at: Option<NaiveDateTime>,
    pub expires_at: Option<NaiveDateTime>,
    pub owned: bool,
    pub activations_used: i64,
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

    /// The rule itself, over the columns it reads.
    pub fn from_facts(f: &StatusFacts, now: NaiveDateTime) -> Self {
        if f.revoked_at.is_some() {
            LicenseStatus::Revoked
        } else if f.suspended_at.is_some() {
            LicenseStatus::Suspended
        } else if f.expires_at.is_some_and(|e| e <= now) {
            LicenseStatus::Expired
        } else if !f.owned {
            LicenseStatus::Available
        } else if f.activations_used > 0 {
            LicenseStatus::Active
        } else {
            LicenseStatus::Assigned
        }
    }
}
