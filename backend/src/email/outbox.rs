use diesel::prelude::*;
use serde_json::Value;

use crate::db::{time, DbConn};
use crate::error::ApiResult;
use crate::schema::email_outbox;

/// The mails Latchkey sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    let now = time::now();
    diesel::insert_into(email_outbox::table)
        .values((
            email_outbox::id.eq(uuid::Uuid::now_v7().to_string()),
            email_outbox::template.eq(template.as_str()),
            email_outbox::to_email.eq(to_email),
            email_outbox::customer_id.eq(customer_id),
            email_outbox::payload.eq(payload.to_string()),
            email_outbox::status.eq("pending"),
            email_outbox::attempts.eq(0i64),
            email_outbox::next_attempt_at.eq(now),
            email_outbox::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
