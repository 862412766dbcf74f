ALTER TABLE customers DROP COLUMN totp_last_step;
DROP TABLE customer_tokens;
