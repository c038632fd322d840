//! snowball: a self-hosted Discord and Telegram community bot.
//!
//! Layers (see README's architecture section):
//! - [`domain`]: platform-free types (events, members, attribution, value, stages);
//! - `engine`: pure logic (attribution, value ledger, funnel, impact return, digest);
//! - [`store`]: the event log and projections on SQLite or PostgreSQL;
//! - [`ingest`]: the single writer that batches events into the store (group commit);
//! - adapters for Discord and Telegram that only parse and render;
//! - [`bench`]: `snowball-bench`, measurements at community scale (not used by the bot).

pub mod app;
pub mod bench;
pub mod chart;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod demo;
pub mod digest;
pub mod discord;
pub mod domain;
pub mod engine;
pub mod export;
pub mod i18n;
pub mod ingest;
pub mod observe;
pub mod runtime;
pub mod scheduler;
pub mod settings;
pub mod store;
pub mod telegram;
pub mod telemetry;
pub mod testkit;
