//! Activations: one row per (license, identifier) binding. The licensing API creates them;
//! the admin and portal views read them through [`service::list`].

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
