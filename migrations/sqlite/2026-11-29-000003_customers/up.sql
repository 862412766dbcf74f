-- Substring search over customer name and email at a million rows: an FTS5 trigram index
-- (case-insensitive) keyed by the customers rowid. Contentless, so name and email are not
-- stored twice; `contentless_delete` lets the triggers remove a customer's entry, which
-- erasure relies on. VACUUM keeps rowids of ordinary tables, so the mapping survives it.
CREATE VIRTUAL TABLE customers_search USING fts5(
    name, email, content = '', contentless_delete = 1, tokenize = 'trigram'
);
INSERT INTO customers_search (rowid, name, email) SELECT rowid, name, email FROM customers;

CREATE TRIGGER customers_search_insert AFTER INSERT ON customers
BEGIN
    INSERT INTO customers_search (rowid, name, email) VALUES (new.rowid, new.name, new.email);
END;
CREATE TRIGGER customers_search_update AFTER UPDATE OF name, email ON customers
BEGIN
    DELETE FROM customers_search WHERE rowid = old.rowid;
    INSERT INTO customers_search (rowid, name, email) VALUES (new.rowid, new.name, new.email);
END;
CREATE TRIGGER customers_search_delete AFTER DELETE ON customers
BEGIN
    DELETE FROM customers_search WHERE rowid = old.rowid;
END;

-- Sorting the list: names case-insensitively with missing names last in both directions
-- (SQLite has no NULLS LAST in indexes, hence the `name IS NULL` column and one index
-- per direction), join date, and license_count, which the license service keeps up to
-- date. Each sort index also holds name and email, so a search page that walks the sort
-- order tests each row from the index alone.
DROP INDEX customers_created_at_idx;
CREATE INDEX customers_created_sort_idx ON customers (created_at, id, name, email);
CREATE INDEX customers_name_sort_idx ON customers ((name IS NULL), lower(name), id, name, email);
CREATE INDEX customers_name_sort_desc_idx ON customers ((name IS NULL), lower(name) DESC, id DESC, name, email);
CREATE INDEX customers_license_count_idx ON customers (license_count, id, name, email);

-- The unfiltered total of the list, kept by triggers: counting a million rows on every
-- page view costs more than the page itself.
CREATE TABLE customer_count (
    id BOOLEAN PRIMARY KEY NOT NULL DEFAULT TRUE CHECK (id),
    n BIGINT NOT NULL
);
INSERT INTO customer_count (id, n) SELECT TRUE, count(*) FROM customers;
CREATE TRIGGER customer_count_insert AFTER INSERT ON customers
BEGIN
    UPDATE customer_count SET n = n + 1;
END;
CREATE TRIGGER customer_count_delete AFTER DELETE ON customers
BEGIN
    UPDATE customer_count SET n = n - 1;
END;

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
