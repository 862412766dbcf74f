//! The server secret and what is derived from it: token signing keys, encryption at rest,
//! random tokens and hashes for stored secrets.

use std::io::Write;
use std::path::Path;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

const SECRET_FILE: &str = "secret.key";

/// Keys derived from the server secret (`LATCHKEY_SECRET_KEY` or `DATA_DIR/secret.key`).
#[derive(Clone)]
pub struct Secrets {
    master: Vec<u8>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(..)")
    }
}

/// Where the secret came from, so start-up can warn about a generated one.
#[derive(Debug, PartialEq, Eq)]
pub enum SecretOrigin {
    Environment,
    File,
    Generated,
}

impl Secrets {
    pub fn from_key(key: &str) -> Self {
        Self {
            master: key.as_bytes().to_vec(),
        }
    }

    /// Uses the configured key, else the key saved in the data dir, else generates one and
    /// saves it there with mode 0600 so restarts keep sessions and encrypted data readable.
    pub fn load_or_create(
        configured: Option<&str>,
        data_dir: &Path,
    ) -> std::io::Result<(Self, SecretOrigin)> {
        if let Some(key) = configured {
            return Ok((Self::from_key(key), SecretOrigin::Environment));
        }
        let path = data_dir.join(SECRET_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) if text.trim().len() >= 32 => {
                return Ok((Self::from_key(text.trim()), SecretOrigin::File))
            }
            Ok(_) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{} is shorter than 32 characters", path.display()),
                ))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        std::fs::create_dir_all(data_dir)?;
        let key = random_token(48);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&path)?;
        file.write_all(key.as_bytes())?;
        file.sync_all()?;
        Ok((Self::from_key(&key), SecretOrigin::Generated))
    }

    /// A 32-byte key for one purpose; purposes never share a key.
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.master).expect("HMAC takes any key length");
        mac.update(b"latchkey:");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// Encrypts a secret for storage: `v1:` + base64(nonce ‖ ciphertext).
    pub fn encrypt(&self, plaintext: &[u8]) -> String {
        let cipher = XChaCha20Poly1305::new(&self.derive("encryption-at-rest-v1").into());
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ciphertext = cipher
            .encrypt(XNonce::from_slice(&nonce), plaintext)
            .expect("encryption cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ciphertext);
        format!("v1:{}", STANDARD.encode(out))
    }

    pub fn decrypt(&self, stored: &str) -> Result<Vec<u8>, &'static str> {
        let body = stored
            .strip_prefix("v1:")
            .ok_or("unknown encryption version")?;
        let bytes = STANDARD.decode(body).map_err(|_| "not base64")?;
        if bytes.len() < 24 {
            return Err("ciphertext too short");
        }
        let (nonce, ciphertext) = bytes.split_at(24);
        let cipher = XChaCha20Poly1305::new(&self.derive("encryption-at-rest-v1").into());
        cipher
            .decrypt(XNonce::from_slice(nonce), ciphertext)
            .map_err(|_| "cannot decrypt (was the server secret changed?)")
    }
}

/// Writes a file only its owner can read (mode 0600), under a temporary name and then
/// renamed, so a reader never sees half of it. Creates the directory when missing.
pub fn write_private_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp)?;
    // A left-over temporary file keeps its old mode when opened again: set it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
}

/// `bytes` random bytes from the OS CSPRNG, base64url without padding.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// Random text over `charset`, without modulo bias.
pub fn random_string(len: usize, charset: &[u8]) -> String {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    (0..len)
        .map(|_| charset[rng.gen_range(0..charset.len())] as char)
        .collect()
}

/// Hex SHA-256, for storing high-entropy secrets (refresh tokens, API keys) so that a
/// database leak does not leak usable credentials.
pub fn sha256_hex(data: &str) -> String {
    hex::encode(Sha256::digest(data.as_bytes()))
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encryption_round_trips_and_detects_a_wrong_key() {
        let s = Secrets::from_key("k".repeat(40).as_str());
        let sealed = s.encrypt(b"totp secret");
        assert!(sealed.starts_with("v1:"));
        assert_ne!(s.encrypt(b"totp secret"), sealed, "nonces are random");
        assert_eq!(s.decrypt(&sealed).unwrap(), b"totp secret");
        let other = Secrets::from_key("x".repeat(40).as_str());
        assert!(other.decrypt(&sealed).is_err());
    }

    #[test]
    fn generated_secret_is_saved_with_mode_0600_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let (a, origin) = Secrets::load_or_create(None, dir.path()).unwrap();
        assert_eq!(origin, SecretOrigin::Generated);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(SECRET_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let (b, origin) = Secrets::load_or_create(None, dir.path()).unwrap();
        assert_eq!(origin, SecretOrigin::File);
        assert_eq!(a.derive("x"), b.derive("x"));
        assert_ne!(a.derive("x"), a.derive("y"));
    }
}
