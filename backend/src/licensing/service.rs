//! The licensing rules: which code an answer carries and why. Slots are taken and freed
//! under the license's row lock, so limits hold under any concurrency, in one process or
//! many; validation only reads.

use chrono::NaiveDateTime;

use super::model::{
    ActivateRequest, ActivationInfo, Code, DeactivateRequest, LicenseInfo, ValidateRequest,
};
use super::signer::KeyOwner;
use super::store::Found;
use crate::activations::model::{ActivationRow, ActivationStatus};
use crate::activations::service::{self as activations, NewDevice};
use crate::audit::Actor;
use crate::context::RequestCtx;
use crate::db::{time, write_tx, DbConn};
use crate::error::ApiResult;
use crate::licenses::model::LicenseRow;
use crate::licenses::service as licenses;
use crate::licenses::status::LicenseStatus;

/// `last_verified_at` is kept to the minute: a device validating again within a minute of
/// its recorded verification (a program started twice, a burst of checks) writes nothing.
pub const VERIFIED_PRECISION: chrono::Duration = chrono::Duration::seconds(60);

/// An answer before it is signed.
#[derive(Debug)]
pub struct Answer {
    pub code: Code,
    pub detail: String,
    pub license: Option<LicenseInfo>,
    pub activation: Option<ActivationInfo>,
    pub signer: KeyOwner,
    /// The product the answer is counted for; "" when the key matched no license.
    pub product_id: String,
    /// The active binding this validation verified, for `last_verified_at`.
    pub verified: Option<String>,
}

fn day(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn license_info(row: &LicenseRow, now: NaiveDateTime) -> LicenseInfo {
    LicenseInfo {
        key: row.license_key.clone(),
        product_id: row.product_id.clone(),
        status: LicenseStatus::of(row, now),
        expires_at: row.expires_at.map(time::to_utc),
        max_activations: row.max_activations,
        activations_used: row.activations_used,
    }
}

fn activation_info(row: &ActivationRow) -> ActivationInfo {
    ActivationInfo {
        id: row.id.clone(),
        identifier: row.identifier.clone(),
        kind: row.kind.clone(),
        name: row.name.clone(),
        platform: row.platform.clone(),
        status: if row.status == "active" {
            ActivationStatus::Active
        } else {
            ActivationStatus::Inactive
        },
        activated_at: time::to_utc(row.activated_at),
        last_verified_at: row.last_verified_at.map(time::to_utc),
    }
}

fn about(
    license: &LicenseRow,
    code: Code,
    detail: String,
    activation: Option<&ActivationRow>,
    now: NaiveDateTime,
) -> Answer {
    Answer {
        code,
        detail,
        license: Some(license_info(license, now)),
        activation: activation.map(activation_info),
        signer: KeyOwner::Product(license.product_id.clone()),
        product_id: license.product_id.clone(),
        verified: None,
    }
}

fn not_found() -> Answer {
    Answer {
        code: Code::NotFound,
        detail: "No license has this key. Check it for typing mistakes.".into(),
        license: None,
        activation: None,
        signer: KeyOwner::Server,
        product_id: String::new(),
        verified: None,
    }
}

/// The answer for a key that is unknown, or belongs to another product than the one the
/// software says it is. Both are signed with the server key: the asking software pins its
/// own product's key and the server's, never another product's.
fn unknown(license: Option<&LicenseRow>, product_id: Option<&str>) -> Option<Answer> {
    let Some(license) = license else {
        return Some(not_found());
    };
    match product_id {
        Some(p) if p != license.product_id => Some(Answer {
            code: Code::ProductMismatch,
            detail: "This license key is for another product.".into(),
            license: None,
            activation: None,
            signer: KeyOwner::Server,
            product_id: license.product_id.clone(),
            verified: None,
        }),
        _ => None,
    }
}

/// The refusal the license's own state gives, in the order of its derived status.
fn refusal(license: &LicenseRow, now: NaiveDateTime) -> Option<Answer> {
    let (code, detail) = if let Some(at) = license.revoked_at {
        (
            Code::Revoked,
            format!("The license was revoked on {}.", day(at)),
        )
    } else if let Some(at) = license.suspended_at {
        (
            Code::Suspended,
            format!(
                "The license has been suspended since {}; contact the vendor.",
                day(at)
            ),
        )
    } else if let Some(at) = license.expires_at.filter(|e| *e <= now) {
        (
            Code::Expired,
            format!("The license expired on {}.", day(at)),
        )
    } else if license.customer_id.is_none() {
        (
            Code::NotAssigned,
            "The license has not been assigned to a customer yet.".into(),
        )
    } else {
        return None;
    };
    Some(about(license, code, detail, None, now))
}

fn validity(license: &LicenseRow) -> String {
    match license.expires_at {
        Some(at) => format!("valid until {}", day(at)),
        None => "perpetual".into(),
    }
}

fn slots(license: &LicenseRow) -> String {
    match license.max_activations {
        Some(max) => format!("{} of {max} activations in use", license.activations_used),
        None => format!("{} activations in use, no limit", license.activations_used),
    }
}

/// `ip` is the caller's address: a device seen from a new address is recorded even within
/// the minute `last_verified_at` is kept to, so "last seen from" is never stale.
/// `found` is what [`super::lookup`] read for the request's key and identifier.
pub fn validate(
    found: Found,
    req: &ValidateRequest,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> Answer {
    let identifier = req.identifier.as_deref();
    let license = found.as_ref().map(|(l, _)| l);
    if let Some(answer) = unknown(license, req.product_id.as_deref()) {
        return answer;
    }
    let (license, activation) = found.expect("unknown() answers for a missing license");
    if let Some(answer) = refusal(&license, now) {
        return answer;
    }
    match (identifier, activation) {
        (None, _) => about(
            &license,
            Code::Valid,
            format!(
                "The license is {} ({}).",
                validity(&license),
                slots(&license)
            ),
            None,
            now,
        ),
        (Some(identifier), None) => about(
            &license,
            Code::NotActivated,
            format!(
                "`{identifier}` is not activated on this license ({}); activate it first.",
                slots(&license)
            ),
            None,
            now,
        ),
        (Some(identifier), Some(mut activation)) => {
            // This validation is the verification; the usage recorder writes it, unless the
            // recorded one is less than a minute old (the precision kept) and from the same
            // address: writes are coalesced, a changed value is never dropped.
            let stale = activation
                .last_verified_at
                .is_none_or(|at| now - at >= VERIFIED_PRECISION)
                || (ip.is_some() && activation.ip_address.as_deref() != ip);
            activation.last_verified_at = Some(now);
            Answer {
                verified: stale.then(|| activation.id.clone()),
                ..about(
                    &license,
                    Code::Valid,
                    format!(
                        "The license is {} and `{identifier}` is activated on it.",
                        validity(&license)
                    ),
                    Some(&activation),
                    now,
                )
            }
        }
    }
}

/// The device fields of an activation request, checked and trimmed by the route.
pub struct Device<'a> {
    pub request: &'a ActivateRequest,
    /// The request's metadata as JSON object text.
    pub metadata: String,
}

pub fn activate(
    conn: &mut DbConn,
    device: &Device,
    ctx: &RequestCtx,
    now: NaiveDateTime,
) -> ApiResult<Answer> {
    let req = device.request;
    write_tx(conn, |c| {
        let license = licenses::lock_by_key(c, &req.license_key)?;
        if let Some(answer) = unknown(license.as_ref(), req.product_id.as_deref()) {
            return Ok(answer);
        }
        let license = license.expect("unknown() answers for a missing license");
        if let Some(answer) = refusal(&license, now) {
            return Ok(answer);
        }
        if let Some(existing) = activations::find_active(c, &license.id, &req.identifier)? {
            let row = activations::touch(c, &existing, ctx.ip.as_deref(), now)?;
            return Ok(about(
                &license,
                Code::AlreadyActive,
                format!(
                    "`{}` was already activated on this license; no new slot was taken ({}).",
                    req.identifier,
                    slots(&license)
                ),
                Some(&row),
                now,
            ));
        }
        if let Some(max) = license.max_activations {
            if license.activations_used >= max {
                return Ok(about(
                    &license,
                    Code::ActivationLimitReached,
                    format!(
                        "All {max} activations of this license are in use; deactivate one of \
                         its devices to activate `{}`.",
                        req.identifier
                    ),
                    None,
                    now,
                ));
            }
        }
        let row = activations::take_slot(
            c,
            &license,
            &NewDevice {
                identifier: &req.identifier,
                kind: req.kind.as_str(),
                name: req.name.as_deref(),
                platform: req.platform.as_deref(),
                metadata: &device.metadata,
                ip: ctx.ip.as_deref(),
            },
            &Actor::LicenseKey(license.id.clone()),
            ctx,
            now,
        )?;
        let license = LicenseRow {
            activations_used: license.activations_used + 1,
            ..license
        };
        Ok(about(
            &license,
            Code::Activated,
            format!(
                "`{}` is activated; the license is {} ({}).",
                req.identifier,
                validity(&license),
                slots(&license)
            ),
            Some(&row),
            now,
        ))
    })
}

/// Frees the identifier's slot whatever the license's state: a suspended or expired
/// license may still give its slots back.
pub fn deactivate(
    conn: &mut DbConn,
    req: &DeactivateRequest,
    ctx: &RequestCtx,
    now: NaiveDateTime,
) -> ApiResult<Answer> {
    write_tx(conn, |c| {
        let license = licenses::lock_by_key(c, &req.license_key)?;
        if let Some(answer) = unknown(license.as_ref(), req.product_id.as_deref()) {
            return Ok(answer);
        }
        let license = license.expect("unknown() answers for a missing license");
        let Some(existing) = activations::find_active(c, &license.id, &req.identifier)? else {
            return Ok(about(
                &license,
                Code::NotActivated,
                format!(
                    "`{}` is not activated on this license; there is no slot to free.",
                    req.identifier
                ),
                None,
                now,
            ));
        };
        let row = activations::free_slot(
            c,
            &license,
            &existing,
            "deactivated by the licensed software",
            &Actor::LicenseKey(license.id.clone()),
            ctx,
            now,
        )?;
        let license = LicenseRow {
            activations_used: license.activations_used - 1,
            ..license
        };
        Ok(about(
            &license,
            Code::Deactivated,
            format!(
                "`{}` is deactivated and its slot is free ({}).",
                req.identifier,
                slots(&license)
            ),
            Some(&row),
            now,
        ))
    })
}
