//! A real SMTP server for the tests: greeting, EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA
//! (with dot-unstuffing), RSET, NOOP, QUIT. It keeps every accepted message and can refuse
//! the first N transactions with a 451 before accepting.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One accepted message: the envelope and the RFC 5322 text as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub data: String,
    /// `user:password` from AUTH PLAIN on that connection.
    pub auth: Option<String>,
}

impl Received {
    /// A header's value (unfolded), first occurrence, case-insensitive name.
    pub fn header(&self, name: &str) -> Option<String> {
        header_of(self.head(), name)
    }

    fn head(&self) -> &str {
        self.data.split("\r\n\r\n").next().unwrap_or("")
    }

    /// The decoded body of the part with this content type (`text/plain`, `text/html`).
    pub fn part(&self, content_type: &str) -> Option<String> {
        let ct = self.header("Content-Type")?;
        let boundary = ct
            .split(';')
            .map(str::trim)
            .find_map(|p| p.strip_prefix("boundary="))?
            .trim_matches('"')
            .to_string();
        let body = self.data.split_once("\r\n\r\n")?.1;
        body.split(&format!("--{boundary}"))
            .filter_map(|part| part.split_once("\r\n\r\n"))
            .find(|(head, _)| {
                header_of(head, "Content-Type")
                    .is_some_and(|v| v.to_lowercase().starts_with(content_type))
            })
            .map(|(head, body)| {
                let encoding = header_of(head, "Content-Transfer-Encoding")
                    .unwrap_or_default()
                    .to_lowercase();
                decode(body.trim_end_matches("\r\n"), &encoding)
            })
    }

    pub fn text(&self) -> String {
        self.part("text/plain").expect("a text/plain part")
    }

    pub fn html(&self) -> String {
        self.part("text/html").expect("a text/html part")
    }
}

fn header_of(head: &str, name: &str) -> Option<String> {
    let mut value: Option<String> = None;
    for line in head.split("\r\n") {
        if let Some(v) = value.as_mut() {
            if line.starts_with(' ') || line.starts_with('\t') {
                v.push(' ');
                v.push_str(line.trim());
                continue;
            }
            break;
        }
        if let Some((n, v)) = line.split_once(':') {
            if n.eq_ignore_ascii_case(name) {
                value = Some(v.trim().to_string());
            }
        }
    }
    value
}

fn decode(body: &str, encoding: &str) -> String {
    match encoding {
        "base64" => {
            let joined: String = body.split_whitespace().collect();
            String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(joined)
                    .expect("base64 body"),
            )
            .expect("UTF-8 body")
        }
        "quoted-printable" => {
            let mut out = Vec::new();
            let bytes = body.replace("=\r\n", "");
            let b = bytes.as_bytes();
            let mut i = 0;
            while i < b.len() {
                if b[i] == b'=' && i + 2 < b.len() {
                    let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
                    out.push(u8::from_str_radix(hex, 16).expect("QP escape"));
                    i += 3;
                } else {
                    out.push(b[i]);
                    i += 1;
                }
            }
            String::from_utf8(out).expect("UTF-8 body")
        }
        _ => body.to_string(),
    }
}

#[derive(Default)]
struct Inner {
    received: Vec<Received>,
    refuse_next: usize,
    refused: usize,
}

#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    inner: Arc<Mutex<Inner>>,
}

impl SmtpSink {
    /// Listens on a free loopback port; answers until the test's runtime ends.
    pub async fn start() -> SmtpSink {
        Self::refusing(0).await
    }

    /// Refuses the first `n` transactions (451 to RCPT TO, quoting the address), then accepts.
    pub async fn refusing(n: usize) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let inner = Arc::new(Mutex::new(Inner {
            refuse_next: n,
            ..Default::default()
        }));
        let shared = inner.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, shared.clone()));
            }
        });
        SmtpSink { port, inner }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn received(&self) -> Vec<Received> {
        self.inner.lock().unwrap().received.clone()
    }

    /// Transactions refused so far.
    pub fn refused(&self) -> usize {
        self.inner.lock().unwrap().refused
    }

    /// Waits (up to a minute) until `n` messages have arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..1200 {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!(
            "expected {n} messages at the SMTP sink, got {}",
            self.received().len()
        );
    }
}

async fn session(stream: tokio::net::TcpStream, inner: Arc<Mutex<Inner>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    macro_rules! reply {
        ($text:expr) => {
            if write.write_all($text.as_bytes()).await.is_err() {
                return;
            }
        };
    }
    reply!("220 sink.test ESMTP ready\r\n");
    let mut from: Option<String> = None;
    let mut rcpt: Vec<String> = Vec::new();
    let mut auth: Option<String> = None;
    let mut line = String::new();
    loop {
        line.clear();
        match lines.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = line.trim_end_matches(['\r', '\n']).to_string();
        let upper = command.to_uppercase();
        if upper.starts_with("EHLO") {
            reply!("250-sink.test\r\n250-8BITMIME\r\n250-AUTH PLAIN\r\n250 SMTPUTF8\r\n");
        } else if upper.starts_with("HELO") {
            reply!("250 sink.test\r\n");
        } else if upper.starts_with("AUTH PLAIN") {
            let mut encoded = command[10..].trim().to_string();
            if encoded.is_empty() {
                reply!("334 \r\n");
                let mut next = String::new();
                if lines.read_line(&mut next).await.unwrap_or(0) == 0 {
                    return;
                }
                encoded = next.trim().to_string();
            }
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .unwrap_or_default();
            let parts: Vec<String> = decoded
                .split(|b| *b == 0)
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .collect();
            auth = Some(format!(
                "{}:{}",
                parts.get(1).cloned().unwrap_or_default(),
                parts.get(2).cloned().unwrap_or_default()
            ));
            reply!("235 2.7.0 Authentication successful\r\n");
        } else if upper.starts_with("MAIL FROM:") {
            from = Some(address(&command[10..]));
            rcpt.clear();
            reply!("250 2.1.0 Ok\r\n");
        } else if upper.starts_with("RCPT TO:") {
            let refuse = {
                let mut state = inner.lock().unwrap();
                if from.is_some() && state.refuse_next > 0 {
                    state.refuse_next -= 1;
                    state.refused += 1;
                    true
                } else {
                    false
                }
            };
            let to = address(&command[8..]);
            if from.is_none() {
                reply!("503 5.5.1 MAIL first\r\n");
            } else if refuse {
                // As real servers do, the refusal quotes the recipient.
                reply!(format!(
                    "451 4.3.0 <{to}>: Mailbox busy, try again later\r\n"
                ));
            } else {
                rcpt.push(to);
                reply!("250 2.1.5 Ok\r\n");
            }
        } else if upper == "DATA" {
            if from.is_none() || rcpt.is_empty() {
                reply!("503 5.5.1 MAIL and RCPT first\r\n");
                continue;
            }
            reply!("354 End data with <CR><LF>.<CR><LF>\r\n");
            let mut data = String::new();
            loop {
                let mut l = String::new();
                if lines.read_line(&mut l).await.unwrap_or(0) == 0 {
                    return;
                }
                if l == ".\r\n" || l == ".\n" {
                    break;
                }
                // Dot-unstuffing: a leading dot was doubled by the client.
                data.push_str(l.strip_prefix('.').unwrap_or(&l));
            }
            let n = {
                let mut state = inner.lock().unwrap();
                state.received.push(Received {
                    mail_from: from.take().unwrap_or_default(),
                    rcpt_to: std::mem::take(&mut rcpt),
                    data,
                    auth: auth.clone(),
                });
                state.received.len()
            };
            reply!(format!("250 2.0.0 Ok: queued as SINK{n}\r\n"));
        } else if upper == "RSET" {
            from = None;
            rcpt.clear();
            reply!("250 2.0.0 Ok\r\n");
        } else if upper == "NOOP" {
            reply!("250 2.0.0 Ok\r\n");
        } else if upper == "QUIT" {
            reply!("221 2.0.0 Bye\r\n");
            return;
        } else {
            reply!("502 5.5.2 Command not recognized\r\n");
        }
    }
}

/// `<a@b>` (with optional parameters after it) → `a@b`.
fn address(arg: &str) -> String {
    let arg = arg.trim();
    match (arg.find('<'), arg.find('>')) {
        (Some(s), Some(e)) if s < e => arg[s + 1..e].to_string(),
        _ => arg.split_whitespace().next().unwrap_or("").to_string(),
    }
}

/// Headers of every message, for assertions that read several.
pub fn headers(messages: &[Received], name: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for m in messages {
        *out.entry(m.header(name).unwrap_or_default()).or_insert(0) += 1;
    }
    out
}
