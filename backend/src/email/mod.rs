//! Email: the mails queued in the outbox (`crate::outbox`, written inside the transaction of
//! the change that causes them), rendered and delivered by a background worker over SMTP
//! (or to `.eml` files without SMTP), and the mail settings.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
pub mod templates;
pub mod transport;
pub mod worker;
