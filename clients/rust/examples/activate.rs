//! Activates this machine on a license, then validates it.
//!
//! ```text
//! cargo run -p latchkey-client --example activate -- \
//!     http://localhost:8080 <product-id> <key_id>=<base64-public-key>[,<key_id>=<key>…] <license-key> [identifier]
//! ```
//! Each argument may come from the environment instead: `LATCHKEY_URL`,
//! `LATCHKEY_PRODUCT_ID`, `LATCHKEY_PUBLIC_KEYS`, `LATCHKEY_LICENSE_KEY`,
//! `LATCHKEY_IDENTIFIER`. The identifier defaults to the host name.

use latchkey_client::{ActivateOptions, Answer, Client};

fn setting(args: &[String], index: usize, var: &str) -> Option<String> {
    args.get(index)
        .cloned()
        .or_else(|| std::env::var(var).ok())
        .filter(|s| !s.is_empty())
}

fn host_name() -> String {
    std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "this-machine".into())
}

fn show(step: &str, answer: &Answer) {
    println!(
        "{step}: {} ({}) {}",
        answer.code(),
        if answer.is_valid() {
            "valid"
        } else {
            "refused"
        },
        answer.result.detail
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage =
        "usage: activate <server-url> <product-id> <key_id=base64,…> <license-key> [identifier]";
    let url = setting(&args, 0, "LATCHKEY_URL").ok_or(usage)?;
    let product = setting(&args, 1, "LATCHKEY_PRODUCT_ID").ok_or(usage)?;
    let keys = setting(&args, 2, "LATCHKEY_PUBLIC_KEYS").ok_or(usage)?;
    let license_key = setting(&args, 3, "LATCHKEY_LICENSE_KEY").ok_or(usage)?;
    let identifier = setting(&args, 4, "LATCHKEY_IDENTIFIER").unwrap_or_else(host_name);

    let mut builder = Client::builder(url).product_id(product);
    for pair in keys.split(',') {
        let (key_id, public_key) = pair.split_once('=').ok_or("keys are key_id=base64")?;
        builder = builder.pin_key(key_id, public_key);
    }
    let client = builder.build()?;

    let options = ActivateOptions::default().platform(std::env::consts::OS);
    show(
        "activate",
        &client.activate(&license_key, &identifier, options).await?,
    );
    show(
        "validate",
        &client.validate(&license_key, Some(&identifier)).await?,
    );
    Ok(())
}
