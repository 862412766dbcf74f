use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDateTime};

use super::model::*;
use super::status::{LicenseStatus, StatusFacts};
use super::store::{self, Filter, LicenseChanges};
use crate::audit::{self, Change};
use crate::auth::Principal;
use crate::context::RequestCtx;
use crate::customers;
use crate::db::{time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::generators::keygen::{Format, KeyFormat};
use crate::generators::model::GeneratorRow;
use crate::outbox::{self, Template};
use crate::paging::{PageMeta, Paging, Sort};
use crate::products::{self, model::ProductRow};

fn not_found() -> ApiError {
    ApiError::not_found("License")
}

fn invalid(detail: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidTransition, detail)
}

fn changed_meanwhile() -> ApiError {
    ApiError::conflict("The license changed while this request ran; reload it and try again.")
}

pub fn get_row(conn: &mut DbConn, id: &str) -> ApiResult<LicenseRow> {
    store::find(conn, id)?.ok_or_else(not_found)
}

/// Locks the license with this key for the rest of the transaction and reads it; see
/// [`store::lock_by_key`]. Every change of a license, or of its activations, takes this
/// lock first: one lock order (the license, then its activations) for every writer, so
/// they queue instead of deadlocking on PostgreSQL.
pub fn lock_by_key(conn: &mut DbConn, key: &str) -> ApiResult<Option<LicenseRow>> {
    Ok(store::lock_by_key(conn, key)?)
}

/// [`lock_by_key`] by id.
pub fn lock(conn: &mut DbConn, id: &str) -> ApiResult<LicenseRow> {
    store::lock(conn, id)?.ok_or_else(not_found)
}

/// Counts an activation taking (`+1`) or freeing (`-1`) a slot; call under [`lock`].
pub fn count_activation(
    conn: &mut DbConn,
    id: &str,
    delta: i64,
    now: NaiveDateTime,
) -> ApiResult<()> {
    Ok(store::add_activations_used(conn, id, delta, now)?)
}

pub fn present(conn: &mut DbConn, row: &LicenseRow, now: NaiveDateTime) -> ApiResult<License> {
    let names = store::names(conn, row)?;
    Ok(License::from_row(row, names, now))
}

pub fn get(conn: &mut DbConn, id: &str) -> ApiResult<License> {
    let row = get_row(conn, id)?;
    present(conn, &row, time::now())
}

pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    sort: &Sort,
    paging: Paging,
) -> ApiResult<(Vec<License>, PageMeta)> {
    if store::too_broad_for_state(conn, filter)? {
        return Err(ApiError::field("search", too_broad_for_state()));
    }
    let (total, capped) = store::count(conn, filter)?;
    let rows = store::list(
        conn,
        filter,
        sort,
        paging.offset(),
        paging.per_page,
        Some(if capped { i64::MAX } else { total }),
    )?;
    let data = rows
        .into_iter()
        .map(|(row, product_name, customer_email, customer_name)| {
            License::from_row(
                &row,
                Names {
                    product_name,
                    customer_email,
                    customer_name,
                },
                filter.now,
            )
        })
        .collect();
    let mut meta = paging.meta(total);
    meta.total_capped = capped;
    Ok((data, meta))
}

/// Why a common search term and a rare status are refused together (422 on `search`).
pub fn too_broad_for_state() -> String {
    format!(
        "more than {} customers' names or emails contain this text, too many to combine with \
         the status suspended or revoked: type more of the name or email, or the start of a key",
        crate::paging::COUNT_CAP
    )
}

/// One page of the filtered list, for the CSV export.
pub fn page(
    conn: &mut DbConn,
    filter: &Filter,
    sort: &Sort,
    offset: i64,
    limit: i64,
) -> ApiResult<Vec<License>> {
    let rows = store::list(conn, filter, sort, offset, limit, None)?;
    Ok(listed(rows, filter.now))
}

fn listed(rows: Vec<store::ListedRow>, now: NaiveDateTime) -> Vec<License> {
    rows.into_iter()
        .map(|(row, product_name, customer_email, customer_name)| {
            License::from_row(
                &row,
                Names {
                    product_name,
                    customer_email,
                    customer_name,
                },
                now,
            )
        })
        .collect()
}

/// A customer's licenses counted by derived status, and their active activations (the
/// licenses' own counters): one read of the customer's licenses, whatever their number,
/// instead of a count per status (SQLite planned the activations count from the status
/// index, scanning every active activation: 4 s at a million).
pub fn owned_summary(
    conn: &mut DbConn,
    customer_id: &str,
    now: NaiveDateTime,
) -> ApiResult<(HashMap<LicenseStatus, i64>, i64)> {
    let mut by_status = HashMap::new();
    let mut active_activations = 0;
    for (revoked_at, suspended_at, expires_at, activations_used) in
        store::status_facts_of_customer(conn, customer_id)?
    {
        let facts = StatusFacts {
            revoked_at,
            suspended_at,
            expires_at,
            owned: true,
            activations_used,
        };
        *by_status
            .entry(LicenseStatus::from_facts(&facts, now))
            .or_insert(0) += 1;
        active_activations += activations_used;
    }
    Ok((by_status, active_activations))
}

/// The page of an export after `after` (the previous page's last license), in the list's
/// order: keyset paging, constant cost per page however deep.
pub fn page_after(
    conn: &mut DbConn,
    filter: &Filter,
    sort: &Sort,
    after: Option<&License>,
    limit: i64,
) -> ApiResult<Vec<License>> {
    let cursor = after.map(|l| store::Cursor {
        id: l.id.clone(),
        key: l.key.clone(),
        created_at: time::from_utc(l.created_at),
        expires_at: l.expires_at.map(time::from_utc),
    });
    let rows = store::list_after(conn, filter, sort, cursor.as_ref(), limit)?;
    Ok(listed(rows, filter.now))
}

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

fn metadata_text(value: Option<&serde_json::Value>) -> ApiResult<String> {
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

pub fn update(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    req: &UpdateLicenseRequest,
    ctx: &RequestCtx,
) -> ApiResult<License> {
    if req.key.is_some() {
        return Err(ApiError::field(
            "key",
            "is immutable; create a new license instead",
        ));
    }
    if req.product_id.is_some() {
        return Err(ApiError::field(
            "product_id",
            "is immutable; create a license for the other product",
        ));
    }
    if let Some(Some(n)) = req.max_activations {
        if !(1..=1_000_000).contains(&n) {
            return Err(ApiError::field(
                "max_activations",
                "must be at least 1 (null for unlimited)",
            ));
        }
    }
    if let Some(Some(n)) = req.validity_days {
        if !(1..=36_500).contains(&n) {
            return Err(ApiError::field(
                "validity_days",
                "must be 1 to 36500 days (null for none)",
            ));
        }
    }
    if let Some(Some(notes)) = &req.notes {
        if notes.chars().count() > 5000 {
            return Err(ApiError::field("notes", "must be at most 5000 characters"));
        }
    }
    let metadata = req
        .metadata
        .as_ref()
        .map(|m| metadata_text(Some(m)))
        .transpose()?;
    let notes = req
        .notes
        .clone()
        .map(|n| n.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
    transition(conn, principal, ctx, id, "license.updated", |_, _, _| {
        Ok(LicenseChanges {
            max_activations: req.max_activations,
            validity_days: req.validity_days,
            notes: notes.clone(),
            metadata: metadata.clone(),
            ..Default::default()
        })
    })
}

/// Reads the license, asks `decide` for the changes (or a refusal), applies them if nobody
/// changed the license meanwhile, and records the audit event — all in one transaction.
fn transition<F>(
    conn: &mut DbConn,
    principal: &Principal,
    ctx: &RequestCtx,
    id: &str,
    action: &str,
    decide: F,
) -> ApiResult<License>
where
    F: FnOnce(&mut DbConn, &LicenseRow, NaiveDateTime) -> ApiResult<LicenseChanges>,
{
    write_tx(conn, |c| {
        let before = lock(c, id)?;
        let now = time::now();
        let changes = LicenseChanges {
            updated_at: Some(now),
            ..decide(c, &before, now)?
        };
        let after =
            store::update_if_unchanged(c, &before, &changes)?.ok_or_else(changed_meanwhile)?;
        record_change(c, principal, ctx, action, &before, &after)?;
        present(c, &after, now)
    })
}

fn record_change(
    c: &mut DbConn,
    principal: &Principal,
    ctx: &RequestCtx,
    action: &str,
    before: &LicenseRow,
    after: &LicenseRow,
) -> ApiResult<()> {
    let mut change = Change::new(action, "license", Some(&after.id))
        .before(AuditView::from(before))
        .after(AuditView::from(after));
    if let Some(customer) = after
        .customer_id
        .as_deref()
        .or(before.customer_id.as_deref())
    {
        change = change.customer(customer);
    }
    audit::record(c, &principal.actor(), ctx, change)
}

pub fn suspend(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    reason: Option<String>,
    ctx: &RequestCtx,
) -> ApiResult<License> {
    transition(
        conn,
        principal,
        ctx,
        id,
        "license.suspended",
        |_, before, now| match LicenseStatus::of(before, now) {
            LicenseStatus::Revoked => Err(invalid("A revoked license cannot be suspended.")),
            LicenseStatus::Suspended => Err(invalid("The license is already suspended.")),
            _ => Ok(LicenseChanges {
                suspended_at: Some(Some(now)),
                suspend_reason: Some(reason),
                ..Default::default()
            }),
        },
    )
}

pub fn reinstate(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    ctx: &RequestCtx,
) -> ApiResult<License> {
    transition(
        conn,
        principal,
        ctx,
        id,
        "license.reinstated",
        |_, before, now| match LicenseStatus::of(before, now) {
            LicenseStatus::Suspended => Ok(LicenseChanges {
                suspended_at: Some(None),
                suspend_reason: Some(None),
                ..Default::default()
            }),
            other => Err(invalid(format!(
                "Only a suspended license can be reinstated; this one is {}.",
                other.as_str()
            ))),
        },
    )
}

pub fn revoke(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    reason: Option<String>,
    ctx: &RequestCtx,
) -> ApiResult<License> {
    transition(
        conn,
        principal,
        ctx,
        id,
        "license.revoked",
        |c, before, now| {
            if before.revoked_at.is_some() {
                return Err(invalid("The license is already revoked."));
            }
            store::deactivate_all(c, &before.id, "license revoked", now)?;
            Ok(LicenseChanges {
                revoked_at: Some(Some(now)),
                revoke_reason: Some(reason),
                activations_used: Some(0),
                ..Default::default()
            })
        },
    )
}

pub fn renew(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    expires_at: Option<NaiveDateTime>,
    ctx: &RequestCtx,
) -> ApiResult<License> {
    transition(
        conn,
        principal,
        ctx,
        id,
        "license.renewed",
        |_, before, now| {
            if before.revoked_at.is_some() {
                return Err(invalid("A revoked license cannot be renewed."));
            }
            if expires_at.is_some_and(|e| e <= now) {
                return Err(ApiError::field(
                    "expires_at",
                    "must be in the future (or null for perpetual)",
                ));
            }
            Ok(LicenseChanges {
                expires_at: Some(expires_at),
                ..Default::default()
            })
        },
    )
}

pub fn unassign(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    ctx: &RequestCtx,
) -> ApiResult<License> {
    transition(
        conn,
        principal,
        ctx,
        id,
        "license.unassigned",
        |c, before, now| {
            if before.revoked_at.is_some() {
                return Err(invalid("A revoked license cannot be unassigned."));
            }
            let Some(owner) = &before.customer_id else {
                return Err(invalid("The license is not assigned."));
            };
            // The owner's devices held the slots; they go with the owner.
            store::deactivate_all(c, &before.id, "license unassigned", now)?;
            customers::service::count_license(c, owner, -1)?;
            Ok(LicenseChanges {
                customer_id: Some(None),
                assigned_at: Some(None),
                activations_used: Some(0),
                ..Default::default()
            })
        },
    )
}

/// Assigns to the customer with `email` (created when new), or transfers to them when the
/// license is assigned to someone else.
pub fn assign(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    req: &AssignRequest,
    ctx: &RequestCtx,
) -> ApiResult<License> {
    let expires_at = req.expires_at.map(time::from_utc);
    write_tx(conn, |c| {
        let before = lock(c, id)?;
        let now = time::now();
        let after = assign_row(
            c,
            principal,
            ctx,
            &before,
            &req.email,
            req.name.as_deref(),
            expires_at,
            req.keep_activations,
            now,
        )?;
        present(c, &after, now)
    })
}

#[allow(clippy::too_many_arguments)]
fn assign_row(
    c: &mut DbConn,
    principal: &Principal,
    ctx: &RequestCtx,
    before: &LicenseRow,
    email: &str,
    name: Option<&str>,
    expires_at: Option<NaiveDateTime>,
    keep_activations: bool,
    now: NaiveDateTime,
) -> ApiResult<LicenseRow> {
    match LicenseStatus::of(before, now) {
        LicenseStatus::Revoked => return Err(invalid("A revoked license cannot be assigned.")),
        LicenseStatus::Suspended => {
            return Err(invalid("The license is suspended; reinstate it first."))
        }
        LicenseStatus::Expired => return Err(invalid("The license has expired; renew it first.")),
        _ => {}
    }
    if expires_at.is_some_and(|e| e <= now) {
        return Err(ApiError::field("expires_at", "must be in the future"));
    }
    let product = products::service::get_row(c, &before.product_id)?;
    let actor = principal.actor();
    let (customer, created) =
        customers::service::find_or_create(c, &actor, ctx, "email", email, name)?;
    if before.customer_id.as_deref() == Some(customer.id.as_str()) {
        return Ok(before.clone());
    }
    let transfer = before.customer_id.is_some();
    if !transfer && !product.is_active() {
        return Err(invalid(
            "The product is inactive: its licenses cannot be assigned.",
        ));
    }
    let expires = match expires_at {
        Some(e) => Some(e),
        None if !transfer && before.expires_at.is_none() => {
            before.validity_days.map(|d| now + Duration::days(d))
        }
        None => before.expires_at,
    };
    // The earlier owner's devices go with them, unless the same person is moving address.
    let freed = transfer && !keep_activations && before.activations_used > 0;
    let changes = LicenseChanges {
        customer_id: Some(Some(customer.id.clone())),
        assigned_at: Some(Some(now)),
        expires_at: Some(expires),
        activations_used: freed.then_some(0),
        updated_at: Some(now),
        ..Default::default()
    };
    let after = store::update_if_unchanged(c, before, &changes)?.ok_or_else(changed_meanwhile)?;
    if freed {
        store::deactivate_all(c, &before.id, "transferred", now)?;
    }
    if let Some(old) = &before.customer_id {
        customers::service::count_license(c, old, -1)?;
        audit::record(
            c,
            &actor,
            ctx,
            Change::new("license.transferred_away", "license", Some(&after.id))
                .customer(old)
                .before(AuditView::from(before))
                .after(AuditView::from(&after)),
        )?;
    }
    customers::service::count_license(c, &customer.id, 1)?;
    let action = if transfer {
        "license.transferred"
    } else {
        "license.assigned"
    };
    record_change(c, principal, ctx, action, before, &after)?;
    if product.send_license_email {
        let template = if created {
            Template::Invitation
        } else {
            Template::LicenseAssigned
        };
        let payload = serde_json::json!({"license_id": after.id, "product_id": product.id, "product_name": product.name});
        outbox::enqueue(c, template, &customer.email, Some(&customer.id), payload)?;
    }
    Ok(after)
}

/// Assigns every listed license to one customer, all or nothing.
pub fn bulk_assign(
    conn: &mut DbConn,
    principal: &Principal,
    req: &BulkAssignRequest,
    ctx: &RequestCtx,
) -> ApiResult<BulkAssigned> {
    let mut unique = HashSet::new();
    if let Some(dup) = req
        .license_ids
        .iter()
        .find(|id| !unique.insert(id.as_str()))
    {
        return Err(ApiError::field("license_ids", format!("lists {dup} twice")));
    }
    write_tx(conn, |c| {
        let now = time::now();
        let mut assigned = Vec::with_capacity(req.license_ids.len());
        for (i, id) in req.license_ids.iter().enumerate() {
            let before = store::lock(c, id)?.ok_or_else(|| {
                ApiError::field(&format!("license_ids[{i}]"), format!("no license {id}"))
            })?;
            let after = assign_row(
                c,
                principal,
                ctx,
                &before,
                &req.email,
                req.name.as_deref(),
                None,
                req.keep_activations,
                now,
            )
            .map_err(|e| {
                if e.code == ErrorCode::InvalidTransition {
                    invalid(format!(
                        "License {} ({}): {} Nothing was assigned.",
                        i + 1,
                        before.license_key,
                        e.detail
                    ))
                } else {
                    e
                }
            })?;
            assigned.push(after);
        }
        let customer_id = assigned[0].customer_id.clone().unwrap_or_default();
        let licenses = assigned
            .iter()
            .map(|r| present(c, r, now))
            .collect::<ApiResult<Vec<_>>>()?;
        Ok(BulkAssigned {
            assigned: licenses.len(),
            customer_id,
            licenses,
        })
    })
}

/// Deletes a license; its key is retired and never issued again.
pub fn delete(
    conn: &mut DbConn,
    principal: &Principal,
    id: &str,
    ctx: &RequestCtx,
) -> ApiResult<()> {
    write_tx(conn, |c| {
        let before = lock(c, id)?;
        let now = time::now();
        store::delete(c, &before, now)?;
        if let Some(owner) = &before.customer_id {
            customers::service::count_license(c, owner, -1)?;
        }
        let mut change =
            Change::new("license.deleted", "license", Some(id)).before(AuditView::from(&before));
        if let Some(owner) = before.customer_id.as_deref() {
            change = change.customer(owner);
        }
        audit::record(c, &principal.actor(), ctx, change)
    })
}
