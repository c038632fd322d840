//! Attribution: who brought whom, with honest confidence.
//!
//! - [`discord`]: invite-use diffing that never presents a guess as a fact;
//! - [`telegram`]: exact attribution from named invite links;
//! - quality rules ([`assess_quality`]) and referral status, counts and the referral tree
//!   ([`referrals`]);
//! - [`simulator`]: join streams with ground truth, to test the Discord model and compare it
//!   with the common tracker algorithm.

pub mod discord;
mod quality;
pub mod referrals;
pub mod simulator;
pub mod telegram;

pub use quality::assess_quality;
