//! The customer's own account: name, password, two-factor authentication.

use super::auth::{check_new_password, hash_password, login_limit, password_changed, verify_totp};
use super::model::{PortalEvent, PortalExport, PortalMe, UpdateMeRequest};
use crate::admins::model::{ChangePasswordRequest, TotpSetupResponse};
use crate::audit::model::ActorKind;
use crate::audit::store::Filter as AuditFilter;
use crate::audit::{self, Change};
use crate::auth::portal::CustomerPrincipal;
use crate::auth::throttle::{self, Key};
use crate::auth::{password, totp};
use crate::customers::model::UpdateCustomerRequest;
use crate::customers::service::get;
use crate::customers::store::{self, CustomerChanges};
use crate::db::{time, write_tx, DbConn};
use crate::email::outbox::{self, Template};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::http::extract::RequestCtx;
use crate::http::pagination::Paging;
use crate::http::state::AppState;

pub fn me(conn: &mut DbConn, principal: &CustomerPrincipal) -> ApiResult<PortalMe> {
    let customer = get(conn, &principal.customer_id)?;
    Ok(PortalMe::new(
        customer,
        principal.impersonated,
        principal.read_only,
    ))
}

/// The name is the one field customers change themselves; the same rules and audit event
/// as an admin's edit.
pub fn update_me(
    conn: &mut DbConn,
    principal: &CustomerPrincipal,
    req: &UpdateMeRequest,
    ctx: &RequestCtx,
) -> ApiResult<PortalMe> {
    let change = UpdateCustomerRequest {
        name: req.name.clone(),
        status: None,
        email: None,
    };
    crate::customers::service::update(
        conn,
        &principal.actor(),
        &principal.customer_id,
        &change,
        ctx,
    )?;
    me(conn, principal)
}

/// Needs the current password; the caller's other sessions end.
pub fn change_password(
    state: &AppState,
    principal: &CustomerPrincipal,
    req: &ChangePasswordRequest,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    let customer = get(&mut *state.pool.get()?, &principal.customer_id)?;
    let Some(current) = customer.password_hash.as_deref() else {
        return Err(ApiError::field(
            "current_password",
            "no password is set yet: use \"Forgot password\" on the sign-in page to set one",
        ));
    };
    check_new_password(state, "new_password", &req.new_password)?;
    // Guessing the current password here is throttled like guessing it at sign-in.
    let keys = [Key::new("customer_email", customer.email.clone())];
    throttle::check(&mut *state.pool.get()?, &keys, login_limit(state))?;
    if !password::verify(&req.current_password, current) {
        throttle::record_failure(&mut *state.pool.get()?, &keys)?;
        return Err(ApiError::field("current_password", "is incorrect"));
    }
    let hash = hash_password(state, &req.new_password)?;
    write_tx(&mut *state.pool.get()?, |c| {
        let now = time::now();
        store::update(
            c,
            &customer.id,
            &CustomerChanges {
                password_hash: Some(Some(hash)),
                updated_at: Some(now),
                ..Default::default()
            },
        )?;
        let ended = store::revoke_sessions(c, &customer.id, Some(&principal.session_id), now)?;
        password_changed(c, &customer, "profile", ended, ctx)
    })
}

pub fn totp_setup(
    conn: &mut DbConn,
    state: &AppState,
    principal: &CustomerPrincipal,
    ctx: &RequestCtx,
) -> ApiResult<TotpSetupResponse> {
    write_tx(conn, |c| {
        let customer = get(c, &principal.customer_id)?;
        if customer.totp_enabled {
            return Err(ApiError::conflict(
                "Two-factor authentication is already on; turn it off first to set up a new device.",
            ));
        }
        let secret = totp::generate_secret();
        store::update(
            c,
            &customer.id,
            &CustomerChanges {
                totp_secret: Some(Some(state.secrets.encrypt(&secret))),
                updated_at: Some(time::now()),
                ..Default::default()
            },
        )?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("customer.2fa_setup_started", "customer", Some(&customer.id))
                .customer(&customer.id),
        )?;
        let (otpauth_url, secret) = totp::provisioning(&secret, &customer.email);
        Ok(TotpSetupResponse {
            secret,
            otpauth_url,
        })
    })
}

/// Turns two-factor on (confirming a code of the device just set up; a security alert is
/// mailed) or off (needs a current code).
pub fn totp_toggle(
    conn: &mut DbConn,
    state: &AppState,
    principal: &CustomerPrincipal,
    code: &str,
    enable: bool,
    ctx: &RequestCtx,
) -> ApiResult<PortalMe> {
    write_tx(conn, |c| -> ApiResult<ApiResult<PortalMe>> {
        let customer = get(c, &principal.customer_id)?;
        if customer.totp_enabled == enable {
            let state_word = if enable { "already on" } else { "not on" };
            return Err(ApiError::new(
                ErrorCode::InvalidTransition,
                format!("Two-factor authentication is {state_word}."),
            ));
        }
        if customer.totp_secret.is_none() {
            return Err(ApiError::new(
                ErrorCode::InvalidTransition,
                "Start with `POST /api/v1/portal/me/2fa/setup`.",
            ));
        }
        // Guessing codes here is throttled like guessing them at sign-in: a wrong code is
        // recorded even though the change itself is refused.
        let keys = [Key::new("customer_email", customer.email.clone())];
        throttle::check(c, &keys, login_limit(state))?;
        let Some(step) = verify_totp(state, &customer, code) else {
            throttle::record_failure(c, &keys)?;
            return Ok(Err(ApiError::field("code", "is wrong or was already used")));
        };
        let now = time::now();
        let changes = if enable {
            CustomerChanges {
                totp_enabled: Some(true),
                totp_last_step: Some(Some(step)),
                updated_at: Some(now),
                ..Default::default()
            }
        } else {
            CustomerChanges {
                totp_enabled: Some(false),
                totp_secret: Some(None),
                totp_last_step: Some(None),
                updated_at: Some(now),
                ..Default::default()
            }
        };
        store::update(c, &customer.id, &changes)?;
        let action = if enable {
            outbox::enqueue(
                c,
                Template::TwoFactorEnabled,
                &customer.email,
                Some(&customer.id),
                serde_json::json!({"customer_id": customer.id}),
            )?;
            "customer.2fa_enabled"
        } else {
            "customer.2fa_disabled"
        };
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new(action, "customer", Some(&customer.id)).customer(&customer.id),
        )?;
        me(c, principal).map(Ok)
    })?
}

/// The customer's data export; the export itself is recorded first, so it is in the
/// timeline it contains.
pub fn export(
    conn: &mut DbConn,
    principal: &CustomerPrincipal,
    format: &str,
    ctx: &RequestCtx,
) -> ApiResult<PortalExport> {
    let id = &principal.customer_id;
    write_tx(conn, |c| {
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("customer.exported", "customer", Some(id))
                .customer(id)
                .after(serde_json::json!({"customer_id": id, "format": format, "via": "portal"})),
        )?;
        let (licenses, activations) = super::licenses::everything(c, id)?;
        let everything = Paging {
            page: 1,
            per_page: i64::MAX / 2,
        };
        let filter = AuditFilter {
            customer_id: Some(id.clone()),
            ..Default::default()
        };
        let (events, _) = audit::service::list(c, &filter, false, everything)?;
        let timeline = events
            .into_iter()
            .map(|e| {
                let own = e.actor_kind == ActorKind::Customer && e.actor_id.as_deref() == Some(id);
                PortalEvent {
                    id: e.id,
                    occurred_at: e.occurred_at,
                    action: e.action,
                    actor_kind: e.actor_kind,
                    subject_type: e.subject_type,
                    subject_id: e.subject_id,
                    ip_address: e.ip_address.filter(|_| own),
                }
            })
            .collect();
        Ok(PortalExport {
            exported_at: crate::db::time::to_utc(time::now()),
            customer: me(c, principal)?,
            licenses,
            activations,
            timeline,
        })
    })
}
