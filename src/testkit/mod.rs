//! Test support shared by the crate's tests, integration tests and benchmarks: fake platform
//! servers (Discord, Telegram) on 127.0.0.1 that the real serenity/poise and teloxide clients
//! talk to, a recording [`PlatformOps`](crate::commands::PlatformOps), and a TCP proxy that takes a
//! database down for one test.

pub mod discord;
pub mod ops;
pub mod picture;
pub mod tcp_proxy;
pub mod telegram;
