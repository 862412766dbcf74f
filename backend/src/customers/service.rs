use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::model::{CustomerRef, CustomerRow};
use super::store;
use crate::audit::{self, Actor, Change};
use crate::db::{time, DbConn};
use crate::error::{ApiError, ApiResult};
use crate::http::extract::RequestCtx;
use crate::validate::normalize_email;

pub fn get(conn: &mut DbConn, id: &str) -> ApiResult<CustomerRow> {
    store::find(conn, id)?.ok_or_else(|| ApiError::not_found("Customer"))
}

/// The customer with this email, created when new: the email is trimmed and lower-cased (so
/// `Sarah@Acme.com ` finds `sarah@acme.com`), and the name stays null unless given. Returns
/// the customer and whether it was created. Call inside the caller's write transaction.
pub fn find_or_create(
    conn: &mut DbConn,
    actor: &Actor,
    ctx: &RequestCtx,
    email_field: &str,
    email: &str,
    name: Option<&str>,
) -> ApiResult<(CustomerRow, bool)> {
    let email = normalize_email(email)
        .ok_or_else(|| ApiError::field(email_field, "must be a valid email address"))?;
    if let Some(existing) = store::find_by_email(conn, &email)? {
        return Ok((existing, false));
    }
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    if name.is_some_and(|n| n.chars().count() > 200) {
        return Err(ApiError::field("name", "must be at most 200 characters"));
    }
    let row = new_customer(email, name, time::now());
    store::insert(conn, &row)?;
    audit::record(conn, actor, ctx, created_change(&row))?;
    Ok((row, true))
}

/// [`find_or_create`] for many already-normalised emails at once (imports): email →
/// (customer id, created). The first name given for a new email is kept.
pub fn find_or_create_many(
    conn: &mut DbConn,
    actor: &Actor,
    ctx: &RequestCtx,
    wanted: &[(String, Option<String>)],
) -> ApiResult<HashMap<String, (String, bool)>> {
    let emails: Vec<String> = wanted.iter().map(|(e, _)| e.clone()).collect();
    let mut out: HashMap<String, (String, bool)> = store::ids_by_emails(conn, &emails)?
        .into_iter()
        .map(|(email, id)| (email, (id, false)))
        .collect();
    let now = time::now();
    let mut new_rows = Vec::new();
    for (email, name) in wanted {
        if !out.contains_key(email) {
            let name = name.as_deref().map(str::trim).filter(|n| !n.is_empty());
            let row = new_customer(email.clone(), name, now);
            out.insert(email.clone(), (row.id.clone(), true));
            new_rows.push(row);
        }
    }
    store::insert_many(conn, &new_rows)?;
    audit::record_many(
        conn,
        actor,
        ctx,
        new_rows.iter().map(created_change).collect(),
    )?;
    Ok(out)
}

fn new_customer(email: String, name: Option<&str>, now: NaiveDateTime) -> CustomerRow {
    CustomerRow {
        id: uuid::Uuid::now_v7().to_string(),
        email,
        name: name.map(str::to_string),
        status: "active".into(),
        email_verified_at: None,
        password_hash: None,
        totp_secret: None,
        totp_enabled: false,
        last_login_at: None,
        license_count: 0,
        created_at: now,
        updated_at: now,
    }
}

/// The trail records customers by id only, never email or name.
fn created_change(row: &CustomerRow) -> Change<'_> {
    Change::new("customer.created", "customer", Some(&row.id))
        .customer(&row.id)
        .after(CustomerRef {
            customer_id: &row.id,
        })
}

/// Keeps `license_count` (all states) in step with ownership changes.
pub fn count_license(conn: &mut DbConn, customer_id: &str, delta: i64) -> ApiResult<()> {
    store::add_to_license_count(conn, customer_id, delta)?;
    Ok(())
}
