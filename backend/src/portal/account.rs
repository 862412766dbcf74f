//! The customer's own account: name, password, two-factor authentication.

use super::auth::password_changed;
use super::model::{PortalEvent, PortalExport, PortalMe, UpdateMeRequest};
use crate::admins::model::{ChangePasswordRequest, TotpSetupResponse};
use crate::audit::model::ActorKind;
use crate::audit::store::Filter as AuditFilter;
use crate::audit::{self, Change};
use crate::auth::account;
use crate::auth::portal::CustomerPrincipal;
use crate::auth::throttle::{self, Key, Limit};
use crate::auth::Deps;
use crate::context::RequestCtx;
use crate::customers::account::CustomerAccounts;
use crate::customers::model::UpdateCustomerRequest;
use crate::customers::service::get;
use crate::db::{snapshot_tx, time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult};
use crate::outbox::{self, Template};
use crate::paging::Paging;

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
        |c| me(c, principal),
    )
}

/// Needs the current password (throttled like a sign-in); the caller's other sessions end
/// and a "password changed" alert is mailed.
pub fn change_password(
    deps: &Deps<'_>,
    principal: &CustomerPrincipal,
    req: &ChangePasswordRequest,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    let customer = get(&mut *deps.pool.get()?, &principal.customer_id)?;
    if customer.password_hash.is_none() {
        return Err(ApiError::field(
            "current_password",
            "no password is set yet: use \"Forgot password\" on the sign-in page to set one",
        ));
    }
    account::change_password::<CustomerAccounts>(
        &deps.security(),
        &crate::customers::account::account(customer.clone()),
        Some(&principal.session_id),
        &req.current_password,
        &req.new_password,
        |c, ended| password_changed(c, &customer, "profile", ended, ctx),
    )
}

pub fn totp_setup(
    conn: &mut DbConn,
    deps: &Deps<'_>,
    principal: &CustomerPrincipal,
    ctx: &RequestCtx,
) -> ApiResult<TotpSetupResponse> {
    let id = &principal.customer_id;
    let (otpauth_url, secret) =
        account::totp_setup::<CustomerAccounts>(conn, deps.secrets, id, |c| {
            audit::record(
                c,
                &principal.actor(),
                ctx,
                Change::new("customer.2fa_setup_started", "customer", Some(id)).customer(id),
            )
        })?;
    Ok(TotpSetupResponse {
        secret,
        otpauth_url,
    })
}

/// Turns two-factor on (confirming a code of the device just set up; a security alert is
/// mailed) or off (needs a current code). Wrong codes count toward the sign-in throttle.
pub fn totp_toggle(
    deps: &Deps<'_>,
    principal: &CustomerPrincipal,
    code: &str,
    enable: bool,
    ctx: &RequestCtx,
) -> ApiResult<PortalMe> {
    let id = &principal.customer_id;
    account::totp_toggle::<CustomerAccounts>(&deps.security(), id, code, enable, |c| {
        let action = if enable {
            let customer = get(c, id)?;
            outbox::enqueue(
                c,
                Template::TwoFactorEnabled,
                &customer.email,
                Some(id),
                serde_json::json!({"customer_id": id}),
            )?;
            "customer.2fa_enabled"
        } else {
            "customer.2fa_disabled"
        };
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new(action, "customer", Some(id)).customer(id),
        )
    })?;
    me(&mut *deps.pool.get()?, principal)
}

/// Portal exports one customer may make per hour: each reads everything they have, so a
/// script looping on the button must not keep the database busy.
const EXPORTS_PER_HOUR: i64 = 10;

/// The customer's data export. The export is first recorded in its own short transaction
/// (so it is in the timeline it contains), then everything is read from one snapshot that
/// holds no write lock: activations and sign-ins go on while a large export is read.
pub fn export(
    conn: &mut DbConn,
    principal: &CustomerPrincipal,
    format: &str,
    ctx: &RequestCtx,
) -> ApiResult<PortalExport> {
    let id = &principal.customer_id;
    write_tx(conn, |c| {
        // The customer's own exports are limited; an admin viewing as them is not (the
        // admin export has no such limit either) and uses none of the customer's.
        if !principal.impersonated {
            let key = Key::new("customer_export", id.clone());
            let limit = Limit {
                max_failures: EXPORTS_PER_HOUR,
                window_secs: 3600,
            };
            throttle::reserve_in(c, std::slice::from_ref(&key), limit)?.failed();
        }
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("customer.exported", "customer", Some(id))
                .customer(id)
                .after(serde_json::json!({"customer_id": id, "format": format, "via": "portal"})),
        )
    })?;
    snapshot_tx(conn, |c| {
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
