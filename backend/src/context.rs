//! Who is asking: what every service that records or throttles needs to know about the
//! request, without knowing HTTP. The HTTP layer fills it in (`http::extract`); the CLI and
//! background jobs use the default (no address, no request id).

/// Who is asking, for audit events and throttling.
#[derive(Debug, Clone, Default)]
pub struct RequestCtx {
    /// The client's address: the TCP peer, or — when the peer is one of
    /// `LATCHKEY_TRUSTED_PROXIES` — the nearest untrusted address in `X-Forwarded-For`.
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub user_agent: Option<String>,
}
