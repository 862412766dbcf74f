DROP TABLE audit_events;
DROP TABLE auth_failures;
DROP TABLE api_keys;
DROP TABLE admin_sessions;
DROP TABLE admins;
