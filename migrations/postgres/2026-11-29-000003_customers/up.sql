-- Substring search over customer name and email at a million rows: trigram GIN indexes
-- (pg_trgm, a trusted extension: the database owner may create it). Emails are stored
-- lower-cased; names are matched through lower(name).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX customers_name_trgm_idx ON customers USING gin (lower(name) gin_trgm_ops);
CREATE INDEX customers_email_trgm_idx ON customers USING gin (email gin_trgm_ops);

-- Sorting the list: names case-insensitively with missing names last in both directions
-- (the same `name IS NULL` key as on SQLite, one index per direction), and
-- license_count, which the license service keeps up to date.
CREATE INDEX customers_name_sort_idx ON customers ((name IS NULL), lower(name), id);
CREATE INDEX customers_name_sort_desc_idx ON customers ((name IS NULL), lower(name) DESC, id DESC);
CREATE INDEX customers_license_count_idx ON customers (license_count, id);

-- Portal sessions. "View as customer" makes a short-lived read-only one for an admin;
-- sign-in (the client portal) makes ordinary ones. Erasing the customer deletes them, so
-- their tokens stop working at once.
CREATE TABLE customer_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    impersonator_id TEXT REFERENCES admins (id) ON DELETE CASCADE,
    read_only BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX customer_sessions_customer_idx ON customer_sessions (customer_id);

CREATE INDEX activations_status_idx ON activations (status, last_verified_at);
