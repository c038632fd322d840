//! Fake platform servers for tests and benchmarks.
//!
//! They listen on 127.0.0.1 only and speak enough of the real protocols for the unmodified
//! platform clients (serenity/poise, teloxide) to run against them.

pub mod discord;
