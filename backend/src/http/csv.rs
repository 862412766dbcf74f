//! CSV output: RFC 4180 quoting, and neutralised formula cells so an exported file opened
//! in a spreadsheet cannot run a formula planted in a name or note.

use actix_web::{web, HttpResponse, ResponseError};

use crate::error::{ApiError, ApiResult};

pub fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

pub fn line<I: IntoIterator<Item = S>, S: AsRef<str>>(fields: I) -> String {
    let mut out = fields
        .into_iter()
        .map(|f| field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// Rows read per query while streaming an export.
const EXPORT_PAGE: i64 = 1000;

/// Streams a CSV download: `header`, then every row that `next(conn, after, limit)`
/// returns, page after page (`after` is the previous page's last row, so pages are read by
/// keyset, never by OFFSET), inside one read-only snapshot by one connection, handed to the
/// response through a small channel. Constant memory, a consistent file, and no write lock
/// held. The reading runs on a thread of its own at a lower CPU priority and rests between
/// pages as long as each took, so a large export takes at most about half a core and yields
/// to the licensing API. On a database error the response ends early: a truncated
/// download, not a wrong file.
pub fn stream<T, P, L>(
    pool: crate::db::Pool,
    filename: &str,
    header: &[&str],
    mut next: P,
    to_line: L,
) -> HttpResponse
where
    T: 'static,
    P: FnMut(&mut crate::db::DbConn, Option<&T>, i64) -> ApiResult<Vec<T>> + Send + 'static,
    L: Fn(&T) -> String + Send + 'static,
{
    let header = line(header);
    let what = filename.to_string();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<web::Bytes, std::io::Error>>(4);
    let reader = move || {
        lower_priority();
        let send = |chunk: String| tx.blocking_send(Ok(web::Bytes::from(chunk))).is_ok();
        let result = pool.get().map_err(ApiError::from).and_then(|mut conn| {
            crate::db::snapshot_tx(&mut conn, |c| -> ApiResult<()> {
                if !send(header) {
                    return Ok(());
                }
                let mut last: Option<T> = None;
                loop {
                    let started = std::time::Instant::now();
                    let mut rows = next(c, last.as_ref(), EXPORT_PAGE)?;
                    let chunk: String = rows.iter().map(&to_line).collect();
                    let worked = started.elapsed();
                    if rows.is_empty() || !send(chunk) {
                        return Ok(());
                    }
                    if (rows.len() as i64) < EXPORT_PAGE {
                        return Ok(());
                    }
                    last = rows.pop();
                    // Rest as long as the page took: an export keeps to about half a core
                    // (its database's share included, which a thread priority cannot
                    // reach), and the licensing API has the rest.
                    std::thread::sleep(worked);
                }
            })
        });
        if let Err(e) = result {
            tracing::error!(error = %e, export = %what, "CSV export failed");
            let _ = tx.blocking_send(Err(std::io::Error::other("export failed")));
        }
    };
    if let Err(e) = std::thread::Builder::new()
        .name("latchkey-export".into())
        .spawn(reader)
    {
        tracing::error!(error = %e, export = %filename, "cannot start a CSV export");
        return ApiError::unavailable(e).error_response();
    }
    let body = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .streaming(body)
}

/// Lowers the calling thread's CPU priority (Linux keeps a nice value per thread); a
/// thread that did this is not reused for anything else.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; `0` names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_formulas() {
        assert_eq!(
            line(["a", "b,c", "say \"hi\""]),
            "a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
        );
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-5"), "'-5");
        assert_eq!(field(""), "");
    }
}
