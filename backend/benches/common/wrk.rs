//! Load from outside the server with `wrk` (Debian: `apt-get install wrk`; `make bench`
//! installs it), and the figures it prints.

use std::process::Command;

pub const CONNECTIONS: &str = "64";
pub const THREADS: &str = "2";

/// Picks a random pair per request, with a fresh nonce as the software sends one; the
/// pairs file is one `key<TAB>identifier` per line.
pub const VALIDATE_SCRIPT: &str = r#"
local pairs = {}
local file = os.getenv("LATCHKEY_BENCH_PAIRS")
for line in io.lines(file) do
  local key, identifier = line:match("([^\t]+)\t([^\t]+)")
  pairs[#pairs + 1] = '{"license_key":"' .. key .. '","identifier":"' .. identifier .. '","nonce":"'
end
math.randomseed(os.time())
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, pairs[math.random(#pairs)] .. n .. '-' .. math.random(1000000000) .. '"}')
end
"#;

/// What one wrk run measured.
pub struct Run {
    pub requests_per_sec: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub non_2xx: u64,
}

/// wrk's latency figures ("812.00us", "1.20ms", "2.01s") in milliseconds.
fn millis(text: &str) -> f64 {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (text, 1.0)
    };
    number.parse::<f64>().unwrap_or(f64::NAN) * factor
}

/// Runs wrk against `url` for `seconds`, with a Lua script and its pairs file.
pub fn wrk(url: &str, seconds: u64, script: Option<(&std::path::Path, &std::path::Path)>) -> Run {
    let mut cmd = Command::new("wrk");
    cmd.args([
        "-t",
        THREADS,
        "-c",
        CONNECTIONS,
        "-d",
        &format!("{seconds}s"),
        "--latency",
    ]);
    if let Some((script, pairs)) = script {
        cmd.arg("-s").arg(script).env("LATCHKEY_BENCH_PAIRS", pairs);
    }
    let out = cmd
        .arg(url)
        .output()
        .expect("run wrk (install it: apt-get install wrk)");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "wrk failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let field = |prefix: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(prefix))
            .map(|rest| rest.split_whitespace().next().unwrap_or("").to_string())
    };
    Run {
        requests_per_sec: field("Requests/sec:")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no Requests/sec in: {text}")),
        p50_ms: millis(&field("50%").expect("latency distribution")),
        p99_ms: millis(&field("99%").expect("latency distribution")),
        non_2xx: field("Non-2xx or 3xx responses:")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
    }
}
