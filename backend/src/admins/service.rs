use chrono::Duration;

use super::account::AdminAccounts;
use super::model::*;
use super::store::{self, AdminChanges, ListFilter};
use crate::audit::{self, Actor, Change};
use crate::auth::account::{self, Accounts, Policy};
use crate::auth::jwt::{Audience, Claims};
use crate::auth::refresh::RefreshGrant;
use crate::auth::throttle;
use crate::auth::Deps;
use crate::auth::{password, Principal, PrincipalKind, Role};
use crate::config::Config;
use crate::context::RequestCtx;
use crate::db::{self, locks, time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::paging::{like_pattern, PageMeta, Paging, Sort};
use crate::validate::normalize_email;

/// Why a key may not create admins or change their role or status: an account it made
/// or raised would outlive the key and its owner's rights.
const KEYS_MANAGE_NO_ADMINS: &str =
    "Admins are created, promoted and reactivated by signed-in super admins only: an \
     account made with an API key would outlive the key.";

/// Creates the first super admin when there is none: from `LATCHKEY_ADMIN_EMAIL` and
/// `LATCHKEY_ADMIN_PASSWORD`, else `admin@localhost` with a random password, which
/// `hand_over(email, password)` shows once before the account is committed (if it cannot,
/// nothing is created and the next start tries again). Returns the email and whether the
/// password was generated.
pub fn bootstrap(
    conn: &mut DbConn,
    config: &Config,
    hand_over: impl FnOnce(&str, &str) -> Result<(), String>,
) -> ApiResult<Option<(String, bool)>> {
    if store::count_active_super_admins(conn)? > 0 {
        return Ok(None);
    }
    let (email, password, generated) = match (&config.admin_email, &config.admin_password) {
        (Some(e), Some(p)) => (e.clone(), p.clone(), false),
        _ => ("admin@localhost".to_string(), password::generate(), true),
    };
    let hash = password::hash(&password, config.bcrypt_cost).map_err(ApiError::internal)?;
    write_tx(conn, |c| {
        db::lock_invariant(c, locks::SUPER_ADMINS)?;
        if store::count_active_super_admins(c)? > 0 {
            return Ok(None);
        }
        let now = time::now();
        let ctx = RequestCtx::default();
        match store::find_by_email(c, &email)? {
            // The account exists but is not an active super admin: the operator asked for it
            // to be the super admin, so make it one with the given password.
            Some(existing) => {
                let changes = AdminChanges {
                    role: Some(Role::SuperAdmin.as_str().into()),
                    status: Some(AdminStatus::Active.as_str().into()),
                    password_hash: Some(hash),
                    updated_at: Some(now),
                    ..Default::default()
                };
                let after = store::update(c, &existing.id, &changes)?;
                audit::record(
                    c,
                    &Actor::System,
                    &ctx,
                    Change::new("admin.bootstrapped", "admin", Some(&after.id))
                        .before(Admin::from(&existing))
                        .after(Admin::from(&after)),
                )?;
            }
            None => {
                let row = new_row(&email, None, Role::SuperAdmin, hash, now);
                store::insert(c, &row)?;
                audit::record(
                    c,
                    &Actor::System,
                    &ctx,
                    Change::new("admin.bootstrapped", "admin", Some(&row.id))
                        .after(Admin::from(&row)),
                )?;
            }
        }
        if generated {
            hand_over(&email, &password).map_err(ApiError::internal)?;
        }
        Ok(Some((email.clone(), generated)))
    })
}

fn new_row(
    email: &str,
    name: Option<String>,
    role: Role,
    password_hash: String,
    now: chrono::NaiveDateTime,
) -> AdminRow {
    AdminRow {
        id: uuid::Uuid::now_v7().to_string(),
        email: email.to_string(),
        name,
        role: role.as_str().to_string(),
        status: AdminStatus::Active.as_str().to_string(),
        password_hash,
        totp_secret: None,
        totp_enabled: false,
        totp_last_step: None,
        last_login_at: None,
        created_at: now,
        updated_at: now,
    }
}

/// Signs an admin in. Runs on a blocking thread: the shared sign-in takes pooled
/// connections only around its queries, so none is held while bcrypt works.
pub fn login(
    deps: &Deps<'_>,
    req: &LoginRequest,
    ctx: &RequestCtx,
) -> ApiResult<(TokenResponse, RefreshGrant)> {
    let email = req.email.trim().to_lowercase();
    let outcome = account::sign_in::<AdminAccounts>(
        &deps.security(),
        &email,
        &req.password,
        req.totp_code.as_deref(),
        ctx.ip.as_deref(),
    )?;
    let mut conn = deps.pool.get()?;
    let signed_in = match outcome {
        Ok(signed_in) => signed_in,
        Err(refused) => {
            if refused.is_failure() {
                let actor = refused
                    .account
                    .as_ref()
                    .map(|a| Actor::Admin(a.id.clone()))
                    .unwrap_or(Actor::Anonymous);
                write_tx(&mut conn, |c| {
                    audit::record(
                        c,
                        &actor,
                        ctx,
                        Change::new("admin.login_failed", "admin", actor.id())
                            .after(serde_json::json!({"reason": refused.reason})),
                    )
                })?;
            }
            return Err(refused.error);
        }
    };
    write_tx(&mut conn, |c| {
        let changes = AdminChanges {
            last_login_at: Some(Some(time::now())),
            ..Default::default()
        };
        let admin = store::update(c, &signed_in.id, &changes)?;
        let grant = create_session(c, deps.config, &admin.id, ctx)?;
        let session_id = grant.0.clone();
        audit::record(
            c,
            &Actor::Admin(admin.id.clone()),
            ctx,
            Change::new("admin.login", "admin", Some(&admin.id))
                .after(serde_json::json!({"session_id": session_id})),
        )?;
        Ok((tokens(deps, &admin, &session_id), grant.1))
    })
}

fn create_session(
    conn: &mut DbConn,
    config: &Config,
    admin_id: &str,
    ctx: &RequestCtx,
) -> ApiResult<(String, RefreshGrant)> {
    let now = time::now();
    let (refresh, refresh_hash) = account::new_refresh_token();
    let row = SessionRow {
        id: uuid::Uuid::now_v7().to_string(),
        admin_id: admin_id.to_string(),
        refresh_token_hash: refresh_hash,
        previous_token_hash: None,
        ip_address: ctx.ip.clone(),
        user_agent: ctx.user_agent.clone(),
        created_at: now,
        last_used_at: now,
        expires_at: now + Duration::days(config.refresh_token_ttl_days),
        revoked_at: None,
    };
    store::insert_session(conn, &row)?;
    Ok((
        row.id,
        RefreshGrant {
            token: refresh,
            expires_at: row.expires_at,
        },
    ))
}

/// The access token of a session; the refresh token travels separately (cookie or body).
fn tokens(deps: &Deps<'_>, admin: &AdminRow, session_id: &str) -> TokenResponse {
    let ttl = deps.config.access_token_ttl_secs;
    TokenResponse {
        access_token: deps.jwt.issue(Audience::Admin, &admin.id, session_id, ttl),
        refresh_token: None,
        token_type: "Bearer".into(),
        expires_in: ttl,
        admin: Admin::from(admin),
    }
}

/// The principal behind an admin access token: its session must be live and its admin
/// active, checked on every request so deactivation and sign-out take effect at once.
pub fn authenticate_session(conn: &mut DbConn, claims: &Claims) -> ApiResult<Principal> {
    let expired = || ApiError::unauthorized("The session has ended; sign in again.");
    let (session, admin) =
        store::session_with_admin(conn, &claims.sid, &claims.sub)?.ok_or_else(expired)?;
    if session.revoked_at.is_some() || session.expires_at <= time::now() || !admin.is_active() {
        return Err(expired());
    }
    Ok(Principal {
        kind: PrincipalKind::Admin {
            session_id: session.id,
        },
        id: admin.id.clone(),
        role: admin.role(),
    })
}

/// Trades a refresh token for a new access token and refresh token (single use; a
/// retired token presented again ends its session, as it was copied).
pub fn refresh(
    conn: &mut DbConn,
    deps: &Deps<'_>,
    refresh_token: &str,
    ctx: &RequestCtx,
) -> ApiResult<(TokenResponse, RefreshGrant)> {
    let invalid =
        || ApiError::unauthorized("The refresh token is invalid, used or expired; sign in again.");
    let rotated = write_tx(conn, |c| -> ApiResult<Option<_>> {
        let rotated = account::rotate_refresh::<AdminAccounts>(c, refresh_token, |c, stolen| {
            audit::record(
                c,
                &Actor::Admin(stolen.account_id.clone()),
                ctx,
                Change::new("admin.session_revoked", "admin", Some(&stolen.account_id)).after(
                    serde_json::json!({"session_id": stolen.id, "reason": "refresh_token_reused"}),
                ),
            )
        })?;
        let Some((session, token)) = rotated else {
            return Ok(None);
        };
        let Some(admin) = store::find(c, &session.account_id)?.filter(AdminRow::is_active) else {
            return Ok(None);
        };
        Ok(Some((admin, session, token)))
    })?;
    let (admin, session, token) = rotated.ok_or_else(invalid)?;
    let grant = RefreshGrant {
        token,
        expires_at: session.expires_at,
    };
    Ok((tokens(deps, &admin, &session.id), grant))
}

pub fn logout(conn: &mut DbConn, principal: &Principal, ctx: &RequestCtx) -> ApiResult<()> {
    let (_, session_id) = principal.admin_session()?;
    write_tx(conn, |c| {
        store::revoke_session(c, session_id, time::now())?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("admin.logout", "admin", Some(&principal.id))
                .after(serde_json::json!({"session_id": session_id})),
        )
    })
}

pub fn get(conn: &mut DbConn, id: &str) -> ApiResult<AdminRow> {
    store::find(conn, id)?.ok_or_else(|| ApiError::not_found("Admin"))
}

/// Needs the current password (throttled like a sign-in); the admin's other sessions end.
pub fn change_password(
    deps: &Deps<'_>,
    principal: &Principal,
    req: &ChangePasswordRequest,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    let (admin_id, session_id) = principal.admin_session()?;
    let admin = AdminAccounts::find(&mut *deps.pool.get()?, admin_id)?
        .ok_or_else(|| ApiError::not_found("Admin"))?;
    account::change_password::<AdminAccounts>(
        &deps.security(),
        &admin,
        Some(session_id),
        &req.current_password,
        &req.new_password,
        |c, ended| {
            audit::record(
                c,
                &principal.actor(),
                ctx,
                Change::new("admin.password_changed", "admin", Some(admin_id))
                    .after(serde_json::json!({"other_sessions_ended": ended})),
            )
        },
    )
}

pub fn totp_setup(
    conn: &mut DbConn,
    deps: &Deps<'_>,
    principal: &Principal,
    ctx: &RequestCtx,
) -> ApiResult<TotpSetupResponse> {
    let (admin_id, _) = principal.admin_session()?;
    let (otpauth_url, secret) =
        account::totp_setup::<AdminAccounts>(conn, deps.secrets, admin_id, |c| {
            audit::record(
                c,
                &principal.actor(),
                ctx,
                Change::new("admin.2fa_setup_started", "admin", Some(admin_id)),
            )
        })?;
    Ok(TotpSetupResponse {
        secret,
        otpauth_url,
    })
}

/// Turns two-factor on (`enable = true`, confirming the code of the device just set up)
/// or off (needs a current code). Wrong codes count toward the sign-in throttle.
pub fn totp_toggle(
    deps: &Deps<'_>,
    principal: &Principal,
    code: &str,
    enable: bool,
    ctx: &RequestCtx,
) -> ApiResult<Admin> {
    let (admin_id, _) = principal.admin_session()?;
    let action = if enable {
        "admin.2fa_enabled"
    } else {
        "admin.2fa_disabled"
    };
    account::totp_toggle::<AdminAccounts>(&deps.security(), admin_id, code, enable, |c| {
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new(action, "admin", Some(admin_id)),
        )
    })?;
    Ok(Admin::from(&get(&mut *deps.pool.get()?, admin_id)?))
}

pub fn list(
    conn: &mut DbConn,
    filter: &ListFilter,
    sort: &Sort,
    paging: Paging,
) -> ApiResult<(Vec<Admin>, PageMeta)> {
    let (rows, total) = store::list(conn, filter, sort, paging.offset(), paging.per_page)?;
    Ok((rows.iter().map(Admin::from).collect(), paging.meta(total)))
}

pub fn list_filter(
    search: Option<&str>,
    role: Option<Role>,
    status: Option<AdminStatus>,
) -> ListFilter {
    ListFilter {
        search: search
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(like_pattern),
        role: role.map(|r| r.as_str().to_string()),
        status: status.map(|s| s.as_str().to_string()),
    }
}

/// Like [`login`], takes its own connection so none is held during bcrypt.
pub fn create(
    deps: &Deps<'_>,
    principal: &Principal,
    req: &CreateAdminRequest,
    ctx: &RequestCtx,
) -> ApiResult<CreatedAdmin> {
    principal.signed_in_only(KEYS_MANAGE_NO_ADMINS)?;
    let email = normalize_email(&req.email)
        .ok_or_else(|| ApiError::field("email", "must be a valid email address"))?;
    if req.role > principal.role {
        return Err(ApiError::field(
            "role",
            "cannot be higher than your own role",
        ));
    }
    let (password, generated) = match &req.password {
        Some(p) => {
            account::check_new_password(&Policy::of(deps.config), "password", p)?;
            (p.clone(), None)
        }
        None => {
            let p = password::generate();
            (p.clone(), Some(p))
        }
    };
    let hash = password::hash(&password, deps.config.bcrypt_cost).map_err(ApiError::internal)?;
    let name = req
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let row = new_row(&email, name, req.role, hash, time::now());
    write_tx(&mut *deps.pool.get()?, |c| {
        if store::find_by_email(c, &email)?.is_some() {
            return Err(ApiError::new(
                ErrorCode::EmailTaken,
                "An admin with this email already exists.",
            ));
        }
        store::insert(c, &row)?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("admin.created", "admin", Some(&row.id)).after(Admin::from(&row)),
        )
    })?;
    Ok(CreatedAdmin {
        admin: Admin::from(&row),
        generated_password: generated,
    })
}

/// Refuses a change that would leave no active super admin.
fn keep_a_super_admin(
    conn: &mut DbConn,
    before: &AdminRow,
    stays_super_admin: bool,
) -> ApiResult<()> {
    let is_active_super = before.role() == Role::SuperAdmin && before.is_active();
    if is_active_super && !stays_super_admin && store::count_active_super_admins(conn)? <= 1 {
        return Err(ApiError::conflict(
            "This is the last active super admin; promote another admin first.",
        ));
    }
    Ok(())
}

pub fn update(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    req: &UpdateAdminRequest,
    ctx: &RequestCtx,
) -> ApiResult<Admin> {
    if req.email.is_some() {
        return Err(ApiError::field(
            "email",
            "is immutable; create a new admin for a new address",
        ));
    }
    if let Some(Some(name)) = &req.name {
        if name.chars().count() > 200 {
            return Err(ApiError::field("name", "must be at most 200 characters"));
        }
    }
    if req.role.is_some() || req.status.is_some() {
        principal.signed_in_only(KEYS_MANAGE_NO_ADMINS)?;
    }
    if let Some(role) = req.role {
        if role > principal.role {
            return Err(ApiError::field(
                "role",
                "cannot be higher than your own role",
            ));
        }
    }
    write_tx(conn, |c| {
        db::lock_invariant(c, locks::SUPER_ADMINS)?;
        let before = get(c, id)?;
        let role_after = req.role.unwrap_or(before.role());
        let status_after = req
            .status
            .map(|s| s == AdminStatus::Active)
            .unwrap_or(before.is_active());
        keep_a_super_admin(c, &before, role_after == Role::SuperAdmin && status_after)?;
        let now = time::now();
        let changes = AdminChanges {
            name: req
                .name
                .clone()
                .map(|n| n.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())),
            role: req.role.map(|r| r.as_str().to_string()),
            status: req.status.map(|s| s.as_str().to_string()),
            updated_at: Some(now),
            ..Default::default()
        };
        let after = store::update(c, id, &changes)?;
        if before.is_active() && !after.is_active() {
            store::revoke_sessions_of(c, id, None, now)?;
        }
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("admin.updated", "admin", Some(id))
                .before(Admin::from(&before))
                .after(Admin::from(&after)),
        )?;
        Ok(Admin::from(&after))
    })
}

pub fn delete(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    // A key cannot delete its own owner either: that would revoke the key mid-request.
    if principal.admin_id() == id {
        return Err(ApiError::conflict(
            "You cannot delete your own account; ask another super admin.",
        ));
    }
    write_tx(conn, |c| {
        db::lock_invariant(c, locks::SUPER_ADMINS)?;
        let before = get(c, id)?;
        keep_a_super_admin(c, &before, false)?;
        crate::api_keys::service::revoke_created_by(c, principal, id, ctx)?;
        store::delete(c, id)?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("admin.deleted", "admin", Some(id)).before(Admin::from(&before)),
        )
    })
}

/// Creates an admin from the command line (`latchkey admin create`).
pub fn create_from_cli(
    conn: &mut DbConn,
    config: &Config,
    email: &str,
    name: Option<String>,
    role: Role,
    password: &str,
) -> ApiResult<AdminRow> {
    let email = normalize_email(email)
        .ok_or_else(|| ApiError::field("email", "must be a valid email address"))?;
    account::check_new_password(&Policy::of(config), "password", password)?;
    let hash = password::hash(password, config.bcrypt_cost).map_err(ApiError::internal)?;
    let row = new_row(&email, name, role, hash, time::now());
    write_tx(conn, |c| {
        if store::find_by_email(c, &email)?.is_some() {
            return Err(ApiError::new(
                ErrorCode::EmailTaken,
                format!("An admin with email {email} already exists."),
            ));
        }
        store::insert(c, &row)?;
        audit::record(
            c,
            &Actor::System,
            &RequestCtx::default(),
            Change::new("admin.created", "admin", Some(&row.id)).after(Admin::from(&row)),
        )
    })?;
    Ok(row)
}

/// Housekeeping: expired sessions and old sign-in failures.
pub fn purge_expired(conn: &mut DbConn) -> ApiResult<usize> {
    let sessions = store::purge_sessions_before(conn, time::now())?;
    Ok(sessions + throttle::purge(conn)?)
}
