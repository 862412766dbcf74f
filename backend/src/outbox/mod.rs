//! The mail queue: a mail is queued inside the transaction of the change that causes it, so
//! it is sent only if that change commits. Any feature may queue; `email` renders and
//! delivers (it sits above `customers`, whose sign-in links it mints).

pub mod store;

use serde_json::Value;

use crate::db::DbConn;
use crate::error::ApiResult;

/// The mails Latchkey sends.
// The serde names are `as_str`'s words: the spec takes the list of names from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    Invitation,
    LicenseAssigned,
    PasswordReset,
    MagicLink,
    PasswordChanged,
    TwoFactorEnabled,
}

impl Template {
    pub const ALL: [Template; 6] = [
        Template::Invitation,
        Template::LicenseAssigned,
        Template::PasswordReset,
        Template::MagicLink,
        Template::PasswordChanged,
        Template::TwoFactorEnabled,
    ];

    pub fn parse(s: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Template::Invitation => "invitation",
            Template::LicenseAssigned => "license_assigned",
            Template::PasswordReset => "password_reset",
            Template::MagicLink => "magic_link",
            Template::PasswordChanged => "password_changed",
            Template::TwoFactorEnabled => "two_factor_enabled",
        }
    }
}

/// Queues a mail; it is sent only if the surrounding transaction commits.
pub fn enqueue(
    conn: &mut DbConn,
    template: Template,
    to_email: &str,
    customer_id: Option<&str>,
    payload: Value,
) -> ApiResult<()> {
    store::insert(
        conn,
        template.as_str(),
        to_email,
        customer_id,
        &payload.to_string(),
    )
}
