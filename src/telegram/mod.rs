//! The Telegram adapter (teloxide): updates in, domain events and commands out, replies
//! rendered as HTML.

pub mod render;
