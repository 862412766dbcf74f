//! The offline cache: the last good signed envelope per (license key, identifier), in one
//! small JSON file. Nothing in it is trusted: every envelope is verified again on the way
//! out, so editing the file gains nothing.

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
    /// Serialises this process's read-modify-write cycles; the atomic rename keeps the
    /// file whole when several processes write.
    lock: Mutex<()>,
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    entries: Vec<Entry>,
}

impl Default for CacheFile {
    fn default() -> Self {
        CacheFile {
            version: VERSION,
            entries: Vec::new(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Entry {
    license_key: String,
    /// Empty for a `validate` without identifier.
    identifier: String,
    stored_at: DateTime<Utc>,
    envelope: serde_json::Value,
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

    /// Remembers a verified good answer.
    pub(crate) fn store(
        &self,
        license_key: &str,
        identifier: &str,
        envelope: &str,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        let envelope = serde_json::from_str(envelope)
            .map_err(|e| Error::Malformed(format!("envelope is not JSON: {e}")))?;
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        // An unreadable file is rebuilt rather than blocking every later answer.
        let mut file = self.load().unwrap_or_default();
        file.entries
            .retain(|e| !(e.license_key == license_key && e.identifier == identifier));
        file.entries.push(Entry {
            license_key: license_key.to_string(),
            identifier: identifier.to_string(),
            stored_at: now,
            envelope,
        });
        self.save(&file)
    }

    /// Drops the answer for one identifier, or with `None` every answer of the license key.
    pub(crate) fn forget(&self, license_key: &str, identifier: Option<&str>) -> Result<(), Error> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut file = self.load().unwrap_or_default();
        let before = file.entries.len();
        file.entries.retain(|e| {
            e.license_key != license_key || identifier.is_some_and(|i| e.identifier != i)
        });
        if file.entries.len() == before {
            return Ok(());
        }
        self.save(&file)
    }

    /// The stored envelope, as JSON text.
    pub(crate) fn get(&self, license_key: &str, identifier: &str) -> Result<Option<String>, Error> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        Ok(self
            .load()?
            .entries
            .into_iter()
            .find(|e| e.license_key == license_key && e.identifier == identifier)
            .map(|e| e.envelope.to_string()))
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
