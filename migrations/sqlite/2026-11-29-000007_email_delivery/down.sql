DROP INDEX email_outbox_created_idx;
DROP TABLE email_settings;
