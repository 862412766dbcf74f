DROP INDEX activations_status_idx;
DROP TABLE customer_sessions;
DROP INDEX customers_license_count_idx;
DROP INDEX customers_name_sort_desc_idx;
DROP INDEX customers_name_sort_idx;
DROP INDEX customers_email_trgm_idx;
DROP INDEX customers_name_trgm_idx;
