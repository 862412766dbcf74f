DROP INDEX activations_status_activated_idx;
DROP INDEX activations_activated_idx;
DROP INDEX licenses_key_bytes;
