//! The Telegram adapter end to end: the real `snowball run` with the real teloxide client,
//! polling the fake Bot API on 127.0.0.1, writing to a fresh SQLite store.

#[path = "telegram_adapter/attribution.rs"]
mod attribution;
#[path = "telegram_adapter/commands.rs"]
mod commands;
#[path = "telegram_adapter/crash.rs"]
mod crash;
#[path = "telegram_adapter/events.rs"]
mod events;
#[path = "telegram_adapter/support.rs"]
mod support;
#[path = "telegram_adapter/value.rs"]
mod value;
