//! Refresh tokens for browsers live in an `HttpOnly; SameSite=Strict` cookie scoped to the
//! auth endpoints, so script running in the page (an XSS) can never read them; access
//! tokens stay in the page's memory. API clients that ask for it
//! (`"include_refresh_token": true` at sign-in) get the refresh token in the JSON body
//! instead and send it back in the body; they never get the cookie.
//!
//! CSRF: the only endpoint the cookie authenticates is `…/auth/refresh`, and there it counts
//! only on a JSON body (`Content-Type: application/json`) that comes with the header
//! `X-Latchkey-CSRF: 1`. A cross-site form cannot send either, and a cross-site script
//! cannot add the header without a CORS preflight, which this server never grants.

use actix_web::http::header::{HeaderValue, COOKIE, SET_COOKIE};
use actix_web::{HttpRequest, HttpResponse};

use crate::auth::refresh::{CarriesRefreshToken, RefreshGrant};
use crate::db::time;
use crate::error::{ApiError, ApiResult};

/// The header a cookie-authenticated request must carry.
pub const CSRF_HEADER: &str = "x-latchkey-csrf";

/// Where a refresh request's token came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Body,
    Cookie,
}

/// One portal's refresh cookie.
#[derive(Debug, Clone, Copy)]
pub struct RefreshCookie {
    pub name: &'static str,
    pub path: &'static str,
}

pub const ADMIN: RefreshCookie = RefreshCookie {
    name: "latchkey_admin_refresh",
    path: "/api/v1/admin/auth",
};

pub const PORTAL: RefreshCookie = RefreshCookie {
    name: "latchkey_portal_refresh",
    path: "/api/v1/portal/auth",
};

impl RefreshCookie {
    fn header(&self, value: &str, max_age: i64, secure: bool) -> HeaderValue {
        let secure = if secure { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{}={value}; Path={}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}",
            self.name, self.path
        ))
        .expect("cookie values are base64url")
    }

    /// Sets the cookie to `grant`, living as long as its session.
    pub fn set(&self, res: &mut HttpResponse, grant: &RefreshGrant, secure: bool) {
        let max_age = (grant.expires_at - time::now()).num_seconds().max(0);
        res.headers_mut()
            .append(SET_COOKIE, self.header(&grant.token, max_age, secure));
    }

    /// Tells the browser to drop the cookie.
    pub fn clear(&self, res: &mut HttpResponse, secure: bool) {
        res.headers_mut()
            .append(SET_COOKIE, self.header("", 0, secure));
    }

    fn read(&self, req: &HttpRequest) -> Option<String> {
        req.headers()
            .get_all(COOKIE)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.name)
            .map(|(_, value)| value.trim().to_string())
            .filter(|value| !value.is_empty())
    }

    /// The token of a refresh request: the body's when it has one (API clients), else the
    /// cookie's, which counts only with the CSRF header.
    pub fn token(&self, req: &HttpRequest, body: Option<String>) -> ApiResult<(String, Via)> {
        if let Some(token) = body.filter(|t| !t.is_empty()) {
            return Ok((token, Via::Body));
        }
        let Some(token) = self.read(req) else {
            return Err(ApiError::unauthorized(
                "Send `refresh_token` in the body, or the refresh cookie set at sign-in.",
            ));
        };
        let csrf = req
            .headers()
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() == "1");
        if !csrf {
            return Err(ApiError::forbidden(
                "A refresh with the cookie needs the header `X-Latchkey-CSRF: 1`.",
            ));
        }
        Ok((token, Via::Cookie))
    }

    /// The answer to a sign-in or refresh: the refresh token in the body when the client
    /// asked for it, otherwise in the cookie.
    pub fn respond<T: serde::Serialize + CarriesRefreshToken>(
        &self,
        mut answer: T,
        grant: RefreshGrant,
        in_body: bool,
        secure: bool,
    ) -> HttpResponse {
        if in_body {
            answer.set_refresh_token(grant.token);
            return HttpResponse::Ok().json(answer);
        }
        let mut res = HttpResponse::Ok().json(answer);
        self.set(&mut res, &grant, secure);
        res
    }

    /// A refresh endpoint's whole exchange: the token from the body or the cookie,
    /// `exchange` on a pooled connection, and the answer carrying the new token the way the
    /// old one came (a refused cookie is dropped).
    pub async fn exchange<T, F>(
        &self,
        state: &crate::http::state::State,
        req: &HttpRequest,
        body_token: Option<String>,
        exchange: F,
    ) -> ApiResult<HttpResponse>
    where
        T: serde::Serialize + CarriesRefreshToken + Send + 'static,
        F: FnOnce(&mut crate::db::DbConn, &str) -> ApiResult<(T, RefreshGrant)> + Send + 'static,
    {
        let secure = state.config.public_https();
        let (token, via) = self.token(req, body_token)?;
        let refreshed = state.db(move |conn| exchange(conn, &token)).await;
        Ok(match refreshed {
            Ok((answer, grant)) => self.respond(answer, grant, via == Via::Body, secure),
            Err(e) => self.refused(e, via, secure),
        })
    }

    /// A refresh by cookie refused as invalid (401) also drops the cookie, so the browser
    /// stops sending it; any other failure (the database unavailable) leaves it for a retry.
    pub fn refused(&self, error: ApiError, via: Via, secure: bool) -> HttpResponse {
        let mut res = actix_web::ResponseError::error_response(&error);
        if via == Via::Cookie && error.code == crate::error::ErrorCode::Unauthorized {
            self.clear(&mut res, secure);
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn the_cookie_counts_only_with_the_csrf_header() {
        let req = TestRequest::default()
            .insert_header((COOKIE, "theme=dark; latchkey_admin_refresh=abc"))
            .to_http_request();
        let e = ADMIN.token(&req, None).unwrap_err();
        assert_eq!(e.code, crate::error::ErrorCode::Forbidden);
        let req = TestRequest::default()
            .insert_header((COOKIE, "theme=dark; latchkey_admin_refresh=abc"))
            .insert_header((CSRF_HEADER, "1"))
            .to_http_request();
        assert_eq!(
            ADMIN.token(&req, None).unwrap(),
            ("abc".into(), Via::Cookie)
        );
        assert_eq!(
            ADMIN.token(&req, Some("body".into())).unwrap(),
            ("body".into(), Via::Body),
            "the body wins"
        );
        assert!(
            PORTAL.token(&req, None).is_err(),
            "the other portal's cookie"
        );
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_scoped() {
        let mut res = HttpResponse::Ok().finish();
        let grant = RefreshGrant {
            token: "tok".into(),
            expires_at: time::now() + chrono::Duration::days(1),
        };
        ADMIN.set(&mut res, &grant, true);
        let set = res.headers().get(SET_COOKIE).unwrap().to_str().unwrap();
        assert!(set.starts_with("latchkey_admin_refresh=tok; Path=/api/v1/admin/auth; Max-Age=8"));
        assert!(
            set.ends_with("; HttpOnly; SameSite=Strict; Secure"),
            "{set}"
        );
    }
}
