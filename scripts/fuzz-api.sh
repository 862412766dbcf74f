#!/usr/bin/env bash
# Schema-driven fuzzing of the API against its own spec (schemathesis, pinned): a fresh
# server on SQLite, a super-admin API key, then every operation of openapi/openapi.json.
# Fails on any 5xx and any answer the spec does not describe.
#
#   scripts/fuzz-api.sh [path/to/latchkey [schemathesis options]]   (default: target/debug/latchkey)
#
# Needs Python 3; installs schemathesis into target/schemathesis-venv on first use (from
# PyPI). The run itself talks only to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

REQUIREMENTS=scripts/fuzz-requirements.txt
BIN=${1:-target/debug/latchkey}
shift $(( $# > 0 ? 1 : 0 ))
SPEC=${FUZZ_SPEC:-openapi/openapi.json}
VENV=target/schemathesis-venv
SEED=${FUZZ_SEED:-20261207}
MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-30}

# The venv is rebuilt whenever the pinned requirements change.
stamp=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
  echo "$stamp" >"$VENV/.requirements"
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export LATCHKEY_DATABASE_URL="sqlite://$work/fuzz.db"
export LATCHKEY_DATA_DIR="$work/data"
export LATCHKEY_SECRET_KEY="fuzzing-secret-key-$(date +%s%N)-0123456789abcdef"
export LATCHKEY_BIND="127.0.0.1:$port"
# Limits that would turn the run into a test of the limiter.
export LATCHKEY_LICENSING_RATE_PER_KEY=0 LATCHKEY_LICENSING_RATE_PER_IP=0 LATCHKEY_LOGIN_MAX_FAILURES=0
export LATCHKEY_LINK_REQUESTS_PER_IP=0
export RUST_LOG=warn

"$BIN" migrate >/dev/null
password="Fuzz-$(date +%s%N)-password"
echo "$password" | "$BIN" admin create --email fuzz@example.com >/dev/null
"$BIN" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; [ -n "${FUZZ_KEEP:-}" ] || rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 50); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.2; done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
token=$(curl -fs -X POST "$base/api/v1/admin/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"fuzz@example.com\",\"password\":\"$password\"}" | json '["access_token"]')
key=$(curl -fs -X POST "$base/api/v1/admin/api-keys" -H "authorization: Bearer $token" \
  -H 'content-type: application/json' -d '{"name":"fuzz","role":"super_admin"}' | json '["secret"]')

# Revoking API keys is left out: the run finds its own key's id in the list and revokes it,
# and every later request is then refused. tests/api/api_keys.rs covers revocation.
# What must hold on every run (`make test`): no 5xx, every status, content type, header and
# body as the spec describes, and nothing the spec calls invalid accepted. With
# FUZZ_STRICT=1 also every request the spec calls valid accepted (`positive_data_acceptance`):
# the measure of the limits the spec does not state yet (see docs/architecture.md).
# One worker: with two, a CI run once died inside Hypothesis's own data generation
# ("Inconsistent results" drawing a coverage case for POST /admin/admins; it did not recur
# alone in six runs), most likely the two worker threads sharing strategies. It was no
# answer of the server, and one thread rules it out.
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection
if [ "${FUZZ_STRICT:-0}" = 1 ]; then checks="$checks,positive_data_acceptance"; fi
"$VENV/bin/schemathesis" run "$SPEC" --url "$base" \
  --header "Authorization: Bearer $key" --checks "$checks" \
  --phases examples,coverage,fuzzing --max-examples "$MAX_EXAMPLES" --seed "$SEED" \
  --workers 1 --suppress-health-check all --no-color \
  --exclude-name 'DELETE /api/v1/admin/api-keys/{id}' "$@"

# The operations a key may not use (a signed-in admin's own account, new keys and admins),
# again as the signed-in admin. Not sign-out (it would end the session the run uses), nor
# the mail settings (they would point the mail worker at whatever host the run made up).
"$VENV/bin/schemathesis" run "$SPEC" --url "$base" \
  --header "Authorization: Bearer $token" --checks "$checks" \
  --phases examples,coverage,fuzzing --max-examples "$MAX_EXAMPLES" --seed "$SEED" \
  --workers 1 --suppress-health-check all --no-color \
  --include-path-regex '^/api/v1/admin/(me(/.*)?|admins|api-keys)$' "$@"

# The customer's side, as a signed-in customer: a license assigned to them, a password set
# through the reset mail (written to DATA_DIR/outbox, there being no SMTP server), then the
# portal's own operations. Not sign-out (it would end the session the run uses).
api() { curl -fs -X "$1" "$base$2" -H "authorization: Bearer $key" -H 'content-type: application/json' -d "$3"; }
product=$(api POST /api/v1/admin/products '{"name":"Fuzz portal product"}' | json '["id"]')
license=$(api POST /api/v1/admin/licenses "{\"product_id\":\"$product\"}" | json '["id"]')
api POST "/api/v1/admin/licenses/$license/assign" '{"email":"customer@example.com","name":"Fuzz Customer"}' >/dev/null
curl -fs -X POST "$base/api/v1/portal/auth/password-reset" -H 'content-type: application/json' \
  -d '{"email":"customer@example.com"}' >/dev/null
reset_token=""
for _ in $(seq 1 100); do
  reset_token=$(python3 - "$LATCHKEY_DATA_DIR/outbox" <<'PY'
import email, pathlib, re, sys
for path in pathlib.Path(sys.argv[1]).glob("*.eml"):
    for part in email.message_from_bytes(path.read_bytes()).walk():
        if part.get_content_type() == "text/plain":
            found = re.search(r"reset-password#token=([A-Za-z0-9_-]+)", part.get_payload(decode=True).decode())
            if found:
                print(found.group(1))
PY
)
  [ -n "$reset_token" ] && break
  sleep 0.1
done
[ -n "$reset_token" ] || { echo "fuzz: no password-reset mail for the portal pass" >&2; exit 1; }
customer_password="Fuzz-$(date +%s%N)-customer"
curl -fs -X POST "$base/api/v1/portal/auth/password-reset/confirm" -H 'content-type: application/json' \
  -d "{\"token\":\"$reset_token\",\"password\":\"$customer_password\"}" >/dev/null
customer_token=$(curl -fs -X POST "$base/api/v1/portal/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"customer@example.com\",\"password\":\"$customer_password\",\"include_refresh_token\":true}" |
  json '["access_token"]')
"$VENV/bin/schemathesis" run "$SPEC" --url "$base" \
  --header "Authorization: Bearer $customer_token" --checks "$checks" \
  --phases examples,coverage,fuzzing --max-examples "$MAX_EXAMPLES" --seed "$SEED" \
  --workers 1 --suppress-health-check all --no-color \
  --include-path-regex '^/api/v1/portal/(activations|dashboard|licenses|me)(/.*)?$' "$@"
