//! Property tests of the Discord model over the simulator: 2000 seeded join streams (every
//! knob drawn at random), and not one wrong attribution: every `exact` matches the ground
//! truth, every `ambiguous` holds it, every delivered join is answered once. The share of
//! joins resolved `exact` is printed (`cargo test --test attribution_simulated -- --nocapture`)
//! and reported in docs/attribution.md.

use snowball::engine::attribution::discord::ResolverConfig;
use snowball::engine::attribution::simulator::{Scenario, Score, generate, run_naive, run_ours};

fn config_for(s: &Scenario, window_ms: u64, max_wait_ms: u64) -> ResolverConfig {
    // The model's one assumption: gateway events are less than `settle_ms` late.
    let settle_ms = ResolverConfig::default().settle_ms.max(s.max_delay_ms + 1);
    ResolverConfig { window_ms, settle_ms, max_wait_ms, ..ResolverConfig::default() }
}

/// Runs the seeds; panics on the first wrong attribution.
fn check(seeds: std::ops::Range<u64>) {
    let cases = seeds.end - seeds.start;
    let mut ours_total = Score::default();
    let mut naive_total = Score::default();
    for seed in seeds {
        let scenario = Scenario::random(seed);
        let window = [200, 800, 1500, 3000][(seed % 4) as usize];
        // Short budgets answer from incomplete chains, long ones resolve long chains.
        let max_wait = [2_000, 6_000, 60_000][(seed / 4 % 3) as usize];
        let tl = generate(&scenario);
        let ours = Score::of(&tl, &run_ours(&tl, &config_for(&scenario, window, max_wait)));
        assert!(ours.never_wrong(), "seed {seed} ({scenario:?}): {ours}");
        ours_total.merge(&ours);
        naive_total.merge(&Score::of(&tl, &run_naive(&tl)));
    }
    eprintln!("ours over {cases} streams:  {ours_total}");
    eprintln!("naive over {cases} streams: {naive_total}");
    eprintln!("share resolved exact: {:.1} %", ours_total.exact_pct());
    assert!(ours_total.joins > cases * 10, "the streams have joins: {ours_total}");
    assert!(ours_total.exact > ours_total.joins / 5, "{ours_total}");
    // The comparison only means something if the naive tracker does go wrong on these streams.
    assert!(naive_total.wrong > 0);
}

#[test]
fn no_wrong_attribution_on_streams_0_to_999() {
    check(0..1000);
}

#[test]
fn no_wrong_attribution_on_streams_1000_to_1999() {
    check(1000..2000);
}

/// The named scenarios of the report, a few seeds each.
#[test]
fn no_wrong_attribution_on_the_report_scenarios() {
    for preset in Scenario::presets() {
        for seed in 0..3 {
            let s = Scenario { seed: 10_000 + seed, ..preset.clone() };
            let tl = generate(&s);
            let ours = Score::of(&tl, &run_ours(&tl, &ResolverConfig::default()));
            assert!(ours.never_wrong(), "{} seed {seed}: {ours}", s.name);
        }
    }
}

#[test]
fn the_simulator_is_deterministic() {
    let s = Scenario::random(77);
    let (a, b) = (generate(&s), generate(&s));
    assert_eq!(a.deliveries, b.deliveries);
    assert_eq!(a.changes, b.changes);
    let c = ResolverConfig::default();
    assert_eq!(Score::of(&a, &run_ours(&a, &c)), Score::of(&b, &run_ours(&b, &c)));
}

/// With fetches that do not fail, every join is answered within `max_wait_ms` of its event, in
/// bursts too (the wait is simulated time: deterministic).
#[test]
fn answers_come_within_the_wait_budget() {
    let config = ResolverConfig::default();
    for preset in Scenario::presets() {
        for seed in 0..3 {
            let s = Scenario { seed: 20_000 + seed, p_fetch_error: 0.0, downtimes: 0, ..preset.clone() };
            let tl = generate(&s);
            let run = run_ours(&tl, &config);
            assert_eq!(run.resolved_at.len(), tl.delivered_joins(), "{}: every join answered", s.name);
            let longest = run.resolved_at.iter().zip(&run.received_at).map(|(t, r)| t - r).max().unwrap_or(0);
            assert!(longest <= config.max_wait_ms, "{} seed {seed}: a join waited {longest} ms", s.name);
            // And the budget is used: bursts are not answered one fetch at a time.
            if s.name.contains("burst") {
                assert!(longest > config.settle_ms, "{}: {longest} ms", s.name);
            }
        }
    }
}
