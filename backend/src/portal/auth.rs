//! Customer sign-in: password (+ TOTP), magic link, invitation acceptance, password reset.
//! Separate from the admins' sign-in: other table, other JWT audience, other throttle keys.
//!
//! Like the admins' login, these run on a blocking thread and take pooled connections
//! themselves, so that none is held while bcrypt works.

use chrono::Duration;

use super::model::{
    AcceptInvitationRequest, MagicLinkConsumeRequest, PasswordResetConfirmRequest, PortalMe,
    PortalTokenResponse,
};
use crate::admins::model::LoginRequest;
use crate::audit::{self, Actor, Change};
use crate::auth::jwt::Audience;
use crate::auth::portal::CustomerPrincipal;
use crate::auth::throttle::{self, Key, Limit};
use crate::auth::{password, totp};
use crate::customers::model::{CustomerRow, SessionRow};
use crate::customers::store::{self, CustomerChanges};
use crate::customers::tokens::{self, Purpose, TokenRow};
use crate::db::{time, write_tx, DbConn};
use crate::email::outbox::{self, Template};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::http::extract::RequestCtx;
use crate::http::state::AppState;
use crate::validate::normalize_email;

/// Link mails one address may be sent per hour; past it requests are still answered 202
/// (nothing tells whether the account exists) but no mail is queued, so the form cannot
/// be used to flood someone's inbox.
const LINK_MAILS_PER_HOUR: i64 = 5;

fn invalid_credentials() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidCredentials,
        "The email or password is incorrect.",
    )
}

fn invalid_link() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidLink,
        "This link has expired or was already used. Ask for a new one.",
    )
}

fn inactive(customer: &CustomerRow) -> ApiError {
    ApiError::new(
        ErrorCode::AccountInactive,
        format!(
            "Your account is {}, so you cannot sign in. Contact the vendor's support.",
            customer.status
        ),
    )
}

pub fn login_limit(state: &AppState) -> Limit {
    Limit {
        max_failures: state.config.login_max_failures,
        window_secs: state.config.login_window_secs,
    }
}

fn throttle_keys(email: &str, ctx: &RequestCtx) -> Vec<Key> {
    let mut keys = vec![Key::new("customer_email", email)];
    if let Some(ip) = &ctx.ip {
        keys.push(Key::new("customer_ip", ip.clone()));
    }
    keys
}

/// The new password's field error (cheap: run it before any bcrypt or token work).
pub fn check_new_password(state: &AppState, field: &str, password: &str) -> ApiResult<()> {
    match password::check_rules(
        password,
        state.config.password_min_length,
        state.config.password_min_classes,
    ) {
        Some(message) => Err(ApiError::field(field, message)),
        None => Ok(()),
    }
}

pub fn hash_password(state: &AppState, password: &str) -> ApiResult<String> {
    password::hash(password, state.config.bcrypt_cost).map_err(ApiError::internal)
}

/// Verifies a TOTP code against the customer's secret; the accepted time step, so a code
/// cannot be used twice.
pub fn verify_totp(state: &AppState, customer: &CustomerRow, code: &str) -> Option<i64> {
    let secret = state
        .secrets
        .decrypt(customer.totp_secret.as_deref()?)
        .ok()?;
    totp::verify(
        &secret,
        &customer.email,
        code,
        customer.totp_last_step,
        chrono::Utc::now().timestamp() as u64,
    )
}

fn record_failure(
    conn: &mut DbConn,
    keys: &[Key],
    actor: Actor,
    customer_id: Option<&str>,
    reason: &str,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    throttle::record_failure(conn, keys)?;
    let mut change = Change::new("customer.login_failed", "customer", customer_id)
        .after(serde_json::json!({"reason": reason}));
    if let Some(id) = customer_id {
        change = change.customer(id);
    }
    audit::record(conn, &actor, ctx, change)
}

/// The second factor, when the customer has it on: `Ok(())` when it is off or the code is
/// right (its time step is then used up, atomically, so two sign-ins racing with one code
/// cannot both pass), the refusal otherwise (a wrong code counts as a failed sign-in).
fn second_factor(
    conn: &mut DbConn,
    state: &AppState,
    customer: &CustomerRow,
    code: Option<&str>,
    keys: &[Key],
    ctx: &RequestCtx,
) -> ApiResult<Result<(), ApiError>> {
    if !customer.totp_enabled {
        return Ok(Ok(()));
    }
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(Err(ApiError::new(
            ErrorCode::TotpRequired,
            "Two-factor authentication is on: enter the code from your authenticator app.",
        )));
    };
    match verify_totp(state, customer, code) {
        Some(step) if store::claim_totp_step(conn, &customer.id, step)? => Ok(Ok(())),
        _ => {
            let actor = Actor::Customer(customer.id.clone());
            record_failure(conn, keys, actor, Some(&customer.id), "wrong_totp", ctx)?;
            Ok(Err(ApiError::new(
                ErrorCode::InvalidTotp,
                "The two-factor code is wrong or was already used.",
            )))
        }
    }
}

/// Opens a portal session for the customer, records the sign-in (`method`: password,
/// magic_link, invitation) and returns the token.
fn open_session(
    conn: &mut DbConn,
    state: &AppState,
    customer: &CustomerRow,
    mut changes: CustomerChanges,
    method: &str,
    ctx: &RequestCtx,
) -> ApiResult<PortalTokenResponse> {
    let now = time::now();
    let ttl = Duration::hours(state.config.portal_session_hours);
    let session = SessionRow {
        id: uuid::Uuid::now_v7().to_string(),
        customer_id: customer.id.clone(),
        impersonator_id: None,
        read_only: false,
        created_at: now,
        expires_at: now + ttl,
        revoked_at: None,
    };
    store::insert_session(conn, &session)?;
    changes.last_login_at = Some(Some(now));
    changes.updated_at = Some(now);
    store::update(conn, &customer.id, &changes)?;
    audit::record(
        conn,
        &Actor::Customer(customer.id.clone()),
        ctx,
        Change::new("customer.login", "customer", Some(&customer.id))
            .customer(&customer.id)
            .after(serde_json::json!({"session_id": session.id, "method": method})),
    )?;
    let after = crate::customers::service::get(conn, &customer.id)?;
    Ok(PortalTokenResponse {
        access_token: state.jwt.issue(
            Audience::Portal,
            &customer.id,
            &session.id,
            ttl.num_seconds(),
        ),
        token_type: "Bearer".into(),
        expires_in: ttl.num_seconds(),
        customer: PortalMe::new(after, false, false),
    })
}

/// Email and password, plus the TOTP code when 2FA is on. Customers who never set a
/// password (invitation not accepted yet) get the same answer as a wrong password.
pub fn login(
    state: &AppState,
    req: &LoginRequest,
    ctx: &RequestCtx,
) -> ApiResult<PortalTokenResponse> {
    let email = req.email.trim().to_lowercase();
    let keys = throttle_keys(&email, ctx);
    let customer = {
        let mut conn = state.pool.get()?;
        throttle::check(&mut conn, &keys, login_limit(state))?;
        store::find_by_email(&mut conn, &email)?
    };
    let password_ok = match customer.as_ref().and_then(|c| c.password_hash.as_deref()) {
        Some(hash) => password::verify(&req.password, hash),
        None => {
            password::verify_dummy(&req.password, state.config.bcrypt_cost);
            false
        }
    };
    let mut conn = state.pool.get()?;
    write_tx(&mut conn, |c| {
        let Some(customer) = customer.as_ref().filter(|_| password_ok) else {
            let (actor, id, reason) = match &customer {
                Some(cu) if cu.password_hash.is_none() => (
                    Actor::Customer(cu.id.clone()),
                    Some(cu.id.as_str()),
                    "no_password_set",
                ),
                Some(cu) => (
                    Actor::Customer(cu.id.clone()),
                    Some(cu.id.as_str()),
                    "wrong_password",
                ),
                None => (Actor::Anonymous, None, "unknown_email"),
            };
            record_failure(c, &keys, actor, id, reason, ctx)?;
            return Ok(Err(invalid_credentials()));
        };
        if customer.status != "active" {
            return Ok(Err(inactive(customer)));
        }
        if let Err(refusal) =
            second_factor(c, state, customer, req.totp_code.as_deref(), &keys, ctx)?
        {
            return Ok(Err(refusal));
        }
        throttle::clear(c, &keys[0])?;
        open_session(
            c,
            state,
            customer,
            CustomerChanges::default(),
            "password",
            ctx,
        )
        .map(Ok)
    })?
}

/// Queues a magic-link or password-reset mail when an active customer has this email.
/// The answer never tells whether one does.
pub fn request_link(
    conn: &mut DbConn,
    email: &str,
    template: Template,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    let Some(email) = normalize_email(email) else {
        return Err(ApiError::field("email", "must be a valid email address"));
    };
    let action = match template {
        Template::MagicLink => "customer.magic_link_requested",
        _ => "customer.password_reset_requested",
    };
    write_tx(conn, |c| {
        let Some(customer) = store::find_by_email(c, &email)? else {
            return Ok(());
        };
        if customer.status != "active" {
            return Ok(());
        }
        let key = Key::new("customer_link_mail", customer.id.clone());
        let hourly = Limit {
            max_failures: LINK_MAILS_PER_HOUR,
            window_secs: 3600,
        };
        // Past the hourly limit nothing is written, so the requests cannot flood the
        // customer's timeline either.
        if throttle::check(c, std::slice::from_ref(&key), hourly).is_err() {
            return Ok(());
        }
        throttle::record_failure(c, std::slice::from_ref(&key))?;
        outbox::enqueue(
            c,
            template,
            &customer.email,
            Some(&customer.id),
            serde_json::json!({"customer_id": customer.id}),
        )?;
        audit::record(
            c,
            &Actor::Anonymous,
            ctx,
            Change::new(action, "customer", Some(&customer.id)).customer(&customer.id),
        )
    })
}

/// The customer behind a live link token; the token is used up only by the caller, once
/// everything else has been checked.
fn link_owner(
    conn: &mut DbConn,
    token: &str,
    purpose: Purpose,
) -> ApiResult<(TokenRow, CustomerRow)> {
    let row = tokens::peek(conn, token, purpose)?.ok_or_else(invalid_link)?;
    let customer = store::find(conn, &row.customer_id)?.ok_or_else(invalid_link)?;
    Ok((row, customer))
}

fn use_up(conn: &mut DbConn, row: &TokenRow) -> ApiResult<()> {
    if tokens::consume(conn, row)? {
        Ok(())
    } else {
        Err(invalid_link())
    }
}

/// Signs in with a magic link. With 2FA on, a missing or wrong code leaves the link
/// usable, so the customer can enter the code and try again within its 15 minutes.
pub fn consume_magic_link(
    state: &AppState,
    req: &MagicLinkConsumeRequest,
    ctx: &RequestCtx,
) -> ApiResult<PortalTokenResponse> {
    let mut conn = state.pool.get()?;
    write_tx(&mut conn, |c| {
        let (row, customer) = link_owner(c, &req.token, Purpose::MagicLink)?;
        if customer.status != "active" {
            return Ok(Err(inactive(&customer)));
        }
        let keys = throttle_keys(&customer.email, ctx);
        if let Err(e) = throttle::check(c, &keys, login_limit(state)) {
            return Ok(Err(e));
        }
        if let Err(refusal) =
            second_factor(c, state, &customer, req.totp_code.as_deref(), &keys, ctx)?
        {
            return Ok(Err(refusal));
        }
        use_up(c, &row)?;
        let changes = CustomerChanges {
            // Following the link proved the mailbox is theirs.
            email_verified_at: customer
                .email_verified_at
                .is_none()
                .then(|| Some(time::now())),
            ..Default::default()
        };
        open_session(c, state, &customer, changes, "magic_link", ctx).map(Ok)
    })?
}

/// Hashes the new password once the link is known to be live: bcrypt is the expensive
/// part, and a junk token must not make the server spend it. The transaction that follows
/// checks the link again.
fn hash_for_live_link(
    state: &AppState,
    token: &str,
    purpose: Purpose,
    password: &str,
) -> ApiResult<String> {
    tokens::peek(&mut *state.pool.get()?, token, purpose)?.ok_or_else(invalid_link)?;
    hash_password(state, password)
}

/// Sets the first password from an invitation link, verifies the email and signs in.
pub fn accept_invitation(
    state: &AppState,
    req: &AcceptInvitationRequest,
    ctx: &RequestCtx,
) -> ApiResult<PortalTokenResponse> {
    check_new_password(state, "password", &req.password)?;
    let hash = hash_for_live_link(state, &req.token, Purpose::Invitation, &req.password)?;
    let name = req
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let mut conn = state.pool.get()?;
    write_tx(&mut conn, |c| {
        let (row, customer) = link_owner(c, &req.token, Purpose::Invitation)?;
        if customer.password_hash.is_some() {
            return Err(ApiError::new(
                ErrorCode::InvalidLink,
                "This invitation was already accepted. Sign in, or reset your password if you forgot it.",
            ));
        }
        if customer.status != "active" {
            return Err(inactive(&customer));
        }
        use_up(c, &row)?;
        audit::record(
            c,
            &Actor::Customer(customer.id.clone()),
            ctx,
            Change::new(
                "customer.invitation_accepted",
                "customer",
                Some(&customer.id),
            )
            .customer(&customer.id)
            .after(serde_json::json!({"customer_id": customer.id, "name_set": name.is_some()})),
        )?;
        let changes = CustomerChanges {
            password_hash: Some(Some(hash)),
            email_verified_at: customer
                .email_verified_at
                .is_none()
                .then(|| Some(time::now())),
            name: name.map(Some),
            ..Default::default()
        };
        open_session(c, state, &customer, changes, "invitation", ctx)
    })
}

/// Sets a new password from a reset link. Every session and every other outstanding link
/// of the customer ends, and a "password changed" mail goes out.
pub fn confirm_password_reset(
    state: &AppState,
    req: &PasswordResetConfirmRequest,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    check_new_password(state, "password", &req.password)?;
    let hash = hash_for_live_link(state, &req.token, Purpose::PasswordReset, &req.password)?;
    let mut conn = state.pool.get()?;
    write_tx(&mut conn, |c| {
        let (row, customer) = link_owner(c, &req.token, Purpose::PasswordReset)?;
        if customer.status != "active" {
            return Err(inactive(&customer));
        }
        use_up(c, &row)?;
        let now = time::now();
        store::update(
            c,
            &customer.id,
            &CustomerChanges {
                password_hash: Some(Some(hash)),
                email_verified_at: customer.email_verified_at.is_none().then_some(Some(now)),
                updated_at: Some(now),
                ..Default::default()
            },
        )?;
        let sessions_ended = store::revoke_sessions(c, &customer.id, None, now)?;
        tokens::revoke_all(c, &customer.id)?;
        throttle::clear(c, &Key::new("customer_email", customer.email.clone()))?;
        password_changed(c, &customer, "password_reset", sessions_ended, ctx)
    })
}

/// Records a password change and sends the security alert.
pub fn password_changed(
    conn: &mut DbConn,
    customer: &CustomerRow,
    how: &str,
    sessions_ended: usize,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    outbox::enqueue(
        conn,
        Template::PasswordChanged,
        &customer.email,
        Some(&customer.id),
        serde_json::json!({"customer_id": customer.id}),
    )?;
    audit::record(
        conn,
        &Actor::Customer(customer.id.clone()),
        ctx,
        Change::new("customer.password_changed", "customer", Some(&customer.id))
            .customer(&customer.id)
            .after(serde_json::json!({"via": how, "sessions_ended": sessions_ended})),
    )
}

/// Ends the caller's session. An admin's "View as customer" session ends the same way but
/// is not the customer's doing, so it leaves no event in their timeline.
pub fn logout(conn: &mut DbConn, principal: &CustomerPrincipal, ctx: &RequestCtx) -> ApiResult<()> {
    write_tx(conn, |c| {
        let ended = store::revoke_session(c, &principal.session_id, time::now())?;
        if ended > 0 && !principal.impersonated {
            audit::record(
                c,
                &principal.actor(),
                ctx,
                Change::new("customer.logout", "customer", Some(&principal.customer_id))
                    .customer(&principal.customer_id)
                    .after(serde_json::json!({"session_id": principal.session_id})),
            )?;
        }
        Ok(())
    })
}
