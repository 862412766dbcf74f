use super::model::CustomerExport;
use crate::activations::store::Filter as ActivationFilter;
use crate::audit::store::Filter as AuditFilter;
use crate::audit::{self, Actor, Change};
use crate::context::RequestCtx;
use crate::customers::model::{
    CustomerDetail, CustomerStatus, LicenseCounts, UpdateCustomerRequest,
};
use crate::customers::service::get;
use crate::db::{snapshot_tx, time, write_tx, DbConn};
use crate::error::ApiResult;
use crate::licenses::status::LicenseStatus;
use crate::licenses::store::Filter as LicenseFilter;
use crate::paging::{Paging, Sort};

/// The customer page's header: the profile with licenses counted by status and the active
/// devices.
pub fn detail(conn: &mut DbConn, id: &str) -> ApiResult<CustomerDetail> {
    let row = get(conn, id)?;
    let (by_status, active_activations) =
        crate::licenses::service::owned_summary(conn, &row.id, time::now())?;
    let count = |s: LicenseStatus| by_status.get(&s).copied().unwrap_or(0);
    let counts = LicenseCounts {
        assigned: count(LicenseStatus::Assigned),
        active: count(LicenseStatus::Active),
        expired: count(LicenseStatus::Expired),
        suspended: count(LicenseStatus::Suspended),
        revoked: count(LicenseStatus::Revoked),
    };
    Ok(CustomerDetail {
        email_verified: row.email_verified_at.is_some(),
        email_verified_at: row.email_verified_at.map(time::to_utc),
        two_factor_enabled: row.totp_enabled,
        password_set: row.password_hash.is_some(),
        last_login_at: row.last_login_at.map(time::to_utc),
        status: CustomerStatus::parse(&row.status),
        license_count: row.license_count,
        licenses_by_status: counts,
        active_activations,
        created_at: time::to_utc(row.created_at),
        updated_at: time::to_utc(row.updated_at),
        id: row.id,
        name: row.name,
        email: row.email,
    })
}

/// An admin's profile change (`customers::service::update`), answered with the page's header.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    req: &UpdateCustomerRequest,
    ctx: &RequestCtx,
) -> ApiResult<CustomerDetail> {
    crate::customers::service::update(conn, actor, id, req, ctx, |c| detail(c, id))
}

/// Everything stored about a customer, for a GDPR access request. The export is first
/// recorded in its own short transaction (so it appears in the timeline it contains), then
/// read from one snapshot that holds no write lock, so the licensing API goes on meanwhile.
pub fn export(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    format: &str,
    ctx: &RequestCtx,
) -> ApiResult<CustomerExport> {
    write_tx(conn, |c| {
        get(c, id)?;
        audit::record(
            c,
            actor,
            ctx,
            Change::new("customer.exported", "customer", Some(id))
                .customer(id)
                .after(serde_json::json!({"customer_id": id, "format": format})),
        )
    })?;
    snapshot_tx(conn, |c| {
        let everything = Paging {
            page: 1,
            per_page: i64::MAX / 2,
        };
        let now = time::now();
        let licenses = crate::licenses::service::page(
            c,
            &LicenseFilter {
                customer_id: Some(id.to_string()),
                now,
                ..Default::default()
            },
            &Sort::parse(None, &["created_at"], "created_at")?,
            0,
            everything.per_page,
        )?;
        let activations = crate::activations::service::page(
            c,
            &ActivationFilter {
                belonging_to: Some(id.to_string()),
                ..Default::default()
            },
            &Sort::parse(None, &["activated_at"], "activated_at")?,
            0,
            everything.per_page,
        )?;
        let (timeline, _) = audit::service::list(
            c,
            &AuditFilter {
                customer_id: Some(id.to_string()),
                ..Default::default()
            },
            false,
            everything,
        )?;
        Ok(CustomerExport {
            exported_at: time::to_utc(now),
            customer: detail(c, id)?,
            licenses,
            activations,
            timeline,
        })
    })
}
