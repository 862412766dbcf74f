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

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDateTime};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::context::RequestCtx;
use crate::crypto::Secrets;
use crate::customers::model::CustomerRow;
use crate::db::{self, DbConn};
use crate::error::{ApiError, ErrorCode};
use crate::licenses::model::LicenseRow;
use crate::licenses::status::LicenseStatus;
use crate::products::model::{CreateProductRequest, Product};
use crate::schema::{activations, customers, licenses, retired_license_keys};

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

// ---------------------------------------------------------------------------------------
// Products

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Device,
    Domain,
}

struct ProductSpec {
    name: &'static str,
    description: &'static str,
    kind: Kind,
    max_activations: Option<i64>,
    validity_days: Option<i64>,
    /// Relative popularity.
    weight: u32,
}

const PRODUCTS: &[ProductSpec] = &[
    ProductSpec {
        name: "Photon Editor",
        description: "Photo editing for macOS and Windows",
        kind: Kind::Device,
        max_activations: Some(3),
        validity_days: Some(365),
        weight: 30,
    },
    ProductSpec {
        name: "Nimbus Backup",
        description: "Encrypted, incremental backups to any cloud",
        kind: Kind::Device,
        max_activations: Some(5),
        validity_days: Some(365),
        weight: 22,
    },
    ProductSpec {
        name: "Orbit SEO for WordPress",
        description: "Search-engine optimisation plugin, licensed per site",
        kind: Kind::Domain,
        max_activations: Some(1),
        validity_days: Some(365),
        weight: 18,
    },
    ProductSpec {
        name: "Quill Markdown",
        description: "A distraction-free Markdown writer; one-time purchase",
        kind: Kind::Device,
        max_activations: Some(2),
        validity_days: None,
        weight: 15,
    },
    ProductSpec {
        name: "Vector Studio Pro",
        description: "Vector illustration and UI design",
        kind: Kind::Device,
        max_activations: Some(2),
        validity_days: Some(365),
        weight: 10,
    },
    ProductSpec {
        name: "Lumen Analytics",
        description: "Privacy-friendly site analytics, licensed per domain",
        kind: Kind::Domain,
        max_activations: Some(3),
        validity_days: Some(365),
        weight: 9,
    },
    ProductSpec {
        name: "Cobalt DB Client",
        description: "SQL client for PostgreSQL, MySQL and SQLite; perpetual",
        kind: Kind::Device,
        max_activations: None,
        validity_days: None,
        weight: 8,
    },
    ProductSpec {
        name: "Tempo Time Tracker",
        description: "Automatic time tracking for freelancers",
        kind: Kind::Device,
        max_activations: Some(3),
        validity_days: Some(30),
        weight: 7,
    },
    ProductSpec {
        name: "Beacon Forms",
        description: "Form builder plugin for WordPress",
        kind: Kind::Domain,
        max_activations: Some(5),
        validity_days: Some(365),
        weight: 6,
    },
    ProductSpec {
        name: "Sonic Audio Suite",
        description: "Audio plugins (VST3/AU) for music production",
        kind: Kind::Device,
        max_activations: Some(2),
        validity_days: None,
        weight: 5,
    },
    ProductSpec {
        name: "Atlas Maps SDK",
        description: "Offline maps for mobile and desktop apps",
        kind: Kind::Device,
        max_activations: Some(10),
        validity_days: Some(365),
        weight: 3,
    },
    ProductSpec {
        name: "Pixel Shield",
        description: "Image-hotlink protection for online shops",
        kind: Kind::Domain,
        max_activations: Some(1),
        validity_days: Some(180),
        weight: 3,
    },
];

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

// ---------------------------------------------------------------------------------------
// Generation

const MICROS_PER_DAY: i64 = 86_400_000_000;
const HISTORY_DAYS: i64 = 3 * 365;

struct Batch {
    customers: Vec<CustomerRow>,
    licenses: Vec<LicenseRow>,
    activations: Vec<ActivationRow>,
}

struct Generator {
    rng: StdRng,
    customers: u64,
    licenses_per_customer: u32,
    /// Unassigned licenses per customer, on average: ~2 % of all licenses.
    unassigned_per_customer: f64,
    products: Vec<SeededProduct>,
    product_weights: Vec<u32>,
    product_weight_total: u32,
    now: i64,
    key_salt: u64,
    /// The current customer's creation time: the time in the ids of their licenses and
    /// activations, so that ids ascend in insertion order.
    id_time: i64,
    /// Licenses generated so far: numbers the keys.
    license_counter: u64,
    /// Assigned licenses so far: the first few are given one status each, so every
    /// derived status occurs even in a tiny seed.
    assigned_counter: u64,
    first_folded: Vec<String>,
    last_folded: Vec<String>,
}

/// Statuses forced on the first assigned licenses, in this order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Forced {
    None,
    Active,
    Assigned,
    Expired,
    Suspended,
    Revoked,
}

const FORCED: [Forced; 5] = [
    Forced::Active,
    Forced::Assigned,
    Forced::Expired,
    Forced::Suspended,
    Forced::Revoked,
];

fn at(micros: i64) -> NaiveDateTime {
    DateTime::from_timestamp_micros(micros)
        .expect("seed times are in range")
        .naive_utc()
}

fn micros(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp_micros()
}

/// A UUID v7 for a row created at `t`, so ids follow creation time.
fn uuid_at(rng: &mut StdRng, t: i64) -> String {
    let mut bytes = [0u8; 10];
    rng.fill(&mut bytes);
    uuid::Builder::from_unix_timestamp_millis((t / 1000) as u64, &bytes)
        .into_uuid()
        .to_string()
}

/// splitmix64's finaliser: a bijection of u64.
fn mix64(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

const KEY_CHARSET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// `XXXXX-XXXXX-XXXXX-XXXXX` (100 bits), distinct for distinct `counter`s: the counter is
/// permuted (bijectively) into 64 bits, 36 bits derived from those are added, and the
/// 100-bit value is scrambled by bijections, so no collision check is needed.
pub fn license_key(counter: u64, salt: u64) -> String {
    const MASK: u128 = (1u128 << 100) - 1;
    let x = mix64(counter.wrapping_add(salt));
    let y = mix64(x ^ 0x9e37_79b9_7f4a_7c15) & ((1 << 36) - 1);
    let mut v = ((y as u128) << 64) | x as u128;
    v = v.wrapping_mul(0x2545_f491_4f6c_dd1d_9e37_79b9_7f4a_7c15) & MASK;
    v ^= v >> 50;
    v = v.wrapping_mul(0xd6e8_feb8_6659_fd93_c2b2_ae3d_27d4_eb4f) & MASK;
    v ^= v >> 37;
    let mut key = String::with_capacity(23);
    for i in 0..20 {
        if i > 0 && i % 5 == 0 {
            key.push('-');
        }
        key.push(KEY_CHARSET[((v >> (95 - 5 * i)) & 31) as usize] as char);
    }
    key
}

/// Lower-case ASCII letters of a name, for email addresses.
fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'a'..='z' => c,
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'ł' => 'l',
            'ß' => {
                out.push('s');
                's'
            }
            _ => continue,
        };
        out.push(mapped);
    }
    out
}

/// An index into a list of `len`, favouring the front (common names first).
fn pick_front(rng: &mut StdRng, len: usize) -> usize {
    let u: f64 = rng.gen();
    ((u * u * len as f64) as usize).min(len - 1)
}

fn pick_weighted<T: Copy>(rng: &mut StdRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut r = rng.gen_range(0..total);
    for (item, w) in items {
        if r < *w {
            return *item;
        }
        r -= w;
    }
    items[items.len() - 1].0
}

impl Generator {
    fn new(opts: &SeedOptions, products: Vec<(SeededProduct, u32)>) -> Self {
        let product_weights: Vec<u32> = products.iter().map(|(_, w)| *w).collect();
        Self {
            rng: StdRng::seed_from_u64(opts.rng_seed),
            customers: opts.customers,
            licenses_per_customer: opts.licenses_per_customer,
            unassigned_per_customer: opts.licenses_per_customer as f64 * 0.02 / 0.98,
            product_weight_total: product_weights.iter().sum(),
            product_weights,
            products: products.into_iter().map(|(p, _)| p).collect(),
            now: micros(opts.now),
            key_salt: mix64(opts.rng_seed ^ 0x5eed_5eed_5eed_5eed),
            id_time: 0,
            license_counter: 0,
            assigned_counter: 0,
            first_folded: FIRST_NAMES.iter().map(|n| fold(n)).collect(),
            last_folded: LAST_NAMES.iter().map(|n| fold(n)).collect(),
        }
    }

    fn between(&mut self, from: i64, to: i64) -> i64 {
        if to <= from {
            from
        } else {
            self.rng.gen_range(from..=to)
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p.clamp(0.0, 1.0))
    }

    fn product(&mut self) -> usize {
        let mut r = self.rng.gen_range(0..self.product_weight_total);
        for (i, w) in self.product_weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        self.products.len() - 1
    }

    /// Customers `first..first + n` (by creation order) with everything they own.
    fn batch(&mut self, first: u64, n: u64) -> Batch {
        let per = self.licenses_per_customer as usize;
        let mut batch = Batch {
            customers: Vec::with_capacity(n as usize),
            licenses: Vec::with_capacity(n as usize * (per + 1)),
            activations: Vec::with_capacity(n as usize * per * 2),
        };
        for i in first..first + n {
            self.customer(i, &mut batch);
        }
        batch
    }

    fn customer(&mut self, i: u64, batch: &mut Batch) {
        let now = self.now;
        let span = HISTORY_DAYS * MICROS_PER_DAY;
        // Sign-ups grow over time: slot i of N maps to (i/N)^0.7 of the three years.
        let f = (i as f64 + self.rng.gen::<f64>()) / self.customers as f64;
        let created = now - span + (f.powf(0.7) * (span - MICROS_PER_DAY) as f64) as i64;
        let id = uuid_at(&mut self.rng, created);
        self.id_time = created;

        let fi = pick_front(&mut self.rng, FIRST_NAMES.len());
        let li = pick_front(&mut self.rng, LAST_NAMES.len());
        let name = if self.chance(0.08) {
            None
        } else {
            Some(format!("{} {}", FIRST_NAMES[fi], LAST_NAMES[li]))
        };
        let email = self.email(i + 1, fi, li);
        let status = pick_weighted(
            &mut self.rng,
            &[("active", 920), ("inactive", 55), ("suspended", 25)],
        );
        let email_verified_at = if self.chance(0.7) {
            let t = created + self.rng.gen_range(0..3 * MICROS_PER_DAY);
            Some(at(t.min(now)))
        } else {
            None
        };
        let last_login_at = if self.chance(0.3) {
            Some(at(self.between(created, now)))
        } else {
            None
        };
        let updated = if self.chance(0.1) {
            self.between(created, now)
        } else {
            created
        };

        let first_name = FIRST_NAMES[fi];
        let count = if per_customer_max(self.licenses_per_customer) == 1 {
            1
        } else {
            self.rng
                .gen_range(1..=per_customer_max(self.licenses_per_customer))
        };
        for j in 0..count {
            let forced = FORCED
                .get(self.assigned_counter as usize)
                .copied()
                .unwrap_or(Forced::None);
            self.assigned_counter += 1;
            let t = if j == 0 {
                created
            } else {
                self.between(created, now - MICROS_PER_DAY)
            };
            self.license(Some((&id, first_name)), t, forced, batch);
        }
        // Stock not sold yet (the first customer brings one, so `available` always occurs).
        let u = self.unassigned_per_customer;
        let mut unassigned = u.floor() as u64 + u64::from(self.chance(u.fract()));
        if i == 0 {
            unassigned = unassigned.max(1);
        }
        for _ in 0..unassigned {
            let t = self.between(created, now - MICROS_PER_DAY);
            self.license(None, t, Forced::None, batch);
        }

        batch.customers.push(CustomerRow {
            id,
            email,
            name,
            status: status.to_string(),
            email_verified_at,
            password_hash: None,
            totp_secret: None,
            totp_enabled: false,
            last_login_at,
            license_count: count as i64,
            created_at: at(created),
            updated_at: at(updated),
            totp_last_step: None,
        });
    }

    /// Lower-case, unique: the local part is letters, then `number` (the customer's, unique),
    /// then possibly `+tag` — so two customers never share an address.
    fn email(&mut self, number: u64, fi: usize, li: usize) -> String {
        let f = &self.first_folded[fi];
        let l = &self.last_folded[li];
        let shape = pick_weighted(
            &mut self.rng,
            &[
                (0, 30),
                (1, 16),
                (2, 8),
                (3, 8),
                (4, 14),
                (5, 8),
                (6, 8),
                (7, 8),
            ],
        );
        let local = match shape {
            0 => format!("{f}.{l}{number}"),
            1 => format!("{}{l}{number}", &f[..1]),
            2 => format!("{f}_{l}{number}"),
            3 => {
                let tag = ["shop", "billing", "licenses", "work", "dev", "apps", "news"]
                    [self.rng.gen_range(0..7)];
                format!("{f}{number}+{tag}")
            }
            4 => format!("{f}{l}{number}"),
            5 => format!("{l}.{f}{number}"),
            6 => format!("{f}.{}{number}", &l[..1]),
            _ => format!("{f}{number}"),
        };
        let domain = self.domain();
        format!("{local}@{domain}")
    }

    fn domain(&mut self) -> String {
        if self.chance(0.55) {
            return pick_weighted(&mut self.rng, FREE_MAIL).to_string();
        }
        let stem = COMPANIES[pick_front(&mut self.rng, COMPANIES.len())];
        let tld = pick_weighted(&mut self.rng, COMPANY_TLDS);
        format!("{stem}.{tld}")
    }

    /// One license (owned by `owner` when given) created at `created`, with its activations.
    fn license(
        &mut self,
        owner: Option<(&str, &str)>,
        created: i64,
        forced: Forced,
        batch: &mut Batch,
    ) {
        let now = self.now;
        let pi = self.product();
        let SeededProduct {
            kind,
            max_activations: default_max,
            validity_days,
            ..
        } = self.products[pi];
        let product_id = self.products[pi].id.clone();
        let id = uuid_at(&mut self.rng, self.id_time);
        let key = license_key(self.license_counter, self.key_salt);
        self.license_counter += 1;

        let max_activations = if self.chance(0.88) {
            default_max
        } else {
            pick_weighted(
                &mut self.rng,
                &[
                    (Some(1), 20),
                    (Some(2), 20),
                    (Some(3), 25),
                    (Some(5), 20),
                    (Some(10), 5),
                    (None, 10),
                ],
            )
        };
        let metadata = if self.chance(0.6) {
            let year = at(created).and_utc().format("%Y");
            let channel = pick_weighted(
                &mut self.rng,
                &[
                    ("web", 70),
                    ("reseller", 15),
                    ("sales", 10),
                    ("app_store", 5),
                ],
            );
            format!(
                "{{\"order\":\"ORD-{year}-{:06}\",\"channel\":\"{channel}\"}}",
                self.rng.gen_range(0..1_000_000)
            )
        } else {
            "{}".to_string()
        };
        let notes = if self.chance(0.04) {
            Some(NOTES[self.rng.gen_range(0..NOTES.len())].to_string())
        } else {
            None
        };

        let mut row = LicenseRow {
            id,
            license_key: key,
            product_id,
            customer_id: owner.map(|(id, _)| id.to_string()),
            generator_id: None,
            max_activations,
            activations_used: 0,
            expires_at: None,
            validity_days,
            assigned_at: None,
            suspended_at: None,
            suspend_reason: None,
            revoked_at: None,
            revoke_reason: None,
            notes,
            metadata,
            created_at: at(created),
            updated_at: at(created),
        };
        let mut updated = created;

        let Some((_, first_name)) = owner else {
            // Stock; some came back from a customer (unassigned, devices deactivated).
            if self.chance(0.1) {
                let back = self.between(created, now);
                let n = self.rng.gen_range(1..=2);
                for _ in 0..n {
                    let name = FIRST_NAMES[pick_front(&mut self.rng, FIRST_NAMES.len())];
                    let on = self.between(created, back);
                    let a = self.activation(&row.id, kind, name, on, back, false);
                    batch.activations.push(ActivationRow {
                        status: "inactive".into(),
                        deactivated_at: Some(at(back)),
                        deactivation_reason: Some("license unassigned".into()),
                        ..a
                    });
                }
                updated = back;
            }
            row.updated_at = at(updated);
            batch.licenses.push(row);
            return;
        };

        // Bought and assigned at once; subscriptions run out unless renewed.
        let assigned = created;
        row.assigned_at = Some(at(assigned));
        let mut expires = validity_days.map(|d| assigned + d * MICROS_PER_DAY);
        if let Some(e) = expires {
            let days = validity_days.unwrap_or(365) * MICROS_PER_DAY;
            if e <= now && forced != Forced::Expired && self.chance(0.6) {
                // Renewed each term: expires at the end of the current one.
                let terms = (now - assigned) / days + 1;
                expires = Some(assigned + terms * days);
                updated = assigned + (terms - 1) * days;
            }
        }
        match forced {
            Forced::Expired => {
                expires = Some(assigned + (now - assigned) / 2);
                row.validity_days = Some(((now - assigned) / 2 / MICROS_PER_DAY).max(1));
            }
            Forced::None => {}
            _ => {
                if expires.is_some_and(|e| e <= now) {
                    expires = Some(now + 30 * MICROS_PER_DAY);
                }
            }
        }
        row.expires_at = expires.map(at);

        // Until when devices could use it.
        let mut end = expires.map_or(now, |e| e.min(now));
        let roll: f64 = self.rng.gen();
        let revoked = forced == Forced::Revoked || (forced == Forced::None && roll < 0.01);
        let suspended = forced == Forced::Suspended
            || (forced == Forced::None && (0.01..0.025).contains(&roll));
        if revoked {
            let t = self.between(assigned, end);
            row.revoked_at = Some(at(t));
            row.revoke_reason =
                Some(REVOKE_REASONS[self.rng.gen_range(0..REVOKE_REASONS.len())].into());
            end = t;
            updated = updated.max(t);
        } else if suspended {
            let t = self.between(assigned, end);
            row.suspended_at = Some(at(t));
            row.suspend_reason =
                Some(SUSPEND_REASONS[self.rng.gen_range(0..SUSPEND_REASONS.len())].into());
            end = t;
            updated = updated.max(t);
        }

        let activated = match forced {
            Forced::Active | Forced::Suspended | Forced::Revoked => true,
            Forced::Assigned => false,
            _ => self.chance(0.78),
        };
        if activated {
            let limit = max_activations.unwrap_or(3).min(3) as usize;
            let n = self.rng.gen_range(1..=limit);
            for _ in 0..n {
                let on = self.between(assigned, end);
                let a = self.activation(&row.id, kind, first_name, on, end, end == now);
                if revoked {
                    batch.activations.push(ActivationRow {
                        status: "inactive".into(),
                        deactivated_at: Some(at(end)),
                        deactivation_reason: Some("license revoked".into()),
                        ..a
                    });
                } else {
                    row.activations_used += 1;
                    batch.activations.push(a);
                }
            }
        }
        // Devices replaced or sites moved over time.
        if self.chance(if activated { 0.15 } else { 0.05 }) {
            let n = self.rng.gen_range(1..=2);
            for _ in 0..n {
                let on = self.between(assigned, end);
                let off = self.between(on, end);
                let a = self.activation(&row.id, kind, first_name, on, off, false);
                let reasons = match kind {
                    Kind::Device => DEVICE_DEACTIVATIONS,
                    Kind::Domain => DOMAIN_DEACTIVATIONS,
                };
                batch.activations.push(ActivationRow {
                    status: "inactive".into(),
                    deactivated_at: Some(at(off)),
                    deactivation_reason: Some(reasons[self.rng.gen_range(0..reasons.len())].into()),
                    ..a
                });
            }
        }
        row.updated_at = at(updated.min(now));
        batch.licenses.push(row);
    }

    /// An active activation made at `on`, last verified by `until` (recently when `live`).
    fn activation(
        &mut self,
        license_id: &str,
        kind: Kind,
        first_name: &str,
        on: i64,
        until: i64,
        live: bool,
    ) -> ActivationRow {
        let now = self.now;
        let last_verified = if live && self.chance(0.85) {
            // Checking in: within the last 90 days.
            self.between(on.max(now - 90 * MICROS_PER_DAY), now)
        } else {
            // Stale: not seen for a while.
            self.between(on, until)
        };
        let (identifier, name, platform) = match kind {
            Kind::Device => self.device(first_name),
            Kind::Domain => self.site(),
        };
        let metadata = if self.chance(0.5) {
            format!(
                "{{\"app_version\":\"{}.{}.{}\"}}",
                self.rng.gen_range(1..6),
                self.rng.gen_range(0..12),
                self.rng.gen_range(0..20)
            )
        } else {
            "{}".to_string()
        };
        ActivationRow {
            id: uuid_at(&mut self.rng, self.id_time),
            license_id: license_id.to_string(),
            identifier,
            kind: match kind {
                Kind::Device => "device",
                Kind::Domain => "domain",
            }
            .to_string(),
            name,
            platform,
            metadata,
            ip_address: Some(self.ip()),
            status: "active".to_string(),
            activated_at: at(on),
            last_verified_at: Some(at(last_verified)),
            deactivated_at: None,
            deactivation_reason: None,
        }
    }

    /// (hardware id, device name, platform): 128 random bits, so two devices of one license
    /// never share an identifier.
    fn device(&mut self, first_name: &str) -> (String, Option<String>, Option<String>) {
        let bits: u128 = self.rng.gen();
        let identifier = if self.chance(0.6) {
            format!("{bits:032x}")
        } else {
            let h = format!("{bits:032X}");
            format!("HW-{}-{}-{}-{}", &h[0..4], &h[4..8], &h[8..12], &h[12..16])
        };
        let os = pick_weighted(
            &mut self.rng,
            &[("mac", 45), ("windows", 42), ("linux", 13)],
        );
        let platforms = match os {
            "mac" => MAC_PLATFORMS,
            "windows" => WINDOWS_PLATFORMS,
            _ => LINUX_PLATFORMS,
        };
        let platform = platforms[self.rng.gen_range(0..platforms.len())];
        let model =
            |rng: &mut StdRng, models: &[&'static str]| models[rng.gen_range(0..models.len())];
        let name = match (os, self.rng.gen_range(0..10)) {
            (_, 0) => None,
            ("mac", _) => Some(format!(
                "{first_name}'s {}",
                model(&mut self.rng, MAC_MODELS)
            )),
            ("windows", n) if n < 5 => Some(format!(
                "DESKTOP-{}",
                (0..7)
                    .map(|_| KEY_CHARSET[self.rng.gen_range(0..32)] as char)
                    .collect::<String>()
            )),
            ("linux", n) if n < 5 => Some(format!("build-agent-{:02}", self.rng.gen_range(1..40))),
            _ => Some(format!(
                "{first_name}'s {}",
                model(&mut self.rng, PC_MODELS)
            )),
        };
        (identifier, name, Some(platform.to_string()))
    }

    /// (domain, site name, platform); the random part keeps one license's sites distinct.
    fn site(&mut self) -> (String, Option<String>, Option<String>) {
        let sub =
            ["www", "shop", "blog", "staging", "app", "store", "news"][self.rng.gen_range(0..7)];
        let a = SITE_WORDS[self.rng.gen_range(0..SITE_WORDS.len())];
        let b = SITE_WORDS[self.rng.gen_range(0..SITE_WORDS.len())];
        let tld = pick_weighted(&mut self.rng, COMPANY_TLDS);
        let n: u32 = self.rng.gen_range(0..100_000);
        let identifier = format!("{sub}.{a}-{b}{n}.{tld}");
        let name = match sub {
            "staging" => Some("Staging".to_string()),
            "www" | "shop" | "store" => Some("Production site".to_string()),
            _ => None,
        };
        let platform = [
            "WordPress 6.6",
            "WordPress 6.5",
            "WordPress 6.4",
            "PHP 8.2",
            "PHP 8.3",
        ][self.rng.gen_range(0..5)];
        (identifier, name, Some(platform.to_string()))
    }

    fn ip(&mut self) -> String {
        if self.chance(0.85) {
            loop {
                let a: u8 = self.rng.gen_range(1..224);
                if matches!(a, 10 | 100 | 127 | 169 | 172 | 192) {
                    continue;
                }
                return format!(
                    "{a}.{}.{}.{}",
                    self.rng.gen::<u8>(),
                    self.rng.gen::<u8>(),
                    self.rng.gen_range(1..255)
                );
            }
        }
        let prefix = ["2a02", "2001", "2600", "2a01", "2804", "2406"][self.rng.gen_range(0..6)];
        format!(
            "{prefix}:{:x}:{:x}:{:x}::{:x}",
            self.rng.gen::<u16>(),
            self.rng.gen::<u16>(),
            self.rng.gen::<u16>(),
            self.rng.gen_range(1..0xffffu32)
        )
    }
}

/// Licenses per customer: uniform over 1..=2M-1, so the average is M.
fn per_customer_max(m: u32) -> usize {
    (2 * m as usize - 1).max(1)
}

// ---------------------------------------------------------------------------------------
// Word lists (common first)

const FIRST_NAMES: &[&str] = &[
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Christopher",
    "Karen",
    "Daniel",
    "Lisa",
    "Matthew",
    "Nancy",
    "Anthony",
    "Sandra",
    "Mark",
    "Ashley",
    "Steven",
    "Emily",
    "Paul",
    "Michelle",
    "Andrew",
    "Amanda",
    "Joshua",
    "Melissa",
    "Kevin",
    "Stephanie",
    "Brian",
    "Rebecca",
    "George",
    "Laura",
    "Timothy",
    "Emma",
    "Jason",
    "Olivia",
    "Ryan",
    "Sophia",
    "Jacob",
    "Anna",
    "Nicholas",
    "Hannah",
    "Eric",
    "Julia",
    "Jonathan",
    "Chloé",
    "Liam",
    "Mia",
    "Noah",
    "Charlotte",
    "Lucas",
    "Amelia",
    "Ethan",
    "Isabella",
    "Benjamin",
    "Ava",
    "Alexander",
    "Grace",
    "Samuel",
    "Lily",
    "Henry",
    "Zoë",
    "Johnny",
    "Ella",
    "Oliver",
    "Lucy",
    "Leo",
    "Nora",
    "Max",
    "Clara",
    "Felix",
    "Marie",
    "Jonas",
    "Lena",
    "Lukas",
    "Sofia",
    "Mateo",
    "Valentina",
    "Santiago",
    "Camila",
    "José",
    "Lucía",
    "Diego",
    "Elena",
    "Pablo",
    "Carmen",
    "Luca",
    "Giulia",
    "Marco",
    "Francesca",
    "Pierre",
    "Camille",
    "François",
    "Léa",
    "Hugo",
    "Manon",
    "Björn",
    "Ingrid",
    "Søren",
    "Freja",
    "Lars",
    "Astrid",
    "Mikael",
    "Saga",
    "Jan",
    "Anke",
    "Pieter",
    "Sanne",
    "Łukasz",
    "Agnieszka",
    "Piotr",
    "Katarzyna",
    "Dmitri",
    "Olga",
    "Ivan",
    "Natalia",
    "Mehmet",
    "Ayşe",
    "Ahmed",
    "Fatima",
    "Omar",
    "Layla",
    "Raj",
    "Priya",
    "Arjun",
    "Ananya",
    "Wei",
    "Mei",
    "Hiroshi",
    "Yuki",
    "Kenji",
    "Sakura",
    "Min-jun",
    "Ji-woo",
    "Thanh",
    "Linh",
    "Kwame",
    "Ama",
    "Chinedu",
    "Ngozi",
    "Tariq",
    "Zara",
    "Mateus",
    "Beatriz",
    "João",
    "Renée",
    "Iñaki",
    "Aoife",
    "Siobhan",
    "Connor",
    "Declan",
    "Niamh",
    "Johanna",
    "Johnathan",
];

const LAST_NAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Chen",
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Kim",
    "Park",
    "Choi",
    "Tanaka",
    "Suzuki",
    "Sato",
    "Takahashi",
    "Patel",
    "Shah",
    "Singh",
    "Kumar",
    "Gupta",
    "Khan",
    "Ali",
    "Hassan",
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Dubois",
    "Durand",
    "Lefèvre",
    "Moreau",
    "Laurent",
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Costa",
    "Pereira",
    "Fernández",
    "González",
    "Jiménez",
    "Ruiz",
    "Álvarez",
    "Novak",
    "Kowalski",
    "Nowak",
    "Wiśniewski",
    "Ivanov",
    "Petrov",
    "Smirnov",
    "Jansen",
    "de Vries",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Hansen",
    "Nielsen",
    "Jensen",
    "Larsen",
    "Virtanen",
    "Korhonen",
    "O'Brien",
    "O'Connor",
    "Murphy",
    "Kelly",
    "Walsh",
    "Byrne",
    "MacDonald",
    "Campbell",
    "Stewart",
    "Okafor",
    "Mensah",
    "Adeyemi",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Cohen",
    "Levi",
    "Johns",
    "Johnston",
    "Jonsson",
    "Papadopoulos",
    "Nakamura",
    "Tran",
    "Pham",
    "Le",
];

const FREE_MAIL: &[(&str, u32)] = &[
    ("gmail.com", 46),
    ("outlook.com", 12),
    ("hotmail.com", 7),
    ("yahoo.com", 9),
    ("icloud.com", 8),
    ("proton.me", 5),
    ("protonmail.com", 2),
    ("gmx.de", 3),
    ("web.de", 2),
    ("aol.com", 2),
    ("yandex.ru", 1),
    ("fastmail.com", 1),
    ("hey.com", 1),
    ("zoho.com", 1),
];

const COMPANIES: &[&str] = &[
    "acmecorp",
    "globex",
    "initech",
    "umbrella-corp",
    "hooli",
    "piedpiper",
    "soylent",
    "stark-industries",
    "wayne-enterprises",
    "wonka",
    "cyberdyne",
    "tyrell",
    "vandelay",
    "dundermifflin",
    "oscorp",
    "aperture",
    "blackmesa",
    "massive-dynamic",
    "nakatomi",
    "sterling-cooper",
    "virtucon",
    "weyland",
    "yoyodyne",
    "bluth",
    "buynlarge",
    "contoso",
    "fabrikam",
    "northwind",
    "tailspin",
    "adventure-works",
    "litware",
    "wingtip",
    "proseware",
    "fourthcoffee",
    "lamna",
    "woodgrove",
    "relecloud",
    "trey-research",
    "lucerne-pub",
    "coho-winery",
    "wideworld",
    "blue-yonder",
    "gringotts",
    "monarch-solutions",
    "prestige-ww",
    "zorg",
    "rekall",
    "omnicorp",
    "tricell",
    "abstergo",
    "vought",
    "los-pollos",
    "krustyco",
    "planet-express",
    "momcorp",
    "ollivanders",
    "duff",
    "gekko-co",
    "bigkahuna",
    "paper-street",
    "ingen",
    "encom",
    "dharma-initiative",
    "wernham-hogg",
    "veridian",
    "axiom-labs",
    "brightlane",
    "cloudberry",
    "northpeak",
    "quantumleaf",
    "redwood-data",
    "silverline",
    "bluefin-tech",
    "hexaware-labs",
    "lumina",
    "novaworks",
    "pinecrest",
    "stackforge",
    "tidewater",
    "urbanhive",
    "vertexa",
    "windmill-io",
    "yellowbrick",
    "zenith-soft",
    "ironclad",
    "maplestone",
    "oakridge-it",
    "copperleaf",
    "driftwood",
    "evergreen-sys",
];

const COMPANY_TLDS: &[(&str, u32)] = &[
    ("com", 55),
    ("io", 12),
    ("co", 6),
    ("dev", 4),
    ("net", 6),
    ("de", 5),
    ("co.uk", 4),
    ("fr", 2),
    ("nl", 2),
    ("app", 2),
    ("tech", 1),
    ("ai", 1),
];

const NOTES: &[&str] = &[
    "Bought via reseller",
    "Education discount",
    "Upgraded from Standard",
    "Volume deal, Q3",
    "Replacement for a lost key",
    "Non-profit discount",
    "Trial converted",
    "Invoice paid by bank transfer",
];

const SUSPEND_REASONS: &[&str] = &[
    "Payment dispute",
    "Chargeback under review",
    "Suspicious activation pattern",
    "Requested by customer",
    "Invoice overdue",
];

const REVOKE_REASONS: &[&str] = &[
    "Refunded",
    "Chargeback",
    "Key published online",
    "Fraudulent purchase",
    "Duplicate order",
];

const DEVICE_DEACTIVATIONS: &[&str] = &[
    "deactivated by customer",
    "replaced by a new device",
    "deactivated by admin",
    "machine reinstalled",
];

const DOMAIN_DEACTIVATIONS: &[&str] = &[
    "deactivated by customer",
    "site moved",
    "deactivated by admin",
    "staging site removed",
];

const MAC_MODELS: &[&str] = &[
    "MacBook Pro",
    "MacBook Air",
    "iMac",
    "Mac mini",
    "Mac Studio",
];

const PC_MODELS: &[&str] = &[
    "ThinkPad X1",
    "XPS 15",
    "Surface Pro",
    "Desktop",
    "Laptop",
    "Gaming PC",
    "Workstation",
    "Framework Laptop",
];

const MAC_PLATFORMS: &[&str] = &["macOS 15.1", "macOS 14.6", "macOS 14.5", "macOS 13.6"];
const WINDOWS_PLATFORMS: &[&str] = &["Windows 11 23H2", "Windows 11 24H2", "Windows 10 22H2"];
const LINUX_PLATFORMS: &[&str] = &["Ubuntu 24.04", "Ubuntu 22.04", "Fedora 40", "Debian 12"];

const SITE_WORDS: &[&str] = &[
    "green", "urban", "happy", "little", "bright", "coastal", "modern", "daily", "craft", "garden",
    "bakery", "studio", "travel", "coffee", "design", "fitness", "pixel", "nordic", "market",
    "kitchen", "outdoor", "vintage", "wild", "harbor", "maple", "river", "summit",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn license_keys_are_distinct_and_well_formed() {
        let salt = mix64(42);
        let mut seen = HashSet::new();
        for i in 0..200_000 {
            let k = license_key(i, salt);
            assert_eq!(k.len(), 23);
            assert!(k.bytes().enumerate().all(|(p, b)| if p % 6 == 5 {
                b == b'-'
            } else {
                KEY_CHARSET.contains(&b)
            }));
            assert!(seen.insert(k));
        }
        assert_ne!(license_key(0, mix64(1)), license_key(0, mix64(2)));
    }

    #[test]
    fn names_fold_to_ascii_letters() {
        assert_eq!(fold("O'Brien"), "obrien");
        assert_eq!(fold("Łukasz"), "lukasz");
        assert_eq!(fold("de Vries"), "devries");
        assert_eq!(fold("Zoë"), "zoe");
        assert_eq!(fold("Min-jun"), "minjun");
        for n in FIRST_NAMES.iter().chain(LAST_NAMES) {
            assert!(!fold(n).is_empty(), "{n}");
        }
    }
}
