-- The command palette finds licenses by the start of their key: a byte-order index, so the
-- prefix range works whatever the database's collation.
CREATE INDEX licenses_key_bytes ON licenses (license_key COLLATE "C");
