use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::customers::model::Customer;
use crate::licenses::model::License;

/// How many licenses are in each derived status (the same rules as the `status` filter).
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct LicenseStatusCounts {
    pub total: i64,
    pub available: i64,
    pub assigned: i64,
    pub active: i64,
    pub expired: i64,
    pub suspended: i64,
    pub revoked: i64,
}

/// One UTC day of licensing-API traffic, from the hourly counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct UsageDay {
    #[schema(value_type = String, format = Date, example = "2026-11-29")]
    pub date: NaiveDate,
    /// Activations that took a new slot (`ACTIVATED`).
    pub activations: i64,
    /// Every validation answered, whatever its code.
    pub validations: i64,
    /// Validations answered with anything but `VALID`.
    pub failed_validations: i64,
    /// Devices freed by the licensed software (`DEACTIVATED`).
    pub deactivations: i64,
    /// Activations refused (limit reached, expired, suspended, …) or rate limited.
    pub refused_activations: i64,
}

/// The dashboard: counts now, and licensing traffic per day.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "customers": 1250,
    "licenses": {"total": 3400, "available": 120, "assigned": 600, "active": 2400,
                 "expired": 200, "suspended": 30, "revoked": 50},
    "active_activations": 5120,
    "expiring_soon": 84,
    "expiring_within_days": 30,
    "usage": [{"date": "2026-11-29", "activations": 42, "validations": 18230,
               "failed_validations": 57, "deactivations": 9, "refused_activations": 3}],
    "generated_at": "2026-11-29T14:03:00Z"
}))]
pub struct Stats {
    pub customers: i64,
    pub licenses: LicenseStatusCounts,
    /// Activations currently holding a slot.
    pub active_activations: i64,
    /// Licenses, not suspended or revoked, whose `expires_at` falls within the next
    /// `expiring_within_days` days.
    pub expiring_soon: i64,
    pub expiring_within_days: i64,
    /// One entry per UTC day, oldest first, including days without traffic; the last is
    /// today so far. Counters are written every few seconds, so the newest calls may be
    /// missing for that long.
    pub usage: Vec<UsageDay>,
    pub generated_at: DateTime<Utc>,
}

/// What the command palette found: a few customers and licenses.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResults {
    /// Up to `limit` customers whose name or email contains the text.
    pub customers: Vec<Customer>,
    /// Up to `limit` licenses whose key starts with the text (any case), or that belong to
    /// a customer whose email is exactly the text.
    pub licenses: Vec<License>,
}
