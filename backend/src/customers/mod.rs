//! Customers: created by license assignment, identified by their (normalised) email.

pub mod account;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
pub mod tokens;
