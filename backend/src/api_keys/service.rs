use chrono::Duration;

use super::model::*;
use super::store;
use crate::audit::{self, Change};
use crate::auth::{Principal, PrincipalKind, Role, API_KEY_PREFIX};
use crate::crypto::{constant_time_eq, random_string, sha256_hex};
use crate::db::{time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::http::extract::RequestCtx;
use crate::http::pagination::{PageMeta, Paging};

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// 40 base62 characters: about 238 bits.
const SECRET_LEN: usize = 40;
const PREFIX_LEN: usize = API_KEY_PREFIX.len() + 8;
/// `last_used_at` is written at most this often per key, to keep reads off the write path.
const TOUCH_INTERVAL_SECS: i64 = 60;

fn unauthorized() -> ApiError {
    ApiError::unauthorized("The API key is invalid, expired or revoked.")
}

/// The principal for a bearer `lk_…`. Keys are looked up by their SHA-256 (they carry
/// enough entropy that a slow hash adds nothing) and compared in constant time.
pub fn authenticate(conn: &mut DbConn, token: &str) -> ApiResult<Principal> {
    if token.len() != API_KEY_PREFIX.len() + SECRET_LEN {
        return Err(unauthorized());
    }
    let hash = sha256_hex(token);
    let (row, creator_status) = store::find_by_hash(conn, &hash)?.ok_or_else(unauthorized)?;
    if !constant_time_eq(row.key_hash.as_bytes(), hash.as_bytes()) {
        return Err(unauthorized());
    }
    // A key stops working while the admin who created it is inactive.
    if creator_status.is_some_and(|s| s != "active") {
        return Err(ApiError::unauthorized(
            "The API key's creator is inactive; the key is suspended with them.",
        ));
    }
    let now = time::now();
    if row.status(now) != ApiKeyStatus::Active {
        return Err(unauthorized());
    }
    if row
        .last_used_at
        .is_none_or(|t| now - t > Duration::seconds(TOUCH_INTERVAL_SECS))
    {
        store::touch(conn, &row.id, now)?;
    }
    let role = Role::parse(&row.role).ok_or_else(unauthorized)?;
    Ok(Principal {
        kind: PrincipalKind::ApiKey,
        id: row.id,
        role,
    })
}

pub fn create(
    conn: &mut DbConn,
    principal: &Principal,
    req: &CreateApiKeyRequest,
    ctx: &RequestCtx,
) -> ApiResult<CreatedApiKey> {
    if req.role > principal.role {
        return Err(ApiError::field(
            "role",
            "cannot be higher than your own role",
        ));
    }
    let now = time::now();
    let expires_at = req.expires_at.map(time::from_utc);
    if expires_at.is_some_and(|e| e <= now) {
        return Err(ApiError::field("expires_at", "must be in the future"));
    }
    let name = req.name.trim();
    if name.is_empty() {
        return Err(ApiError::field("name", "must not be blank"));
    }
    let secret = format!("{API_KEY_PREFIX}{}", random_string(SECRET_LEN, BASE62));
    let row = ApiKeyRow {
        id: uuid::Uuid::now_v7().to_string(),
        name: name.to_string(),
        prefix: secret[..PREFIX_LEN].to_string(),
        key_hash: sha256_hex(&secret),
        role: req.role.as_str().to_string(),
        created_by: match principal.kind {
            PrincipalKind::Admin { .. } => Some(principal.id.clone()),
            PrincipalKind::ApiKey => None,
        },
        created_at: now,
        expires_at,
        last_used_at: None,
        revoked_at: None,
    };
    write_tx(conn, |c| {
        store::insert(c, &row)?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("api_key.created", "api_key", Some(&row.id)).after(ApiKey::from(&row)),
        )
    })?;
    Ok(CreatedApiKey {
        api_key: ApiKey::from(&row),
        secret,
    })
}

pub fn get(conn: &mut DbConn, id: &str) -> ApiResult<ApiKey> {
    store::find(conn, id)?
        .map(|r| ApiKey::from(&r))
        .ok_or_else(|| ApiError::not_found("API key"))
}

pub fn list(
    conn: &mut DbConn,
    include_revoked: bool,
    paging: Paging,
) -> ApiResult<(Vec<ApiKey>, PageMeta)> {
    let (rows, total) = store::list(conn, include_revoked, paging.offset(), paging.per_page)?;
    Ok((rows.iter().map(ApiKey::from).collect(), paging.meta(total)))
}

/// Revokes the keys of a deleted admin, recording each revocation.
pub fn revoke_created_by(
    conn: &mut DbConn,
    principal: &Principal,
    admin_id: &str,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    for id in store::revoke_created_by(conn, admin_id, time::now())? {
        audit::record(
            conn,
            &principal.actor(),
            ctx,
            Change::new("api_key.revoked", "api_key", Some(&id))
                .after(serde_json::json!({"reason": "creator_deleted"})),
        )?;
    }
    Ok(())
}

/// Revokes at once: the next request with the key gets 401.
pub fn revoke(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    write_tx(conn, |c| {
        let before = store::find(c, id)?.ok_or_else(|| ApiError::not_found("API key"))?;
        if before.revoked_at.is_some() {
            return Err(ApiError::new(
                ErrorCode::InvalidTransition,
                "This API key is already revoked.",
            ));
        }
        store::revoke(c, id, time::now())?;
        let after = store::find(c, id)?.ok_or_else(|| ApiError::not_found("API key"))?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("api_key.revoked", "api_key", Some(id))
                .before(ApiKey::from(&before))
                .after(ApiKey::from(&after)),
        )
    })
}
