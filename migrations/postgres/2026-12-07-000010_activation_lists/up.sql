-- The order by last verification with never-verified devices last both ways, read along
-- an index instead of sorting every activation.
CREATE INDEX activations_verified_order_idx ON activations ((last_verified_at IS NULL), last_verified_at, id);
CREATE INDEX activations_verified_order_desc_idx ON activations ((last_verified_at IS NULL), last_verified_at DESC, id DESC);
