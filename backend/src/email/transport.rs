//! Where mail goes: an SMTP server (from `LATCHKEY_SMTP_URL` or the settings stored in the
//! database), or — with neither — `.eml` files in `DATA_DIR/outbox` so nothing is lost and
//! development works offline.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::smtp::{SmtpSettings, TlsMode};

/// How mail goes out through an SMTP server.
impl SmtpSettings {
    fn transport(&self) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
        let tls = match self.tls {
            TlsMode::None => Tls::None,
            TlsMode::Starttls => Tls::Required(self.tls_parameters()?),
            TlsMode::Tls => Tls::Wrapper(self.tls_parameters()?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host)
            .port(self.port)
            .tls(tls)
            .timeout(Some(SMTP_TIMEOUT));
        if let Some(user) = &self.username {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                self.password.clone().unwrap_or_default(),
            ));
        }
        Ok(builder.build())
    }

    fn tls_parameters(&self) -> Result<TlsParameters, String> {
        TlsParameters::new(self.host.clone())
            .map_err(|e| format!("cannot set up TLS for {}: {e}", self.host))
    }
}

/// How long one SMTP exchange may stall before it counts as a failed attempt. The worker's
/// lease on a claimed mail is much longer, so a slow server never makes two processes
/// send the same mail.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// A transport built from the settings in effect. One SMTP connection per message, no
/// pool: lettre's pool closes its connections from destructors on new Tokio tasks, which
/// aborted the process when a runtime shut down with the worker's task still holding it.
pub enum Transport {
    Smtp {
        settings: SmtpSettings,
        inner: Box<AsyncSmtpTransport<Tokio1Executor>>,
    },
    /// `DATA_DIR/outbox/<id>.eml`.
    Files(PathBuf),
}

/// What happened to a message that was handed over.
#[derive(Debug, Clone)]
pub enum Delivered {
    /// The SMTP server's answer to the message.
    Smtp {
        server: String,
        reply: String,
    },
    File(PathBuf),
}

impl Transport {
    pub fn new(settings: Option<&SmtpSettings>, data_dir: &Path) -> Result<Transport, String> {
        Ok(match settings {
            Some(s) => Transport::Smtp {
                settings: s.clone(),
                inner: Box::new(s.transport()?),
            },
            None => Transport::Files(data_dir.join("outbox")),
        })
    }

    /// Whether this transport was built from `settings` (so it can be reused).
    pub fn matches(&self, settings: Option<&SmtpSettings>, data_dir: &Path) -> bool {
        match (self, settings) {
            (Transport::Smtp { settings: mine, .. }, Some(s)) => mine == s,
            (Transport::Files(dir), None) => *dir == data_dir.join("outbox"),
            _ => false,
        }
    }

    /// Hands the message over; `file_name` (without extension) names the `.eml` file.
    pub async fn send(&self, message: &Message, file_name: &str) -> Result<Delivered, String> {
        match self {
            Transport::Smtp { settings, inner } => {
                let response = inner
                    .send(message.clone())
                    .await
                    .map_err(|e| format!("SMTP {}:{}: {e}", settings.host, settings.port))?;
                Ok(Delivered::Smtp {
                    server: format!("{}:{}", settings.host, settings.port),
                    reply: format!(
                        "{} {}",
                        response.code(),
                        response.message().collect::<Vec<_>>().join(" ")
                    ),
                })
            }
            Transport::Files(dir) => {
                let path = dir.join(format!("{file_name}.eml"));
                let bytes = message.formatted();
                let target = path.clone();
                // The files hold sign-in links: readable by the owner only.
                tokio::task::spawn_blocking(move || {
                    crate::crypto::write_private_file(&target, &bytes)
                })
                .await
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                Ok(Delivered::File(path))
            }
        }
    }
}
