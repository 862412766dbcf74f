use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::time;
use crate::paging::PageMeta;
use crate::schema::activations;

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = activations)]
pub struct ActivationRow {
    pub id: String,
    pub license_id: String,
    pub identifier: String,
    pub kind: String,
    pub name: Option<String>,
    pub platform: Option<String>,
    pub metadata: String,
    pub ip_address: Option<String>,
    pub status: String,
    pub activated_at: NaiveDateTime,
    pub last_verified_at: Option<NaiveDateTime>,
    pub deactivated_at: Option<NaiveDateTime>,
    pub deactivation_reason: Option<String>,
    /// The customer the license belonged to when it was activated.
    pub customer_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivationStatus {
    /// Holds a slot of the license.
    Active,
    /// Deactivated; kept as history.
    Inactive,
}

impl ActivationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivationStatus::Active => "active",
            ActivationStatus::Inactive => "inactive",
        }
    }
}

/// An activation with its license key, product and owner joined in.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01936f4e-aaaa-7cc0-8a55-0d4e3b1f2a10",
    "license_id": "01936f4e-8888-7cc0-8a55-0d4e3b1f2a10",
    "license_key": "PRO-7K4QX-M2H9T-ZP3WA-C8RVN",
    "product_id": "01936f4e-6666-7cc0-8a55-0d4e3b1f2a10",
    "product_name": "Pro Editor",
    "customer_id": "01936f4e-9999-7cc0-8a55-0d4e3b1f2a10",
    "customer_email": "sarah@company.com",
    "made_for_customer_id": "01936f4e-9999-7cc0-8a55-0d4e3b1f2a10",
    "identifier": "HW-5C1F-22AB-9E07",
    "kind": "device",
    "name": "Office iMac",
    "platform": "macOS 15",
    "metadata": {},
    "ip_address": "203.0.113.7",
    "status": "active",
    "activated_at": "2026-10-02T09:12:00Z",
    "last_verified_at": "2026-11-29T08:00:00Z",
    "deactivated_at": null,
    "deactivation_reason": null
}))]
pub struct Activation {
    pub id: String,
    pub license_id: String,
    pub license_key: String,
    pub product_id: String,
    pub product_name: String,
    /// The license's current owner.
    pub customer_id: Option<String>,
    /// The owner's email; null when the license has no owner.
    pub customer_email: Option<String>,
    /// The customer the activation was made for (the license's owner then). After a
    /// transfer that kept activations it differs from `customer_id`; null when unknown
    /// (made before this was recorded, while unassigned, or the customer was erased).
    pub made_for_customer_id: Option<String>,
    pub identifier: String,
    /// `device` or `domain`.
    pub kind: String,
    pub name: Option<String>,
    pub platform: Option<String>,
    pub metadata: serde_json::Value,
    /// Last seen address; removed when the customer is erased.
    pub ip_address: Option<String>,
    pub status: ActivationStatus,
    pub activated_at: DateTime<Utc>,
    pub last_verified_at: Option<DateTime<Utc>>,
    pub deactivated_at: Option<DateTime<Utc>>,
    pub deactivation_reason: Option<String>,
}

impl Activation {
    pub fn from_row(
        row: ActivationRow,
        (license_key, product_id, product_name, customer_id, customer_email): Context,
    ) -> Self {
        Activation {
            id: row.id,
            license_id: row.license_id,
            license_key,
            product_id,
            product_name,
            customer_id,
            customer_email,
            made_for_customer_id: row.customer_id,
            identifier: row.identifier,
            kind: row.kind,
            name: row.name,
            platform: row.platform,
            metadata: serde_json::from_str(&row.metadata).unwrap_or_else(|_| serde_json::json!({})),
            ip_address: row.ip_address,
            status: if row.status == "active" {
                ActivationStatus::Active
            } else {
                ActivationStatus::Inactive
            },
            activated_at: time::to_utc(row.activated_at),
            last_verified_at: row.last_verified_at.map(time::to_utc),
            deactivated_at: row.deactivated_at.map(time::to_utc),
            deactivation_reason: row.deactivation_reason,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActivationList {
    pub data: Vec<Activation>,
    pub meta: PageMeta,
}

/// `'active'` written into the SQL instead of bound. The partial unique index on active
/// bindings (`WHERE status = 'active'`) makes SQLite check a bound value against the index
/// condition while planning, and then re-prepare the statement on every execution because
/// the value might differ; a literal is planned once and the statement stays cached.
#[derive(Debug, Clone, Copy, diesel::query_builder::QueryId, diesel::expression::ValidGrouping)]
pub struct ActiveStatus;

impl diesel::expression::Expression for ActiveStatus {
    type SqlType = diesel::sql_types::Text;
}

impl<DB: diesel::backend::Backend> diesel::query_builder::QueryFragment<DB> for ActiveStatus {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> diesel::QueryResult<()> {
        out.push_sql("'active'");
        Ok(())
    }
}

impl<QS> diesel::expression::AppearsOnTable<QS> for ActiveStatus {}
impl<QS> diesel::expression::SelectableExpression<QS> for ActiveStatus {}

/// What an activation is shown with: its license key, product id and name, and owner
/// (id and email).
pub type Context = (String, String, String, Option<String>, Option<String>);
