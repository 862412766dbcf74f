CREATE TABLE admins (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    name TEXT,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin', 'super_admin')),
    status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    password_hash TEXT NOT NULL,
    totp_secret TEXT,
    totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    totp_last_step BIGINT,
    last_login_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX admins_email_key ON admins (email);
CREATE INDEX admins_created_at_idx ON admins (created_at, id);

CREATE TABLE admin_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    admin_id TEXT NOT NULL REFERENCES admins (id) ON DELETE CASCADE,
    refresh_token_hash TEXT NOT NULL,
    previous_token_hash TEXT,
    ip_address TEXT,
    user_agent TEXT,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE UNIQUE INDEX admin_sessions_refresh_key ON admin_sessions (refresh_token_hash);
CREATE INDEX admin_sessions_previous_idx ON admin_sessions (previous_token_hash);
CREATE INDEX admin_sessions_admin_idx ON admin_sessions (admin_id);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin', 'super_admin')),
    created_by TEXT REFERENCES admins (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE UNIQUE INDEX api_keys_hash_key ON api_keys (key_hash);
CREATE INDEX api_keys_created_at_idx ON api_keys (created_at, id);

-- Failed sign-in attempts, per scope (`admin_email`, `ip`, ...). Lives in the database so the
-- throttle holds across several latchkey processes; old rows are purged by the server.
CREATE TABLE auth_failures (
    id TEXT PRIMARY KEY NOT NULL,
    scope TEXT NOT NULL,
    subject TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX auth_failures_lookup_idx ON auth_failures (scope, subject, created_at);
CREATE INDEX auth_failures_created_idx ON auth_failures (created_at);

CREATE TABLE audit_events (
    id TEXT PRIMARY KEY NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('admin', 'api_key', 'customer', 'system', 'anonymous')),
    actor_id TEXT,
    action TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT,
    before_json TEXT,
    after_json TEXT,
    ip_address TEXT,
    request_id TEXT
);
CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at, id);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_kind, actor_id, occurred_at);
CREATE INDEX audit_events_subject_idx ON audit_events (subject_type, subject_id, occurred_at);
CREATE INDEX audit_events_action_idx ON audit_events (action, occurred_at);

-- The audit trail is append-only: the database refuses edits and deletes.
CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
