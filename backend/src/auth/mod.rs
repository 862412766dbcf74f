//! Who is calling, and may they? One guard for every admin endpoint: the [`Auth`]
//! extractor, parameterised by the least role the endpoint needs.

pub mod account;
pub mod cookie;
pub mod jwt;
pub mod password;
pub mod portal;
pub mod role;
pub mod throttle;
pub mod totp;

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{web, FromRequest, HttpRequest};

pub use role::Role;

use crate::audit::Actor;
use crate::error::{ApiError, ApiResult};
use crate::http::state::AppState;

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

/// The least role an endpoint needs.
pub trait MinRole {
    const ROLE: Role;
}

pub struct RoleViewer;
pub struct RoleOperator;
pub struct RoleAdmin;
pub struct RoleSuperAdmin;

impl MinRole for RoleViewer {
    const ROLE: Role = Role::Viewer;
}
impl MinRole for RoleOperator {
    const ROLE: Role = Role::Operator;
}
impl MinRole for RoleAdmin {
    const ROLE: Role = Role::Admin;
}
impl MinRole for RoleSuperAdmin {
    const ROLE: Role = Role::SuperAdmin;
}

/// Extracting `Auth<R>` authenticates the bearer (401 when missing, invalid, expired, of
/// the wrong kind, or belonging to an inactive admin) and then requires role `R` (403).
pub struct Auth<R: MinRole> {
    pub principal: Principal,
    _role: PhantomData<R>,
}

impl<R: MinRole> std::ops::Deref for Auth<R> {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.principal
    }
}

pub const API_KEY_PREFIX: &str = "lk_";

pub(crate) fn bearer(req: &HttpRequest) -> ApiResult<String> {
    let header = req.headers().get(AUTHORIZATION).ok_or_else(|| {
        ApiError::unauthorized("Sign in first: send `Authorization: Bearer <token>`.")
    })?;
    let value = header
        .to_str()
        .map_err(|_| ApiError::unauthorized("The Authorization header is not valid text."))?;
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(ApiError::unauthorized(
            "Use `Authorization: Bearer <token>`.",
        ));
    }
    Ok(token.to_string())
}

impl<R: MinRole + 'static> FromRequest for Auth<R> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let token = token?;
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let principal = authenticate(&state, token).await?;
            if principal.role < R::ROLE {
                return Err(ApiError::forbidden(format!(
                    "This action needs the `{}` role; you have `{}`.",
                    R::ROLE.as_str(),
                    principal.role.as_str()
                )));
            }
            Ok(Auth {
                principal,
                _role: PhantomData,
            })
        })
    }
}

async fn authenticate(state: &web::Data<AppState>, token: String) -> ApiResult<Principal> {
    if token.starts_with(API_KEY_PREFIX) {
        return state
            .db(move |conn| crate::api_keys::service::authenticate(conn, &token))
            .await;
    }
    let claims = state
        .jwt
        .verify(jwt::Audience::Admin, &token)
        .ok_or_else(|| ApiError::unauthorized("The token is invalid or has expired."))?;
    state
        .db(move |conn| crate::admins::service::authenticate_session(conn, &claims))
        .await
}
