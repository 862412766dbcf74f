use chrono::NaiveDateTime;
use serde::Serialize;

use super::model::{Activation, ActivationRow};
use super::store::{self, Filter, NewActivation};
use crate::audit::{self, Actor, Change};
use crate::context::RequestCtx;
use crate::db::{time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::licenses;
use crate::licenses::model::LicenseRow;
use crate::paging::{PageMeta, Paging, Sort};

/// The default order of an activation list: newest activation first.
pub const DEFAULT_SORT: &str = "-activated_at";

pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    sort: &Sort,
    paging: Paging,
) -> ApiResult<(Vec<Activation>, PageMeta)> {
    let narrowed = filter.license_id.is_some() || filter.customer_id.is_some();
    if filter.stale_before.is_some()
        && sort.field == "last_verified_at"
        && sort.descending
        && !narrowed
    {
        // The stale devices come after every fresh one in that order, and no index reads it
        // from the staleness limit back: refused rather than served slowly.
        return Err(ApiError::field(
            "sort",
            "with stale_days, sort by activated_at or by last_verified_at oldest first, \
             or narrow the list to one license_id or customer_id",
        ));
    }
    let (total, capped) = store::count_capped(conn, filter)?;
    let data = page(conn, filter, sort, paging.offset(), paging.per_page)?;
    let mut meta = paging.meta(total);
    meta.total_capped = capped;
    Ok((data, meta))
}

pub fn page(
    conn: &mut DbConn,
    filter: &Filter,
    sort: &Sort,
    offset: i64,
    limit: i64,
) -> ApiResult<Vec<Activation>> {
    Ok(store::list(conn, filter, sort, offset, limit)?
        .into_iter()
        .map(|(row, context)| Activation::from_row(row, context))
        .collect())
}

fn not_found() -> ApiError {
    ApiError::not_found("Activation")
}

fn present(conn: &mut DbConn, row: ActivationRow) -> ApiResult<Activation> {
    let context = store::context(conn, &row.license_id)?;
    Ok(Activation::from_row(row, context))
}

pub fn get(conn: &mut DbConn, id: &str) -> ApiResult<Activation> {
    let row = store::find(conn, id)?.ok_or_else(not_found)?;
    present(conn, row)
}

/// What the audit trail records of an activation: neither the device's address nor the
/// name its owner gave it, which erasure removes from live tables and the append-only trail
/// could not give back.
#[derive(Serialize)]
struct AuditView<'a> {
    license_id: &'a str,
    identifier: &'a str,
    kind: &'a str,
    platform: Option<&'a str>,
    status: &'a str,
    deactivation_reason: Option<&'a str>,
}

impl<'a> From<&'a ActivationRow> for AuditView<'a> {
    fn from(r: &'a ActivationRow) -> Self {
        AuditView {
            license_id: &r.license_id,
            identifier: &r.identifier,
            kind: &r.kind,
            platform: r.platform.as_deref(),
            status: &r.status,
            deactivation_reason: r.deactivation_reason.as_deref(),
        }
    }
}

fn audit_change(
    conn: &mut DbConn,
    actor: &Actor,
    ctx: &RequestCtx,
    action: &str,
    license: &LicenseRow,
    before: Option<&ActivationRow>,
    after: &ActivationRow,
) -> ApiResult<()> {
    let mut change =
        Change::new(action, "activation", Some(&after.id)).after(AuditView::from(after));
    if let Some(before) = before {
        change = change.before(AuditView::from(before));
    }
    if let Some(customer) = license.customer_id.as_deref() {
        change = change.customer(customer);
    }
    // A licensing-API request comes from the customer's device: its address is theirs.
    let anonymous;
    let ctx = if matches!(actor, Actor::LicenseKey(_)) {
        anonymous = RequestCtx {
            ip: None,
            ..ctx.clone()
        };
        &anonymous
    } else {
        ctx
    };
    audit::record(conn, actor, ctx, change)
}

/// A device or domain asking for a slot.
pub struct NewDevice<'a> {
    pub identifier: &'a str,
    pub kind: &'a str,
    pub name: Option<&'a str>,
    pub platform: Option<&'a str>,
    /// JSON object text.
    pub metadata: &'a str,
    pub ip: Option<&'a str>,
}

/// The active binding of `identifier` on a license, if any.
pub fn find_active(
    conn: &mut DbConn,
    license_id: &str,
    identifier: &str,
) -> ApiResult<Option<ActivationRow>> {
    Ok(store::find_active(conn, license_id, identifier)?)
}

/// Records a verification of an already active binding at once (re-activation).
pub fn touch(
    conn: &mut DbConn,
    row: &ActivationRow,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> ApiResult<ActivationRow> {
    let ip = ip.or(row.ip_address.as_deref());
    store::touch(conn, &row.id, ip, now)?;
    store::find(conn, &row.id)?.ok_or_else(not_found)
}

/// Binds a device to a license, taking a slot. The caller holds the license lock
/// ([`licenses::service::lock_by_key`]) and has checked the limit under it.
pub fn take_slot(
    conn: &mut DbConn,
    license: &LicenseRow,
    device: &NewDevice,
    actor: &Actor,
    ctx: &RequestCtx,
    now: NaiveDateTime,
) -> ApiResult<ActivationRow> {
    let id = uuid::Uuid::now_v7().to_string();
    store::insert(
        conn,
        &NewActivation {
            id: &id,
            license_id: &license.id,
            identifier: device.identifier,
            kind: device.kind,
            name: device.name,
            platform: device.platform,
            metadata: device.metadata,
            ip_address: device.ip,
            status: "active",
            activated_at: now,
            last_verified_at: Some(now),
            customer_id: license.customer_id.as_deref(),
        },
    )?;
    licenses::service::count_activation(conn, &license.id, 1, now)?;
    let row = store::find(conn, &id)?.ok_or_else(not_found)?;
    audit_change(conn, actor, ctx, "activation.created", license, None, &row)?;
    Ok(row)
}

/// Unbinds a device, freeing its slot at once. The caller holds the license lock.
pub fn free_slot(
    conn: &mut DbConn,
    license: &LicenseRow,
    row: &ActivationRow,
    reason: &str,
    actor: &Actor,
    ctx: &RequestCtx,
    now: NaiveDateTime,
) -> ApiResult<ActivationRow> {
    if !store::deactivate(conn, &row.id, reason, now)? {
        return Err(ApiError::new(
            ErrorCode::InvalidTransition,
            "The activation is already inactive.",
        ));
    }
    licenses::service::count_activation(conn, &license.id, -1, now)?;
    let after = store::find(conn, &row.id)?.ok_or_else(not_found)?;
    audit_change(
        conn,
        actor,
        ctx,
        "activation.deactivated",
        license,
        Some(row),
        &after,
    )?;
    Ok(after)
}

/// Whether customer `who` sees (and may free) this activation of a license owned by
/// `license_owner`: the license must be theirs, and the activation made for them or still
/// holding a slot. The list filter `Filter::owner_view` is the same rule in SQL.
pub fn owner_sees(row: &ActivationRow, license_owner: Option<&str>, who: &str) -> bool {
    license_owner == Some(who)
        && (row.customer_id.as_deref() == Some(who) || row.status == "active")
}

/// Deactivates one activation by id (admin portal, and the client portal for the owner's
/// own devices: `owner` restricts it to what [`owner_sees`], answering 404 otherwise).
pub fn deactivate(
    conn: &mut DbConn,
    id: &str,
    owner: Option<&str>,
    reason: &str,
    actor: &Actor,
    ctx: &RequestCtx,
) -> ApiResult<Activation> {
    write_tx(conn, |c| {
        let license_id = store::find(c, id)?.ok_or_else(not_found)?.license_id;
        let license = licenses::service::lock(c, &license_id)?;
        // Read again under the lock: a concurrent deactivation may have freed it already.
        let row = store::find(c, id)?.ok_or_else(not_found)?;
        if owner.is_some_and(|o| !owner_sees(&row, license.customer_id.as_deref(), o)) {
            return Err(not_found());
        }
        let after = free_slot(c, &license, &row, reason, actor, ctx, time::now())?;
        present(c, after)
    })
}
