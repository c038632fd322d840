//! A simulator of Discord join streams with ground truth (who really invited whom): bursts of
//! simultaneous joins, single-use and limited invites, vanity and Discovery joins, deletes
//! racing joins, rejoins and self-invites, late gateway events, failed fetches and bot
//! downtime. Seeded: the same scenario always yields the same stream.
//!
//! - [`Scenario`]: the knobs ([`Scenario::presets`] for the report, [`Scenario::random`] for
//!   property tests);
//! - [`generate`]: the world's [`Timeline`];
//! - [`run_ours`] / [`run_naive`]: our resolver vs the common tracker algorithm;
//! - [`Score`]: correct / wrong / ambiguous / unknown and fetches per join.

mod bots;
mod cursor;
mod scenario;
mod score;
mod world;

pub use bots::{Run, run_naive, run_ours};
pub use cursor::WorldCursor;
pub use scenario::{Scenario, Weights};
pub use score::{Score, credited};
pub use world::{Change, Gateway, Timeline, Truth, generate};

/// Generates the scenario and scores both algorithms on it: `(ours, naive)`.
pub fn compare(scenario: &Scenario, config: &crate::engine::attribution::discord::ResolverConfig) -> (Score, Score) {
    let tl = generate(scenario);
    let ours = Score::of(&tl, &run_ours(&tl, config));
    let naive = Score::of(&tl, &run_naive(&tl));
    (ours, naive)
}
