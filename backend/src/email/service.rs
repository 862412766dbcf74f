use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::Message;

use super::model::*;
use super::store::{self, Claimed, Filter, SettingsRow};
use super::templates::{self, MailContext, Rendered};
use crate::audit::{self, Change};
use crate::auth::Principal;
use crate::config::smtp::{SmtpSettings, TlsMode};
use crate::config::Config;
use crate::context::RequestCtx;
use crate::crypto::Secrets;
use crate::customers::tokens::{self, Purpose};
use crate::db::{time, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldErrors};
use crate::outbox::Template;
use crate::paging::{like_pattern, PageMeta, Paging};
use crate::validate::is_valid_email;

/// The transport settings in effect: the saved ones while they name a host, else
/// `LATCHKEY_SMTP_URL`, else none (files).
pub struct Effective {
    pub source: SettingsSource,
    pub smtp: Option<SmtpSettings>,
    pub from: Mailbox,
}

pub fn effective(conn: &mut DbConn, config: &Config, secrets: &Secrets) -> ApiResult<Effective> {
    let row = store::settings(conn)?;
    let Some(host) = row.host.clone() else {
        return Ok(Effective {
            source: if config.smtp.is_some() {
                SettingsSource::Environment
            } else {
                SettingsSource::None
            },
            smtp: config.smtp.clone(),
            from: config.smtp_from.clone(),
        });
    };
    let password = row
        .password_encrypted
        .as_deref()
        .map(|sealed| {
            secrets
                .decrypt(sealed)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::EmailDeliveryFailed,
                        "The saved SMTP password cannot be decrypted (was the server secret changed?): save the email settings again.",
                    )
                })
        })
        .transpose()?;
    Ok(Effective {
        source: SettingsSource::Database,
        smtp: Some(SmtpSettings {
            host,
            port: u16::try_from(row.port).unwrap_or(587),
            username: row.username.clone(),
            password,
            tls: TlsMode::parse(&row.tls_mode).unwrap_or(TlsMode::Starttls),
        }),
        from: saved_from(&row).unwrap_or_else(|| config.smtp_from.clone()),
    })
}

fn saved_from(row: &SettingsRow) -> Option<Mailbox> {
    let address = row.from_address.as_deref()?.parse().ok()?;
    Some(Mailbox::new(row.from_name.clone(), address))
}

pub fn settings(conn: &mut DbConn, config: &Config) -> ApiResult<EmailSettings> {
    let row = store::settings(conn)?;
    if row.host.is_some() {
        let from = saved_from(&row).unwrap_or_else(|| config.smtp_from.clone());
        return Ok(EmailSettings {
            source: SettingsSource::Database,
            host: row.host,
            port: u16::try_from(row.port).ok(),
            username: row.username,
            password_set: row.password_encrypted.is_some(),
            tls: TlsMode::parse(&row.tls_mode),
            from_address: from.email.to_string(),
            from_name: from.name,
            updated_at: row.updated_at.map(time::to_utc),
        });
    }
    let env = config.smtp.as_ref();
    Ok(EmailSettings {
        source: if env.is_some() {
            SettingsSource::Environment
        } else {
            SettingsSource::None
        },
        host: env.map(|s| s.host.clone()),
        port: env.map(|s| s.port),
        username: env.and_then(|s| s.username.clone()),
        password_set: env.is_some_and(|s| s.password.is_some()),
        tls: env.map(|s| s.tls),
        from_address: config.smtp_from.email.to_string(),
        from_name: config.smtp_from.name.clone(),
        updated_at: row.updated_at.map(time::to_utc),
    })
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// Saves new SMTP settings (super admins); audited without the password.
pub fn update_settings(
    conn: &mut DbConn,
    config: &Config,
    secrets: &Secrets,
    principal: &Principal,
    req: &UpdateEmailSettingsRequest,
    ctx: &RequestCtx,
) -> ApiResult<EmailSettings> {
    // Whoever routes the mail receives every sign-in link: not something a key may change.
    principal.signed_in_only(
        "Email settings are changed by a signed-in super admin only: whoever routes the mail \
         receives every sign-in link.",
    )?;
    let mut errors = FieldErrors::new();
    let mut bad = |field: &str, message: &str| {
        errors
            .entry(field.to_string())
            .or_default()
            .push(message.to_string());
    };
    let host = req.host.trim();
    if host.is_empty()
        || host.len() > 253
        || host.contains(char::is_whitespace)
        || has_control(host)
    {
        bad("host", "must be a host name or IP address, without spaces");
    } else if url::Host::parse(host).is_err() {
        bad("host", "is not a valid host name or IP address");
    }
    if !(1..=65535).contains(&req.port) {
        bad("port", "must be from 1 to 65535");
    }
    let username = req
        .username
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    if username.is_some_and(|u| u.len() > 320 || has_control(u)) {
        bad("username", "must be at most 320 characters, on one line");
    }
    if let Some(Some(pw)) = &req.password {
        if pw.is_empty() || pw.len() > 1024 {
            bad("password", "must be 1 to 1024 characters (null removes it)");
        }
    }
    let from_address = req.from_address.trim().to_lowercase();
    if !is_valid_email(&from_address) {
        bad("from_address", "must be a valid email address");
    }
    let from_name = req
        .from_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if from_name.is_some_and(|n| n.chars().count() > 100 || has_control(n)) {
        bad("from_name", "must be at most 100 characters, on one line");
    }
    if username.is_none() && matches!(&req.password, Some(Some(_))) {
        bad("username", "is needed with a password");
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    write_tx(conn, |c| {
        let before = store::settings(c)?;
        // A saved password is kept only for the server it was saved for: moving the host
        // (a mistake, or someone with a stolen key) must not hand it to another server.
        let same_host = before.host.as_deref() == Some(host);
        let password_encrypted = match &req.password {
            None if username.is_some() && same_host => before.password_encrypted.clone(),
            None if username.is_some() && before.password_encrypted.is_some() => {
                return Err(ApiError::field(
                    "password",
                    "must be given again when the host changes",
                ))
            }
            None | Some(None) => None,
            Some(Some(pw)) => Some(secrets.encrypt(pw.as_bytes())),
        };
        let row = SettingsRow {
            host: Some(host.to_string()),
            port: req.port,
            username: username.map(str::to_string),
            password_encrypted,
            tls_mode: req.tls.as_str().to_string(),
            from_address: Some(from_address.clone()),
            from_name: from_name.map(str::to_string),
            updated_at: Some(time::now()),
        };
        store::save_settings(c, &row)?;
        audit::record(
            c,
            &principal.actor(),
            ctx,
            Change::new("settings.email_updated", "settings", Some("email"))
                .before(audit_view(&before, false))
                .after(audit_view(&row, req.password.is_some())),
        )?;
        settings(c, config)
    })
}

/// The settings as the audit trail keeps them: never the password.
fn audit_view(row: &SettingsRow, password_changed: bool) -> serde_json::Value {
    let mut view = serde_json::json!({
        "host": row.host,
        "port": row.port,
        "username": row.username,
        "password_set": row.password_encrypted.is_some(),
        "tls": row.tls_mode,
        "from_address": row.from_address,
        "from_name": row.from_name,
    });
    if password_changed {
        view["password_changed"] = serde_json::Value::Bool(true);
    }
    view
}

pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    paging: Paging,
) -> ApiResult<(Vec<EmailDelivery>, PageMeta)> {
    let (rows, total) = store::list(conn, filter, paging.offset(), paging.per_page)?;
    let data = rows
        .into_iter()
        .map(|r| {
            let status = DeliveryStatus::parse(&r.status).unwrap_or(DeliveryStatus::Pending);
            EmailDelivery {
                id: r.id,
                template: r.template,
                to: r.to_email,
                status,
                attempts: r.attempts,
                last_error: r.last_error,
                next_attempt_at: (status == DeliveryStatus::Pending)
                    .then(|| time::to_utc(r.next_attempt_at)),
                created_at: time::to_utc(r.created_at),
                sent_at: r.sent_at.map(time::to_utc),
            }
        })
        .collect();
    Ok((data, paging.meta(total)))
}

pub fn filter(
    status: Option<&str>,
    template: Option<&str>,
    search: Option<&str>,
) -> ApiResult<Filter> {
    let status = status
        .map(|s| {
            DeliveryStatus::parse(s)
                .map(|d| d.as_str().to_string())
                .ok_or_else(|| {
                    ApiError::field("status", "must be pending, sending, sent or failed")
                })
        })
        .transpose()?;
    let template = template
        .map(|t| {
            Template::parse(t)
                .map(|t| t.as_str().to_string())
                .ok_or_else(|| {
                    let names: Vec<&str> = Template::ALL.iter().map(|t| t.as_str()).collect();
                    ApiError::field("template", format!("must be one of {}", names.join(", ")))
                })
        })
        .transpose()?;
    let recipient_like = search
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| like_pattern(&s.to_lowercase()));
    Ok(Filter {
        status,
        template,
        recipient_like,
    })
}

/// Why a claimed mail cannot be rendered.
pub enum RenderError {
    /// It never will be (the customer was erased, the link cannot be minted): mark it failed.
    Permanent(String),
    /// Try again later (the database was unavailable).
    Transient(ApiError),
}

impl From<ApiError> for RenderError {
    fn from(e: ApiError) -> Self {
        RenderError::Transient(e)
    }
}

impl From<crate::db::QueryError> for RenderError {
    fn from(e: crate::db::QueryError) -> Self {
        RenderError::Transient(e.into())
    }
}

/// Fills in the mail of an outbox row, minting its single-use link token now (so no usable
/// token waits in the outbox).
pub fn render(conn: &mut DbConn, config: &Config, row: &Claimed) -> Result<Rendered, RenderError> {
    let template = Template::parse(&row.template)
        .ok_or_else(|| RenderError::Permanent(format!("unknown template `{}`", row.template)))?;
    let payload: serde_json::Value = serde_json::from_str(&row.payload).unwrap_or_default();
    let product_name = payload["product_name"].as_str();
    let Some(customer_id) = row.customer_id.as_deref() else {
        return Err(RenderError::Permanent(
            "the customer was erased: nothing is sent".into(),
        ));
    };
    write_tx(conn, |c| {
        let customer = match crate::customers::service::get(c, customer_id) {
            Ok(customer) => customer,
            Err(e) if e.code == ErrorCode::NotFound => {
                return Err(RenderError::Permanent(
                    "the customer was erased: nothing is sent".into(),
                ))
            }
            Err(e) => return Err(e.into()),
        };
        let mut template = template;
        if template == Template::Invitation && customer.password_hash.is_some() {
            // Accepted meanwhile (say, through an earlier invitation): a new invitation
            // link would not work, but the license news still matters.
            template =
                match product_name {
                    Some(_) => Template::LicenseAssigned,
                    None => return Err(RenderError::Permanent(
                        "the customer has already accepted an invitation: no new invitation link"
                            .into(),
                    )),
                };
        }
        let purpose = match template {
            Template::Invitation => Some(Purpose::Invitation),
            Template::PasswordReset => Some(Purpose::PasswordReset),
            Template::MagicLink => Some(Purpose::MagicLink),
            _ => None,
        };
        let token = match purpose {
            Some(purpose) if customer.status != "active" => {
                return Err(RenderError::Permanent(format!(
                    "the customer is {}: they cannot sign in, so no {} link was minted",
                    customer.status,
                    purpose.as_str().replace('_', " ")
                )))
            }
            Some(purpose) => Some(tokens::issue(c, &customer.id, purpose)?),
            None => None,
        };
        Ok(templates::render(
            template,
            &MailContext {
                public_url: &config.public_url,
                customer_name: customer.name.as_deref(),
                product_name,
                token: token.as_deref(),
            },
        ))
    })
}

/// The RFC 5322 message: plain text and HTML alternatives. `id` becomes the Message-ID, so
/// the mail can be traced back to its outbox row.
pub fn message(from: &Mailbox, to: &str, id: &str, rendered: &Rendered) -> Result<Message, String> {
    let to: Mailbox = to
        .parse()
        .map_err(|e| format!("the recipient `{to}` is not a valid address ({e})"))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(rendered.subject.clone())
        .message_id(Some(format!("<{id}@{}>", from.email.domain())))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(rendered.text.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(rendered.html.clone()),
                ),
        )
        .map_err(|e| format!("cannot build the message: {e}"))
}

/// Checks the `to` of a test message.
pub fn test_recipient(to: &str) -> ApiResult<String> {
    crate::validate::normalize_email(to)
        .ok_or_else(|| ApiError::field("to", "must be a valid email address"))
}
