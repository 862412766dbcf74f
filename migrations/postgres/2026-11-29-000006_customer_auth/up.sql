-- Single-use links mailed to customers (invitation, password reset, magic link). Only the
-- SHA-256 of the token is stored, so a database leak does not leak a usable link.
CREATE TABLE customer_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset', 'magic_link')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX customer_tokens_customer_idx ON customer_tokens (customer_id, purpose);

-- The last two-factor time step accepted, so a code cannot be replayed within its window.
ALTER TABLE customers ADD COLUMN totp_last_step BIGINT;
