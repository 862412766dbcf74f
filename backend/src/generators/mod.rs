//! License-key generators: per product, a key format (`uuid` or `chunks`) and optional
//! overrides of the product's license defaults.

pub mod keygen;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
