use super::keygen::DEFAULT_CHARSET;
use super::model::*;
use super::store::{self, GeneratorChanges};
use crate::audit::{self, Change};
use crate::auth::Principal;
use crate::context::RequestCtx;
use crate::db::{time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult};
use crate::paging::{PageMeta, Paging};
use crate::products;

fn not_found() -> ApiError {
    ApiError::not_found("Generator")
}

pub fn get_row(conn: &mut DbConn, product_id: &str, id: &str) -> ApiResult<GeneratorRow> {
    products::service::get_row(conn, product_id)?;
    store::find(conn, product_id, id)?.ok_or_else(not_found)
}

/// A generator by id alone (batch creation names only the generator).
pub fn find(conn: &mut DbConn, id: &str) -> ApiResult<Option<GeneratorRow>> {
    Ok(store::find_any(conn, id)?)
}

pub fn list(
    conn: &mut DbConn,
    product_id: &str,
    paging: Paging,
) -> ApiResult<(Vec<Generator>, PageMeta)> {
    products::service::get_row(conn, product_id)?;
    let (rows, total) = store::list(conn, product_id, paging.offset(), paging.per_page)?;
    Ok((
        rows.iter().map(Generator::from).collect(),
        paging.meta(total),
    ))
}

fn kind_str(k: KeyFormatKind) -> &'static str {
    match k {
        KeyFormatKind::Uuid => "uuid",
        KeyFormatKind::Chunks => "chunks",
    }
}

fn check(row: &GeneratorRow) -> ApiResult<()> {
    if let Some(n) = row.max_activations.filter(|n| !(1..=1_000_000).contains(n)) {
        return Err(ApiError::field(
            "max_activations",
            format!("must be at least 1, not {n}"),
        ));
    }
    if let Some(n) = row.validity_days.filter(|n| !(1..=36_500).contains(n)) {
        return Err(ApiError::field(
            "validity_days",
            format!("must be 1 to 36500 days, not {n}"),
        ));
    }
    if row.name.trim().is_empty() {
        return Err(ApiError::field("name", "must not be blank"));
    }
    row.key_format().validate().map_err(ApiError::validation)
}

pub fn create(
    conn: &mut DbConn,
    principal: &Principal,
    product_id: &str,
    req: &CreateGeneratorRequest,
    ctx: &RequestCtx,
) -> ApiResult<Generator> {
    let now = time::now();
    let row = GeneratorRow {
        id: uuid::Uuid::now_v7().to_string(),
        product_id: product_id.to_string(),
        name: req.name.trim().to_string(),
        format: kind_str(req.format).to_string(),
        prefix: req.prefix.clone().unwrap_or_default(),
        suffix: req.suffix.clone().unwrap_or_default(),
        chunk_count: req.chunk_count.unwrap_or(4),
        chunk_length: req.chunk_length.unwrap_or(5),
        charset: req
            .charset
            .clone()
            .unwrap_or_else(|| DEFAULT_CHARSET.to_string()),
        separator: req.separator.clone().unwrap_or_else(|| "-".to_string()),
        max_activations: req.max_activations,
        validity_days: req.validity_days,
        created_at: now,
        updated_at: now,
    };
    check(&row)?;
    write_tx(conn, |c| {
        products::service::get_row(c, product_id)?;
        store::insert(c, &row)?;
        let generator = Generator::from(&row);
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("generator.created", "generator", Some(&row.id)).after(&generator),
        )?;
        Ok(generator)
    })
}

pub fn update(
    conn: &mut DbConn,
    principal: &Principal,
    product_id: &str,
    id: &str,
    req: &UpdateGeneratorRequest,
    ctx: &RequestCtx,
) -> ApiResult<Generator> {
    write_tx(conn, |c| {
        let before = get_row(c, product_id, id)?;
        let mut after = before.clone();
        if let Some(v) = &req.name {
            after.name = v.trim().to_string();
        }
        if let Some(v) = req.format {
            after.format = kind_str(v).to_string();
        }
        if let Some(v) = &req.prefix {
            after.prefix = v.clone();
        }
        if let Some(v) = &req.suffix {
            after.suffix = v.clone();
        }
        if let Some(v) = req.chunk_count {
            after.chunk_count = v;
        }
        if let Some(v) = req.chunk_length {
            after.chunk_length = v;
        }
        if let Some(v) = &req.charset {
            after.charset = v.clone();
        }
        if let Some(v) = &req.separator {
            after.separator = v.clone();
        }
        if let Some(v) = req.max_activations {
            after.max_activations = v;
        }
        if let Some(v) = req.validity_days {
            after.validity_days = v;
        }
        check(&after)?;
        let changes = GeneratorChanges {
            name: Some(after.name.clone()),
            format: Some(after.format.clone()),
            prefix: Some(after.prefix.clone()),
            suffix: Some(after.suffix.clone()),
            chunk_count: Some(after.chunk_count),
            chunk_length: Some(after.chunk_length),
            charset: Some(after.charset.clone()),
            separator: Some(after.separator.clone()),
            max_activations: Some(after.max_activations),
            validity_days: Some(after.validity_days),
            updated_at: Some(time::now()),
        };
        let row = store::update(c, id, &changes)?;
        let generator = Generator::from(&row);
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("generator.updated", "generator", Some(id))
                .before(Generator::from(&before))
                .after(&generator),
        )?;
        Ok(generator)
    })
}

/// Licenses already made by the generator keep their keys; they just lose the link.
pub fn delete(
    conn: &mut DbConn,
    principal: &Principal,
    product_id: &str,
    id: &str,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    write_tx(conn, |c| {
        let before = get_row(c, product_id, id)?;
        store::delete(c, id)?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("generator.deleted", "generator", Some(id))
                .before(Generator::from(&before)),
        )
    })
}

pub fn preview(conn: &mut DbConn, product_id: &str, id: &str, count: usize) -> ApiResult<Preview> {
    let row = get_row(conn, product_id, id)?;
    let format = row.key_format();
    Ok(Preview {
        keys: (0..count).map(|_| format.generate()).collect(),
        entropy_bits: (format.entropy_bits() * 10.0).round() / 10.0,
    })
}
