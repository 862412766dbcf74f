-- The licenses list's search by the start of a key, in any case: one range of this index.
CREATE INDEX licenses_key_prefix_idx ON licenses (lower(license_key));
