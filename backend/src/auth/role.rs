use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Admin roles; each includes the permissions of the ones before it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads everything except secrets and settings.
    Viewer,
    /// + license and activation operations, customer emails.
    Operator,
    /// + products, licenses, releases, customers, API keys, logs, email settings.
    Admin,
    /// + admins, retention and security settings, signing keys.
    SuperAdmin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Operator, Role::Admin, Role::SuperAdmin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Admin => "admin",
            Role::SuperAdmin => "super_admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}
