//! Giving a license to a customer by email (created when new), one or in bulk, and
//! transferring it from its current owner.

use std::collections::HashSet;

use chrono::{Duration, NaiveDateTime};

use super::lifecycle::record_change;
use super::model::*;
use super::service::{changed_meanwhile, invalid, lock, present};
use super::status::LicenseStatus;
use super::store::{self, LicenseChanges};
use crate::audit::{self, Change};
use crate::auth::Principal;
use crate::context::RequestCtx;
use crate::customers;
use crate::db::{time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::outbox::{self, Template};
use crate::products::{self};

/// Assigns to the customer with `email` (created when new), or transfers to them when the
/// license is assigned to someone else.
pub fn assign(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    req: &AssignRequest,
    ctx: &RequestCtx,
) -> ApiResult<License> {
    let expires_at = req.expires_at.map(time::from_utc);
    write_tx(conn, |c| {
        let before = lock(c, id)?;
        let now = time::now();
        let after = assign_row(
            c,
            principal,
            ctx,
            &before,
            &req.email,
            req.name.as_deref(),
            expires_at,
            req.keep_activations,
            now,
        )?;
        present(c, &after, now)
    })
}

#[allow(clippy::too_many_arguments)]
fn assign_row(
    c: &mut DbConn,
    principal: &Principal,
    ctx: &RequestCtx,
    before: &LicenseRow,
    email: &str,
    name: Option<&str>,
    expires_at: Option<NaiveDateTime>,
    keep_activations: bool,
    now: NaiveDateTime,
) -> ApiResult<LicenseRow> {
    match LicenseStatus::of(before, now) {
        LicenseStatus::Revoked => return Err(invalid("A revoked license cannot be assigned.")),
        LicenseStatus::Suspended => {
            return Err(invalid("The license is suspended; reinstate it first."))
        }
        LicenseStatus::Expired => return Err(invalid("The license has expired; renew it first.")),
        _ => {}
    }
    if expires_at.is_some_and(|e| e <= now) {
        return Err(ApiError::field("expires_at", "must be in the future"));
    }
    let product = products::service::get_row(c, &before.product_id)?;
    let actor = principal.actor();
    let (customer, created) =
        customers::service::find_or_create(c, &actor, ctx, "email", email, name)?;
    if before.customer_id.as_deref() == Some(customer.id.as_str()) {
        return Ok(before.clone());
    }
    let transfer = before.customer_id.is_some();
    if !transfer && !product.is_active() {
        return Err(invalid(
            "The product is inactive: its licenses cannot be assigned.",
        ));
    }
    let expires = match expires_at {
        Some(e) => Some(e),
        None if !transfer && before.expires_at.is_none() => {
            before.validity_days.map(|d| now + Duration::days(d))
        }
        None => before.expires_at,
    };
    // The earlier owner's devices go with them, unless the same person is moving address.
    let freed = transfer && !keep_activations && before.activations_used > 0;
    let changes = LicenseChanges {
        customer_id: Some(Some(customer.id.clone())),
        assigned_at: Some(Some(now)),
        expires_at: Some(expires),
        activations_used: freed.then_some(0),
        updated_at: Some(now),
        ..Default::default()
    };
    let after = store::update_if_unchanged(c, before, &changes)?.ok_or_else(changed_meanwhile)?;
    if freed {
        store::deactivate_all(c, &before.id, "transferred", now)?;
    }
    if let Some(old) = &before.customer_id {
        customers::service::count_license(c, old, -1)?;
        audit::record(
            c,
            &actor,
            ctx,
            Change::new("license.transferred_away", "license", Some(&after.id))
                .customer(old)
                .before(AuditView::from(before))
                .after(AuditView::from(&after)),
        )?;
    }
    customers::service::count_license(c, &customer.id, 1)?;
    let action = if transfer {
        "license.transferred"
    } else {
        "license.assigned"
    };
    record_change(c, principal, ctx, action, before, &after)?;
    if product.send_license_email {
        let template = if created {
            Template::Invitation
        } else {
            Template::LicenseAssigned
        };
        let payload = serde_json::json!({"license_id": after.id, "product_id": product.id, "product_name": product.name});
        outbox::enqueue(c, template, &customer.email, Some(&customer.id), payload)?;
    }
    Ok(after)
}

/// Assigns every listed license to one customer, all or nothing.
pub fn bulk_assign(
    conn: &mut DbConn,
    principal: &Principal,
    req: &BulkAssignRequest,
    ctx: &RequestCtx,
) -> ApiResult<BulkAssigned> {
    let mut unique = HashSet::new();
    if let Some(dup) = req
        .license_ids
        .iter()
        .find(|id| !unique.insert(id.as_str()))
    {
        return Err(ApiError::field("license_ids", format!("lists {dup} twice")));
    }
    write_tx(conn, |c| {
        let now = time::now();
        let mut assigned = Vec::with_capacity(req.license_ids.len());
        for (i, id) in req.license_ids.iter().enumerate() {
            let before = store::lock(c, id)?.ok_or_else(|| {
                ApiError::field(&format!("license_ids[{i}]"), format!("no license {id}"))
            })?;
            let after = assign_row(
                c,
                principal,
                ctx,
                &before,
                &req.email,
                req.name.as_deref(),
                None,
                req.keep_activations,
                now,
            )
            .map_err(|e| {
                if e.code == ErrorCode::InvalidTransition {
                    invalid(format!(
                        "License {} ({}): {} Nothing was assigned.",
                        i + 1,
                        before.license_key,
                        e.detail
                    ))
                } else {
                    e
                }
            })?;
            assigned.push(after);
        }
        let customer_id = assigned[0].customer_id.clone().unwrap_or_default();
        let licenses = assigned
            .iter()
            .map(|r| present(c, r, now))
            .collect::<ApiResult<Vec<_>>>()?;
        Ok(BulkAssigned {
            assigned: licenses.len(),
            customer_id,
            licenses,
        })
    })
}
