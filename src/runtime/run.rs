//! `snowball run`: the store, the writer, each platform with a token, the digest scheduler and
//! the metrics endpoint, until SIGTERM/SIGINT (or the caller's stop token); then a clean
//! shutdown that flushes every queued event.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::{Platforms, supervise};
use crate::app::App;
use crate::clock::Clock;
use crate::commands::PlatformOps;
use crate::config::Config;
use crate::store::{Store, redact_url};

/// A platform adapter that has started: its operations (for commands and the scheduler) and
/// the task that runs it until the stop token is cancelled.
pub struct Running {
    pub ops: Arc<dyn PlatformOps>,
    pub task: JoinHandle<()>,
}

/// How long shutdown waits for the platforms to stop before it flushes the writer anyway.
const PLATFORM_STOP_GRACE: Duration = Duration::from_secs(10);

/// Runs the bot until `stop` is cancelled. Tests call this with a fake platform's URL in the
/// configuration; the binary calls it with a token cancelled by SIGTERM/SIGINT.
pub async fn run(config: Config, clock: Arc<dyn Clock>, stop: CancellationToken) -> anyhow::Result<()> {
    if !config.discord_enabled() && !config.telegram_enabled() {
        anyhow::bail!(
            "no platform is configured: set DISCORD_TOKEN and/or TELOXIDE_TOKEN (or discord.token / telegram.token in the \
             configuration file)"
        );
    }
    let Some(store) = connect_with_retry(&config, &stop).await? else { return Ok(()) };
    tracing::info!(database = %redact_url(&config.database.url), backend = ?store.backend(), "store ready");
    let (app, writer) = App::start(config, store.clone(), clock);
    if let Err(e) = app.preload_settings().await {
        crate::telemetry::log_error_chain(
            "could not load community settings; using defaults until the database answers",
            &e,
        );
    }

    let http = start_http(&app, &stop).await?;

    let mut platforms = Platforms::default();
    let mut tasks = Vec::new();
    if app.config.discord_enabled() {
        let running = crate::discord::start(app.clone(), stop.clone()).await.context("starting Discord")?;
        platforms.insert(running.ops);
        tasks.push(running.task);
    }
    if app.config.telegram_enabled() {
        let running = crate::telegram::start(app.clone(), stop.clone()).await.context("starting Telegram")?;
        platforms.insert(running.ops);
        tasks.push(running.task);
    }

    let scheduler = {
        let (app, platforms, stop) = (app.clone(), platforms.clone(), stop.clone());
        supervise("scheduler", stop.clone(), move || {
            crate::scheduler::run(app.clone(), platforms.clone(), stop.clone())
        })
    };

    let housekeeping = {
        let (app, stop) = (app.clone(), stop.clone());
        supervise("housekeeping", stop.clone(), move || super::housekeeping::run(app.clone(), stop.clone()))
    };

    stop.cancelled().await;
    tracing::info!("shutting down: stopping the platforms, then writing every queued event");
    for task in tasks {
        if tokio::time::timeout(PLATFORM_STOP_GRACE, task).await.is_err() {
            tracing::warn!("a platform did not stop within {PLATFORM_STOP_GRACE:?}; flushing anyway");
        }
    }
    let _ = scheduler.await;
    let _ = housekeeping.await;
    if let Err(e) = app.ingest.flush().await {
        crate::telemetry::log_error_chain("the last events could not be written", &e);
    }
    if let Some(h) = http {
        let _ = h.await;
    }
    drop(platforms);
    drop(app);
    // The writer ends once every handle to it is gone, after writing what is queued.
    if tokio::time::timeout(PLATFORM_STOP_GRACE, writer).await.is_err() {
        tracing::warn!("the writer did not finish in time; a handle is still alive");
    }
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Opens the store, retrying with backoff while the database is unreachable (a bot started
/// before its database must not crash). A configuration error fails at once. `None` when
/// stopped while waiting.
async fn connect_with_retry(config: &Config, stop: &CancellationToken) -> anyhow::Result<Option<Store>> {
    let mut backoff = Duration::from_millis(500);
    loop {
        match Store::connect_warm(
            &config.database.url,
            config.database.min_connections,
            config.database.max_connections,
        )
        .await
        {
            Ok(store) => return Ok(Some(store)),
            Err(e @ crate::store::StoreError::Config(_)) => return Err(e.into()),
            Err(e) => {
                crate::telemetry::log_error_chain(
                    &format!(
                        "the database at {} is unreachable; retrying in {backoff:?}",
                        redact_url(&config.database.url)
                    ),
                    &e,
                );
            }
        }
        tokio::select! {
            () = tokio::time::sleep(backoff) => {}
            () = stop.cancelled() => return Ok(None),
        }
        backoff = (backoff * 2).min(Duration::from_secs(30));
    }
}

async fn start_http(app: &Arc<App>, stop: &CancellationToken) -> anyhow::Result<Option<JoinHandle<()>>> {
    let listen = app.config.http.listen.trim();
    if listen.is_empty() {
        return Ok(None);
    }
    let addr =
        listen.parse().with_context(|| format!("http.listen: `{listen}` is not an address like 127.0.0.1:9090"))?;
    let stop = stop.clone();
    let (_, handle) =
        crate::observe::http::serve(
            addr,
            app.metrics.clone(),
            app.store.clone(),
            async move { stop.cancelled().await },
        )
        .await
        .with_context(|| format!("binding the metrics endpoint on {listen}"))?;
    Ok(Some(handle))
}

/// A token cancelled on SIGTERM or SIGINT (Ctrl-C).
pub fn shutdown_on_signals() -> CancellationToken {
    let stop = CancellationToken::new();
    let token = stop.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("signal received");
        token.cancel();
    });
    stop
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
