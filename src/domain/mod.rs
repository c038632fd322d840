//! Domain types shared by the engine, the store and the platform adapters.
//!
//! Nothing in here knows about serenity, teloxide or SQL. The words follow the glossary in
//! `DESIGN.md`: community, member, role, invite, source, attribution, value exchange, stage,
//! transition, impact return, digest.

mod attribution;
mod community;
mod event;
mod forget;
mod member;
mod value;

pub use attribution::{Attribution, Confidence, JoinQuality, Source};
pub use community::{CommunityKey, CommunityKeyError, Platform};
pub use event::{CustomerSale, Envelope, Event, Join, Message, MessageSignals, Reaction, ReplyRef};
pub use forget::{Forgot, forget_in_source_id};
pub use member::{Activity, MemberRef, Role, Stage, UserId};
pub use value::{Origin, ValueKind};

/// Every timestamp in the domain is UTC.
pub type Ts = chrono::DateTime<chrono::Utc>;

/// A value that can be written as one lowercase word (for SQL columns, CSV and JSON).
pub trait Word: Sized + Copy + 'static {
    /// All values, in their natural order.
    const ALL: &'static [Self];
    fn word(self) -> &'static str;
    fn from_word(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.word() == s)
    }
}

/// Implements [`Word`], `Display` and `FromStr` for a fieldless enum from a list of
/// `Variant => "word"` pairs.
macro_rules! words {
    ($ty:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        impl $crate::domain::Word for $ty {
            const ALL: &'static [Self] = &[$($ty::$variant),+];
            fn word(self) -> &'static str {
                match self { $($ty::$variant => $word),+ }
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::domain::Word::word(*self))
            }
        }
        impl std::str::FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                <Self as $crate::domain::Word>::from_word(&s.trim().to_lowercase()).ok_or_else(|| {
                    let all: Vec<&str> = <Self as $crate::domain::Word>::ALL
                        .iter()
                        .map(|v| $crate::domain::Word::word(*v))
                        .collect();
                    format!("`{s}` is not one of: {}", all.join(", "))
                })
            }
        }
    };
}
pub(crate) use words;
