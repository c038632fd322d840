//! The local HTTP endpoint: `/metrics` (Prometheus) and `/healthz`. Off unless
//! `http.listen` is set.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;

use super::Metrics;
use crate::store::Store;

#[derive(Clone)]
struct Ctx {
    metrics: Arc<Metrics>,
    store: Store,
}

/// Binds and serves until the task is dropped or `shutdown` resolves. Returns the bound address
/// (useful with port 0).
pub async fn serve(
    addr: SocketAddr,
    metrics: Arc<Metrics>,
    store: Store,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    let app = Router::new()
        .route("/metrics", get(metrics_text))
        .route("/healthz", get(healthz))
        .with_state(Ctx { metrics, store });
    let handle = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
            tracing::error!(error = %e, "metrics endpoint stopped");
        }
    });
    tracing::info!(%bound, "serving /metrics and /healthz");
    Ok((bound, handle))
}

async fn metrics_text(State(ctx): State<Ctx>) -> impl IntoResponse {
    ([("content-type", "text/plain; version=0.0.4")], ctx.metrics.render())
}

async fn healthz(State(ctx): State<Ctx>) -> impl IntoResponse {
    let db = tokio::time::timeout(std::time::Duration::from_secs(2), ctx.store.ping()).await;
    let db_ok = matches!(db, Ok(Ok(())));
    let platforms = ctx.metrics.platforms();
    let platforms_ok = platforms.iter().all(|(_, up)| *up);
    let body = serde_json::json!({
        "database": if db_ok { "ok" } else { "unreachable" },
        "platforms": platforms.iter().map(|(p, up)| (p.to_string(), if *up { "connected" } else { "disconnected" })).collect::<std::collections::BTreeMap<_, _>>(),
    });
    let status = if db_ok && platforms_ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, axum::Json(body))
}
