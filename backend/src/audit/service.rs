use std::collections::HashMap;

use serde::Serialize;

use super::model::{Actor, ActorKind, AuditEvent};
use super::store::{self, AuditRow, Filter};
use crate::context::RequestCtx;
use crate::db::{time, DbConn};
use crate::error::ApiResult;
use crate::paging::{PageMeta, Paging};

/// What changed: the subject and its state before and after (either may be absent).
pub struct Change<'a> {
    pub action: &'a str,
    /// The customer the change concerns, for their timeline (by id only).
    pub customer_id: Option<&'a str>,
    pub subject_type: &'a str,
    pub subject_id: Option<&'a str>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl<'a> Change<'a> {
    pub fn new(action: &'a str, subject_type: &'a str, subject_id: Option<&'a str>) -> Self {
        Self {
            action,
            customer_id: None,
            subject_type,
            subject_id,
            before: None,
            after: None,
        }
    }

    pub fn customer(mut self, customer_id: &'a str) -> Self {
        self.customer_id = Some(customer_id);
        self
    }

    pub fn before(mut self, value: impl Serialize) -> Self {
        self.before = serde_json::to_value(value).ok();
        self
    }

    pub fn after(mut self, value: impl Serialize) -> Self {
        self.after = serde_json::to_value(value).ok();
        self
    }
}

/// Appends one event. Call it inside the transaction of the change it records, so the two
/// are written together or not at all.
pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    ctx: &RequestCtx,
    change: Change<'_>,
) -> ApiResult<()> {
    store::insert(conn, &row(actor, ctx, change))?;
    Ok(())
}

/// Appends many events at once, for batch operations.
pub fn record_many(
    conn: &mut DbConn,
    actor: &Actor,
    ctx: &RequestCtx,
    changes: Vec<Change<'_>>,
) -> ApiResult<()> {
    let rows: Vec<AuditRow> = changes.into_iter().map(|c| row(actor, ctx, c)).collect();
    store::insert_many(conn, &rows)?;
    Ok(())
}

fn row(actor: &Actor, ctx: &RequestCtx, change: Change<'_>) -> AuditRow {
    AuditRow {
        id: uuid::Uuid::now_v7().to_string(),
        occurred_at: time::now(),
        actor_kind: actor.kind().as_str().to_string(),
        actor_id: actor.id().map(str::to_string),
        action: change.action.to_string(),
        subject_type: change.subject_type.to_string(),
        subject_id: change.subject_id.map(str::to_string),
        before_json: change.before.map(|v| v.to_string()),
        after_json: change.after.map(|v| v.to_string()),
        ip_address: ctx.ip.clone(),
        request_id: ctx.request_id.clone(),
        customer_id: change.customer_id.map(str::to_string),
    }
}

pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    newest_first: bool,
    paging: Paging,
) -> ApiResult<(Vec<AuditEvent>, PageMeta)> {
    let (rows, total) = store::list(conn, filter, newest_first, paging.offset(), paging.per_page)?;
    let ids_of = |kind: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| r.actor_kind == kind)
            .filter_map(|r| r.actor_id.clone())
            .collect()
    };
    let names: HashMap<String, String> = store::actor_names(
        conn,
        &ids_of("admin"),
        &ids_of("api_key"),
        &ids_of("customer"),
    )?
    .into_iter()
    .collect();
    let events = rows
        .into_iter()
        .map(|r| AuditEvent {
            actor_name: r.actor_id.as_ref().and_then(|id| names.get(id).cloned()),
            id: r.id,
            occurred_at: time::to_utc(r.occurred_at),
            actor_kind: ActorKind::parse(&r.actor_kind).unwrap_or(ActorKind::System),
            actor_id: r.actor_id,
            action: r.action,
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            before: r.before_json.and_then(|j| serde_json::from_str(&j).ok()),
            after: r.after_json.and_then(|j| serde_json::from_str(&j).ok()),
            ip_address: r.ip_address,
            request_id: r.request_id,
        })
        .collect();
    Ok((events, paging.meta(total)))
}
