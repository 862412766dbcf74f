-- Customers are created by license assignment; the portal issue adds sign-in to them.
CREATE TABLE customers (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    name TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'suspended')),
    email_verified_at TIMESTAMP,
    password_hash TEXT,
    totp_secret TEXT,
    totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    last_login_at TIMESTAMP,
    -- Licenses owned, in every state: kept by the license service so lists sort by it cheaply.
    license_count BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX customers_email_key ON customers (email);
CREATE INDEX customers_created_at_idx ON customers (created_at, id);

CREATE TABLE products (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    description TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    max_activations BIGINT,
    validity_days BIGINT,
    send_license_email BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX products_slug_key ON products (slug);

-- Ed25519 key pairs that sign licensing answers. The private half is encrypted with the
-- server secret. Rotation adds a key and retires the old one, which stays published.
CREATE TABLE signing_keys (
    id TEXT PRIMARY KEY NOT NULL,
    product_id TEXT REFERENCES products (id) ON DELETE CASCADE,
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    retired_at TIMESTAMP
);
CREATE INDEX signing_keys_product_idx ON signing_keys (product_id, created_at);
-- One active key per product, even when two rotations race.
CREATE UNIQUE INDEX signing_keys_one_active_key ON signing_keys (product_id) WHERE active;

CREATE TABLE generators (
    id TEXT PRIMARY KEY NOT NULL,
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('uuid', 'chunks')),
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    chunk_count BIGINT NOT NULL DEFAULT 4,
    chunk_length BIGINT NOT NULL DEFAULT 5,
    charset TEXT NOT NULL,
    separator TEXT NOT NULL DEFAULT '-',
    max_activations BIGINT,
    validity_days BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX generators_product_idx ON generators (product_id, created_at);

CREATE TABLE licenses (
    id TEXT PRIMARY KEY NOT NULL,
    license_key TEXT NOT NULL,
    product_id TEXT NOT NULL REFERENCES products (id),
    customer_id TEXT REFERENCES customers (id),
    generator_id TEXT REFERENCES generators (id) ON DELETE SET NULL,
    max_activations BIGINT,
    -- Active activations, kept by the activation service with a guarded UPDATE so the
    -- limit holds under concurrency.
    activations_used BIGINT NOT NULL DEFAULT 0,
    expires_at TIMESTAMP,
    validity_days BIGINT,
    assigned_at TIMESTAMP,
    suspended_at TIMESTAMP,
    suspend_reason TEXT,
    revoked_at TIMESTAMP,
    revoke_reason TEXT,
    notes TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX licenses_key_key ON licenses (license_key);
CREATE INDEX licenses_product_idx ON licenses (product_id, created_at);
CREATE INDEX licenses_customer_idx ON licenses (customer_id, created_at);
CREATE INDEX licenses_created_idx ON licenses (created_at, id);
CREATE INDEX licenses_expires_idx ON licenses (expires_at);

-- Keys of deleted licenses: never issued again.
CREATE TABLE retired_license_keys (
    license_key TEXT PRIMARY KEY NOT NULL,
    retired_at TIMESTAMP NOT NULL
);

CREATE TABLE activations (
    id TEXT PRIMARY KEY NOT NULL,
    license_id TEXT NOT NULL REFERENCES licenses (id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('device', 'domain')),
    name TEXT,
    platform TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    ip_address TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    activated_at TIMESTAMP NOT NULL,
    last_verified_at TIMESTAMP,
    deactivated_at TIMESTAMP,
    deactivation_reason TEXT
);
CREATE UNIQUE INDEX activations_one_active_key ON activations (license_id, identifier) WHERE status = 'active';
CREATE INDEX activations_license_idx ON activations (license_id, status);

-- Durable email outbox; a worker delivers it (the portal issue).
CREATE TABLE email_outbox (
    id TEXT PRIMARY KEY NOT NULL,
    template TEXT NOT NULL,
    to_email TEXT NOT NULL,
    customer_id TEXT REFERENCES customers (id) ON DELETE SET NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX email_outbox_due_idx ON email_outbox (status, next_attempt_at);
CREATE INDEX email_outbox_customer_idx ON email_outbox (customer_id);

-- Customers appear in the audit trail by id (never by email or name), so the trail needs
-- no edit at erasure.
ALTER TABLE audit_events ADD COLUMN customer_id TEXT;
CREATE INDEX audit_events_customer_idx ON audit_events (customer_id, occurred_at);
