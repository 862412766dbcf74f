use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use super::model::*;
use super::store::{self, Filter};
use crate::audit::{self, Actor, Change};
use crate::auth::jwt::{Audience, Claims, JwtKeys};
use crate::auth::portal::CustomerPrincipal;
use crate::auth::{Principal, Role};
use crate::context::RequestCtx;
use crate::db::{time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::outbox::{self, Template};
use crate::paging::{PageMeta, Paging, Sort};
use crate::validate::normalize_email;

pub fn get(conn: &mut DbConn, id: &str) -> ApiResult<CustomerRow> {
    store::find(conn, id)?.ok_or_else(|| ApiError::not_found("Customer"))
}

/// The customer with this email, created when new: the email is trimmed and lower-cased (so
/// `Sarah@Acme.com ` finds `sarah@acme.com`), and the name stays null unless given. Returns
/// the customer and whether it was created. Call inside the caller's write transaction.
pub fn find_or_create(
    conn: &mut DbConn,
    actor: &Actor,
    ctx: &RequestCtx,
    email_field: &str,
    email: &str,
    name: Option<&str>,
) -> ApiResult<(CustomerRow, bool)> {
    let email = normalize_email(email)
        .ok_or_else(|| ApiError::field(email_field, "must be a valid email address"))?;
    if let Some(existing) = store::find_by_email(conn, &email)? {
        return Ok((existing, false));
    }
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    if name.is_some_and(|n| n.chars().count() > 200) {
        return Err(ApiError::field("name", "must be at most 200 characters"));
    }
    let row = new_customer(email, name, time::now());
    store::insert(conn, &row)?;
    audit::record(conn, actor, ctx, created_change(&row))?;
    Ok((row, true))
}

/// [`find_or_create`] for many already-normalised emails at once (imports): email →
/// (customer id, created). The first name given for a new email is kept.
pub fn find_or_create_many(
    conn: &mut DbConn,
    actor: &Actor,
    ctx: &RequestCtx,
    wanted: &[(String, Option<String>)],
) -> ApiResult<HashMap<String, (String, bool)>> {
    let emails: Vec<String> = wanted.iter().map(|(e, _)| e.clone()).collect();
    let mut out: HashMap<String, (String, bool)> = store::ids_by_emails(conn, &emails)?
        .into_iter()
        .map(|(email, id)| (email, (id, false)))
        .collect();
    let now = time::now();
    let mut new_rows = Vec::new();
    for (email, name) in wanted {
        if !out.contains_key(email) {
            let name = name.as_deref().map(str::trim).filter(|n| !n.is_empty());
            let row = new_customer(email.clone(), name, now);
            out.insert(email.clone(), (row.id.clone(), true));
            new_rows.push(row);
        }
    }
    store::insert_many(conn, &new_rows)?;
    audit::record_many(
        conn,
        actor,
        ctx,
        new_rows.iter().map(created_change).collect(),
    )?;
    Ok(out)
}

fn new_customer(email: String, name: Option<&str>, now: NaiveDateTime) -> CustomerRow {
    CustomerRow {
        id: uuid::Uuid::now_v7().to_string(),
        email,
        name: name.map(str::to_string),
        status: "active".into(),
        email_verified_at: None,
        password_hash: None,
        totp_secret: None,
        totp_enabled: false,
        last_login_at: None,
        license_count: 0,
        created_at: now,
        updated_at: now,
        totp_last_step: None,
    }
}

/// The trail records customers by id only, never email or name.
fn created_change(row: &CustomerRow) -> Change<'_> {
    Change::new("customer.created", "customer", Some(&row.id))
        .customer(&row.id)
        .after(CustomerRef {
            customer_id: &row.id,
        })
}

/// Keeps `license_count` (all states) in step with ownership changes.
pub fn count_license(conn: &mut DbConn, customer_id: &str, delta: i64) -> ApiResult<()> {
    store::add_to_license_count(conn, customer_id, delta)?;
    Ok(())
}

pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    sort: &Sort,
    paging: Paging,
) -> ApiResult<(Vec<Customer>, PageMeta)> {
    let (total, capped) = store::count(conn, filter)?;
    let data = store::list(
        conn,
        filter,
        sort,
        paging.offset(),
        paging.per_page,
        Some(total),
    )?
    .into_iter()
    .map(Customer::from_list_row)
    .collect();
    let mut meta = paging.meta(total);
    meta.total_capped = capped;
    Ok((data, meta))
}

/// One page of the filtered list (the command palette's search).
pub fn page(
    conn: &mut DbConn,
    filter: &Filter,
    sort: &Sort,
    offset: i64,
    limit: i64,
) -> ApiResult<Vec<Customer>> {
    Ok(store::list(conn, filter, sort, offset, limit, None)?
        .into_iter()
        .map(Customer::from_list_row)
        .collect())
}

/// The CSV export's page after `after` (the previous page's last customer): keyset paging,
/// constant cost per page however deep.
pub fn page_after(
    conn: &mut DbConn,
    filter: &Filter,
    sort: &Sort,
    after: Option<&Customer>,
    limit: i64,
) -> ApiResult<Vec<Customer>> {
    let cursor = after.map(|c| {
        (
            c.id.clone(),
            c.name.clone(),
            c.email.clone(),
            c.license_count,
            String::new(),
            time::from_utc(c.created_at),
        )
    });
    Ok(
        store::list_after(conn, filter, sort, cursor.as_ref(), limit)?
            .into_iter()
            .map(Customer::from_list_row)
            .collect(),
    )
}

/// What the trail keeps of a profile change: the status, and whether the name changed
/// (never the name itself, so erasure leaves nothing personal behind).
#[derive(Serialize)]
struct ProfileAudit<'a> {
    customer_id: &'a str,
    status: &'a str,
    has_name: bool,
}

/// Changes a customer's name or status, then answers with `answer`, read in the same
/// transaction: the caller's view (the admin page's header, the portal profile) shows this
/// change and nothing a concurrent request did after it.
pub fn update<T>(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    req: &UpdateCustomerRequest,
    ctx: &RequestCtx,
    answer: impl FnOnce(&mut DbConn) -> ApiResult<T>,
) -> ApiResult<T> {
    if req.email.is_some() {
        return Err(ApiError::field(
            "email",
            "is immutable: it is the customer's identity. To move a customer to a new \
             address, assign their licenses to the new email.",
        ));
    }
    let name = req
        .name
        .clone()
        .map(|n| n.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
    if let Some(Some(n)) = &name {
        if n.chars().count() > 200 {
            return Err(ApiError::field("name", "must be at most 200 characters"));
        }
    }
    write_tx(conn, |c| {
        let before = get(c, id)?;
        let changes = store::CustomerChanges {
            name: name.clone(),
            status: req.status.map(|s| s.as_str().to_string()),
            updated_at: Some(time::now()),
            ..Default::default()
        };
        store::update(c, id, &changes)?;
        let after = get(c, id)?;
        let view = |r: &CustomerRow| {
            serde_json::to_value(ProfileAudit {
                customer_id: id,
                status: &r.status,
                has_name: r.name.is_some(),
            })
            .unwrap_or_default()
        };
        audit::record(
            c,
            actor,
            ctx,
            Change::new("customer.updated", "customer", Some(id))
                .customer(id)
                .before(view(&before))
                .after(view(&after)),
        )?;
        answer(c)
    })
}

/// GDPR erasure: licenses unassigned, personal data removed from the live tables, the
/// customer deleted. The trail keeps the customer's id only.
pub fn erase(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    req: &DeleteCustomerRequest,
    ctx: &RequestCtx,
) -> ApiResult<CustomerErased> {
    write_tx(conn, |c| {
        let customer = get(c, id)?;
        let confirmed = req
            .confirm
            .as_deref()
            .and_then(normalize_email)
            .is_some_and(|e| {
                crate::crypto::constant_time_eq(e.as_bytes(), customer.email.as_bytes())
            });
        if !confirmed {
            return Err(ApiError::field(
                "confirm",
                "must be the customer's email address, to confirm the erasure",
            ));
        }
        let now = time::now();
        let (license_ids, scrubbed, mails) = store::erase(c, &customer, now)?;
        let reason = serde_json::json!({"customer_id": null, "reason": "customer erased"});
        audit::record_many(
            c,
            &principal.actor(),
            ctx,
            license_ids
                .iter()
                .map(|lid| {
                    Change::new("license.unassigned", "license", Some(lid))
                        .customer(id)
                        .before(CustomerRef { customer_id: id })
                        .after(reason.clone())
                })
                .collect(),
        )?;
        let erased = CustomerErased {
            id: id.to_string(),
            licenses_unassigned: license_ids.len() as i64,
            activations_scrubbed: scrubbed,
            emails_discarded: mails,
        };
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("customer.erased", "customer", Some(id))
                .customer(id)
                .after(&erased),
        )?;
        Ok(erased)
    })
}

/// Queues a password-reset or invitation mail. The single-use link is minted when the mail
/// is rendered for delivery, so no token waits in the outbox.
pub fn queue_email(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    template: Template,
    ctx: &RequestCtx,
) -> ApiResult<EmailQueued> {
    write_tx(conn, |c| {
        let customer = get(c, id)?;
        if customer.status != "active" {
            return Err(ApiError::new(
                ErrorCode::InvalidTransition,
                format!(
                    "The customer is {}: they cannot sign in, so no mail was sent. Set the status to active first.",
                    customer.status
                ),
            ));
        }
        if template == Template::Invitation && customer.password_hash.is_some() {
            return Err(ApiError::new(
                ErrorCode::InvalidTransition,
                "The customer has already accepted an invitation and set a password; send a password reset instead.",
            ));
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
            &principal.actor(),
            ctx,
            Change::new(
                match template {
                    Template::PasswordReset => "customer.password_reset_sent",
                    _ => "customer.invitation_sent",
                },
                "customer",
                Some(id),
            )
            .customer(id)
            .after(serde_json::json!({"customer_id": id, "template": template.as_str()})),
        )?;
        Ok(EmailQueued {
            queued: true,
            template: template.as_str().to_string(),
            to: customer.email,
        })
    })
}

/// Housekeeping: ended portal sessions and old link tokens.
pub fn purge_expired(conn: &mut DbConn) -> ApiResult<usize> {
    let sessions = store::purge_sessions(conn, time::now())?;
    Ok(sessions + super::tokens::purge(conn)?)
}

/// How long a "View as customer" token lives.
pub const IMPERSONATION_TTL_SECS: i64 = 15 * 60;

/// "View as customer": a short-lived, read-only portal session for the calling admin. Opened
/// with an API key, it is the key owner's session (and the trail names them), and it ends
/// when the key is revoked.
pub fn impersonate(
    conn: &mut DbConn,
    principal: &Principal,
    jwt: &JwtKeys,
    id: &str,
    ctx: &RequestCtx,
) -> ApiResult<Impersonation> {
    write_tx(conn, |c| {
        let customer = get(c, id)?;
        let now = time::now();
        let admin_id = principal.admin_id().to_string();
        let session = SessionRow {
            id: uuid::Uuid::now_v7().to_string(),
            customer_id: customer.id.clone(),
            impersonator_id: Some(admin_id.clone()),
            read_only: true,
            created_at: now,
            expires_at: now + chrono::Duration::seconds(IMPERSONATION_TTL_SECS),
            revoked_at: None,
            refresh_token_hash: None,
            previous_token_hash: None,
            impersonator_api_key_id: principal.api_key_id().map(str::to_string),
            refreshed_at: None,
        };
        store::insert_session(c, &session)?;
        audit::record(
            c,
            &Actor::Admin(admin_id),
            ctx,
            Change::new("customer.impersonated", "customer", Some(id))
                .customer(id)
                .after(serde_json::json!({
                    "customer_id": id,
                    "session_id": session.id,
                    "read_only": true,
                    "expires_at": time::to_utc(session.expires_at),
                    "api_key_id": principal.api_key_id(),
                })),
        )?;
        Ok(Impersonation {
            token: jwt.issue(
                Audience::Portal,
                &customer.id,
                &session.id,
                IMPERSONATION_TTL_SECS,
            ),
            token_type: "Bearer".into(),
            expires_at: time::to_utc(session.expires_at),
            expires_in: IMPERSONATION_TTL_SECS,
            customer_id: customer.id,
            read_only: true,
            portal_url: "/portal?impersonation=1".into(),
        })
    })
}

/// The portal caller behind a token: its session must exist (erasure deletes it), be
/// unexpired and unrevoked, and belong to the token's customer, who must be active unless
/// an admin is looking; an admin who is looking must still be active.
pub fn authenticate_session(conn: &mut DbConn, claims: &Claims) -> ApiResult<CustomerPrincipal> {
    let ended = || ApiError::unauthorized("The session has ended; sign in again.");
    let session = store::find_session(conn, &claims.sid)?.ok_or_else(ended)?;
    if session.customer_id != claims.sub
        || session.revoked_at.is_some()
        || session.expires_at <= time::now()
    {
        return Err(ended());
    }
    let customer = store::find(conn, &session.customer_id)?.ok_or_else(ended)?;
    if !session.read_only && customer.status != "active" {
        return Err(ended());
    }
    // An admin's "View as customer" ends with the admin's right to open one (deactivated or
    // demoted below `admin`), like their own sessions; one opened with an API key ends with
    // the key's.
    if let Some(admin) = &session.impersonator_id {
        let may = crate::admins::store::find(conn, admin)?
            .is_some_and(|a| a.is_active() && a.role() >= Role::Admin);
        if !may {
            return Err(ended());
        }
    }
    if let Some(key) = &session.impersonator_api_key_id {
        let role = crate::api_keys::service::acting_role(conn, key)?;
        if role.is_none_or(|r| r < Role::Admin) {
            return Err(ended());
        }
    }
    Ok(CustomerPrincipal {
        customer_id: customer.id,
        session_id: session.id,
        read_only: session.read_only,
        impersonated: session.read_only,
        impersonator_id: session.impersonator_id,
    })
}
