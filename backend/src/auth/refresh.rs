//! Refresh tokens as the services issue them; `http::cookie` carries them to browsers.

use chrono::NaiveDateTime;

/// A refresh token just issued, and when its session ends.
#[derive(Debug, Clone)]
pub struct RefreshGrant {
    pub token: String,
    pub expires_at: NaiveDateTime,
}

/// A sign-in answer that can carry the refresh token in its body.
pub trait CarriesRefreshToken {
    fn set_refresh_token(&mut self, token: String);
}
