//! What the admin portal shows before anyone asks: the dashboard's numbers
//! (`GET /admin/stats`) and the command palette's quick lookup (`GET /admin/search`).

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
