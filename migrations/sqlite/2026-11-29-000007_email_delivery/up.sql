-- SMTP settings saved by a super admin; they override LATCHKEY_SMTP_URL while `host` is set.
-- One row, created here, so saving is always an update. The password is encrypted with
-- the server secret.
CREATE TABLE email_settings (
    id TEXT PRIMARY KEY NOT NULL CHECK (id = 'smtp'),
    host TEXT,
    port BIGINT NOT NULL DEFAULT 587,
    username TEXT,
    password_encrypted TEXT,
    tls_mode TEXT NOT NULL DEFAULT 'starttls' CHECK (tls_mode IN ('none', 'starttls', 'tls')),
    from_address TEXT,
    from_name TEXT,
    updated_at TIMESTAMP
);
INSERT INTO email_settings (id) VALUES ('smtp');

-- The admin list of deliveries, newest first.
CREATE INDEX email_outbox_created_idx ON email_outbox (created_at, id);
