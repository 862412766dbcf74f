use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use latchkey_macros::spec_limits;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::keygen::{Format, KeyFormat};
use crate::db::time;
use crate::paging::PageMeta;
use crate::schema::generators;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = generators)]
pub struct GeneratorRow {
    pub id: String,
    pub product_id: String,
    pub name: String,
    pub format: String,
    pub prefix: String,
    pub suffix: String,
    pub chunk_count: i64,
    pub chunk_length: i64,
    pub charset: String,
    pub separator: String,
    pub max_activations: Option<i64>,
    pub validity_days: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl GeneratorRow {
    pub fn key_format(&self) -> KeyFormat {
        KeyFormat {
            prefix: self.prefix.clone(),
            suffix: self.suffix.clone(),
            format: if self.format == "uuid" {
                Format::Uuid
            } else {
                Format::Chunks {
                    chunk_count: self.chunk_count.max(0) as usize,
                    chunk_length: self.chunk_length.max(0) as usize,
                    charset: self.charset.as_bytes().to_vec(),
                    separator: self.separator.clone(),
                }
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeyFormatKind {
    /// A random UUID (v4), e.g. `8f14e45f-ceea-467f-a0e6-1b2c3d4e5f60`.
    Uuid,
    /// Groups of random characters, e.g. `PRO-7K4QX-M2H9T-…`.
    Chunks,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01936f4e-7777-7cc0-8a55-0d4e3b1f2a10",
    "product_id": "01936f4e-6666-7cc0-8a55-0d4e3b1f2a10",
    "name": "Retail keys",
    "format": "chunks",
    "prefix": "PRO-",
    "suffix": "",
    "chunk_count": 4,
    "chunk_length": 5,
    "charset": "ABCDEFGHJKLMNPQRSTUVWXYZ23456789",
    "separator": "-",
    "max_activations": null,
    "validity_days": null,
    "entropy_bits": 100.0,
    "example": "PRO-7K4QX-M2H9T-ZP3WA-C8RVN",
    "created_at": "2026-11-29T10:00:00Z",
    "updated_at": "2026-11-29T10:00:00Z"
}))]
pub struct Generator {
    pub id: String,
    pub product_id: String,
    pub name: String,
    pub format: KeyFormatKind,
    pub prefix: String,
    pub suffix: String,
    pub chunk_count: i64,
    pub chunk_length: i64,
    pub charset: String,
    pub separator: String,
    /// Overrides the product's default for licenses from this generator; null = use the product's.
    pub max_activations: Option<i64>,
    /// Overrides the product's default; null = use the product's.
    pub validity_days: Option<i64>,
    /// Random bits per key.
    pub entropy_bits: f64,
    /// A sample key (not reserved).
    pub example: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&GeneratorRow> for Generator {
    fn from(r: &GeneratorRow) -> Self {
        let format = r.key_format();
        Generator {
            id: r.id.clone(),
            product_id: r.product_id.clone(),
            name: r.name.clone(),
            format: if r.format == "uuid" {
                KeyFormatKind::Uuid
            } else {
                KeyFormatKind::Chunks
            },
            prefix: r.prefix.clone(),
            suffix: r.suffix.clone(),
            chunk_count: r.chunk_count,
            chunk_length: r.chunk_length,
            charset: r.charset.clone(),
            separator: r.separator.clone(),
            max_activations: r.max_activations,
            validity_days: r.validity_days,
            entropy_bits: (format.entropy_bits() * 10.0).round() / 10.0,
            example: format.generate(),
            created_at: time::to_utc(r.created_at),
            updated_at: time::to_utc(r.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct GeneratorList {
    pub data: Vec<Generator>,
    pub meta: PageMeta,
}

// The key-format limits (prefix, charset, separator) are checked by `KeyFormat::validate`
// on the format as a whole; a test in `tests/api/openapi.rs` holds the schema to its numbers.
#[spec_limits]
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"name": "Retail keys", "format": "chunks", "prefix": "PRO-", "chunk_count": 4, "chunk_length": 5}))]
pub struct CreateGeneratorRequest {
    #[validate(length(min = 1, max = 100, message = "must be 1 to 100 characters"))]
    pub name: String,
    pub format: KeyFormatKind,
    /// Printable ASCII, no spaces, at most 32 characters.
    #[schema(pattern = "^[!-~]*$", max_length = 32)]
    pub prefix: Option<String>,
    /// Printable ASCII, no spaces, at most 32 characters.
    #[schema(pattern = "^[!-~]*$", max_length = 32)]
    pub suffix: Option<String>,
    /// Default 4.
    #[validate(range(min = 1, max = 16, message = "must be 1 to 16"))]
    pub chunk_count: Option<i64>,
    /// Default 5.
    #[validate(range(min = 1, max = 32, message = "must be 1 to 32"))]
    pub chunk_length: Option<i64>,
    /// Default `ABCDEFGHJKLMNPQRSTUVWXYZ23456789` (no look-alikes such as 0/O, 1/I). At
    /// least 2 distinct printable ASCII characters, none twice; with the chunks, enough for
    /// 40 random bits per key.
    #[schema(pattern = "^[!-~]*$", min_length = 2, max_length = 94)]
    pub charset: Option<String>,
    /// Default `-`. At most 3 printable ASCII characters that are not in the charset.
    #[schema(pattern = "^[!-~]*$", max_length = 3)]
    pub separator: Option<String>,
    #[validate(range(min = 1, max = 1000000, message = "must be at least 1"))]
    pub max_activations: Option<i64>,
    #[validate(range(min = 1, max = 36500, message = "must be 1 to 36500 days"))]
    pub validity_days: Option<i64>,
}

#[spec_limits]
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"prefix": "PRO2-", "validity_days": 30}))]
pub struct UpdateGeneratorRequest {
    #[validate(length(min = 1, max = 100, message = "must be 1 to 100 characters"))]
    pub name: Option<String>,
    pub format: Option<KeyFormatKind>,
    /// Printable ASCII, no spaces, at most 32 characters.
    #[schema(pattern = "^[!-~]*$", max_length = 32)]
    pub prefix: Option<String>,
    /// Printable ASCII, no spaces, at most 32 characters.
    #[schema(pattern = "^[!-~]*$", max_length = 32)]
    pub suffix: Option<String>,
    #[validate(range(min = 1, max = 16, message = "must be 1 to 16"))]
    pub chunk_count: Option<i64>,
    #[validate(range(min = 1, max = 32, message = "must be 1 to 32"))]
    pub chunk_length: Option<i64>,
    /// At least 2 distinct printable ASCII characters, none twice; with the chunks, enough
    /// for 40 random bits per key.
    #[schema(pattern = "^[!-~]*$", min_length = 2, max_length = 94)]
    pub charset: Option<String>,
    /// At most 3 printable ASCII characters that are not in the charset.
    #[schema(pattern = "^[!-~]*$", max_length = 3)]
    pub separator: Option<String>,
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<i64>)]
    #[validate(range(min = 1, max = 1000000, message = "must be at least 1"))]
    pub max_activations: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<i64>)]
    #[validate(range(min = 1, max = 36500, message = "must be 1 to 36500 days"))]
    pub validity_days: Option<Option<i64>>,
}

#[spec_limits]
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"count": 5}))]
pub struct PreviewRequest {
    /// How many sample keys, 1 to 20 (default 5).
    #[validate(range(min = 1, max = 20))]
    pub count: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"keys": ["PRO-7K4QX-M2H9T-ZP3WA-C8RVN", "PRO-Q3M8D-W7YHK-2XRTP-N4BVA"], "entropy_bits": 100.0}))]
pub struct Preview {
    /// Sample keys in this format; none is reserved or stored.
    pub keys: Vec<String>,
    pub entropy_bits: f64,
}
