use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::time;
use crate::schema::signing_keys;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = signing_keys)]
pub struct SigningKeyRow {
    pub id: String,
    pub product_id: Option<String>,
    pub public_key: String,
    /// Encrypted with the server secret (`crypto::Secrets::encrypt`).
    pub private_key: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub retired_at: Option<NaiveDateTime>,
}

/// A published verification key.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "key_id": "01936f4e-5555-7cc0-8a55-0d4e3b1f2a10",
    "algorithm": "ed25519",
    "public_key": "0jR4sN0yJtq5mYxk5pQ0q9k2nWmH1j1bWcQ3a0mS6yE=",
    "active": true,
    "created_at": "2026-11-29T10:00:00Z",
    "retired_at": null
}))]
pub struct PublicKey {
    pub key_id: String,
    /// Always `ed25519`.
    pub algorithm: String,
    /// The 32-byte Ed25519 public key, standard base64.
    pub public_key: String,
    /// The key that signs new answers; retired keys stay published for old answers.
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub retired_at: Option<DateTime<Utc>>,
}

impl From<&SigningKeyRow> for PublicKey {
    fn from(r: &SigningKeyRow) -> Self {
        PublicKey {
            key_id: r.id.clone(),
            algorithm: "ed25519".into(),
            public_key: r.public_key.clone(),
            active: r.active,
            created_at: time::to_utc(r.created_at),
            retired_at: r.retired_at.map(time::to_utc),
        }
    }
}

/// A decrypted private key and its id, held in memory to sign answers.
pub struct ActiveKey {
    pub key_id: String,
    pub key: ed25519_dalek::SigningKey,
}
