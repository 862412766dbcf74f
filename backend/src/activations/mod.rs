//! Activations: one row per (license, identifier) binding. The licensing API creates them
//! and frees them; admins list and deactivate them here (`routes`); every slot change goes
//! through [`service::take_slot`] / [`service::free_slot`] under the license's row lock.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
