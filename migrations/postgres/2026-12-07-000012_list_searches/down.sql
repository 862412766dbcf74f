DROP INDEX licenses_key_prefix_idx;
