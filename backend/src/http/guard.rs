//! The guards of every endpoint: extracting [`Auth<R>`] authenticates an admin-side caller
//! (a signed-in admin or an API key) and requires the least role `R`; [`PortalAuth`] and
//! [`PortalWrite`] authenticate a portal caller. Whether a token is good is decided by the
//! services (`api_keys`, `admins`, `customers`); the guards only carry it from the request.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{web, FromRequest, HttpRequest};

use crate::auth::portal::CustomerPrincipal;
use crate::auth::{jwt, Principal, Role, API_KEY_PREFIX};
use crate::error::{ApiError, ApiResult};
use crate::http::state::AppState;

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

fn bearer(req: &HttpRequest) -> ApiResult<String> {
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

/// Extracting `PortalAuth` authenticates a portal bearer token: 401 for a missing,
/// invalid or expired token, an admin token or API key, or an ended session.
pub struct PortalAuth(pub CustomerPrincipal);

impl FromRequest for PortalAuth {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let token = token?;
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let claims = state
                .jwt
                .verify(jwt::Audience::Portal, &token)
                .ok_or_else(|| ApiError::unauthorized("The token is invalid or has expired."))?;
            let principal = state
                .db(move |conn| crate::customers::service::authenticate_session(conn, &claims))
                .await?;
            Ok(PortalAuth(principal))
        })
    }
}

/// [`PortalAuth`] for endpoints that change something: a read-only "View as customer"
/// session gets 403 here, so no write endpoint can forget the check.
pub struct PortalWrite(pub CustomerPrincipal);

impl FromRequest for PortalWrite {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let auth = PortalAuth::from_request(req, payload);
        Box::pin(async move {
            let PortalAuth(principal) = auth.await?;
            if principal.read_only {
                return Err(ApiError::forbidden(
                    "This is a read-only \"View as customer\" session: it can look but not change anything.",
                ));
            }
            Ok(PortalWrite(principal))
        })
    }
}
