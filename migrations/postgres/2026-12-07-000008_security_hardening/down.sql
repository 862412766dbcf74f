-- The API keys that up.sql revoked (made by other keys, without an owner) stay revoked.
DROP INDEX activations_customer_idx;
ALTER TABLE activations DROP COLUMN customer_id;
DROP INDEX customer_sessions_previous_idx;
DROP INDEX customer_sessions_refresh_key;
ALTER TABLE customer_sessions DROP COLUMN impersonator_api_key_id;
ALTER TABLE customer_sessions DROP COLUMN refreshed_at;
ALTER TABLE customer_sessions DROP COLUMN previous_token_hash;
ALTER TABLE customer_sessions DROP COLUMN refresh_token_hash;
