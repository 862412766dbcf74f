//! The one error type of the HTTP API, rendered as RFC 9457 `application/problem+json`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Stable, machine-readable error codes. Clients switch on these, never on `title` or `detail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    MalformedJson,
    ValidationFailed,
    Unauthorized,
    InvalidCredentials,
    TotpRequired,
    InvalidTotp,
    AccountInactive,
    /// A mailed link (invitation, password reset, magic link) that is unknown, used or expired.
    InvalidLink,
    Forbidden,
    NotFound,
    Conflict,
    EmailTaken,
    InvalidTransition,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,
    ServiceUnavailable,
    InternalError,
    /// The SMTP server refused a message or could not be reached.
    EmailDeliveryFailed,
}

impl ErrorCode {
    /// The HTTP status the code is answered with.
    pub fn status(self) -> u16 {
        use ErrorCode::*;
        match self {
            BadRequest | MalformedJson => 400,
            ValidationFailed => 422,
            Unauthorized | InvalidCredentials | TotpRequired | InvalidTotp | AccountInactive
            | InvalidLink => 401,
            Forbidden => 403,
            NotFound => 404,
            Conflict | EmailTaken | InvalidTransition => 409,
            PayloadTooLarge => 413,
            UnsupportedMediaType => 415,
            RateLimited => 429,
            ServiceUnavailable => 503,
            InternalError => 500,
            EmailDeliveryFailed => 502,
        }
    }

    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            BadRequest => "bad_request",
            MalformedJson => "malformed_json",
            ValidationFailed => "validation_failed",
            Unauthorized => "unauthorized",
            InvalidCredentials => "invalid_credentials",
            TotpRequired => "totp_required",
            InvalidTotp => "invalid_totp",
            AccountInactive => "account_inactive",
            InvalidLink => "invalid_link",
            Forbidden => "forbidden",
            NotFound => "not_found",
            Conflict => "conflict",
            EmailTaken => "email_taken",
            InvalidTransition => "invalid_transition",
            PayloadTooLarge => "payload_too_large",
            UnsupportedMediaType => "unsupported_media_type",
            RateLimited => "rate_limited",
            ServiceUnavailable => "service_unavailable",
            InternalError => "internal_error",
            EmailDeliveryFailed => "email_delivery_failed",
        }
    }

    fn title(self) -> &'static str {
        use ErrorCode::*;
        match self {
            BadRequest => "Bad request",
            MalformedJson => "Malformed JSON",
            ValidationFailed => "Validation failed",
            Unauthorized => "Unauthorized",
            InvalidCredentials => "Invalid credentials",
            TotpRequired => "Two-factor code required",
            InvalidTotp => "Invalid two-factor code",
            AccountInactive => "Account inactive",
            InvalidLink => "Invalid or expired link",
            Forbidden => "Forbidden",
            NotFound => "Not found",
            Conflict => "Conflict",
            EmailTaken => "Email already in use",
            InvalidTransition => "Invalid transition",
            PayloadTooLarge => "Payload too large",
            UnsupportedMediaType => "Unsupported media type",
            RateLimited => "Too many requests",
            ServiceUnavailable => "Service unavailable",
            InternalError => "Internal server error",
            EmailDeliveryFailed => "Email delivery failed",
        }
    }
}

pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// A problem document (RFC 9457) with Latchkey's stable `code`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "https://latchkey.dev/problems/validation_failed",
    "title": "Validation failed",
    "status": 422,
    "detail": "The request has invalid fields.",
    "code": "validation_failed",
    "errors": {"email": ["must be a valid email address"]}
}))]
pub struct Problem {
    /// URI naming the problem type: `https://latchkey.dev/problems/<code>`.
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: ErrorCode,
    /// Field name → messages, for `validation_failed` (and a `conflict` on a unique field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<FieldErrors>,
}

#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: ErrorCode,
    pub detail: String,
    pub errors: Option<FieldErrors>,
    /// Seconds, sent as `Retry-After` with `rate_limited`.
    pub retry_after: Option<u64>,
    /// The cause of an internal error: logged, never sent.
    pub(crate) source: Option<String>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
            errors: None,
            retry_after: None,
            source: None,
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found."))
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthorized, detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, detail)
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, detail)
    }

    pub fn validation(errors: FieldErrors) -> Self {
        let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        let detail = format!("Invalid value for: {}.", fields.join(", "));
        Self {
            errors: Some(errors),
            ..Self::new(ErrorCode::ValidationFailed, detail)
        }
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.insert(field.to_string(), vec![message.into()]);
        Self::validation(errors)
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self {
            retry_after: Some(retry_after_secs.max(1)),
            ..Self::new(
                ErrorCode::RateLimited,
                format!(
                    "Too many attempts. Try again in {} seconds.",
                    retry_after_secs.max(1)
                ),
            )
        }
    }

    /// The same problem with a more specific explanation.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    pub fn internal(source: impl fmt::Display) -> Self {
        Self {
            source: Some(source.to_string()),
            ..Self::new(ErrorCode::InternalError, "An unexpected error occurred.")
        }
    }

    pub fn unavailable(source: impl fmt::Display) -> Self {
        Self {
            source: Some(source.to_string()),
            ..Self::new(
                ErrorCode::ServiceUnavailable,
                "The database is unavailable; try again.",
            )
        }
    }

    pub fn problem(&self) -> Problem {
        Problem {
            type_: format!("https://latchkey.dev/problems/{}", self.code.as_str()),
            title: self.code.title().to_string(),
            status: self.code.status(),
            detail: self.detail.clone(),
            code: self.code,
            errors: self.errors.clone(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.detail)?;
        if let Some(source) = &self.source {
            write!(f, " ({source})")?;
        }
        Ok(())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        crate::db::note_query_error(&err);
        match err {
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
                ApiError::unavailable(err)
            }
            Error::NotFound => ApiError::not_found("Resource"),
            // A row this change refers to went away meanwhile (e.g. a product deleted while
            // a license for it was being created).
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => ApiError::conflict(
                "Something this change refers to was changed or deleted meanwhile; reload and try again.",
            ),
            // NUL in a value no extractor vetted (bodies, queries and paths are checked):
            // PostgreSQL refuses it before anything is written.
            Error::DatabaseError(_, info)
                if info.message().contains("invalid byte sequence for encoding")
                    && info.message().contains("0x00") =>
            {
                ApiError::new(
                    ErrorCode::BadRequest,
                    "Text in the request must not contain NUL characters.",
                )
            }
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                unique_violation(info.constraint_name(), info.message())
            }
            other => ApiError::internal(other),
        }
    }
}

/// Unique indexes a race can reach past a service's own check, with the field they guard
/// and what to say: PostgreSQL names the index, SQLite the columns.
const UNIQUE: &[(&str, &str, &str, &str)] = &[
    (
        "admins_email_key",
        "admins.email",
        "email",
        "An admin with this email already exists.",
    ),
    (
        "customers_email_key",
        "customers.email",
        "email",
        "A customer with this email already exists.",
    ),
    (
        "products_slug_key",
        "products.slug",
        "slug",
        "Another product already uses this slug.",
    ),
    (
        "licenses_key_key",
        "licenses.license_key",
        "key",
        "This license key exists already.",
    ),
    (
        "retired_license_keys_pkey",
        "retired_license_keys.license_key",
        "key",
        "This license key was used before and is retired.",
    ),
    (
        "activations_one_active_key",
        "activations.license_id, activations.identifier",
        "identifier",
        "This identifier is already active on the license.",
    ),
];

/// 409 for a unique violation, naming the field when it is known and never echoing the
/// database's text (table, index and column names are not the API's business).
fn unique_violation(constraint: Option<&str>, message: &str) -> ApiError {
    let known = UNIQUE.iter().find(|(pg, sqlite, _, _)| {
        constraint == Some(*pg)
            || message.strip_prefix("UNIQUE constraint failed: ") == Some(*sqlite)
    });
    match known {
        Some((_, _, field, text)) => {
            let mut errors = FieldErrors::new();
            errors.insert(field.to_string(), vec![text.to_string()]);
            ApiError {
                errors: Some(errors),
                ..ApiError::conflict(*text)
            }
        }
        None => ApiError::conflict(
            "A record with the same value was written meanwhile; reload and try again.",
        ),
    }
}

impl From<r2d2::Error> for ApiError {
    fn from(err: r2d2::Error) -> Self {
        ApiError::unavailable(err)
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(err: tokio::task::JoinError) -> Self {
        ApiError::internal(err)
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errs: validator::ValidationErrors) -> Self {
        let mut fields = FieldErrors::new();
        collect_validation(&errs, "", &mut fields);
        ApiError::validation(fields)
    }
}

fn collect_validation(errs: &validator::ValidationErrors, prefix: &str, out: &mut FieldErrors) {
    use validator::ValidationErrorsKind;
    for (field, kind) in errs.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                let messages = list.iter().map(|e| {
                    e.message
                        .as_ref()
                        .map(|m| m.to_string())
                        .unwrap_or_else(|| e.code.to_string())
                });
                out.entry(path).or_default().extend(messages);
            }
            ValidationErrorsKind::Struct(inner) => collect_validation(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect_validation(inner, &format!("{path}[{i}]"), out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_violations_name_the_field_without_database_text() {
        for (constraint, message) in [
            (
                Some("products_slug_key"),
                "duplicate key value violates unique constraint \"products_slug_key\"",
            ),
            (None, "UNIQUE constraint failed: products.slug"),
        ] {
            let e = unique_violation(constraint, message);
            assert_eq!(e.code, ErrorCode::Conflict);
            assert!(e.errors.as_ref().unwrap().contains_key("slug"));
            assert!(!e.detail.contains("products_slug_key") && !e.detail.contains("products.slug"));
        }
        let e = unique_violation(
            Some("some_new_index"),
            "duplicate key value violates unique constraint \"some_new_index\"",
        );
        assert_eq!(e.code, ErrorCode::Conflict);
        assert!(
            e.errors.is_none() && !e.detail.contains("some_new_index"),
            "{}",
            e.detail
        );
    }
}
