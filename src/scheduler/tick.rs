//! The scheduler's loop: every `digest.check_interval_secs`, each community on a running
//! platform gets the digest of its latest due period, once (the claim in the database makes
//! that true across restarts and processes).

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::post::{PostError, Posted, post_digest};
use crate::app::App;
use crate::runtime::Platforms;
use crate::store::{StoreError, from_millis};

/// What one pass did for one community.
#[derive(Debug)]
pub struct TickOutcome {
    pub community: crate::domain::CommunityKey,
    pub result: Result<Posted, PostError>,
}

/// One pass over every community of every running platform, at the app clock's `now`.
///
/// Communities this process does not serve (guilds on other processes' shards) are left to
/// their own process. A community is skipped for a period whose posting time came before the bot first saw it
/// (no digest of a week it was not there for). After downtime only the latest due period is
/// posted, never a backlog.
pub async fn tick(app: &App, platforms: &Platforms) -> Result<Vec<TickOutcome>, StoreError> {
    let now = app.clock.now();
    let mut out = Vec::new();
    for (platform, ops) in platforms.iter() {
        for c in app.store.communities_on(platform).await? {
            // Another process (another Discord shard range) handles it.
            if !ops.serves(&c.key) {
                continue;
            }
            let Some(first) = c.first_event_ms.map(from_millis) else { continue };
            let settings = app.settings(c.id).await?;
            let schedule = settings.schedule(&app.config.digest);
            let (due, period) = super::latest_due(&schedule, now);
            if due < first {
                continue;
            }
            let result = post_digest(app, ops.as_ref(), &c.key, c.id, period, false).await;
            out.push(TickOutcome { community: c.key, result });
        }
    }
    Ok(out)
}

/// Runs [`tick`] every `digest.check_interval_secs` until `stop`. Errors are logged, never
/// fatal; a community without a digest channel is reported once per period, not every pass.
pub async fn run(app: Arc<App>, platforms: Platforms, stop: CancellationToken) -> anyhow::Result<()> {
    let every = Duration::from_secs(app.config.digest.check_interval_secs.max(1));
    let mut warned = std::collections::HashSet::new();
    loop {
        match tick(&app, &platforms).await {
            Ok(outcomes) => {
                for o in outcomes {
                    match o.result {
                        Ok(Posted::Posted { period }) => {
                            tracing::info!(community = %o.community, %period, "weekly digest posted");
                        }
                        Ok(Posted::AlreadyDone { .. }) => {}
                        Err(PostError::NoChannel) => {
                            if warned.insert(o.community.clone()) {
                                tracing::warn!(
                                    community = %o.community,
                                    "the weekly digest is due but no digest channel is set (a manager can run /settings digest_channel)"
                                );
                            }
                        }
                        Err(e) => crate::telemetry::log_error_chain(
                            &format!("posting the digest of {} failed; will retry", o.community),
                            &e,
                        ),
                    }
                }
            }
            Err(e) => crate::telemetry::log_error_chain("the digest scheduler cannot read the store; will retry", &e),
        }
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            () = stop.cancelled() => return Ok(()),
        }
    }
}
