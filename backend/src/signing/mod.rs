//! Ed25519 signing keys for licensing answers: one active key per product (plus the
//! server-wide key for answers about unknown license keys), rotated without forgetting the
//! old public halves, so answers signed before a rotation still verify by `key_id`.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
