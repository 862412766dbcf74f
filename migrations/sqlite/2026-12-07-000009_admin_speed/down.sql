DROP INDEX licenses_expiry_order_desc_idx;
DROP INDEX licenses_expiry_order_idx;
DROP INDEX licenses_expires_idx;
CREATE INDEX licenses_expires_idx ON licenses (expires_at);
DROP INDEX licenses_state_created_idx;
ALTER TABLE licenses DROP COLUMN state;
