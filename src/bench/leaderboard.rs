//! `/leaderboard helpers all` (top 10 + the viewer's rank) read from the `leaderboard_scores`
//! projection vs aggregated from the value log at each request (the peers' way), at a small and
//! a large member count with the same exchanges per member.

use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use super::{Plan, median_ms, now, quantile_ms, ratio};
use crate::domain::{CommunityKey, UserId};
use crate::engine::leaderboard::{Board, Period};
use crate::store::{CommunityId, Store};

/// First user id of the seeded members.
pub(crate) const FIRST: UserId = 1_000_000;

/// A community of `members` members and `members × per_member` thanks, the givers skewed (a
/// few members help a lot, most rarely), and a projection that agrees with it.
async fn seed(store: &Store, name: &str, members: i64, per_member: i64) -> anyhow::Result<CommunityId> {
    seed_community(store, &CommunityKey::demo(name), members, per_member).await
}

/// [`seed`] for any community; the members' user ids start at [`FIRST`].
pub(crate) async fn seed_community(
    store: &Store,
    key: &CommunityKey,
    members: i64,
    per_member: i64,
) -> anyhow::Result<CommunityId> {
    let community = store.community_id(key).await?;
    let mut rng = ChaCha8Rng::seed_from_u64(members as u64);
    let n = members * per_member;
    let mut given = vec![0_i64; usize::try_from(members)?];
    let mut exchanges = Vec::with_capacity(usize::try_from(n)?);
    let t0 = now().timestamp_millis() - 365 * 86_400_000;
    for i in 0..n {
        // Skewed: squaring a uniform draw favours low indices.
        let u: f64 = rng.random();
        let giver = ((u * u) * members as f64) as i64;
        let receiver = rng.random_range(0..members);
        given[usize::try_from(giver)?] += 1;
        exchanges.push((FIRST + giver, FIRST + receiver, t0 + i * 1_000));
        if exchanges.len() == 100_000 {
            store.bench_seed_exchanges(community, &exchanges).await?;
            exchanges.clear();
        }
    }
    store.bench_seed_exchanges(community, &exchanges).await?;
    store.bench_seed_members(community, FIRST, members, |u| given[usize::try_from(u - FIRST).unwrap_or(0)]).await?;
    Ok(community)
}

/// Times `requests` projection reads and a few aggregations for random viewers.
async fn measure(store: &Store, community: CommunityId, members: i64, requests: usize) -> anyhow::Result<Value> {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let viewers: Vec<UserId> = (0..requests).map(|_| FIRST + rng.random_range(0..members)).collect();
    // Warm-up.
    store.leaderboard(community, Board::Helpers, Period::All, now(), viewers[0], 10).await?;
    let mut projection: Vec<Duration> = Vec::new();
    let mut check = None;
    for v in &viewers {
        let t = Instant::now();
        let board = store.leaderboard(community, Board::Helpers, Period::All, now(), *v, 10).await?;
        projection.push(t.elapsed());
        check.get_or_insert(board);
    }
    let aggregations = (requests / 10).clamp(2, 5);
    let mut aggregated: Vec<Duration> = Vec::new();
    let mut agg_check = None;
    for v in viewers.iter().take(aggregations) {
        let t = Instant::now();
        let out = store.bench_leaderboard_by_aggregation(community, *v, 10).await?;
        aggregated.push(t.elapsed());
        agg_check.get_or_insert(out);
    }
    // Both ways agree on the top 10 (else the comparison is meaningless).
    let top_projection: Vec<(UserId, i64)> =
        check.map(|b| b.rows.iter().map(|r| (r.user, r.score)).collect()).unwrap_or_default();
    let top_aggregated = agg_check.map(|(top, _)| top).unwrap_or_default();
    let (p50, p99, agg) = (median_ms(projection.clone()), quantile_ms(projection, 0.99), median_ms(aggregated));
    Ok(json!({
        "members": members,
        "projection_p50_ms": p50,
        "projection_p99_ms": p99,
        "aggregation_median_ms": agg,
        "aggregation_vs_projection": ratio(agg, p50),
        "top10_agree": top_projection == top_aggregated,
    }))
}

pub async fn run(store: &Store, plan: &Plan) -> anyhow::Result<Value> {
    let (small, large) = plan.board_members;
    eprintln!("  leaderboard: seeding {small} and {large} members…");
    let small_id = seed(store, "bench-board-small", small, plan.exchanges_per_member).await?;
    let large_id = seed(store, "bench-board-large", large, plan.exchanges_per_member).await?;
    store.bench_settle().await?;
    let s = measure(store, small_id, small, plan.board_requests).await?;
    let l = measure(store, large_id, large, plan.board_requests).await?;
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap_or(0.0);
    Ok(json!({
        "exchanges_per_member": plan.exchanges_per_member,
        "small": s,
        "large": l,
        "large_vs_small_projection_p50": ratio(f(&l, "projection_p50_ms"), f(&s, "projection_p50_ms")),
        "aggregation_vs_projection_at_large": f(&l, "aggregation_vs_projection"),
        "target_aggregation_vs_projection": 100.0,
        "target_large_vs_small": 2.0,
    }))
}
