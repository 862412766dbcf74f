//! Licenses: keys for a product, owned by a customer or available, with a status derived
//! from their dates and activations (never stored).

pub mod assignment;
pub mod creation;
pub mod import;
pub mod lifecycle;
pub mod model;
pub mod routes;
pub mod service;
pub mod status;
pub mod store;
