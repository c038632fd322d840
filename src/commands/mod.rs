//! The platform-free command layer: one catalogue, parsing and validation, and handlers that
//! turn a [`Command`] into a reply (data). Adapters only parse platform input into `Command`
//! and render replies.

pub mod catalogue;
mod command;
pub mod parse;

pub use catalogue::{Access, CATALOGUE, CommandSpec};
pub use command::{Board, Command, ExportKind, FunnelPeriod, Money, Window};
pub use parse::{ParseError, TextInput, parse_text};

#[cfg(test)]
mod tests;
