//! The customer side of authentication: portal tokens (JWT audience `portal`), strictly
//! separate from admin tokens and API keys.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};

use super::{bearer, jwt};
use crate::audit::Actor;
use crate::error::ApiError;
use crate::http::state::AppState;

/// An authenticated portal caller: a customer, or an admin viewing as that customer.
#[derive(Debug, Clone)]
pub struct CustomerPrincipal {
    pub customer_id: String,
    pub session_id: String,
    /// "View as customer" sessions read everything and change nothing.
    pub read_only: bool,
    /// The session was opened by an admin, not by the customer.
    pub impersonated: bool,
    /// The admin who opened a "View as customer" session.
    pub impersonator_id: Option<String>,
}

impl CustomerPrincipal {
    /// Who the trail names: the customer, or the admin looking through their eyes.
    pub fn actor(&self) -> Actor {
        match &self.impersonator_id {
            Some(admin) => Actor::Admin(admin.clone()),
            None => Actor::Customer(self.customer_id.clone()),
        }
    }
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
