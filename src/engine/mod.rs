//! The engine: pure, platform-free logic over domain types. No serenity, teloxide or SQL here.

pub mod attribution;
pub mod digest;
pub mod funnel;
pub mod impact;
pub mod leaderboard;
pub mod ledger;
mod rules;

pub use rules::Rules;
