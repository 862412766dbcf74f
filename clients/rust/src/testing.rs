//! Test helpers: envelopes signed in the server's exact format, and a tiny HTTP server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{DateTime, TimeZone, Utc};
use ed25519_dalek::{Signer as _, SigningKey};
use serde_json::{json, Value};

use crate::PublicKeys;

pub const KEY: &str = "PRO-ABCD-EFGH-JKLM-NPQR";
pub const DEVICE: &str = "machine-1";

/// 2026-11-29T10:00:00Z, the issue time of [`result`]s unless a test says otherwise.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, 0).unwrap()
}

pub struct Signer {
    pub key_id: String,
    key: SigningKey,
}

impl Signer {
    pub fn new(key_id: &str) -> Self {
        Signer {
            key_id: key_id.to_string(),
            key: SigningKey::generate(&mut rand::rngs::OsRng),
        }
    }

    pub fn public_b64(&self) -> String {
        STANDARD.encode(self.key.verifying_key().to_bytes())
    }

    pub fn keys(&self) -> PublicKeys {
        let mut keys = PublicKeys::new();
        keys.insert(self.key_id.clone(), &self.public_b64())
            .unwrap();
        keys
    }

    /// The envelope as the server writes it: compact JSON of the result, signed as bytes.
    pub fn sign(&self, result: &Value) -> String {
        let payload = serde_json::to_vec(result).unwrap();
        let signature = self.key.sign(&payload);
        json!({
            "result": result,
            "signature": {
                "alg": "ed25519",
                "key_id": self.key_id,
                "payload": STANDARD.encode(&payload),
                "value": STANDARD.encode(signature.to_bytes()),
            }
        })
        .to_string()
    }
}

pub fn result(code: &str, nonce: Option<&str>, issued_at: DateTime<Utc>) -> Value {
    let valid = matches!(code, "VALID" | "ACTIVATED" | "ALREADY_ACTIVE");
    json!({
        "valid": valid,
        "code": code,
        "detail": format!("{code} detail"),
        "license": {
            "key": KEY, "product_id": "prod-1", "status": "active",
            "expires_at": "2027-01-01T00:00:00Z", "max_activations": 3, "activations_used": 1
        },
        "activation": {
            "id": "act-1", "identifier": DEVICE, "kind": "device", "name": null,
            "platform": "linux", "status": if valid { "active" } else { "inactive" },
            "activated_at": "2026-11-01T00:00:00Z", "last_verified_at": null
        },
        "nonce": nonce,
        "issued_at": issued_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "ttl_s": 3600
    })
}

/// What the fake server answers.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl Reply {
    pub fn ok(body: String) -> Reply {
        Reply {
            status: 200,
            headers: Vec::new(),
            body,
        }
    }
}

type Handler = Box<dyn FnMut(&str, Value) -> Reply + Send>;

/// An HTTP/1.1 server on a random loopback port, one request per connection, answering
/// with the current handler (given the path and the JSON body).
pub struct FakeServer {
    pub url: String,
    handler: Arc<Mutex<Handler>>,
    pub requests: Arc<Mutex<Vec<(String, Value)>>>,
}

impl FakeServer {
    pub fn start(handler: impl FnMut(&str, Value) -> Reply + Send + 'static) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let handler: Arc<Mutex<Handler>> = Arc::new(Mutex::new(Box::new(handler)));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (h, r) = (handler.clone(), requests.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                serve(stream, &h, &r);
            }
        });
        FakeServer {
            url,
            handler,
            requests,
        }
    }

    pub fn set(&self, handler: impl FnMut(&str, Value) -> Reply + Send + 'static) {
        *self.handler.lock().unwrap() = Box::new(handler);
    }
}

fn serve(stream: TcpStream, handler: &Mutex<Handler>, requests: &Mutex<Vec<(String, Value)>>) {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).unwrap();
        if header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap();
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    requests.lock().unwrap().push((path.clone(), body.clone()));
    let reply = (handler.lock().unwrap())(&path, body);
    let content_type = if reply.status == 200 {
        "application/json"
    } else {
        "application/problem+json"
    };
    let mut out = format!(
        "HTTP/1.1 {} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (name, value) in reply.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(&reply.body);
    let mut stream = reader.into_inner();
    let _ = stream.write_all(out.as_bytes());
}

/// A loopback address where nothing listens.
pub fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}
