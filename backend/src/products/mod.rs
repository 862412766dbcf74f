//! Products: what licenses are for, with defaults for new licenses and their signing keys.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
