//! Latchkey: a self-hosted software-licensing server.
//!
//! Feature folders (`admins`, `api_keys`, `audit`, …) each hold `routes` (HTTP: parse and
//! authorise), `service` (rules and transactions) and `store` (the only place with SQL).

pub mod activations;
pub mod admins;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod config;
pub mod context;
pub mod crypto;
pub mod customer_records;
pub mod customers;
pub mod dashboard;
pub mod db;
pub mod email;
pub mod error;
pub mod generators;
pub mod http;
pub mod licenses;
pub mod licensing;
pub mod openapi;
pub mod outbox;
pub mod paging;
pub mod portal;
pub mod products;
pub mod rate_limit;
pub mod schema;
pub mod seed;
pub mod server;
pub mod signing;
pub mod system;
pub mod telemetry;
pub mod validate;
