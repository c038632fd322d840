//! The Discord adapter (serenity + poise): gateway events in, domain events and commands out,
//! replies rendered as embeds.

pub mod render;
