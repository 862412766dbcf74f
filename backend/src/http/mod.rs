pub mod app;
pub mod csv;
pub mod extract;
pub mod metrics;
pub mod middleware;
pub mod pagination;
pub mod spa;
pub mod state;
