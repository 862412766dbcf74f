//! Security headers, set on every response by the request middleware.
//!
//! - Every response: `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, and
//!   HSTS when the public URL is https.
//! - HTML: a Content-Security-Policy that allows scripts only from this origin (no inline
//!   script, no `eval`) and no framing; the SPA needs nothing more. Swagger UI
//!   (`/api/docs/`) gets its own policy, which also allows the inline styles it sets.
//! - API answers: `Cache-Control: no-store` unless the handler chose a caching policy, so
//!   tokens, keys and personal data never sit in a browser or proxy cache.

use actix_web::http::header::{
    HeaderMap, HeaderName, HeaderValue, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};

/// The single-page app's policy.
pub const SPA_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Swagger UI's policy: its own scripts only, plus the inline styles it sets.
pub const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
    connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

const HSTS: &str = "max-age=63072000; includeSubDomains";

fn set(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    headers.insert(name, HeaderValue::from_static(value));
}

/// Adds the headers for a response to `path`.
pub fn apply(headers: &mut HeaderMap, path: &str, https: bool) {
    set(headers, X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, REFERRER_POLICY, "no-referrer");
    if https {
        set(headers, STRICT_TRANSPORT_SECURITY, HSTS);
    }
    let html = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let docs = path.starts_with("/api/docs");
    if html || docs {
        let csp = if docs { DOCS_CSP } else { SPA_CSP };
        set(headers, CONTENT_SECURITY_POLICY, csp);
        set(headers, X_FRAME_OPTIONS, "DENY");
    }
    if path.starts_with("/api/") && !docs && !headers.contains_key(CACHE_CONTROL) {
        set(headers, CACHE_CONTROL, "no-store");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(content_type: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap());
        h
    }

    #[test]
    fn html_gets_the_policy_and_api_answers_are_not_stored() {
        let mut h = headers("text/html; charset=utf-8");
        apply(&mut h, "/admin/customers", false);
        assert_eq!(h.get(CONTENT_SECURITY_POLICY).unwrap(), SPA_CSP);
        assert!(!SPA_CSP.contains("unsafe-inline") && SPA_CSP.contains("frame-ancestors 'none'"));
        assert!(h.get(STRICT_TRANSPORT_SECURITY).is_none());
        assert!(h.get(CACHE_CONTROL).is_none());

        let mut h = headers("application/json");
        apply(&mut h, "/api/v1/admin/me", true);
        assert_eq!(h.get(CACHE_CONTROL).unwrap(), "no-store");
        assert_eq!(h.get(X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
        assert_eq!(h.get(REFERRER_POLICY).unwrap(), "no-referrer");
        assert!(h.get(STRICT_TRANSPORT_SECURITY).is_some());
        assert!(h.get(CONTENT_SECURITY_POLICY).is_none());

        let mut h = headers("text/html");
        apply(&mut h, "/api/docs/", false);
        assert_eq!(h.get(CONTENT_SECURITY_POLICY).unwrap(), DOCS_CSP);
        assert!(
            h.get(CACHE_CONTROL).is_none(),
            "the docs' assets may be cached"
        );
    }
}
