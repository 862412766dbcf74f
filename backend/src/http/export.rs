//! A customer's data export (admin or portal) as a download: one JSON document, or CSV
//! with one row per value (`section,record_id,field,value`).

use actix_web::HttpResponse;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::error::{ApiError, ApiResult};
use crate::http::csv;

#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    #[default]
    Json,
    Csv,
}

impl ExportFormat {
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
        }
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `json` (default) or `csv`.
    #[param(inline)]
    pub format: Option<ExportFormat>,
}

/// An export (admin or portal: both have `customer`, `licenses`, `activations` and
/// `timeline`) as a download in the asked format.
pub fn export_response<T: serde::Serialize>(
    customer_id: &str,
    export: &T,
    format: ExportFormat,
) -> ApiResult<HttpResponse> {
    let label = format.label();
    let filename = format!("customer-{customer_id}.{label}");
    let disposition = (
        "Content-Disposition",
        format!("attachment; filename=\"{filename}\""),
    );
    Ok(match format {
        ExportFormat::Json => HttpResponse::Ok().insert_header(disposition).json(export),
        ExportFormat::Csv => HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header(disposition)
            .body(export_csv(export)?),
    })
}

/// The export flattened to `section,record_id,field,value` rows.
fn export_csv<T: serde::Serialize>(export: &T) -> ApiResult<String> {
    fn rows(out: &mut String, section: &str, value: &serde_json::Value) {
        let id = value.get("id").and_then(|v| v.as_str()).unwrap_or_default();
        if let serde_json::Value::Object(map) = value {
            for (field, v) in map {
                let text = match v {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                out.push_str(&csv::line([section, id, field, &text]));
            }
        }
    }
    let export = serde_json::to_value(export).map_err(ApiError::internal)?;
    let mut out = csv::line(["section", "record_id", "field", "value"]);
    rows(&mut out, "profile", &export["customer"]);
    for (field, section) in [
        ("licenses", "license"),
        ("activations", "activation"),
        ("timeline", "event"),
    ] {
        for record in export[field].as_array().into_iter().flatten() {
            rows(&mut out, section, record);
        }
    }
    Ok(out)
}
