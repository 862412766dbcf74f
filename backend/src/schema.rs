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
        customer_id -> Nullable<Text>,
    }
}

diesel::table! {
    customers (id) {
        id -> Text,
        email -> Text,
        name -> Nullable<Text>,
        status -> Text,
        email_verified_at -> Nullable<Timestamp>,
        password_hash -> Nullable<Text>,
        totp_secret -> Nullable<Text>,
        totp_enabled -> Bool,
        last_login_at -> Nullable<Timestamp>,
        license_count -> BigInt,
        totp_last_step -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    products (id) {
        id -> Text,
        name -> Text,
        slug -> Text,
        description -> Nullable<Text>,
        status -> Text,
        max_activations -> Nullable<BigInt>,
        validity_days -> Nullable<BigInt>,
        send_license_email -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    signing_keys (id) {
        id -> Text,
        product_id -> Nullable<Text>,
        public_key -> Text,
        private_key -> Text,
        active -> Bool,
        created_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    generators (id) {
        id -> Text,
        product_id -> Text,
        name -> Text,
        format -> Text,
        prefix -> Text,
        suffix -> Text,
        chunk_count -> BigInt,
        chunk_length -> BigInt,
        charset -> Text,
        separator -> Text,
        max_activations -> Nullable<BigInt>,
        validity_days -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    licenses (id) {
        id -> Text,
        license_key -> Text,
        product_id -> Text,
        customer_id -> Nullable<Text>,
        generator_id -> Nullable<Text>,
        max_activations -> Nullable<BigInt>,
        activations_used -> BigInt,
        expires_at -> Nullable<Timestamp>,
        validity_days -> Nullable<BigInt>,
        assigned_at -> Nullable<Timestamp>,
        suspended_at -> Nullable<Timestamp>,
        suspend_reason -> Nullable<Text>,
        revoked_at -> Nullable<Timestamp>,
        revoke_reason -> Nullable<Text>,
        notes -> Nullable<Text>,
        metadata -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    retired_license_keys (license_key) {
        license_key -> Text,
        retired_at -> Timestamp,
    }
}

diesel::table! {
    activations (id) {
        id -> Text,
        license_id -> Text,
        identifier -> Text,
        kind -> Text,
        name -> Nullable<Text>,
        platform -> Nullable<Text>,
        metadata -> Text,
        ip_address -> Nullable<Text>,
        status -> Text,
        activated_at -> Timestamp,
        last_verified_at -> Nullable<Timestamp>,
        deactivated_at -> Nullable<Timestamp>,
        deactivation_reason -> Nullable<Text>,
        customer_id -> Nullable<Text>,
    }
}

diesel::table! {
    email_outbox (id) {
        id -> Text,
        template -> Text,
        to_email -> Text,
        customer_id -> Nullable<Text>,
        payload -> Text,
        status -> Text,
        attempts -> BigInt,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    customer_count (id) {
        id -> Bool,
        n -> BigInt,
    }
}

diesel::table! {
    customer_sessions (id) {
        id -> Text,
        customer_id -> Text,
        impersonator_id -> Nullable<Text>,
        read_only -> Bool,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        refresh_token_hash -> Nullable<Text>,
        previous_token_hash -> Nullable<Text>,
        impersonator_api_key_id -> Nullable<Text>,
        refreshed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    customer_tokens (id) {
        id -> Text,
        customer_id -> Text,
        purpose -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(admin_sessions -> admins (admin_id));
diesel::joinable!(customer_tokens -> customers (customer_id));
diesel::joinable!(customer_sessions -> customers (customer_id));
diesel::joinable!(api_keys -> admins (created_by));
diesel::joinable!(signing_keys -> products (product_id));
diesel::joinable!(generators -> products (product_id));
diesel::joinable!(licenses -> products (product_id));
diesel::joinable!(licenses -> customers (customer_id));
diesel::joinable!(licenses -> generators (generator_id));
diesel::joinable!(activations -> licenses (license_id));
diesel::joinable!(email_outbox -> customers (customer_id));

diesel::allow_tables_to_appear_in_same_query!(
    admins,
    admin_sessions,
    api_keys,
    auth_failures,
    audit_events,
    customers,
    customer_sessions,
    customer_tokens,
    products,
    signing_keys,
    generators,
    licenses,
    retired_license_keys,
    activations,
    email_outbox,
);

diesel::table! {
    licensing_usage_hourly (hour, product_id, action, code) {
        hour -> Timestamp,
        product_id -> Text,
        action -> Text,
        code -> Text,
        count -> BigInt,
    }
}

diesel::table! {
    email_settings (id) {
        id -> Text,
        host -> Nullable<Text>,
        port -> BigInt,
        username -> Nullable<Text>,
        password_encrypted -> Nullable<Text>,
        tls_mode -> Text,
        from_address -> Nullable<Text>,
        from_name -> Nullable<Text>,
        updated_at -> Nullable<Timestamp>,
    }
}
