//! Times are stored as UTC `TIMESTAMP` with microsecond precision on both backends.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

/// Now, truncated to microseconds so SQLite (which would keep nanoseconds) and PostgreSQL
/// store and return the same value.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

pub fn to_utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

pub fn from_utc(t: DateTime<Utc>) -> NaiveDateTime {
    t.naive_utc().trunc_subsecs(6)
}
