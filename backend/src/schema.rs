// The tables, written to match migrations/{sqlite,postgres}; both dialects map to these types.

diesel::table! {
    admins (id) {
        id -> Text,
        email -> Text,
        name -> Nullable<Text>,
        role -> Text,
        status -> Text,
        password_hash -> Text,
        totp_secret -> Nullable<Text>,
        totp_enabled -> Bool,
        totp_last_step -> Nullable<BigInt>,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    admin_sessions (id) {
        id -> Text,
        admin_id -> Text,
        refresh_token_hash -> Text,
        previous_token_hash -> Nullable<Text>,
        ip_address -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        role -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    auth_failures (id) {
        id -> Text,
        scope -> Text,
        subject -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        occurred_at -> Timestamp,
        actor_kind -> Text,
        actor_id -> Nullable<Text>,
        action -> Text,
        subject_type -> Text,
        subject_id -> Nullable<Text>,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        ip_address -> Nullable<Text>,
        request_id -> Nullable<Text>,
    }
}

diesel::joinable!(admin_sessions -> admins (admin_id));
diesel::joinable!(api_keys -> admins (created_by));

diesel::allow_tables_to_appear_in_same_query!(
    admins,
    admin_sessions,
    api_keys,
    auth_failures,
    audit_events
);
