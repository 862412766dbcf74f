use chrono::{DateTime, Utc};
use latchkey_macros::spec_limits;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::activations::model::ActivationStatus;
use crate::licenses::status::LicenseStatus;

/// Why an answer is what it is. Clients switch on this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Code {
    /// The license is valid (and, when an identifier was sent, activated on it).
    Valid,
    /// The identifier took a new slot.
    Activated,
    /// The identifier already held a slot; no new one was taken.
    AlreadyActive,
    /// The identifier's slot was freed.
    Deactivated,
    /// The identifier holds no slot on this license.
    NotActivated,
    /// No license has this key.
    NotFound,
    /// The license is not assigned to a customer yet.
    NotAssigned,
    /// The license's `expires_at` has passed.
    Expired,
    /// The license is suspended.
    Suspended,
    /// The license is revoked.
    Revoked,
    /// The license belongs to another product than the `product_id` sent.
    ProductMismatch,
    /// Every slot is taken; deactivate a device first.
    ActivationLimitReached,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Valid => "VALID",
            Code::Activated => "ACTIVATED",
            Code::AlreadyActive => "ALREADY_ACTIVE",
            Code::Deactivated => "DEACTIVATED",
            Code::NotActivated => "NOT_ACTIVATED",
            Code::NotFound => "NOT_FOUND",
            Code::NotAssigned => "NOT_ASSIGNED",
            Code::Expired => "EXPIRED",
            Code::Suspended => "SUSPENDED",
            Code::Revoked => "REVOKED",
            Code::ProductMismatch => "PRODUCT_MISMATCH",
            Code::ActivationLimitReached => "ACTIVATION_LIMIT_REACHED",
        }
    }

    /// Whether the software may run on this device after this answer.
    pub fn valid(self) -> bool {
        matches!(self, Code::Valid | Code::Activated | Code::AlreadyActive)
    }
}

/// What the licensing API is asked to do; the hourly counts are kept per action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Activate,
    Validate,
    Deactivate,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Activate => "activate",
            Action::Validate => "validate",
            Action::Deactivate => "deactivate",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    /// A machine, identified by a hardware fingerprint.
    #[default]
    Device,
    /// A website, identified by its domain.
    Domain,
}

impl DeviceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceKind::Device => "device",
            DeviceKind::Domain => "domain",
        }
    }
}

#[spec_limits]
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[schema(example = json!({
    "license_key": "PRO-7K4QX-M2H9T-ZP3WA-C8RVN",
    "identifier": "HW-5C1F-22AB-9E07",
    "kind": "device",
    "name": "Office iMac",
    "platform": "macOS 15",
    "product_id": "01936f4e-6666-7cc0-8a55-0d4e3b1f2a10",
    "nonce": "k2V9x0c1Qm5yT3pLr8s7Aw"
}))]
pub struct ActivateRequest {
    #[validate(length(min = 1, max = 256, message = "must be 1 to 256 characters"))]
    pub license_key: String,
    /// A stable id of the device (hardware fingerprint) or the domain.
    #[validate(length(min = 1, max = 255, message = "must be 1 to 255 characters"))]
    pub identifier: String,
    #[serde(default)]
    pub kind: DeviceKind,
    /// A name the customer recognises in their portal ("Office iMac").
    #[validate(length(max = 255, message = "must be at most 255 characters"))]
    pub name: Option<String>,
    #[validate(length(max = 100, message = "must be at most 100 characters"))]
    pub platform: Option<String>,
    /// Free-form JSON object kept with the activation (at most 4 KB).
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<serde_json::Value>,
    /// When sent, a key for another product answers `PRODUCT_MISMATCH`.
    #[validate(length(max = 64, message = "must be at most 64 characters"))]
    pub product_id: Option<String>,
    /// Echoed inside the signed answer, so a recorded answer cannot be replayed.
    #[validate(length(max = 128, message = "must be at most 128 characters"))]
    pub nonce: Option<String>,
}

#[spec_limits]
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[schema(example = json!({
    "license_key": "PRO-7K4QX-M2H9T-ZP3WA-C8RVN",
    "identifier": "HW-5C1F-22AB-9E07",
    "product_id": "01936f4e-6666-7cc0-8a55-0d4e3b1f2a10",
    "nonce": "k2V9x0c1Qm5yT3pLr8s7Aw"
}))]
pub struct ValidateRequest {
    #[validate(length(min = 1, max = 256, message = "must be 1 to 256 characters"))]
    pub license_key: String,
    /// When sent, the answer is `VALID` only if this identifier holds a slot.
    #[validate(length(min = 1, max = 255, message = "must be 1 to 255 characters"))]
    pub identifier: Option<String>,
    #[validate(length(max = 64, message = "must be at most 64 characters"))]
    pub product_id: Option<String>,
    #[validate(length(max = 128, message = "must be at most 128 characters"))]
    pub nonce: Option<String>,
}

#[spec_limits]
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[schema(example = json!({
    "license_key": "PRO-7K4QX-M2H9T-ZP3WA-C8RVN",
    "identifier": "HW-5C1F-22AB-9E07",
    "nonce": "k2V9x0c1Qm5yT3pLr8s7Aw"
}))]
pub struct DeactivateRequest {
    #[validate(length(min = 1, max = 256, message = "must be 1 to 256 characters"))]
    pub license_key: String,
    #[validate(length(min = 1, max = 255, message = "must be 1 to 255 characters"))]
    pub identifier: String,
    #[validate(length(max = 64, message = "must be at most 64 characters"))]
    pub product_id: Option<String>,
    #[validate(length(max = 128, message = "must be at most 128 characters"))]
    pub nonce: Option<String>,
}

/// The license as the vendor's software sees it: no customer data.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LicenseInfo {
    pub key: String,
    pub product_id: String,
    pub status: LicenseStatus,
    /// null = perpetual.
    pub expires_at: Option<DateTime<Utc>>,
    /// null = unlimited.
    pub max_activations: Option<i64>,
    pub activations_used: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ActivationInfo {
    pub id: String,
    pub identifier: String,
    pub kind: String,
    pub name: Option<String>,
    pub platform: Option<String>,
    pub status: ActivationStatus,
    pub activated_at: DateTime<Utc>,
    pub last_verified_at: Option<DateTime<Utc>>,
}

/// The signed part of an answer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LicensingResult {
    /// Whether the software may run on this device: true for `VALID`, `ACTIVATED` and
    /// `ALREADY_ACTIVE`.
    pub valid: bool,
    pub code: Code,
    /// Why, in a sentence for people: which limit, which date.
    pub detail: String,
    pub license: Option<LicenseInfo>,
    pub activation: Option<ActivationInfo>,
    /// The request's `nonce`, echoed.
    pub nonce: Option<String>,
    pub issued_at: DateTime<Utc>,
    /// Seconds this answer may be relied on offline, counted from `issued_at`.
    pub ttl_s: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Signature {
    /// Always `ed25519`.
    pub alg: String,
    /// The signing key; look its public half up by this id (retired keys stay published).
    pub key_id: String,
    /// Standard base64 of the exact bytes that were signed: the JSON of `result`.
    pub payload: String,
    /// Standard base64 of the 64-byte Ed25519 signature over the payload bytes.
    pub value: String,
}

/// Every licensing answer, success or refusal (HTTP 200). Verify `signature.value` over the
/// decoded `signature.payload` and read the result from the payload; `result` is the same
/// JSON, unsigned, for reading by eye.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Envelope {
    pub result: LicensingResult,
    pub signature: Signature,
}

/// Published verification keys, newest last.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicKeySet {
    pub keys: Vec<crate::signing::model::PublicKey>,
}
