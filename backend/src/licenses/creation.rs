//! Making licenses: one, or a batch, with keys from the product's generator (or given),
//! the product's defaults, and an owner found or created by email.

use std::collections::HashSet;

use chrono::NaiveDateTime;

use super::model::*;
use super::service::{invalid, present};
use super::store::{self};
use crate::audit::{self, Change};
use crate::auth::Principal;
use crate::context::RequestCtx;
use crate::db::{time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::generators::keygen::{Format, KeyFormat};
use crate::generators::model::GeneratorRow;
use crate::products::{self, model::ProductRow};

fn default_format() -> KeyFormat {
    KeyFormat {
        prefix: String::new(),
        suffix: String::new(),
        format: Format::Uuid,
    }
}

fn check_explicit_key(key: &str) -> ApiResult<String> {
    let key = key.trim();
    if key.len() < 4 || key.len() > 200 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::field(
            "key",
            "must be 4 to 200 printable ASCII characters without spaces",
        ));
    }
    Ok(key.to_string())
}

pub(super) fn metadata_text(value: Option<&serde_json::Value>) -> ApiResult<String> {
    match value {
        None => Ok("{}".into()),
        Some(v @ serde_json::Value::Object(_)) => Ok(v.to_string()),
        Some(_) => Err(ApiError::field("metadata", "must be a JSON object")),
    }
}

/// What a new license gets from its product and generator, and the explicit request values.
pub struct Defaults<'a> {
    pub product: &'a ProductRow,
    pub generator: Option<&'a GeneratorRow>,
}

impl Defaults<'_> {
    fn max_activations(&self, explicit: Option<i64>) -> Option<i64> {
        explicit
            .or(self.generator.and_then(|g| g.max_activations))
            .or(self.product.max_activations)
    }

    fn validity_days(&self, explicit: Option<i64>) -> Option<i64> {
        explicit
            .or(self.generator.and_then(|g| g.validity_days))
            .or(self.product.validity_days)
    }

    fn format(&self) -> KeyFormat {
        self.generator
            .map(GeneratorRow::key_format)
            .unwrap_or_else(default_format)
    }
}

/// `count` keys in `format`, unique among themselves and against every key ever issued.
pub fn fresh_keys(conn: &mut DbConn, format: &KeyFormat, count: usize) -> ApiResult<Vec<String>> {
    let mut keys: Vec<String> = Vec::with_capacity(count);
    let mut seen = HashSet::with_capacity(count);
    for _ in 0..20 {
        let mut candidates = Vec::new();
        while keys.len() + candidates.len() < count {
            let key = format.generate();
            if seen.insert(key.clone()) {
                candidates.push(key);
            }
        }
        let taken: HashSet<String> = store::taken_keys(conn, &candidates)?.into_iter().collect();
        keys.extend(candidates.into_iter().filter(|k| !taken.contains(k)));
        if keys.len() == count {
            return Ok(keys);
        }
    }
    Err(ApiError::conflict(
        "Could not find unused keys in this generator's key space; widen its format.",
    ))
}

/// A license row ready to insert.
#[allow(clippy::too_many_arguments)]
pub fn new_row(
    key: String,
    defaults: &Defaults<'_>,
    max_activations: Option<i64>,
    validity_days: Option<i64>,
    expires_at: Option<NaiveDateTime>,
    notes: Option<String>,
    metadata: String,
    now: NaiveDateTime,
) -> LicenseRow {
    LicenseRow {
        id: uuid::Uuid::now_v7().to_string(),
        license_key: key,
        product_id: defaults.product.id.clone(),
        customer_id: None,
        generator_id: defaults.generator.map(|g| g.id.clone()),
        max_activations: defaults.max_activations(max_activations),
        activations_used: 0,
        expires_at,
        validity_days: defaults.validity_days(validity_days),
        assigned_at: None,
        suspended_at: None,
        suspend_reason: None,
        revoked_at: None,
        revoke_reason: None,
        notes,
        metadata,
        created_at: now,
        updated_at: now,
    }
}

pub enum Created {
    One(Box<License>),
    Batch(BatchCreated),
}

fn resolve(
    conn: &mut DbConn,
    product_id: Option<&str>,
    generator_id: Option<&str>,
) -> ApiResult<(ProductRow, Option<GeneratorRow>)> {
    let generator = match generator_id {
        Some(id) => Some(
            crate::generators::service::find(conn, id)?
                .ok_or_else(|| ApiError::field("generator_id", "no such generator"))?,
        ),
        None => None,
    };
    let product_ref = match (product_id, &generator) {
        (Some(p), _) => p.to_string(),
        (None, Some(g)) => g.product_id.clone(),
        (None, None) => {
            return Err(ApiError::field(
                "product_id",
                "is required (or give generator_id)",
            ))
        }
    };
    // `product_id` may be a slug: compare with the generator's product once resolved.
    let product = products::service::find_by_id_or_slug(conn, &product_ref)?
        .ok_or_else(|| ApiError::field("product_id", "no such product"))?;
    if generator
        .as_ref()
        .is_some_and(|g| g.product_id != product.id)
    {
        return Err(ApiError::field(
            "generator_id",
            "belongs to another product",
        ));
    }
    if !product.is_active() {
        return Err(invalid(
            "The product is inactive: it gets no new licenses. Activate it first.",
        ));
    }
    Ok((product, generator))
}

fn created_change<'a>(row: &'a LicenseRow) -> Change<'a> {
    Change::new("license.created", "license", Some(&row.id)).after(AuditView::from(row))
}

pub fn create(
    conn: &mut DbConn,
    principal: &Principal,
    req: &CreateLicenseRequest,
    ctx: &RequestCtx,
) -> ApiResult<Created> {
    let metadata = metadata_text(req.metadata.as_ref())?;
    let expires_at = req.expires_at.map(time::from_utc);
    if let Some(count) = req.count {
        if req.generator_id.is_none() {
            return Err(ApiError::field(
                "generator_id",
                "is required for a batch (`count`)",
            ));
        }
        if req.key.is_some() {
            return Err(ApiError::field("key", "cannot be given for a batch"));
        }
        return create_batch(conn, principal, req, count, expires_at, metadata, ctx)
            .map(Created::Batch);
    }
    let explicit_key = req.key.as_deref().map(check_explicit_key).transpose()?;
    write_tx(conn, |c| {
        let (product, generator) =
            resolve(c, req.product_id.as_deref(), req.generator_id.as_deref())?;
        let defaults = Defaults {
            product: &product,
            generator: generator.as_ref(),
        };
        let key = match &explicit_key {
            Some(k) => {
                if !store::taken_keys(c, std::slice::from_ref(k))?.is_empty() {
                    return Err(ApiError::conflict(
                        "This key is already in use (or was used by a deleted license).",
                    ));
                }
                k.clone()
            }
            None => fresh_keys(c, &defaults.format(), 1)?.remove(0),
        };
        let now = time::now();
        let notes = req
            .notes
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        let row = new_row(
            key,
            &defaults,
            req.max_activations,
            req.validity_days,
            expires_at,
            notes,
            metadata.clone(),
            now,
        );
        store::insert_many(c, std::slice::from_ref(&row))?;
        audit::record(c, &principal.actor(), ctx, created_change(&row))?;
        Ok(Created::One(Box::new(present(c, &row, now)?)))
    })
}

fn create_batch(
    conn: &mut DbConn,
    principal: &Principal,
    req: &CreateLicenseRequest,
    count: usize,
    expires_at: Option<NaiveDateTime>,
    metadata: String,
    ctx: &RequestCtx,
) -> ApiResult<BatchCreated> {
    // A concurrent batch can take a key between our check and our insert; the unique index
    // refuses it and the whole batch is retried with fresh keys.
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result: ApiResult<BatchCreated> = write_tx(conn, |c| {
            let (product, generator) =
                resolve(c, req.product_id.as_deref(), req.generator_id.as_deref())?;
            let defaults = Defaults {
                product: &product,
                generator: generator.as_ref(),
            };
            let format = defaults.format();
            format
                .check_batch(count)
                .map_err(|m| ApiError::field("count", m))?;
            let now = time::now();
            let notes = req
                .notes
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string);
            let rows: Vec<LicenseRow> = fresh_keys(c, &format, count)?
                .into_iter()
                .map(|key| {
                    new_row(
                        key,
                        &defaults,
                        req.max_activations,
                        req.validity_days,
                        expires_at,
                        notes.clone(),
                        metadata.clone(),
                        now,
                    )
                })
                .collect();
            store::insert_many(c, &rows)?;
            audit::record_many(
                c,
                &principal.actor(),
                ctx,
                rows.iter().map(created_change).collect(),
            )?;
            Ok(BatchCreated {
                created: rows.len(),
                licenses: rows
                    .into_iter()
                    .map(|r| CreatedKey {
                        id: r.id,
                        key: r.license_key,
                    })
                    .collect(),
            })
        });
        match result {
            Err(e)
                if e.code == ErrorCode::Conflict
                    && attempt < 3
                    && e.errors.as_ref().is_some_and(|f| f.contains_key("key")) =>
            {
                continue
            }
            other => return other,
        }
    }
}
