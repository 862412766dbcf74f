//! The client portal API (`/api/v1/portal/…`): customers sign in (separately from admins)
//! and see and manage their own licenses and devices; an admin's "View as customer"
//! session reads the same pages and changes nothing. Every query is scoped to the
//! caller's own customer id.

pub mod account;
pub mod auth;
pub mod licenses;
pub mod model;
pub mod routes;
