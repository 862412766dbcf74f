//! Integration tests: every test runs against a real server, on SQLite and on PostgreSQL.

mod helpers;

mod activations;
mod admins;
mod api_keys;
mod audit;
mod auth;
mod cli;
mod customers;
mod dashboard;
mod email;
mod http;
mod licenses;
mod licensing;
mod openapi;
mod portal;
mod products;
mod roles;
mod sdk;
mod seed;
mod smtp_sink;
mod totp;

pub use helpers::*;
pub use reqwest::{Method, StatusCode};
pub use serde_json::{json, Value};
