use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::customers::model::CustomerDetail;

/// Everything stored about a customer (GDPR access and portability).
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerExport {
    pub exported_at: DateTime<Utc>,
    pub customer: CustomerDetail,
    pub licenses: Vec<crate::licenses::model::License>,
    pub activations: Vec<crate::activations::model::Activation>,
    /// The customer's audit trail, oldest first.
    pub timeline: Vec<crate::audit::model::AuditEvent>,
}
