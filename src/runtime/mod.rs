//! Running snowball: platform tasks under supervision, the scheduler, the metrics endpoint
//! and a clean shutdown on SIGTERM/SIGINT.

pub mod housekeeping;
mod platforms;
mod run;
mod supervise;

pub use platforms::Platforms;
pub use run::{Running, run, shutdown_on_signals};
pub use supervise::supervise;
