//! What is stored about one customer across the features: the customer page's summary
//! (licenses by status, devices) and the GDPR access export. It sits above `customers`,
//! `licenses` and `activations`, which it combines, so none of them needs the others.

pub mod model;
pub mod service;
