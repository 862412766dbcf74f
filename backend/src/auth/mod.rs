//! Who is calling: the principals (admin side and customer side), roles, tokens, passwords,
//! second factors and sign-in throttling. The HTTP guards that establish a principal from a
//! request live in `http::guard`.

pub mod account;
pub mod jwt;
pub mod password;
pub mod portal;
pub mod refresh;
pub mod role;
pub mod store;
pub mod throttle;
pub mod totp;

pub use role::Role;

use crate::config::Config;
use crate::crypto::Secrets;
use crate::db::Pool;

use crate::audit::Actor;
use crate::error::{ApiError, ApiResult};

/// An authenticated admin-side caller: a signed-in admin or an API key.
#[derive(Debug, Clone)]
pub struct Principal {
    pub kind: PrincipalKind,
    /// The admin's id or the API key's id.
    pub id: String,
    /// The role the caller acts with now: an admin's own role; for an API key the lower of
    /// its role and its owner's current role.
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalKind {
    Admin {
        session_id: String,
    },
    /// A key acts for the admin who owns it, never with more than that admin holds now.
    ApiKey {
        owner_id: String,
    },
}

impl Principal {
    pub fn actor(&self) -> Actor {
        match self.kind {
            PrincipalKind::Admin { .. } => Actor::Admin(self.id.clone()),
            PrincipalKind::ApiKey { .. } => Actor::ApiKey(self.id.clone()),
        }
    }

    /// The admin behind the caller: the signed-in admin, or the key's owner.
    pub fn admin_id(&self) -> &str {
        match &self.kind {
            PrincipalKind::Admin { .. } => &self.id,
            PrincipalKind::ApiKey { owner_id } => owner_id,
        }
    }

    /// The API key the caller is, if it is one.
    pub fn api_key_id(&self) -> Option<&str> {
        match self.kind {
            PrincipalKind::Admin { .. } => None,
            PrincipalKind::ApiKey { .. } => Some(&self.id),
        }
    }

    /// Refuses API keys (403, saying `why`) for actions that only a signed-in admin may take:
    /// those that would let a key create access that outlives it (keys, admin accounts,
    /// mail routing).
    pub fn signed_in_only(&self, why: &str) -> ApiResult<()> {
        match self.kind {
            PrincipalKind::Admin { .. } => Ok(()),
            PrincipalKind::ApiKey { .. } => Err(ApiError::forbidden(why.to_string())),
        }
    }

    /// The admin behind this principal, for endpoints about "me".
    pub fn admin_session(&self) -> ApiResult<(&str, &str)> {
        match &self.kind {
            PrincipalKind::Admin { session_id } => Ok((&self.id, session_id)),
            PrincipalKind::ApiKey { .. } => Err(ApiError::forbidden(
                "This endpoint is for signed-in admins; API keys have no account of their own.",
            )),
        }
    }
}

pub const API_KEY_PREFIX: &str = "lk_";

/// What the sign-in and account services work with: the pool (they take a connection only
/// around their queries, never while a password is hashed), the settings and the keys.
pub struct Deps<'a> {
    pub pool: &'a Pool,
    pub config: &'a Config,
    pub secrets: &'a Secrets,
    pub jwt: &'a jwt::JwtKeys,
}

impl Deps<'_> {
    /// What the account-security rules (`auth::account`) work with.
    pub fn security(&self) -> account::Security<'_> {
        account::Security {
            pool: self.pool,
            secrets: self.secrets,
            policy: account::Policy::of(self.config),
        }
    }
}
