//! The HTTP client: requests with fresh nonces, verification of every answer, and the
//! offline fallback for `validate`.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::cache::Cache;
use crate::error::{mask_key, CacheFallback};
use crate::model::{ActivateOptions, ActivationKind, Code, LicenseResult};
use crate::verify::{PublicKeys, Verifier, DEFAULT_SKEW};
use crate::Error;

/// How long a cached answer stays usable after its `ttl_s` ran out, by default: 7 days.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(7 * 86_400);
/// The default time limit of one request: 10 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

const MAX_LICENSE_KEY: usize = 256;
const MAX_IDENTIFIER: usize = 255;
/// Envelopes are a few hundred bytes; anything this large is not one.
const MAX_BODY: usize = 1 << 20;

type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Where an [`Answer`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A fresh answer to this request.
    Server,
    /// The offline cache, because the server could not be reached.
    Cache,
}

/// A verified licensing answer. Refusals (`result.valid == false`) are answers too.
///
/// Its `Debug` output masks the license key (see [`crate::mask_key`]).
#[derive(Clone)]
#[non_exhaustive]
pub struct Answer {
    /// Parsed from the signed payload, never from the unsigned copy beside it.
    pub result: LicenseResult,
    /// The pinned key that signed it.
    pub key_id: String,
    /// A fresh answer, or the offline cache's.
    pub source: Source,
    /// The signed envelope as JSON text, for keeping; [`crate::Verifier`] checks it again.
    /// It holds the license key in full: do not log it.
    pub envelope: String,
    /// Why the offline cache could not be updated with this (fresh) answer, if it could
    /// not: the answer is authentic and stands all the same. After a refusal that could not
    /// be written, this client no longer falls back to the cache for that license key (or
    /// identifier) for the rest of the process.
    pub cache_error: Option<String>,
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Answer")
            .field("result", &self.result)
            .field("key_id", &self.key_id)
            .field("source", &self.source)
            .field(
                "envelope",
                &format_args!("<{} bytes, not shown>", self.envelope.len()),
            )
            .field("cache_error", &self.cache_error)
            .finish()
    }
}

impl Answer {
    /// Whether the software may run.
    pub fn is_valid(&self) -> bool {
        self.result.valid
    }

    /// What the server decided.
    pub fn code(&self) -> &Code {
        &self.result.code
    }
}

/// A Latchkey licensing client. Cheap to clone; clones share the connection pool and the
/// offline cache.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    product_id: Option<String>,
    verifier: Verifier,
    cache: Option<Cache>,
    grace: Duration,
    clock: Clock,
    /// (license key, identifier or `None` for the whole license) whose refusal could not
    /// be written to the cache: their cached answers are not used for the rest of the process.
    no_fallback: Mutex<HashSet<(String, Option<String>)>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("product_id", &self.inner.product_id)
            .field("cache", &self.inner.cache)
            .field("grace", &self.inner.grace)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]; see [`Client::builder`].
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    keys: PublicKeys,
    key_error: Option<Error>,
    product_id: Option<String>,
    cache_file: Option<PathBuf>,
    grace: Duration,
    skew: Duration,
    timeout: Duration,
    clock: Clock,
}

impl ClientBuilder {
    /// Pins a verification key: `public_key` is the standard base64 of the 32-byte Ed25519
    /// key published under `key_id`. Call once per key: the product's current and retired
    /// keys, and the server-wide key that signs `NOT_FOUND` and `PRODUCT_MISMATCH` answers.
    pub fn pin_key(mut self, key_id: impl Into<String>, public_key: &str) -> Self {
        if let Err(e) = self.keys.insert(key_id, public_key) {
            self.key_error.get_or_insert(e);
        }
        self
    }

    /// Pins every key of a saved `public-keys` listing (its JSON body), e.g. one fetched at
    /// build time and embedded with `include_bytes!`.
    pub fn pin_key_list(mut self, json: impl AsRef<[u8]>) -> Self {
        if let Err(e) = self.keys.insert_key_list(json.as_ref()) {
            self.key_error.get_or_insert(e);
        }
        self
    }

    /// The product this software is: sent with every request, so that a key of another
    /// product answers `PRODUCT_MISMATCH`.
    pub fn product_id(mut self, product_id: impl Into<String>) -> Self {
        self.product_id = Some(product_id.into());
        self
    }

    /// Keeps the last good answer per license key and identifier in this JSON file, so that
    /// `validate` works while the server is unreachable.
    pub fn cache_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.cache_file = Some(path.into());
        self
    }

    /// How long past its `ttl_s` a cached answer is still accepted offline (default 7 days).
    pub fn grace_period(mut self, grace: Duration) -> Self {
        self.grace = grace;
        self
    }

    /// How far the local clock may be from the server's (default 5 minutes).
    pub fn clock_skew(mut self, skew: Duration) -> Self {
        self.skew = skew;
        self
    }

    /// The time limit of one request, connection included (default 10 seconds).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Replaces the system clock, for tests.
    pub fn clock(mut self, clock: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Checks the configuration: at least one well-formed key pinned, an http(s) URL.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(e) = self.key_error {
            return Err(e);
        }
        if self.keys.is_empty() {
            return Err(Error::Config(
                "no public key pinned: nothing could be verified".into(),
            ));
        }
        let base_url = self.base_url.trim_end_matches('/').to_string();
        let url = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::Config(format!("base URL {base_url:?}: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "base URL {base_url:?}: not http or https"
            )));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::Config(format!(
                "base URL {base_url:?}: no query or fragment allowed"
            )));
        }
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            // Licensing calls are POSTs to fixed paths: a redirect is a misconfiguration.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("latchkey-client/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                product_id: self.product_id,
                verifier: Verifier::new(self.keys).with_skew(self.skew),
                cache: self.cache_file.map(Cache::new),
                grace: self.grace,
                clock: self.clock,
                no_fallback: Mutex::new(HashSet::new()),
            }),
        })
    }
}

#[derive(Serialize)]
struct Request<'a> {
    license_key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<ActivationKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_id: Option<&'a str>,
    nonce: &'a str,
}

#[derive(Deserialize)]
struct Problem {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    errors: BTreeMap<String, Vec<String>>,
}

/// 192 random bits, URL-safe: unguessable, so an old answer cannot be replayed for it.
fn new_nonce() -> String {
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The error with its causes: reqwest's own message alone does not say what failed.
fn describe(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The value trimmed, as the server trims it (pasted keys often carry spaces), within limits.
fn checked<'a>(field: &'static str, value: &'a str, max: usize) -> Result<&'a str, Error> {
    let value = value.trim();
    let n = value.chars().count();
    if n == 0 {
        return Err(Error::InvalidInput {
            field,
            message: "must not be empty".into(),
        });
    }
    if n > max {
        return Err(Error::InvalidInput {
            field,
            message: format!("at most {max} characters, got {n}"),
        });
    }
    Ok(value)
}

impl Client {
    /// Starts configuring a client for the server at `base_url`, e.g.
    /// `https://licensing.example.com` (without `/api/v1`).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            keys: PublicKeys::new(),
            key_error: None,
            product_id: None,
            cache_file: None,
            grace: DEFAULT_GRACE,
            skew: DEFAULT_SKEW,
            timeout: DEFAULT_TIMEOUT,
            clock: Arc::new(Utc::now),
        }
    }

    /// Activates `identifier` (this machine's id, or a domain) on the license. Answers
    /// `ACTIVATED`, `ALREADY_ACTIVE`, or a refusal such as `ACTIVATION_LIMIT_REACHED`.
    pub async fn activate(
        &self,
        license_key: &str,
        identifier: &str,
        options: ActivateOptions,
    ) -> Result<Answer, Error> {
        let license_key = checked("license_key", license_key, MAX_LICENSE_KEY)?;
        let identifier = checked("identifier", identifier, MAX_IDENTIFIER)?;
        let nonce = new_nonce();
        let request = Request {
            license_key,
            identifier: Some(identifier),
            kind: options.kind,
            name: options.name.as_deref(),
            platform: options.platform.as_deref(),
            metadata: options.metadata.as_ref(),
            product_id: self.inner.product_id.as_deref(),
            nonce: &nonce,
        };
        self.call("activate", &request, &nonce).await
    }

    /// Checks the license, and with `identifier` that it is active there. Answers `VALID`
    /// or a refusal.
    ///
    /// With a cache file configured, when the server cannot be reached (connection error,
    /// timeout or 5xx) the last good answer for this license key and identifier is verified
    /// again and accepted until `issued_at + ttl_s + grace`, as [`Source::Cache`]; otherwise
    /// [`Error::Offline`] says why the cache did not help. A 4xx or a bad answer from a
    /// reachable server never falls back, except an answer signed with a key that is not
    /// pinned ([`Error::UnknownKeyId`], e.g. after a key rotation this release predates):
    /// with a cache file it is treated like an unreachable server, since whoever can alter
    /// answers can cut the connection as well.
    pub async fn validate(
        &self,
        license_key: &str,
        identifier: Option<&str>,
    ) -> Result<Answer, Error> {
        let license_key = checked("license_key", license_key, MAX_LICENSE_KEY)?;
        let identifier = identifier
            .map(|id| checked("identifier", id, MAX_IDENTIFIER))
            .transpose()?;
        let nonce = new_nonce();
        let request = Request {
            license_key,
            identifier,
            kind: None,
            name: None,
            platform: None,
            metadata: None,
            product_id: self.inner.product_id.as_deref(),
            nonce: &nonce,
        };
        match self.call("validate", &request, &nonce).await {
            Err(Error::Offline { reason, .. }) => {
                self.fall_back_to_cache(license_key, identifier, reason)
            }
            Err(e @ Error::Server { status, .. }) if status >= 500 => {
                self.fall_back_to_cache(license_key, identifier, e.to_string())
            }
            // Without a cache, the precise error is more use than `Offline`.
            Err(e @ Error::UnknownKeyId { .. }) if self.inner.cache.is_some() => {
                self.fall_back_to_cache(license_key, identifier, e.to_string())
            }
            other => other,
        }
    }

    /// Frees the activation of `identifier`. Answers `DEACTIVATED` (a `valid == false`
    /// answer: the software should stop) or a refusal such as `NOT_ACTIVATED`.
    pub async fn deactivate(&self, license_key: &str, identifier: &str) -> Result<Answer, Error> {
        let license_key = checked("license_key", license_key, MAX_LICENSE_KEY)?;
        let identifier = checked("identifier", identifier, MAX_IDENTIFIER)?;
        let nonce = new_nonce();
        let request = Request {
            license_key,
            identifier: Some(identifier),
            kind: None,
            name: None,
            platform: None,
            metadata: None,
            product_id: self.inner.product_id.as_deref(),
            nonce: &nonce,
        };
        self.call("deactivate", &request, &nonce).await
    }

    async fn call(
        &self,
        action: &str,
        request: &Request<'_>,
        nonce: &str,
    ) -> Result<Answer, Error> {
        let body = self.exchange(action, request).await?;
        let envelope = String::from_utf8(body)
            .map_err(|_| Error::Malformed("the answer is not UTF-8".into()))?;
        let verified =
            self.inner
                .verifier
                .verify(envelope.as_bytes(), Some(nonce), (self.inner.clock)())?;
        let mut cache_error = None;
        if let Some(cache) = &self.inner.cache {
            let identifier = request.identifier.unwrap_or("");
            let result = &verified.result;
            let now = (self.inner.clock)();
            if result.valid {
                if let Err(e) = cache.store(
                    request.license_key,
                    identifier,
                    &envelope,
                    result.issued_at,
                    now,
                ) {
                    cache_error = Some(e.to_string());
                }
            } else {
                let scope = (!result.code.concerns_whole_license()).then_some(identifier);
                if let Err(e) = cache.forget(request.license_key, scope, result.issued_at, now) {
                    cache_error = Some(e.to_string());
                    self.inner
                        .no_fallback
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert((request.license_key.to_string(), scope.map(str::to_string)));
                }
            }
        }
        Ok(Answer {
            result: verified.result,
            key_id: verified.key_id,
            source: Source::Server,
            envelope,
            cache_error,
        })
    }

    /// One POST, answering the body of a 2xx. Transport failures are `Offline` (cache not
    /// tried yet), other statuses `Server`.
    async fn exchange(&self, action: &str, request: &Request<'_>) -> Result<Vec<u8>, Error> {
        let url = format!("{}/api/v1/licensing/{action}", self.inner.base_url);
        let offline = |e: reqwest::Error| Error::Offline {
            reason: describe(&e),
            cache: CacheFallback::NotTried,
        };
        let mut response = self
            .inner
            .http
            .post(url)
            .json(request)
            .send()
            .await
            .map_err(offline)?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(offline)? {
            // Only an answer is capped: an oversized error page must still count as the
            // server failing (a 5xx falls back to the cache).
            if status.is_success() && body.len() + chunk.len() > MAX_BODY {
                return Err(Error::Malformed("the answer is too large".into()));
            }
            if body.len() < MAX_BODY {
                body.extend_from_slice(&chunk[..chunk.len().min(MAX_BODY - body.len())]);
            }
        }
        if status.is_success() {
            return Ok(body);
        }
        let problem: Option<Problem> = serde_json::from_slice(&body).ok();
        let key = request.license_key;
        let masked = mask_key(key);
        let scrub = |s: String| s.replace(key, &masked);
        let (code, detail, errors) = match problem {
            Some(p) => (
                p.code,
                p.detail.or(p.title),
                p.errors
                    .into_iter()
                    .map(|(field, messages)| (field, messages.into_iter().map(scrub).collect()))
                    .collect(),
            ),
            None => (None, None, BTreeMap::new()),
        };
        Err(Error::Server {
            status: status.as_u16(),
            code,
            detail: scrub(detail.unwrap_or_else(|| {
                status
                    .canonical_reason()
                    .unwrap_or("unexpected status")
                    .to_string()
            })),
            errors,
            retry_after,
        })
    }

    fn fall_back_to_cache(
        &self,
        license_key: &str,
        identifier: Option<&str>,
        reason: String,
    ) -> Result<Answer, Error> {
        let Some(cache) = &self.inner.cache else {
            return Err(Error::Offline {
                reason,
                cache: CacheFallback::NotTried,
            });
        };
        let blocked = {
            let set = self
                .inner
                .no_fallback
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            set.contains(&(license_key.to_string(), None))
                || set.contains(&(
                    license_key.to_string(),
                    Some(identifier.unwrap_or("").to_string()),
                ))
        };
        if blocked {
            return Err(Error::Offline {
                reason,
                cache: CacheFallback::Disabled,
            });
        }
        let cached = cache
            .get(license_key, identifier.unwrap_or(""))
            .and_then(|found| {
                found
                    .map(|found| {
                        self.check_cached(
                            license_key,
                            identifier,
                            found.envelope,
                            found.latest_seen,
                        )
                    })
                    .transpose()
            });
        match cached {
            Ok(Some(answer)) => Ok(answer),
            Ok(None) => Err(Error::Offline {
                reason,
                cache: CacheFallback::NoEntry,
            }),
            Err(e) => Err(Error::Offline {
                reason,
                cache: CacheFallback::Rejected(Box::new(e)),
            }),
        }
    }

    fn check_cached(
        &self,
        license_key: &str,
        identifier: Option<&str>,
        envelope: String,
        latest_seen: Option<DateTime<Utc>>,
    ) -> Result<Answer, Error> {
        let inner = &self.inner;
        let now = (inner.clock)();
        let skew = inner.verifier.skew();
        if let Some(latest) = latest_seen {
            if now < latest.checked_sub_signed(skew).unwrap_or(latest) {
                return Err(Error::ClockRolledBack {
                    latest_seen: latest,
                    now,
                });
            }
        }
        let verified = inner
            .verifier
            .verify_stored(envelope.as_bytes(), now, inner.grace)?;
        // Entries are keyed by unsigned text: the signed content must say the same.
        let result = &verified.result;
        if result.license.as_ref().map(|l| l.key.as_str()) != Some(license_key) {
            return Err(Error::Mismatch("license key"));
        }
        if let Some(id) = identifier {
            if result.activation.as_ref().map(|a| a.identifier.as_str()) != Some(id) {
                return Err(Error::Mismatch("identifier"));
            }
        }
        // The license's own end date counts offline too.
        if let Some(expires_at) = result.license.as_ref().and_then(|l| l.expires_at) {
            if expires_at < now.checked_sub_signed(skew).unwrap_or(now) {
                return Err(Error::Expired {
                    expired_at: expires_at,
                    now,
                });
            }
        }
        Ok(Answer {
            result: verified.result,
            key_id: verified.key_id,
            source: Source::Cache,
            envelope,
            cache_error: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use chrono::TimeDelta;
    use serde_json::{json, Value};

    use super::*;
    use crate::testing::{closed_port_url, result, t0, FakeServer, Reply, Signer, DEVICE, KEY};

    struct Setup {
        signer: Arc<Signer>,
        server: FakeServer,
        now: Arc<Mutex<DateTime<Utc>>>,
        dir: tempfile::TempDir,
    }

    impl Setup {
        /// A server that answers every call with `code`, signed, echoing the nonce.
        fn new(code: &'static str) -> Setup {
            let signer = Arc::new(Signer::new("k1"));
            let s = signer.clone();
            let server = FakeServer::start(move |_, body| {
                Reply::ok(s.sign(&result(code, body["nonce"].as_str(), t0())))
            });
            Setup {
                signer,
                server,
                now: Arc::new(Mutex::new(t0())),
                dir: tempfile::tempdir().unwrap(),
            }
        }

        fn answer_with(&self, code: &'static str) {
            let s = self.signer.clone();
            self.server
                .set(move |_, body| Reply::ok(s.sign(&result(code, body["nonce"].as_str(), t0()))));
        }

        fn cache_path(&self) -> PathBuf {
            self.dir.path().join("cache.json")
        }

        fn client_at(&self, url: &str) -> Client {
            let now = self.now.clone();
            Client::builder(url)
                .pin_key("k1", &self.signer.public_b64())
                .product_id("prod-1")
                .cache_file(self.cache_path())
                .grace_period(Duration::from_secs(86_400))
                .timeout(Duration::from_secs(5))
                .clock(move || *now.lock().unwrap())
                .build()
                .unwrap()
        }

        fn client(&self) -> Client {
            self.client_at(&self.server.url)
        }

        fn set_now(&self, now: DateTime<Utc>) {
            *self.now.lock().unwrap() = now;
        }

        fn cache(&self) -> Value {
            serde_json::from_slice(&std::fs::read(self.cache_path()).unwrap()).unwrap()
        }

        fn edit_cache(&self, f: impl FnOnce(&mut Value)) {
            let mut v = self.cache();
            f(&mut v);
            std::fs::write(self.cache_path(), v.to_string()).unwrap();
        }
    }

    fn offline_cause(err: Error) -> CacheFallback {
        match err {
            Error::Offline { cache, .. } => cache,
            other => panic!("expected Offline, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn activate_sends_a_fresh_nonce_and_keeps_the_answer() {
        let t = Setup::new("ACTIVATED");
        let client = t.client();
        let options = ActivateOptions::default()
            .kind(ActivationKind::Device)
            .name("Sarah's laptop")
            .platform("linux")
            .metadata(json!({"seat": 7}));
        let first = client.activate(KEY, DEVICE, options.clone()).await.unwrap();
        assert_eq!(first.source, Source::Server);
        assert_eq!(first.code(), &Code::Activated);
        assert!(first.is_valid());
        assert_eq!(first.key_id, "k1");
        let answer = client.activate(KEY, DEVICE, options).await.unwrap();

        let requests = t.server.requests.lock().unwrap().clone();
        let (path, body) = &requests[0];
        assert_eq!(path, "/api/v1/licensing/activate");
        assert_eq!(body["license_key"], KEY);
        assert_eq!(body["identifier"], DEVICE);
        assert_eq!(body["kind"], "device");
        assert_eq!(body["name"], "Sarah's laptop");
        assert_eq!(body["platform"], "linux");
        assert_eq!(body["metadata"], json!({"seat": 7}));
        assert_eq!(body["product_id"], "prod-1");
        let nonce = body["nonce"].as_str().unwrap();
        assert!(nonce.len() >= 22 && nonce.len() <= 128, "{nonce}");
        assert_ne!(
            requests[1].1["nonce"], body["nonce"],
            "a new nonce per request"
        );

        let cache = t.cache();
        assert_eq!(
            cache["entries"].as_array().unwrap().len(),
            1,
            "one per identifier"
        );
        assert_eq!(cache["entries"][0]["identifier"], DEVICE);
        assert_eq!(
            serde_json::from_str::<Value>(&answer.envelope).unwrap(),
            cache["entries"][0]["envelope"]
        );
    }

    #[tokio::test]
    async fn validate_falls_back_to_the_cache_within_the_grace_period() {
        let t = Setup::new("VALID");
        let pasted = format!(" {KEY}\n");
        let answer = t.client().validate(&pasted, Some(DEVICE)).await.unwrap();
        assert_eq!(answer.source, Source::Server);
        assert_eq!(t.server.requests.lock().unwrap()[0].1["license_key"], KEY);

        let offline = t.client_at(&closed_port_url());
        let edge = t0() + TimeDelta::seconds(3600 + 86_400);
        t.set_now(edge);
        let cached = offline.validate(KEY, Some(DEVICE)).await.unwrap();
        assert_eq!(cached.source, Source::Cache);
        assert_eq!(cached.code(), &Code::Valid);
        assert_eq!(cached.result, answer.result);

        t.set_now(edge + TimeDelta::seconds(1));
        let err = offline.validate(KEY, Some(DEVICE)).await.unwrap_err();
        match offline_cause(err) {
            CacheFallback::Rejected(e) => assert!(matches!(*e, Error::Expired { .. }), "{e:?}"),
            other => panic!("{other:?}"),
        }

        t.set_now(t0());
        let err = offline.validate(KEY, Some("machine-2")).await.unwrap_err();
        assert!(matches!(offline_cause(err), CacheFallback::NoEntry));
        let err = offline
            .activate(KEY, DEVICE, ActivateOptions::default())
            .await
            .unwrap_err();
        assert!(
            matches!(offline_cause(err), CacheFallback::NotTried),
            "only validate uses the cache"
        );
    }

    #[tokio::test]
    async fn a_5xx_falls_back_but_a_4xx_does_not() {
        let t = Setup::new("ACTIVATED");
        let client = t.client();
        client
            .activate(KEY, DEVICE, ActivateOptions::default())
            .await
            .unwrap();

        t.server.set(|_, _| Reply {
            status: 503,
            headers: Vec::new(),
            body: json!({"status": 503, "code": "service_unavailable", "detail": "database down"})
                .to_string(),
        });
        let cached = client.validate(KEY, Some(DEVICE)).await.unwrap();
        assert_eq!(cached.source, Source::Cache);
        assert_eq!(cached.code(), &Code::Activated);
        let err = client.deactivate(KEY, DEVICE).await.unwrap_err();
        assert!(matches!(err, Error::Server { status: 503, .. }), "{err:?}");

        t.server.set(|_, _| Reply {
            status: 422,
            headers: Vec::new(),
            body: json!({
                "type": "https://latchkey.dev/problems/validation_failed", "title": "Validation failed",
                "status": 422, "code": "validation_failed",
                "detail": format!("license key {KEY} is odd"),
                "errors": {"license_key": [format!("{KEY} is too odd")]}
            })
            .to_string(),
        });
        let err = client.validate(KEY, Some(DEVICE)).await.unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains(KEY), "the key is masked: {text}");
        match err {
            Error::Server {
                status,
                code,
                errors,
                detail,
                ..
            } => {
                assert_eq!(status, 422);
                assert_eq!(code.as_deref(), Some("validation_failed"));
                assert_eq!(
                    errors["license_key"],
                    vec![format!("{} is too odd", mask_key(KEY))]
                );
                assert!(detail.contains("PRO…PQR"), "{detail}");
            }
            other => panic!("{other:?}"),
        }

        t.server.set(|_, _| Reply {
            status: 429,
            headers: vec![("retry-after", "30".into())],
            body: json!({"status": 429, "code": "rate_limited", "title": "Too many requests"})
                .to_string(),
        });
        let err = client.validate(KEY, Some(DEVICE)).await.unwrap_err();
        assert!(
            matches!(err, Error::Server { status: 429, retry_after: Some(d), ref code, .. } if d == Duration::from_secs(30) && code.as_deref() == Some("rate_limited")),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn a_bad_server_answer_never_falls_back() {
        let t = Setup::new("VALID");
        let client = t.client();
        client.validate(KEY, Some(DEVICE)).await.unwrap();

        let replayed = t.signer.sign(&result("VALID", Some("old-nonce"), t0()));
        t.server.set(move |_, _| Reply::ok(replayed.clone()));
        let err = client.validate(KEY, Some(DEVICE)).await.unwrap_err();
        assert!(matches!(err, Error::NonceMismatch), "{err:?}");

        let impostor = Signer::new("k1");
        t.server.set(move |_, body| {
            Reply::ok(impostor.sign(&result("VALID", body["nonce"].as_str(), t0())))
        });
        let err = client.validate(KEY, Some(DEVICE)).await.unwrap_err();
        assert!(matches!(err, Error::SignatureInvalid { .. }), "{err:?}");

        t.server
            .set(|_, _| Reply::ok("<html>captive portal</html>".into()));
        let err = client.validate(KEY, Some(DEVICE)).await.unwrap_err();
        assert!(matches!(err, Error::Malformed(_)), "{err:?}");
        assert_eq!(t.cache()["entries"].as_array().unwrap().len(), 1, "kept");
    }

    #[tokio::test]
    async fn an_edited_cache_is_rejected() {
        let t = Setup::new("VALID");
        t.client().validate(KEY, Some(DEVICE)).await.unwrap();
        let offline = t.client_at(&closed_port_url());

        // The unsigned copy does not count.
        t.edit_cache(|v| v["entries"][0]["envelope"]["result"]["ttl_s"] = json!(999_999_999));
        let cached = offline.validate(KEY, Some(DEVICE)).await.unwrap();
        assert_eq!(cached.result.ttl_s, 3600);

        // Another machine's entry, relabelled.
        t.edit_cache(|v| v["entries"][0]["identifier"] = json!("machine-2"));
        let err = offline.validate(KEY, Some("machine-2")).await.unwrap_err();
        match offline_cause(err) {
            CacheFallback::Rejected(e) => {
                assert!(matches!(*e, Error::Mismatch("identifier")), "{e:?}")
            }
            other => panic!("{other:?}"),
        }

        t.edit_cache(|v| {
            v["entries"][0]["identifier"] = json!(DEVICE);
            let payload = v["entries"][0]["envelope"]["signature"]["payload"]
                .as_str()
                .unwrap();
            let mut bytes = base64::engine::general_purpose::STANDARD
                .decode(payload)
                .unwrap();
            let at = bytes.windows(4).position(|w| w == b"3600").unwrap();
            bytes[at] = b'9';
            v["entries"][0]["envelope"]["signature"]["payload"] =
                json!(base64::engine::general_purpose::STANDARD.encode(bytes));
        });
        let err = offline.validate(KEY, Some(DEVICE)).await.unwrap_err();
        match offline_cause(err) {
            CacheFallback::Rejected(e) => {
                assert!(matches!(*e, Error::SignatureInvalid { .. }), "{e:?}")
            }
            other => panic!("{other:?}"),
        }

        std::fs::write(t.cache_path(), "{ not json").unwrap();
        let err = offline.validate(KEY, Some(DEVICE)).await.unwrap_err();
        match offline_cause(err) {
            CacheFallback::Rejected(e) => assert!(matches!(*e, Error::Cache { .. }), "{e:?}"),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn a_refusal_clears_the_cache() {
        let t = Setup::new("ACTIVATED");
        let client = t.client();
        let offline = t.client_at(&closed_port_url());
        client
            .activate(KEY, DEVICE, ActivateOptions::default())
            .await
            .unwrap();
        client.validate(KEY, None).await.unwrap();
        assert_eq!(t.cache()["entries"].as_array().unwrap().len(), 2);

        // A refusal about one activation drops only that activation's answer.
        t.answer_with("DEACTIVATED");
        let answer = client.deactivate(KEY, DEVICE).await.unwrap();
        assert!(!answer.is_valid());
        let err = offline.validate(KEY, Some(DEVICE)).await.unwrap_err();
        assert!(matches!(offline_cause(err), CacheFallback::NoEntry));
        assert_eq!(
            offline.validate(KEY, None).await.unwrap().source,
            Source::Cache
        );

        // A refusal of the license drops them all.
        t.answer_with("ACTIVATED");
        client
            .activate(KEY, DEVICE, ActivateOptions::default())
            .await
            .unwrap();
        t.answer_with("REVOKED");
        let answer = client.validate(KEY, Some(DEVICE)).await.unwrap();
        assert_eq!(answer.code(), &Code::Revoked);
        assert!(t.cache()["entries"].as_array().unwrap().is_empty());
        let err = offline.validate(KEY, None).await.unwrap_err();
        assert!(matches!(offline_cause(err), CacheFallback::NoEntry));
    }

    #[tokio::test]
    async fn without_a_cache_offline_is_an_error() {
        let signer = Signer::new("k1");
        let client = Client::builder(closed_port_url())
            .pin_key("k1", &signer.public_b64())
            .build()
            .unwrap();
        let err = client.validate(KEY, None).await.unwrap_err();
        assert!(matches!(offline_cause(err), CacheFallback::NotTried));
    }

    #[tokio::test]
    async fn bad_input_is_refused_before_sending() {
        let t = Setup::new("VALID");
        let client = t.client();
        let long_key = "K".repeat(257);
        let err = client.validate(&long_key, None).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidInput {
                    field: "license_key",
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(!err.to_string().contains(&long_key));
        let err = client.deactivate(KEY, &"i".repeat(256)).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidInput {
                    field: "identifier",
                    ..
                }
            ),
            "{err:?}"
        );
        let err = client
            .activate(KEY, "  ", ActivateOptions::default())
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidInput {
                    field: "identifier",
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(t.server.requests.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_older_valid_answer_does_not_outlive_a_refusal() {
        let t = Setup::new("VALID");
        let client = t.client();
        let cache = client.inner.cache.as_ref().unwrap();
        let older = t.signer.sign(&result("VALID", None, t0()));
        // The REVOKED answer (issued later) clears the cache before the older VALID lands.
        let later = t0() + TimeDelta::seconds(10);
        cache.forget(KEY, None, later, later).unwrap();
        assert!(!cache.store(KEY, DEVICE, &older, t0(), later).unwrap());
        assert!(t.cache()["entries"].as_array().unwrap().is_empty());
        // Per identifier too, and a stored entry is not replaced by an older answer.
        cache.forget(KEY, Some("machine-2"), later, later).unwrap();
        assert!(!cache.store(KEY, "machine-2", &older, t0(), later).unwrap());
        let newer = t0() + TimeDelta::seconds(20);
        assert!(cache.store(KEY, DEVICE, &older, newer, later).unwrap());
        assert!(!cache
            .store(KEY, DEVICE, &older, t0() + TimeDelta::seconds(15), later)
            .unwrap());
        assert_eq!(
            t.cache()["entries"][0]["issued_at"],
            json!("2026-11-29T10:00:20Z")
        );
        // Files of older SDKs (no markers, no issued_at) still load.
        t.edit_cache(|v| {
            v.as_object_mut().unwrap().remove("refused");
            v.as_object_mut().unwrap().remove("latest_seen");
            v["entries"][0].as_object_mut().unwrap().remove("issued_at");
        });
        assert!(cache.get(KEY, DEVICE).unwrap().is_some());
        assert!(cache.store(KEY, DEVICE, &older, t0(), later).unwrap());
    }

    #[tokio::test]
    async fn a_failed_cache_write_still_returns_the_answer_and_stops_the_fallback() {
        let t = Setup::new("VALID");
        let client = t.client();
        client.validate(KEY, Some(DEVICE)).await.unwrap();
        // The cache's directory is replaced by a file: every write fails.
        let dir = t.dir.path().join("sub");
        std::fs::write(&dir, "x").unwrap();
        let now = t.now.clone();
        let signer = t.signer.clone();
        let broken = Client::builder(&t.server.url)
            .pin_key("k1", &signer.public_b64())
            .cache_file(dir.join("cache.json"))
            .clock(move || *now.lock().unwrap())
            .build()
            .unwrap();
        t.answer_with("REVOKED");
        let answer = broken.validate(KEY, Some(DEVICE)).await.unwrap();
        assert_eq!(answer.code(), &Code::Revoked);
        assert!(answer.cache_error.is_some());
        // The refusal could not be recorded: this client no longer trusts the cache for it.
        t.server.set(|_, _| Reply {
            status: 503,
            headers: Vec::new(),
            body: String::new(),
        });
        let err = broken.validate(KEY, Some(DEVICE)).await.unwrap_err();
        assert!(matches!(offline_cause(err), CacheFallback::Disabled));
    }

    #[tokio::test]
    async fn a_clock_turned_back_refuses_the_cache() {
        let t = Setup::new("VALID");
        t.set_now(t0() + TimeDelta::seconds(1800));
        t.client().validate(KEY, Some(DEVICE)).await.unwrap();
        let offline = t.client_at(&closed_port_url());
        t.set_now(t0() + TimeDelta::seconds(1800 - 299));
        assert_eq!(
            offline.validate(KEY, Some(DEVICE)).await.unwrap().source,
            Source::Cache
        );
        t.set_now(t0() + TimeDelta::seconds(1800 - 301));
        let err = offline.validate(KEY, Some(DEVICE)).await.unwrap_err();
        match offline_cause(err) {
            CacheFallback::Rejected(e) => {
                assert!(matches!(*e, Error::ClockRolledBack { .. }), "{e:?}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn the_cache_respects_the_licenses_own_end() {
        let t = Setup::new("VALID");
        let client = Client::builder(&t.server.url)
            .pin_key("k1", &t.signer.public_b64())
            .cache_file(t.cache_path())
            .grace_period(Duration::from_secs(400 * 86_400))
            .clock({
                let now = t.now.clone();
                move || *now.lock().unwrap()
            })
            .build()
            .unwrap();
        client.validate(KEY, Some(DEVICE)).await.unwrap();
        t.server.set(|_, _| Reply {
            status: 503,
            headers: Vec::new(),
            body: "x".repeat(2 << 20),
        });
        // expires_at is 2027-01-01T00:00:00Z; a large 5xx body still falls back.
        let end: DateTime<Utc> = "2027-01-01T00:00:00Z".parse().unwrap();
        t.set_now(end + TimeDelta::seconds(300));
        assert_eq!(
            client.validate(KEY, Some(DEVICE)).await.unwrap().source,
            Source::Cache
        );
        t.set_now(end + TimeDelta::seconds(301));
        let err = client.validate(KEY, Some(DEVICE)).await.unwrap_err();
        match offline_cause(err) {
            CacheFallback::Rejected(e) => assert!(
                matches!(*e, Error::Expired { expired_at, .. } if expired_at == end),
                "{e:?}"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn an_unknown_key_falls_back_to_the_cache() {
        let t = Setup::new("VALID");
        let client = t.client();
        client.validate(KEY, Some(DEVICE)).await.unwrap();
        let rotated = Signer::new("k2");
        t.server.set(move |_, body| {
            Reply::ok(rotated.sign(&result("VALID", body["nonce"].as_str(), t0())))
        });
        let cached = client.validate(KEY, Some(DEVICE)).await.unwrap();
        assert_eq!(cached.source, Source::Cache);
        let err = client.validate(KEY, Some("machine-2")).await.unwrap_err();
        match err {
            Error::Offline { reason, cache } => {
                assert!(reason.contains("k2"), "{reason}");
                assert!(matches!(cache, CacheFallback::NoEntry));
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn debug_output_masks_the_license_key() {
        let t = Setup::new("VALID");
        let answer = t.client().validate(KEY, Some(DEVICE)).await.unwrap();
        let text = format!("{answer:?} {:?}", answer.result.license);
        assert!(!text.contains(KEY), "{text}");
        assert!(text.contains(&mask_key(KEY)), "{text}");
    }

    #[test]
    fn the_builder_wants_keys_and_a_good_url() {
        let good = Signer::new("k1").public_b64();
        let err = Client::builder("http://127.0.0.1:1").build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let err = Client::builder("http://127.0.0.1:1")
            .pin_key("k1", &good)
            .pin_key("k2", "bad")
            .build()
            .unwrap_err();
        assert!(
            matches!(err, Error::Config(ref m) if m.contains("k2")),
            "{err:?}"
        );
        let err = Client::builder("ftp://example.com")
            .pin_key("k1", &good)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(Client::builder("https://example.com/")
            .pin_key("k1", &good)
            .build()
            .is_ok());
        for bad in ["https://example.com/?a=1", "https://example.com/#top"] {
            let err = Client::builder(bad)
                .pin_key("k1", &good)
                .build()
                .unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{bad}: {err:?}");
        }
    }
}
