//! `latchkey seed`: fills an empty database with realistic synthetic data — products,
//! customers, licenses in every derived status and their activations — quickly enough for a
//! million customers, for benchmarks and demos.
//!
//! The data is a function of the options (`rng_seed` included) and of `now`: the same
//! options give the same customers, keys and activations, whatever the batch size. Products
//! are created through the product service, so each has a real signing key; the rest is
//! written with multi-row INSERTs (at most 1,000 rows a statement, under SQLite's
//! bound-parameter limit), one transaction per `batch_size` customers. The counters the
//! services keep (`customers.license_count`, `licenses.activations_used`) match the rows.
//!
//! Speed, for a million customers in a couple of minutes:
//! - the secondary indexes of `customers`, `licenses` and `activations` are dropped first
//!   and rebuilt from their own definitions at the end (each sorted once instead of
//!   millions of random B-tree inserts); they are rebuilt even when the seed fails, but a
//!   seed that is killed leaves a partial database without them: delete it and seed again.
//!   Nothing else may write to the database meanwhile (uniqueness is checked at the rebuild);
//! - ids are UUID v7 whose time is the owning customer's creation, so every primary key
//!   grows at its end; `created_at` and the other columns hold the realistic times;
//! - the seeding connection trades durability for speed: SQLite runs with
//!   `synchronous = OFF` and a 256 MB page cache, PostgreSQL with `synchronous_commit = off`
//!   (a crash may lose the last batches, never corrupt the file or the server); both are
//!   restored at the end.
//!
//! PostgreSQL tables are vacuumed and analysed at the end, as autovacuum would do soon
//! anyway; SQLite gets no `ANALYZE`, like a production file.

mod data;
mod generator;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::context::RequestCtx;
use crate::crypto::Secrets;
use crate::db::{self, DbConn};
use crate::error::{ApiError, ErrorCode};
use crate::licenses::status::LicenseStatus;
use crate::products::model::{CreateProductRequest, Product};
use crate::schema::{activations, customers, licenses, retired_license_keys};
use data::*;
use generator::*;

/// What to generate.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    pub customers: u64,
    /// The average; each customer owns 1 to `2M - 1`.
    pub licenses_per_customer: u32,
    pub products: u32,
    /// Customers (with their licenses and activations) per transaction.
    pub batch_size: u64,
    pub rng_seed: u64,
    /// The generated history ends here (creation over the three years before it).
    pub now: NaiveDateTime,
}

impl SeedOptions {
    pub fn new(customers: u64, licenses_per_customer: u32) -> Self {
        Self {
            customers,
            licenses_per_customer,
            products: 5,
            batch_size: 10_000,
            rng_seed: 42,
            now: db::time::now(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Products,
    /// Customers written, with their licenses and activations.
    Customers,
    /// The secondary indexes, rebuilt once the rows are in.
    Indexes,
    /// PostgreSQL `VACUUM (ANALYZE)`.
    Analyze,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Products => "products",
            Phase::Customers => "customers",
            Phase::Indexes => "indexes",
            Phase::Analyze => "analyze",
        }
    }
}

/// Reported after each product, each batch of customers and at the end.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub phase: Phase,
    pub done: u64,
    pub total: u64,
    pub elapsed: Duration,
}

/// What was written.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SeedReport {
    pub products: u64,
    pub customers: u64,
    /// Customers per status (`active`, `inactive`, `suspended`).
    pub customer_statuses: BTreeMap<String, u64>,
    pub licenses: u64,
    /// Licenses per derived status as of `now`.
    pub license_statuses: BTreeMap<String, u64>,
    pub activations: u64,
    pub active_activations: u64,
    pub rng_seed: u64,
    #[serde(skip)]
    pub elapsed: Duration,
}

impl SeedReport {
    /// Rows written to the three big tables.
    pub fn rows(&self) -> u64 {
        self.customers + self.licenses + self.activations
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Db(#[from] diesel::result::Error),
    #[error("{0}")]
    Api(ApiError),
}

impl From<ApiError> for SeedError {
    fn from(e: ApiError) -> Self {
        SeedError::Api(e)
    }
}

/// Seeds the database behind `conn` (migrated, without customers or licenses). `secrets`
/// encrypt the products' signing keys: pass the server's, or the keys cannot be used.
pub fn run(
    conn: &mut DbConn,
    secrets: &Secrets,
    opts: &SeedOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<SeedReport, SeedError> {
    check_options(opts)?;
    refuse_unless_empty(conn)?;
    let started = Instant::now();
    tune(conn, true)?;
    let result = seed(conn, secrets, opts, progress, started);
    let restored = tune(conn, false);
    let mut report = result?;
    restored?;
    if let DbConn::Pg(c) = conn {
        progress(Progress {
            phase: Phase::Analyze,
            done: 0,
            total: 1,
            elapsed: started.elapsed(),
        });
        // Hint bits, visibility map and statistics, as a database in use would have them.
        c.batch_execute("VACUUM (ANALYZE) customers, licenses, activations")?;
        progress(Progress {
            phase: Phase::Analyze,
            done: 1,
            total: 1,
            elapsed: started.elapsed(),
        });
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

fn check_options(opts: &SeedOptions) -> Result<(), SeedError> {
    let bad = |m: &str| Err(SeedError::Invalid(m.to_string()));
    if opts.customers == 0 || opts.customers > 100_000_000 {
        return bad("--customers must be 1 to 100000000");
    }
    if !(1..=1000).contains(&opts.licenses_per_customer) {
        return bad("--licenses-per-customer must be 1 to 1000");
    }
    if !(1..=1000).contains(&opts.products) {
        return bad("--products must be 1 to 1000");
    }
    if opts.batch_size == 0 {
        return bad("--batch-size must be at least 1");
    }
    Ok(())
}

/// A seed never mixes with real data: customers, licenses or retired keys mean no.
fn refuse_unless_empty(conn: &mut DbConn) -> Result<(), SeedError> {
    let has_customers = customers::table
        .select(customers::id)
        .first::<String>(conn)
        .optional()?
        .is_some();
    if has_customers {
        let n: i64 = customers::table.count().get_result(conn)?;
        return Err(SeedError::Refused(format!(
            "the database already holds {n} customer(s): seed only an empty database \
             (a new SQLite file or a new PostgreSQL database)"
        )));
    }
    let has_licenses = licenses::table
        .select(licenses::id)
        .first::<String>(conn)
        .optional()?
        .is_some()
        || retired_license_keys::table
            .select(retired_license_keys::license_key)
            .first::<String>(conn)
            .optional()?
            .is_some();
    if has_licenses {
        return Err(SeedError::Refused(
            "the database already holds licenses: seed only an empty database \
             (a new SQLite file or a new PostgreSQL database)"
                .into(),
        ));
    }
    Ok(())
}

/// Per-connection settings for bulk writing (`on`) and back to the server's defaults.
fn tune(conn: &mut DbConn, on: bool) -> QueryResult<()> {
    match (conn, on) {
        (DbConn::Sqlite(c), true) => {
            c.batch_execute("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;")
        }
        // As `db::ConnectionManager` opens connections.
        (DbConn::Sqlite(c), false) => {
            c.batch_execute("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000;")
        }
        (DbConn::Pg(c), true) => c.batch_execute("SET synchronous_commit = off"),
        (DbConn::Pg(c), false) => c.batch_execute("RESET synchronous_commit"),
    }
}

fn seed(
    conn: &mut DbConn,
    secrets: &Secrets,
    opts: &SeedOptions,
    progress: &mut dyn FnMut(Progress),
    started: Instant,
) -> Result<SeedReport, SeedError> {
    let mut report = SeedReport {
        rng_seed: opts.rng_seed,
        ..Default::default()
    };
    let products = create_products(conn, secrets, opts, progress, started)?;
    report.products = products.len() as u64;

    let dropped = drop_indexes(conn)?;
    let written = write_rows(conn, opts, products, &mut report, progress, started);
    // Rebuilt even when writing failed, so the schema is whole again.
    let rebuilt = rebuild_indexes(conn, &dropped, progress, started);
    written?;
    rebuilt?;

    db::write_tx(conn, |c| {
        audit::record(
            c,
            &Actor::System,
            &RequestCtx::default(),
            Change::new("system.seeded", "system", None).after(serde_json::json!({
                "products": report.products,
                "customers": report.customers,
                "licenses": report.licenses,
                "activations": report.activations,
                "active_activations": report.active_activations,
                "license_statuses": report.license_statuses,
                "licenses_per_customer": opts.licenses_per_customer,
                "rng_seed": opts.rng_seed,
            })),
        )
    })?;
    Ok(report)
}

/// Customers in batches, one transaction each, with their licenses and activations.
fn write_rows(
    conn: &mut DbConn,
    opts: &SeedOptions,
    products: Vec<(SeededProduct, u32)>,
    report: &mut SeedReport,
    progress: &mut dyn FnMut(Progress),
    started: Instant,
) -> Result<(), SeedError> {
    let mut gen = Generator::new(opts, products);
    let mut done = 0u64;
    while done < opts.customers {
        let n = opts.batch_size.min(opts.customers - done);
        let batch = gen.batch(done, n);
        db::write_tx(conn, |c| -> Result<(), SeedError> {
            crate::customers::store::insert_many(c, &batch.customers)?;
            crate::licenses::store::insert_many(c, &batch.licenses)?;
            insert_activations(c, &batch.activations)?;
            Ok(())
        })?;
        for row in &batch.customers {
            *report
                .customer_statuses
                .entry(row.status.clone())
                .or_default() += 1;
        }
        for row in &batch.licenses {
            *report
                .license_statuses
                .entry(LicenseStatus::of(row, opts.now).as_str().to_string())
                .or_default() += 1;
        }
        report.customers += batch.customers.len() as u64;
        report.licenses += batch.licenses.len() as u64;
        report.activations += batch.activations.len() as u64;
        report.active_activations += batch
            .activations
            .iter()
            .filter(|a| a.status == "active")
            .count() as u64;
        done += n;
        progress(Progress {
            phase: Phase::Customers,
            done,
            total: opts.customers,
            elapsed: started.elapsed(),
        });
    }
    Ok(())
}

/// A secondary index of a seeded table, as the migrations made it.
struct IndexDef {
    name: String,
    sql: String,
}

#[derive(QueryableByName)]
struct IndexRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    sql: String,
}

/// Drops the secondary indexes of the seeded tables (primary keys and constraints stay)
/// and returns their definitions. Rows then go in at the speed of appends instead of
/// random inserts into a dozen B-trees; [`rebuild_indexes`] sorts each index once at the
/// end. Whatever later migrations add (e.g. search indexes) is handled the same way.
fn drop_indexes(conn: &mut DbConn) -> QueryResult<Vec<IndexDef>> {
    let rows: Vec<IndexRow> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL \
             AND tbl_name IN ('customers', 'licenses', 'activations') ORDER BY name",
        )
        .load(c)?,
        DbConn::Pg(c) => diesel::sql_query(
            "SELECT i.indexname AS name, i.indexdef AS sql FROM pg_indexes i \
             WHERE i.schemaname = current_schema() \
             AND i.tablename IN ('customers', 'licenses', 'activations') \
             AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = \
                 (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass) \
             ORDER BY i.indexname",
        )
        .load(c)?,
    };
    let defs: Vec<IndexDef> = rows
        .into_iter()
        .map(|r| IndexDef {
            name: r.name,
            sql: r.sql,
        })
        .collect();
    db::write_tx(conn, |c| {
        for ix in &defs {
            c.batch_execute(&format!("DROP INDEX \"{}\"", ix.name.replace('"', "\"\"")))?;
        }
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(defs)
}

fn rebuild_indexes(
    conn: &mut DbConn,
    defs: &[IndexDef],
    progress: &mut dyn FnMut(Progress),
    started: Instant,
) -> QueryResult<()> {
    match conn {
        // Sort with a helper thread, in memory when it fits.
        DbConn::Sqlite(c) => c.batch_execute("PRAGMA threads = 2;")?,
        DbConn::Pg(c) => c.batch_execute("SET maintenance_work_mem = '512MB'")?,
    }
    let mut result = Ok(());
    for (i, ix) in defs.iter().enumerate() {
        progress(Progress {
            phase: Phase::Indexes,
            done: i as u64,
            total: defs.len() as u64,
            elapsed: started.elapsed(),
        });
        // Go on after a failure: each index that can be rebuilt is.
        if let Err(e) = conn.batch_execute(&ix.sql) {
            if result.is_ok() {
                result = Err(e);
            }
        }
    }
    progress(Progress {
        phase: Phase::Indexes,
        done: defs.len() as u64,
        total: defs.len() as u64,
        elapsed: started.elapsed(),
    });
    match conn {
        DbConn::Sqlite(c) => c.batch_execute("PRAGMA threads = 0;")?,
        DbConn::Pg(c) => c.batch_execute("RESET maintenance_work_mem")?,
    }
    result
}

/// What the generator needs to know of a created product.
#[derive(Debug, Clone)]
struct SeededProduct {
    id: String,
    kind: Kind,
    max_activations: Option<i64>,
    validity_days: Option<i64>,
}

fn create_products(
    conn: &mut DbConn,
    secrets: &Secrets,
    opts: &SeedOptions,
    progress: &mut dyn FnMut(Progress),
    started: Instant,
) -> Result<Vec<(SeededProduct, u32)>, SeedError> {
    let mut out = Vec::new();
    for i in 0..opts.products as usize {
        let spec = &PRODUCTS[i % PRODUCTS.len()];
        let round = i / PRODUCTS.len();
        let base = if round == 0 {
            spec.name.to_string()
        } else {
            format!("{} {}", spec.name, round + 1)
        };
        let product = create_product(conn, secrets, spec, &base)?;
        out.push((
            SeededProduct {
                id: product.id,
                kind: spec.kind,
                max_activations: spec.max_activations,
                validity_days: spec.validity_days,
            },
            // Later editions sell less.
            (spec.weight / (round as u32 + 1)).max(1),
        ));
        progress(Progress {
            phase: Phase::Products,
            done: i as u64 + 1,
            total: opts.products as u64,
            elapsed: started.elapsed(),
        });
    }
    Ok(out)
}

/// Through the product service (which makes the signing key); a name whose slug is taken
/// gets a suffix.
fn create_product(
    conn: &mut DbConn,
    secrets: &Secrets,
    spec: &ProductSpec,
    base: &str,
) -> Result<Product, SeedError> {
    for attempt in 1..=100 {
        let name = if attempt == 1 {
            base.to_string()
        } else {
            format!("{base} ({attempt})")
        };
        let req = CreateProductRequest {
            name,
            slug: None,
            description: Some(spec.description.to_string()),
            status: None,
            max_activations: spec.max_activations,
            validity_days: spec.validity_days,
            send_license_email: Some(false),
        };
        match crate::products::service::create_as(
            conn,
            secrets,
            &Actor::System,
            &req,
            &RequestCtx::default(),
        ) {
            Ok(p) => return Ok(p),
            Err(e) if e.code == ErrorCode::Conflict => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(SeedError::Invalid(format!(
        "cannot find a free slug for the product `{base}`"
    )))
}

// ---------------------------------------------------------------------------------------
// Activations (no store of their own yet)

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = activations)]
struct ActivationRow {
    id: String,
    license_id: String,
    identifier: String,
    kind: String,
    name: Option<String>,
    platform: Option<String>,
    metadata: String,
    ip_address: Option<String>,
    status: String,
    activated_at: NaiveDateTime,
    last_verified_at: Option<NaiveDateTime>,
    deactivated_at: Option<NaiveDateTime>,
    deactivation_reason: Option<String>,
}

fn insert_activations(conn: &mut DbConn, rows: &[ActivationRow]) -> QueryResult<()> {
    for chunk in rows.chunks(1000) {
        // Multi-row inserts do not compile on the MultiConnection enum; use the inner one.
        match conn {
            DbConn::Sqlite(c) => diesel::insert_into(activations::table)
                .values(chunk)
                .execute(c)?,
            DbConn::Pg(c) => diesel::insert_into(activations::table)
                .values(chunk)
                .execute(c)?,
        };
    }
    Ok(())
}
