-- API keys belong to the admin who made them, and keys can no longer make keys. Keys that
-- another key made before this change have no owner whose current role could bound them,
-- so they are revoked (docs/security.md).
UPDATE api_keys SET revoked_at = strftime('%Y-%m-%d %H:%M:%f', 'now')
 WHERE created_by IS NULL AND revoked_at IS NULL;

-- Portal sign-ins get a refresh token (kept in an HttpOnly cookie by browsers), stored as
-- its SHA-256 and rotated on use like the admins'. A "View as customer" session opened with
-- an API key names that key, so revoking the key ends the session.
ALTER TABLE customer_sessions ADD COLUMN refresh_token_hash TEXT;
ALTER TABLE customer_sessions ADD COLUMN previous_token_hash TEXT;
ALTER TABLE customer_sessions ADD COLUMN refreshed_at TIMESTAMP;
ALTER TABLE customer_sessions ADD COLUMN impersonator_api_key_id TEXT REFERENCES api_keys (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX customer_sessions_refresh_key ON customer_sessions (refresh_token_hash);
CREATE INDEX customer_sessions_previous_idx ON customer_sessions (previous_token_hash);

-- The customer an activation was made for, so a transfer cannot pass one owner's devices
-- off as the next owner's. Earlier rows: the license's owner when it was activated after
-- the assignment, otherwise unknown.
ALTER TABLE activations ADD COLUMN customer_id TEXT REFERENCES customers (id) ON DELETE SET NULL;
UPDATE activations SET customer_id = (
    SELECT l.customer_id FROM licenses l
     WHERE l.id = activations.license_id AND l.assigned_at <= activations.activated_at);
CREATE INDEX activations_customer_idx ON activations (customer_id);
