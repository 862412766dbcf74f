//! Key formats: validation, key-space arithmetic and generation from the OS CSPRNG.

use crate::error::FieldErrors;

/// Letters and digits without look-alikes (no 0/O, 1/I).
pub const DEFAULT_CHARSET: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Fewer random bits than this make keys guessable.
pub const MIN_ENTROPY_BITS: f64 = 40.0;
/// A batch must leave this many bits of margin over its size, so collisions stay rare.
const BATCH_MARGIN_BITS: f64 = 20.0;
const MAX_KEY_LENGTH: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Uuid,
    Chunks {
        chunk_count: usize,
        chunk_length: usize,
        charset: Vec<u8>,
        separator: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFormat {
    pub prefix: String,
    pub suffix: String,
    pub format: Format,
}

fn printable(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_graphic())
}

impl KeyFormat {
    /// Checks a format, naming each bad field.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        fn add(errors: &mut FieldErrors, field: &str, msg: String) {
            errors.entry(field.to_string()).or_default().push(msg);
        }
        for (field, value) in [("prefix", &self.prefix), ("suffix", &self.suffix)] {
            if value.len() > 32 || !printable(value) {
                add(
                    &mut errors,
                    field,
                    "must be at most 32 printable ASCII characters without spaces".into(),
                );
            }
        }
        if let Format::Chunks {
            chunk_count,
            chunk_length,
            charset,
            separator,
        } = &self.format
        {
            if !(1..=16).contains(chunk_count) {
                add(&mut errors, "chunk_count", "must be 1 to 16".into());
            }
            if !(1..=32).contains(chunk_length) {
                add(&mut errors, "chunk_length", "must be 1 to 32".into());
            }
            let mut unique = charset.clone();
            unique.sort_unstable();
            unique.dedup();
            if charset.len() < 2
                || unique.len() != charset.len()
                || !charset.iter().all(u8::is_ascii_graphic)
            {
                add(
                    &mut errors,
                    "charset",
                    "must be at least 2 distinct printable ASCII characters".into(),
                );
            }
            if separator.len() > 3
                || !printable(separator)
                || separator.bytes().any(|b| charset.contains(&b))
            {
                add(
                    &mut errors,
                    "separator",
                    "must be at most 3 printable characters that are not in the charset".into(),
                );
            }
            let bits = self.entropy_bits();
            if errors.is_empty() && bits < MIN_ENTROPY_BITS {
                add(&mut errors, "chunk_length", format!(
                    "keys would be too short to be secret: {bits:.0} random bits, at least {MIN_ENTROPY_BITS:.0} needed (more chunks, longer chunks or a larger charset)"
                ));
            }
        }
        if errors.is_empty() && self.key_length() > MAX_KEY_LENGTH {
            add(
                &mut errors,
                "chunk_count",
                format!("keys would be longer than {MAX_KEY_LENGTH} characters"),
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Random bits per key.
    pub fn entropy_bits(&self) -> f64 {
        match &self.format {
            Format::Uuid => 122.0,
            Format::Chunks {
                chunk_count,
                chunk_length,
                charset,
                ..
            } => *chunk_count as f64 * *chunk_length as f64 * (charset.len().max(1) as f64).log2(),
        }
    }

    pub fn key_length(&self) -> usize {
        let body = match &self.format {
            Format::Uuid => 36,
            Format::Chunks {
                chunk_count,
                chunk_length,
                separator,
                ..
            } => chunk_count.saturating_mul(*chunk_length).saturating_add(
                chunk_count
                    .saturating_sub(1)
                    .saturating_mul(separator.len()),
            ),
        };
        self.prefix
            .len()
            .saturating_add(body)
            .saturating_add(self.suffix.len())
    }

    /// `Err(message)` when a batch of `count` keys would risk collisions in this key space.
    pub fn check_batch(&self, count: usize) -> Result<(), String> {
        let needed = (count.max(1) as f64).log2() + BATCH_MARGIN_BITS;
        let bits = self.entropy_bits();
        if bits < needed {
            return Err(format!(
                "the generator's key space ({bits:.0} bits) is too small for {count} keys; {needed:.0} bits are needed"
            ));
        }
        Ok(())
    }

    pub fn generate(&self) -> String {
        let body = match &self.format {
            Format::Uuid => uuid::Uuid::new_v4().to_string(),
            Format::Chunks {
                chunk_count,
                chunk_length,
                charset,
                separator,
            } => (0..*chunk_count)
                .map(|_| crate::crypto::random_string(*chunk_length, charset))
                .collect::<Vec<_>>()
                .join(separator),
        };
        format!("{}{}{}", self.prefix, body, self.suffix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(count: usize, len: usize, charset: &str, sep: &str) -> KeyFormat {
        KeyFormat {
            prefix: "PRO-".into(),
            suffix: String::new(),
            format: Format::Chunks {
                chunk_count: count,
                chunk_length: len,
                charset: charset.as_bytes().to_vec(),
                separator: sep.into(),
            },
        }
    }

    #[test]
    fn chunked_keys_have_the_shape_asked_for() {
        let f = chunks(4, 5, DEFAULT_CHARSET, "-");
        f.validate().unwrap();
        let key = f.generate();
        assert_eq!(key.len(), f.key_length());
        let parts: Vec<&str> = key.trim_start_matches("PRO-").split('-').collect();
        assert_eq!(parts.len(), 4);
        assert!(parts
            .iter()
            .all(|p| p.len() == 5 && p.bytes().all(|b| DEFAULT_CHARSET.as_bytes().contains(&b))));
        assert_ne!(f.generate(), key);
        assert!(!DEFAULT_CHARSET.contains(['0', 'O', '1', 'I']));
    }

    #[test]
    fn impossible_formats_name_the_field() {
        assert!(
            chunks(1, 4, DEFAULT_CHARSET, "-")
                .validate()
                .unwrap_err()
                .contains_key("chunk_length"),
            "too short"
        );
        assert!(chunks(4, 5, "A", "-")
            .validate()
            .unwrap_err()
            .contains_key("charset"));
        assert!(chunks(4, 5, "", "-")
            .validate()
            .unwrap_err()
            .contains_key("charset"));
        assert!(chunks(4, 5, "AAB", "-")
            .validate()
            .unwrap_err()
            .contains_key("charset"));
        assert!(chunks(4, 5, "AB-C", "-")
            .validate()
            .unwrap_err()
            .contains_key("separator"));
        assert!(chunks(0, 5, DEFAULT_CHARSET, "-")
            .validate()
            .unwrap_err()
            .contains_key("chunk_count"));
        let mut f = chunks(4, 5, DEFAULT_CHARSET, "-");
        f.prefix = "has space".into();
        assert!(f.validate().unwrap_err().contains_key("prefix"));
    }

    #[test]
    fn batches_need_room_in_the_key_space() {
        let small = chunks(2, 4, DEFAULT_CHARSET, "-"); // 40 bits
        small.validate().unwrap();
        assert!(small.check_batch(10).is_ok());
        assert!(small.check_batch(10_000_000).is_err());
        let uuid = KeyFormat {
            prefix: String::new(),
            suffix: String::new(),
            format: Format::Uuid,
        };
        assert!(uuid.check_batch(10_000).is_ok());
        assert!(uuid::Uuid::parse_str(&uuid.generate()).is_ok());
    }
}
