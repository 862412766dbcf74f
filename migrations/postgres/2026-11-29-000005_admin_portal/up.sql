-- The command palette finds licenses by the start of their key: a byte-order index, so the
-- prefix range works whatever the database's collation.
CREATE INDEX licenses_key_bytes ON licenses (license_key COLLATE "C");

-- The Activations page lists newest first, all or by status, 25 at a time: these let it walk
-- an index instead of sorting every activation.
CREATE INDEX activations_activated_idx ON activations (activated_at, id);
CREATE INDEX activations_status_activated_idx ON activations (status, activated_at, id);
