use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::schema::customers;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = customers)]
pub struct CustomerRow {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    pub status: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub password_hash: Option<String>,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub last_login_at: Option<NaiveDateTime>,
    pub license_count: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What the audit trail keeps of a customer: the id only, never email or name, so erasure
/// needs no edit of the append-only trail.
#[derive(Debug, Serialize)]
pub struct CustomerRef<'a> {
    pub customer_id: &'a str,
}
