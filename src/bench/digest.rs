//! The weekly digest of the same-sized community with a short (N events) and a long (≈10N
//! events, the ingest phase's stream) history: its cost should follow the week, not the
//! history.

use std::time::Instant;

use serde_json::{Value, json};

use super::ingest::{Ingested, in_week, stream, week};
use super::{Plan, median_ms, now, ratio};
use crate::engine::Rules;
use crate::ingest::{advance_community, apply_batch};
use crate::store::Store;

/// Builds of each digest timed (alternating, after one warm-up each).
const BUILDS: usize = 5;

pub async fn run(store: &Store, plan: &Plan, long: &Ingested) -> anyhow::Result<Value> {
    let rules = Rules::default();
    let events = stream("bench-short", plan.members, plan.short_weeks);
    eprintln!("  digest: a {}-event history…", events.len());
    for chunk in events.chunks(1000) {
        apply_batch(store, &rules, chunk).await?;
    }
    let short = store.community_id(&events[0].community).await?;
    advance_community(store, &rules, short, now()).await?;

    let period = week();
    let tz = chrono_tz::UTC;
    let mut times = (Vec::new(), Vec::new());
    for round in 0..=BUILDS {
        for (community, out) in [(short, &mut times.0), (long.community, &mut times.1)] {
            let t = Instant::now();
            crate::digest::build(store, community, period, &rules, tz, now()).await?;
            if round > 0 {
                out.push(t.elapsed());
            }
        }
    }
    let (short_ms, long_ms) = (median_ms(times.0), median_ms(times.1));
    Ok(json!({
        "period": period.to_string(),
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
