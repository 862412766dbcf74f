use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use latchkey_macros::spec_limits;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::Role;
use crate::db::time;
use crate::paging::PageMeta;
use crate::schema::api_keys;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_keys)]
pub struct ApiKeyRow {
    pub id: String,
    pub name: String,
    pub prefix: String,
    pub key_hash: String,
    pub role: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApiKeyStatus {
    Active,
    /// Its owner is inactive: the key works again when they are reactivated.
    Suspended,
    Expired,
    Revoked,
}

/// A key's owner as it is now: their role and status (`None`: the owner was deleted, and
/// the key revoked with them).
#[derive(Debug, Clone)]
pub struct Owner {
    pub role: Role,
    pub active: bool,
}

impl Owner {
    pub fn of(raw: Option<(String, String)>) -> Option<Owner> {
        raw.map(|(role, status)| Owner {
            role: Role::parse(&role).unwrap_or(Role::Viewer),
            active: status == "active",
        })
    }
}

impl ApiKeyRow {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Viewer)
    }

    pub fn status(&self, owner: Option<&Owner>, now: NaiveDateTime) -> ApiKeyStatus {
        if self.revoked_at.is_some() || owner.is_none() {
            ApiKeyStatus::Revoked
        } else if self.expires_at.is_some_and(|e| e <= now) {
            ApiKeyStatus::Expired
        } else if owner.is_some_and(|o| !o.active) {
            ApiKeyStatus::Suspended
        } else {
            ApiKeyStatus::Active
        }
    }

    /// What the key may do now: never more than its owner holds at this moment.
    pub fn effective_role(&self, owner: Option<&Owner>) -> Role {
        match owner {
            Some(o) => self.role().min(o.role),
            None => Role::Viewer,
        }
    }
}

/// An API key as listed: the secret itself is never shown again after creation.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01936f4e-2222-7cc0-8a55-0d4e3b1f2a10",
    "name": "CI deploys",
    "prefix": "lk_7Hc2QmZp",
    "role": "operator",
    "effective_role": "operator",
    "status": "active",
    "created_by": "01936f4e-1111-7cc0-8a55-0d4e3b1f2a10",
    "created_at": "2026-11-29T10:00:00Z",
    "expires_at": null,
    "last_used_at": "2026-11-29T10:05:00Z",
    "revoked_at": null
}))]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    /// The first characters of the key, to recognise it.
    pub prefix: String,
    /// The role the key was made with.
    pub role: Role,
    /// The role it acts with now: the lower of `role` and its owner's current role, so
    /// demoting the owner lowers the key at once.
    pub effective_role: Role,
    pub status: ApiKeyStatus,
    /// The admin who owns it (made it). The key is suspended while that admin is inactive
    /// and revoked when they are deleted (then null).
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Null: never expires.
    pub expires_at: Option<DateTime<Utc>>,
    /// Updated at most once a minute.
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiKey {
    pub fn new(r: &ApiKeyRow, owner: Option<&Owner>) -> Self {
        ApiKey {
            id: r.id.clone(),
            name: r.name.clone(),
            prefix: r.prefix.clone(),
            role: r.role(),
            effective_role: r.effective_role(owner),
            status: r.status(owner, time::now()),
            created_by: r.created_by.clone(),
            created_at: time::to_utc(r.created_at),
            expires_at: r.expires_at.map(time::to_utc),
            last_used_at: r.last_used_at.map(time::to_utc),
            revoked_at: r.revoked_at.map(time::to_utc),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApiKeyList {
    pub data: Vec<ApiKey>,
    pub meta: PageMeta,
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"name": "CI deploys", "role": "operator", "expires_at": "2027-06-30T00:00:00Z"}))]
pub struct CreateApiKeyRequest {
    #[validate(length(min = 1, max = 100, message = "must be 1 to 100 characters"))]
    pub name: String,
    /// At most your own role. Keys are made by signed-in admins only (not by other keys),
    /// and belong to them.
    pub role: Role,
    /// Null or absent: never expires. Must be in the future.
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "api_key": {"id": "01936f4e-2222-7cc0-8a55-0d4e3b1f2a10", "name": "CI deploys", "prefix": "lk_7Hc2QmZp",
                "role": "operator", "effective_role": "operator", "status": "active", "created_by": "01936f4e-1111-7cc0-8a55-0d4e3b1f2a10",
                "created_at": "2026-11-29T10:00:00Z", "expires_at": null, "last_used_at": null, "revoked_at": null},
    "secret": "lk_7Hc2QmZpX4r9Lk2Vb8Nw3Ty6Ua1Ds5Fg7Hj0Kl2Zx4Cv"
}))]
pub struct CreatedApiKey {
    pub api_key: ApiKey,
    /// The key itself: shown this once. Send it as `Authorization: Bearer lk_…`.
    pub secret: String,
}
