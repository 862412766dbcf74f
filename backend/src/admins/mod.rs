//! Staff accounts: sign-in, sessions, two-factor, and their management by super admins.

pub mod account;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
