//! The generator: customers, licenses in every derived status and their activations, as a
//! function of the options and the seed.

use chrono::{DateTime, NaiveDateTime};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::data::*;
use super::{ActivationRow, SeedOptions, SeededProduct};
use crate::customers::model::CustomerRow;
use crate::licenses::model::LicenseRow;

pub(super) const MICROS_PER_DAY: i64 = 86_400_000_000;
pub(super) const HISTORY_DAYS: i64 = 3 * 365;

pub(super) struct Batch {
    pub(super) customers: Vec<CustomerRow>,
    pub(super) licenses: Vec<LicenseRow>,
    pub(super) activations: Vec<ActivationRow>,
}

pub(super) struct Generator {
    pub(super) rng: StdRng,
    pub(super) customers: u64,
    pub(super) licenses_per_customer: u32,
    /// Unassigned licenses per customer, on average: ~2 % of all licenses.
    pub(super) unassigned_per_customer: f64,
    pub(super) products: Vec<SeededProduct>,
    pub(super) product_weights: Vec<u32>,
    pub(super) product_weight_total: u32,
    pub(super) now: i64,
    pub(super) key_salt: u64,
    /// The current customer's creation time: the time in the ids of their licenses and
    /// activations, so that ids ascend in insertion order.
    pub(super) id_time: i64,
    /// Licenses generated so far: numbers the keys.
    pub(super) license_counter: u64,
    /// Assigned licenses so far: the first few are given one status each, so every
    /// derived status occurs even in a tiny seed.
    pub(super) assigned_counter: u64,
    pub(super) first_folded: Vec<String>,
    pub(super) last_folded: Vec<String>,
}

/// Statuses forced on the first assigned licenses, in this order.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Forced {
    None,
    Active,
    Assigned,
    Expired,
    Suspended,
    Revoked,
}

pub(super) const FORCED: [Forced; 5] = [
    Forced::Active,
    Forced::Assigned,
    Forced::Expired,
    Forced::Suspended,
    Forced::Revoked,
];

pub(super) fn at(micros: i64) -> NaiveDateTime {
    DateTime::from_timestamp_micros(micros)
        .expect("seed times are in range")
        .naive_utc()
}

pub(super) fn micros(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp_micros()
}

/// A UUID v7 for a row created at `t`, so ids follow creation time.
pub(super) fn uuid_at(rng: &mut StdRng, t: i64) -> String {
    let mut bytes = [0u8; 10];
    rng.fill(&mut bytes);
    uuid::Builder::from_unix_timestamp_millis((t / 1000) as u64, &bytes)
        .into_uuid()
        .to_string()
}

/// splitmix64's finaliser: a bijection of u64.
pub(super) fn mix64(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

pub(super) const KEY_CHARSET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// `XXXXX-XXXXX-XXXXX-XXXXX` (100 bits), distinct for distinct `counter`s: the counter is
/// permuted (bijectively) into 64 bits, 36 bits derived from those are added, and the
/// 100-bit value is scrambled by bijections, so no collision check is needed.
pub fn license_key(counter: u64, salt: u64) -> String {
    const MASK: u128 = (1u128 << 100) - 1;
    let x = mix64(counter.wrapping_add(salt));
    let y = mix64(x ^ 0x9e37_79b9_7f4a_7c15) & ((1 << 36) - 1);
    let mut v = ((y as u128) << 64) | x as u128;
    v = v.wrapping_mul(0x2545_f491_4f6c_dd1d_9e37_79b9_7f4a_7c15) & MASK;
    v ^= v >> 50;
    v = v.wrapping_mul(0xd6e8_feb8_6659_fd93_c2b2_ae3d_27d4_eb4f) & MASK;
    v ^= v >> 37;
    let mut key = String::with_capacity(23);
    for i in 0..20 {
        if i > 0 && i % 5 == 0 {
            key.push('-');
        }
        key.push(KEY_CHARSET[((v >> (95 - 5 * i)) & 31) as usize] as char);
    }
    key
}

/// Lower-case ASCII letters of a name, for email addresses.
pub(super) fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'a'..='z' => c,
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'ł' => 'l',
            'ß' => {
                out.push('s');
                's'
            }
            _ => continue,
        };
        out.push(mapped);
    }
    out
}

/// An index into a list of `len`, favouring the front (common names first).
pub(super) fn pick_front(rng: &mut StdRng, len: usize) -> usize {
    let u: f64 = rng.gen();
    ((u * u * len as f64) as usize).min(len - 1)
}

pub(super) fn pick_weighted<T: Copy>(rng: &mut StdRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut r = rng.gen_range(0..total);
    for (item, w) in items {
        if r < *w {
            return *item;
        }
        r -= w;
    }
    items[items.len() - 1].0
}

impl Generator {
    pub(super) fn new(opts: &SeedOptions, products: Vec<(SeededProduct, u32)>) -> Self {
        let product_weights: Vec<u32> = products.iter().map(|(_, w)| *w).collect();
        Self {
            rng: StdRng::seed_from_u64(opts.rng_seed),
            customers: opts.customers,
            licenses_per_customer: opts.licenses_per_customer,
            unassigned_per_customer: opts.licenses_per_customer as f64 * 0.02 / 0.98,
            product_weight_total: product_weights.iter().sum(),
            product_weights,
            products: products.into_iter().map(|(p, _)| p).collect(),
            now: micros(opts.now),
            key_salt: mix64(opts.rng_seed ^ 0x5eed_5eed_5eed_5eed),
            id_time: 0,
            license_counter: 0,
            assigned_counter: 0,
            first_folded: FIRST_NAMES.iter().map(|n| fold(n)).collect(),
            last_folded: LAST_NAMES.iter().map(|n| fold(n)).collect(),
        }
    }

    fn between(&mut self, from: i64, to: i64) -> i64 {
        if to <= from {
            from
        } else {
            self.rng.gen_range(from..=to)
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p.clamp(0.0, 1.0))
    }

    fn product(&mut self) -> usize {
        let mut r = self.rng.gen_range(0..self.product_weight_total);
        for (i, w) in self.product_weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        self.products.len() - 1
    }

    /// Customers `first..first + n` (by creation order) with everything they own.
    pub(super) fn batch(&mut self, first: u64, n: u64) -> Batch {
        let per = self.licenses_per_customer as usize;
        let mut batch = Batch {
            customers: Vec::with_capacity(n as usize),
            licenses: Vec::with_capacity(n as usize * (per + 1)),
            activations: Vec::with_capacity(n as usize * per * 2),
        };
        for i in first..first + n {
            self.customer(i, &mut batch);
        }
        batch
    }

    fn customer(&mut self, i: u64, batch: &mut Batch) {
        let now = self.now;
        let span = HISTORY_DAYS * MICROS_PER_DAY;
        // Sign-ups grow over time: slot i of N maps to (i/N)^0.7 of the three years.
        let f = (i as f64 + self.rng.gen::<f64>()) / self.customers as f64;
        let created = now - span + (f.powf(0.7) * (span - MICROS_PER_DAY) as f64) as i64;
        let id = uuid_at(&mut self.rng, created);
        self.id_time = created;

        let fi = pick_front(&mut self.rng, FIRST_NAMES.len());
        let li = pick_front(&mut self.rng, LAST_NAMES.len());
        let name = if self.chance(0.08) {
            None
        } else {
            Some(format!("{} {}", FIRST_NAMES[fi], LAST_NAMES[li]))
        };
        let email = self.email(i + 1, fi, li);
        let status = pick_weighted(
            &mut self.rng,
            &[("active", 920), ("inactive", 55), ("suspended", 25)],
        );
        let email_verified_at = if self.chance(0.7) {
            let t = created + self.rng.gen_range(0..3 * MICROS_PER_DAY);
            Some(at(t.min(now)))
        } else {
            None
        };
        let last_login_at = if self.chance(0.3) {
            Some(at(self.between(created, now)))
        } else {
            None
        };
        let updated = if self.chance(0.1) {
            self.between(created, now)
        } else {
            created
        };

        let first_name = FIRST_NAMES[fi];
        let count = if per_customer_max(self.licenses_per_customer) == 1 {
            1
        } else {
            self.rng
                .gen_range(1..=per_customer_max(self.licenses_per_customer))
        };
        for j in 0..count {
            let forced = FORCED
                .get(self.assigned_counter as usize)
                .copied()
                .unwrap_or(Forced::None);
            self.assigned_counter += 1;
            let t = if j == 0 {
                created
            } else {
                self.between(created, now - MICROS_PER_DAY)
            };
            self.license(Some((&id, first_name)), t, forced, batch);
        }
        // Stock not sold yet (the first customer brings one, so `available` always occurs).
        let u = self.unassigned_per_customer;
        let mut unassigned = u.floor() as u64 + u64::from(self.chance(u.fract()));
        if i == 0 {
            unassigned = unassigned.max(1);
        }
        for _ in 0..unassigned {
            let t = self.between(created, now - MICROS_PER_DAY);
            self.license(None, t, Forced::None, batch);
        }

        batch.customers.push(CustomerRow {
            id,
            email,
            name,
            status: status.to_string(),
            email_verified_at,
            password_hash: None,
            totp_secret: None,
            totp_enabled: false,
            last_login_at,
            license_count: count as i64,
            created_at: at(created),
            updated_at: at(updated),
            totp_last_step: None,
        });
    }

    /// Lower-case, unique: the local part is letters, then `number` (the customer's, unique),
    /// then possibly `+tag` — so two customers never share an address.
    fn email(&mut self, number: u64, fi: usize, li: usize) -> String {
        let f = &self.first_folded[fi];
        let l = &self.last_folded[li];
        let shape = pick_weighted(
            &mut self.rng,
            &[
                (0, 30),
                (1, 16),
                (2, 8),
                (3, 8),
                (4, 14),
                (5, 8),
                (6, 8),
                (7, 8),
            ],
        );
        let local = match shape {
            0 => format!("{f}.{l}{number}"),
            1 => format!("{}{l}{number}", &f[..1]),
            2 => format!("{f}_{l}{number}"),
            3 => {
                let tag = ["shop", "billing", "licenses", "work", "dev", "apps", "news"]
                    [self.rng.gen_range(0..7)];
                format!("{f}{number}+{tag}")
            }
            4 => format!("{f}{l}{number}"),
            5 => format!("{l}.{f}{number}"),
            6 => format!("{f}.{}{number}", &l[..1]),
            _ => format!("{f}{number}"),
        };
        let domain = self.domain();
        format!("{local}@{domain}")
    }

    fn domain(&mut self) -> String {
        if self.chance(0.55) {
            return pick_weighted(&mut self.rng, FREE_MAIL).to_string();
        }
        let stem = COMPANIES[pick_front(&mut self.rng, COMPANIES.len())];
        let tld = pick_weighted(&mut self.rng, COMPANY_TLDS);
        format!("{stem}.{tld}")
    }

    /// One license (owned by `owner` when given) created at `created`, with its activations.
    fn license(
        &mut self,
        owner: Option<(&str, &str)>,
        created: i64,
        forced: Forced,
        batch: &mut Batch,
    ) {
        let now = self.now;
        let pi = self.product();
        let SeededProduct {
            kind,
            max_activations: default_max,
            validity_days,
            ..
        } = self.products[pi];
        let product_id = self.products[pi].id.clone();
        let id = uuid_at(&mut self.rng, self.id_time);
        let key = license_key(self.license_counter, self.key_salt);
        self.license_counter += 1;

        let max_activations = if self.chance(0.88) {
            default_max
        } else {
            pick_weighted(
                &mut self.rng,
                &[
                    (Some(1), 20),
                    (Some(2), 20),
                    (Some(3), 25),
                    (Some(5), 20),
                    (Some(10), 5),
                    (None, 10),
                ],
            )
        };
        let metadata = if self.chance(0.6) {
            let year = at(created).and_utc().format("%Y");
            let channel = pick_weighted(
                &mut self.rng,
                &[
                    ("web", 70),
                    ("reseller", 15),
                    ("sales", 10),
                    ("app_store", 5),
                ],
            );
            format!(
                "{{\"order\":\"ORD-{year}-{:06}\",\"channel\":\"{channel}\"}}",
                self.rng.gen_range(0..1_000_000)
            )
        } else {
            "{}".to_string()
        };
        let notes = if self.chance(0.04) {
            Some(NOTES[self.rng.gen_range(0..NOTES.len())].to_string())
        } else {
            None
        };

        let mut row = LicenseRow {
            id,
            license_key: key,
            product_id,
            customer_id: owner.map(|(id, _)| id.to_string()),
            generator_id: None,
            max_activations,
            activations_used: 0,
            expires_at: None,
            validity_days,
            assigned_at: None,
            suspended_at: None,
            suspend_reason: None,
            revoked_at: None,
            revoke_reason: None,
            notes,
            metadata,
            created_at: at(created),
            updated_at: at(created),
        };
        let mut updated = created;

        let Some((_, first_name)) = owner else {
            // Stock; some came back from a customer (unassigned, devices deactivated).
            if self.chance(0.1) {
                let back = self.between(created, now);
                let n = self.rng.gen_range(1..=2);
                for _ in 0..n {
                    let name = FIRST_NAMES[pick_front(&mut self.rng, FIRST_NAMES.len())];
                    let on = self.between(created, back);
                    let a = self.activation(&row.id, kind, name, on, back, false);
                    batch.activations.push(ActivationRow {
                        status: "inactive".into(),
                        deactivated_at: Some(at(back)),
                        deactivation_reason: Some("license unassigned".into()),
                        ..a
                    });
                }
                updated = back;
            }
            row.updated_at = at(updated);
            batch.licenses.push(row);
            return;
        };

        // Bought and assigned at once; subscriptions run out unless renewed.
        let assigned = created;
        row.assigned_at = Some(at(assigned));
        let mut expires = validity_days.map(|d| assigned + d * MICROS_PER_DAY);
        if let Some(e) = expires {
            let days = validity_days.unwrap_or(365) * MICROS_PER_DAY;
            if e <= now && forced != Forced::Expired && self.chance(0.6) {
                // Renewed each term: expires at the end of the current one.
                let terms = (now - assigned) / days + 1;
                expires = Some(assigned + terms * days);
                updated = assigned + (terms - 1) * days;
            }
        }
        match forced {
            Forced::Expired => {
                expires = Some(assigned + (now - assigned) / 2);
                row.validity_days = Some(((now - assigned) / 2 / MICROS_PER_DAY).max(1));
            }
            Forced::None => {}
            _ => {
                if expires.is_some_and(|e| e <= now) {
                    expires = Some(now + 30 * MICROS_PER_DAY);
                }
            }
        }
        row.expires_at = expires.map(at);

        // Until when devices could use it.
        let mut end = expires.map_or(now, |e| e.min(now));
        let roll: f64 = self.rng.gen();
        let revoked = forced == Forced::Revoked || (forced == Forced::None && roll < 0.01);
        let suspended = forced == Forced::Suspended
            || (forced == Forced::None && (0.01..0.025).contains(&roll));
        if revoked {
            let t = self.between(assigned, end);
            row.revoked_at = Some(at(t));
            row.revoke_reason =
                Some(REVOKE_REASONS[self.rng.gen_range(0..REVOKE_REASONS.len())].into());
            end = t;
            updated = updated.max(t);
        } else if suspended {
            let t = self.between(assigned, end);
            row.suspended_at = Some(at(t));
            row.suspend_reason =
                Some(SUSPEND_REASONS[self.rng.gen_range(0..SUSPEND_REASONS.len())].into());
            end = t;
            updated = updated.max(t);
        }

        let activated = match forced {
            Forced::Active | Forced::Suspended | Forced::Revoked => true,
            Forced::Assigned => false,
            _ => self.chance(0.78),
        };
        if activated {
            let limit = max_activations.unwrap_or(3).min(3) as usize;
            let n = self.rng.gen_range(1..=limit);
            for _ in 0..n {
                let on = self.between(assigned, end);
                let a = self.activation(&row.id, kind, first_name, on, end, end == now);
                if revoked {
                    batch.activations.push(ActivationRow {
                        status: "inactive".into(),
                        deactivated_at: Some(at(end)),
                        deactivation_reason: Some("license revoked".into()),
                        ..a
                    });
                } else {
                    row.activations_used += 1;
                    batch.activations.push(a);
                }
            }
        }
        // Devices replaced or sites moved over time.
        if self.chance(if activated { 0.15 } else { 0.05 }) {
            let n = self.rng.gen_range(1..=2);
            for _ in 0..n {
                let on = self.between(assigned, end);
                let off = self.between(on, end);
                let a = self.activation(&row.id, kind, first_name, on, off, false);
                let reasons = match kind {
                    Kind::Device => DEVICE_DEACTIVATIONS,
                    Kind::Domain => DOMAIN_DEACTIVATIONS,
                };
                batch.activations.push(ActivationRow {
                    status: "inactive".into(),
                    deactivated_at: Some(at(off)),
                    deactivation_reason: Some(reasons[self.rng.gen_range(0..reasons.len())].into()),
                    ..a
                });
            }
        }
        row.updated_at = at(updated.min(now));
        batch.licenses.push(row);
    }

    /// An active activation made at `on`, last verified by `until` (recently when `live`).
    fn activation(
        &mut self,
        license_id: &str,
        kind: Kind,
        first_name: &str,
        on: i64,
        until: i64,
        live: bool,
    ) -> ActivationRow {
        let now = self.now;
        let last_verified = if live && self.chance(0.85) {
            // Checking in: within the last 90 days.
            self.between(on.max(now - 90 * MICROS_PER_DAY), now)
        } else {
            // Stale: not seen for a while.
            self.between(on, until)
        };
        let (identifier, name, platform) = match kind {
            Kind::Device => self.device(first_name),
            Kind::Domain => self.site(),
        };
        let metadata = if self.chance(0.5) {
            format!(
                "{{\"app_version\":\"{}.{}.{}\"}}",
                self.rng.gen_range(1..6),
                self.rng.gen_range(0..12),
                self.rng.gen_range(0..20)
            )
        } else {
            "{}".to_string()
        };
        ActivationRow {
            id: uuid_at(&mut self.rng, self.id_time),
            license_id: license_id.to_string(),
            identifier,
            kind: match kind {
                Kind::Device => "device",
                Kind::Domain => "domain",
            }
            .to_string(),
            name,
            platform,
            metadata,
            ip_address: Some(self.ip()),
            status: "active".to_string(),
            activated_at: at(on),
            last_verified_at: Some(at(last_verified)),
            deactivated_at: None,
            deactivation_reason: None,
        }
    }

    /// (hardware id, device name, platform): 128 random bits, so two devices of one license
    /// never share an identifier.
    fn device(&mut self, first_name: &str) -> (String, Option<String>, Option<String>) {
        let bits: u128 = self.rng.gen();
        let identifier = if self.chance(0.6) {
            format!("{bits:032x}")
        } else {
            let h = format!("{bits:032X}");
            format!("HW-{}-{}-{}-{}", &h[0..4], &h[4..8], &h[8..12], &h[12..16])
        };
        let os = pick_weighted(
            &mut self.rng,
            &[("mac", 45), ("windows", 42), ("linux", 13)],
        );
        let platforms = match os {
            "mac" => MAC_PLATFORMS,
            "windows" => WINDOWS_PLATFORMS,
            _ => LINUX_PLATFORMS,
        };
        let platform = platforms[self.rng.gen_range(0..platforms.len())];
        let model =
            |rng: &mut StdRng, models: &[&'static str]| models[rng.gen_range(0..models.len())];
        let name = match (os, self.rng.gen_range(0..10)) {
            (_, 0) => None,
            ("mac", _) => Some(format!(
                "{first_name}'s {}",
                model(&mut self.rng, MAC_MODELS)
            )),
            ("windows", n) if n < 5 => Some(format!(
                "DESKTOP-{}",
                (0..7)
                    .map(|_| KEY_CHARSET[self.rng.gen_range(0..32)] as char)
                    .collect::<String>()
            )),
            ("linux", n) if n < 5 => Some(format!("build-agent-{:02}", self.rng.gen_range(1..40))),
            _ => Some(format!(
                "{first_name}'s {}",
                model(&mut self.rng, PC_MODELS)
            )),
        };
        (identifier, name, Some(platform.to_string()))
    }

    /// (domain, site name, platform); the random part keeps one license's sites distinct.
    fn site(&mut self) -> (String, Option<String>, Option<String>) {
        let sub =
            ["www", "shop", "blog", "staging", "app", "store", "news"][self.rng.gen_range(0..7)];
        let a = SITE_WORDS[self.rng.gen_range(0..SITE_WORDS.len())];
        let b = SITE_WORDS[self.rng.gen_range(0..SITE_WORDS.len())];
        let tld = pick_weighted(&mut self.rng, COMPANY_TLDS);
        let n: u32 = self.rng.gen_range(0..100_000);
        let identifier = format!("{sub}.{a}-{b}{n}.{tld}");
        let name = match sub {
            "staging" => Some("Staging".to_string()),
            "www" | "shop" | "store" => Some("Production site".to_string()),
            _ => None,
        };
        let platform = [
            "WordPress 6.6",
            "WordPress 6.5",
            "WordPress 6.4",
            "PHP 8.2",
            "PHP 8.3",
        ][self.rng.gen_range(0..5)];
        (identifier, name, Some(platform.to_string()))
    }

    fn ip(&mut self) -> String {
        if self.chance(0.85) {
            loop {
                let a: u8 = self.rng.gen_range(1..224);
                if matches!(a, 10 | 100 | 127 | 169 | 172 | 192) {
                    continue;
                }
                return format!(
                    "{a}.{}.{}.{}",
                    self.rng.gen::<u8>(),
                    self.rng.gen::<u8>(),
                    self.rng.gen_range(1..255)
                );
            }
        }
        let prefix = ["2a02", "2001", "2600", "2a01", "2804", "2406"][self.rng.gen_range(0..6)];
        format!(
            "{prefix}:{:x}:{:x}:{:x}::{:x}",
            self.rng.gen::<u16>(),
            self.rng.gen::<u16>(),
            self.rng.gen::<u16>(),
            self.rng.gen_range(1..0xffffu32)
        )
    }
}

/// Licenses per customer: uniform over 1..=2M-1, so the average is M.
pub(super) fn per_customer_max(m: u32) -> usize {
    (2 * m as usize - 1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn license_keys_are_distinct_and_well_formed() {
        let salt = mix64(42);
        let mut seen = HashSet::new();
        for i in 0..200_000 {
            let k = license_key(i, salt);
            assert_eq!(k.len(), 23);
            assert!(k.bytes().enumerate().all(|(p, b)| if p % 6 == 5 {
                b == b'-'
            } else {
                KEY_CHARSET.contains(&b)
            }));
            assert!(seen.insert(k));
        }
        assert_ne!(license_key(0, mix64(1)), license_key(0, mix64(2)));
    }

    #[test]
    fn names_fold_to_ascii_letters() {
        assert_eq!(fold("O'Brien"), "obrien");
        assert_eq!(fold("Łukasz"), "lukasz");
        assert_eq!(fold("de Vries"), "devries");
        assert_eq!(fold("Zoë"), "zoe");
        assert_eq!(fold("Min-jun"), "minjun");
        for n in FIRST_NAMES.iter().chain(LAST_NAMES) {
            assert!(!fold(n).is_empty(), "{n}");
        }
    }
}
