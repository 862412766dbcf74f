//! Typed configuration from `LATCHKEY_*` environment variables, optionally over a
//! `latchkey.toml` file. A bad value is reported as one line naming the variable.

pub mod smtp;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::db::DatabaseUrl;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// The shortest new password when `LATCHKEY_PASSWORD_MIN_LENGTH` is not set.
pub const DEFAULT_PASSWORD_MIN_LENGTH: usize = 10;

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: DatabaseUrl,
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub secret_key: Option<String>,
    pub public_url: String,
    pub admin_email: Option<String>,
    pub admin_password: Option<String>,
    pub bcrypt_cost: u32,
    pub log: String,
    pub log_format: LogFormat,
    pub static_dir: PathBuf,
    pub db_pool_size: u32,
    pub max_body_bytes: usize,
    /// Bodies of CSV imports.
    pub max_import_bytes: usize,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_days: i64,
    /// How long a customer's portal sign-in lasts from sign-in (refreshing does not extend it).
    pub portal_session_hours: i64,
    pub login_max_failures: i64,
    pub login_window_secs: i64,
    pub password_min_length: usize,
    /// Kinds of characters (lower, upper, digit, symbol) a new password must mix; 0 = any.
    pub password_min_classes: usize,
    /// Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// How long a licensing answer may be relied on offline (`ttl_s` in the envelope).
    pub licensing_ttl_secs: i64,
    /// Licensing API requests a minute per license key; 0 turns the limit off.
    pub licensing_rate_per_key: u32,
    /// Licensing API requests a minute per client IP; 0 turns the limit off.
    pub licensing_rate_per_ip: u32,
    /// Anonymous link requests (magic link, password reset) an hour per client IP; 0 = off.
    pub link_requests_per_ip: u32,
    /// How often validations' `last_verified_at` and the hourly counts are written: the most
    /// a crash can lose.
    pub usage_flush_secs: u64,
    /// The SMTP server from `LATCHKEY_SMTP_URL`; settings saved by a super admin override it.
    /// Neither: mails are written to `DATA_DIR/outbox/*.eml`.
    pub smtp: Option<smtp::SmtpSettings>,
    /// The sender of every mail, unless the saved settings name another.
    pub smtp_from: lettre::message::Mailbox,
    /// Tries per mail before it is marked failed.
    pub email_max_attempts: i64,
    /// The wait after the first failed try; it doubles with each further one, up to an hour.
    pub email_retry_base_secs: i64,
    /// How often the delivery worker looks for due mail.
    pub email_poll_ms: u64,
}

/// A configuration problem: the variable and what is wrong with its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub variable: String,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "configuration error: {}: {}",
            self.variable, self.message
        )
    }
}

impl std::error::Error for ConfigError {}

/// The variables Latchkey reads, with their `latchkey.toml` key (the name without the
/// prefix, lower-cased).
const VARIABLES: &[&str] = &[
    "LATCHKEY_DATABASE_URL",
    "LATCHKEY_BIND",
    "LATCHKEY_DATA_DIR",
    "LATCHKEY_SECRET_KEY",
    "LATCHKEY_PUBLIC_URL",
    "LATCHKEY_ADMIN_EMAIL",
    "LATCHKEY_ADMIN_PASSWORD",
    "LATCHKEY_BCRYPT_COST",
    "LATCHKEY_LOG",
    "LATCHKEY_LOG_FORMAT",
    "LATCHKEY_STATIC_DIR",
    "LATCHKEY_DB_POOL_SIZE",
    "LATCHKEY_MAX_BODY_BYTES",
    "LATCHKEY_MAX_IMPORT_BYTES",
    "LATCHKEY_ACCESS_TOKEN_TTL_SECS",
    "LATCHKEY_REFRESH_TOKEN_TTL_DAYS",
    "LATCHKEY_PORTAL_SESSION_HOURS",
    "LATCHKEY_LOGIN_MAX_FAILURES",
    "LATCHKEY_LOGIN_WINDOW_SECS",
    "LATCHKEY_PASSWORD_MIN_LENGTH",
    "LATCHKEY_PASSWORD_MIN_CLASSES",
    "LATCHKEY_TRUSTED_PROXIES",
    "LATCHKEY_LICENSING_TTL_SECS",
    "LATCHKEY_LICENSING_RATE_PER_KEY",
    "LATCHKEY_LICENSING_RATE_PER_IP",
    "LATCHKEY_LINK_REQUESTS_PER_IP",
    "LATCHKEY_USAGE_FLUSH_SECS",
    "LATCHKEY_SMTP_URL",
    "LATCHKEY_SMTP_FROM",
    "LATCHKEY_EMAIL_MAX_ATTEMPTS",
    "LATCHKEY_EMAIL_RETRY_BASE_SECS",
    "LATCHKEY_EMAIL_POLL_MS",
];

struct Source {
    values: BTreeMap<String, String>,
}

impl Source {
    fn get(&self, var: &str) -> Option<&str> {
        self.values
            .get(var)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    fn string(&self, var: &str, default: &str) -> String {
        self.get(var).unwrap_or(default).to_string()
    }

    fn number<T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy>(
        &self,
        var: &str,
        default: T,
        min: T,
        max: T,
    ) -> Result<T, ConfigError> {
        let Some(raw) = self.get(var) else {
            return Ok(default);
        };
        match raw.trim().parse::<T>() {
            Ok(v) if v >= min && v <= max => Ok(v),
            _ => Err(err(
                var,
                format!("`{raw}` is not a whole number from {min} to {max}"),
            )),
        }
    }
}

/// Two connections per CPU core, at least 4: more queue inside the database for the same
/// cores and stretch the slowest answers (measured in docs/benchmarks.md: on 2 cores, 10
/// PostgreSQL connections gave validations a p99 of 120–150 ms, 4 gave 16 ms).
fn default_pool_size() -> u32 {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get() as u32)
        .unwrap_or(2);
    (2 * cores).clamp(4, 64)
}

fn err(var: &str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        variable: var.to_string(),
        message: message.into(),
    }
}

impl Config {
    /// Reads `latchkey.toml` (or the file named by `LATCHKEY_CONFIG`) when present, then the
    /// environment, which wins.
    pub fn from_env() -> Result<Self, ConfigError> {
        let mut values = BTreeMap::new();
        let file = std::env::var("LATCHKEY_CONFIG").ok();
        let path = file.clone().unwrap_or_else(|| "latchkey.toml".to_string());
        match std::fs::read_to_string(&path) {
            Ok(text) => values.extend(
                parse_toml(&text).map_err(|m| err("LATCHKEY_CONFIG", format!("{path}: {m}")))?,
            ),
            Err(e) if file.is_some() => {
                return Err(err("LATCHKEY_CONFIG", format!("cannot read {path}: {e}")))
            }
            Err(_) => {}
        }
        for var in VARIABLES {
            if let Ok(v) = std::env::var(var) {
                values.insert(var.to_string(), v);
            }
        }
        Self::from_values(values)
    }

    pub fn from_values(values: BTreeMap<String, String>) -> Result<Self, ConfigError> {
        let src = Source { values };

        let database_url =
            DatabaseUrl::parse(&src.string("LATCHKEY_DATABASE_URL", "sqlite://data/latchkey.db"))
                .map_err(|m| err("LATCHKEY_DATABASE_URL", m))?;

        let bind_raw = src.string("LATCHKEY_BIND", "127.0.0.1:8080");
        let bind: SocketAddr = bind_raw.parse().map_err(|_| {
            err(
                "LATCHKEY_BIND",
                format!("`{bind_raw}` is not an address like 127.0.0.1:8080"),
            )
        })?;

        let secret_key = src.get("LATCHKEY_SECRET_KEY").map(str::to_string);
        if let Some(key) = &secret_key {
            if key.len() < 32 {
                return Err(err(
                    "LATCHKEY_SECRET_KEY",
                    "must be at least 32 characters (e.g. `openssl rand -base64 48`)",
                ));
            }
        }

        let public_url = src
            .get("LATCHKEY_PUBLIC_URL")
            .map(|u| u.trim_end_matches('/').to_string())
            .unwrap_or_else(|| {
                // An unspecified bind address (0.0.0.0) is not where a browser can go.
                let host = if bind.ip().is_unspecified() {
                    "localhost".to_string()
                } else {
                    bind.ip().to_string()
                };
                format!("http://{host}:{}", bind.port())
            });
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(err(
                "LATCHKEY_PUBLIC_URL",
                format!("`{public_url}` must start with http:// or https://"),
            ));
        }

        let admin_email = src
            .get("LATCHKEY_ADMIN_EMAIL")
            .map(|e| e.trim().to_lowercase());
        if let Some(email) = &admin_email {
            if !crate::validate::is_valid_email(email) {
                return Err(err(
                    "LATCHKEY_ADMIN_EMAIL",
                    format!("`{email}` is not a valid email address"),
                ));
            }
        }
        let admin_password = src.get("LATCHKEY_ADMIN_PASSWORD").map(str::to_string);
        if admin_email.is_some() != admin_password.is_some() {
            let missing = if admin_email.is_some() {
                "LATCHKEY_ADMIN_PASSWORD"
            } else {
                "LATCHKEY_ADMIN_EMAIL"
            };
            return Err(err(
                missing,
                "LATCHKEY_ADMIN_EMAIL and LATCHKEY_ADMIN_PASSWORD must be set together",
            ));
        }

        let password_min_length = src.number(
            "LATCHKEY_PASSWORD_MIN_LENGTH",
            DEFAULT_PASSWORD_MIN_LENGTH,
            8,
            72,
        )?;
        if let Some(pw) = &admin_password {
            if pw.len() < password_min_length || pw.len() > 72 {
                return Err(err(
                    "LATCHKEY_ADMIN_PASSWORD",
                    format!("must be {password_min_length} to 72 bytes long"),
                ));
            }
        }

        let log_format = match src.string("LATCHKEY_LOG_FORMAT", "pretty").as_str() {
            "pretty" => LogFormat::Pretty,
            "json" => LogFormat::Json,
            other => {
                return Err(err(
                    "LATCHKEY_LOG_FORMAT",
                    format!("`{other}` must be `pretty` or `json`"),
                ))
            }
        };
        let log = src.string("LATCHKEY_LOG", "info");
        tracing_subscriber::EnvFilter::try_new(&log).map_err(|e| {
            err(
                "LATCHKEY_LOG",
                format!("`{log}` is not a valid filter: {e}"),
            )
        })?;

        let mut trusted_proxies = Vec::new();
        for item in src
            .string("LATCHKEY_TRUSTED_PROXIES", "")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let net = item
                .parse::<ipnet::IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| {
                    err(
                        "LATCHKEY_TRUSTED_PROXIES",
                        format!(
                            "`{item}` is not an IP address or CIDR range like 10.0.0.0/8 (comma-separated list)"
                        ),
                    )
                })?;
            trusted_proxies.push(net);
        }

        let smtp = src
            .get("LATCHKEY_SMTP_URL")
            .map(smtp::SmtpSettings::parse_url)
            .transpose()
            .map_err(|m| err("LATCHKEY_SMTP_URL", m))?;
        let smtp_from =
            smtp::parse_mailbox(&src.string("LATCHKEY_SMTP_FROM", "Latchkey <no-reply@localhost>"))
                .map_err(|m| err("LATCHKEY_SMTP_FROM", m))?;

        Ok(Config {
            database_url,
            bind,
            data_dir: PathBuf::from(src.string("LATCHKEY_DATA_DIR", "data")),
            secret_key,
            public_url,
            admin_email,
            admin_password,
            bcrypt_cost: src.number("LATCHKEY_BCRYPT_COST", 12u32, 4, 31)?,
            log,
            log_format,
            static_dir: PathBuf::from(src.string("LATCHKEY_STATIC_DIR", "frontend/dist")),
            db_pool_size: src.number("LATCHKEY_DB_POOL_SIZE", default_pool_size(), 1, 1000)?,
            max_body_bytes: src.number("LATCHKEY_MAX_BODY_BYTES", 262_144usize, 1024, 1 << 30)?,
            max_import_bytes: src.number(
                "LATCHKEY_MAX_IMPORT_BYTES",
                67_108_864usize,
                1024,
                1 << 32,
            )?,
            access_token_ttl_secs: src.number(
                "LATCHKEY_ACCESS_TOKEN_TTL_SECS",
                900i64,
                30,
                86_400,
            )?,
            refresh_token_ttl_days: src.number("LATCHKEY_REFRESH_TOKEN_TTL_DAYS", 30i64, 1, 365)?,
            portal_session_hours: src.number("LATCHKEY_PORTAL_SESSION_HOURS", 12i64, 1, 720)?,
            login_max_failures: src.number("LATCHKEY_LOGIN_MAX_FAILURES", 10i64, 0, 1_000_000)?,
            login_window_secs: src.number("LATCHKEY_LOGIN_WINDOW_SECS", 900i64, 1, 86_400)?,
            password_min_length,
            password_min_classes: src.number("LATCHKEY_PASSWORD_MIN_CLASSES", 0usize, 0, 4)?,
            trusted_proxies,
            licensing_ttl_secs: src.number(
                "LATCHKEY_LICENSING_TTL_SECS",
                3600i64,
                1,
                30 * 86_400,
            )?,
            licensing_rate_per_key: src.number(
                "LATCHKEY_LICENSING_RATE_PER_KEY",
                60u32,
                0,
                1_000_000,
            )?,
            licensing_rate_per_ip: src.number(
                "LATCHKEY_LICENSING_RATE_PER_IP",
                600u32,
                0,
                1_000_000,
            )?,
            link_requests_per_ip: src.number(
                "LATCHKEY_LINK_REQUESTS_PER_IP",
                20u32,
                0,
                1_000_000,
            )?,
            usage_flush_secs: src.number("LATCHKEY_USAGE_FLUSH_SECS", 2u64, 1, 300)?,
            smtp,
            smtp_from,
            email_max_attempts: src.number("LATCHKEY_EMAIL_MAX_ATTEMPTS", 8i64, 1, 100)?,
            email_retry_base_secs: src.number("LATCHKEY_EMAIL_RETRY_BASE_SECS", 60i64, 1, 3600)?,
            email_poll_ms: src.number("LATCHKEY_EMAIL_POLL_MS", 2000u64, 10, 600_000)?,
        })
    }
}

impl Config {
    /// Cookies get `Secure`, and responses HSTS, when the public URL is https.
    pub fn public_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// `latchkey.toml` holds the same settings as the environment, keyed by the variable name
/// without `LATCHKEY_`, lower-cased: `database_url = "postgres://…"`.
fn parse_toml(text: &str) -> Result<BTreeMap<String, String>, String> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| e.message().to_string())?;
    let mut out = BTreeMap::new();
    for (key, value) in table {
        let var = format!("LATCHKEY_{}", key.to_uppercase());
        if !VARIABLES.contains(&var.as_str()) {
            return Err(format!("unknown setting `{key}`"));
        }
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            other => {
                return Err(format!(
                    "`{key}` must be a string or a number, not {}",
                    other.type_str()
                ))
            }
        };
        out.insert(var, text);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_values(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn defaults_are_a_local_sqlite_server() {
        let c = cfg(&[]).unwrap();
        assert_eq!(
            c.database_url,
            DatabaseUrl::Sqlite(PathBuf::from("data/latchkey.db"))
        );
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.bcrypt_cost, 12);
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
    }

    #[test]
    fn bad_values_name_the_variable() {
        let e = cfg(&[("LATCHKEY_DATABASE_URL", "mysql://x")]).unwrap_err();
        assert_eq!(e.variable, "LATCHKEY_DATABASE_URL");
        assert!(e.message.contains("mysql"), "{e}");
        assert_eq!(
            cfg(&[("LATCHKEY_BCRYPT_COST", "99")]).unwrap_err().variable,
            "LATCHKEY_BCRYPT_COST"
        );
        assert_eq!(
            cfg(&[("LATCHKEY_BIND", "nope")]).unwrap_err().variable,
            "LATCHKEY_BIND"
        );
        assert_eq!(
            cfg(&[("LATCHKEY_LOG_FORMAT", "xml")]).unwrap_err().variable,
            "LATCHKEY_LOG_FORMAT"
        );
        assert_eq!(
            cfg(&[("LATCHKEY_SECRET_KEY", "short")])
                .unwrap_err()
                .variable,
            "LATCHKEY_SECRET_KEY"
        );
        assert_eq!(
            cfg(&[("LATCHKEY_ADMIN_EMAIL", "a@b.co")])
                .unwrap_err()
                .variable,
            "LATCHKEY_ADMIN_PASSWORD"
        );
    }

    #[test]
    fn smtp_settings_come_from_the_url_and_a_bad_one_names_the_variable() {
        let c = cfg(&[]).unwrap();
        assert!(c.smtp.is_none(), "no SMTP: mails go to files");
        assert_eq!(c.smtp_from.to_string(), "Latchkey <no-reply@localhost>");
        assert_eq!((c.email_max_attempts, c.email_retry_base_secs), (8, 60));
        let c = cfg(&[
            (
                "LATCHKEY_SMTP_URL",
                "smtp://u%40x:p%40ss@mail.example.com:587?tls=starttls",
            ),
            ("LATCHKEY_SMTP_FROM", "Acme Licensing <licenses@acme.test>"),
        ])
        .unwrap();
        let smtp = c.smtp.unwrap();
        assert_eq!(smtp.host, "mail.example.com");
        assert_eq!(smtp.username.as_deref(), Some("u@x"));
        assert_eq!(smtp.password.as_deref(), Some("p@ss"));
        assert_eq!(c.smtp_from.email.to_string(), "licenses@acme.test");
        for (var, value) in [
            ("LATCHKEY_SMTP_URL", "smtp//mail.example.com"),
            ("LATCHKEY_SMTP_URL", "imap://mail.example.com"),
            ("LATCHKEY_SMTP_FROM", "nobody"),
            ("LATCHKEY_EMAIL_MAX_ATTEMPTS", "0"),
            ("LATCHKEY_EMAIL_POLL_MS", "1"),
        ] {
            let e = cfg(&[(var, value)]).unwrap_err();
            assert_eq!(e.variable, var, "{e}");
        }
    }

    #[test]
    fn trusted_proxies_take_addresses_and_cidr_ranges() {
        let c = cfg(&[(
            "LATCHKEY_TRUSTED_PROXIES",
            "10.0.0.0/8, 192.168.1.7, fd00::/8",
        )])
        .unwrap();
        let has = |ip: &str| {
            let ip: std::net::IpAddr = ip.parse().unwrap();
            c.trusted_proxies.iter().any(|n| n.contains(&ip))
        };
        assert!(has("10.42.3.4") && has("192.168.1.7") && has("fd00::1"));
        assert!(!has("192.168.1.8") && !has("11.0.0.1"));
        for bad in ["10.0.0.0/33", "proxy.internal", "10.0.0.0/8/1"] {
            let e = cfg(&[("LATCHKEY_TRUSTED_PROXIES", bad)]).unwrap_err();
            assert_eq!(e.variable, "LATCHKEY_TRUSTED_PROXIES", "{bad}");
        }
    }

    #[test]
    fn toml_keys_map_to_variables() {
        let v = parse_toml("bind = \"0.0.0.0:9000\"\nbcrypt_cost = 10\n").unwrap();
        assert_eq!(v["LATCHKEY_BIND"], "0.0.0.0:9000");
        assert_eq!(v["LATCHKEY_BCRYPT_COST"], "10");
        assert!(parse_toml("nonsense = 1").unwrap_err().contains("nonsense"));
    }
}
