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
use crate::auth::account::{self, Accounts, Policy, Refused};
use crate::auth::jwt::Audience;
use crate::auth::portal::CustomerPrincipal;
use crate::auth::refresh::RefreshGrant;
use crate::auth::throttle::{self, Key, Limit};
use crate::auth::Deps;
use crate::context::RequestCtx;
use crate::customers::account::CustomerAccounts;
use crate::customers::model::TokenRow;
use crate::customers::model::{CustomerRow, SessionRow};
use crate::customers::store::{self, CustomerChanges};
use crate::customers::tokens::{self, Purpose};
use crate::db::{time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::outbox::{self, Template};

/// Link mails one address may be sent per hour; past it requests are still answered 202
/// (nothing tells whether the account exists) but no mail is queued, so the form cannot
/// be used to flood someone's inbox.
const LINK_MAILS_PER_HOUR: i64 = 5;

fn invalid_link() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidLink,
        "This link has expired or was already used. Ask for a new one.",
    )
}

fn inactive(customer: &CustomerRow) -> ApiError {
    CustomerAccounts::inactive(&crate::customers::account::account(customer.clone()))
}

/// Records a refused sign-in in the trail (and the customer's timeline); a missing second
/// factor is not a failure and leaves nothing.
fn record_refusal(conn: &mut DbConn, refused: &Refused, ctx: &RequestCtx) -> ApiResult<()> {
    if !refused.is_failure() {
        return Ok(());
    }
    let customer_id = refused.account.as_ref().map(|a| a.id.as_str());
    let actor = customer_id
        .map(|id| Actor::Customer(id.to_string()))
        .unwrap_or(Actor::Anonymous);
    let mut change = Change::new("customer.login_failed", "customer", customer_id)
        .after(serde_json::json!({"reason": refused.reason}));
    if let Some(id) = customer_id {
        change = change.customer(id);
    }
    write_tx(conn, |c| audit::record(c, &actor, ctx, change))
}

/// A portal access token for a session.
fn access(deps: &Deps<'_>, customer: CustomerRow, session_id: &str) -> (PortalTokenResponse, i64) {
    let ttl = deps.config.access_token_ttl_secs;
    let answer = PortalTokenResponse {
        access_token: deps
            .jwt
            .issue(Audience::Portal, &customer.id, session_id, ttl),
        refresh_token: None,
        token_type: "Bearer".into(),
        expires_in: ttl,
        customer: PortalMe::new(customer, false, false),
    };
    (answer, ttl)
}

/// Opens a portal session for the customer, records the sign-in (`method`: password,
/// magic_link, invitation) and returns its access token and refresh token.
fn open_session(
    conn: &mut DbConn,
    deps: &Deps<'_>,
    customer: &CustomerRow,
    mut changes: CustomerChanges,
    method: &str,
    ctx: &RequestCtx,
) -> ApiResult<(PortalTokenResponse, RefreshGrant)> {
    let now = time::now();
    let (refresh, refresh_hash) = account::new_refresh_token();
    let session = SessionRow {
        id: uuid::Uuid::now_v7().to_string(),
        customer_id: customer.id.clone(),
        impersonator_id: None,
        read_only: false,
        created_at: now,
        expires_at: now + Duration::hours(deps.config.portal_session_hours),
        revoked_at: None,
        refresh_token_hash: Some(refresh_hash),
        previous_token_hash: None,
        impersonator_api_key_id: None,
        refreshed_at: None,
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
    let (answer, _) = access(deps, after, &session.id);
    Ok((
        answer,
        RefreshGrant {
            token: refresh,
            expires_at: session.expires_at,
        },
    ))
}

/// Email and password, plus the TOTP code when 2FA is on. Customers who never set a
/// password (invitation not accepted yet) get the same answer as a wrong password.
pub fn login(
    deps: &Deps<'_>,
    req: &LoginRequest,
    ctx: &RequestCtx,
) -> ApiResult<(PortalTokenResponse, RefreshGrant)> {
    let email = req.email.trim().to_lowercase();
    let outcome = account::sign_in::<CustomerAccounts>(
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
            record_refusal(&mut conn, &refused, ctx)?;
            return Err(refused.error);
        }
    };
    write_tx(&mut conn, |c| {
        let customer = crate::customers::service::get(c, &signed_in.id)?;
        open_session(
            c,
            deps,
            &customer,
            CustomerChanges::default(),
            "password",
            ctx,
        )
    })
}

/// Trades a portal refresh token for a new access token and refresh token. The session
/// keeps its end: refreshing never lengthens a sign-in.
pub fn refresh(
    conn: &mut DbConn,
    deps: &Deps<'_>,
    refresh_token: &str,
    ctx: &RequestCtx,
) -> ApiResult<(PortalTokenResponse, RefreshGrant)> {
    let invalid = || ApiError::unauthorized("The session has ended; sign in again.");
    let rotated = write_tx(conn, |c| -> ApiResult<Option<_>> {
        let rotated = account::rotate_refresh::<CustomerAccounts>(
            c,
            refresh_token,
            |c, stolen| {
                audit::record(
                    c,
                    &Actor::Customer(stolen.account_id.clone()),
                    ctx,
                    Change::new("customer.session_revoked", "customer", Some(&stolen.account_id))
                        .customer(&stolen.account_id)
                        .after(serde_json::json!({"session_id": stolen.id, "reason": "refresh_token_reused"})),
                )
            },
        )?;
        let Some((session, token)) = rotated else {
            return Ok(None);
        };
        let customer = store::find(c, &session.account_id)?.filter(|cu| cu.status == "active");
        Ok(customer.map(|cu| (cu, session, token)))
    })?;
    let (customer, session, token) = rotated.ok_or_else(invalid)?;
    let (answer, _) = access(deps, customer, &session.id);
    Ok((
        answer,
        RefreshGrant {
            token,
            expires_at: session.expires_at,
        },
    ))
}

/// Queues a magic-link or password-reset mail when an active customer has this (normalised)
/// email. An unknown or inactive address writes nothing, so anonymous requests never take
/// the database's write lock for nothing.
pub fn request_link(
    conn: &mut DbConn,
    email: &str,
    template: Template,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    let action = match template {
        Template::MagicLink => "customer.magic_link_requested",
        _ => "customer.password_reset_requested",
    };
    let active = |c: &mut DbConn| -> ApiResult<Option<CustomerRow>> {
        Ok(store::find_by_email(c, email)?.filter(|cu| cu.status == "active"))
    };
    if active(conn)?.is_none() {
        return Ok(());
    }
    write_tx(conn, |c| {
        // Again inside the transaction: the customer may have been erased meanwhile.
        let Some(customer) = active(c)? else {
            return Ok(());
        };
        let key = Key::new("customer_link_mail", customer.id.clone());
        let hourly = Limit {
            max_failures: LINK_MAILS_PER_HOUR,
            window_secs: 3600,
        };
        // Past the hourly limit nothing is written, so the requests cannot flood the
        // customer's timeline either. Each mail sent counts for the hour.
        match throttle::reserve_in(c, std::slice::from_ref(&key), hourly) {
            Ok(sent) => sent.failed(),
            Err(e) if e.code == ErrorCode::RateLimited => return Ok(()),
            Err(e) => return Err(e),
        }
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
/// usable, so the customer can enter the code and try again within its 15 minutes; a code
/// counts against the sign-in throttle like a password.
pub fn consume_magic_link(
    deps: &Deps<'_>,
    req: &MagicLinkConsumeRequest,
    ctx: &RequestCtx,
) -> ApiResult<(PortalTokenResponse, RefreshGrant)> {
    let (_, customer) = link_owner(&mut *deps.pool.get()?, &req.token, Purpose::MagicLink)?;
    if customer.status != "active" {
        return Err(inactive(&customer));
    }
    let factor = account::second_factor::<CustomerAccounts>(
        &deps.security(),
        &crate::customers::account::account(customer.clone()),
        req.totp_code.as_deref(),
        ctx.ip.as_deref(),
    )?;
    let mut conn = deps.pool.get()?;
    if let Err(refused) = factor {
        record_refusal(&mut conn, &refused, ctx)?;
        return Err(refused.error);
    }
    write_tx(&mut conn, |c| {
        let (row, customer) = link_owner(c, &req.token, Purpose::MagicLink)?;
        if customer.status != "active" {
            return Err(inactive(&customer));
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
        open_session(c, deps, &customer, changes, "magic_link", ctx)
    })
}

/// Hashes the new password once the link is known to be live: bcrypt is the expensive
/// part, and a junk token must not make the server spend it. The transaction that follows
/// checks the link again.
fn hash_for_live_link(
    deps: &Deps<'_>,
    token: &str,
    purpose: Purpose,
    password: &str,
) -> ApiResult<String> {
    tokens::peek(&mut *deps.pool.get()?, token, purpose)?.ok_or_else(invalid_link)?;
    account::hash_password(&Policy::of(deps.config), password)
}

/// Sets the first password from an invitation link, verifies the email and signs in.
pub fn accept_invitation(
    deps: &Deps<'_>,
    req: &AcceptInvitationRequest,
    ctx: &RequestCtx,
) -> ApiResult<(PortalTokenResponse, RefreshGrant)> {
    account::check_new_password(&Policy::of(deps.config), "password", &req.password)?;
    let hash = hash_for_live_link(deps, &req.token, Purpose::Invitation, &req.password)?;
    let name = req
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let mut conn = deps.pool.get()?;
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
        open_session(c, deps, &customer, changes, "invitation", ctx)
    })
}

/// Sets a new password from a reset link. Every session and every other outstanding link
/// of the customer ends, and a "password changed" mail goes out.
pub fn confirm_password_reset(
    deps: &Deps<'_>,
    req: &PasswordResetConfirmRequest,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    account::check_new_password(&Policy::of(deps.config), "password", &req.password)?;
    let hash = hash_for_live_link(deps, &req.token, Purpose::PasswordReset, &req.password)?;
    let mut conn = deps.pool.get()?;
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
        throttle::clear(
            c,
            &Key::new(CustomerAccounts::EMAIL_SCOPE, customer.email.clone()),
        )?;
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
