//! Time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30 s), with a ±1 step window and
//! replay protection: a code's time step must be later than the last one accepted.

use totp_rs::{Algorithm, Secret, TOTP};

const STEP_SECS: u64 = 30;

pub fn generate_secret() -> Vec<u8> {
    match Secret::generate_secret().to_bytes() {
        Ok(bytes) => bytes,
        Err(_) => unreachable!("a generated secret is valid base32"),
    }
}

fn totp(secret: &[u8], account: &str) -> Option<TOTP> {
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECS,
        secret.to_vec(),
        Some("Latchkey".into()),
        account.replace(':', "_"),
    )
    .ok()
}

/// The `otpauth://` URL an authenticator app scans, and the base32 secret for manual entry.
pub fn provisioning(secret: &[u8], account: &str) -> (String, String) {
    let url = totp(secret, account)
        .map(|t| t.get_url())
        .unwrap_or_default();
    (url, Secret::Raw(secret.to_vec()).to_encoded().to_string())
}

/// The accepted time step, or `None` when the code is wrong or was already used.
pub fn verify(
    secret: &[u8],
    account: &str,
    code: &str,
    last_step: Option<i64>,
    now_unix: u64,
) -> Option<i64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret, account)?;
    let current = (now_unix / STEP_SECS) as i64;
    for step in [current - 1, current, current + 1] {
        if step < 0 || last_step.is_some_and(|last| step <= last) {
            continue;
        }
        let expected = t.generate(step as u64 * STEP_SECS);
        if crate::crypto::constant_time_eq(expected.as_bytes(), code.as_bytes()) {
            return Some(step);
        }
    }
    None
}

/// The current code, for tests and for the CLI.
pub fn current_code(secret: &[u8], account: &str, now_unix: u64) -> String {
    totp(secret, account)
        .map(|t| t.generate(now_unix))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_verify_once_within_the_window() {
        let secret = generate_secret();
        let now = 1_800_000_000;
        let code = current_code(&secret, "a@b.co", now);
        let step = verify(&secret, "a@b.co", &code, None, now).expect("valid code");
        assert!(
            verify(&secret, "a@b.co", &code, Some(step), now).is_none(),
            "replay refused"
        );
        assert!(
            verify(&secret, "a@b.co", &code, None, now + 300).is_none(),
            "too old"
        );
        assert!(verify(&secret, "a@b.co", "12345", None, now).is_none());
        let (url, b32) = provisioning(&secret, "a@b.co");
        assert!(url.starts_with("otpauth://totp/Latchkey"), "{url}");
        assert!(!b32.is_empty());
    }
}
