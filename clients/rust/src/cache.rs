//! The offline cache: the last good signed envelope per (license key, identifier), in one
//! small JSON file. Nothing in it is trusted: every envelope is verified again on the way
//! out, so editing the file gains nothing.
//!
//! One cache file should be used by one process at a time: there is no OS file lock, so
//! two processes writing it at once may lose each other's updates (the atomic rename
//! keeps the file whole, never half-written).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::Error;

const VERSION: u32 = 1;

#[derive(Debug)]
pub(crate) struct Cache {
    path: PathBuf,
    /// Serialises this process's read-modify-write cycles. Other processes are not locked
    /// out: one cache file is meant for one process at a time.
    lock: Mutex<()>,
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    entries: Vec<Entry>,
    /// The latest `issued_at` of a refusal per license key (`identifier: None`) or per
    /// activation: no answer issued at or before it is stored again.
    #[serde(default)]
    refused: Vec<Refused>,
    /// The latest local time at which an answer was verified: a clock turned back
    /// further than the skew makes cached answers unusable.
    #[serde(default)]
    latest_seen: Option<DateTime<Utc>>,
}

#[derive(Serialize, Deserialize)]
struct Refused {
    license_key: String,
    /// `None`: the whole license was refused.
    #[serde(default)]
    identifier: Option<String>,
    at: DateTime<Utc>,
}

/// A stored envelope and the latest local time the cache has seen.
pub(crate) struct Found {
    pub(crate) envelope: String,
    pub(crate) latest_seen: Option<DateTime<Utc>>,
}

impl Default for CacheFile {
    fn default() -> Self {
        CacheFile {
            version: VERSION,
            entries: Vec::new(),
            refused: Vec::new(),
            latest_seen: None,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Entry {
    license_key: String,
    /// Empty for a `validate` without identifier.
    identifier: String,
    stored_at: DateTime<Utc>,
    /// The signed answer's `issued_at` (absent in files of older SDKs).
    #[serde(default)]
    issued_at: Option<DateTime<Utc>>,
    envelope: serde_json::Value,
}

impl CacheFile {
    fn see(&mut self, now: DateTime<Utc>) {
        if self.latest_seen.is_none_or(|l| l < now) {
            self.latest_seen = Some(now);
        }
    }

    /// The latest refusal that covers this activation.
    fn refused_at(&self, license_key: &str, identifier: &str) -> Option<DateTime<Utc>> {
        self.refused
            .iter()
            .filter(|r| {
                r.license_key == license_key
                    && r.identifier.as_deref().is_none_or(|i| i == identifier)
            })
            .map(|r| r.at)
            .max()
    }
}

impl Cache {
    pub(crate) fn new(path: PathBuf) -> Self {
        Cache {
            path,
            lock: Mutex::new(()),
        }
    }

    fn io(&self, source: std::io::Error) -> Error {
        Error::Cache {
            path: self.path.clone(),
            source,
        }
    }

    fn load(&self) -> Result<CacheFile, Error> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(CacheFile::default()),
            Err(e) => return Err(self.io(e)),
        };
        let file: CacheFile = serde_json::from_slice(&bytes)
            .map_err(|e| self.io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
        // A file written by a newer SDK is not ours to read.
        Ok(if file.version == VERSION {
            file
        } else {
            CacheFile::default()
        })
    }

    fn save(&self, file: &CacheFile) -> Result<(), Error> {
        let bytes = serde_json::to_vec_pretty(file).expect("cache entries serialise");
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir).map_err(|e| self.io(e))?;
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(
            ".{name}.{}.{:x}.tmp",
            std::process::id(),
            rand::thread_rng().next_u64()
        ));
        let written = write_private(&tmp, &bytes).and_then(|_| std::fs::rename(&tmp, &self.path));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written.map_err(|e| self.io(e))
    }

    /// Remembers a verified good answer, unless a refusal or a stored answer at least as
    /// recent says otherwise (two calls racing: the older answer must not win). Answers
    /// whether it was stored.
    pub(crate) fn store(
        &self,
        license_key: &str,
        identifier: &str,
        envelope: &str,
        issued_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool, Error> {
        let envelope = serde_json::from_str(envelope)
            .map_err(|e| Error::Malformed(format!("envelope is not JSON: {e}")))?;
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        // An unreadable file is rebuilt rather than blocking every later answer.
        let mut file = self.load().unwrap_or_default();
        file.see(now);
        let superseded = file
            .refused_at(license_key, identifier)
            .is_some_and(|r| r >= issued_at)
            || file.entries.iter().any(|e| {
                e.license_key == license_key
                    && e.identifier == identifier
                    && e.issued_at.is_some_and(|at| at > issued_at)
            });
        if !superseded {
            file.entries
                .retain(|e| !(e.license_key == license_key && e.identifier == identifier));
            file.entries.push(Entry {
                license_key: license_key.to_string(),
                identifier: identifier.to_string(),
                stored_at: now,
                issued_at: Some(issued_at),
                envelope,
            });
        }
        self.save(&file)?;
        Ok(!superseded)
    }

    /// Drops the answer for one identifier, or with `None` every answer of the license key,
    /// and remembers the refusal's `issued_at` so that no older answer is stored later.
    pub(crate) fn forget(
        &self,
        license_key: &str,
        identifier: Option<&str>,
        issued_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut file = self.load().unwrap_or_default();
        file.see(now);
        file.entries.retain(|e| {
            e.license_key != license_key || identifier.is_some_and(|i| e.identifier != i)
        });
        let marker = file
            .refused
            .iter_mut()
            .find(|r| r.license_key == license_key && r.identifier.as_deref() == identifier);
        match marker {
            Some(r) => r.at = r.at.max(issued_at),
            None => file.refused.push(Refused {
                license_key: license_key.to_string(),
                identifier: identifier.map(str::to_string),
                at: issued_at,
            }),
        }
        self.save(&file)
    }

    /// The stored envelope, as JSON text.
    pub(crate) fn get(&self, license_key: &str, identifier: &str) -> Result<Option<Found>, Error> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let file = self.load()?;
        let latest_seen = file.latest_seen;
        Ok(file
            .entries
            .into_iter()
            .find(|e| e.license_key == license_key && e.identifier == identifier)
            .map(|e| Found {
                envelope: e.envelope.to_string(),
                latest_seen,
            }))
    }
}

/// Writes a new file readable by its owner only: it holds license keys.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}
