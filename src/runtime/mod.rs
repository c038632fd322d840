//! Running snowball: platform tasks under supervision, the scheduler, the metrics endpoint
//! and a clean shutdown on SIGTERM/SIGINT.

mod supervise;

pub use supervise::supervise;
