//! Signs licensing answers. Private keys are decrypted once and kept in memory for a
//! minute: a rotation made by this process takes effect at once ([`Signer::forget`]), one
//! made by another process sharing the database within [`KEY_CACHE`]. Either way the
//! answers verify, because retired public keys stay published.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::Signer as _;

use super::model::{LicensingResult, Signature};
use crate::crypto::Secrets;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::signing::model::ActiveKey;
use crate::signing::service as signing;

pub const KEY_CACHE: Duration = Duration::from_secs(60);

/// Whose key signs an answer: the license's product, or the server for answers that are
/// not about a license of the product asked for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum KeyOwner {
    Product(String),
    Server,
}

impl KeyOwner {
    fn product_id(&self) -> Option<&str> {
        match self {
            KeyOwner::Product(id) => Some(id),
            KeyOwner::Server => None,
        }
    }
}

#[derive(Default)]
pub struct Signer {
    keys: RwLock<HashMap<KeyOwner, (Arc<ActiveKey>, Instant)>>,
    /// Moved by [`Signer::forget`]: a key read from the database before a rotation
    /// committed is used for that answer but not cached.
    generation: AtomicU64,
}

impl Signer {
    /// The active key of `owner` if memory holds a fresh one.
    pub fn cached(&self, owner: &KeyOwner) -> Option<Arc<ActiveKey>> {
        let keys = self.keys.read().unwrap_or_else(|p| p.into_inner());
        let (key, loaded) = keys.get(owner)?;
        (loaded.elapsed() < KEY_CACHE).then(|| key.clone())
    }

    /// The active key of `owner`, from memory or (at most once a minute) the database.
    pub fn key(
        &self,
        conn: &mut DbConn,
        secrets: &Secrets,
        owner: &KeyOwner,
    ) -> ApiResult<Arc<ActiveKey>> {
        if let Some(key) = self.cached(owner) {
            return Ok(key);
        }
        let now = Instant::now();
        let generation = self.generation.load(Ordering::SeqCst);
        let key = signing::active_key(conn, secrets, owner.product_id())?
            .map(Arc::new)
            .ok_or_else(|| ApiError::internal(format!("no active signing key for {owner:?}")))?;
        let mut keys = self.keys.write().unwrap_or_else(|p| p.into_inner());
        if self.generation.load(Ordering::SeqCst) == generation {
            keys.insert(owner.clone(), (key.clone(), now));
        }
        Ok(key)
    }

    /// Drops a cached key after a rotation in this process.
    pub fn forget(&self, owner: &KeyOwner) {
        let mut keys = self.keys.write().unwrap_or_else(|p| p.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        keys.remove(owner);
    }
}

/// The envelope's JSON: the result's bytes are signed and sent twice — base64 in the
/// signature (what clients verify) and as plain JSON (for people and logs).
pub fn envelope(key: &ActiveKey, result: &LicensingResult) -> ApiResult<String> {
    let payload = serde_json::to_string(result).map_err(ApiError::internal)?;
    let signature = Signature {
        alg: "ed25519".into(),
        key_id: key.key_id.clone(),
        value: STANDARD.encode(key.key.sign(payload.as_bytes()).to_bytes()),
        payload: STANDARD.encode(payload.as_bytes()),
    };
    let signature = serde_json::to_string(&signature).map_err(ApiError::internal)?;
    Ok(format!(r#"{{"result":{payload},"signature":{signature}}}"#))
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signature as EdSignature, SigningKey, Verifier};

    use super::super::model::{Code, Envelope};
    use super::*;

    #[test]
    fn the_envelope_signs_exactly_the_payload_bytes_and_repeats_them_as_result() {
        let key = ActiveKey {
            key_id: "k1".into(),
            key: SigningKey::from_bytes(&[7u8; 32]),
        };
        let result = LicensingResult {
            valid: true,
            code: Code::Valid,
            detail: "ok".into(),
            license: None,
            activation: None,
            nonce: Some("n-1".into()),
            issued_at: chrono::Utc::now(),
            ttl_s: 60,
        };
        let text = envelope(&key, &result).unwrap();
        let parsed: Envelope = serde_json::from_str(&text).unwrap();
        let payload = STANDARD.decode(&parsed.signature.payload).unwrap();
        let sig: [u8; 64] = STANDARD
            .decode(&parsed.signature.value)
            .unwrap()
            .try_into()
            .unwrap();
        key.key
            .verifying_key()
            .verify(&payload, &EdSignature::from_bytes(&sig))
            .expect("signature verifies");
        let from_payload: serde_json::Value = serde_json::from_slice(&payload).unwrap();
        let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(raw["result"], from_payload);
        assert_eq!(from_payload["nonce"], "n-1");
        assert_eq!(parsed.signature.key_id, "k1");
        let mut tampered = payload.clone();
        tampered[10] ^= 1;
        assert!(key
            .key
            .verifying_key()
            .verify(&tampered, &EdSignature::from_bytes(&sig))
            .is_err());
    }
}
