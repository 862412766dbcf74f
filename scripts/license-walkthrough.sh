#!/usr/bin/env bash
# The walk-through of docs/licenses.md and docs/customers.md, runnable against a server:
#   LATCHKEY_URL=http://127.0.0.1:8080 LATCHKEY_EMAIL=… LATCHKEY_PASSWORD=… scripts/license-walkthrough.sh
# Needs curl and jq.
set -euo pipefail
B=${LATCHKEY_URL:-http://127.0.0.1:8080}
api() { curl -sS -H "Authorization: Bearer $T" -H 'Content-Type: application/json' "$@"; }

T=$(curl -sS "$B/api/v1/admin/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$LATCHKEY_EMAIL\",\"password\":\"$LATCHKEY_PASSWORD\"}" | jq -r .access_token)

echo "# 1. A product (3 activations per license, valid for a year from assignment)"
P=$(api "$B/api/v1/admin/products" -d '{"name":"Pro Editor","max_activations":3,"validity_days":365}')
echo "$P" | jq '{id, slug, max_activations, validity_days, key_id: .public_keys[0].key_id}'
PID=$(echo "$P" | jq -r .id)

echo "# 2. A key generator"
G=$(api "$B/api/v1/admin/products/$PID/generators" -d '{"name":"Retail","format":"chunks","prefix":"PRO-"}')
echo "$G" | jq '{id, format, entropy_bits, example}'
GID=$(echo "$G" | jq -r .id)

echo "# 3. Five licenses in one batch"
L=$(api "$B/api/v1/admin/licenses" -d "{\"generator_id\":\"$GID\",\"count\":5}")
echo "$L" | jq '{created, keys: [.licenses[].key]}'
mapfile -t IDS < <(echo "$L" | jq -r '.licenses[].id')

echo "# 4. Assign three to sarah@acme.com (the customer is created on the first)"
for id in "${IDS[@]:0:3}"; do
  api "$B/api/v1/admin/licenses/$id/assign" -d '{"email":"Sarah@Acme.com","name":"Sarah Chen"}' \
    | jq -c '{key, status, customer_email, expires_at}'
done

echo "# 5. The customer exists and has 3 licenses"
api "$B/api/v1/admin/licenses?search=sarah@acme.com" | jq '{total: .meta.total, customer_id: .data[0].customer_id}'
CID=$(api "$B/api/v1/admin/licenses?search=sarah@acme.com" | jq -r '.data[0].customer_id')

echo "# 6. She bought 5 but sees 3: bulk-assign the other two"
api "$B/api/v1/admin/licenses/bulk-assign" \
  -d "{\"license_ids\":[\"${IDS[3]}\",\"${IDS[4]}\"],\"email\":\"sarah@acme.com\"}" | jq '{assigned, customer_id}'
api "$B/api/v1/admin/licenses?customer_id=$CID" | jq '{total: .meta.total}'

echo "# 7. Her email changed: transfer all five to the new address"
for id in "${IDS[@]}"; do
  api "$B/api/v1/admin/licenses/$id/assign" -d '{"email":"sarah.chen@newco.io","keep_activations":true}' | jq -c '{key, customer_email}'
done
api "$B/api/v1/admin/licenses?customer_id=$CID" | jq '{old_address_total: .meta.total}'
api "$B/api/v1/admin/licenses?search=sarah.chen@newco.io" | jq '{new_address_total: .meta.total}'

echo "# 8. The Customers page: search 'sarah', sorted by name"
api "$B/api/v1/admin/customers?search=sarah&sort=name" | jq -c '.meta, (.data[] | {name, email, license_count})'
NEW=$(api "$B/api/v1/admin/customers?search=sarah.chen@newco.io" | jq -r '.data[0].id')

echo "# 9. The new account's page: counts, inventory (15 per page), timeline"
api "$B/api/v1/admin/customers/$NEW" | jq -c '{email, status, license_count, licenses_by_status, active_activations, password_set}'
api "$B/api/v1/admin/customers/$NEW/licenses" | jq -c '{meta, first: .data[0] | {key, product_name, status, expires_at, activations_used, max_activations}}'
api "$B/api/v1/admin/customers/$NEW/timeline?per_page=3" | jq -c '.data[] | {action, actor_kind, actor_name}'

echo "# 10. Quick actions: password reset mail, View as customer"
api -X POST "$B/api/v1/admin/customers/$NEW/password-reset" | jq -c .
PORTAL=$(api -X POST "$B/api/v1/admin/customers/$NEW/impersonate" | jq -r .token)
curl -s "$B/api/v1/portal/me" -H "Authorization: Bearer $PORTAL" | jq -c '{email, impersonated, read_only}'

echo "# 11. GDPR export of the new account"
api "$B/api/v1/admin/customers/$NEW/export" | jq -c '{email: .customer.email, licenses: (.licenses | length), events: (.timeline | length)}'

echo "# 12. Erase the old, now empty account; its email is gone from the list"
api -X DELETE "$B/api/v1/admin/customers/$CID" -d '{"confirm":"sarah@acme.com"}' | jq -c .
api "$B/api/v1/admin/customers?search=sarah@acme.com" | jq -c .meta
