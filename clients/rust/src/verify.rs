//! Offline verification of signed envelopes: no HTTP involved.

use std::collections::HashMap;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{DateTime, TimeDelta, Utc};
use ed25519_dalek::{Signature, VerifyingKey};
use serde::Deserialize;

use crate::model::{KeyList, LicenseResult};
use crate::Error;

/// The clock skew [`Verifier::new`] tolerates: 5 minutes.
pub const DEFAULT_SKEW: Duration = Duration::from_secs(5 * 60);

/// Pinned Ed25519 verification keys by `key_id`.
///
/// Pin every key an answer may be signed with: the product's keys (retired ones too, so
/// answers signed before a rotation still verify) and the server-wide key that signs
/// `NOT_FOUND` and `PRODUCT_MISMATCH` answers.
#[derive(Debug, Clone, Default)]
pub struct PublicKeys {
    /// The key, and when the listing it came from says it was retired.
    keys: HashMap<String, (VerifyingKey, Option<DateTime<Utc>>)>,
}

impl PublicKeys {
    /// No keys yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Pins `public_key`, the standard base64 of a 32-byte Ed25519 public key. A key
    /// pinned this way counts as active (never retired).
    pub fn insert(&mut self, key_id: impl Into<String>, public_key: &str) -> Result<(), Error> {
        self.insert_retired(key_id, public_key, None)
    }

    fn insert_retired(
        &mut self,
        key_id: impl Into<String>,
        public_key: &str,
        retired_at: Option<DateTime<Utc>>,
    ) -> Result<(), Error> {
        let key_id = key_id.into();
        let bad = |why: &str| Error::Config(format!("public key {key_id}: {why}"));
        let bytes: [u8; 32] = STANDARD
            .decode(public_key.trim())
            .map_err(|_| bad("not standard base64"))?
            .try_into()
            .map_err(|_| bad("not 32 bytes"))?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| bad("not an Ed25519 point"))?;
        self.keys.insert(key_id, (key, retired_at));
        Ok(())
    }

    /// Pins every Ed25519 key of a `public-keys` listing (the JSON body of
    /// `GET /api/v1/licensing/public-keys` or `…/products/{id}/public-keys`), e.g. one
    /// saved at build time and embedded with `include_bytes!`. A key's `retired_at` is
    /// kept: fresh answers signed by it after its retirement are refused.
    pub fn insert_key_list(&mut self, json: &[u8]) -> Result<(), Error> {
        let list: KeyList = serde_json::from_slice(json)
            .map_err(|e| Error::Config(format!("public key list: {e}")))?;
        for k in list.keys.iter().filter(|k| k.algorithm == "ed25519") {
            self.insert_retired(k.key_id.clone(), &k.public_key, k.retired_at)?;
        }
        Ok(())
    }

    /// How many keys are pinned.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no key is pinned.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// An envelope whose signature checked out, with the result parsed from the signed payload.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VerifiedResult {
    /// Parsed from the signed payload.
    pub result: LicenseResult,
    /// The pinned key that signed it.
    pub key_id: String,
    /// When that key was retired, per the pinned key list.
    retired_at: Option<DateTime<Utc>>,
}

/// Checks envelopes against pinned keys, a clock skew allowance and, for the offline
/// cache, a grace period.
#[derive(Debug, Clone)]
pub struct Verifier {
    keys: PublicKeys,
    skew: TimeDelta,
}

#[derive(Deserialize)]
struct Envelope {
    signature: SignatureBlock,
}

#[derive(Deserialize)]
struct SignatureBlock {
    alg: String,
    key_id: String,
    payload: String,
    value: String,
}

fn delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}

impl Verifier {
    /// A verifier with the default skew of 5 minutes.
    pub fn new(keys: PublicKeys) -> Self {
        Verifier {
            keys,
            skew: delta(DEFAULT_SKEW),
        }
    }

    /// How far the local clock may be from the server's.
    pub fn with_skew(mut self, skew: Duration) -> Self {
        self.skew = delta(skew);
        self
    }

    pub(crate) fn skew(&self) -> TimeDelta {
        self.skew
    }

    /// Verifies a fresh answer: signature, then nonce (when `expected_nonce` is given, the
    /// answer must echo exactly it), then `issued_at` is not beyond `now + skew` and
    /// `issued_at + ttl_s` is not before `now - skew`, and the signing key was not retired
    /// (per the pinned key list) more than the skew before `issued_at`.
    pub fn verify(
        &self,
        envelope: &[u8],
        expected_nonce: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<VerifiedResult, Error> {
        let verified = self.authentic(envelope)?;
        if let Some(nonce) = expected_nonce {
            if verified.result.nonce.as_deref() != Some(nonce) {
                return Err(Error::NonceMismatch);
            }
        }
        self.check_time(&verified.result, now, self.skew)?;
        if let Some(retired_at) = verified.retired_at {
            // No limit when the addition overflows.
            if retired_at
                .checked_add_signed(self.skew)
                .is_some_and(|limit| verified.result.issued_at > limit)
            {
                return Err(Error::KeyRetired {
                    key_id: verified.key_id,
                    retired_at,
                });
            }
        }
        Ok(verified)
    }

    /// Verifies a stored answer: signature, and `now <= issued_at + ttl_s + grace`. The
    /// nonce is not checked (the request that carried it is long gone); `issued_at` must
    /// still not lie in the future. A retired signing key verifies only answers issued at or
    /// before its retirement.
    pub fn verify_stored(
        &self,
        envelope: &[u8],
        now: DateTime<Utc>,
        grace: Duration,
    ) -> Result<VerifiedResult, Error> {
        let verified = self.authentic(envelope)?;
        self.check_time(&verified.result, now, delta(grace))?;
        if let Some(retired_at) = verified.retired_at {
            if verified.result.issued_at > retired_at {
                return Err(Error::KeyRetired {
                    key_id: verified.key_id,
                    retired_at,
                });
            }
        }
        Ok(verified)
    }

    fn authentic(&self, envelope: &[u8]) -> Result<VerifiedResult, Error> {
        let Envelope { signature: sig } = serde_json::from_slice(envelope)
            .map_err(|e| Error::Malformed(format!("not a signed envelope: {e}")))?;
        if sig.alg != "ed25519" {
            return Err(Error::UnsupportedAlgorithm { alg: sig.alg });
        }
        let (key, retired_at) =
            self.keys
                .keys
                .get(&sig.key_id)
                .ok_or_else(|| Error::UnknownKeyId {
                    key_id: sig.key_id.clone(),
                })?;
        let payload = STANDARD
            .decode(&sig.payload)
            .map_err(|_| Error::Malformed("payload is not standard base64".into()))?;
        let value: [u8; 64] = STANDARD
            .decode(&sig.value)
            .map_err(|_| Error::Malformed("signature is not standard base64".into()))?
            .try_into()
            .map_err(|_| Error::Malformed("signature is not 64 bytes".into()))?;
        key.verify_strict(&payload, &Signature::from_bytes(&value))
            .map_err(|_| Error::SignatureInvalid {
                key_id: sig.key_id.clone(),
            })?;
        let result = serde_json::from_slice(&payload)
            .map_err(|e| Error::Malformed(format!("signed payload is not a result: {e}")))?;
        Ok(VerifiedResult {
            result,
            key_id: sig.key_id,
            retired_at: *retired_at,
        })
    }

    fn check_time(
        &self,
        result: &LicenseResult,
        now: DateTime<Utc>,
        allowance: TimeDelta,
    ) -> Result<(), Error> {
        // `now + skew` beyond the representable range: no limit.
        if now
            .checked_add_signed(self.skew)
            .is_some_and(|limit| result.issued_at > limit)
        {
            return Err(Error::IssuedInFuture {
                issued_at: result.issued_at,
                now,
            });
        }
        let ttl = i64::try_from(result.ttl_s)
            .ok()
            .and_then(TimeDelta::try_seconds)
            .ok_or_else(|| Error::Malformed("ttl_s out of range".into()))?;
        let expired_at = result
            .issued_at
            .checked_add_signed(ttl)
            .ok_or_else(|| Error::Malformed("ttl_s out of range".into()))?;
        match expired_at.checked_add_signed(allowance) {
            Some(limit) if now > limit => Err(Error::Expired { expired_at, now }),
            _ => Ok(()),
        }
    }
}

/// Verifies a fresh answer with the default skew; see [`Verifier::verify`].
///
/// ```no_run
/// # fn demo(body: &[u8], nonce: &str) -> Result<(), latchkey_client::Error> {
/// let mut keys = latchkey_client::PublicKeys::new();
/// keys.insert("01936f4e-5555-7cc0-8a55-0d4e3b1f2a10", "0jR4sN0yJtq5mYxk5pQ0q9k2nWmH1j1bWcQ3a0mS6yE=")?;
/// let verified = latchkey_client::verify_envelope(body, &keys, Some(nonce), chrono::Utc::now())?;
/// println!("{} {}", verified.result.code, verified.result.detail);
/// # Ok(()) }
/// ```
pub fn verify_envelope(
    envelope: &[u8],
    keys: &PublicKeys,
    expected_nonce: Option<&str>,
    now: DateTime<Utc>,
) -> Result<VerifiedResult, Error> {
    Verifier::new(keys.clone()).verify(envelope, expected_nonce, now)
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    use serde_json::{json, Value};

    use super::*;
    use crate::testing::{result, t0, Signer};
    use crate::Code;

    const NONCE: &str = "n-0123456789abcdef0123456789";

    fn minutes(m: i64) -> TimeDelta {
        TimeDelta::minutes(m)
    }

    fn edit(envelope: &str, f: impl FnOnce(&mut Value)) -> Vec<u8> {
        let mut v: Value = serde_json::from_str(envelope).unwrap();
        f(&mut v);
        serde_json::to_vec(&v).unwrap()
    }

    #[test]
    fn a_good_answer_verifies_and_is_read_from_the_payload() {
        let signer = Signer::new("k1");
        let envelope = signer.sign(&result("ACTIVATED", Some(NONCE), t0()));
        let v = verify_envelope(envelope.as_bytes(), &signer.keys(), Some(NONCE), t0()).unwrap();
        assert_eq!(v.key_id, "k1");
        assert!(v.result.valid);
        assert_eq!(v.result.code, Code::Activated);
        assert_eq!(v.result.ttl_s, 3600);
        assert_eq!(v.result.license.unwrap().max_activations, Some(3));
        assert_eq!(v.result.activation.unwrap().identifier, "machine-1");
    }

    #[test]
    fn one_changed_byte_in_the_payload_breaks_the_signature() {
        let signer = Signer::new("k1");
        let envelope = signer.sign(&result("REVOKED", Some(NONCE), t0()));
        let tampered = edit(&envelope, |v| {
            let mut payload = STANDARD
                .decode(v["signature"]["payload"].as_str().unwrap())
                .unwrap();
            let at = payload.windows(5).position(|w| w == b"false").unwrap();
            payload[at..at + 5].copy_from_slice(b"true ");
            v["signature"]["payload"] = json!(STANDARD.encode(payload));
        });
        let err = verify_envelope(&tampered, &signer.keys(), Some(NONCE), t0()).unwrap_err();
        assert!(
            matches!(err, Error::SignatureInvalid { ref key_id } if key_id == "k1"),
            "{err:?}"
        );
    }

    #[test]
    fn the_unsigned_result_copy_is_ignored() {
        let signer = Signer::new("k1");
        let envelope = signer.sign(&result("REVOKED", Some(NONCE), t0()));
        let edited = edit(&envelope, |v| {
            v["result"]["valid"] = json!(true);
            v["result"]["code"] = json!("VALID");
        });
        let v = verify_envelope(&edited, &signer.keys(), Some(NONCE), t0()).unwrap();
        assert!(!v.result.valid);
        assert_eq!(v.result.code, Code::Revoked);
    }

    #[test]
    fn another_key_under_the_same_id_is_rejected() {
        let signer = Signer::new("k1");
        let impostor = Signer::new("k1");
        let envelope = impostor.sign(&result("VALID", Some(NONCE), t0()));
        let err =
            verify_envelope(envelope.as_bytes(), &signer.keys(), Some(NONCE), t0()).unwrap_err();
        assert!(matches!(err, Error::SignatureInvalid { .. }), "{err:?}");
    }

    #[test]
    fn an_unknown_key_id_is_rejected() {
        let signer = Signer::new("k1");
        let other = Signer::new("k2");
        let envelope = other.sign(&result("VALID", Some(NONCE), t0()));
        let err =
            verify_envelope(envelope.as_bytes(), &signer.keys(), Some(NONCE), t0()).unwrap_err();
        assert!(
            matches!(err, Error::UnknownKeyId { ref key_id } if key_id == "k2"),
            "{err:?}"
        );
    }

    #[test]
    fn only_ed25519_is_accepted() {
        let signer = Signer::new("k1");
        let envelope = signer.sign(&result("VALID", Some(NONCE), t0()));
        let other = edit(&envelope, |v| v["signature"]["alg"] = json!("none"));
        let err = verify_envelope(&other, &signer.keys(), Some(NONCE), t0()).unwrap_err();
        assert!(
            matches!(err, Error::UnsupportedAlgorithm { ref alg } if alg == "none"),
            "{err:?}"
        );
    }

    #[test]
    fn a_replayed_nonce_is_rejected() {
        let signer = Signer::new("k1");
        let envelope = signer.sign(&result("VALID", Some("an-older-request"), t0()));
        let keys = signer.keys();
        let err = verify_envelope(envelope.as_bytes(), &keys, Some(NONCE), t0()).unwrap_err();
        assert!(matches!(err, Error::NonceMismatch), "{err:?}");
        let without = signer.sign(&result("VALID", None, t0()));
        let err = verify_envelope(without.as_bytes(), &keys, Some(NONCE), t0()).unwrap_err();
        assert!(matches!(err, Error::NonceMismatch), "{err:?}");
        assert!(verify_envelope(envelope.as_bytes(), &keys, None, t0()).is_ok());
    }

    #[test]
    fn an_answer_expires_after_its_ttl_plus_the_skew() {
        let signer = Signer::new("k1");
        let envelope = signer.sign(&result("VALID", Some(NONCE), t0()));
        let keys = signer.keys();
        let last = t0() + TimeDelta::seconds(3600) + minutes(5);
        assert!(verify_envelope(envelope.as_bytes(), &keys, Some(NONCE), last).is_ok());
        let late = last + TimeDelta::seconds(1);
        let err = verify_envelope(envelope.as_bytes(), &keys, Some(NONCE), late).unwrap_err();
        assert!(
            matches!(err, Error::Expired { expired_at, now } if expired_at == t0() + TimeDelta::seconds(3600) && now == late),
            "{err:?}"
        );
        let strict = Verifier::new(keys).with_skew(Duration::ZERO);
        let err = strict
            .verify(envelope.as_bytes(), Some(NONCE), last)
            .unwrap_err();
        assert!(matches!(err, Error::Expired { .. }), "{err:?}");
    }

    #[test]
    fn an_answer_from_the_future_is_rejected_beyond_the_skew() {
        let signer = Signer::new("k1");
        let keys = signer.keys();
        let ahead = signer.sign(&result("VALID", Some(NONCE), t0() + minutes(4)));
        assert!(verify_envelope(ahead.as_bytes(), &keys, Some(NONCE), t0()).is_ok());
        let far = signer.sign(&result("VALID", Some(NONCE), t0() + minutes(6)));
        let err = verify_envelope(far.as_bytes(), &keys, Some(NONCE), t0()).unwrap_err();
        assert!(
            matches!(err, Error::IssuedInFuture { issued_at, .. } if issued_at == t0() + minutes(6)),
            "{err:?}"
        );
    }

    #[test]
    fn stored_answers_get_the_grace_period_but_not_a_turned_back_clock() {
        let signer = Signer::new("k1");
        let verifier = Verifier::new(signer.keys());
        let envelope = signer.sign(&result("VALID", Some(NONCE), t0()));
        let grace = Duration::from_secs(86_400);
        let edge = t0() + TimeDelta::seconds(3600 + 86_400);
        assert!(verifier
            .verify_stored(envelope.as_bytes(), edge, grace)
            .is_ok());
        let err = verifier
            .verify_stored(envelope.as_bytes(), edge + TimeDelta::seconds(1), grace)
            .unwrap_err();
        assert!(matches!(err, Error::Expired { .. }), "{err:?}");
        let err = verifier
            .verify_stored(envelope.as_bytes(), t0() - minutes(10), grace)
            .unwrap_err();
        assert!(matches!(err, Error::IssuedInFuture { .. }), "{err:?}");
    }

    #[test]
    fn unknown_fields_and_codes_are_tolerated() {
        let signer = Signer::new("k1");
        let mut r = result("SOMETHING_NEW", Some(NONCE), t0());
        r["future_field"] = json!({"x": 1});
        r["license"]["tier"] = json!("gold");
        let envelope = signer.sign(&r);
        let v = verify_envelope(envelope.as_bytes(), &signer.keys(), Some(NONCE), t0()).unwrap();
        assert_eq!(v.result.code, Code::Other("SOMETHING_NEW".into()));
        assert!(!v.result.valid);
    }

    #[test]
    fn malformed_envelopes_are_reported_as_such() {
        let signer = Signer::new("k1");
        let keys = signer.keys();
        for bad in [
            b"not json".to_vec(),
            br#"{"result": {}}"#.to_vec(),
            edit(&signer.sign(&result("VALID", None, t0())), |v| {
                v["signature"]["payload"] = json!("***")
            }),
            edit(&signer.sign(&result("VALID", None, t0())), |v| {
                v["signature"]["value"] = json!(STANDARD.encode([1u8; 10]))
            }),
            signer.sign(&json!({"valid": true})).into_bytes(),
        ] {
            let err = verify_envelope(&bad, &keys, None, t0()).unwrap_err();
            assert!(matches!(err, Error::Malformed(_)), "{err:?}");
        }
    }

    #[test]
    fn a_retired_key_signs_nothing_new() {
        let signer = Signer::new("k1");
        let retired = t0() + minutes(60);
        let list = json!({"keys": [
            {"key_id": "k1", "algorithm": "ed25519", "public_key": signer.public_b64(), "active": false,
             "retired_at": retired.to_rfc3339()}
        ]});
        let mut keys = PublicKeys::new();
        keys.insert_key_list(list.to_string().as_bytes()).unwrap();
        let verifier = Verifier::new(keys);
        let late = signer.sign(&result("VALID", Some(NONCE), retired + minutes(6)));
        let err = verifier
            .verify(late.as_bytes(), Some(NONCE), retired + minutes(6))
            .unwrap_err();
        assert!(matches!(err, Error::KeyRetired { .. }), "{err:?}");
        let within = signer.sign(&result("VALID", Some(NONCE), retired + minutes(4)));
        assert!(verifier
            .verify(within.as_bytes(), Some(NONCE), retired + minutes(4))
            .is_ok());
        let grace = Duration::from_secs(86_400);
        let err = verifier
            .verify_stored(within.as_bytes(), retired + minutes(10), grace)
            .unwrap_err();
        assert!(matches!(err, Error::KeyRetired { .. }), "{err:?}");
        let before = signer.sign(&result("VALID", None, t0()));
        assert!(verifier
            .verify_stored(before.as_bytes(), retired + minutes(10), grace)
            .is_ok());
        // Pinned by hand: active.
        assert!(Verifier::new(signer.keys())
            .verify(late.as_bytes(), Some(NONCE), retired + minutes(6))
            .is_ok());
    }

    #[test]
    fn keys_are_checked_when_pinned() {
        let mut keys = PublicKeys::new();
        assert!(matches!(
            keys.insert("k", "not base64!"),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            keys.insert("k", &STANDARD.encode([7u8; 31])),
            Err(Error::Config(_))
        ));
        let signer = Signer::new("k1");
        let list = json!({"keys": [
            {"key_id": "k1", "algorithm": "ed25519", "public_key": signer.public_b64(), "active": true,
             "created_at": "2026-11-29T10:00:00Z", "retired_at": null}
        ]});
        keys.insert_key_list(list.to_string().as_bytes()).unwrap();
        assert_eq!(keys.len(), 1);
        let envelope = signer.sign(&result("VALID", None, t0()));
        assert!(verify_envelope(envelope.as_bytes(), &keys, None, t0()).is_ok());
    }
}
