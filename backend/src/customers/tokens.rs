//! Single-use links mailed to customers: invitation, password reset and magic link.
//!
//! A token is minted when its mail is rendered for delivery (so no usable token waits in
//! the outbox), stored as its SHA-256 only, and consumed by one atomic update, so two
//! requests racing with the same link cannot both succeed.

use chrono::Duration;

use super::model::TokenRow;
use super::store;
use crate::crypto::{random_token, sha256_hex};
use crate::db::{time, DbConn};
use crate::error::ApiResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Invitation,
    PasswordReset,
    MagicLink,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Invitation => "invitation",
            Purpose::PasswordReset => "password_reset",
            Purpose::MagicLink => "magic_link",
        }
    }

    /// How long a link stays usable after its mail is rendered.
    pub fn ttl(self) -> Duration {
        match self {
            Purpose::Invitation => Duration::days(7),
            Purpose::PasswordReset => Duration::hours(1),
            Purpose::MagicLink => Duration::minutes(15),
        }
    }
}

/// Mints a link token for the customer and returns it in plain text (to be put in the mail,
/// never stored). Earlier unused tokens of the same purpose stop working: the newest mail
/// is the one that counts.
pub fn issue(conn: &mut DbConn, customer_id: &str, purpose: Purpose) -> ApiResult<String> {
    let now = time::now();
    store::use_up_tokens(conn, customer_id, Some(purpose.as_str()), now)?;
    let token = random_token(32);
    store::insert_token(
        conn,
        customer_id,
        purpose.as_str(),
        &sha256_hex(&token),
        now,
        now + purpose.ttl(),
    )?;
    Ok(token)
}

/// The live (unused, unexpired) token of this purpose, without using it up.
pub fn peek(conn: &mut DbConn, token: &str, purpose: Purpose) -> ApiResult<Option<TokenRow>> {
    Ok(store::live_token(
        conn,
        &sha256_hex(token),
        purpose.as_str(),
        time::now(),
    )?)
}

/// Uses the token up. `false` when another request used it first.
pub fn consume(conn: &mut DbConn, row: &TokenRow) -> ApiResult<bool> {
    Ok(store::use_up_token(conn, &row.id, time::now())?)
}

/// Ends every outstanding link of the customer (after a password reset, say).
pub fn revoke_all(conn: &mut DbConn, customer_id: &str) -> ApiResult<usize> {
    Ok(store::use_up_tokens(conn, customer_id, None, time::now())?)
}

/// Drops links that were used or expired more than a day ago; housekeeping calls this.
pub fn purge(conn: &mut DbConn) -> ApiResult<usize> {
    Ok(store::purge_tokens(conn, time::now() - Duration::days(1))?)
}
