//! The append-only audit trail: who changed what, when, from where.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;

pub use model::Actor;
pub use service::{record, record_many, Change};
