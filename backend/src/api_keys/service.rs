use chrono::Duration;

use super::model::*;
use super::store::{self, Visible};
use crate::audit::{self, Change};
use crate::auth::{Principal, PrincipalKind, Role, API_KEY_PREFIX};
use crate::context::RequestCtx;
use crate::crypto::{constant_time_eq, random_string, sha256_hex};
use crate::db::{time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::paging::{PageMeta, Paging};

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
/// enough entropy that a slow hash adds nothing) and compared in constant time. The owner's
/// role and status are read in the same query on every request, never cached: demoting the
/// owner lowers the key at once, deactivating them suspends it.
pub fn authenticate(conn: &mut DbConn, token: &str) -> ApiResult<Principal> {
    if token.len() != API_KEY_PREFIX.len() + SECRET_LEN {
        return Err(unauthorized());
    }
    let hash = sha256_hex(token);
    let (row, owner) = store::find_by_hash(conn, &hash)?.ok_or_else(unauthorized)?;
    if !constant_time_eq(row.key_hash.as_bytes(), hash.as_bytes()) {
        return Err(unauthorized());
    }
    let owner = Owner::of(owner);
    let now = time::now();
    match row.status(owner.as_ref(), now) {
        ApiKeyStatus::Active => {}
        ApiKeyStatus::Suspended => {
            return Err(ApiError::unauthorized(
                "The API key's owner is inactive; the key is suspended with them.",
            ))
        }
        ApiKeyStatus::Expired | ApiKeyStatus::Revoked => return Err(unauthorized()),
    }
    let Some(owner_id) = row.created_by.clone() else {
        return Err(unauthorized());
    };
    if row
        .last_used_at
        .is_none_or(|t| now - t > Duration::seconds(TOUCH_INTERVAL_SECS))
    {
        store::touch(conn, &row.id, now)?;
    }
    Ok(Principal {
        role: row.effective_role(owner.as_ref()),
        kind: PrincipalKind::ApiKey { owner_id },
        id: row.id,
    })
}

/// The role a key acts with now, or `None` when it does not work (revoked, expired, owner
/// inactive): a "View as customer" session opened with it lasts only as long.
pub fn acting_role(conn: &mut DbConn, id: &str) -> ApiResult<Option<Role>> {
    Ok(store::find_with_owner(conn, id)?.and_then(|(row, owner)| {
        let owner = Owner::of(owner);
        (row.status(owner.as_ref(), time::now()) == ApiKeyStatus::Active)
            .then(|| row.effective_role(owner.as_ref()))
    }))
}

/// Keys are made by signed-in admins and belong to them. A key cannot make keys: it would
/// need an owner of its own, and a leaked key could otherwise mint fresh ones that outlive
/// its revocation.
pub fn create(
    conn: &mut DbConn,
    principal: &Principal,
    req: &CreateApiKeyRequest,
    ctx: &RequestCtx,
) -> ApiResult<CreatedApiKey> {
    principal.signed_in_only(
        "API keys cannot create API keys: sign in as an admin, and the key will be yours.",
    )?;
    let owner_id = principal.admin_id();
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
        created_by: Some(owner_id.to_string()),
        created_at: now,
        expires_at,
        last_used_at: None,
        revoked_at: None,
    };
    let owner = Owner {
        role: principal.role,
        active: true,
    };
    let shown = ApiKey::new(&row, Some(&owner));
    write_tx(conn, |c| {
        store::insert(c, &row)?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("api_key.created", "api_key", Some(&row.id)).after(&shown),
        )
    })?;
    Ok(CreatedApiKey {
        api_key: shown,
        secret,
    })
}

/// Which keys `principal` may see and revoke: their own (their owner's, for a key), and
/// those of admins whose role is not above theirs. Ownerless keys (revoked with a deleted
/// admin) are super admins' to see.
fn visible_to(principal: &Principal) -> Visible {
    Visible {
        admin_id: principal.admin_id().to_string(),
        owner_roles: Role::ALL
            .into_iter()
            .filter(|r| *r <= principal.role)
            .map(Role::as_str)
            .collect(),
        ownerless: principal.role == Role::SuperAdmin,
    }
}

/// The key, when `principal` may see it: 404 when there is none, 403 when it belongs to
/// an admin above them.
fn find_visible(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
) -> ApiResult<(ApiKeyRow, Option<Owner>)> {
    let (row, owner) =
        store::find_with_owner(conn, id)?.ok_or_else(|| ApiError::not_found("API key"))?;
    let owner = Owner::of(owner);
    let own = row.created_by.as_deref() == Some(principal.admin_id());
    let allowed = own
        || match &owner {
            Some(o) => o.role <= principal.role,
            None => principal.role == Role::SuperAdmin,
        };
    if !allowed {
        return Err(ApiError::forbidden(
            "This key belongs to an admin with a higher role than yours.",
        ));
    }
    Ok((row, owner))
}

pub fn get(conn: &mut DbConn, principal: &Principal, id: &str) -> ApiResult<ApiKey> {
    let (row, owner) = find_visible(conn, principal, id)?;
    Ok(ApiKey::new(&row, owner.as_ref()))
}

pub fn list(
    conn: &mut DbConn,
    principal: &Principal,
    include_revoked: bool,
    paging: Paging,
) -> ApiResult<(Vec<ApiKey>, PageMeta)> {
    let (rows, total) = store::list(
        conn,
        &visible_to(principal),
        include_revoked,
        paging.offset(),
        paging.per_page,
    )?;
    let keys = rows
        .into_iter()
        .map(|(row, owner)| ApiKey::new(&row, Owner::of(owner).as_ref()))
        .collect();
    Ok((keys, paging.meta(total)))
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
                .after(serde_json::json!({"reason": "owner_deleted"})),
        )?;
    }
    Ok(())
}

/// Revokes at once: the next request with the key gets 401, and "View as customer"
/// sessions opened with it end.
pub fn revoke(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    write_tx(conn, |c| {
        let (before, owner) = find_visible(c, principal, id)?;
        if before.revoked_at.is_some() {
            return Err(ApiError::new(
                ErrorCode::InvalidTransition,
                "This API key is already revoked.",
            ));
        }
        // Two revocations racing: the one whose update finds the key live records it.
        if store::revoke(c, id, time::now())? == 0 {
            return Err(ApiError::new(
                ErrorCode::InvalidTransition,
                "This API key is already revoked.",
            ));
        }
        let after = store::find(c, id)?.ok_or_else(|| ApiError::not_found("API key"))?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("api_key.revoked", "api_key", Some(id))
                .before(ApiKey::new(&before, owner.as_ref()))
                .after(ApiKey::new(&after, owner.as_ref())),
        )
    })
}
