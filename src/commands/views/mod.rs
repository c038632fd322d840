//! Localised views of engine data: the digest, member profiles, leaderboards and the funnel,
//! as [`Rendered`](super::Rendered) replies in English or Hebrew.

mod digest;
mod funnel;
mod leaderboard;
mod profile;
mod words;

pub use digest::digest;
pub use funnel::funnel;
pub use leaderboard::leaderboard;
pub use profile::profile;
pub use words::{num, signed};
