-- Hourly counts of licensing answers per product, action and code, for the dashboard.
-- Each latchkey process adds its in-memory counts every few seconds (upsert), so several
-- processes sharing a database add up. product_id is '' for answers about unknown keys.
CREATE TABLE licensing_usage_hourly (
    hour TIMESTAMP NOT NULL,
    product_id TEXT NOT NULL,
    action TEXT NOT NULL,
    code TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (hour, product_id, action, code)
);


-- Activations made through the licensing API are done by whoever holds the license key:
-- a new actor kind. SQLite cannot change a CHECK constraint, so the table is rebuilt
-- (its triggers refuse edits, and a rebuild is not one: rows are copied as they are).
DROP TRIGGER audit_events_no_update;
DROP TRIGGER audit_events_no_delete;
ALTER TABLE audit_events RENAME TO audit_events_old;
CREATE TABLE audit_events (
    id TEXT PRIMARY KEY NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('admin', 'api_key', 'customer', 'license_key', 'system', 'anonymous')),
    actor_id TEXT,
    action TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT,
    before_json TEXT,
    after_json TEXT,
    ip_address TEXT,
    request_id TEXT,
    customer_id TEXT
);
INSERT INTO audit_events (id, occurred_at, actor_kind, actor_id, action, subject_type, subject_id, before_json, after_json, ip_address, request_id, customer_id)
    SELECT id, occurred_at, actor_kind, actor_id, action, subject_type, subject_id, before_json, after_json, ip_address, request_id, customer_id FROM audit_events_old;
DROP TABLE audit_events_old;
CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at, id);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_kind, actor_id, occurred_at);
CREATE INDEX audit_events_subject_idx ON audit_events (subject_type, subject_id, occurred_at);
CREATE INDEX audit_events_action_idx ON audit_events (action, occurred_at);
CREATE INDEX audit_events_customer_idx ON audit_events (customer_id, occurred_at);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
