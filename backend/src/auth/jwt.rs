//! Access tokens: HS256 JWTs with an audience per portal (`admin`, `portal`), signed with a
//! key derived from the server secret.

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::crypto::Secrets;

pub const ISSUER: &str = "latchkey";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Admin,
    Portal,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Admin => "admin",
            Audience::Portal => "portal",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The principal's id.
    pub sub: String,
    /// The session the token belongs to; revoking the session ends the token.
    pub sid: String,
    pub aud: String,
    pub iss: String,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl JwtKeys {
    pub fn new(secrets: &Secrets) -> Self {
        let key = secrets.derive("jwt-hs256-v1");
        Self {
            encoding: EncodingKey::from_secret(&key),
            decoding: DecodingKey::from_secret(&key),
        }
    }

    pub fn issue(&self, audience: Audience, subject: &str, session: &str, ttl_secs: i64) -> String {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: subject.to_string(),
            sid: session.to_string(),
            aud: audience.as_str().to_string(),
            iss: ISSUER.to_string(),
            iat: now,
            exp: now + ttl_secs,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .expect("HS256 signing cannot fail")
    }

    /// Verifies signature, expiry, issuer and audience: a portal token is refused here when
    /// an admin token is expected, and the other way round.
    pub fn verify(&self, audience: Audience, token: &str) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[audience.as_str()]);
        validation.set_issuer(&[ISSUER]);
        validation.leeway = 5;
        decode::<Claims>(token, &self.decoding, &validation)
            .ok()
            .map(|d| d.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audience_separates_admin_and_portal_tokens() {
        let keys = JwtKeys::new(&Secrets::from_key(&"s".repeat(40)));
        let t = keys.issue(Audience::Admin, "a1", "s1", 60);
        assert_eq!(keys.verify(Audience::Admin, &t).unwrap().sub, "a1");
        assert!(keys.verify(Audience::Portal, &t).is_none());
        let expired = keys.issue(Audience::Admin, "a1", "s1", -120);
        assert!(keys.verify(Audience::Admin, &expired).is_none());
        let other = JwtKeys::new(&Secrets::from_key(&"o".repeat(40)));
        assert!(other.verify(Audience::Admin, &t).is_none());
    }
}
