use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::SigningKey;

use super::model::{PublicKey, SigningKeyRow};
use super::store;
use crate::crypto::Secrets;
use crate::db::{time, DbConn};
use crate::error::ApiResult;

/// A new active key pair for `product_id`, with the private half encrypted at rest.
fn new_key(secrets: &Secrets, product_id: Option<&str>) -> SigningKeyRow {
    let key = SigningKey::generate(&mut rand::rngs::OsRng);
    SigningKeyRow {
        id: uuid::Uuid::now_v7().to_string(),
        product_id: product_id.map(str::to_string),
        public_key: STANDARD.encode(key.verifying_key().to_bytes()),
        private_key: secrets.encrypt(&key.to_bytes()),
        active: true,
        created_at: time::now(),
        retired_at: None,
    }
}

pub fn create_for_product(
    conn: &mut DbConn,
    secrets: &Secrets,
    product_id: &str,
) -> ApiResult<PublicKey> {
    let row = new_key(secrets, Some(product_id));
    store::insert(conn, &row)?;
    Ok(PublicKey::from(&row))
}

/// Retires the active key and makes a new one; call inside the caller's transaction.
pub fn rotate(conn: &mut DbConn, secrets: &Secrets, product_id: &str) -> ApiResult<PublicKey> {
    store::retire_active(conn, product_id, time::now())?;
    create_for_product(conn, secrets, product_id)
}

pub fn public_keys(conn: &mut DbConn, product_id: &str) -> ApiResult<Vec<PublicKey>> {
    Ok(store::for_product(conn, product_id)?
        .iter()
        .map(PublicKey::from)
        .collect())
}

/// Public keys of several products, for lists.
pub fn public_keys_of(
    conn: &mut DbConn,
    product_ids: &[String],
) -> ApiResult<Vec<(String, PublicKey)>> {
    Ok(store::for_products(conn, product_ids)?
        .iter()
        .filter_map(|r| r.product_id.clone().map(|p| (p, PublicKey::from(r))))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_keys_are_encrypted_and_match_the_public_half() {
        let secrets = Secrets::from_key(&"s".repeat(40));
        let row = new_key(&secrets, Some("p1"));
        let private: [u8; 32] = secrets
            .decrypt(&row.private_key)
            .unwrap()
            .try_into()
            .unwrap();
        let key = SigningKey::from_bytes(&private);
        assert_eq!(
            STANDARD.encode(key.verifying_key().to_bytes()),
            row.public_key
        );
        assert!(!row.private_key.contains(&STANDARD.encode(private)));
    }
}
