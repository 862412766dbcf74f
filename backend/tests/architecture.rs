//! The structure of `src/`, checked on every `make test` so that it holds without anyone
//! remembering it (docs/architecture.md explains the rules):
//!
//! 1. Features depend on each other in one direction: a feature uses only features listed
//!    before it in [`FEATURES`] (and the core). That also rules out cycles.
//! 2. Only the HTTP layer (`http/`, every `routes.rs`, the server and the CLI) knows actix
//!    and `AppState`; core and feature code takes a connection and plain inputs.
//! 3. Only stores (and models, for diesel's derives) build SQL: no diesel elsewhere.
//! 4. A feature's routes use other features' services and models, never their routes.
//!
//! Imports are read as text: every `crate::name` outside comments, in `use` lines and in
//! paths written inline. Unit-test modules at the end of a file are left out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Modules every feature may use; they use no feature and know nothing of HTTP.
const CORE: &[&str] = &[
    "config",
    "context",
    "crypto",
    "db",
    "error",
    "paging",
    "rate_limit",
    "schema",
    "telemetry",
    "validate",
];

/// The features, lowest first: each may use those above it in this list, never those below.
const FEATURES: &[&str] = &[
    "audit",
    "auth",
    "signing",
    "products",
    "generators",
    "api_keys",
    "admins",
    "outbox",
    "customers",
    "email",
    "licenses",
    "activations",
    "licensing",
    "customer_records",
    "dashboard",
    "portal",
    "system",
];

/// The HTTP layer and the process around it: they may use everything.
const TOP: &[&str] = &["http", "server", "main", "openapi", "seed", "lib"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Layer {
    Core,
    Feature(usize),
    /// A feature's `routes.rs`: HTTP, belonging to a feature.
    Routes(usize),
    Top,
}

struct Source {
    /// Relative to `src/`, with `/` separators.
    path: String,
    /// The first path segment: `licenses` for `licenses/store.rs`, `config` for `config.rs`.
    module: String,
    layer: Layer,
    /// The code without comments and without a trailing unit-test module.
    code: String,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn layer_of(module: &str, path: &str) -> Layer {
    if CORE.contains(&module) {
        Layer::Core
    } else if TOP.contains(&module) {
        Layer::Top
    } else if let Some(rank) = FEATURES.iter().position(|f| *f == module) {
        if path.ends_with("/routes.rs") {
            Layer::Routes(rank)
        } else {
            Layer::Feature(rank)
        }
    } else {
        panic!(
            "src/{path}: module `{module}` is in no layer; add it to CORE, FEATURES (in its \
             place in the direction) or TOP in tests/architecture.rs and in docs/architecture.md"
        )
    }
}

/// Drops `//` comments (doc comments included) and the `#[cfg(test)]` module that closes a
/// file; string literals are left alone, which is fine for import paths.
fn code_of(text: &str) -> String {
    let text = text
        .split("\n#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or(text);
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn sources() -> Vec<Source> {
    let root = src_dir();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let path = file
                .strip_prefix(&root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            let module = path
                .split('/')
                .next()
                .expect("a first segment")
                .trim_end_matches(".rs")
                .to_string();
            let text = std::fs::read_to_string(&file).expect("read source");
            Source {
                layer: layer_of(&module, &path),
                code: code_of(&text),
                module,
                path,
            }
        })
        .collect()
}

/// Every `crate::a::b` named in the code, as (`a`, `b`) (`b` empty when absent). Macros
/// (`crate::name!`) are not modules and are skipped.
fn crate_paths(code: &str) -> BTreeSet<(String, String)> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let first = ident(rest);
        let after = &rest[first.len()..];
        if first.is_empty() || after.starts_with('!') {
            continue;
        }
        let second = after.strip_prefix("::").map(ident).unwrap_or_default();
        found.insert((first, second));
    }
    // `use crate::{a, b::c}` groups at the top level.
    for (at, _) in code.match_indices("crate::{") {
        let rest = &code[at + "crate::{".len()..];
        let group = &rest[..rest.find("};").unwrap_or(rest.len())];
        for item in group.split(',') {
            let item = item.trim();
            let first = ident(item);
            if !first.is_empty() {
                let second = item[first.len()..]
                    .strip_prefix("::")
                    .map(ident)
                    .unwrap_or_default();
                found.insert((first, second));
            }
        }
    }
    found
}

fn uses_word(code: &str, word: &str) -> bool {
    code.match_indices(word).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

fn check(what: &str, broken: Vec<String>) {
    assert!(
        broken.is_empty(),
        "{what}:\n  {}\n(see docs/architecture.md)",
        broken.join("\n  ")
    );
}

#[test]
fn features_use_only_features_below_them() {
    let mut broken = Vec::new();
    for source in sources() {
        let own = match source.layer {
            Layer::Core => None,
            Layer::Feature(rank) => Some(rank),
            Layer::Routes(_) | Layer::Top => continue,
        };
        for (target, _) in crate_paths(&source.code) {
            if target == source.module || target == "schema" && source.path.ends_with("store.rs") {
                continue;
            }
            let allowed = match (own, FEATURES.iter().position(|f| *f == target)) {
                (_, None) => CORE.contains(&target.as_str()),
                (None, Some(_)) => false,
                (Some(own), Some(rank)) => rank < own,
            };
            if !allowed {
                broken.push(format!("src/{} uses crate::{target}", source.path));
            }
        }
    }
    check(
        "a module uses one above it (features: only those listed before it in FEATURES; \
         core: no feature)",
        broken,
    );
}

#[test]
fn only_the_http_layer_knows_actix() {
    let mut broken = Vec::new();
    for source in sources() {
        if matches!(source.layer, Layer::Routes(_) | Layer::Top) {
            continue;
        }
        if uses_word(&source.code, "actix_web") {
            broken.push(format!("src/{} uses actix_web", source.path));
        }
        if uses_word(&source.code, "AppState") {
            broken.push(format!("src/{} takes AppState", source.path));
        }
    }
    check(
        "core or feature code knows HTTP (take plain inputs and a context::RequestCtx)",
        broken,
    );
}

#[test]
fn only_stores_build_sql() {
    let mut broken = Vec::new();
    for source in sources() {
        let may = source.path.ends_with("store.rs")
            || source.path.ends_with("model.rs")
            || matches!(
                source.module.as_str(),
                "db" | "schema" | "error" | "seed" | "main"
            );
        if !may && uses_word(&source.code, "diesel") {
            broken.push(format!("src/{} uses diesel", source.path));
        }
    }
    check(
        "SQL built outside a store (move the query into the feature's store.rs)",
        broken,
    );
}

#[test]
fn routes_do_not_use_other_features_routes() {
    let mut broken = Vec::new();
    for source in sources() {
        if !matches!(source.layer, Layer::Routes(_)) {
            continue;
        }
        for (target, module) in crate_paths(&source.code) {
            if target != source.module && module == "routes" {
                broken.push(format!("src/{} uses crate::{target}::routes", source.path));
            }
        }
    }
    check(
        "routes use another feature's routes (move the shared part into a service, a model \
         or http/)",
        broken,
    );
}

#[test]
fn the_parser_sees_imports_and_skips_comments() {
    let code = code_of(
        "use crate::a::b;\n// crate::commented::out\nuse crate::{c, d::e};\nlet x = \
         crate::f::g(1); crate::mac!(x);\n#[cfg(test)]\nmod tests {\n use crate::t::u;\n}",
    );
    let paths: Vec<_> = crate_paths(&code)
        .into_iter()
        .map(|(a, b)| format!("{a}::{b}"))
        .collect();
    assert_eq!(paths, ["a::b", "c::", "d::e", "f::g"]);
    assert!(uses_word("use actix_web::web;", "actix_web"));
    assert!(!uses_word("use my_actix_web::web;", "actix_web"));
}
