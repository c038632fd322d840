//! The value triangle ledger: reading messages for thanks and questions, turning acts into value
//! exchanges, and the anti-abuse rules that decide whether they count.

mod admission;
mod credit;
mod signals;

pub use admission::{Party, PastCredit, Refusal, admit};
pub use credit::{Credit, MAX_NOTE_CHARS, Replied, counts_as_reaction, from_manual, from_message, from_reaction};
pub use signals::{is_question, is_thanks, read_signals, strip_emoji_modifiers};
