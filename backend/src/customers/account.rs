//! The customers' table behind the shared sign-in and account-security rules
//! ([`crate::auth::account`]).

use chrono::NaiveDateTime;

use super::model::{CustomerRow, SessionRow};
use super::store::{self, CustomerChanges};
use crate::auth::account::{Account, Accounts, Session, TotpChange};
use crate::db::{DbConn, QueryResult};
use crate::error::{ApiError, ErrorCode};

pub struct CustomerAccounts;

pub fn account(row: CustomerRow) -> Account {
    Account {
        id: row.id,
        email: row.email,
        password_hash: row.password_hash,
        totp_secret: row.totp_secret,
        totp_enabled: row.totp_enabled,
        totp_last_step: row.totp_last_step,
        status: row.status,
    }
}

fn session(row: SessionRow) -> Session {
    Session {
        rotated_at: row.refreshed_at,
        id: row.id,
        account_id: row.customer_id,
        expires_at: row.expires_at,
        revoked_at: row.revoked_at,
    }
}

impl Accounts for CustomerAccounts {
    const EMAIL_SCOPE: &'static str = "customer_email";
    const IP_SCOPE: &'static str = "customer_ip";
    const TOTP_SETUP_PATH: &'static str = "/api/v1/portal/me/2fa/setup";

    fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Account>> {
        Ok(store::find(conn, id)?.map(account))
    }

    fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<Account>> {
        Ok(store::find_by_email(conn, email)?.map(account))
    }

    fn claim_totp_step(conn: &mut DbConn, id: &str, step: i64) -> QueryResult<bool> {
        store::claim_totp_step(conn, id, step)
    }

    fn set_totp(
        conn: &mut DbConn,
        id: &str,
        change: &TotpChange,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        let changes = match change {
            TotpChange::Setup(secret) => CustomerChanges {
                totp_secret: Some(Some(secret.clone())),
                ..Default::default()
            },
            TotpChange::Enable { step } => CustomerChanges {
                totp_enabled: Some(true),
                totp_last_step: Some(Some(*step)),
                ..Default::default()
            },
            TotpChange::Disable => CustomerChanges {
                totp_enabled: Some(false),
                totp_secret: Some(None),
                totp_last_step: Some(None),
                ..Default::default()
            },
        };
        store::update(
            conn,
            id,
            &CustomerChanges {
                updated_at: Some(now),
                ..changes
            },
        )
        .map(|_| ())
    }

    fn set_password(
        conn: &mut DbConn,
        id: &str,
        hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        let changes = CustomerChanges {
            password_hash: Some(Some(hash.to_string())),
            updated_at: Some(now),
            ..Default::default()
        };
        store::update(conn, id, &changes).map(|_| ())
    }

    fn revoke_sessions(
        conn: &mut DbConn,
        id: &str,
        keep: Option<&str>,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        store::revoke_sessions(conn, id, keep, now)
    }

    fn session_by_refresh_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<Session>> {
        Ok(store::session_by_refresh_hash(conn, hash)?.map(session))
    }

    fn session_by_previous_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<Session>> {
        Ok(store::session_by_previous_hash(conn, hash)?.map(session))
    }

    fn rotate_refresh(
        conn: &mut DbConn,
        session_id: &str,
        old: &str,
        new: &str,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        store::rotate_refresh(conn, session_id, old, new, now)
    }

    fn rotate_again(
        conn: &mut DbConn,
        session_id: &str,
        previous: &str,
        new: &str,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        store::rotate_again(conn, session_id, previous, new, now)
    }

    fn revoke_session(
        conn: &mut DbConn,
        session_id: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        store::revoke_session(conn, session_id, now)
    }

    fn inactive(account: &Account) -> ApiError {
        ApiError::new(
            ErrorCode::AccountInactive,
            format!(
                "Your account is {}, so you cannot sign in. Contact the vendor's support.",
                account.status
            ),
        )
    }
}
