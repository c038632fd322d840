//! The engine: pure, platform-free logic over domain types. No serenity, teloxide or SQL here.

pub mod attribution;
mod rules;

pub use rules::Rules;
