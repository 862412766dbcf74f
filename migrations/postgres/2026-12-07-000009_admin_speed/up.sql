-- The derived license status without its one step that depends on the clock (expiry),
-- computed by the database at every write, so status filters and counts read it through
-- an index: revoked > suspended > available > active > assigned. A license of one of the
-- last three states is `expired` once expires_at has passed (licenses::status).
ALTER TABLE licenses ADD COLUMN state TEXT GENERATED ALWAYS AS (CASE WHEN revoked_at IS NOT NULL THEN 'revoked' WHEN suspended_at IS NOT NULL THEN 'suspended' WHEN customer_id IS NULL THEN 'available' WHEN activations_used > 0 THEN 'active' ELSE 'assigned' END) STORED;
CREATE INDEX licenses_state_created_idx ON licenses (state, created_at, id);

-- The expiry order with perpetual licenses last both ways, and expiry ranges.
DROP INDEX licenses_expires_idx;
CREATE INDEX licenses_expires_idx ON licenses (expires_at, id);
CREATE INDEX licenses_expiry_order_idx ON licenses ((expires_at IS NULL), expires_at, id);
CREATE INDEX licenses_expiry_order_desc_idx ON licenses ((expires_at IS NULL), expires_at DESC, id DESC);
