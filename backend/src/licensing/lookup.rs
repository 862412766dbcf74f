//! The validation read, one statement for many requests on PostgreSQL.
//!
//! A validate needs one indexed read. Sent one by one from a separate process, each costs
//! PostgreSQL a wake-up, a bind, an executor start and a transaction, several times the
//! read itself (measured in docs/benchmarks.md: a backend spent 180 µs of CPU per validate
//! beside the server on one machine, where the same statement alone takes 45 µs), and each
//! waits its turn for a pooled connection in no particular order. So on PostgreSQL the
//! requests waiting at a moment are read together: whoever finds no reader running starts
//! one on the blocking pool; a reader takes everything queued (oldest first, up to
//! [`BATCH`]), answers it with one statement, and goes on while more has arrived. Under
//! light load a batch is one request (the same work as before); under heavy load the
//! round trips and the waits shrink together, and every request waits about as long as
//! the others. SQLite runs in the process and reads directly.
//!
//! A batch is one statement, so it reads one consistent snapshot, taken after each of its
//! requests arrived: the answers are those a read per request would have given.

use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

use super::store::{self, Found};
use crate::db::{Backend, Pool};
use crate::error::{ApiError, ApiResult};

/// The most requests one statement answers.
pub const BATCH: usize = 256;

struct Waiting {
    key: String,
    identifier: Option<String>,
    reply: oneshot::Sender<ApiResult<Found>>,
}

#[derive(Default)]
struct Queue {
    waiting: Vec<Waiting>,
    readers: usize,
}

pub struct Lookups {
    queue: Arc<Mutex<Queue>>,
    /// Readers at most: each holds a pooled connection while it reads.
    max_readers: usize,
    batched: bool,
}

impl Lookups {
    /// Half the pool may read validations at once; the rest stays for everything else.
    pub fn new(backend: Backend, pool_size: u32) -> Self {
        Lookups {
            queue: Arc::default(),
            max_readers: (pool_size as usize / 2).max(1),
            batched: backend == Backend::Postgres,
        }
    }

    /// The license with key `key`, and the active binding of `identifier` on it.
    pub async fn find(
        &self,
        pool: &Pool,
        key: String,
        identifier: Option<String>,
    ) -> ApiResult<Found> {
        if !self.batched {
            let pool = pool.clone();
            return tokio::task::spawn_blocking(move || {
                let mut conn = pool.get()?;
                Ok(store::license_with_activation(
                    &mut conn,
                    &key,
                    identifier.as_deref().unwrap_or(""),
                )?)
            })
            .await?;
        }
        let (reply, answer) = oneshot::channel();
        let start_reader = {
            let mut q = self.queue.lock().unwrap_or_else(|p| p.into_inner());
            q.waiting.push(Waiting {
                key,
                identifier,
                reply,
            });
            let start = q.readers < self.max_readers;
            if start {
                q.readers += 1;
            }
            start
        };
        if start_reader {
            let (queue, pool) = (self.queue.clone(), pool.clone());
            // Not awaited: the reader answers through the channels, this request's too.
            drop(tokio::task::spawn_blocking(move || {
                read_while_queued(&queue, &pool)
            }));
        }
        answer
            .await
            .map_err(|_| ApiError::internal("the validation reader stopped"))?
    }
}

/// Gives a reader's place back if it stops by a panic, so that validations never wait for
/// a reader that is gone (its batch's requests get an error: their senders are dropped).
struct Place<'a>(&'a Mutex<Queue>);

impl Drop for Place<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.lock().unwrap_or_else(|p| p.into_inner()).readers -= 1;
        }
    }
}

/// Answers batches until the queue is empty, then stops (the next request starts another).
fn read_while_queued(queue: &Mutex<Queue>, pool: &Pool) {
    let _place = Place(queue);
    loop {
        let batch: Vec<Waiting> = {
            let mut q = queue.lock().unwrap_or_else(|p| p.into_inner());
            if q.waiting.is_empty() {
                q.readers -= 1;
                return;
            }
            let n = q.waiting.len().min(BATCH);
            q.waiting.drain(..n).collect()
        };
        let asked: Vec<(&str, Option<&str>)> = batch
            .iter()
            .map(|w| (w.key.as_str(), w.identifier.as_deref()))
            .collect();
        let result = pool
            .get()
            .map_err(ApiError::from)
            .and_then(|mut conn| store::read(&mut conn, &asked).map_err(ApiError::from));
        match result {
            Ok(found) => {
                for (w, f) in batch.into_iter().zip(found) {
                    let _ = w.reply.send(Ok(f));
                }
            }
            Err(e) => {
                for w in batch {
                    let _ = w.reply.send(Err(e.clone()));
                }
            }
        }
    }
}
