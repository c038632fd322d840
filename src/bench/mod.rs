//! `snowball-bench`: measures snowball at community scale against baselines in the same run
//! (these machines are noisy; ratios within one run are what count) and prints JSON.
//!
//! - [`ingest`]: a mixed event stream through the group-commit writer vs the same rows written
//!   raw in the same batches into a bare table vs one autocommitted write per event;
//! - [`leaderboard`]: top 10 + own rank from the projection vs aggregating the value log, at a
//!   small and a large member count;
//! - [`digest`]: the weekly digest with N vs 10N events of history, both ingested;
//! - [`digest_scale`]: the same at the size (1M members, 1M vs 10M rows of bulk-seeded
//!   history, the same week ingested into both);
//! - [`commands`]: `/me` and `/leaderboard` end to end against the fake Discord at scale;
//! - [`joins`]: a join burst through the attribution engine, on the simulator;
//! - [`memory`]: peak RSS of what `snowball run` holds for members and invites, and bytes per
//!   idle community (measured in a child process so earlier phases do not count).

pub mod commands;
pub mod digest;
pub mod digest_scale;
pub mod ingest;
pub mod joins;
pub mod leaderboard;
pub mod memory;

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};

use crate::domain::Ts;
use crate::store::Store;

/// How big a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Size {
    /// Seconds; for the smoke test.
    Tiny,
    /// A few minutes on 2 cores (the default).
    Small,
    /// The leaderboard and memory sizes (1M members); tens of minutes.
    Medium,
    /// The ingest and digest sizes too (1M events ingested, 10M of history); hours.
    Large,
}

/// The knobs each size sets.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The mixed stream: a demo community of this many members over `history_weeks`.
    pub members: u32,
    /// Weeks of the long history (≈ 10 × the short one's events).
    pub history_weeks: u32,
    /// Weeks of the short history.
    pub short_weeks: u32,
    /// Events written one autocommit at a time (a sample; the rate is what counts).
    pub autocommit_sample: usize,
    /// Leaderboard member counts (small, large) and value exchanges per member.
    pub board_members: (i64, i64),
    pub exchanges_per_member: i64,
    /// Leaderboard requests timed per variant.
    pub board_requests: usize,
    /// Members and invites held in memory; idle communities.
    pub memory_members: usize,
    pub memory_invites: usize,
    pub idle_communities: usize,
    /// Events per ingest batch (`database.batch_max_events`).
    pub batch_events: usize,
    /// The digest at scale: members, and rows of bulk-seeded history of the long community
    /// (the short one has a tenth).
    pub digest_scale: (i64, i64),
}

impl Size {
    pub fn plan(self) -> Plan {
        match self {
            Size::Tiny => Plan {
                members: 200,
                history_weeks: 10,
                short_weeks: 1,
                autocommit_sample: 200,
                board_members: (200, 2_000),
                exchanges_per_member: 10,
                board_requests: 5,
                memory_members: 2_000,
                memory_invites: 200,
                idle_communities: 200,
                batch_events: crate::config::DatabaseConfig::default().batch_max_events,
                digest_scale: (2_000, 20_000),
            },
            Size::Small => Plan {
                members: 3_000,
                history_weeks: 40,
                short_weeks: 4,
                autocommit_sample: 5_000,
                board_members: (10_000, 100_000),
                exchanges_per_member: 10,
                board_requests: 30,
                memory_members: 100_000,
                memory_invites: 10_000,
                idle_communities: 10_000,
                batch_events: crate::config::DatabaseConfig::default().batch_max_events,
                digest_scale: (100_000, 1_000_000),
            },
            Size::Medium => Plan {
                members: 20_000,
                history_weeks: 40,
                short_weeks: 4,
                autocommit_sample: 20_000,
                board_members: (10_000, 1_000_000),
                exchanges_per_member: 10,
                board_requests: 30,
                memory_members: 1_000_000,
                memory_invites: 100_000,
                idle_communities: 10_000,
                batch_events: crate::config::DatabaseConfig::default().batch_max_events,
                digest_scale: (1_000_000, 10_000_000),
            },
            // Medium's sizes with a 10 × larger ingested stream.
            Size::Large => Plan { members: 200_000, ..Size::Medium.plan() },
        }
    }
}

/// The fixed "now" of every run: Wednesday 2026-11-25 12:00 UTC.
pub fn now() -> Ts {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).single().expect("a valid date")
}

/// Events (or requests) per second.
pub fn rate(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64().max(1e-9)
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `a / b`, 0 when `b` is 0 (so the JSON never holds a non-finite number).
pub fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 || !a.is_finite() || !b.is_finite() { 0.0 } else { a / b }
}

/// The median of some durations, in milliseconds.
pub fn median_ms(mut v: Vec<Duration>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort();
    ms(v[v.len() / 2])
}

/// The `p` quantile (0..=1) of some durations, in milliseconds.
pub fn quantile_ms(mut v: Vec<Duration>, p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort();
    let i = ((v.len() - 1) as f64 * p).round() as usize;
    ms(v[i.min(v.len() - 1)])
}

/// Times `f` once.
pub async fn timed<T, F: Future<Output = T>>(f: F) -> (T, Duration) {
    let t = Instant::now();
    let out = f.await;
    (out, t.elapsed())
}

/// Everything one backend measured (with `leaderboard_only`, only the leaderboard: for a quick
/// before/after of a change there).
pub async fn run_backend(store: &Store, plan: &Plan, leaderboard_only: bool) -> anyhow::Result<Value> {
    if leaderboard_only {
        return Ok(json!({ "leaderboard": leaderboard::run(store, plan).await? }));
    }
    let ingest = ingest::run(store, plan).await?;
    let digest = digest::run(store, plan, &ingest).await?;
    let leaderboard = leaderboard::run(store, plan).await?;
    Ok(json!({ "ingest": ingest.json, "digest": digest, "leaderboard": leaderboard }))
}
