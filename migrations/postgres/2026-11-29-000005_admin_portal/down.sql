DROP INDEX licenses_key_bytes;
