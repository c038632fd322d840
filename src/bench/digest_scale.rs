//! The weekly digest at the size: two communities of the same `members`, one with a
//! history of N rows and one with 10 N (bulk-seeded: see `store::bench_history`), and the same
//! two weeks of activity (the digest's week and the one it is compared with) ingested into both
//! through the real ingest. The digest's cost should follow those weeks, not the history — and
//! the week's figures must come out the same in both.

use serde_json::{Value, json};

use super::ingest::{stream, week};
use super::ratio;
use crate::digest::Digest;
use crate::domain::CommunityKey;
use crate::store::bench_history::History;
use crate::store::{CommunityId, Store};

/// Members of the last two weeks' demo stream (new members on top of the seeded ones).
const WEEK_MEMBERS: u32 = 3_000;
/// Weeks of seeded history before the two weeks.
const HISTORY_WEEKS: i64 = 40;

/// The week's figures that must not depend on the history before it.
fn week_figures(d: &Digest) -> Value {
    json!({
        "members": d.members.value,
        "joins": d.growth.joins.value,
        "leaves": d.growth.leaves.value,
        "messages": d.activity.messages.value,
        "active_members": d.activity.active_members.value,
        "moves": d.moves.len(),
        "top_helpers": d.top_helpers.len(),
    })
}

/// Seeds one community with `rows` rows of history and ingests the last two weeks into it.
async fn community(store: &Store, name: &str, members: i64, rows: i64) -> anyhow::Result<(CommunityId, Value)> {
    let (start, _) = week().previous().bounds(chrono_tz::UTC);
    let key = CommunityKey::demo(name);
    let id = store.community_id(&key).await?;
    let history = History {
        members,
        rows,
        from: (start - chrono::Duration::weeks(HISTORY_WEEKS)).timestamp_millis(),
        until: start.timestamp_millis(),
        seed: 11,
    };
    eprintln!("  digest at scale: seeding {name} ({members} members, {rows} rows of history)…");
    let seeded = store.bench_seed_history(id, &history).await?;
    // As a deployment would have had since: planner statistics of the seeded tables.
    store.bench_settle().await?;
    let events: Vec<_> = stream("bench-digest-weeks", WEEK_MEMBERS, 2)
        .into_iter()
        .map(|mut e| {
            e.community = key.clone();
            e
        })
        .collect();
    super::digest::ingest_all(store, &events).await?;
    Ok((id, json!({ "seeded": seeded, "week_stream_events": events.len() })))
}

pub async fn run(store: &Store, members: i64, history_rows: i64) -> anyhow::Result<Value> {
    let (short, short_info) = community(store, "bench-digest-short", members, history_rows / 10).await?;
    let (long, long_info) = community(store, "bench-digest-long", members, history_rows).await?;
    store.bench_settle().await?;

    let ([short_ms, long_ms], [a, b]) = super::digest::time_digests(store, [short, long]).await?;
    let same = week_figures(&a) == week_figures(&b);
    Ok(json!({
        "period": week().to_string(),
        "members": members,
        "short": short_info,
        "long": long_info,
        "short_history_rows": history_rows / 10,
        "long_history_rows": history_rows,
        "week": week_figures(&b),
        "same_week_figures": same,
        "short_ms": short_ms,
        "long_ms": long_ms,
        "ratio_long_vs_short": ratio(long_ms, short_ms),
        "target_ratio_long_vs_short": 1.5,
    }))
}
