# Latchkey — `make run` starts the server with the web app on SQLite; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO   ?= cargo
NPM     ?= npm
BIN     := target/debug/latchkey
FRONT   := frontend
DEPS    := $(FRONT)/node_modules/.deps-installed

.PHONY: help run serve build frontend openapi test lint fmt-check clippy test-backend test-frontend e2e fuzz bench fmt clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

run: frontend build ## Build the web app and the server, then serve on SQLite (data/latchkey.db)
	@echo ""
	@echo "  Latchkey: http://$${LATCHKEY_BIND:-127.0.0.1:8080}/admin  (API docs: /api/docs)"
	@echo "  First start: the bootstrap admin's email and password are printed below (look for 'Bootstrap admin created')."
	@echo "  (Without a terminal they go to data/initial-admin-password instead.)"
	@echo ""
	LATCHKEY_STATIC_DIR=$(FRONT)/dist $(BIN) serve

build: ## Build the server (debug profile, dependencies optimised)
	$(CARGO) build --bin latchkey

$(DEPS): $(FRONT)/package.json $(FRONT)/package-lock.json
	cd $(FRONT) && $(NPM) ci --no-audit --no-fund
	@touch $@

frontend: $(DEPS) ## Install the web app's packages and build it into frontend/dist
	cd $(FRONT) && $(NPM) run build

openapi: $(DEPS) ## Regenerate openapi/openapi.json and the TypeScript client from the code
	$(CARGO) run -q --bin latchkey -- openapi > openapi/openapi.json
	cd $(FRONT) && $(NPM) run gen:api

test: lint test-backend test-frontend e2e fuzz ## Everything CI runs: format, lint, backend on SQLite+PostgreSQL, frontend, browser e2e, API fuzzing
	@echo "make test: all checks passed"

lint: fmt-check clippy

fmt-check:
	$(CARGO) fmt --all --check

clippy:
	$(CARGO) clippy --all-targets -- -D warnings

test-backend: ## Backend tests on SQLite and (with LATCHKEY_TEST_POSTGRES_URL) PostgreSQL, incl. the OpenAPI drift test
	@if [ -z "$$LATCHKEY_TEST_POSTGRES_URL" ] && [ -n "$$CI" ] && [ "$$CI" != 0 ] && [ "$$CI" != false ]; then \
	  echo "CI is set but LATCHKEY_TEST_POSTGRES_URL is not: refusing to skip the PostgreSQL tests" >&2; exit 1; \
	fi
	@if [ -z "$$LATCHKEY_TEST_POSTGRES_URL" ]; then \
	  echo "################################################################################"; \
	  echo "##  WARNING: LATCHKEY_TEST_POSTGRES_URL is not set: PostgreSQL tests are SKIPPED. ##"; \
	  echo "##  e.g. LATCHKEY_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres   ##"; \
	  echo "################################################################################"; \
	fi
	$(CARGO) test --workspace

test-frontend: $(DEPS) ## Typed-client drift check, typecheck, lint and unit tests of the web app
	cd $(FRONT) && $(NPM) run check:api && $(NPM) run typecheck && $(NPM) run lint && $(NPM) test

e2e: frontend build ## Initial-JS budget of the built web app, then browser end-to-end tests (system Chromium) against the real binary
	cd $(FRONT) && $(NPM) run check:bundle
	cd $(FRONT) && LATCHKEY_BIN=../$(BIN) $(NPM) run e2e

fuzz: build ## Schema-driven fuzzing (schemathesis, pinned) of every operation against the spec: no 5xx, every answer as documented
	scripts/fuzz-api.sh $(BIN)

bench: ## Benchmarks (release build): batch creation, CSV import, the customer list and every admin list and detail (1M seeded customers), licensing validation under wrk load (in process and as an operator), and the CSV export of 1M licenses (alone and beside validation), on SQLite and PostgreSQL
	@if [ -z "$$LATCHKEY_TEST_POSTGRES_URL" ]; then echo "WARNING: LATCHKEY_TEST_POSTGRES_URL is not set: PostgreSQL is skipped"; fi
	@command -v wrk >/dev/null 2>&1 || { echo "installing wrk (Debian package) for the licensing benchmark"; apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; }; }
	$(CARGO) bench -p latchkey --bench bulk
	$(CARGO) bench -p latchkey --bench customers
	$(CARGO) bench -p latchkey --bench admin
	$(CARGO) bench -p latchkey --bench licensing
	$(CARGO) bench -p latchkey --bench export

fmt: ## Format the Rust code
	$(CARGO) fmt --all

clean: ## Remove build outputs (keeps data/)
	$(CARGO) clean
	rm -rf $(FRONT)/dist $(FRONT)/node_modules
