//! The SMTP server as configured (`LATCHKEY_SMTP_URL`, `LATCHKEY_SMTP_FROM`) or saved in the
//! mail settings; `email::transport` delivers through it.

use lettre::message::Mailbox;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TlsMode {
    /// Plain text (a relay on localhost or a test server).
    None,
    /// Plain connection upgraded with STARTTLS, which must succeed (port 587).
    Starttls,
    /// TLS from the first byte (SMTPS, port 465).
    Tls,
}

impl TlsMode {
    pub fn as_str(self) -> &'static str {
        match self {
            TlsMode::None => "none",
            TlsMode::Starttls => "starttls",
            TlsMode::Tls => "tls",
        }
    }

    pub fn parse(s: &str) -> Option<TlsMode> {
        match s {
            "none" => Some(TlsMode::None),
            "starttls" => Some(TlsMode::Starttls),
            "tls" => Some(TlsMode::Tls),
            _ => None,
        }
    }
}

/// An SMTP server to deliver through.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    pub tls: TlsMode,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password_set", &self.password.is_some())
            .field("tls", &self.tls)
            .finish()
    }
}

impl SmtpSettings {
    /// `smtp://user:pass@host:port` (plain; `?tls=starttls` to upgrade) or
    /// `smtps://user:pass@host:port` (implicit TLS). User and password are percent-decoded.
    pub fn parse_url(raw: &str) -> Result<SmtpSettings, String> {
        let url = url::Url::parse(raw.trim())
            .map_err(|e| format!("not a URL like smtp://user:pass@host:587?tls=starttls ({e})"))?;
        let mut tls = match url.scheme() {
            "smtp" => TlsMode::None,
            "smtps" => TlsMode::Tls,
            other => {
                return Err(format!(
                    "unsupported scheme `{other}`: use smtp:// or smtps://"
                ))
            }
        };
        let mut plain_on_purpose = false;
        for (key, value) in url.query_pairs() {
            match (key.as_ref(), value.as_ref()) {
                ("tls", "starttls") if tls == TlsMode::None => tls = TlsMode::Starttls,
                ("tls", "none") if tls == TlsMode::None => plain_on_purpose = true,
                ("tls", other) => {
                    return Err(format!(
                        "`tls={other}` is not valid here: smtp:// takes tls=starttls or tls=none; smtps:// is always TLS"
                    ))
                }
                (other, _) => return Err(format!("unknown parameter `{other}` (only `tls`)")),
            }
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or("the URL has no host")?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let port = url.port().unwrap_or(match tls {
            TlsMode::Tls => 465,
            TlsMode::Starttls => 587,
            TlsMode::None => 25,
        });
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|_| "the user or password is not valid UTF-8 once decoded".to_string())
        };
        let username = Some(decode(url.username())?).filter(|u| !u.is_empty());
        let password = url.password().map(decode).transpose()?;
        if password.is_some() && username.is_none() {
            return Err("a password needs a user name (smtp://user:pass@host)".into());
        }
        if password.is_some() && tls == TlsMode::None && !plain_on_purpose {
            return Err(
                "the password would cross the network readable over plain SMTP: add \
                 ?tls=starttls, use smtps://, or add ?tls=none to accept that"
                    .into(),
            );
        }
        Ok(SmtpSettings {
            host,
            port,
            username,
            password,
            tls,
        })
    }
}

/// `Name <address>` or a bare address, as in `LATCHKEY_SMTP_FROM`.
pub fn parse_mailbox(raw: &str) -> Result<Mailbox, String> {
    raw.trim().parse::<Mailbox>().map_err(|e| {
        format!("`{raw}` is not an address like `Latchkey <no-reply@example.com>` ({e})")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls_parse_with_decoded_credentials_and_tls_modes() {
        let s = SmtpSettings::parse_url("smtp://us%40er:p%3Ass%2Fw@mail.example.com:2525?tls=none")
            .unwrap();
        assert_eq!(s.host, "mail.example.com");
        assert_eq!(s.port, 2525);
        assert_eq!(s.username.as_deref(), Some("us@er"));
        assert_eq!(s.password.as_deref(), Some("p:ss/w"));
        assert_eq!(s.tls, TlsMode::None);

        let s = SmtpSettings::parse_url("smtp://mail.example.com?tls=starttls").unwrap();
        assert_eq!((s.tls, s.port, s.username), (TlsMode::Starttls, 587, None));
        let s = SmtpSettings::parse_url("smtps://a:b@mail.example.com").unwrap();
        assert_eq!((s.tls, s.port), (TlsMode::Tls, 465));
        let s = SmtpSettings::parse_url("smtp://127.0.0.1").unwrap();
        assert_eq!((s.tls, s.port), (TlsMode::None, 25));
    }

    #[test]
    fn malformed_smtp_urls_say_what_is_wrong() {
        for (url, needle) in [
            ("mail.example.com", "not a URL"),
            ("http://mail.example.com", "scheme `http`"),
            ("smtp://mail.example.com?tls=maybe", "tls=maybe"),
            ("smtps://mail.example.com?tls=starttls", "tls=starttls"),
            (
                "smtp://mail.example.com?auth=plain",
                "unknown parameter `auth`",
            ),
            ("smtp://:secret@mail.example.com", "needs a user name"),
            (
                "smtp://user:secret@mail.example.com",
                "readable over plain SMTP",
            ),
            ("smtp://", "no host"),
        ] {
            let e = SmtpSettings::parse_url(url).unwrap_err();
            assert!(e.contains(needle), "{url}: {e}");
        }
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let s = SmtpSettings::parse_url("smtps://user:hunter2secret@mail.example.com").unwrap();
        let text = format!("{s:?}");
        assert!(!text.contains("hunter2secret"), "{text}");
        assert!(text.contains("password_set: true"), "{text}");
    }

    #[test]
    fn from_addresses_parse_with_or_without_a_name() {
        let m = parse_mailbox("Latchkey <no-reply@example.com>").unwrap();
        assert_eq!(m.name.as_deref(), Some("Latchkey"));
        assert_eq!(m.email.to_string(), "no-reply@example.com");
        assert!(parse_mailbox("no-reply@example.com").is_ok());
        assert!(parse_mailbox("not an address").is_err());
    }
}
