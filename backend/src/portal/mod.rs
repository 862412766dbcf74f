//! The client portal API (`/api/v1/portal/…`): what a signed-in customer, or an admin
//! viewing as one, can see and do. Every endpoint is scoped to the caller's own data.

pub mod routes;
