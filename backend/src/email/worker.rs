//! The delivery worker: claims due mails, renders them, hands them to the transport and
//! records the outcome. Several processes may run it over one database; a claim is atomic,
//! so each mail is sent once. No database connection is held while the SMTP server talks.

use std::sync::Arc;
use std::time::Duration;

use chrono::Duration as ChronoDuration;

use super::service::{self, RenderError};
use super::store::{self, Claimed};
use super::transport::{Delivered, Transport};
use crate::config::Config;
use crate::crypto::Secrets;
use crate::db::time;
use crate::db::Pool;
use crate::error::ApiResult;

/// Mails claimed at once. A small batch leaves the rest to other processes.
const BATCH: i64 = 10;

/// The longest one mail may take to hand over, whole exchange included (lettre's own
/// timeout is per command, and a slow server can answer each just in time).
const SEND_TIMEOUT: Duration = Duration::from_secs(45);

/// How long a claim holds: longer than a whole batch can take (`BATCH` sends, each cut off
/// after `SEND_TIMEOUT`), so only a stopped process's mails are claimed again.
const LEASE_SECS: i64 = 600;
const _: () = assert!(BATCH as u64 * SEND_TIMEOUT.as_secs() < LEASE_SECS as u64);

/// The longest wait between two attempts.
const MAX_BACKOFF_SECS: i64 = 3600;

/// The wait after failed attempt number `attempt` (from 1): `base · 2^(attempt-1)`, at most
/// an hour.
pub fn backoff_secs(base: i64, attempt: i64) -> i64 {
    let doublings = (attempt - 1).clamp(0, 30) as u32;
    base.saturating_mul(1i64 << doublings).min(MAX_BACKOFF_SECS)
}

/// What the worker works with: the database and the mail settings.
#[derive(Clone)]
pub struct Worker {
    pub pool: Pool,
    pub config: Arc<Config>,
    pub secrets: Secrets,
}

impl Worker {
    async fn db<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut crate::db::DbConn) -> ApiResult<T> + Send + 'static,
    {
        crate::db::run(&self.pool, f).await
    }
}

/// Runs the worker every `LATCHKEY_EMAIL_POLL_MS` until the task is aborted.
pub fn spawn(state: Worker) -> tokio::task::JoinHandle<()> {
    let every = Duration::from_millis(state.config.email_poll_ms);
    tokio::task::spawn_local(async move {
        let mut transport = None;
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = deliver_due(&state, &mut transport).await {
                tracing::warn!(error = %e, "email delivery paused; trying again");
            }
        }
    })
}

/// Delivers every mail that is due now, a batch at a time. Returns how many were tried.
pub async fn deliver_due(state: &Worker, transport: &mut Option<Transport>) -> ApiResult<usize> {
    let mut tried = 0;
    loop {
        let config = state.config.clone();
        let secrets = state.secrets.clone();
        let (effective, claimed) = state
            .db(move |conn| {
                let effective = service::effective(conn, &config, &secrets);
                let now = time::now();
                let claimed = match &effective {
                    Ok(_) => {
                        store::claim(conn, now, now + ChronoDuration::seconds(LEASE_SECS), BATCH)?
                    }
                    Err(_) => Vec::new(),
                };
                Ok((effective, claimed))
            })
            .await?;
        let effective = effective?;
        if claimed.is_empty() {
            return Ok(tried);
        }
        let data_dir = &state.config.data_dir;
        if !transport
            .as_ref()
            .is_some_and(|t| t.matches(effective.smtp.as_ref(), data_dir))
        {
            *transport = None;
        }
        let built = match transport {
            Some(t) => Ok(&*t),
            None => {
                Transport::new(effective.smtp.as_ref(), data_dir).map(|t| &*transport.insert(t))
            }
        };
        let full = claimed.len() as i64 == BATCH;
        for row in claimed {
            tried += 1;
            let outcome = match &built {
                // Claimed again after a lease ran out on the last allowed attempt.
                _ if row.attempts > state.config.email_max_attempts => Outcome::Fail(
                    "the last attempt did not finish (the process delivering it stopped)".into(),
                ),
                Ok(t) => attempt(state, t, &effective.from, &row).await,
                Err(e) => Outcome::Retry(e.clone()),
            };
            // A mail whose outcome cannot be written stays claimed until its lease ends and
            // is then tried again; the rest of the batch goes on.
            if let Err(e) = record(state, &row, outcome).await {
                tracing::error!(id = %row.id, error = %e, "could not record an email delivery");
            }
        }
        if !full {
            return Ok(tried);
        }
    }
}

enum Outcome {
    Sent(Delivered),
    Retry(String),
    Fail(String),
}

async fn attempt(
    state: &Worker,
    transport: &Transport,
    from: &lettre::message::Mailbox,
    row: &Claimed,
) -> Outcome {
    let config = state.config.clone();
    let claimed = row.clone();
    let rendered = state
        .db(move |conn| Ok(service::render(conn, &config, &claimed)))
        .await;
    let rendered = match rendered {
        Ok(Ok(r)) => r,
        Ok(Err(RenderError::Permanent(why))) => return Outcome::Fail(why),
        Ok(Err(RenderError::Transient(e))) | Err(e) => {
            return Outcome::Retry(format!("cannot prepare the mail: {}", e.code.as_str()))
        }
    };
    let message = match service::message(from, &row.to_email, &row.id, &rendered) {
        Ok(m) => m,
        Err(why) => return Outcome::Fail(why),
    };
    match tokio::time::timeout(SEND_TIMEOUT, transport.send(&message, &row.id)).await {
        Ok(Ok(delivered)) => Outcome::Sent(delivered),
        Ok(Err(why)) => Outcome::Retry(why),
        Err(_) => Outcome::Retry(format!(
            "the SMTP exchange took longer than {} s",
            SEND_TIMEOUT.as_secs()
        )),
    }
}

/// `text` with every occurrence of `address` (any letter case) shown as `<recipient>`.
fn mask(text: &str, address: &str) -> String {
    if address.is_empty() {
        return text.to_string();
    }
    // ASCII lower-casing keeps byte offsets, so positions found in the copy fit the text.
    let (haystack, needle) = (text.to_ascii_lowercase(), address.to_ascii_lowercase());
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(found) = haystack[at..].find(&needle) {
        out.push_str(&text[at..at + found]);
        out.push_str("<recipient>");
        at += found + needle.len();
    }
    out.push_str(&text[at..]);
    out
}

async fn record(state: &Worker, row: &Claimed, outcome: Outcome) -> ApiResult<()> {
    let max = state.config.email_max_attempts;
    let base = state.config.email_retry_base_secs;
    let now = time::now();
    // Log lines name the delivery, never the recipient: addresses are personal data, and
    // logs outlive a customer's erasure. SMTP replies often quote the address; it is masked.
    let scrub = |why: &str| mask(why, &row.to_email);
    match &outcome {
        Outcome::Sent(Delivered::File(path)) => tracing::info!(
            id = %row.id,
            template = %row.template,
            path = %path.display(),
            "email written to a file (no SMTP server is configured)"
        ),
        Outcome::Sent(Delivered::Smtp { server, .. }) => tracing::info!(
            id = %row.id,
            template = %row.template,
            %server,
            "email sent"
        ),
        Outcome::Retry(why) if row.attempts < max => tracing::warn!(
            id = %row.id,
            template = %row.template,
            attempt = row.attempts,
            error = %scrub(why),
            "email not delivered; will try again"
        ),
        Outcome::Retry(why) | Outcome::Fail(why) => tracing::error!(
            id = %row.id,
            template = %row.template,
            attempt = row.attempts,
            error = %scrub(why),
            "email delivery failed for good"
        ),
    }
    let row = row.clone();
    state
        .db(move |conn| {
            match outcome {
                Outcome::Sent(_) => store::mark_sent(conn, &row, now)?,
                Outcome::Retry(why) if row.attempts < max => {
                    let next = now + ChronoDuration::seconds(backoff_secs(base, row.attempts));
                    store::mark_unsent(conn, &row, &clip(&why), Some(next), now)?
                }
                Outcome::Retry(why) => {
                    let why = format!("gave up after {} attempts: {why}", row.attempts);
                    store::mark_unsent(conn, &row, &clip(&why), None, now)?
                }
                Outcome::Fail(why) => store::mark_unsent(conn, &row, &clip(&why), None, now)?,
            };
            Ok(())
        })
        .await
}

/// SMTP replies can be long; the list shows the start.
fn clip(s: &str) -> String {
    s.chars().take(1000).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_are_masked_in_any_case() {
        assert_eq!(
            mask(
                "451 <Sarah@Example.com>: busy; sarah@example.com again",
                "sarah@example.com"
            ),
            "451 <<recipient>>: busy; <recipient> again"
        );
        assert_eq!(mask("no address here", "a@b.c"), "no address here");
    }

    #[test]
    fn backoff_doubles_from_the_base_up_to_an_hour() {
        assert_eq!(backoff_secs(60, 1), 60);
        assert_eq!(backoff_secs(60, 2), 120);
        assert_eq!(backoff_secs(60, 3), 240);
        assert_eq!(backoff_secs(60, 7), 3600);
        assert_eq!(backoff_secs(60, 60), 3600);
        assert_eq!(backoff_secs(1, 1), 1);
    }
}
