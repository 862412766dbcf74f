//! The mails' words: a subject, a plain-text body and an HTML body for each template.
//! Everything that comes from data (names, product names, links) is HTML-escaped in the
//! HTML part and stripped of line breaks in the subject.

use crate::outbox::Template;

/// What a mail says, filled in from the outbox row when it is delivered.
#[derive(Debug, Clone, Default)]
pub struct MailContext<'a> {
    /// The portal's public address, without a trailing slash.
    pub public_url: &'a str,
    pub customer_name: Option<&'a str>,
    pub product_name: Option<&'a str>,
    /// The single-use link token (invitation, password reset, magic link).
    pub token: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// One paragraph of a mail, with an optional button: the same words in both parts.
struct Body {
    greeting: String,
    paragraphs: Vec<String>,
    action: Option<(String, String)>,
    footer: Vec<String>,
}

pub fn render(template: Template, ctx: &MailContext<'_>) -> Rendered {
    let public = ctx.public_url.trim_end_matches('/');
    let greeting = match ctx.customer_name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => format!("Hello {name},"),
        None => "Hello,".to_string(),
    };
    let product = ctx.product_name.map(str::trim).filter(|p| !p.is_empty());
    let link = |page: &str| format!("{public}/portal/{page}#token={}", ctx.token.unwrap_or(""));
    let forgot = format!("{public}/portal/forgot-password");
    let not_you =
        format!("If this wasn't you, reset your password now: {forgot} — and contact the vendor.");
    let (subject, body) = match template {
        Template::Invitation => (
            match product {
                Some(p) => format!("Your {p} license: set up your account"),
                None => "Set up your customer portal account".to_string(),
            },
            Body {
                greeting,
                paragraphs: vec![
                    match product {
                        Some(p) => format!("A license for {p} has been issued to you."),
                        None => "An account in the customer portal has been created for you."
                            .to_string(),
                    },
                    "Set a password to see your licenses and manage the devices that use them. The link expires in 7 days and works once.".to_string(),
                ],
                action: Some(("Set up your account".into(), link("accept-invitation"))),
                footer: vec!["If you did not expect this mail, you can ignore it.".into()],
            },
        ),
        Template::LicenseAssigned => (
            match product {
                Some(p) => format!("{p}: a license was added to your account"),
                None => "A license was added to your account".to_string(),
            },
            Body {
                greeting,
                paragraphs: vec![match product {
                    Some(p) => format!("A license for {p} was added to your account."),
                    None => "A license was added to your account.".to_string(),
                }, "Sign in to the customer portal to see its key and the devices that use it.".into()],
                action: Some(("Open the customer portal".into(), format!("{public}/portal"))),
                footer: vec![],
            },
        ),
        Template::MagicLink => (
            "Your sign-in link".to_string(),
            Body {
                greeting,
                paragraphs: vec![
                    "Use this link to sign in to the customer portal. It expires in 15 minutes and works once.".into(),
                ],
                action: Some(("Sign in".into(), link("magic-link"))),
                footer: vec!["If you did not ask for it, you can ignore this mail: nobody can sign in without the link.".into()],
            },
        ),
        Template::PasswordReset => (
            "Reset your password".to_string(),
            Body {
                greeting,
                paragraphs: vec![
                    "Someone asked to reset the password of your customer portal account. Choose a new password with this link. It expires in 1 hour and works once.".into(),
                ],
                action: Some(("Choose a new password".into(), link("reset-password"))),
                footer: vec!["If you did not ask for it, you can ignore this mail: your password stays as it is.".into()],
            },
        ),
        Template::PasswordChanged => (
            "Your password was changed".to_string(),
            Body {
                greeting,
                paragraphs: vec![
                    "The password of your customer portal account was just changed, and your other sessions were signed out.".into(),
                    not_you,
                ],
                action: None,
                footer: vec![],
            },
        ),
        Template::TwoFactorEnabled => (
            "Two-factor authentication was turned on".to_string(),
            Body {
                greeting,
                paragraphs: vec![
                    "Two-factor authentication was turned on for your customer portal account: signing in now also asks for a code from your authenticator app.".into(),
                    not_you,
                ],
                action: None,
                footer: vec![],
            },
        ),
    };
    finish(subject, body)
}

/// The message `POST /admin/settings/email/test` sends.
pub fn render_test(public_url: &str) -> Rendered {
    finish(
        "Latchkey test message".to_string(),
        Body {
            greeting: "Hello,".into(),
            paragraphs: vec![format!(
                "This is a test message from the Latchkey server at {}. Mail delivery works.",
                public_url.trim_end_matches('/')
            )],
            action: None,
            footer: vec![],
        },
    )
}

fn finish(subject: String, body: Body) -> Rendered {
    let mut text = format!("{}\n\n", body.greeting);
    let mut html = String::from(
        "<!doctype html>\n<html><body style=\"font-family: sans-serif; line-height: 1.5; color: #1f2937\">\n",
    );
    html.push_str(&format!("<p>{}</p>\n", escape(&body.greeting)));
    for p in &body.paragraphs {
        text.push_str(p);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>\n", linkify(p)));
    }
    if let Some((label, url)) = &body.action {
        text.push_str(&format!("{label}: {url}\n\n"));
        html.push_str(&format!(
            "<p><a href=\"{u}\" style=\"display: inline-block; padding: 10px 16px; background: #2563eb; color: #ffffff; text-decoration: none; border-radius: 6px\">{l}</a></p>\n\
             <p style=\"font-size: 13px; color: #6b7280\">Or copy this address into your browser: {u}</p>\n",
            u = escape(url),
            l = escape(label)
        ));
    }
    for f in &body.footer {
        text.push_str(f);
        text.push_str("\n\n");
        html.push_str(&format!(
            "<p style=\"font-size: 13px; color: #6b7280\">{}</p>\n",
            escape(f)
        ));
    }
    html.push_str("</body></html>\n");
    Rendered {
        subject: one_line(&subject),
        text: text.trim_end().to_string() + "\n",
        html,
    }
}

/// Escaped text whose `http(s)://…` words become links.
fn linkify(paragraph: &str) -> String {
    paragraph
        .split(' ')
        .map(|word| {
            if word.starts_with("http://") || word.starts_with("https://") {
                format!("<a href=\"{0}\">{0}</a>", escape(word))
            } else {
                escape(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Control characters (line breaks above all) would let a product name start new headers.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx<'a>(name: Option<&'a str>, product: Option<&'a str>) -> MailContext<'a> {
        MailContext {
            public_url: "https://licenses.example.com/",
            customer_name: name,
            product_name: product,
            token: Some("tok_ABC-123"),
        }
    }

    #[test]
    fn links_are_built_from_the_public_url_with_the_token_in_the_fragment() {
        for (template, page) in [
            (Template::Invitation, "accept-invitation"),
            (Template::PasswordReset, "reset-password"),
            (Template::MagicLink, "magic-link"),
        ] {
            let r = render(template, &ctx(None, None));
            let url = format!("https://licenses.example.com/portal/{page}#token=tok_ABC-123");
            assert!(r.text.contains(&url), "{template:?}: {}", r.text);
            assert!(
                r.html.contains(&format!("href=\"{url}\"")),
                "{template:?}: {}",
                r.html
            );
        }
    }

    #[test]
    fn subjects_and_expiry_lines() {
        let r = render(Template::Invitation, &ctx(Some("Ann"), Some("Acme Pro")));
        assert_eq!(r.subject, "Your Acme Pro license: set up your account");
        assert!(r.text.starts_with("Hello Ann,\n"));
        assert!(r
            .text
            .contains("A license for Acme Pro has been issued to you."));
        assert_eq!(
            render(Template::Invitation, &ctx(None, None)).subject,
            "Set up your customer portal account"
        );
        let r = render(Template::LicenseAssigned, &ctx(None, Some("Acme Pro")));
        assert_eq!(r.subject, "Acme Pro: a license was added to your account");
        assert!(r.text.contains("https://licenses.example.com/portal\n"));
        assert!(!r.text.contains("token"), "no link token in this mail");
        let r = render(Template::MagicLink, &ctx(None, None));
        assert_eq!(r.subject, "Your sign-in link");
        assert!(r.text.contains("expires in 15 minutes"));
        let r = render(Template::PasswordReset, &ctx(None, None));
        assert_eq!(r.subject, "Reset your password");
        assert!(r.text.contains("expires in 1 hour"));
    }

    #[test]
    fn security_alerts_point_to_the_password_reset_page() {
        for (template, subject) in [
            (Template::PasswordChanged, "Your password was changed"),
            (
                Template::TwoFactorEnabled,
                "Two-factor authentication was turned on",
            ),
        ] {
            let r = render(template, &ctx(Some("Ann"), None));
            assert_eq!(r.subject, subject);
            assert!(
                r.text.contains("If this wasn't you, reset your password now: https://licenses.example.com/portal/forgot-password"),
                "{}",
                r.text
            );
            assert!(r
                .html
                .contains("<a href=\"https://licenses.example.com/portal/forgot-password\">"));
            assert!(!r.text.contains("tok_ABC"), "alerts carry no token");
        }
    }

    #[test]
    fn names_and_products_are_escaped_in_html_and_kept_to_one_line_in_subjects() {
        let r = render(
            Template::Invitation,
            &ctx(
                Some("<script>alert('x')</script> & Co"),
                Some("Pro \"<b>\"\r\nBcc: victim@example.com"),
            ),
        );
        assert!(
            r.html
                .contains("Hello &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co,"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<script>"));
        assert!(!r.html.contains("<b>"));
        assert!(r.html.contains("Pro &quot;&lt;b&gt;&quot;"));
        assert!(!r.subject.contains('\n') && !r.subject.contains('\r'));
        assert_eq!(
            r.subject,
            "Your Pro \"<b>\"  Bcc: victim@example.com license: set up your account"
        );
        // The plain-text part is text: nothing to escape.
        assert!(r
            .text
            .starts_with("Hello <script>alert('x')</script> & Co,"));
    }

    #[test]
    fn a_blank_name_greets_without_one() {
        let r = render(Template::MagicLink, &ctx(Some("  "), None));
        assert!(r.text.starts_with("Hello,\n"));
    }
}
