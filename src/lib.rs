//! snowball: a self-hosted Discord and Telegram community bot.
//!
//! Layers (see README's architecture section):
//! - [`domain`]: platform-free types (events, members, attribution, value, stages);
//! - `engine`: pure logic (attribution, value ledger, funnel, impact return, digest);
//! - [`store`]: the event log and projections on SQLite or PostgreSQL;
//! - [`ingest`]: the single writer that batches events into the store (group commit);
//! - adapters for Discord and Telegram that only parse and render.

pub mod cli;
pub mod config;
pub mod domain;
pub mod engine;
pub mod ingest;
pub mod store;
pub mod telemetry;
pub mod testkit;
