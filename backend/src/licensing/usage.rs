//! What validations leave behind, kept off the hot path: each answer is noted in memory
//! and a background task writes the notes every `LATCHKEY_USAGE_FLUSH_SECS` seconds (and
//! once more at a clean shutdown). A crash loses at most that interval's notes: some
//! `last_verified_at` times and hourly counts, never a slot or a license change, which are
//! written before the answer is sent.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{NaiveDateTime, Timelike};

use super::model::Action;
use super::store::{self, UsageCount, Verified};
use crate::db::{write_tx, DbConn};
use crate::error::ApiResult;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CountKey {
    hour: NaiveDateTime,
    product_id: String,
    action: &'static str,
    code: &'static str,
}

#[derive(Default)]
struct Pending {
    /// Activation id → the latest verification time and address.
    verified: HashMap<String, (NaiveDateTime, Option<String>)>,
    counts: HashMap<CountKey, i64>,
}

impl Pending {
    fn merge(&mut self, other: Pending) {
        for (id, (at, ip)) in other.verified {
            match self.verified.get(&id) {
                Some((newer, _)) if *newer >= at => {}
                _ => {
                    self.verified.insert(id, (at, ip));
                }
            }
        }
        for (key, n) in other.counts {
            *self.counts.entry(key).or_default() += n;
        }
    }
}

#[derive(Default)]
pub struct Usage {
    pending: Mutex<Pending>,
}

/// What was written by one flush.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Flushed {
    pub verifications: usize,
    pub counters: usize,
}

fn hour_of(t: NaiveDateTime) -> NaiveDateTime {
    t.date()
        .and_hms_opt(t.hour(), 0, 0)
        .expect("an hour of a valid time is valid")
}

impl Usage {
    /// Notes one answer: counted for its product (`""` when the key matched no license)
    /// and, for a validation of an active binding, that binding's verification.
    pub fn record(
        &self,
        action: Action,
        code: &'static str,
        product_id: &str,
        verified: Option<(&str, Option<&str>)>,
        now: NaiveDateTime,
    ) {
        let key = CountKey {
            hour: hour_of(now),
            product_id: product_id.to_string(),
            action: action.as_str(),
            code,
        };
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        *pending.counts.entry(key).or_default() += 1;
        if let Some((activation_id, ip)) = verified {
            pending
                .verified
                .insert(activation_id.to_string(), (now, ip.map(str::to_string)));
        }
    }

    /// Writes everything noted so far in one transaction. On failure the notes are put back
    /// for the next flush.
    pub fn flush(&self, conn: &mut DbConn) -> ApiResult<Flushed> {
        let taken = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|p| p.into_inner()));
        if taken.verified.is_empty() && taken.counts.is_empty() {
            return Ok(Flushed::default());
        }
        // Sorted, so two processes flushing at once update shared rows in the same order
        // and queue instead of deadlocking.
        let mut verified: Vec<Verified> = taken
            .verified
            .iter()
            .map(|(id, (at, ip))| Verified {
                activation_id: id.clone(),
                at: *at,
                ip: ip.clone(),
            })
            .collect();
        verified.sort_by(|a, b| a.activation_id.cmp(&b.activation_id));
        let mut counts: Vec<UsageCount> = taken
            .counts
            .iter()
            .map(|(k, n)| UsageCount {
                hour: k.hour,
                product_id: k.product_id.clone(),
                action: k.action,
                code: k.code,
                count: *n,
            })
            .collect();
        counts.sort_by(|a, b| {
            (a.hour, &a.product_id, a.action, a.code).cmp(&(
                b.hour,
                &b.product_id,
                b.action,
                b.code,
            ))
        });
        // The counts in one small transaction, then the verifications a few hundred rows a
        // transaction: a flush never holds the write lock (or a core) for long, so the
        // validations beside it keep their latency.
        let counted = write_tx(conn, |c| {
            store::relax_durability(c)?;
            store::add_usage(c, &counts)
        });
        if let Err(e) = counted {
            self.put_back(taken);
            return Err(e.into());
        }
        for (i, chunk) in verified.chunks(store::CHUNK).enumerate() {
            let touched = write_tx(conn, |c| {
                store::relax_durability(c)?;
                store::touch_verified(c, chunk)
            });
            if let Err(e) = touched {
                let unwritten = verified[i * store::CHUNK..]
                    .iter()
                    .map(|v| (v.activation_id.clone(), (v.at, v.ip.clone())))
                    .collect();
                self.put_back(Pending {
                    verified: unwritten,
                    counts: HashMap::new(),
                });
                return Err(e.into());
            }
        }
        Ok(Flushed {
            verifications: verified.len(),
            counters: counts.len(),
        })
    }

    /// Notes a failed flush could not write go back, under any newer ones.
    fn put_back(&self, notes: Pending) {
        self.pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .merge(notes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn counts_are_bucketed_by_hour_and_merging_keeps_the_latest_verification() {
        let usage = Usage::default();
        usage.record(
            Action::Validate,
            "VALID",
            "p",
            Some(("a1", Some("1.1.1.1"))),
            t("2026-11-29 10:05:00"),
        );
        usage.record(
            Action::Validate,
            "VALID",
            "p",
            Some(("a1", Some("2.2.2.2"))),
            t("2026-11-29 10:59:59"),
        );
        usage.record(
            Action::Validate,
            "VALID",
            "p",
            None,
            t("2026-11-29 11:00:00"),
        );
        let taken = std::mem::take(&mut *usage.pending.lock().unwrap());
        assert_eq!(taken.counts.len(), 2);
        let ten = CountKey {
            hour: t("2026-11-29 10:00:00"),
            product_id: "p".into(),
            action: "validate",
            code: "VALID",
        };
        assert_eq!(taken.counts[&ten], 2);
        assert_eq!(
            taken.verified["a1"],
            (t("2026-11-29 10:59:59"), Some("2.2.2.2".into()))
        );

        // A failed flush puts its notes back under newer ones without losing either.
        usage.record(
            Action::Validate,
            "VALID",
            "p",
            Some(("a1", None)),
            t("2026-11-29 12:00:00"),
        );
        usage.pending.lock().unwrap().merge(taken);
        let merged = usage.pending.lock().unwrap();
        assert_eq!(merged.verified["a1"].0, t("2026-11-29 12:00:00"));
        assert_eq!(merged.counts[&ten], 2);
    }
}
