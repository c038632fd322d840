//! A join burst (1,000 joins in 10 s through 50 invites) through our attribution engine on the
//! simulator: invite-list fetches per resolution window, the longest a join waited for its
//! answer, and how exact the answers are against the ground truth.

use serde_json::{Value, json};

use crate::config::AttributionConfig;
use crate::engine::attribution::discord::ResolverConfig;
use crate::engine::attribution::simulator::{Scenario, Score, Weights, generate, run_naive, run_ours};

/// The burst: joins only, each through one of the 50 invites, about one every 10 ms.
pub fn scenario() -> Scenario {
    Scenario {
        name: "join burst".into(),
        seed: 8,
        duration_ms: 10_000,
        mean_gap_ms: 10,
        initial_members: 200,
        initial_invites: 50,
        campaigns: 0,
        vanity: false,
        weights: Weights { join: 1.0, burst: 0.0, create: 0.0, delete: 0.0, race: 0.0, leave: 0.0 },
        p_vanity: 0.0,
        p_discovery: 0.0,
        p_rejoin: 0.0,
        p_self_invite: 0.0,
        p_single_use: 0.0,
        p_limited: 0.0,
        p_expiring: 0.0,
        downtimes: 0,
        p_fetch_error: 0.0,
        ..Scenario::default()
    }
}

pub fn run() -> Value {
    let tl = generate(&scenario());
    let config = ResolverConfig::from(&AttributionConfig::default());
    let ours = run_ours(&tl, &config);
    let score = Score::of(&tl, &ours);
    let naive = Score::of(&tl, &run_naive(&tl));
    // The wait from the join's event to the answer (what the bot controls), and from the join
    // itself (adds the gateway's delay).
    let mut waits: Vec<u64> = ours.resolved_at.iter().zip(&ours.received_at).map(|(t, r)| t - r).collect();
    waits.sort_unstable();
    let max_delay_ms = waits.last().copied().unwrap_or(0);
    let p99_delay_ms = waits.get(waits.len().saturating_sub(1) * 99 / 100).copied().unwrap_or(0);
    let max_since_join_ms = ours
        .answers
        .iter()
        .zip(&ours.resolved_at)
        .map(|((_, at, _), t)| (tl.wall(*t) - *at).num_milliseconds())
        .max()
        .unwrap_or(0);
    // The most fetches started within any one window's length.
    let w = config.window_ms;
    let times = &ours.fetch_times;
    let max_per_window =
        (0..times.len()).map(|i| times[i..].iter().take_while(|t| **t < times[i] + w).count()).max().unwrap_or(0);
    let joins = tl.delivered_joins();
    json!({
        "joins": joins,
        "invites": tl.scenario.initial_invites,
        "duration_ms": tl.scenario.duration_ms,
        "window_ms": w,
        "fetches": ours.fetches,
        "max_fetches_per_window": max_per_window,
        "naive_fetches": naive.fetches,
        "max_resolution_delay_ms": max_delay_ms,
        "p99_resolution_delay_ms": p99_delay_ms,
        "max_delay_since_join_ms": max_since_join_ms,
        "settle_ms": config.settle_ms,
        "max_gateway_delay_ms": tl.scenario.max_delay_ms,
        "correct_pct": score.correct_pct(),
        "exact_pct": score.exact_pct(),
        "ambiguous_pct": score.ambiguous_pct(),
        "unknown_pct": score.unknown_pct(),
        "wrong": score.wrong,
        "unanswered": score.unanswered,
        "naive_correct_pct": naive.correct_pct(),
        "naive_wrong": naive.wrong,
        "target_max_fetches_per_window": 1,
        "target_max_resolution_delay_ms": 2000,
    })
}
