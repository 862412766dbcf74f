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


-- Activations made through the licensing API are done by whoever holds the license key.
ALTER TABLE audit_events DROP CONSTRAINT audit_events_actor_kind_check;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_actor_kind_check
    CHECK (actor_kind IN ('admin', 'api_key', 'customer', 'license_key', 'system', 'anonymous'));
