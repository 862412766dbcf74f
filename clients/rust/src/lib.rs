//! Client SDK for Latchkey, the self-hosted software-licensing server.
//!
//! Embed it in the software you ship to activate, validate and deactivate a license key.
//! Every answer is signed by the server with Ed25519; the SDK verifies it against keys you
//! pin at build time, checks that it answers this very request (a fresh nonce) and that it
//! is recent, and only then parses it. With a cache file, `validate` keeps working offline
//! for the answer's `ttl_s` plus a grace period.
//!
//! ```no_run
//! use latchkey_client::{ActivateOptions, Client};
//!
//! # async fn demo() -> Result<(), latchkey_client::Error> {
//! let client = Client::builder("https://licensing.example.com")
//!     .pin_key("01936f4e-5555-7cc0-8a55-0d4e3b1f2a10", "0jR4sN0yJtq5mYxk5pQ0q9k2nWmH1j1bWcQ3a0mS6yE=")
//!     .product_id("01936f4e-1111-7cc0-8a55-0d4e3b1f2a10")
//!     .cache_file("/var/lib/myapp/license-cache.json")
//!     .build()?;
//!
//! let answer = client
//!     .activate("PRO-ABCD-EFGH-JKLM", "machine-42", ActivateOptions::default())
//!     .await?;
//! if !answer.is_valid() {
//!     eprintln!("{}: {}", answer.code(), answer.result.detail);
//! }
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod cache;
mod client;
mod error;
mod model;
mod verify;

#[cfg(test)]
mod testing;

pub use client::{Answer, Client, ClientBuilder, Source, DEFAULT_GRACE, DEFAULT_TIMEOUT};
pub use error::{mask_key, CacheFallback, Error};
pub use model::{
    ActivateOptions, ActivationInfo, ActivationKind, Code, KeyList, LicenseInfo, LicenseResult,
    PublishedKey,
};
pub use verify::{verify_envelope, PublicKeys, VerifiedResult, Verifier, DEFAULT_SKEW};
