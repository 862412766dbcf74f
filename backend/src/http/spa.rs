//! Serves the built SPA: real files as they are, every other non-API path as index.html so
//! client-side routes such as `/admin/customers` work as direct URLs.

use std::path::{Component, Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::{ApiError, ErrorCode};
use crate::http::state::State;

pub async fn serve(req: HttpRequest, state: State) -> actix_web::Result<HttpResponse> {
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") {
        return Err(
            ApiError::new(ErrorCode::NotFound, format!("No API endpoint at {path}.")).into(),
        );
    }
    let root = &state.config.static_dir;
    if let Some(file) = static_file(root, path) {
        let named = NamedFile::open_async(&file).await?;
        let mut res = named.into_response(&req);
        // Vite puts a content hash in every asset name, so assets never change.
        if path.starts_with("/assets/") {
            res.headers_mut().insert(
                actix_web::http::header::CACHE_CONTROL,
                CacheControl(vec![
                    CacheDirective::Public,
                    CacheDirective::MaxAge(31_536_000),
                    CacheDirective::Extension("immutable".into(), None),
                ])
                .to_string()
                .parse()
                .expect("valid header"),
            );
        }
        return Ok(res);
    }
    let index = root.join("index.html");
    if !index.is_file() {
        return Ok(HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body(format!(
            "The web app is not built: no {}. Run `make frontend` (or `make run`), or set LATCHKEY_STATIC_DIR.\n",
            index.display()
        )));
    }
    let mut res = NamedFile::open_async(&index).await?.into_response(&req);
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        "no-cache".parse().expect("valid header"),
    );
    Ok(res)
}

/// The file under `root` for a URL path, refusing anything that would leave `root`.
fn static_file(root: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = url_path.trim_start_matches('/');
    if relative.is_empty() {
        return None;
    }
    let candidate = Path::new(relative);
    if candidate
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let full = root.join(candidate);
    full.is_file().then_some(full)
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.default_service(web::to(serve));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_paths_stay_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("app.js"), "x").unwrap();
        assert!(static_file(dir.path(), "/app.js").is_some());
        assert!(static_file(dir.path(), "/../etc/passwd").is_none());
        assert!(static_file(dir.path(), "/admin/customers").is_none());
        assert!(static_file(dir.path(), "/").is_none());
    }
}
