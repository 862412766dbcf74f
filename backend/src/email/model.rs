use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::config::smtp::TlsMode;
use crate::paging::PageMeta;

/// Where the SMTP settings in effect come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SettingsSource {
    /// Saved with `PUT /api/v1/admin/settings/email`; they override `LATCHKEY_SMTP_URL`.
    Database,
    /// `LATCHKEY_SMTP_URL`.
    Environment,
    /// No SMTP server: mails are written to `DATA_DIR/outbox/*.eml` and logged.
    None,
}

/// The mail settings in effect. The password is never returned: `password_set` says
/// whether there is one.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "source": "database",
    "host": "smtp.example.com",
    "port": 587,
    "username": "licensing@example.com",
    "password_set": true,
    "tls": "starttls",
    "from_address": "licensing@example.com",
    "from_name": "Acme Licensing",
    "updated_at": "2026-11-29T10:00:00Z"
}))]
pub struct EmailSettings {
    pub source: SettingsSource,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub username: Option<String>,
    pub password_set: bool,
    pub tls: Option<TlsMode>,
    pub from_address: String,
    pub from_name: Option<String>,
    /// When the saved settings last changed (null: never saved).
    pub updated_at: Option<DateTime<Utc>>,
}

/// New SMTP settings. Leave `password` out to keep the saved one; `null` removes it.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "host": "smtp.example.com",
    "port": 587,
    "username": "licensing@example.com",
    "password": "app-password-from-the-provider",
    "tls": "starttls",
    "from_address": "licensing@example.com",
    "from_name": "Acme Licensing"
}))]
pub struct UpdateEmailSettingsRequest {
    /// Host name or IP address of the SMTP server.
    pub host: String,
    /// 1 to 65535.
    pub port: i64,
    pub username: Option<String>,
    /// Write-only.
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<String>)]
    pub password: Option<Option<String>>,
    pub tls: TlsMode,
    /// The sender address of every mail.
    pub from_address: String,
    /// The sender name shown by mail programs.
    pub from_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"to": "me@example.com"}))]
pub struct TestEmailRequest {
    /// Where to send the test message.
    #[schema(format = Email)]
    pub to: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransportKind {
    Smtp,
    File,
}

/// The test message was handed over.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "delivered": true,
    "transport": "smtp",
    "detail": "smtp.example.com:587 accepted the message: 250 2.0.0 Ok: queued as 4F2A1"
}))]
pub struct TestEmailResult {
    pub delivered: bool,
    pub transport: TransportKind,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Pending,
    Sending,
    Sent,
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Sending => "sending",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryStatus> {
        [
            DeliveryStatus::Pending,
            DeliveryStatus::Sending,
            DeliveryStatus::Sent,
            DeliveryStatus::Failed,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }
}

/// One mail in the outbox. Its contents are not shown: they are made at delivery and may
/// hold a sign-in link.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01936f4e-5555-7cc0-8a55-0d4e3b1f2a10",
    "template": "invitation",
    "to": "sarah@company.com",
    "status": "pending",
    "attempts": 2,
    "last_error": "SMTP smtp.example.com:587: transient error (451): 4.3.0 Try again later",
    "next_attempt_at": "2026-11-29T10:04:00Z",
    "created_at": "2026-11-29T10:01:00Z",
    "sent_at": null
}))]
pub struct EmailDelivery {
    pub id: String,
    /// `invitation`, `license_assigned`, `magic_link`, `password_reset`,
    /// `password_changed` or `two_factor_enabled`.
    pub template: String,
    pub to: String,
    pub status: DeliveryStatus,
    /// Delivery attempts so far.
    pub attempts: i64,
    /// Why the last failed attempt failed (kept after a later success).
    pub last_error: Option<String>,
    /// When the next attempt is due (pending mails only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EmailDeliveryList {
    pub data: Vec<EmailDelivery>,
    pub meta: PageMeta,
}
