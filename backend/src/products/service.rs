use std::collections::HashMap;

use super::model::*;
use super::store::{self, ListFilter, ProductChanges};
use crate::audit::{self, Actor, Change};
use crate::auth::Principal;
use crate::context::RequestCtx;
use crate::crypto::Secrets;
use crate::db::{time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::paging::{like_pattern, PageMeta, Paging, Sort};
use crate::signing;
use crate::validate::{is_valid_slug, slugify};

pub fn not_found() -> ApiError {
    ApiError::not_found("Product")
}

pub fn get_row(conn: &mut DbConn, id: &str) -> ApiResult<ProductRow> {
    store::find(conn, id)?.ok_or_else(not_found)
}

/// By id or slug, for imports.
pub fn find_by_id_or_slug(conn: &mut DbConn, key: &str) -> ApiResult<Option<ProductRow>> {
    Ok(store::find_by_id_or_slug(conn, key)?)
}

pub fn get(conn: &mut DbConn, id: &str) -> ApiResult<Product> {
    let row = get_row(conn, id)?;
    present(conn, &row)
}

fn present(conn: &mut DbConn, row: &ProductRow) -> ApiResult<Product> {
    let count = store::license_count(conn, &row.id)?;
    let keys = signing::service::public_keys(conn, Some(&row.id))?;
    Ok(Product::from_row(row, count, keys))
}

pub fn list(
    conn: &mut DbConn,
    search: Option<&str>,
    status: Option<ProductStatus>,
    sort: &Sort,
    paging: Paging,
) -> ApiResult<(Vec<Product>, PageMeta)> {
    let filter = ListFilter {
        search: search
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(like_pattern),
        status: status.map(|s| s.as_str().to_string()),
    };
    let (rows, total) = store::list(conn, &filter, sort, paging.offset(), paging.per_page)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let counts: HashMap<String, i64> = store::license_counts(conn, &ids)?.into_iter().collect();
    let mut keys: HashMap<String, Vec<_>> = HashMap::new();
    for (product_id, key) in signing::service::public_keys_of(conn, &ids)? {
        keys.entry(product_id).or_default().push(key);
    }
    let data = rows
        .iter()
        .map(|r| {
            Product::from_row(
                r,
                counts.get(&r.id).copied().unwrap_or(0),
                keys.remove(&r.id).unwrap_or_default(),
            )
        })
        .collect();
    Ok((data, paging.meta(total)))
}

fn check_slug(conn: &mut DbConn, slug: &str, except: Option<&str>) -> ApiResult<()> {
    if !is_valid_slug(slug) {
        return Err(ApiError::field(
            "slug",
            "must be lower-case letters, digits and single hyphens, at most 64 characters",
        ));
    }
    if store::slug_taken(conn, slug, except)? {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            format!("Another product already uses the slug `{slug}`."),
        ));
    }
    Ok(())
}

fn trimmed(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

pub fn create(
    conn: &mut DbConn,
    secrets: &Secrets,
    principal: &Principal,
    req: &CreateProductRequest,
    ctx: &RequestCtx,
) -> ApiResult<Product> {
    create_as(conn, secrets, &principal.actor(), req, ctx)
}

/// [`create`] on behalf of any actor, e.g. [`Actor::System`] for `latchkey seed`.
pub fn create_as(
    conn: &mut DbConn,
    secrets: &Secrets,
    actor: &Actor,
    req: &CreateProductRequest,
    ctx: &RequestCtx,
) -> ApiResult<Product> {
    let name = trimmed(&req.name).ok_or_else(|| ApiError::field("name", "must not be blank"))?;
    let slug = match &req.slug {
        Some(s) => s.trim().to_string(),
        None => slugify(&name),
    };
    let now = time::now();
    let row = ProductRow {
        id: uuid::Uuid::now_v7().to_string(),
        name,
        slug,
        description: req.description.as_deref().and_then(trimmed),
        status: req
            .status
            .unwrap_or(ProductStatus::Active)
            .as_str()
            .to_string(),
        max_activations: req.max_activations,
        validity_days: req.validity_days,
        send_license_email: req.send_license_email.unwrap_or(false),
        created_at: now,
        updated_at: now,
    };
    write_tx(conn, |c| {
        check_slug(c, &row.slug, None)?;
        store::insert(c, &row)?;
        signing::service::create_for_product(c, secrets, &row.id)?;
        let product = present(c, &row)?;
        audit::record(
            c,
            actor,
            ctx,
            Change::new("product.created", "product", Some(&row.id)).after(&product),
        )?;
        Ok(product)
    })
}

pub fn update(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    req: &UpdateProductRequest,
    ctx: &RequestCtx,
) -> ApiResult<Product> {
    let name = match &req.name {
        Some(n) => Some(trimmed(n).ok_or_else(|| ApiError::field("name", "must not be blank"))?),
        None => None,
    };
    write_tx(conn, |c| {
        let before_row = get_row(c, id)?;
        let before = present(c, &before_row)?;
        if let Some(slug) = &req.slug {
            check_slug(c, slug.trim(), Some(id))?;
        }
        let changes = ProductChanges {
            name,
            slug: req.slug.as_deref().map(|s| s.trim().to_string()),
            description: req
                .description
                .clone()
                .map(|d| d.as_deref().and_then(trimmed)),
            status: req.status.map(|s| s.as_str().to_string()),
            max_activations: req.max_activations,
            validity_days: req.validity_days,
            send_license_email: req.send_license_email,
            updated_at: Some(time::now()),
        };
        let row = store::update(c, id, &changes)?;
        let after = present(c, &row)?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("product.updated", "product", Some(id))
                .before(&before)
                .after(&after),
        )?;
        Ok(after)
    })
}

/// Deletes a product without licenses (its generators and keys go with it). Sold licenses
/// are never cascaded away: a product with licenses answers 409.
pub fn delete(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    write_tx(conn, |c| {
        let row = get_row(c, id)?;
        let count = store::license_count(c, id)?;
        if count > 0 {
            return Err(ApiError::conflict(format!(
                "This product has {count} license(s); delete or move them first, or set the product inactive."
            )));
        }
        let before = present(c, &row)?;
        store::delete(c, id)?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("product.deleted", "product", Some(id)).before(&before),
        )
    })
}

pub fn rotate_key(
    conn: &mut DbConn,
    secrets: &Secrets,
    principal: &Principal,
    id: &str,
    ctx: &RequestCtx,
) -> ApiResult<Product> {
    write_tx(conn, |c| {
        let row = get_row(c, id)?;
        let key = signing::service::rotate(c, secrets, Some(id))?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("product.key_rotated", "product", Some(id)).after(&key),
        )?;
        present(c, &row)
    })
}
