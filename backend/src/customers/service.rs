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
    let now = time::now();
    let row = CustomerRow {
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
    };
    store::insert(conn, &row)?;
    audit::record(
        conn,
        actor,
        ctx,
        Change::new("customer.created", "customer", Some(&row.id))
            .customer(&row.id)
            .after(CustomerRef {
                customer_id: &row.id,
            }),
    )?;
    Ok((row, true))
}

/// Keeps `license_count` (all states) in step with ownership changes.
pub fn count_license(conn: &mut DbConn, customer_id: &str, delta: i64) -> ApiResult<()> {
    store::add_to_license_count(conn, customer_id, delta)?;
    Ok(())
}
