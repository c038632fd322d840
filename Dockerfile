# syntax=docker/dockerfile:1
# Build: docker build -t snowball .
# Run:   docker run -e DISCORD_TOKEN=... -e TELOXIDE_TOKEN=... -v snowball-data:/data snowball
# Health: add -e SNOWBALL_HTTP__LISTEN=0.0.0.0:9090 -p 127.0.0.1:9090:9090 for /metrics and /healthz.
# Stop:  docker stop sends SIGTERM; snowball writes every queued event before it exits.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# Dependencies first, so code changes do not rebuild them.
COPY Cargo.toml Cargo.lock ./
# Every target the manifest declares must exist for it to parse: stub them all.
RUN mkdir -p src/bin benches migrations/sqlite migrations/postgres \
    && echo 'fn main() {}' > src/main.rs \
    && cp src/main.rs src/bin/attribution_report.rs && cp src/main.rs src/bin/snowball_bench.rs \
    && cp src/main.rs benches/throughput.rs && touch src/lib.rs \
    && cargo build --release --locked --bin snowball
COPY src ./src
COPY benches ./benches
COPY migrations ./migrations
# The chart's font is compiled in (include_bytes!).
COPY assets ./assets
RUN touch src/main.rs src/lib.rs && cargo build --release --locked --bin snowball \
    && strip target/release/snowball

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin snowball \
    && mkdir -p /data /etc/snowball && chown snowball /data
COPY --from=build /src/target/release/snowball /usr/local/bin/snowball
COPY config/snowball.example.toml /etc/snowball/snowball.example.toml
COPY assets/fonts/LICENSE-DejaVu.txt /usr/share/doc/snowball/LICENSE-DejaVu.txt
USER snowball
WORKDIR /data
VOLUME ["/data"]
# The embedded database lives on the volume; point SNOWBALL_DATABASE__URL at PostgreSQL to scale out.
ENV SNOWBALL_DATABASE__URL=sqlite:///data/snowball.db
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/snowball"]
CMD ["run"]
