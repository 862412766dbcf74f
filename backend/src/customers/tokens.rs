//! Single-use links mailed to customers: invitation, password reset and magic link.
//!
//! A token is minted when its mail is rendered for delivery (so no usable token waits in
//! the outbox), stored as its SHA-256 only, and consumed by one atomic update, so two
//! requests racing with the same link cannot both succeed.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::crypto::{random_token, sha256_hex};
use crate::db::{time, DbConn};
use crate::error::ApiResult;
use crate::schema::customer_tokens;

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

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customer_tokens)]
pub struct TokenRow {
    pub id: String,
    pub customer_id: String,
    pub purpose: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

/// Mints a link token for the customer and returns it in plain text (to be put in the mail,
/// never stored). Earlier unused tokens of the same purpose stop working: the newest mail
/// is the one that counts.
pub fn issue(conn: &mut DbConn, customer_id: &str, purpose: Purpose) -> ApiResult<String> {
    let now = time::now();
    diesel::update(
        customer_tokens::table
            .filter(customer_tokens::customer_id.eq(customer_id))
            .filter(customer_tokens::purpose.eq(purpose.as_str()))
            .filter(customer_tokens::used_at.is_null()),
    )
    .set(customer_tokens::used_at.eq(now))
    .execute(conn)?;
    let token = random_token(32);
    diesel::insert_into(customer_tokens::table)
        .values((
            customer_tokens::id.eq(uuid::Uuid::now_v7().to_string()),
            customer_tokens::customer_id.eq(customer_id),
            customer_tokens::purpose.eq(purpose.as_str()),
            customer_tokens::token_hash.eq(sha256_hex(&token)),
            customer_tokens::created_at.eq(now),
            customer_tokens::expires_at.eq(now + purpose.ttl()),
        ))
        .execute(conn)?;
    Ok(token)
}

/// The live (unused, unexpired) token of this purpose, without using it up.
pub fn peek(conn: &mut DbConn, token: &str, purpose: Purpose) -> ApiResult<Option<TokenRow>> {
    Ok(customer_tokens::table
        .filter(customer_tokens::token_hash.eq(sha256_hex(token)))
        .filter(customer_tokens::purpose.eq(purpose.as_str()))
        .filter(customer_tokens::used_at.is_null())
        .filter(customer_tokens::expires_at.gt(time::now()))
        .select(TokenRow::as_select())
        .first(conn)
        .optional()?)
}

/// Uses the token up. `false` when another request used it first.
pub fn consume(conn: &mut DbConn, row: &TokenRow) -> ApiResult<bool> {
    let updated = diesel::update(
        customer_tokens::table
            .filter(customer_tokens::id.eq(&row.id))
            .filter(customer_tokens::used_at.is_null()),
    )
    .set(customer_tokens::used_at.eq(time::now()))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Ends every outstanding link of the customer (after a password reset, say).
pub fn revoke_all(conn: &mut DbConn, customer_id: &str) -> ApiResult<usize> {
    Ok(diesel::update(
        customer_tokens::table
            .filter(customer_tokens::customer_id.eq(customer_id))
            .filter(customer_tokens::used_at.is_null()),
    )
    .set(customer_tokens::used_at.eq(time::now()))
    .execute(conn)?)
}

/// Drops links that were used or expired more than a day ago; housekeeping calls this.
pub fn purge(conn: &mut DbConn) -> ApiResult<usize> {
    let cutoff = time::now() - Duration::days(1);
    Ok(diesel::delete(
        customer_tokens::table.filter(
            customer_tokens::expires_at
                .lt(cutoff)
                .or(customer_tokens::used_at.lt(cutoff)),
        ),
    )
    .execute(conn)?)
}
