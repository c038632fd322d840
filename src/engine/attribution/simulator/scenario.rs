//! The knobs of a simulated community: how often things happen and how the bot sees them.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Relative weights of the actions the world takes.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    /// One person joins.
    pub join: f64,
    /// Several people join within `burst_spread_ms`.
    pub burst: f64,
    /// A member creates an invite (single-use ones are often used soon after).
    pub create: f64,
    /// A member deletes one of their invites.
    pub delete: f64,
    /// Someone joins through an invite that its owner deletes a moment later.
    pub race: f64,
    /// A member leaves (and may rejoin later).
    pub leave: f64,
}

/// One simulated community and how the bot observes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub seed: u64,
    pub duration_ms: u64,
    /// Mean time between actions.
    pub mean_gap_ms: u64,
    pub initial_members: usize,
    pub initial_invites: usize,
    pub campaigns: usize,
    pub vanity: bool,
    pub weights: Weights,
    /// Of the joins not through a burst-shared invite: share through the vanity URL…
    pub p_vanity: f64,
    /// …and with no invite at all (Discovery, an app directory, a friend's "join" button).
    pub p_discovery: f64,
    /// A join is a former member coming back.
    pub p_rejoin: f64,
    /// A join is a former member coming back through their own invite.
    pub p_self_invite: f64,
    /// New invites: single-use, limited (5 or 10 uses), expiring within hours.
    pub p_single_use: f64,
    pub p_limited: f64,
    pub p_expiring: f64,
    /// A burst's joins all use one shared invite.
    pub p_burst_same_invite: f64,
    pub burst_max: usize,
    pub burst_spread_ms: u64,
    /// Gateway events arrive up to this late (the model needs it below `settle_ms`).
    pub max_delay_ms: u64,
    /// A fetch takes between these; the server reads the list at a random moment inside.
    pub fetch_latency_ms: (u64, u64),
    /// A fetch fails (and is retried).
    pub p_fetch_error: f64,
    /// Times the bot goes offline (events meanwhile are lost).
    pub downtimes: usize,
    pub downtime_ms: (u64, u64),
    /// After a downtime the bot re-fetches a baseline at once (else it diffs against the
    /// stored, untrusted one).
    pub resync_on_start: bool,
}

impl Default for Scenario {
    fn default() -> Self {
        Self {
            name: "default".into(),
            seed: 1,
            duration_ms: 6 * 3_600_000,
            mean_gap_ms: 60_000,
            initial_members: 60,
            initial_invites: 25,
            campaigns: 2,
            vanity: true,
            weights: Weights { join: 45.0, burst: 6.0, create: 14.0, delete: 6.0, race: 4.0, leave: 8.0 },
            p_vanity: 0.08,
            p_discovery: 0.15,
            p_rejoin: 0.08,
            p_self_invite: 0.03,
            p_single_use: 0.3,
            p_limited: 0.15,
            p_expiring: 0.3,
            p_burst_same_invite: 0.5,
            burst_max: 10,
            burst_spread_ms: 1_500,
            max_delay_ms: 800,
            fetch_latency_ms: (40, 400),
            p_fetch_error: 0.01,
            downtimes: 0,
            downtime_ms: (60_000, 1_800_000),
            resync_on_start: true,
        }
    }
}

impl Scenario {
    /// The named scenarios of the comparison report.
    pub fn presets() -> Vec<Scenario> {
        let base = Scenario::default();
        vec![
            Scenario {
                name: "steady".into(),
                mean_gap_ms: 180_000,
                weights: Weights { join: 60.0, burst: 0.0, create: 10.0, delete: 3.0, race: 0.0, leave: 6.0 },
                p_single_use: 0.1,
                p_limited: 0.05,
                ..base.clone()
            },
            Scenario {
                name: "launch-day bursts".into(),
                mean_gap_ms: 30_000,
                weights: Weights { join: 30.0, burst: 25.0, create: 10.0, delete: 3.0, race: 1.0, leave: 4.0 },
                burst_max: 15,
                ..base.clone()
            },
            Scenario {
                name: "single-use invites".into(),
                p_single_use: 0.85,
                p_limited: 0.1,
                weights: Weights { join: 35.0, burst: 4.0, create: 35.0, delete: 4.0, race: 2.0, leave: 6.0 },
                ..base.clone()
            },
            Scenario {
                name: "deletes racing joins".into(),
                weights: Weights { join: 35.0, burst: 4.0, create: 15.0, delete: 10.0, race: 25.0, leave: 6.0 },
                ..base.clone()
            },
            Scenario { name: "vanity and discovery".into(), p_vanity: 0.35, p_discovery: 0.3, ..base.clone() },
            Scenario {
                name: "bot downtime".into(),
                downtimes: 3,
                resync_on_start: false,
                p_fetch_error: 0.05,
                ..base.clone()
            },
            Scenario { name: "mixed".into(), ..base },
        ]
    }

    /// A random scenario (for property tests): every knob drawn from a wide range.
    pub fn random(seed: u64) -> Scenario {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_5eed);
        let w = |rng: &mut ChaCha8Rng, hi: f64| rng.random_range(0.0..hi);
        Scenario {
            name: format!("random-{seed}"),
            seed,
            duration_ms: rng.random_range(600_000..3 * 3_600_000),
            mean_gap_ms: rng.random_range(5_000..240_000),
            initial_members: rng.random_range(3..80),
            initial_invites: rng.random_range(0..30),
            campaigns: rng.random_range(0..4),
            vanity: rng.random_bool(0.5),
            weights: Weights {
                join: 5.0 + w(&mut rng, 60.0),
                burst: w(&mut rng, 25.0),
                create: w(&mut rng, 30.0),
                delete: w(&mut rng, 12.0),
                race: w(&mut rng, 15.0),
                leave: w(&mut rng, 10.0),
            },
            p_vanity: rng.random_range(0.0..0.4),
            p_discovery: rng.random_range(0.0..0.4),
            p_rejoin: rng.random_range(0.0..0.2),
            p_self_invite: rng.random_range(0.0..0.1),
            p_single_use: rng.random_range(0.0..0.9),
            p_limited: rng.random_range(0.0..0.3),
            p_expiring: rng.random_range(0.0..0.5),
            p_burst_same_invite: rng.random_range(0.0..1.0),
            burst_max: rng.random_range(2..20),
            burst_spread_ms: rng.random_range(100..4_000),
            max_delay_ms: rng.random_range(0..1_400),
            fetch_latency_ms: (rng.random_range(5..100), rng.random_range(100..900)),
            p_fetch_error: rng.random_range(0.0..0.1),
            downtimes: rng.random_range(0..3),
            downtime_ms: (30_000, 900_000),
            resync_on_start: rng.random_bool(0.5),
        }
    }
}
