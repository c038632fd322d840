//! The digest scheduler: each community's digest at its own weekday and time, in its own time
//! zone, posted exactly once per period (claimed in the database first).

mod due;
mod post;
mod tick;

pub use due::{latest_due, local_instant, next_due};
pub use post::{CLAIM_LEASE_MS, PostError, Posted, holder_id, post_digest, with_chart};
pub use tick::{TickOutcome, run, tick};
