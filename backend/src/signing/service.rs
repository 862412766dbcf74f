use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::SigningKey;

use super::model::{ActiveKey, PublicKey, SigningKeyRow};
use super::store;
use crate::audit::{self, Actor, Change};
use crate::context::RequestCtx;
use crate::crypto::Secrets;
use crate::db::{lock_invariant, locks, time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult};

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

/// Retires the active key of a product (or of the server, `None`) and makes a new one;
/// call inside the caller's transaction.
pub fn rotate(
    conn: &mut DbConn,
    secrets: &Secrets,
    product_id: Option<&str>,
) -> ApiResult<PublicKey> {
    store::retire_active(conn, product_id, time::now())?;
    let row = new_key(secrets, product_id);
    store::insert(conn, &row)?;
    Ok(PublicKey::from(&row))
}

/// Creates the server-wide key on first start. Several processes may start at once on one
/// PostgreSQL: the advisory lock lets only one create it.
pub fn ensure_server_key(conn: &mut DbConn, secrets: &Secrets) -> ApiResult<()> {
    write_tx(conn, |c| {
        lock_invariant(c, locks::SERVER_KEY)?;
        if store::active_of(c, None)?.is_none() {
            store::insert(c, &new_key(secrets, None))?;
        }
        Ok(())
    })
}

/// Rotates the server-wide key, audited; answers the server's keys.
pub fn rotate_server_key(
    conn: &mut DbConn,
    secrets: &Secrets,
    actor: &Actor,
    ctx: &RequestCtx,
) -> ApiResult<Vec<PublicKey>> {
    write_tx(conn, |c| {
        lock_invariant(c, locks::SERVER_KEY)?;
        let key = rotate(c, secrets, None)?;
        audit::record(
            c,
            actor,
            ctx,
            Change::new("server_key.rotated", "signing_key", Some(&key.key_id)).after(&key),
        )?;
        public_keys(c, None)
    })
}

/// Every key of a product (or of the server, `None`), oldest first.
pub fn public_keys(conn: &mut DbConn, product_id: Option<&str>) -> ApiResult<Vec<PublicKey>> {
    Ok(store::keys_of(conn, product_id)?
        .iter()
        .map(PublicKey::from)
        .collect())
}

/// The private key that signs new answers for a product (or for the server, `None`).
pub fn active_key(
    conn: &mut DbConn,
    secrets: &Secrets,
    product_id: Option<&str>,
) -> ApiResult<Option<ActiveKey>> {
    let Some(row) = store::active_of(conn, product_id)? else {
        return Ok(None);
    };
    let private: [u8; 32] = secrets
        .decrypt(&row.private_key)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| {
            ApiError::internal(format!(
                "signing key {} cannot be decrypted with the server secret",
                row.id
            ))
        })?;
    Ok(Some(ActiveKey {
        key_id: row.id,
        key: SigningKey::from_bytes(&private),
    }))
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
