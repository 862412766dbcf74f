//! Example answers for the OpenAPI document, one per code. They are real envelopes, signed
//! with a published demo key, so a client's verifier can be tried on them.

use chrono::{TimeZone, Utc};
use ed25519_dalek::SigningKey;

use super::model::{Action, ActivationInfo, Code, LicenseInfo, LicensingResult};
use super::signer;
use crate::activations::model::ActivationStatus;
use crate::licenses::status::LicenseStatus;
use crate::signing::model::ActiveKey;

/// The demo key's id; its public half is `demo_public_key()`.
pub const DEMO_KEY_ID: &str = "01936f4e-5555-7cc0-8a55-0d4e3b1f2a10";

fn demo_key() -> ActiveKey {
    ActiveKey {
        key_id: DEMO_KEY_ID.into(),
        key: SigningKey::from_bytes(&[42u8; 32]),
    }
}

/// Standard base64 of the demo key's public half.
pub fn demo_public_key() -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(demo_key().key.verifying_key().to_bytes())
}

/// The codes each action can answer, in the order the examples are listed.
pub fn codes(action: Action) -> &'static [Code] {
    match action {
        Action::Activate => &[
            Code::Activated,
            Code::AlreadyActive,
            Code::ActivationLimitReached,
            Code::NotFound,
            Code::NotAssigned,
            Code::Expired,
            Code::Suspended,
            Code::Revoked,
            Code::ProductMismatch,
        ],
        Action::Validate => &[
            Code::Valid,
            Code::NotActivated,
            Code::NotFound,
            Code::NotAssigned,
            Code::Expired,
            Code::Suspended,
            Code::Revoked,
            Code::ProductMismatch,
        ],
        Action::Deactivate => &[
            Code::Deactivated,
            Code::NotActivated,
            Code::NotFound,
            Code::ProductMismatch,
        ],
    }
}

fn detail(code: Code) -> &'static str {
    match code {
        Code::Valid => "The license is valid until 2027-11-29 10:00 UTC and `HW-5C1F-22AB-9E07` is activated on it.",
        Code::Activated => "`HW-5C1F-22AB-9E07` is activated; the license is valid until 2027-11-29 10:00 UTC (2 of 3 activations in use).",
        Code::AlreadyActive => "`HW-5C1F-22AB-9E07` was already activated on this license; no new slot was taken (2 of 3 activations in use).",
        Code::Deactivated => "`HW-5C1F-22AB-9E07` is deactivated and its slot is free (1 of 3 activations in use).",
        Code::NotActivated => "`HW-5C1F-22AB-9E07` is not activated on this license (2 of 3 activations in use); activate it first.",
        Code::NotFound => "No license has this key. Check it for typing mistakes.",
        Code::NotAssigned => "The license has not been assigned to a customer yet.",
        Code::Expired => "The license expired on 2026-10-01 00:00 UTC.",
        Code::Suspended => "The license has been suspended since 2026-11-20 09:30 UTC; contact the vendor.",
        Code::Revoked => "The license was revoked on 2026-11-21 14:00 UTC.",
        Code::ProductMismatch => "This license key is for another product.",
        Code::ActivationLimitReached => "All 3 activations of this license are in use; deactivate one of its devices to activate `HW-5C1F-22AB-9E07`.",
    }
}

fn example_result(code: Code) -> LicensingResult {
    let at = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
    let (status, used) = match code {
        Code::NotAssigned => (LicenseStatus::Available, 0),
        Code::Expired => (LicenseStatus::Expired, 1),
        Code::Suspended => (LicenseStatus::Suspended, 2),
        Code::Revoked => (LicenseStatus::Revoked, 0),
        Code::Deactivated => (LicenseStatus::Active, 1),
        Code::ActivationLimitReached => (LicenseStatus::Active, 3),
        _ => (LicenseStatus::Active, 2),
    };
    let license = (!matches!(code, Code::NotFound | Code::ProductMismatch)).then(|| LicenseInfo {
        key: "PRO-7K4QX-M2H9T-ZP3WA-C8RVN".into(),
        product_id: "01936f4e-6666-7cc0-8a55-0d4e3b1f2a10".into(),
        status,
        expires_at: Some(if code == Code::Expired {
            at(2026, 10, 1, 0)
        } else {
            at(2027, 11, 29, 10)
        }),
        max_activations: Some(3),
        activations_used: used,
    });
    let activation = matches!(
        code,
        Code::Valid | Code::Activated | Code::AlreadyActive | Code::Deactivated
    )
    .then(|| ActivationInfo {
        id: "01936f4e-aaaa-7cc0-8a55-0d4e3b1f2a10".into(),
        identifier: "HW-5C1F-22AB-9E07".into(),
        kind: "device".into(),
        name: Some("Office iMac".into()),
        platform: Some("macOS 15".into()),
        status: if code == Code::Deactivated {
            ActivationStatus::Inactive
        } else {
            ActivationStatus::Active
        },
        activated_at: at(2026, 10, 2, 9),
        last_verified_at: Some(at(2026, 11, 29, 10)),
    });
    LicensingResult {
        valid: code.valid(),
        code,
        detail: detail(code).into(),
        license,
        activation,
        nonce: Some("k2V9x0c1Qm5yT3pLr8s7Aw".into()),
        issued_at: at(2026, 11, 29, 10),
        ttl_s: 3600,
    }
}

/// A signed example envelope for `code`.
pub fn envelope(code: Code) -> serde_json::Value {
    let text = signer::envelope(&demo_key(), &example_result(code)).expect("examples serialize");
    serde_json::from_str(&text).expect("an envelope is JSON")
}
