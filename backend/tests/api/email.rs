//! Email delivery through a real SMTP server (the sink in `smtp_sink.rs`), the `.eml`
//! fallback, the multi-process claim, and the admin endpoints.

use diesel::prelude::*;
use latchkey::outbox::{self, Template};
use latchkey::schema::email_outbox::dsl as o;
use sha2::Digest;

use crate::smtp_sink::{headers, Received, SmtpSink};
use crate::*;

pub(crate) const PUBLIC: &str = "https://licenses.example.com";

/// Settings for a server that delivers to `sink` quickly.
pub(crate) fn mail_settings(
    sink: Option<&SmtpSink>,
    extra: &'static [(&'static str, &'static str)],
) -> impl FnOnce(&mut std::collections::BTreeMap<String, String>) {
    let url = sink.map(SmtpSink::url);
    move |s| {
        if let Some(url) = url {
            s.insert("LATCHKEY_SMTP_URL".into(), url);
        }
        s.insert("LATCHKEY_PUBLIC_URL".into(), PUBLIC.into());
        s.insert("LATCHKEY_EMAIL_POLL_MS".into(), "20".into());
        s.insert("LATCHKEY_EMAIL_RETRY_BASE_SECS".into(), "1".into());
        for (k, v) in extra {
            s.insert(k.to_string(), v.to_string());
        }
    }
}

/// A product that mails its licenses' owners: its id.
async fn product(app: &TestApp, token: &str, name: &str, send: bool) -> String {
    let (status, p) = app
        .post(
            "/api/v1/admin/products",
            token,
            json!({"name": name, "send_license_email": send}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    p["id"].as_str().unwrap().to_string()
}

/// Assigns a new license of `product` to `email`: the customer's id.
async fn assign(
    app: &TestApp,
    token: &str,
    product: &str,
    email: &str,
    name: Option<&str>,
) -> String {
    let (status, l) = app
        .post(
            "/api/v1/admin/licenses",
            token,
            json!({"product_id": product}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{l}");
    let (status, l) = app
        .post(
            &format!(
                "/api/v1/admin/licenses/{}/assign",
                l["id"].as_str().unwrap()
            ),
            token,
            json!({"email": email, "name": name}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{l}");
    l["customer_id"].as_str().unwrap().to_string()
}

#[derive(Debug, Clone, Queryable)]
struct Row {
    id: String,
    template: String,
    to_email: String,
    payload: String,
    status: String,
    attempts: i64,
    last_error: Option<String>,
    sent_at: Option<chrono::NaiveDateTime>,
}

fn rows(app: &TestApp) -> Vec<Row> {
    let mut conn = app.state.pool.get().unwrap();
    o::email_outbox
        .order((o::created_at.asc(), o::id.asc()))
        .select((
            o::id,
            o::template,
            o::to_email,
            o::payload,
            o::status,
            o::attempts,
            o::last_error,
            o::sent_at,
        ))
        .load(&mut conn)
        .unwrap()
}

/// Waits (up to a minute) until every outbox row is in a final state.
async fn settled(app: &TestApp) -> Vec<Row> {
    for _ in 0..1200 {
        let all = rows(app);
        if all
            .iter()
            .all(|r| r.status == "sent" || r.status == "failed")
        {
            return all;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("mails still pending: {:?}", rows(app));
}

/// The token of the first link to `page` in a text.
pub(crate) fn token_in(text: &str, page: &str) -> String {
    let marker = format!("{PUBLIC}/portal/{page}#token=");
    let start = text
        .find(&marker)
        .unwrap_or_else(|| panic!("no {marker} in {text}"))
        + marker.len();
    text[start..]
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .next()
        .unwrap()
        .to_string()
}

/// The customer of a live (unused, unexpired) link token, from its SHA-256.
fn live_token_owner(app: &TestApp, token: &str, purpose: &str) -> Option<String> {
    use latchkey::schema::customer_tokens::dsl as t;
    let hash = hex::encode(sha2::Sha256::digest(token.as_bytes()));
    let mut conn = app.state.pool.get().unwrap();
    t::customer_tokens
        .filter(t::token_hash.eq(hash))
        .filter(t::purpose.eq(purpose))
        .filter(t::used_at.is_null())
        .filter(t::expires_at.gt(latchkey::db::time::now()))
        .select(t::customer_id)
        .first(&mut conn)
        .optional()
        .unwrap()
}

both_backends_with!(an_invitation_arrives_with_a_live_link, |backend| {
    let sink = SmtpSink::start().await;
    let mut app = TestApp::spawn_with(
        backend,
        mail_settings(
            Some(&sink),
            &[("LATCHKEY_SMTP_FROM", "Acme Licensing <licenses@acme.test>")],
        ),
    )
    .await
    .unwrap();
    app.start_email_worker();
    let root = app.root_token().await;
    let pid = product(&app, &root, "Acme <Pro> & Friends", true).await;
    let customer = assign(
        &app,
        &root,
        &pid,
        "Ann@Example.com",
        Some("Ann <b>O'Neil</b>"),
    )
    .await;

    let got = sink.wait_for(1).await;
    let m = &got[0];
    assert_eq!(m.rcpt_to, ["ann@example.com"]);
    assert_eq!(m.mail_from, "licenses@acme.test");
    assert_eq!(m.header("To").unwrap(), "ann@example.com");
    assert_eq!(
        m.header("From").unwrap(),
        "\"Acme Licensing\" <licenses@acme.test>"
    );
    assert_eq!(
        m.header("Subject").unwrap(),
        "Your Acme <Pro> & Friends license: set up your account"
    );
    assert!(m
        .header("Content-Type")
        .unwrap()
        .starts_with("multipart/alternative"));
    let text = m.text();
    assert!(text.starts_with("Hello Ann <b>O'Neil</b>,"), "{text}");
    assert!(
        text.contains("A license for Acme <Pro> & Friends has been issued to you."),
        "{text}"
    );
    let html = m.html();
    assert!(
        html.contains("Hello Ann &lt;b&gt;O&#39;Neil&lt;/b&gt;,"),
        "{html}"
    );
    assert!(html.contains("Acme &lt;Pro&gt; &amp; Friends"), "{html}");

    // The link's token is live for this customer, and the same in both parts.
    let token = token_in(&text, "accept-invitation");
    assert_eq!(token_in(&html, "accept-invitation"), token);
    assert_eq!(
        live_token_owner(&app, &token, "invitation"),
        Some(customer.clone())
    );

    let all = settled(&app).await;
    assert_eq!(all.len(), 1);
    let row = &all[0];
    assert_eq!((row.status.as_str(), row.attempts), ("sent", 1));
    assert_eq!(row.to_email, "ann@example.com");
    assert!(row.sent_at.is_some());
    assert_eq!(row.last_error, None);
    assert!(
        !row.payload.contains(&token),
        "the token is never stored in the outbox"
    );
    assert_eq!(
        m.header("Message-ID").unwrap(),
        format!("<{}@acme.test>", row.id),
        "the Message-ID names the outbox row"
    );

    // A second license for the same customer: the license-assigned mail, without a token.
    assign(&app, &root, &pid, "ann@example.com", None).await;
    let got = sink.wait_for(2).await;
    assert_eq!(
        got[1].header("Subject").unwrap(),
        "Acme <Pro> & Friends: a license was added to your account"
    );
    let portal = format!("Open the customer portal: {PUBLIC}/portal");
    assert!(
        got[1].text().lines().any(|l| l == portal),
        "{}",
        got[1].text()
    );
    assert!(!got[1].text().contains("token="));
    assert_eq!(live_token_owner(&app, &token, "invitation"), Some(customer));
});

both_backends_with!(refused_mail_is_retried_with_backoff_then_sent, |backend| {
    let sink = SmtpSink::refusing(2).await;
    let mut app = TestApp::spawn_with(backend, mail_settings(Some(&sink), &[]))
        .await
        .unwrap();
    app.start_email_worker();
    let root = app.root_token().await;
    let pid = product(&app, &root, "Retry Pro", true).await;
    assign(&app, &root, &pid, "retry@example.com", None).await;

    // After the first refusal the mail waits for its next attempt, with the reason.
    let mut waiting = None;
    for _ in 0..1200 {
        let (_, list) = app.get("/api/v1/admin/emails", &root).await;
        let d = list["data"][0].clone();
        if d["attempts"].as_i64().unwrap_or(0) >= 1 && d["status"] == "pending" {
            waiting = Some(d);
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let waiting = waiting.expect("the mail went back to pending after a refusal");
    assert!(
        waiting["last_error"].as_str().unwrap().contains("451"),
        "{waiting}"
    );
    assert!(waiting["next_attempt_at"].is_string(), "{waiting}");

    let got = sink.wait_for(1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt_to, ["retry@example.com"]);
    let all = settled(&app).await;
    assert_eq!(all[0].status, "sent");
    assert_eq!(all[0].attempts, 3, "two refusals, then accepted");
    assert_eq!(sink.refused(), 2);
    let last = all[0].last_error.as_deref().unwrap();
    assert!(
        last.contains("451") && last.contains("try again later"),
        "{last}"
    );
    assert_eq!(sink.received().len(), 1, "sent once");

    let (_, list) = app.get("/api/v1/admin/emails?status=sent", &root).await;
    assert_eq!(list["meta"]["total"], 1);
    assert_eq!(list["data"][0]["attempts"], 3);
    assert_eq!(list["data"][0]["next_attempt_at"], Value::Null);
    assert!(list["data"][0]["sent_at"].is_string());
});

both_backends_with!(a_mail_fails_for_good_after_the_last_attempt, |backend| {
    let sink = SmtpSink::refusing(1000).await;
    let mut app = TestApp::spawn_with(
        backend,
        mail_settings(Some(&sink), &[("LATCHKEY_EMAIL_MAX_ATTEMPTS", "3")]),
    )
    .await
    .unwrap();
    app.start_email_worker();
    let root = app.root_token().await;
    let pid = product(&app, &root, "Doomed", true).await;
    assign(&app, &root, &pid, "doomed@example.com", None).await;

    let all = settled(&app).await;
    assert_eq!(all[0].status, "failed");
    assert_eq!(all[0].attempts, 3);
    let why = all[0].last_error.as_deref().unwrap();
    assert!(why.starts_with("gave up after 3 attempts: "), "{why}");
    assert!(why.contains("451"), "{why}");
    assert_eq!(sink.refused(), 3, "no attempt after the last one");
    assert!(sink.received().is_empty());
    let (_, list) = app.get("/api/v1/admin/emails?status=failed", &root).await;
    assert_eq!(list["meta"]["total"], 1);
    assert_eq!(list["data"][0]["next_attempt_at"], Value::Null);
});

both_backends_with!(
    two_processes_on_one_database_send_each_mail_once,
    |backend| {
        let sink = SmtpSink::start().await;
        let mut app = TestApp::spawn_with(backend, mail_settings(Some(&sink), &[]))
            .await
            .unwrap();
        let root = app.root_token().await;
        let pid = product(&app, &root, "Quiet", false).await;
        let mut customers = Vec::new();
        for i in 0..40 {
            let email = format!("many-{i}@example.com");
            customers.push((assign(&app, &root, &pid, &email, None).await, email));
        }
        assert!(rows(&app).is_empty(), "this product sends no license mail");

        let url = sink.url();
        let other = ServerProcess::start(
            &app.db,
            &[
                ("LATCHKEY_SMTP_URL", url.as_str()),
                ("LATCHKEY_EMAIL_POLL_MS", "20"),
            ],
        );
        app.start_email_worker();
        // All 40 become due at once, in one commit, with both workers polling.
        {
            let mut conn = app.state.pool.get().unwrap();
            latchkey::db::write_tx(&mut conn, |c| {
                for (id, email) in &customers {
                    outbox::enqueue(
                        c,
                        Template::PasswordChanged,
                        email,
                        Some(id),
                        json!({"customer_id": id}),
                    )?;
                }
                Ok::<_, latchkey::error::ApiError>(())
            })
            .unwrap();
        }
        let all = settled(&app).await;
        sink.wait_for(40).await;
        other.stop();
        assert!(
            all.iter().all(|r| r.status == "sent" && r.attempts == 1),
            "{all:?}"
        );
        let got = sink.received();
        assert_eq!(got.len(), 40, "each mail exactly once");
        let ids = headers(&got, "Message-ID");
        assert_eq!(ids.len(), 40);
        assert!(ids.values().all(|n| *n == 1));
        let expected: std::collections::BTreeSet<String> = all
            .iter()
            .map(|r| format!("<{}@localhost>", r.id))
            .collect();
        assert_eq!(
            ids.keys()
                .cloned()
                .collect::<std::collections::BTreeSet<_>>(),
            expected
        );
        let to = headers(&got, "To");
        assert_eq!(to.len(), 40, "every customer got theirs");
    }
);

both_backends!(without_smtp_mail_is_written_to_an_eml_file, |app| {
    let mut app = app;
    app.start_email_worker();
    let root = app.root_token().await;
    let pid = product(&app, &root, "Offline Pro", true).await;
    let customer = assign(&app, &root, &pid, "offline@example.com", None).await;
    let all = settled(&app).await;
    assert_eq!(all[0].status, "sent");

    let path = app
        .db
        .dir
        .path()
        .join("data/outbox")
        .join(format!("{}.eml", all[0].id));
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the file holds a sign-in link");
    }
    let m = Received {
        mail_from: String::new(),
        rcpt_to: Vec::new(),
        data,
        auth: None,
    };
    assert_eq!(m.header("To").unwrap(), "offline@example.com");
    assert_eq!(m.header("From").unwrap(), "Latchkey <no-reply@localhost>");
    assert_eq!(
        m.header("Subject").unwrap(),
        "Your Offline Pro license: set up your account"
    );
    // Links come from the public URL (derived from the bind address here).
    let public = app.state.config.public_url.clone();
    let text = m.text();
    let marker = format!("{public}/portal/accept-invitation#token=");
    let token = text[text.find(&marker).expect("the link") + marker.len()..]
        .split_whitespace()
        .next()
        .unwrap();
    assert_eq!(live_token_owner(&app, token, "invitation"), Some(customer));
    let names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [format!("{}.eml", all[0].id)],
        "no temporary files left"
    );
});

both_backends!(mails_that_can_never_go_fail_with_the_reason, |app| {
    let mut app = app;
    let root = app.root_token().await;
    let pid = product(&app, &root, "Gone", true).await;
    let suspended = assign(&app, &root, &pid, "suspended@example.com", None).await;
    let (status, b) = app
        .call(
            Method::PATCH,
            &format!("/api/v1/admin/customers/{suspended}"),
            Some(&root),
            Some(json!({"status": "suspended"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{b}");
    {
        let mut conn = app.state.pool.get().unwrap();
        outbox::enqueue(
            &mut conn,
            Template::MagicLink,
            "erased@example.com",
            None,
            json!({}),
        )
        .unwrap();
    }
    app.start_email_worker();
    let all = settled(&app).await;
    assert_eq!(all.len(), 2);
    let invitation = all.iter().find(|r| r.template == "invitation").unwrap();
    assert_eq!(
        (invitation.status.as_str(), invitation.attempts),
        ("failed", 1)
    );
    assert_eq!(
        invitation.last_error.as_deref(),
        Some("the customer is suspended: they cannot sign in, so no invitation link was minted")
    );
    let magic = all.iter().find(|r| r.template == "magic_link").unwrap();
    assert_eq!((magic.status.as_str(), magic.attempts), ("failed", 1));
    assert_eq!(
        magic.last_error.as_deref(),
        Some("the customer was erased: nothing is sent")
    );
    use latchkey::schema::customer_tokens::dsl as t;
    let mut conn = app.state.pool.get().unwrap();
    let minted: i64 = t::customer_tokens.count().get_result(&mut conn).unwrap();
    assert_eq!(minted, 0, "no link was minted");
    assert!(
        !app.db.dir.path().join("data/outbox").exists(),
        "nothing was written"
    );
});

both_backends_with!(
    email_settings_are_write_only_encrypted_validated_and_audited,
    |backend| {
        let app = TestApp::spawn_with(
            backend,
            mail_settings(
                None,
                &[(
                    "LATCHKEY_SMTP_URL",
                    "smtp://env%40user:env-pass-secret@127.0.0.1:2525?tls=starttls",
                )],
            ),
        )
        .await
        .unwrap();
        let root = app.root_token().await;
        let path = "/api/v1/admin/settings/email";
        let (status, s) = app.get(path, &root).await;
        assert_eq!(status, StatusCode::OK, "{s}");
        assert_eq!(
            s,
            json!({"source": "environment", "host": "127.0.0.1", "port": 2525, "username": "env@user",
               "password_set": true, "tls": "starttls", "from_address": "no-reply@localhost",
               "from_name": "Latchkey", "updated_at": null})
        );

        let put = |body: Value| {
            let app = &app;
            let root = root.clone();
            async move { app.call(Method::PUT, path, Some(&root), Some(body)).await }
        };
        let good = json!({"host": "smtp.example.com", "port": 587, "username": "mailer",
        "password": "s3cret-smtp-pass", "tls": "starttls",
        "from_address": "Licensing@Example.com", "from_name": "Acme Licensing"});
        let (status, s) = put(good.clone()).await;
        assert_eq!(status, StatusCode::OK, "{s}");
        assert_eq!(s["source"], "database");
        assert_eq!(s["host"], "smtp.example.com");
        assert_eq!(s["password_set"], true);
        assert_eq!(s["from_address"], "licensing@example.com");
        assert!(s.get("password").is_none());
        assert!(!s.to_string().contains("s3cret-smtp-pass"));
        let stored = || -> Option<String> {
            use latchkey::schema::email_settings::dsl as e;
            let mut conn = app.state.pool.get().unwrap();
            e::email_settings
                .select(e::password_encrypted)
                .first(&mut conn)
                .unwrap()
        };
        let sealed = stored().unwrap();
        assert!(
            sealed.starts_with("v1:") && !sealed.contains("s3cret"),
            "{sealed}"
        );
        assert_eq!(
            app.state.secrets.decrypt(&sealed).unwrap(),
            b"s3cret-smtp-pass"
        );

        // Without a password the saved one stays; null removes it.
        let mut keep = good.clone();
        keep.as_object_mut().unwrap().remove("password");
        keep["port"] = json!(2587);
        let (status, s) = put(keep).await;
        assert_eq!(status, StatusCode::OK, "{s}");
        assert_eq!(
            (s["port"].clone(), s["password_set"].clone()),
            (json!(2587), json!(true))
        );
        assert_eq!(
            app.state.secrets.decrypt(&stored().unwrap()).unwrap(),
            b"s3cret-smtp-pass"
        );
        // A saved password never follows the settings to another host.
        let mut moved = good.clone();
        moved.as_object_mut().unwrap().remove("password");
        moved["host"] = json!("smtp.elsewhere.example");
        let (status, s) = put(moved).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{s}");
        assert_eq!(
            s["errors"]["password"][0],
            "must be given again when the host changes"
        );
        assert_eq!(
            app.state.secrets.decrypt(&stored().unwrap()).unwrap(),
            b"s3cret-smtp-pass",
            "nothing changed"
        );
        let mut clear = good.clone();
        clear["password"] = Value::Null;
        let (_, s) = put(clear).await;
        assert_eq!(s["password_set"], false);
        assert_eq!(stored(), None);

        // Bad fields are named.
        for (field, value) in [
            ("host", json!("")),
            ("host", json!("smtp example.com")),
            ("port", json!(70000)),
            ("port", json!(0)),
            ("tls", json!("ssl")),
            ("from_address", json!("not-an-address")),
            ("from_name", json!("Acme\r\nBcc: x@example.com")),
            ("password", json!("")),
        ] {
            let mut body = good.clone();
            body[field] = value.clone();
            let (status, p) = put(body).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{field}={value}: {p}"
            );
            assert_eq!(p["code"], "validation_failed");
            assert!(p["errors"][field].is_array(), "{field}={value}: {p}");
        }
        let mut no_user = good.clone();
        no_user["username"] = Value::Null;
        let (status, p) = put(no_user).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p["errors"]["username"].is_array(), "{p}");
        let mut missing = good.clone();
        missing.as_object_mut().unwrap().remove("host");
        let (status, p) = put(missing).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p["errors"]["host"].is_array(), "{p}");

        // Audited: three saves, never with the password.
        let events = app.audit(&root, "settings.email_updated").await;
        assert_eq!(events.len(), 3);
        let text = serde_json::to_string(&events).unwrap();
        assert!(!text.contains("s3cret-smtp-pass"), "{text}");
        assert!(!text.contains("v1:"), "not even encrypted");
        assert_eq!(
            events[2]["after"]["password_changed"], true,
            "{}",
            events[2]
        );
        assert_eq!(events[2]["after"]["host"], "smtp.example.com");

        // Super admins only.
        let (_, admin) = app.admin_with_role(&root, "admin").await;
        for (method, p, body) in [
            (Method::GET, path, None),
            (Method::PUT, path, Some(good.clone())),
            (
                Method::POST,
                "/api/v1/admin/settings/email/test",
                Some(json!({"to": "a@example.com"})),
            ),
        ] {
            let (status, b) = app.call(method.clone(), p, Some(&admin), body).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{method} {p}: {b}");
            assert_eq!(b["code"], "forbidden");
        }
        let (status, _) = app.call(Method::GET, path, None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
);

both_backends_with!(
    the_test_message_goes_through_the_settings_in_effect,
    |backend| {
        let sink = SmtpSink::start().await;
        // The sink speaks no TLS: plain text with a password has to be asked for.
        let env_url = format!(
            "smtp://us%40er:p%40ss%3Aword@127.0.0.1:{}?tls=none",
            sink.port
        );
        let settings = move |s: &mut std::collections::BTreeMap<String, String>| {
            s.insert("LATCHKEY_SMTP_URL".into(), env_url);
            s.insert("LATCHKEY_PUBLIC_URL".into(), PUBLIC.into());
        };
        let app = TestApp::spawn_with(backend, settings).await.unwrap();
        let root = app.root_token().await;
        let test = "/api/v1/admin/settings/email/test";
        let (status, r) = app
            .post(test, &root, json!({"to": "Ops@Example.com"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["delivered"], true);
        assert_eq!(r["transport"], "smtp");
        let detail = r["detail"].as_str().unwrap();
        assert!(
            detail.starts_with(&format!(
                "127.0.0.1:{} accepted the message: 250",
                sink.port
            )),
            "{detail}"
        );
        let got = sink.received();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].rcpt_to, ["ops@example.com"]);
        assert_eq!(got[0].header("Subject").unwrap(), "Latchkey test message");
        assert_eq!(
            got[0].auth.as_deref(),
            Some("us@er:p@ss:word"),
            "URL credentials are decoded"
        );
        assert!(got[0].text().contains(PUBLIC));

        let (status, p) = app.post(test, &root, json!({"to": "nope"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p["errors"]["to"].is_array(), "{p}");

        // Saved settings win over the environment: a closed port answers a problem document.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let (status, s) = app
            .call(
                Method::PUT,
                "/api/v1/admin/settings/email",
                Some(&root),
                Some(json!({"host": "127.0.0.1", "port": closed, "tls": "none",
                        "from_address": "ops@example.com"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{s}");
        let (status, p) = app
            .post(test, &root, json!({"to": "ops@example.com"}))
            .await;
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{p}");
        assert_eq!(p["code"], "email_delivery_failed");
        assert_eq!(p["status"], 502);
        let detail = p["detail"].as_str().unwrap();
        assert!(
            detail.starts_with(&format!("SMTP 127.0.0.1:{closed}: ")),
            "{detail}"
        );
        assert!(detail.to_lowercase().contains("refused"), "{detail}");
        assert_eq!(
            sink.received().len(),
            1,
            "nothing went to the environment's server"
        );
    }
);

both_backends!(the_admin_list_shows_deliveries_with_filters, |app| {
    let root = app.root_token().await;
    let pid = product(&app, &root, "Listed", true).await;
    assign(&app, &root, &pid, "alpha@one.example", None).await;
    assign(&app, &root, &pid, "beta@two.example", None).await;
    assign(&app, &root, &pid, "alpha@one.example", None).await;
    let (_, admin) = app.admin_with_role(&root, "admin").await;

    let (status, list) = app.get("/api/v1/admin/emails", &admin).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(
        list["meta"],
        json!({"page": 1, "per_page": 25, "total": 3, "total_pages": 1})
    );
    let first = list["data"][0].as_object().unwrap();
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "attempts",
            "created_at",
            "id",
            "last_error",
            "next_attempt_at",
            "sent_at",
            "status",
            "template",
            "to"
        ],
        "never the payload"
    );
    assert_eq!(first["template"], "license_assigned", "newest first");
    assert_eq!(first["to"], "alpha@one.example");
    assert_eq!(first["status"], "pending");
    assert!(first["next_attempt_at"].is_string());

    for (query, total) in [
        ("status=pending", 3),
        ("status=sent", 0),
        ("template=invitation", 2),
        ("template=license_assigned", 1),
        ("search=ALPHA@", 2),
        ("search=two.example", 1),
        ("search=nobody", 0),
        ("status=pending&template=invitation&search=beta", 1),
    ] {
        let (status, l) = app
            .get(&format!("/api/v1/admin/emails?{query}"), &admin)
            .await;
        assert_eq!(status, StatusCode::OK, "{query}: {l}");
        assert_eq!(l["meta"]["total"], total, "{query}");
    }
    let (_, page) = app
        .get("/api/v1/admin/emails?per_page=1&page=2", &admin)
        .await;
    assert_eq!(page["meta"]["total_pages"], 3);
    assert_eq!(page["data"][0]["to"], "beta@two.example");
    for (query, field) in [
        ("status=lost", "status"),
        ("template=newsletter", "template"),
        ("per_page=1000", "per_page"),
    ] {
        let (status, p) = app
            .get(&format!("/api/v1/admin/emails?{query}"), &admin)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {p}");
        assert!(p["errors"][field].is_array(), "{query}: {p}");
    }
    for role in ["viewer", "operator"] {
        let (_, token) = app.admin_with_role(&root, role).await;
        let (status, p) = app.get("/api/v1/admin/emails", &token).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}: {p}");
    }
});

both_backends_with!(
    a_stopped_process_s_mails_are_claimed_again_after_their_lease,
    |backend| {
        let sink = SmtpSink::start().await;
        let mut app = TestApp::spawn_with(
            backend,
            mail_settings(Some(&sink), &[("LATCHKEY_EMAIL_MAX_ATTEMPTS", "3")]),
        )
        .await
        .unwrap();
        let root = app.root_token().await;
        let pid = product(&app, &root, "Leased", false).await;
        let mut customers = Vec::new();
        for who in ["expired", "last", "held"] {
            let email = format!("{who}@example.com");
            customers.push((assign(&app, &root, &pid, &email, None).await, email));
        }
        // As a process that stopped mid-send leaves them: claimed, the lease over or not.
        let now = latchkey::db::time::now();
        let minute = chrono::Duration::minutes(1);
        {
            let mut conn = app.state.pool.get().unwrap();
            for ((id, email), (attempts, lease_end)) in customers.iter().zip([
                (1i64, now - minute),
                (3, now - minute),
                (1, now + minute * 10),
            ]) {
                outbox::enqueue(
                    &mut conn,
                    Template::PasswordChanged,
                    email,
                    Some(id),
                    json!({}),
                )
                .unwrap();
                diesel::update(o::email_outbox.filter(o::to_email.eq(email)))
                    .set((
                        o::status.eq("sending"),
                        o::attempts.eq(attempts),
                        o::next_attempt_at.eq(lease_end),
                    ))
                    .execute(&mut conn)
                    .unwrap();
            }
        }
        app.start_email_worker();
        sink.wait_for(1).await;
        let mut done = Vec::new();
        for _ in 0..1200 {
            done = rows(&app);
            if done.iter().filter(|r| r.status != "sending").count() == 2 {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let by = |email: &str| done.iter().find(|r| r.to_email == email).unwrap().clone();
        let expired = by("expired@example.com");
        assert_eq!((expired.status.as_str(), expired.attempts), ("sent", 2));
        let last = by("last@example.com");
        assert_eq!((last.status.as_str(), last.attempts), ("failed", 4));
        assert_eq!(
            last.last_error.as_deref(),
            Some("the last attempt did not finish (the process delivering it stopped)")
        );
        let held = by("held@example.com");
        assert_eq!(
            (held.status.as_str(), held.attempts),
            ("sending", 1),
            "a lease that still runs is left alone"
        );
        let got = sink.received();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].rcpt_to, ["expired@example.com"]);
    }
);

both_backends_with!(
    mail_log_lines_name_the_delivery_never_the_recipient,
    |backend| {
        let sink = SmtpSink::refusing(1).await;
        let app = TestApp::spawn(backend).await.unwrap();
        let root = app.root_token().await;
        let pid = product(&app, &root, "Discreet", true).await;
        let customer = assign(&app, &root, &pid, "private.person@example.com", None).await;
        let log = app.db.dir.path().join("mail.log");
        let url = sink.url();
        let worker = ServerProcess::start_logging(
            &app.db,
            &[
                ("LATCHKEY_SMTP_URL", url.as_str()),
                ("LATCHKEY_EMAIL_POLL_MS", "20"),
                ("LATCHKEY_EMAIL_RETRY_BASE_SECS", "1"),
                ("LATCHKEY_LOG", "info"),
                ("LATCHKEY_LOG_FORMAT", "json"),
            ],
            Some(&log),
        );
        // Refused once (the reply quotes the address), then delivered.
        sink.wait_for(1).await;
        worker.stop();
        let delivery = outbox_ids(&app, &customer);
        let text = std::fs::read_to_string(&log).unwrap();
        assert!(
            text.contains("email not delivered; will try again") && text.contains("email sent"),
            "{text}"
        );
        assert!(
            text.contains(&delivery[0]),
            "the lines name the delivery: {text}"
        );
        assert!(
            !text.contains("private.person"),
            "the recipient's address is in the log: {text}"
        );
        assert!(
            text.contains("<recipient>"),
            "the refusal is kept, masked: {text}"
        );
    }
);

fn outbox_ids(app: &TestApp, customer: &str) -> Vec<String> {
    let mut conn = app.state.pool.get().unwrap();
    o::email_outbox
        .filter(o::customer_id.eq(customer))
        .select(o::id)
        .load(&mut conn)
        .unwrap()
}
