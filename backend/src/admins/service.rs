use chrono::Duration;

use super::model::*;
use super::store::{self, AdminChanges, ListFilter};
use crate::audit::{self, Actor, Change};
use crate::auth::jwt::{Audience, Claims};
use crate::auth::throttle::{self, Key, Limit};
use crate::auth::{password, totp, Principal, PrincipalKind, Role};
use crate::config::Config;
use crate::crypto::{random_token, sha256_hex};
use crate::db::{self, locks, time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::http::extract::RequestCtx;
use crate::http::pagination::{like_pattern, PageMeta, Paging, Sort};
use crate::http::state::AppState;
use crate::validate::normalize_email;

fn invalid_credentials() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidCredentials,
        "The email or password is incorrect.",
    )
}

fn throttle_keys(email: &str, ctx: &RequestCtx) -> Vec<Key> {
    let mut keys = vec![Key::new("admin_email", email)];
    if let Some(ip) = &ctx.ip {
        keys.push(Key::new("admin_ip", ip.clone()));
    }
    keys
}

fn limit(config: &Config) -> Limit {
    Limit {
        max_failures: config.login_max_failures,
        window_secs: config.login_window_secs,
    }
}

fn check_new_password(config: &Config, field: &str, password: &str) -> ApiResult<()> {
    match password::check_rules(
        password,
        config.password_min_length,
        config.password_min_classes,
    ) {
        Some(message) => Err(ApiError::field(field, message)),
        None => Ok(()),
    }
}

/// Creates the first super admin when there is none: from `LATCHKEY_ADMIN_EMAIL` and
/// `LATCHKEY_ADMIN_PASSWORD`, else `admin@localhost` with a random password. Returns the
/// email and, when generated, the password (to be shown once).
pub fn bootstrap(
    conn: &mut DbConn,
    config: &Config,
) -> ApiResult<Option<(String, Option<String>)>> {
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
        Ok(Some((email.clone(), generated.then(|| password.clone()))))
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

enum LoginOutcome {
    Success(AdminRow, String, String),
    Refused(ApiError),
}

/// Signs an admin in. Runs on a blocking thread and takes pooled connections itself, so
/// that none is held (and no write lock taken) while bcrypt works.
pub fn login(state: &AppState, req: &LoginRequest, ctx: &RequestCtx) -> ApiResult<TokenResponse> {
    let config = &state.config;
    let email = req.email.trim().to_lowercase();
    let keys = throttle_keys(&email, ctx);
    let admin = {
        let mut conn = state.pool.get()?;
        throttle::check(&mut conn, &keys, limit(config))?;
        store::find_by_email(&mut conn, &email)?
    };
    let password_ok = match &admin {
        Some(a) => password::verify(&req.password, &a.password_hash),
        None => {
            password::verify_dummy(&req.password, config.bcrypt_cost);
            false
        }
    };

    let mut conn = state.pool.get()?;
    let outcome = write_tx(&mut conn, |c| -> ApiResult<LoginOutcome> {
        let refuse = |c: &mut DbConn,
                      actor: Actor,
                      reason: &str,
                      error: ApiError,
                      count: bool|
         -> ApiResult<LoginOutcome> {
            if count {
                throttle::record_failure(c, &keys)?;
            }
            audit::record(
                c,
                &actor,
                ctx,
                Change::new("admin.login_failed", "admin", actor.id())
                    .after(serde_json::json!({"reason": reason})),
            )?;
            Ok(LoginOutcome::Refused(error))
        };
        let Some(admin) = admin.as_ref().filter(|_| password_ok) else {
            let actor = admin
                .as_ref()
                .map(|a| Actor::Admin(a.id.clone()))
                .unwrap_or(Actor::Anonymous);
            let reason = if admin.is_some() {
                "wrong_password"
            } else {
                "unknown_email"
            };
            return refuse(c, actor, reason, invalid_credentials(), true);
        };
        let actor = Actor::Admin(admin.id.clone());
        if !admin.is_active() {
            let error = ApiError::new(
                ErrorCode::AccountInactive,
                "This account is inactive. Ask a super admin to reactivate it.",
            );
            return refuse(c, actor, "inactive", error, false);
        }
        let mut changes = AdminChanges {
            last_login_at: Some(Some(time::now())),
            ..Default::default()
        };
        if admin.totp_enabled {
            let Some(code) = req.totp_code.as_deref().filter(|c| !c.trim().is_empty()) else {
                return Ok(LoginOutcome::Refused(ApiError::new(
                    ErrorCode::TotpRequired,
                    "Two-factor authentication is on: send `totp_code` from your authenticator app.",
                )));
            };
            match verify_totp(state, admin, code) {
                Some(step) => changes.totp_last_step = Some(Some(step)),
                None => {
                    let error = ApiError::new(
                        ErrorCode::InvalidTotp,
                        "The two-factor code is wrong or was already used.",
                    );
                    return refuse(c, actor, "wrong_totp", error, true);
                }
            }
        }
        let updated = store::update(c, &admin.id, &changes)?;
        throttle::clear(c, &keys[0])?;
        let (session_id, refresh) = create_session(c, config, &admin.id, ctx)?;
        audit::record(
            c,
            &actor,
            ctx,
            Change::new("admin.login", "admin", Some(&admin.id))
                .after(serde_json::json!({"session_id": session_id})),
        )?;
        Ok(LoginOutcome::Success(updated, session_id, refresh))
    })?;

    match outcome {
        LoginOutcome::Success(admin, session_id, refresh) => {
            Ok(tokens(state, &admin, &session_id, refresh))
        }
        LoginOutcome::Refused(error) => Err(error),
    }
}

fn verify_totp(state: &AppState, admin: &AdminRow, code: &str) -> Option<i64> {
    let secret = state.secrets.decrypt(admin.totp_secret.as_deref()?).ok()?;
    totp::verify(
        &secret,
        &admin.email,
        code,
        admin.totp_last_step,
        chrono::Utc::now().timestamp() as u64,
    )
}

fn create_session(
    conn: &mut DbConn,
    config: &Config,
    admin_id: &str,
    ctx: &RequestCtx,
) -> ApiResult<(String, String)> {
    let now = time::now();
    let refresh = random_token(32);
    let row = SessionRow {
        id: uuid::Uuid::now_v7().to_string(),
        admin_id: admin_id.to_string(),
        refresh_token_hash: sha256_hex(&refresh),
        previous_token_hash: None,
        ip_address: ctx.ip.clone(),
        user_agent: ctx.user_agent.clone(),
        created_at: now,
        last_used_at: now,
        expires_at: now + Duration::days(config.refresh_token_ttl_days),
        revoked_at: None,
    };
    store::insert_session(conn, &row)?;
    Ok((row.id, refresh))
}

fn tokens(
    state: &AppState,
    admin: &AdminRow,
    session_id: &str,
    refresh_token: String,
) -> TokenResponse {
    let ttl = state.config.access_token_ttl_secs;
    TokenResponse {
        access_token: state.jwt.issue(Audience::Admin, &admin.id, session_id, ttl),
        refresh_token,
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

pub fn refresh(
    conn: &mut DbConn,
    state: &AppState,
    refresh_token: &str,
    ctx: &RequestCtx,
) -> ApiResult<TokenResponse> {
    let invalid =
        || ApiError::unauthorized("The refresh token is invalid, used or expired; sign in again.");
    let hash = sha256_hex(refresh_token);
    let now = time::now();
    let result = write_tx(
        conn,
        |c| -> ApiResult<Result<(AdminRow, String, String), ApiError>> {
            let Some(session) = store::session_by_refresh_hash(c, &hash)? else {
                // A retired token used again means it was copied: end that session.
                if let Some(stolen) = store::session_by_previous_hash(c, &hash)? {
                    if store::revoke_session(c, &stolen.id, now)? > 0 {
                        audit::record(c, &Actor::Admin(stolen.admin_id.clone()), ctx,
                        Change::new("admin.session_revoked", "admin", Some(&stolen.admin_id))
                            .after(serde_json::json!({"session_id": stolen.id, "reason": "refresh_token_reused"})))?;
                    }
                }
                return Ok(Err(invalid()));
            };
            if session.revoked_at.is_some() || session.expires_at <= now {
                return Ok(Err(invalid()));
            }
            let admin = store::find(c, &session.admin_id)?
                .filter(AdminRow::is_active)
                .ok_or_else(invalid)?;
            let new_refresh = random_token(32);
            if !store::rotate_refresh(c, &session.id, &hash, &sha256_hex(&new_refresh), now)? {
                return Ok(Err(invalid()));
            }
            Ok(Ok((admin, session.id, new_refresh)))
        },
    )?;
    let (admin, session_id, new_refresh) = result?;
    Ok(tokens(state, &admin, &session_id, new_refresh))
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

/// Like [`login`], takes its own connections so none is held during bcrypt.
pub fn change_password(
    state: &AppState,
    principal: &Principal,
    req: &ChangePasswordRequest,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    let (admin_id, session_id) = principal.admin_session()?;
    let admin = get(&mut *state.pool.get()?, admin_id)?;
    if !password::verify(&req.current_password, &admin.password_hash) {
        return Err(ApiError::field("current_password", "is incorrect"));
    }
    check_new_password(&state.config, "new_password", &req.new_password)?;
    let hash =
        password::hash(&req.new_password, state.config.bcrypt_cost).map_err(ApiError::internal)?;
    write_tx(&mut *state.pool.get()?, |c| {
        let now = time::now();
        store::update(
            c,
            admin_id,
            &AdminChanges {
                password_hash: Some(hash),
                updated_at: Some(now),
                ..Default::default()
            },
        )?;
        let ended = store::revoke_sessions_of(c, admin_id, Some(session_id), now)?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("admin.password_changed", "admin", Some(admin_id))
                .after(serde_json::json!({"other_sessions_ended": ended})),
        )
    })
}

pub fn totp_setup(
    conn: &mut DbConn,
    state: &AppState,
    principal: &Principal,
    ctx: &RequestCtx,
) -> ApiResult<TotpSetupResponse> {
    let (admin_id, _) = principal.admin_session()?;
    write_tx(conn, |c| {
        let admin = get(c, admin_id)?;
        if admin.totp_enabled {
            return Err(ApiError::conflict(
                "Two-factor authentication is already on; disable it first to set up a new device.",
            ));
        }
        let secret = totp::generate_secret();
        let changes = AdminChanges {
            totp_secret: Some(Some(state.secrets.encrypt(&secret))),
            updated_at: Some(time::now()),
            ..Default::default()
        };
        store::update(c, admin_id, &changes)?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("admin.2fa_setup_started", "admin", Some(admin_id)),
        )?;
        let (otpauth_url, secret) = totp::provisioning(&secret, &admin.email);
        Ok(TotpSetupResponse {
            secret,
            otpauth_url,
        })
    })
}

/// Turns two-factor on (`enable = true`, confirming the code of the device just set up)
/// or off (needs a current code).
pub fn totp_toggle(
    conn: &mut DbConn,
    state: &AppState,
    principal: &Principal,
    code: &str,
    enable: bool,
    ctx: &RequestCtx,
) -> ApiResult<Admin> {
    let (admin_id, _) = principal.admin_session()?;
    write_tx(conn, |c| {
        let admin = get(c, admin_id)?;
        if admin.totp_enabled == enable {
            let state_word = if enable { "already on" } else { "not on" };
            return Err(ApiError::new(
                ErrorCode::InvalidTransition,
                format!("Two-factor authentication is {state_word}."),
            ));
        }
        if admin.totp_secret.is_none() {
            return Err(ApiError::new(
                ErrorCode::InvalidTransition,
                "Start with `POST /api/v1/admin/me/2fa/setup`.",
            ));
        }
        let step = verify_totp(state, &admin, code)
            .ok_or_else(|| ApiError::field("code", "is wrong or was already used"))?;
        let changes = if enable {
            AdminChanges {
                totp_enabled: Some(true),
                totp_last_step: Some(Some(step)),
                updated_at: Some(time::now()),
                ..Default::default()
            }
        } else {
            AdminChanges {
                totp_enabled: Some(false),
                totp_secret: Some(None),
                totp_last_step: Some(None),
                updated_at: Some(time::now()),
                ..Default::default()
            }
        };
        let after = store::update(c, admin_id, &changes)?;
        let action = if enable {
            "admin.2fa_enabled"
        } else {
            "admin.2fa_disabled"
        };
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new(action, "admin", Some(admin_id)),
        )?;
        Ok(Admin::from(&after))
    })
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
    state: &AppState,
    principal: &Principal,
    req: &CreateAdminRequest,
    ctx: &RequestCtx,
) -> ApiResult<CreatedAdmin> {
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
            check_new_password(&state.config, "password", p)?;
            (p.clone(), None)
        }
        None => {
            let p = password::generate();
            (p.clone(), Some(p))
        }
    };
    let hash = password::hash(&password, state.config.bcrypt_cost).map_err(ApiError::internal)?;
    let name = req
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let row = new_row(&email, name, req.role, hash, time::now());
    write_tx(&mut *state.pool.get()?, |c| {
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
    if principal.kind != PrincipalKind::ApiKey && principal.id == id {
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
    check_new_password(config, "password", password)?;
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
