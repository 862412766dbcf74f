//! The customer's licenses and devices. Every query is filtered by the caller's customer
//! id; another customer's license or activation answers 404, as if it did not exist.

use chrono::{Duration, NaiveDateTime};

use super::model::*;
use crate::activations::store::Filter as ActivationFilter;
use crate::auth::portal::CustomerPrincipal;
use crate::context::RequestCtx;
use crate::db::{time, DbConn};
use crate::error::{ApiError, ApiResult};
use crate::licenses::model::License;
use crate::licenses::status::LicenseStatus;
use crate::licenses::store::Filter as LicenseFilter;
use crate::paging::{Paging, Sort};

/// "Expiring soon" on the dashboard, as on the admin dashboard.
const EXPIRING_WITHIN_DAYS: i64 = 30;

pub fn dashboard(conn: &mut DbConn, customer_id: &str) -> ApiResult<PortalDashboard> {
    let now = time::now();
    let counts = crate::licenses::store::owned_counts(
        conn,
        customer_id,
        now,
        now + Duration::days(EXPIRING_WITHIN_DAYS),
    )?;
    Ok(PortalDashboard {
        licenses_total: counts.total,
        licenses_active: counts.working,
        activations_in_use: crate::activations::store::count(
            conn,
            &ActivationFilter {
                customer_id: Some(customer_id.to_string()),
                status: Some(crate::activations::model::ActivationStatus::Active),
                owner_view: true,
                ..Default::default()
            },
        )?,
        expiring_soon: counts.expiring,
    })
}

pub fn list(conn: &mut DbConn, customer_id: &str, paging: Paging) -> ApiResult<PortalLicenseList> {
    let now = time::now();
    let filter = LicenseFilter {
        customer_id: Some(customer_id.to_string()),
        now,
        ..Default::default()
    };
    let sort = Sort::parse(None, &["created_at"], "-created_at")?;
    let (data, meta) = crate::licenses::service::list(conn, &filter, &sort, paging)?;
    Ok(PortalLicenseList {
        data: data.into_iter().map(|l| present(l, now)).collect(),
        meta,
    })
}

/// One of the caller's licenses; 404 for anyone else's.
pub fn get(conn: &mut DbConn, customer_id: &str, id: &str) -> ApiResult<PortalLicense> {
    let row = crate::licenses::service::get_row(conn, id)?;
    if row.customer_id.as_deref() != Some(customer_id) {
        return Err(ApiError::not_found("License"));
    }
    let now = time::now();
    let license = crate::licenses::service::present(conn, &row, now)?;
    Ok(present(license, now))
}

/// Everything of the customer's for the data export: their licenses, and their own
/// activations (`belonging_to`: made for them, also on licenses sold on since, or holding
/// a slot on theirs), oldest first.
pub fn everything(
    conn: &mut DbConn,
    customer_id: &str,
) -> ApiResult<(Vec<PortalLicense>, Vec<PortalActivation>)> {
    let now = time::now();
    let filter = LicenseFilter {
        customer_id: Some(customer_id.to_string()),
        now,
        ..Default::default()
    };
    let sort = Sort::parse(None, &["created_at"], "created_at")?;
    let licenses = crate::licenses::service::page(conn, &filter, &sort, 0, i64::MAX / 2)?;
    let filter = ActivationFilter {
        belonging_to: Some(customer_id.to_string()),
        ..Default::default()
    };
    let sort = Sort::parse(None, &["activated_at"], "activated_at")?;
    let activations = crate::activations::service::page(conn, &filter, &sort, 0, i64::MAX / 2)?;
    let activations = activations
        .into_iter()
        .map(|a| {
            // A license sold on since is someone else's now: its key is not shown whole.
            let theirs_now = a.customer_id.as_deref() == Some(customer_id);
            let mut a = PortalActivation::from(a);
            if !theirs_now {
                a.license_key = mask_key(&a.license_key);
            }
            a
        })
        .collect();
    Ok((
        licenses.into_iter().map(|l| present(l, now)).collect(),
        activations,
    ))
}

pub fn activations(
    conn: &mut DbConn,
    customer_id: &str,
    query: &PortalActivationQuery,
) -> ApiResult<PortalActivationList> {
    if let Some(license_id) = &query.license_id {
        get(conn, customer_id, license_id)?;
    }
    let filter = ActivationFilter {
        customer_id: Some(customer_id.to_string()),
        license_id: query.license_id.clone(),
        status: query.status,
        owner_view: true,
        ..Default::default()
    };
    let sort = Sort::parse(None, &["activated_at"], "-activated_at")?;
    let (data, meta) = crate::activations::service::list(
        conn,
        &filter,
        &sort,
        Paging::new(query.page, query.per_page),
    )?;
    Ok(PortalActivationList {
        data: data.into_iter().map(PortalActivation::from).collect(),
        meta,
    })
}

/// Frees the slot at once; the trail shows the customer did it.
pub fn deactivate(
    conn: &mut DbConn,
    principal: &CustomerPrincipal,
    id: &str,
    reason: Option<String>,
    ctx: &RequestCtx,
) -> ApiResult<PortalActivation> {
    let reason = reason.unwrap_or_else(|| "deactivated by the customer".into());
    let activation = crate::activations::service::deactivate(
        conn,
        id,
        Some(&principal.customer_id),
        &reason,
        &principal.actor(),
        ctx,
    )?;
    Ok(activation.into())
}

/// The last four characters of a key, for one that is no longer the customer's.
fn mask_key(key: &str) -> String {
    let tail: String = key
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("…{tail}")
}

fn present(l: License, now: NaiveDateTime) -> PortalLicense {
    let (valid, explanation) = explain(&l, now);
    PortalLicense {
        id: l.id,
        key: l.key,
        status: l.status,
        product_id: l.product_id,
        product_name: l.product_name,
        expires_at: l.expires_at,
        max_activations: l.max_activations,
        activations_used: l.activations_used,
        created_at: l.created_at,
        valid,
        explanation,
    }
}

fn day(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%-d %B %Y").to_string()
}

/// Whether the software accepts the license today, and one line in plain language saying
/// why not (and what to do) or until when it works.
pub fn explain(l: &License, now: NaiveDateTime) -> (bool, String) {
    let since = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| format!(" on {}", day(t))).unwrap_or_default()
    };
    match l.status {
        LicenseStatus::Revoked => (
            false,
            format!(
                "This license was revoked{} and can no longer be used. Contact the vendor if you think this is a mistake.",
                since(l.revoked_at)
            ),
        ),
        LicenseStatus::Suspended => (
            false,
            format!(
                "This license was suspended{}, so {} will not accept it until the vendor reinstates it. Contact the vendor's support.",
                since(l.suspended_at),
                l.product_name
            ),
        ),
        LicenseStatus::Expired => (
            false,
            format!(
                "This license expired{}. Renew it with the vendor to keep using {}.",
                since(l.expires_at),
                l.product_name
            ),
        ),
        LicenseStatus::Available => (false, "This license is not assigned to you.".into()),
        LicenseStatus::Assigned | LicenseStatus::Active => {
            let until = match l.expires_at {
                Some(e) => {
                    let days = (e.naive_utc() - now).num_days();
                    if days < EXPIRING_WITHIN_DAYS {
                        format!(
                            "Valid until {} (in {} day{}): renew it soon.",
                            day(e),
                            days,
                            if days == 1 { "" } else { "s" }
                        )
                    } else {
                        format!("Valid until {}.", day(e))
                    }
                }
                None => "Valid with no expiry date.".to_string(),
            };
            let slots = match l.max_activations {
                Some(max) if l.activations_used >= max => format!(
                    " All {max} activation slot{} in use: deactivate a device to use the license on another one.",
                    if max == 1 { " is" } else { "s are" }
                ),
                Some(max) => format!(" {} of {max} activation slots in use.", l.activations_used),
                None => " Unlimited activations.".to_string(),
            };
            (true, until + &slots)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn license(status: LicenseStatus) -> License {
        License {
            id: "l".into(),
            key: "K".into(),
            status,
            product_id: "p".into(),
            product_name: "PhotoForge".into(),
            customer_id: Some("c".into()),
            customer_email: None,
            customer_name: None,
            generator_id: None,
            max_activations: Some(3),
            activations_used: 1,
            expires_at: Some(Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap()),
            validity_days: None,
            assigned_at: None,
            suspended_at: Some(Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()),
            suspend_reason: Some("chargeback under review".into()),
            revoked_at: None,
            revoke_reason: None,
            notes: Some("internal".into()),
            metadata: serde_json::json!({}),
            created_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            updated_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        }
    }

    fn now() -> NaiveDateTime {
        Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0)
            .unwrap()
            .naive_utc()
    }

    #[test]
    fn working_licenses_say_until_when_and_how_many_slots() {
        let (valid, text) = explain(&license(LicenseStatus::Active), now());
        assert!(valid);
        assert_eq!(
            text,
            "Valid until 1 March 2027. 1 of 3 activation slots in use."
        );
        let mut full = license(LicenseStatus::Active);
        full.activations_used = 3;
        full.expires_at = None;
        let (_, text) = explain(&full, now());
        assert_eq!(
            text,
            "Valid with no expiry date. All 3 activation slots are in use: deactivate a device to use the license on another one."
        );
        let mut soon = license(LicenseStatus::Assigned);
        soon.expires_at = Some(Utc.with_ymd_and_hms(2026, 12, 9, 12, 0, 0).unwrap());
        soon.max_activations = None;
        let (_, text) = explain(&soon, now());
        assert_eq!(
            text,
            "Valid until 9 December 2026 (in 10 days): renew it soon. Unlimited activations."
        );
    }

    #[test]
    fn refused_licenses_say_why_without_internal_notes() {
        let (valid, text) = explain(&license(LicenseStatus::Suspended), now());
        assert!(!valid);
        assert!(text.starts_with("This license was suspended on 2 November 2026"));
        assert!(
            !text.contains("chargeback"),
            "the admin's reason stays internal"
        );
        let mut expired = license(LicenseStatus::Expired);
        expired.expires_at = Some(Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).unwrap());
        let (valid, text) = explain(&expired, now());
        assert!(!valid);
        assert_eq!(
            text,
            "This license expired on 2 November 2026. Renew it with the vendor to keep using PhotoForge."
        );
        let (valid, _) = explain(&license(LicenseStatus::Revoked), now());
        assert!(!valid);
    }
}
