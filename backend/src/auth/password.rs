//! Password hashing with bcrypt. Hashing is CPU work: call these from a blocking thread.

use std::sync::OnceLock;

use crate::config::DEFAULT_PASSWORD_MIN_LENGTH as DEFAULT_MIN_LENGTH;

/// bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut.
pub const MAX_PASSWORD_BYTES: usize = 72;

pub fn hash(password: &str, cost: u32) -> Result<String, bcrypt::BcryptError> {
    bcrypt::hash(password, cost)
}

pub fn verify(password: &str, stored_hash: &str) -> bool {
    bcrypt::verify(password, stored_hash).unwrap_or(false)
}

/// Spends the same time as [`verify`] when there is no account, so response times do not
/// tell which emails exist.
pub fn verify_dummy(password: &str, cost: u32) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let hash =
        DUMMY.get_or_init(|| bcrypt::hash("latchkey-timing-equaliser", cost).unwrap_or_default());
    let _ = bcrypt::verify(password, hash);
}

/// Field errors for a new password, or `None` when it is acceptable: at least
/// `min_length` characters, and characters of at least `min_classes` of the four kinds
/// (lower-case, upper-case, digits, symbols; 0 asks for no mix).
pub fn check_rules(password: &str, min_length: usize, min_classes: usize) -> Option<String> {
    let chars = password.chars().count();
    if chars < min_length {
        return Some(format!("must be at least {min_length} characters"));
    }
    let kinds = [
        password.chars().any(char::is_lowercase),
        password.chars().any(char::is_uppercase),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ];
    if kinds.iter().filter(|k| **k).count() < min_classes {
        return Some(format!(
            "must mix at least {min_classes} of: lower-case letters, upper-case letters, digits, symbols"
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Some(format!("must be at most {MAX_PASSWORD_BYTES} bytes"));
    }
    if password.trim().is_empty() {
        return Some("must not be blank".into());
    }
    None
}

/// What the spec says of a new password: the default minimum in characters, the maximum
/// (bcrypt's, in bytes) as an upper bound in characters, something besides spaces, no NUL.
pub fn new_password_schema() -> utoipa::openapi::Object {
    password_schema(
        utoipa::openapi::schema::Type::String.into(),
        "A new password",
    )
}

/// [`new_password_schema`] for a password that may be left out.
pub fn optional_new_password_schema() -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{SchemaType, Type};
    password_schema(
        SchemaType::from_iter([Type::String, Type::Null]),
        "Leave out to have a password generated and returned once. Otherwise",
    )
}

fn password_schema(of: utoipa::openapi::schema::SchemaType, lead: &str) -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(of)
        .min_length(Some(DEFAULT_MIN_LENGTH))
        .max_length(Some(MAX_PASSWORD_BYTES))
        .pattern(Some("^[^\\x00]*[^\\s\\x00][^\\x00]*$"))
        .description(Some(format!(
            "{lead}: at least {DEFAULT_MIN_LENGTH} characters unless the server sets \
             `LATCHKEY_PASSWORD_MIN_LENGTH` (8 to 72), at most {MAX_PASSWORD_BYTES} bytes in \
             UTF-8, not blank, and with `LATCHKEY_PASSWORD_MIN_CLASSES` set, a mix of that many \
             of lower-case letters, upper-case letters, digits and symbols."
        )))
        .build()
}

/// A random password for generated accounts: 20 characters from 56, about 116 bits.
pub fn generate() -> String {
    crate::crypto::random_string(
        20,
        b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_name_the_problem() {
        assert!(check_rules("short", 10, 0).unwrap().contains("at least 10"));
        assert!(check_rules(&"x".repeat(73), 10, 0).unwrap().contains("72"));
        assert!(check_rules("a perfectly fine one", 10, 0).is_none());
        // Lower-case and a space (a symbol): two kinds.
        assert!(check_rules("a perfectly fine one", 10, 2).is_none());
        assert_eq!(
            check_rules("a perfectly fine one", 10, 3).unwrap(),
            "must mix at least 3 of: lower-case letters, upper-case letters, digits, symbols"
        );
        assert!(check_rules("A perfectly fine 1", 10, 4).is_none());
    }

    #[test]
    fn hash_and_verify() {
        let h = hash("correct horse", 4).unwrap();
        assert!(verify("correct horse", &h));
        assert!(!verify("wrong horse", &h));
        assert!(!verify("x", "not a hash"));
        assert_eq!(generate().len(), 20);
    }
}
