use serde::Serialize;
use utoipa::ToSchema;

pub const DEFAULT_PER_PAGE: i64 = 25;

/// A list matching more than this many rows reports this many as its total, flagged as
/// a lower bound (`total_capped`): counting a million matches exactly costs more than the
/// page, and nobody pages through them (the way search engines cap totals).
pub const COUNT_CAP: i64 = 10_000;

/// `(total, capped)` for a count that read `matches` rows, at most `COUNT_CAP + 1`.
pub fn capped_total(matches: i64) -> (i64, bool) {
    (matches.min(COUNT_CAP), matches > COUNT_CAP)
}
pub const MAX_PER_PAGE: i64 = 100;

/// Where a page starts; built from the `page` and `per_page` query parameters (validated
/// by each list's query type). Each list's query struct declares `page` and `per_page`
/// itself: `#[serde(flatten)]` would be the shared way, but serde_urlencoded cannot parse
/// numbers inside a flattened struct.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub page: i64,
    pub per_page: i64,
}

impl Paging {
    pub fn new(page: Option<i64>, per_page: Option<i64>) -> Self {
        Self {
            page: page.unwrap_or(1).max(1),
            per_page: per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE),
        }
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1).saturating_mul(self.per_page)
    }

    pub fn meta(&self, total: i64) -> PageMeta {
        PageMeta {
            page: self.page,
            per_page: self.per_page,
            total,
            total_pages: (total + self.per_page - 1) / self.per_page,
            total_capped: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"page": 1, "per_page": 25, "total": 1, "total_pages": 1}))]
pub struct PageMeta {
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
    pub total_pages: i64,
    /// Present and true when `total` is a lower bound: a customer search, or a license
    /// list, matching more than 10,000 reports 10,000 (narrow it for an exact count).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[schema(default = false)]
    pub total_capped: bool,
}

/// A sort parameter: `name` ascending, `-name` descending, restricted to `allowed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub field: String,
    pub descending: bool,
}

impl Sort {
    pub fn parse(
        raw: Option<&str>,
        allowed: &[&str],
        default: &str,
    ) -> Result<Sort, crate::error::ApiError> {
        // Exactly as the spec's pattern says: no trimming, so " name" is refused rather than
        // read as `name` (and a whitespace-only value is not the default).
        let raw = raw.filter(|s| !s.is_empty()).unwrap_or(default);
        let (descending, field) = match raw.strip_prefix('-') {
            Some(f) => (true, f),
            None => (false, raw),
        };
        if !allowed.contains(&field) {
            return Err(crate::error::ApiError::field(
                "sort",
                format!(
                    "must be one of {} (prefix with - for descending)",
                    allowed.join(", ")
                ),
            ));
        }
        Ok(Sort {
            field: field.to_string(),
            descending,
        })
    }
}

/// `%term%` for a case-insensitive substring match: the term is lower-cased and LIKE's
/// wildcards are escaped with `\`.
pub fn like_pattern(term: &str) -> String {
    let mut out = String::with_capacity(term.len() + 2);
    out.push('%');
    for c in term.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_and_sort() {
        let p = Paging::new(Some(3), Some(10));
        assert_eq!(p.offset(), 20);
        assert_eq!(p.meta(21).total_pages, 3);
        assert_eq!(Paging::new(None, Some(1000)).per_page, 100);
        assert_eq!(
            Sort::parse(Some("-email"), &["email"], "email").unwrap(),
            Sort {
                field: "email".into(),
                descending: true
            }
        );
        assert!(Sort::parse(Some("password_hash"), &["email"], "email").is_err());
        // The spec's pattern `^(-?(email))?$`: nothing around the name, empty is the default.
        assert!(Sort::parse(Some(" email"), &["email"], "email").is_err());
        assert!(Sort::parse(Some("\u{b}"), &["email"], "email").is_err());
        assert_eq!(
            Sort::parse(Some(""), &["email"], "-email").unwrap().field,
            "email"
        );
        assert_eq!(like_pattern(" 50%_Off\\ "), "%50\\%\\_off\\\\%");
    }
}
