DROP TABLE customer_tokens;
