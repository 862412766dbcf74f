use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use latchkey_macros::spec_limits;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::db::time;
use crate::paging::PageMeta;
use crate::schema::products;
use crate::signing::model::PublicKey;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = products)]
pub struct ProductRow {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub status: String,
    pub max_activations: Option<i64>,
    pub validity_days: Option<i64>,
    pub send_license_email: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ProductRow {
    pub fn is_active(&self) -> bool {
        self.status == ProductStatus::Active.as_str()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    Active,
    /// No new licenses can be created or assigned; existing ones keep working.
    Inactive,
}

impl ProductStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProductStatus::Active => "active",
            ProductStatus::Inactive => "inactive",
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01936f4e-6666-7cc0-8a55-0d4e3b1f2a10",
    "name": "Pro Editor",
    "slug": "pro-editor",
    "description": "The desktop editor, Pro edition",
    "status": "active",
    "max_activations": 3,
    "validity_days": 365,
    "send_license_email": true,
    "license_count": 120,
    "public_keys": [{"key_id": "01936f4e-5555-7cc0-8a55-0d4e3b1f2a10", "algorithm": "ed25519",
                     "public_key": "0jR4sN0yJtq5mYxk5pQ0q9k2nWmH1j1bWcQ3a0mS6yE=", "active": true,
                     "created_at": "2026-11-29T10:00:00Z", "retired_at": null}],
    "created_at": "2026-11-29T10:00:00Z",
    "updated_at": "2026-11-29T10:00:00Z"
}))]
pub struct Product {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub status: ProductStatus,
    /// Default activation limit for new licenses; null = unlimited.
    pub max_activations: Option<i64>,
    /// Default validity of new licenses from assignment, in days; null = perpetual.
    pub validity_days: Option<i64>,
    /// Email the customer when a license of this product is assigned to them.
    pub send_license_email: bool,
    /// Licenses of this product, in every state.
    pub license_count: i64,
    /// Ed25519 keys that sign licensing answers for this product; the active one signs new
    /// answers, retired ones verify old answers by `key_id`.
    pub public_keys: Vec<PublicKey>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Product {
    pub fn from_row(r: &ProductRow, license_count: i64, public_keys: Vec<PublicKey>) -> Self {
        Product {
            id: r.id.clone(),
            name: r.name.clone(),
            slug: r.slug.clone(),
            description: r.description.clone(),
            status: if r.is_active() {
                ProductStatus::Active
            } else {
                ProductStatus::Inactive
            },
            max_activations: r.max_activations,
            validity_days: r.validity_days,
            send_license_email: r.send_license_email,
            license_count,
            public_keys,
            created_at: time::to_utc(r.created_at),
            updated_at: time::to_utc(r.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProductList {
    pub data: Vec<Product>,
    pub meta: PageMeta,
}

#[spec_limits]
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"name": "Pro Editor", "slug": "pro-editor", "max_activations": 3, "validity_days": 365, "send_license_email": true}))]
pub struct CreateProductRequest {
    #[validate(length(min = 1, max = 200, message = "must be 1 to 200 characters"))]
    pub name: String,
    /// Lower-case letters, digits and single hyphens, at most 64 characters (surrounding
    /// spaces are trimmed); derived from the name when absent.
    pub slug: Option<String>,
    #[validate(length(max = 5000))]
    pub description: Option<String>,
    pub status: Option<ProductStatus>,
    #[validate(range(
        min = 1,
        max = 1000000,
        message = "must be at least 1 (null for unlimited)"
    ))]
    pub max_activations: Option<i64>,
    #[validate(range(
        min = 1,
        max = 36500,
        message = "must be 1 to 36500 days (null for perpetual)"
    ))]
    pub validity_days: Option<i64>,
    pub send_license_email: Option<bool>,
}

#[spec_limits]
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"status": "inactive", "max_activations": null}))]
pub struct UpdateProductRequest {
    #[validate(length(min = 1, max = 200, message = "must be 1 to 200 characters"))]
    pub name: Option<String>,
    /// Lower-case letters, digits and single hyphens, at most 64 characters (surrounding
    /// spaces are trimmed).
    pub slug: Option<String>,
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    pub status: Option<ProductStatus>,
    /// `null` makes new licenses unlimited.
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<i64>)]
    #[validate(range(
        min = 1,
        max = 1000000,
        message = "must be at least 1 (null for unlimited)"
    ))]
    pub max_activations: Option<Option<i64>>,
    /// `null` makes new licenses perpetual.
    #[serde(default, deserialize_with = "crate::validate::present")]
    #[schema(value_type = Option<i64>)]
    #[validate(range(
        min = 1,
        max = 36500,
        message = "must be 1 to 36500 days (null for perpetual)"
    ))]
    pub validity_days: Option<Option<i64>>,
    pub send_license_email: Option<bool>,
}
