//! CSV import: `key,product,email,name,expires_at,max_activations`. Every row is checked
//! first; the good ones are then written in one transaction (nothing with `dry_run`), and
//! the answer reports each duplicate and failed row with its line number in the file.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::creation::{fresh_keys, new_row, Defaults};
use super::model::{AuditView, LicenseRow};
use super::store;
use crate::audit::{self, Change};
use crate::auth::Principal;
use crate::context::RequestCtx;
use crate::customers;
use crate::db::{time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::generators::keygen::{Format, KeyFormat};
use crate::outbox::{self, Template};
use crate::products::model::ProductRow;
use crate::validate::normalize_email;

pub const COLUMNS: [&str; 6] = [
    "key",
    "product",
    "email",
    "name",
    "expires_at",
    "max_activations",
];

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "dry_run": false, "rows": 4, "created": 2,
    "duplicates": [{"line": 3, "key": "PRO-AAAA-BBBB", "reason": "the key already exists"}],
    "failed": [{"line": 5, "errors": {"email": ["must be a valid email address"]}}]
}))]
pub struct ImportReport {
    /// Nothing was written.
    pub dry_run: bool,
    /// Data rows in the file (the header is line 1).
    pub rows: usize,
    /// Licenses created (or that would be, in a dry run).
    pub created: usize,
    pub duplicates: Vec<DuplicateRow>,
    pub failed: Vec<FailedRow>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DuplicateRow {
    /// Line number in the file; the header is line 1.
    pub line: u64,
    pub key: String,
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FailedRow {
    pub line: u64,
    /// Column → messages.
    pub errors: FieldErrors,
}

/// A row that passed its checks.
struct GoodRow {
    line: u64,
    key: Option<String>,
    product_id: String,
    email: Option<String>,
    name: Option<String>,
    expires_at: Option<NaiveDateTime>,
    max_activations: Option<i64>,
}

/// The lines (1-based) where records begin, counted from the file itself: the csv crate's
/// own line numbers are off for CRLF files and after blank lines. Records are read in
/// order, so each count goes on from where the previous one stopped: one pass over the
/// file, however many rows (counting from the start for every row took minutes at 100,000).
struct Lines<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            counted_to: 0,
            line: 1,
        }
    }

    /// The line of the record starting at `byte` (a position on a line break belongs to
    /// the next record).
    fn at(&mut self, byte: u64) -> u64 {
        let bytes = self.bytes;
        let mut start = (byte as usize).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.counted_to {
            self.counted_to = 0;
            self.line = 1;
        }
        // `counted_to` is always just past a run of line breaks, never inside a CRLF.
        let mut i = self.counted_to;
        while i < start {
            match bytes[i] {
                b'\r' if i + 1 < start && bytes[i + 1] == b'\n' => {
                    self.line += 1;
                    i += 1;
                }
                b'\r' | b'\n' => self.line += 1,
                _ => {}
            }
            i += 1;
        }
        self.counted_to = start;
        self.line
    }
}

fn parse_time(raw: &str) -> Option<NaiveDateTime> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(time::from_utc(t.with_timezone(&Utc)));
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

pub fn import(
    conn: &mut DbConn,
    principal: &Principal,
    csv_bytes: &[u8],
    dry_run: bool,
    ctx: &RequestCtx,
) -> ApiResult<ImportReport> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(csv_bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ApiError::field("file", format!("cannot read the CSV header: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    if headers != COLUMNS {
        return Err(ApiError::field(
            "file",
            format!(
                "the header must be `{}`, not `{}`",
                COLUMNS.join(","),
                headers.join(",")
            ),
        ));
    }

    let mut products: HashMap<String, Option<ProductRow>> = HashMap::new();
    let mut seen_keys = HashSet::new();
    let mut good = Vec::new();
    let mut report = ImportReport {
        dry_run,
        rows: 0,
        created: 0,
        duplicates: Vec::new(),
        failed: Vec::new(),
    };
    let mut lines = Lines::new(csv_bytes);
    for record in reader.records() {
        report.rows += 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .position()
                    .map(|p| lines.at(p.byte()))
                    .unwrap_or(report.rows as u64 + 1);
                let mut errors = FieldErrors::new();
                errors.insert("row".into(), vec![format!("not valid CSV: {e}")]);
                report.failed.push(FailedRow { line, errors });
                continue;
            }
        };
        let line = record
            .position()
            .map(|p| lines.at(p.byte()))
            .unwrap_or(report.rows as u64 + 1);
        let col = |i: usize| record.get(i).unwrap_or("").to_string();
        let mut errors = FieldErrors::new();
        let mut fail =
            |field: &str, msg: String| errors.entry(field.to_string()).or_default().push(msg);
        if record.len() != COLUMNS.len() {
            fail(
                "row",
                format!("has {} columns; {} expected", record.len(), COLUMNS.len()),
            );
        }
        let key = Some(col(0)).filter(|k| !k.is_empty());
        if let Some(k) = &key {
            if k.len() < 4 || k.len() > 200 || !k.bytes().all(|b| b.is_ascii_graphic()) {
                fail(
                    "key",
                    "must be 4 to 200 printable ASCII characters without spaces".into(),
                );
            }
        }
        let product_ref = col(1);
        let product = if product_ref.is_empty() {
            fail("product", "is required (slug or id)".into());
            None
        } else {
            let found = match products.get(&product_ref) {
                Some(p) => p.clone(),
                None => {
                    let p = crate::products::service::find_by_id_or_slug(conn, &product_ref)?;
                    products.insert(product_ref.clone(), p.clone());
                    p
                }
            };
            match found {
                None => {
                    fail("product", format!("no product `{product_ref}`"));
                    None
                }
                Some(p) if !p.is_active() => {
                    fail("product", format!("`{product_ref}` is inactive"));
                    None
                }
                Some(p) => Some(p),
            }
        };
        let email_raw = col(2);
        let email = if email_raw.is_empty() {
            None
        } else {
            let normalized = normalize_email(&email_raw);
            if normalized.is_none() {
                fail("email", "must be a valid email address".into());
            }
            normalized
        };
        let name = Some(col(3)).filter(|n| !n.is_empty());
        if name.as_ref().is_some_and(|n| n.chars().count() > 200) {
            fail("name", "must be at most 200 characters".into());
        }
        let expires_raw = col(4);
        let expires_at = if expires_raw.is_empty() {
            None
        } else {
            let t = parse_time(&expires_raw);
            if t.is_none() {
                fail(
                    "expires_at",
                    "must be an RFC 3339 time or a YYYY-MM-DD date".into(),
                );
            }
            t
        };
        let max_raw = col(5);
        let max_activations = if max_raw.is_empty() {
            None
        } else {
            match max_raw.parse::<i64>() {
                Ok(n) if (1..=1_000_000).contains(&n) => Some(n),
                _ => {
                    fail(
                        "max_activations",
                        "must be a whole number of at least 1 (blank for the default)".into(),
                    );
                    None
                }
            }
        };
        if !errors.is_empty() {
            report.failed.push(FailedRow { line, errors });
            continue;
        }
        if let Some(k) = &key {
            if !seen_keys.insert(k.clone()) {
                report.duplicates.push(DuplicateRow {
                    line,
                    key: k.clone(),
                    reason: "the key appears earlier in the file".into(),
                });
                continue;
            }
        }
        good.push(GoodRow {
            line,
            key,
            product_id: product.map(|p| p.id).unwrap_or_default(),
            email,
            name,
            expires_at,
            max_activations,
        });
    }

    // Keys already issued (or retired) are duplicates.
    let explicit: Vec<String> = good.iter().filter_map(|g| g.key.clone()).collect();
    let taken: HashSet<String> = store::taken_keys(conn, &explicit)?.into_iter().collect();
    good.retain(|g| match &g.key {
        Some(k) if taken.contains(k) => {
            report.duplicates.push(DuplicateRow {
                line: g.line,
                key: k.clone(),
                reason: "the key already exists".into(),
            });
            false
        }
        _ => true,
    });
    report.duplicates.sort_by_key(|d| d.line);
    report.created = good.len();
    if dry_run || good.is_empty() {
        return Ok(report);
    }
    write_tx(conn, |c| write_rows(c, principal, ctx, &products, good))?;
    Ok(report)
}

fn write_rows(
    c: &mut DbConn,
    principal: &Principal,
    ctx: &RequestCtx,
    products: &HashMap<String, Option<ProductRow>>,
    good: Vec<GoodRow>,
) -> ApiResult<()> {
    let actor = principal.actor();
    let now = time::now();
    let by_id: HashMap<&str, &ProductRow> = products
        .values()
        .flatten()
        .map(|p| (p.id.as_str(), p))
        .collect();
    // Generated keys: UUIDs, fresh against every key ever issued.
    let uuid = KeyFormat {
        prefix: String::new(),
        suffix: String::new(),
        format: Format::Uuid,
    };
    let missing = good.iter().filter(|g| g.key.is_none()).count();
    let mut generated = fresh_keys(c, &uuid, missing)?.into_iter();

    let mut rows = Vec::with_capacity(good.len());
    let mut owners: Vec<(usize, String, Option<String>)> = Vec::new();
    for g in good {
        let product = by_id[g.product_id.as_str()];
        let defaults = Defaults {
            product,
            generator: None,
        };
        let key = g
            .key
            .unwrap_or_else(|| generated.next().expect("enough generated keys"));
        let row = new_row(
            key,
            &defaults,
            g.max_activations,
            None,
            g.expires_at,
            None,
            "{}".into(),
            now,
        );
        if let Some(email) = g.email {
            owners.push((rows.len(), email, g.name));
        }
        rows.push(row);
    }
    // Owners: one customer per email (found or created), then the licenses are theirs.
    let wanted: Vec<(String, Option<String>)> = owners
        .iter()
        .map(|(_, e, n)| (e.clone(), n.clone()))
        .collect();
    let customer_of = customers::service::find_or_create_many(c, &actor, ctx, &wanted)?;
    let mut owner_info: HashMap<String, (bool, String)> = HashMap::new();
    for (i, email, _) in &owners {
        let (customer_id, created) = &customer_of[email];
        owner_info
            .entry(customer_id.clone())
            .or_insert_with(|| (*created, email.clone()));
        let row = &mut rows[*i];
        row.customer_id = Some(customer_id.clone());
        row.assigned_at = Some(now);
        if row.expires_at.is_none() {
            row.expires_at = row.validity_days.map(|d| now + chrono::Duration::days(d));
        }
    }
    store::insert_many(c, &rows)?;
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for row in &rows {
        if let Some(owner) = row.customer_id.as_deref() {
            *counts.entry(owner).or_default() += 1;
        }
    }
    for (owner, n) in counts {
        customers::service::count_license(c, owner, n)?;
    }
    audit::record_many(c, &actor, ctx, rows.iter().map(imported_change).collect())?;
    for row in rows.iter().filter(|r| r.customer_id.is_some()) {
        let product = by_id[row.product_id.as_str()];
        if product.send_license_email {
            let owner = row.customer_id.as_deref().unwrap_or_default();
            let (created, email) = &owner_info[owner];
            let template = if *created {
                Template::Invitation
            } else {
                Template::LicenseAssigned
            };
            let payload = serde_json::json!({"license_id": row.id, "product_id": product.id, "product_name": product.name});
            outbox::enqueue(c, template, email, Some(owner), payload)?;
        }
    }
    Ok(())
}

fn imported_change(row: &LicenseRow) -> Change<'_> {
    let change =
        Change::new("license.imported", "license", Some(&row.id)).after(AuditView::from(row));
    match row.customer_id.as_deref() {
        Some(owner) => change.customer(owner),
        None => change,
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    fn line_at(bytes: &[u8], byte: u64) -> u64 {
        Lines::new(bytes).at(byte)
    }

    #[test]
    fn lines_are_counted_from_the_file() {
        let lf = b"h\nr1\nr2\n";
        assert_eq!(line_at(lf, 2), 2);
        assert_eq!(line_at(lf, 5), 3);
        let crlf = b"h\r\nr1\r\nr2\r\n";
        assert_eq!(line_at(crlf, 3), 2);
        assert_eq!(
            line_at(crlf, 2),
            2,
            "a position on the line break belongs to the next record"
        );
        assert_eq!(line_at(crlf, 7), 3);
        let blank = b"h\n\nr2\n";
        assert_eq!(line_at(blank, 2), 3, "blank lines count");
    }

    #[test]
    fn counting_on_from_the_previous_record_gives_the_same_lines() {
        let file = b"h\r\nr1\r\n\r\nr3\nr4\r\n\n\nr7\r\n";
        let starts: Vec<u64> = (0..file.len() as u64).collect();
        let mut lines = Lines::new(file);
        for &at in &starts {
            assert_eq!(lines.at(at), line_at(file, at), "at byte {at}");
        }
        // Out of order, it counts again from the start.
        assert_eq!(lines.at(0), 1);
        assert_eq!(lines.at(10), line_at(file, 10));
    }
}
