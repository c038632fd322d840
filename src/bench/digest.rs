//! The weekly digest of the same-sized community with a short (N events) and a long (≈10N
//! events, the ingest phase's stream) history: its cost should follow the week, not the
//! history.

use std::time::Instant;

use serde_json::{Value, json};

use super::ingest::{Ingested, in_week, stream, week};
use super::{Plan, median_ms, now, ratio};
use crate::digest::Digest;
use crate::engine::Rules;
use crate::ingest::{advance_community, apply_batch};
use crate::store::{CommunityId, Store};

/// Builds of each digest timed (alternating, after one warm-up each).
const BUILDS: usize = 5;

/// The median time of the digest of the week before [`now`] for each community (timed in
/// turns, after one warm-up build each), and the warm-up builds.
pub async fn time_digests(store: &Store, communities: [CommunityId; 2]) -> anyhow::Result<([f64; 2], [Digest; 2])> {
    let rules = Rules::default();
    let period = week();
    let mut times = [Vec::new(), Vec::new()];
    let mut first = Vec::new();
    for round in 0..=BUILDS {
        for (i, community) in communities.into_iter().enumerate() {
            let t = Instant::now();
            let digest = crate::digest::build(store, community, period, &rules, chrono_tz::UTC, now()).await?;
            if round == 0 {
                first.push(digest);
            } else {
                times[i].push(t.elapsed());
            }
        }
    }
    let [a, b] = times;
    let [x, y]: [Digest; 2] = first.try_into().map_err(|_| anyhow::anyhow!("two warm-up digests"))?;
    Ok(([median_ms(a), median_ms(b)], [x, y]))
}

/// Ingests `events` (one community's) through the real ingest in batches of 1000 and settles
/// its referrals up to [`now`].
pub async fn ingest_all(store: &Store, events: &[crate::domain::Envelope]) -> anyhow::Result<CommunityId> {
    let rules = Rules::default();
    for chunk in events.chunks(1000) {
        apply_batch(store, &rules, chunk).await?;
    }
    let community = store.community_id(&events[0].community).await?;
    advance_community(store, &rules, community, now()).await?;
    Ok(community)
}

pub async fn run(store: &Store, plan: &Plan, long: &Ingested) -> anyhow::Result<Value> {
    let events = stream("bench-short", plan.members, plan.short_weeks);
    eprintln!("  digest: a {}-event history…", events.len());
    let short = ingest_all(store, &events).await?;

    let ([short_ms, long_ms], _) = time_digests(store, [short, long.community]).await?;
    Ok(json!({
        "period": week().to_string(),
        "short_history_events": events.len(),
        "short_week_events": in_week(&events),
        "long_history_events": long.events,
        "long_week_events": long.week_events,
        "history_ratio": ratio(long.events as f64, events.len() as f64),
        "short_ms": short_ms,
        "long_ms": long_ms,
        "ratio_long_vs_short": ratio(long_ms, short_ms),
        "target_ratio_long_vs_short": 1.5,
    }))
}
