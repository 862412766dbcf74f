-- Substring search over customer name and email at a million rows: trigram GIN indexes
-- (pg_trgm, a trusted extension: the database owner may create it). Emails are stored
-- lower-cased; names are matched through lower(name).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX customers_name_trgm_idx ON customers USING gin (lower(name) gin_trgm_ops);
CREATE INDEX customers_email_trgm_idx ON customers USING gin (email gin_trgm_ops);

-- Sorting the list: names case-insensitively with missing names last in both directions
-- (the same `name IS NULL` key as on SQLite, one index per direction), join date, and
-- license_count, which the license service keeps up to date. Each sort index INCLUDEs
-- name and email, so deep pages and a search page that walks the sort order are
-- index-only scans (for the expression indexes the planner also wants the column behind
-- the expression).
DROP INDEX customers_created_at_idx;
CREATE INDEX customers_created_sort_idx ON customers (created_at, id) INCLUDE (name, email);
CREATE INDEX customers_name_sort_idx ON customers ((name IS NULL), lower(name), id) INCLUDE (name, email);
CREATE INDEX customers_name_sort_desc_idx ON customers ((name IS NULL), lower(name) DESC, id DESC) INCLUDE (name, email);
CREATE INDEX customers_license_count_idx ON customers (license_count, id) INCLUDE (name, email);

-- The unfiltered total of the list, kept by triggers: counting a million rows on every
-- page view costs more than the page itself.
CREATE TABLE customer_count (
    id BOOLEAN PRIMARY KEY NOT NULL DEFAULT TRUE CHECK (id),
    n BIGINT NOT NULL
);
INSERT INTO customer_count (id, n) SELECT TRUE, count(*) FROM customers;
-- Statement-level, so a bulk insert updates the counter once.
CREATE FUNCTION customer_count_added() RETURNS trigger AS $$
BEGIN
    UPDATE customer_count SET n = n + (SELECT count(*) FROM changed);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE FUNCTION customer_count_removed() RETURNS trigger AS $$
BEGIN
    UPDATE customer_count SET n = n - (SELECT count(*) FROM changed);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE FUNCTION customer_count_reset() RETURNS trigger AS $$
BEGIN
    UPDATE customer_count SET n = 0;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER customer_count_insert AFTER INSERT ON customers
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION customer_count_added();
CREATE TRIGGER customer_count_delete AFTER DELETE ON customers
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION customer_count_removed();
CREATE TRIGGER customer_count_truncate AFTER TRUNCATE ON customers
    FOR EACH STATEMENT EXECUTE FUNCTION customer_count_reset();

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
