use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use latchkey::auth::{password, Role};
use latchkey::config::Config;
use latchkey::server::{self, StartError};

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
