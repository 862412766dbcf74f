use actix_web::{get, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::model::{SearchResults, Stats};
use super::store;
use crate::auth::{Auth, RoleViewer};
use crate::customers::store::Filter as CustomerFilter;
use crate::db::time;
use crate::error::ApiResult;
use crate::http::extract::ApiQuery;
use crate::http::pagination::Sort;
use crate::http::state::State;

/// Licenses expiring within this many days count as "expiring soon".
const EXPIRING_WITHIN_DAYS: i64 = 30;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// Days of licensing traffic to return, 1 to 90 (default 30), ending today (UTC).
    #[validate(range(min = 1, max = 90, message = "must be 1 to 90 days"))]
    pub days: Option<i64>,
}

/// Dashboard statistics
///
/// Customers, licenses by status, activations holding a slot, licenses expiring within 30
/// days, and licensing-API traffic per UTC day (activations, validations and refusals).
/// Viewers and up.
#[utoipa::path(
    tag = "Dashboard",
    params(StatsQuery),
    responses(
        (status = 200, description = "The numbers", body = Stats),
        (status = 422, description = "`days` out of range (`validation_failed`)", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/stats")]
pub async fn stats(
    state: State,
    _auth: Auth<RoleViewer>,
    query: ApiQuery<StatsQuery>,
) -> ApiResult<HttpResponse> {
    let days = query.0.days.unwrap_or(30);
    let stats = state
        .db(move |conn| {
            let now = time::now();
            let soon = now + chrono::Duration::days(EXPIRING_WITHIN_DAYS);
            let today = now.date();
            let first = today - chrono::Duration::days(days - 1);
            let customers = crate::customers::store::total(conn)?;
            let (licenses, expiring_soon, active_activations) =
                store::license_counts(conn, now, soon)?;
            let usage = store::usage_by_day(conn, first, today)?;
            Ok::<_, crate::error::ApiError>(Stats {
                customers,
                licenses,
                active_activations,
                expiring_soon,
                expiring_within_days: EXPIRING_WITHIN_DAYS,
                usage,
                generated_at: now.and_utc(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(stats))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// What was typed: part of a customer's name or email, a customer's whole email, or
    /// the start of a license key. 1 to 200 characters after trimming.
    #[validate(length(min = 1, max = 200, message = "must be 1 to 200 characters"))]
    pub q: String,
    /// Results per kind, 1 to 20 (default 5).
    #[validate(range(min = 1, max = 20))]
    pub limit: Option<i64>,
}

/// Quick search
///
/// The command palette's lookup (Ctrl+K): customers whose name or email contains the
/// text, and licenses whose key starts with it (as typed or upper-cased) or that belong
/// to the customer with exactly that email. Viewers and up.
#[utoipa::path(
    tag = "Dashboard",
    params(SearchQuery),
    responses(
        (status = 200, description = "What matched", body = SearchResults),
        (status = 422, description = "`q` empty or too long (`validation_failed`)", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[get("/api/v1/admin/search")]
pub async fn search(
    state: State,
    _auth: Auth<RoleViewer>,
    query: ApiQuery<SearchQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0.q.trim().to_string();
    if q.is_empty() {
        return Err(crate::error::ApiError::field(
            "q",
            "must be 1 to 200 characters",
        ));
    }
    let limit = query.0.limit.unwrap_or(5);
    let results = state
        .db(move |conn| {
            let sort = Sort::parse(None, &["name"], "name")?;
            let customers = crate::customers::service::page(
                conn,
                &CustomerFilter {
                    search: Some(q.clone()),
                },
                &sort,
                0,
                limit,
            )?;

            let now = time::now();
            let mut rows = store::licenses_by_key_prefix(conn, &q, limit)?;
            let upper = q.to_uppercase();
            if upper != q && (rows.len() as i64) < limit {
                for row in store::licenses_by_key_prefix(conn, &upper, limit)? {
                    if (rows.len() as i64) < limit && !rows.iter().any(|r| r.id == row.id) {
                        rows.push(row);
                    }
                }
            }
            let mut licenses = Vec::with_capacity(rows.len());
            for row in &rows {
                licenses.push(crate::licenses::service::present(conn, row, now)?);
            }
            if (licenses.len() as i64) < limit && q.contains('@') {
                let owner = match crate::validate::normalize_email(&q) {
                    Some(email) => crate::customers::store::find_by_email(conn, &email)?,
                    None => None,
                };
                if let Some(owner) = owner {
                    let filter = crate::licenses::store::Filter {
                        customer_id: Some(owner.id),
                        now,
                        ..Default::default()
                    };
                    let sort = Sort::parse(None, &["created_at"], "-created_at")?;
                    let room = limit - licenses.len() as i64;
                    for license in crate::licenses::service::page(conn, &filter, &sort, 0, room)? {
                        if !licenses.iter().any(|l| l.id == license.id) {
                            licenses.push(license);
                        }
                    }
                }
            }
            Ok::<_, crate::error::ApiError>(SearchResults {
                customers,
                licenses,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(results))
}

pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(stats).service(search);
}
