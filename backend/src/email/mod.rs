//! Email: a durable outbox written inside the transaction of the change that causes the
//! mail, delivered by a background worker over SMTP (or to `.eml` files without SMTP).

pub mod model;
pub mod outbox;
pub mod routes;
pub mod service;
pub mod store;
pub mod templates;
pub mod transport;
pub mod worker;
