//! One implementation of what protects an account, for admins and customers alike:
//! password sign-in with the second factor, the throttle, single-use TOTP steps, turning
//! two-factor on and off, password changes and refresh-token rotation. The two kinds of
//! account differ only in their tables (behind [`Accounts`]), their throttle scopes and
//! their wording.
//!
//! Functions that run bcrypt take connections from the pool only around their queries, so
//! no connection (and no SQLite write lock) is held while a hash is computed.

use chrono::NaiveDateTime;

use super::password;
use super::throttle::{self, Attempt, Key, Limit};
use super::totp;
use crate::config::Config;
use crate::crypto::{random_token, sha256_hex, Secrets};
use crate::db::{time, write_tx, DbConn, Pool, QueryResult};
use crate::error::{ApiError, ApiResult, ErrorCode};

/// What sign-in needs of an account, whichever table holds it.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub email: String,
    /// `None` until a customer sets one (admins always have one).
    pub password_hash: Option<String>,
    /// Encrypted with the server secret.
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub totp_last_step: Option<i64>,
    /// `active`, `inactive` or `suspended`.
    pub status: String,
}

impl Account {
    pub fn is_active(&self) -> bool {
        self.status == "active"
    }
}

/// A sign-in session as refresh-token rotation sees it.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub account_id: String,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    /// When its refresh token was last rotated (none yet: `None`).
    pub rotated_at: Option<NaiveDateTime>,
}

/// What turning two-factor on or off writes.
#[derive(Debug, Clone)]
pub enum TotpChange {
    /// A new (encrypted) secret, not yet confirmed.
    Setup(String),
    /// Confirmed with a code of `step`.
    Enable { step: i64 },
    /// The secret is deleted.
    Disable,
}

/// The tables and words of one kind of account.
pub trait Accounts {
    /// Throttle scopes of the normalised email and of the client address.
    const EMAIL_SCOPE: &'static str;
    const IP_SCOPE: &'static str;
    /// Where two-factor setup starts, for the "set it up first" refusal.
    const TOTP_SETUP_PATH: &'static str;

    fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Account>>;
    fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<Account>>;
    /// Records `step` as the last accepted step unless it (or a later one) already is:
    /// `false` then, and the code counts as used. One conditional update, so two requests
    /// racing with one code cannot both pass.
    fn claim_totp_step(conn: &mut DbConn, id: &str, step: i64) -> QueryResult<bool>;
    fn set_totp(
        conn: &mut DbConn,
        id: &str,
        change: &TotpChange,
        now: NaiveDateTime,
    ) -> QueryResult<()>;
    fn set_password(conn: &mut DbConn, id: &str, hash: &str, now: NaiveDateTime)
        -> QueryResult<()>;
    /// Ends the account's sessions but `keep`; how many were live.
    fn revoke_sessions(
        conn: &mut DbConn,
        id: &str,
        keep: Option<&str>,
        now: NaiveDateTime,
    ) -> QueryResult<usize>;
    fn session_by_refresh_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<Session>>;
    fn session_by_previous_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<Session>>;
    /// Swaps the refresh hash only if `old` is still the current one.
    fn rotate_refresh(
        conn: &mut DbConn,
        session_id: &str,
        old: &str,
        new: &str,
        now: NaiveDateTime,
    ) -> QueryResult<bool>;
    /// Sets a new current hash for the holder of the previous one, only while `previous`
    /// is still the previous hash.
    fn rotate_again(
        conn: &mut DbConn,
        session_id: &str,
        previous: &str,
        new: &str,
        now: NaiveDateTime,
    ) -> QueryResult<bool>;
    fn revoke_session(
        conn: &mut DbConn,
        session_id: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize>;
    /// The refusal for a right password on an account that may not sign in.
    fn inactive(account: &Account) -> ApiError;
}

/// The settings these rules read.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub limit: Limit,
    pub bcrypt_cost: u32,
    pub min_length: usize,
    pub min_classes: usize,
}

impl Policy {
    pub fn of(config: &Config) -> Self {
        Policy {
            limit: Limit {
                max_failures: config.login_max_failures,
                window_secs: config.login_window_secs,
            },
            bcrypt_cost: config.bcrypt_cost,
            min_length: config.password_min_length,
            min_classes: config.password_min_classes,
        }
    }
}

/// What the functions below work with: connections, the secret that decrypts TOTP
/// secrets, and the policy.
pub struct Security<'a> {
    pub pool: &'a Pool,
    pub secrets: &'a Secrets,
    pub policy: Policy,
}

/// Why a sign-in was refused, for the caller's audit event and answer.
#[derive(Debug)]
pub struct Refused {
    pub error: ApiError,
    /// The account the email named, when there is one.
    pub account: Option<Account>,
    /// `unknown_email`, `no_password_set`, `wrong_password`, `wrong_totp`, `inactive`,
    /// `totp_required`.
    pub reason: &'static str,
}

impl Refused {
    /// Whether the refusal is a failed guess worth an audit event (not "send your code").
    pub fn is_failure(&self) -> bool {
        self.reason != "totp_required"
    }
}

fn invalid_credentials() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidCredentials,
        "The email or password is incorrect.",
    )
}

fn invalid_totp() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidTotp,
        "The two-factor code is wrong or was already used.",
    )
}

fn totp_required() -> ApiError {
    ApiError::new(
        ErrorCode::TotpRequired,
        "Two-factor authentication is on: send `totp_code` from your authenticator app.",
    )
}

/// The keys a sign-in by `email` from `ip` counts against.
pub fn sign_in_keys<A: Accounts>(email: &str, ip: Option<&str>) -> Vec<Key> {
    let mut keys = vec![Key::new(A::EMAIL_SCOPE, email)];
    if let Some(ip) = ip {
        keys.push(Key::new(A::IP_SCOPE, ip));
    }
    keys
}

/// The field error for a new password, or `Ok` (cheap: run it before any bcrypt).
pub fn check_new_password(policy: &Policy, field: &str, password: &str) -> ApiResult<()> {
    match password::check_rules(password, policy.min_length, policy.min_classes) {
        Some(message) => Err(ApiError::field(field, message)),
        None => Ok(()),
    }
}

pub fn hash_password(policy: &Policy, password: &str) -> ApiResult<String> {
    password::hash(password, policy.bcrypt_cost).map_err(ApiError::internal)
}

/// The time step of a right, unused code.
fn verify_totp(secrets: &Secrets, account: &Account, code: &str) -> Option<i64> {
    let secret = secrets.decrypt(account.totp_secret.as_deref()?).ok()?;
    totp::verify(
        &secret,
        &account.email,
        code,
        account.totp_last_step,
        chrono::Utc::now().timestamp() as u64,
    )
}

/// Checks email and password (and the code when two-factor is on). Every attempt is
/// counted before the password is checked; a right one stops counting and clears the
/// email's earlier failures. `Err` is a 429 or a database failure; `Ok(Err)` a refusal to
/// record and answer.
pub fn sign_in<A: Accounts>(
    sec: &Security,
    email: &str,
    password: &str,
    totp_code: Option<&str>,
    ip: Option<&str>,
) -> ApiResult<Result<Account, Refused>> {
    let keys = sign_in_keys::<A>(email, ip);
    let (attempt, account) = {
        let mut conn = sec.pool.get()?;
        let attempt = throttle::reserve(&mut conn, &keys, sec.policy.limit)?;
        (attempt, A::find_by_email(&mut conn, email)?)
    };
    let hash = account.as_ref().and_then(|a| a.password_hash.as_deref());
    let password_ok = match hash {
        Some(hash) => password::verify(password, hash),
        None => {
            password::verify_dummy(password, sec.policy.bcrypt_cost);
            false
        }
    };
    let Some(account) = account.clone().filter(|_| password_ok) else {
        attempt.failed();
        let reason = match &account {
            None => "unknown_email",
            Some(a) if a.password_hash.is_none() => "no_password_set",
            Some(_) => "wrong_password",
        };
        return Ok(Err(Refused {
            error: invalid_credentials(),
            account,
            reason,
        }));
    };
    let mut conn = sec.pool.get()?;
    if !account.is_active() {
        // The password was right: not a guess to count.
        attempt.succeeded(&mut conn)?;
        return Ok(Err(Refused {
            error: A::inactive(&account),
            account: Some(account),
            reason: "inactive",
        }));
    }
    match second_factor_checked::<A>(&mut conn, sec.secrets, &account, totp_code)? {
        Ok(()) => {
            attempt.succeeded(&mut conn)?;
            throttle::clear(&mut conn, &keys[0])?;
            Ok(Ok(account))
        }
        Err((error, reason)) => {
            if reason == "totp_required" {
                attempt.succeeded(&mut conn)?;
            } else {
                attempt.failed();
            }
            Ok(Err(Refused {
                error,
                account: Some(account),
                reason,
            }))
        }
    }
}

/// The second factor on its own (a magic link is the first): `Ok(Ok)` when two-factor is
/// off or the code is right and unused. A code is counted against the throttle before it
/// is checked, like a password.
pub fn second_factor<A: Accounts>(
    sec: &Security,
    account: &Account,
    code: Option<&str>,
    ip: Option<&str>,
) -> ApiResult<Result<(), Refused>> {
    if !account.totp_enabled {
        return Ok(Ok(()));
    }
    if code.map(str::trim).is_none_or(str::is_empty) {
        return Ok(Err(Refused {
            error: totp_required(),
            account: Some(account.clone()),
            reason: "totp_required",
        }));
    }
    let keys = sign_in_keys::<A>(&account.email, ip);
    let mut conn = sec.pool.get()?;
    let attempt = throttle::reserve(&mut conn, &keys, sec.policy.limit)?;
    match second_factor_checked::<A>(&mut conn, sec.secrets, account, code)? {
        Ok(()) => {
            attempt.succeeded(&mut conn)?;
            Ok(Ok(()))
        }
        Err((error, reason)) => {
            attempt.failed();
            Ok(Err(Refused {
                error,
                account: Some(account.clone()),
                reason,
            }))
        }
    }
}

/// Verifies and uses up the code's step, once the attempt is counted.
fn second_factor_checked<A: Accounts>(
    conn: &mut DbConn,
    secrets: &Secrets,
    account: &Account,
    code: Option<&str>,
) -> ApiResult<Result<(), (ApiError, &'static str)>> {
    if !account.totp_enabled {
        return Ok(Ok(()));
    }
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(Err((totp_required(), "totp_required")));
    };
    match verify_totp(secrets, account, code) {
        Some(step) if A::claim_totp_step(conn, &account.id, step)? => Ok(Ok(())),
        _ => Ok(Err((invalid_totp(), "wrong_totp"))),
    }
}

/// Re-checks the current password before a sensitive change, throttled like a sign-in
/// (by the account's email): 422 on `field` when it is wrong.
pub fn check_current_password<A: Accounts>(
    sec: &Security,
    account: &Account,
    field: &str,
    password: &str,
) -> ApiResult<()> {
    let keys = [Key::new(A::EMAIL_SCOPE, account.email.clone())];
    let attempt = throttle::reserve(&mut *sec.pool.get()?, &keys, sec.policy.limit)?;
    let ok = account
        .password_hash
        .as_deref()
        .is_some_and(|hash| password::verify(password, hash));
    if !ok {
        attempt.failed();
        return Err(ApiError::field(field, "is incorrect"));
    }
    attempt.succeeded(&mut *sec.pool.get()?)
}

/// Changes a password after checking the current one: the new hash is stored and every
/// other session ends, then `after` (the caller's audit event and alert) runs in the same
/// transaction with the number of sessions ended.
pub fn change_password<A: Accounts>(
    sec: &Security,
    account: &Account,
    keep_session: Option<&str>,
    current: &str,
    new: &str,
    after: impl FnOnce(&mut DbConn, usize) -> ApiResult<()>,
) -> ApiResult<()> {
    check_new_password(&sec.policy, "new_password", new)?;
    check_current_password::<A>(sec, account, "current_password", current)?;
    let hash = hash_password(&sec.policy, new)?;
    write_tx(&mut *sec.pool.get()?, |c| {
        let now = time::now();
        A::set_password(c, &account.id, &hash, now)?;
        let ended = A::revoke_sessions(c, &account.id, keep_session, now)?;
        after(c, ended)
    })
}

/// Stores a new, unconfirmed TOTP secret (refused while two-factor is on) and returns the
/// `otpauth://` URL and the base32 secret. `after` records it, in the same transaction.
pub fn totp_setup<A: Accounts>(
    conn: &mut DbConn,
    secrets: &Secrets,
    account_id: &str,
    after: impl FnOnce(&mut DbConn) -> ApiResult<()>,
) -> ApiResult<(String, String)> {
    write_tx(conn, |c| {
        let account = A::find(c, account_id)?.ok_or_else(|| ApiError::not_found("Account"))?;
        if account.totp_enabled {
            return Err(ApiError::conflict(
                "Two-factor authentication is already on; turn it off first to set up a new device.",
            ));
        }
        let secret = totp::generate_secret();
        A::set_totp(
            c,
            &account.id,
            &TotpChange::Setup(secrets.encrypt(&secret)),
            time::now(),
        )?;
        after(c)?;
        Ok(totp::provisioning(&secret, &account.email))
    })
}

/// Turns two-factor on (confirming a code of the device just set up) or off (a current
/// code). A code is counted against the throttle before it is checked, and its step is
/// used up, so a code seen over someone's shoulder cannot be used again. `after` records
/// the change in the same transaction.
pub fn totp_toggle<A: Accounts>(
    sec: &Security,
    account_id: &str,
    code: &str,
    enable: bool,
    after: impl FnOnce(&mut DbConn) -> ApiResult<()>,
) -> ApiResult<()> {
    let account = A::find(&mut *sec.pool.get()?, account_id)?
        .ok_or_else(|| ApiError::not_found("Account"))?;
    if account.totp_enabled == enable {
        let state_word = if enable { "already on" } else { "not on" };
        return Err(ApiError::new(
            ErrorCode::InvalidTransition,
            format!("Two-factor authentication is {state_word}."),
        ));
    }
    if account.totp_secret.is_none() {
        return Err(ApiError::new(
            ErrorCode::InvalidTransition,
            format!("Start with `POST {}`.", A::TOTP_SETUP_PATH),
        ));
    }
    let wrong = || ApiError::field("code", "is wrong or was already used");
    let keys = [Key::new(A::EMAIL_SCOPE, account.email.clone())];
    let attempt: Attempt = throttle::reserve(&mut *sec.pool.get()?, &keys, sec.policy.limit)?;
    let Some(step) = verify_totp(sec.secrets, &account, code) else {
        attempt.failed();
        return Err(wrong());
    };
    write_tx(&mut *sec.pool.get()?, |c| -> ApiResult<ApiResult<()>> {
        // The claim takes the row (PostgreSQL's row lock; SQLite's write lock is held
        // already), so the state read next is the latest: a setup that raced this request
        // (a second tab) must not have 2FA turned on with a secret nobody confirmed.
        if !A::claim_totp_step(c, &account.id, step)? {
            return Ok(Err(wrong()));
        }
        let now = A::find(c, &account.id)?.ok_or_else(|| ApiError::not_found("Account"))?;
        if now.totp_secret != account.totp_secret || now.totp_enabled == enable {
            return Ok(Err(ApiError::conflict(
                "Two-factor settings changed meanwhile (another tab?); reload and try again.",
            )));
        }
        let change = if enable {
            TotpChange::Enable { step }
        } else {
            TotpChange::Disable
        };
        A::set_totp(c, &account.id, &change, time::now())?;
        after(c)?;
        attempt.succeeded(c)?;
        Ok(Ok(()))
    })?
}

/// A new refresh token: (the token, its stored hash).
pub fn new_refresh_token() -> (String, String) {
    let token = random_token(32);
    let hash = sha256_hex(&token);
    (token, hash)
}

/// How long after a rotation the token it replaced still gets a new one instead of ending
/// the session: the answer to a refresh can be lost (the page reloaded or the connection
/// dropped after the server rotated), and then the client holds only the old token.
pub const REFRESH_GRACE: chrono::Duration = chrono::Duration::seconds(10);

/// Trades a refresh token for a new one inside the caller's write transaction. `None`
/// when it is unknown, used, expired or revoked. The token just replaced, presented within
/// [`REFRESH_GRACE`] of its rotation, is traded once more (the new token it was given
/// stops working); presented later it means it was copied: its session is revoked and
/// `on_reuse` records that.
pub fn rotate_refresh<A: Accounts>(
    conn: &mut DbConn,
    token: &str,
    on_reuse: impl FnOnce(&mut DbConn, &Session) -> ApiResult<()>,
) -> ApiResult<Option<(Session, String)>> {
    let hash = sha256_hex(token);
    let now = time::now();
    let live = |s: &Session| s.revoked_at.is_none() && s.expires_at > now;
    let Some(session) = A::session_by_refresh_hash(conn, &hash)? else {
        let Some(previous) = A::session_by_previous_hash(conn, &hash)? else {
            return Ok(None);
        };
        let lost_answer = previous
            .rotated_at
            .is_some_and(|at| now - at <= REFRESH_GRACE);
        if lost_answer && live(&previous) {
            let (new_token, new_hash) = new_refresh_token();
            if A::rotate_again(conn, &previous.id, &hash, &new_hash, now)? {
                return Ok(Some((previous, new_token)));
            }
            return Ok(None);
        }
        if A::revoke_session(conn, &previous.id, now)? > 0 {
            on_reuse(conn, &previous)?;
        }
        return Ok(None);
    };
    if !live(&session) {
        return Ok(None);
    }
    let (new_token, new_hash) = new_refresh_token();
    if !A::rotate_refresh(conn, &session.id, &hash, &new_hash, now)? {
        return Ok(None);
    }
    Ok(Some((session, new_token)))
}
