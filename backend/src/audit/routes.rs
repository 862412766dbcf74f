use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use latchkey_macros::spec_limits;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::model::ActorKind;
use super::model::AuditEventList;
use super::service;
use super::store::Filter;
use crate::db::time;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::ApiQuery;
use crate::http::guard::{Auth, RoleAdmin};
use crate::http::state::State;
use crate::paging::{Paging, Sort};

#[spec_limits]
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Page number, from 1.
    #[validate(range(min = 1))]
    pub page: Option<i64>,
    /// Rows per page, 1 to 100 (default 25).
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<i64>,
    /// `occurred_at` or `-occurred_at` (default: newest first).
    #[sort_fields("occurred_at")]
    pub sort: Option<String>,
    pub actor_kind: Option<ActorKind>,
    pub actor_id: Option<String>,
    /// Exact action name, e.g. `admin.login_failed`.
    pub action: Option<String>,
    pub subject_type: Option<String>,
    pub subject_id: Option<String>,
    /// The events about one customer (their timeline).
    pub customer_id: Option<String>,
    /// Events at or after this time (RFC 3339).
    pub since: Option<DateTime<Utc>>,
    /// Events before this time (RFC 3339).
    pub until: Option<DateTime<Utc>>,
}

/// List the audit trail
///
/// Every state change is recorded here, newest first. The trail is append-only: no endpoint
/// edits or deletes it.
#[utoipa::path(
    tag = "Audit",
    params(AuditQuery),
    responses((status = 200, description = "A page of audit events", body = AuditEventList)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/audit-events")]
pub async fn list_audit_events(
    state: State,
    _auth: Auth<RoleAdmin>,
    query: ApiQuery<AuditQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    let sort = Sort::parse(q.sort.as_deref(), AuditQuery::SORT_FIELDS, "-occurred_at")?;
    if let (Some(since), Some(until)) = (q.since, q.until) {
        if since >= until {
            return Err(ApiError::field("until", "must be later than `since`"));
        }
    }
    let filter = Filter {
        actor_kind: q.actor_kind.map(|k| k.as_str().to_string()),
        actor_id: q.actor_id,
        action: q.action,
        subject_type: q.subject_type,
        subject_id: q.subject_id,
        since: q.since.map(time::from_utc),
        until: q.until.map(time::from_utc),
        customer_id: q.customer_id,
    };
    let paging = Paging::new(q.page, q.per_page);
    let (data, meta) = state
        .db(move |conn| service::list(conn, &filter, sort.descending, paging))
        .await?;
    Ok(HttpResponse::Ok().json(AuditEventList { data, meta }))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_audit_events);
}
