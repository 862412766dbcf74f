use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::paging::PageMeta;

/// Who did something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Admin(String),
    ApiKey(String),
    Customer(String),
    /// The vendor's software, presenting a license key to the licensing API (the id is
    /// the license's).
    LicenseKey(String),
    System,
    Anonymous,
}

impl Actor {
    pub fn kind(&self) -> ActorKind {
        match self {
            Actor::Admin(_) => ActorKind::Admin,
            Actor::ApiKey(_) => ActorKind::ApiKey,
            Actor::Customer(_) => ActorKind::Customer,
            Actor::LicenseKey(_) => ActorKind::LicenseKey,
            Actor::System => ActorKind::System,
            Actor::Anonymous => ActorKind::Anonymous,
        }
    }

    pub fn id(&self) -> Option<&str> {
        match self {
            Actor::Admin(id) | Actor::ApiKey(id) | Actor::Customer(id) | Actor::LicenseKey(id) => {
                Some(id)
            }
            Actor::System | Actor::Anonymous => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    Admin,
    ApiKey,
    Customer,
    LicenseKey,
    System,
    Anonymous,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Admin => "admin",
            ActorKind::ApiKey => "api_key",
            ActorKind::Customer => "customer",
            ActorKind::LicenseKey => "license_key",
            ActorKind::System => "system",
            ActorKind::Anonymous => "anonymous",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Admin,
            Self::ApiKey,
            Self::Customer,
            Self::LicenseKey,
            Self::System,
            Self::Anonymous,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One entry of the audit trail.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01936f4e-5b2a-7cc0-8a55-0d4e3b1f2a10",
    "occurred_at": "2026-11-29T10:15:00Z",
    "actor_kind": "admin",
    "actor_id": "01936f4e-1111-7cc0-8a55-0d4e3b1f2a10",
    "actor_name": "Ada Admin",
    "action": "api_key.created",
    "subject_type": "api_key",
    "subject_id": "01936f4e-2222-7cc0-8a55-0d4e3b1f2a10",
    "before": null,
    "after": {"name": "CI deploys", "role": "operator"},
    "ip_address": "203.0.113.7",
    "request_id": "01936f4e-3333-7cc0-8a55-0d4e3b1f2a10"
}))]
pub struct AuditEvent {
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    pub actor_kind: ActorKind,
    pub actor_id: Option<String>,
    /// The actor's current display name (joined when read; null when unknown or erased).
    pub actor_name: Option<String>,
    /// Dotted action name, e.g. `admin.login`, `api_key.revoked`.
    pub action: String,
    pub subject_type: String,
    pub subject_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub ip_address: Option<String>,
    pub request_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEventList {
    pub data: Vec<AuditEvent>,
    pub meta: PageMeta,
}
