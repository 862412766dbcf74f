//! The typed contents of a licensing answer and of the public-key listings.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What the server decided. Codes added by newer servers arrive as [`Code::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Code {
    /// The license (and the activation, when an identifier was given) is good.
    Valid,
    /// A new activation was recorded.
    Activated,
    /// The identifier was already active on this license; nothing changed.
    AlreadyActive,
    /// The activation was deactivated and its slot freed.
    Deactivated,
    /// The identifier is not active on this license.
    NotActivated,
    /// No such license key.
    NotFound,
    /// The license exists but has not been assigned to a customer yet.
    NotAssigned,
    /// The license's `expires_at` has passed.
    Expired,
    /// The license is suspended (may be reinstated).
    Suspended,
    /// The license is revoked (final).
    Revoked,
    /// The license belongs to another product than the one the client asked about.
    ProductMismatch,
    /// Every activation slot of the license is taken.
    ActivationLimitReached,
    /// A code this version of the SDK does not know.
    Other(String),
}

impl Code {
    /// The wire form, e.g. `"ACTIVATION_LIMIT_REACHED"`.
    pub fn as_str(&self) -> &str {
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
            Code::Other(s) => s,
        }
    }

    fn parse(s: &str) -> Code {
        match s {
            "VALID" => Code::Valid,
            "ACTIVATED" => Code::Activated,
            "ALREADY_ACTIVE" => Code::AlreadyActive,
            "DEACTIVATED" => Code::Deactivated,
            "NOT_ACTIVATED" => Code::NotActivated,
            "NOT_FOUND" => Code::NotFound,
            "NOT_ASSIGNED" => Code::NotAssigned,
            "EXPIRED" => Code::Expired,
            "SUSPENDED" => Code::Suspended,
            "REVOKED" => Code::Revoked,
            "PRODUCT_MISMATCH" => Code::ProductMismatch,
            "ACTIVATION_LIMIT_REACHED" => Code::ActivationLimitReached,
            other => Code::Other(other.to_string()),
        }
    }

    /// Whether the code refuses the license as a whole rather than one activation.
    /// Unknown codes count as such, so that the offline cache fails closed.
    pub(crate) fn concerns_whole_license(&self) -> bool {
        !matches!(
            self,
            Code::Valid
                | Code::Activated
                | Code::AlreadyActive
                | Code::Deactivated
                | Code::NotActivated
                | Code::ActivationLimitReached
        )
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Code::parse(&s))
    }
}

/// The signed result of a licensing call, parsed from the signed payload.
///
/// Fields unknown to this version of the SDK are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LicenseResult {
    /// True exactly when the software may run: `VALID`, `ACTIVATED` or `ALREADY_ACTIVE`.
    pub valid: bool,
    /// What the server decided.
    pub code: Code,
    /// A human-readable explanation, suitable for showing to the user.
    #[serde(default)]
    pub detail: String,
    /// The license, when the key is known.
    #[serde(default)]
    pub license: Option<LicenseInfo>,
    /// The activation the call was about, when there is one.
    #[serde(default)]
    pub activation: Option<ActivationInfo>,
    /// The nonce the request sent, echoed back.
    #[serde(default)]
    pub nonce: Option<String>,
    /// When the server signed the answer.
    pub issued_at: DateTime<Utc>,
    /// For how many seconds after `issued_at` the answer may be relied on.
    pub ttl_s: u64,
}

/// A license as the licensing API shows it. Its `Debug` output masks the key.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LicenseInfo {
    /// The license key.
    pub key: String,
    /// The product it belongs to.
    pub product_id: String,
    /// `available`, `assigned`, `active`, `expired`, `suspended` or `revoked`.
    pub status: String,
    /// `None`: perpetual.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    /// `None`: unlimited.
    #[serde(default)]
    pub max_activations: Option<u64>,
    /// Active activations now.
    #[serde(default)]
    pub activations_used: u64,
}

impl fmt::Debug for LicenseInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LicenseInfo")
            .field("key", &crate::mask_key(&self.key))
            .field("product_id", &self.product_id)
            .field("status", &self.status)
            .field("expires_at", &self.expires_at)
            .field("max_activations", &self.max_activations)
            .field("activations_used", &self.activations_used)
            .finish()
    }
}

/// One (license, identifier) binding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ActivationInfo {
    /// The activation's id on the server.
    pub id: String,
    /// The machine id or domain it binds.
    pub identifier: String,
    /// `device` or `domain`.
    pub kind: String,
    /// The name given at activation.
    #[serde(default)]
    pub name: Option<String>,
    /// The platform given at activation.
    #[serde(default)]
    pub platform: Option<String>,
    /// `active` or `inactive`.
    pub status: String,
    /// When the binding was made.
    pub activated_at: DateTime<Utc>,
    /// The last successful validation from it.
    #[serde(default)]
    pub last_verified_at: Option<DateTime<Utc>>,
}

/// What an identifier names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivationKind {
    /// A machine: the identifier is a hardware or installation id.
    Device,
    /// A website: the identifier is its domain.
    Domain,
}

/// Optional details of an activation, shown to the vendor and the customer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivateOptions {
    /// `device` when not given.
    pub kind: Option<ActivationKind>,
    /// A name the customer recognises, e.g. "Sarah's laptop".
    pub name: Option<String>,
    /// e.g. `std::env::consts::OS`.
    pub platform: Option<String>,
    /// A JSON object kept with the activation for the vendor (at most 4 KB as JSON).
    pub metadata: Option<serde_json::Value>,
}

impl ActivateOptions {
    /// Sets [`ActivateOptions::kind`].
    pub fn kind(mut self, kind: ActivationKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Sets [`ActivateOptions::name`].
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets [`ActivateOptions::platform`].
    pub fn platform(mut self, platform: impl Into<String>) -> Self {
        self.platform = Some(platform.into());
        self
    }

    /// Sets [`ActivateOptions::metadata`].
    pub fn metadata(mut self, metadata: serde_json::Value) -> Self {
        self.metadata = Some(metadata);
        self
    }
}

/// The body of `GET /api/v1/licensing/public-keys` and
/// `GET /api/v1/licensing/products/{id}/public-keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyList {
    /// Oldest first.
    pub keys: Vec<PublishedKey>,
}

/// A verification key as the server publishes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedKey {
    /// The id answers name in `signature.key_id`.
    pub key_id: String,
    /// Always `ed25519` today.
    pub algorithm: String,
    /// The 32-byte public key, standard base64.
    pub public_key: String,
    /// Whether it signs new answers; retired keys stay published for older answers.
    #[serde(default)]
    pub active: bool,
    /// When it stopped signing new answers; `None` while active.
    #[serde(default)]
    pub retired_at: Option<DateTime<Utc>>,
}
