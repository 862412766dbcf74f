use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use latchkey::auth::{password, Role};
use latchkey::config::Config;
use latchkey::server::{self, StartError};

/// glibc's allocator makes the request threads queue on its arena locks under load;
/// mimalloc keeps per-thread heaps (measured in docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "latchkey", version, about = "Self-hosted software-licensing server", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage admin accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Fill an empty database with synthetic products, customers, licenses and
    /// activations (for benchmarks and demos). Refuses a database that holds customers or
    /// licenses.
    Seed(SeedArgs),
}

#[derive(clap::Args)]
struct SeedArgs {
    /// Customers to create.
    #[arg(long)]
    customers: u64,
    /// Licenses per customer on average (each owns 1 to 2M-1); about 2 % more stay unassigned.
    #[arg(long)]
    licenses_per_customer: u32,
    /// Products to create, each with its signing key.
    #[arg(long, default_value_t = 5)]
    products: u32,
    /// Customers (with their licenses and activations) per transaction.
    #[arg(long, default_value_t = 10_000)]
    batch_size: u64,
    /// Seed of the random generator: the same seed gives the same data.
    #[arg(long, default_value_t = 42)]
    rng_seed: u64,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an admin. The password is read from standard input when it is piped,
    /// otherwise generated and printed once.
    Create {
        #[arg(long)]
        email: String,
        /// viewer, operator, admin or super_admin.
        #[arg(long, default_value = "super_admin", value_parser = parse_role)]
        role: Role,
        #[arg(long)]
        name: Option<String>,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| "must be viewer, operator, admin or super_admin".to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Openapi = command {
        print!("{}", latchkey::openapi::spec_json());
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return fail(&StartError::Config(e)),
    };
    latchkey::telemetry::init(&config);
    let result = match command {
        Command::Serve => actix_web::rt::System::new().block_on(server::serve(config)),
        Command::Migrate => migrate(&config),
        Command::Admin {
            command: AdminCommand::Create { email, role, name },
        } => create_admin(config, &email, role, name),
        Command::Seed(args) => seed(&config, &args),
        Command::Openapi => unreachable!("handled above"),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn fail(e: &StartError) -> ExitCode {
    eprintln!("latchkey: {e}");
    ExitCode::from(e.exit_code() as u8)
}

fn migrate(config: &Config) -> Result<(), StartError> {
    let manager = latchkey::db::ConnectionManager::new(config.database_url.clone());
    let mut conn = manager.connect()?;
    let applied = latchkey::db::run_migrations(&mut conn, &config.database_url)?;
    println!("{applied} migration(s) applied");
    Ok(())
}

fn create_admin(
    config: Config,
    email: &str,
    role: Role,
    name: Option<String>,
) -> Result<(), StartError> {
    let stdin = std::io::stdin();
    let (password, generated) = if stdin.is_terminal() {
        (password::generate(), true)
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        if line.is_empty() {
            (password::generate(), true)
        } else {
            (line, false)
        }
    };
    // One plain connection, closed before exit: no pool threads still connecting then.
    let mut conn = latchkey::db::ConnectionManager::new(config.database_url.clone()).connect()?;
    latchkey::db::run_migrations(&mut conn, &config.database_url)?;
    let admin = latchkey::admins::service::create_from_cli(
        &mut conn, &config, email, name, role, &password,
    )
    .map_err(|e| {
        let fields = e.errors.map(|f| {
            f.iter()
                .map(|(k, v)| format!(" {k}: {}.", v.join(", ")))
                .collect::<String>()
        });
        StartError::Command(format!(
            "cannot create the admin: {}{}",
            e.detail,
            fields.unwrap_or_default()
        ))
    })?;
    println!(
        "created {} admin {} ({})",
        admin.role, admin.email, admin.id
    );
    if generated {
        println!("password: {password}");
    }
    Ok(())
}

fn seed(config: &Config, args: &SeedArgs) -> Result<(), StartError> {
    use latchkey::seed::{self, SeedOptions};

    let secrets = server::load_secrets(config)?;
    let mut conn = latchkey::db::ConnectionManager::new(config.database_url.clone()).connect()?;
    latchkey::db::run_migrations(&mut conn, &config.database_url)?;
    let opts = SeedOptions {
        products: args.products,
        batch_size: args.batch_size,
        rng_seed: args.rng_seed,
        ..SeedOptions::new(args.customers, args.licenses_per_customer)
    };
    let backend = conn.backend().name();
    eprintln!(
        "seeding the {backend} database: {} customers, ~{} licenses each, {} products (rng seed {})",
        args.customers, args.licenses_per_customer, args.products, args.rng_seed
    );
    let mut bar = ProgressBar::new();
    let report = seed::run(&mut conn, &secrets, &opts, &mut |p| bar.show(p)).map_err(|e| {
        bar.finish();
        StartError::Command(format!("seed failed: {e}"))
    })?;
    bar.finish();
    drop(conn);

    let secs = report.elapsed.as_secs_f64();
    let statuses = |m: &std::collections::BTreeMap<String, u64>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "seeded the {backend} database in {secs:.1}s ({:.0} rows/s)",
        report.rows() as f64 / secs.max(0.001)
    );
    println!(
        "  products      {:>10}  (each with a signing key)",
        report.products
    );
    println!(
        "  customers     {:>10}  ({})",
        report.customers,
        statuses(&report.customer_statuses)
    );
    println!(
        "  licenses      {:>10}  ({})",
        report.licenses,
        statuses(&report.license_statuses)
    );
    println!(
        "  activations   {:>10}  (active {}, inactive {})",
        report.activations,
        report.active_activations,
        report.activations - report.active_activations
    );
    println!(
        "  audit events  {:>10}  (system.seeded, product.created x{})",
        report.products + 1,
        report.products
    );
    Ok(())
}

/// `[#####.....] 35% customers 350000/1000000 12.3s` on stderr, redrawn in place on a
/// terminal; one line per 10 % otherwise (logs).
struct ProgressBar {
    tty: bool,
    drawn: bool,
    last_decile: Option<(latchkey::seed::Phase, u64)>,
}

impl ProgressBar {
    fn new() -> Self {
        Self {
            tty: std::io::stderr().is_terminal(),
            drawn: false,
            last_decile: None,
        }
    }

    fn show(&mut self, p: latchkey::seed::Progress) {
        use std::io::Write;
        let pct = (p.done * 100).checked_div(p.total).unwrap_or(100);
        let filled = (pct / 5) as usize;
        let line = format!(
            "[{}{}] {pct:3}% {} {}/{} {:.1}s",
            "#".repeat(filled),
            ".".repeat(20 - filled),
            p.phase.as_str(),
            p.done,
            p.total,
            p.elapsed.as_secs_f64()
        );
        let mut err = std::io::stderr().lock();
        if self.tty {
            let _ = write!(err, "\r{line}\x1b[K");
            let _ = err.flush();
            self.drawn = true;
        } else {
            let decile = (p.phase, pct / 10);
            if self.last_decile != Some(decile) {
                self.last_decile = Some(decile);
                let _ = writeln!(err, "{line}");
            }
        }
    }

    fn finish(&mut self) {
        if self.drawn {
            eprintln!();
            self.drawn = false;
        }
    }
}
