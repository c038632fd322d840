//! The digest scheduler: each community's digest at its own weekday and time, in its own time
//! zone, posted exactly once per period (claimed in the database first).

mod due;

pub use due::{latest_due, local_instant, next_due};
