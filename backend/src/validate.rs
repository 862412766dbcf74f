//! Input rules shared by several features.

use serde::{Deserialize, Deserializer};

/// Trimmed, lower-cased email, or `None` when it is not a plausible address. Emails are
/// identities (admins, customers), so every feature normalises them the same way.
pub fn normalize_email(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    is_valid_email(&email).then_some(email)
}

pub fn is_valid_email(email: &str) -> bool {
    use validator::ValidateEmail;
    email.len() <= 254
        && email.validate_email()
        && email
            .split('@')
            .nth(1)
            .is_some_and(|d| d.contains('.') || d == "localhost")
}

/// Tells "field absent" (`None`) from "field set to null" (`Some(None)`) in PATCH bodies.
pub fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    de: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(de).map(Some)
}

/// A URL-safe identifier: lower-case letters and digits in groups joined by single hyphens.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 64
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `"Pro Editor 2026!"` → `"pro-editor-2026"`.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-')
        .chars()
        .take(64)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_slugs() {
        assert_eq!(
            normalize_email("  Sarah@Example.COM "),
            Some("sarah@example.com".into())
        );
        assert_eq!(normalize_email("nope"), None);
        assert_eq!(normalize_email("a@b"), None);
        assert_eq!(slugify("Pro Editor 2026!"), "pro-editor-2026");
        assert_eq!(slugify("--Ünïcode  app--"), "n-code-app");
        assert!(is_valid_slug("pro-editor-2026"));
        assert!(!is_valid_slug("Pro"));
        assert!(!is_valid_slug("a--b"));
        assert!(!is_valid_slug("-a"));
    }
}
