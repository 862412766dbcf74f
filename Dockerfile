# syntax=docker/dockerfile:1
# Latchkey: one image with the server binary and the built web app.
#   docker build -t latchkey .
#   docker run -p 8080:8080 -v latchkey-data:/data -e LATCHKEY_SECRET_KEY="$(openssl rand -base64 48)" latchkey
# The cache mounts below need BuildKit (the default builder since Docker 23).

# --- 1. The web app (frontend/dist) ---------------------------------------------------------
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# --- 2. The server binary --------------------------------------------------------------------
FROM rust:1-bookworm AS backend
# pq-sys builds libpq from source (feature `bundled`) and links it against OpenSSL.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends pkg-config libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY backend/ backend/
# The binary embeds the migrations from ../migrations (relative to backend/).
COPY migrations/ migrations/
COPY openapi/ openapi/
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin latchkey \
 && cp target/release/latchkey /usr/local/bin/latchkey

# --- 3. Runtime ------------------------------------------------------------------------------
FROM debian:bookworm-slim
# libssl3: the bundled libpq links OpenSSL dynamically. curl: the health check.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 latchkey \
 && useradd --system --uid 10001 --gid latchkey --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin latchkey \
 && mkdir -p /data /app \
 && chown latchkey:latchkey /data
COPY --from=backend /usr/local/bin/latchkey /usr/local/bin/latchkey
COPY --from=frontend /src/frontend/dist /app/frontend/dist
WORKDIR /app
# Without LATCHKEY_SECRET_KEY the server generates one and keeps it in /data/secret.key.
ENV LATCHKEY_BIND=0.0.0.0:8080 \
    LATCHKEY_DATA_DIR=/data \
    LATCHKEY_DATABASE_URL=sqlite:///data/latchkey.db \
    LATCHKEY_STATIC_DIR=/app/frontend/dist \
    LATCHKEY_LOG_FORMAT=json
USER 10001:10001
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["latchkey"]
CMD ["serve"]
