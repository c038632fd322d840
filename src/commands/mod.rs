//! The platform-free command layer: one catalogue, parsing and validation, and handlers that
//! turn a [`Command`] into a reply (data). Adapters only parse platform input into `Command`
//! and render replies.

pub mod catalogue;
mod command;
pub mod handle;
mod handlers;
pub mod onboarding;
pub mod ops;
pub mod parse;
pub mod render;
pub mod views;

pub use catalogue::{Access, CATALOGUE, CommandSpec};
pub use command::{Board, Command, ExportKind, FunnelPeriod, Money, Period};
pub use handle::{Invocation, parse_error, run};
pub use ops::{InvitePurpose, PlatformError, PlatformOps, SetupCheck};
pub use parse::{ParseError, TextInput, parse_text};
pub use render::{Attachment, Line, Rendered, Section, Span, Tone};

#[cfg(test)]
mod tests;
