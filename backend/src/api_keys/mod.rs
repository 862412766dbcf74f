//! API keys (`lk_…`) for scripts and integrations: an admin-side principal with a role.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
