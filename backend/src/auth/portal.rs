//! The customer side of authentication: portal tokens (JWT audience `portal`), strictly
//! separate from admin tokens and API keys. `http::guard::PortalAuth` establishes it.

use crate::audit::Actor;

/// An authenticated portal caller: a customer, or an admin viewing as that customer.
#[derive(Debug, Clone)]
pub struct CustomerPrincipal {
    pub customer_id: String,
    pub session_id: String,
    /// "View as customer" sessions read everything and change nothing.
    pub read_only: bool,
    /// The session was opened by an admin, not by the customer.
    pub impersonated: bool,
    /// The admin who opened a "View as customer" session.
    pub impersonator_id: Option<String>,
}

impl CustomerPrincipal {
    /// Who the trail names: the customer, or the admin looking through their eyes.
    pub fn actor(&self) -> Actor {
        match &self.impersonator_id {
            Some(admin) => Actor::Admin(admin.clone()),
            None => Actor::Customer(self.customer_id.clone()),
        }
    }
}
