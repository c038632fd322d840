//! Periodic work that no platform event triggers: settling what time alone changes (referrals
//! that stayed long enough become validated, which can make their inviter an ambassador) and
//! the data retention of raw events.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::app::App;

/// How often referrals that fell due are settled for quiet communities.
pub const SETTLE_EVERY: Duration = Duration::from_secs(5 * 60);
/// How often old raw events are pruned (when `privacy.retain_events_days` is set).
pub const PRUNE_EVERY: Duration = Duration::from_secs(6 * 60 * 60);

/// One pass: settle, then prune if retention is configured. Errors are logged, never fatal.
pub async fn pass(app: &App, prune: bool) {
    let now = app.clock.now();
    match app.ingest.advance_time(now).await {
        Ok(a) if a.transitions > 0 => tracing::info!(transitions = a.transitions, "referrals settled"),
        Ok(_) => {}
        Err(e) => crate::telemetry::log_error_chain("settling referrals failed; will retry", &e),
    }
    let days = app.config.privacy.retain_events_days;
    if prune && days > 0 {
        let before = now - chrono::Duration::days(i64::from(days));
        match app.store.prune_events(before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, days, "raw events past the retention period deleted"),
            Err(e) => crate::telemetry::log_error_chain("pruning old events failed; will retry", &e),
        }
    }
}

/// Runs [`pass`] every [`SETTLE_EVERY`] (pruning every [`PRUNE_EVERY`]) until `stop`.
pub async fn run(app: Arc<App>, stop: CancellationToken) -> anyhow::Result<()> {
    let mut last_prune: Option<tokio::time::Instant> = None;
    loop {
        let prune = last_prune.is_none_or(|t| t.elapsed() >= PRUNE_EVERY);
        pass(&app, prune).await;
        if prune {
            last_prune = Some(tokio::time::Instant::now());
        }
        tokio::select! {
            () = tokio::time::sleep(SETTLE_EVERY) => {}
            () = stop.cancelled() => return Ok(()),
        }
    }
}
