//! Fake platform servers for tests and benchmarks: they run in-process on 127.0.0.1 and speak
//! the real wire protocol, so the real platform clients (teloxide, serenity) can be driven
//! against them without any network access.

pub mod telegram;
