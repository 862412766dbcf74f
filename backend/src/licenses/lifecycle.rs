//! Changing a license: edits, suspension and reinstatement, revocation, renewal,
//! unassignment and deletion, each a checked transition recorded in the trail.

use chrono::NaiveDateTime;

use super::creation::metadata_text;
use super::model::*;
use super::service::{changed_meanwhile, invalid, lock, present};
use super::status::LicenseStatus;
use super::store::{self, LicenseChanges};
use crate::audit::{self, Change};
use crate::auth::Principal;
use crate::context::RequestCtx;
use crate::customers;
use crate::db::{time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult};

pub fn update(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    req: &UpdateLicenseRequest,
    ctx: &RequestCtx,
) -> ApiResult<License> {
    if req.key.is_some() {
        return Err(ApiError::field(
            "key",
            "is immutable; create a new license instead",
        ));
    }
    if req.product_id.is_some() {
        return Err(ApiError::field(
            "product_id",
            "is immutable; create a license for the other product",
        ));
    }
    let metadata = req
        .metadata
        .as_ref()
        .map(|m| metadata_text(Some(m)))
        .transpose()?;
    let notes = req
        .notes
        .clone()
        .map(|n| n.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
    transition(conn, principal, ctx, id, "license.updated", |_, _, _| {
        Ok(LicenseChanges {
            max_activations: req.max_activations,
            validity_days: req.validity_days,
            notes: notes.clone(),
            metadata: metadata.clone(),
            ..Default::default()
        })
    })
}

/// Reads the license, asks `decide` for the changes (or a refusal), applies them if nobody
/// changed the license meanwhile, and records the audit event — all in one transaction.
fn transition<F>(
    conn: &mut DbConn,
    principal: &Principal,
    ctx: &RequestCtx,
    id: &str,
    action: &str,
    decide: F,
) -> ApiResult<License>
where
    F: FnOnce(&mut DbConn, &LicenseRow, NaiveDateTime) -> ApiResult<LicenseChanges>,
{
    write_tx(conn, |c| {
        let before = lock(c, id)?;
        let now = time::now();
        let changes = LicenseChanges {
            updated_at: Some(now),
            ..decide(c, &before, now)?
        };
        let after =
            store::update_if_unchanged(c, &before, &changes)?.ok_or_else(changed_meanwhile)?;
        record_change(c, principal, ctx, action, &before, &after)?;
        present(c, &after, now)
    })
}

pub(super) fn record_change(
    c: &mut DbConn,
    principal: &Principal,
    ctx: &RequestCtx,
    action: &str,
    before: &LicenseRow,
    after: &LicenseRow,
) -> ApiResult<()> {
    let mut change = Change::new(action, "license", Some(&after.id))
        .before(AuditView::from(before))
        .after(AuditView::from(after));
    if let Some(customer) = after
        .customer_id
        .as_deref()
        .or(before.customer_id.as_deref())
    {
        change = change.customer(customer);
    }
    audit::record(c, &principal.actor(), ctx, change)
}

pub fn suspend(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    reason: Option<String>,
    ctx: &RequestCtx,
) -> ApiResult<License> {
    transition(
        conn,
        principal,
        ctx,
        id,
        "license.suspended",
        |_, before, now| match LicenseStatus::of(before, now) {
            LicenseStatus::Revoked => Err(invalid("A revoked license cannot be suspended.")),
            LicenseStatus::Suspended => Err(invalid("The license is already suspended.")),
            _ => Ok(LicenseChanges {
                suspended_at: Some(Some(now)),
                suspend_reason: Some(reason),
                ..Default::default()
            }),
        },
    )
}

pub fn reinstate(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    ctx: &RequestCtx,
) -> ApiResult<License> {
    transition(
        conn,
        principal,
        ctx,
        id,
        "license.reinstated",
        |_, before, now| match LicenseStatus::of(before, now) {
            LicenseStatus::Suspended => Ok(LicenseChanges {
                suspended_at: Some(None),
                suspend_reason: Some(None),
                ..Default::default()
            }),
            other => Err(invalid(format!(
                "Only a suspended license can be reinstated; this one is {}.",
                other.as_str()
            ))),
        },
    )
}

pub fn revoke(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    reason: Option<String>,
    ctx: &RequestCtx,
) -> ApiResult<License> {
    transition(
        conn,
        principal,
        ctx,
        id,
        "license.revoked",
        |c, before, now| {
            if before.revoked_at.is_some() {
                return Err(invalid("The license is already revoked."));
            }
            store::deactivate_all(c, &before.id, "license revoked", now)?;
            Ok(LicenseChanges {
                revoked_at: Some(Some(now)),
                revoke_reason: Some(reason),
                activations_used: Some(0),
                ..Default::default()
            })
        },
    )
}

pub fn renew(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    expires_at: Option<NaiveDateTime>,
    ctx: &RequestCtx,
) -> ApiResult<License> {
    transition(
        conn,
        principal,
        ctx,
        id,
        "license.renewed",
        |_, before, now| {
            if before.revoked_at.is_some() {
                return Err(invalid("A revoked license cannot be renewed."));
            }
            if expires_at.is_some_and(|e| e <= now) {
                return Err(ApiError::field(
                    "expires_at",
                    "must be in the future (or null for perpetual)",
                ));
            }
            Ok(LicenseChanges {
                expires_at: Some(expires_at),
                ..Default::default()
            })
        },
    )
}

pub fn unassign(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    ctx: &RequestCtx,
) -> ApiResult<License> {
    transition(
        conn,
        principal,
        ctx,
        id,
        "license.unassigned",
        |c, before, now| {
            if before.revoked_at.is_some() {
                return Err(invalid("A revoked license cannot be unassigned."));
            }
            let Some(owner) = &before.customer_id else {
                return Err(invalid("The license is not assigned."));
            };
            // The owner's devices held the slots; they go with the owner.
            store::deactivate_all(c, &before.id, "license unassigned", now)?;
            customers::service::count_license(c, owner, -1)?;
            Ok(LicenseChanges {
                customer_id: Some(None),
                assigned_at: Some(None),
                activations_used: Some(0),
                ..Default::default()
            })
        },
    )
}

/// Deletes a license; its key is retired and never issued again.
pub fn delete(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    write_tx(conn, |c| {
        let before = lock(c, id)?;
        let now = time::now();
        store::delete(c, &before, now)?;
        if let Some(owner) = &before.customer_id {
            customers::service::count_license(c, owner, -1)?;
        }
        let mut change =
            Change::new("license.deleted", "license", Some(id)).before(AuditView::from(&before));
        if let Some(owner) = before.customer_id.as_deref() {
            change = change.customer(owner);
        }
        audit::record(c, &principal.actor(), ctx, change)
    })
}
