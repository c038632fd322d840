//! The Discord model: invite-use diffing done right.
//!
//! Discord never says which invite a member used. We keep a snapshot of every invite's uses
//! (and the vanity URL's), fetch the list once per window of joins, and explain the increases:
//! a join is credited only when every assignment of the window's joins to the observed uses
//! agrees on it. Otherwise it is `ambiguous` (every explanation credits a member: all are
//! recorded) or `unknown` (it may have come through Discovery, the vanity URL, a vanished
//! invite…; the members who might be credited are kept as candidates).
//!
//! - [`invites`]: invites, vanity, snapshots, code owners (campaigns, personal invites);
//! - `solve`: the feasibility core (which slots each join can have used);
//! - [`chain`]: observations → slots → attributions ([`diff_window`] for one window);
//! - [`machine`]: one community's windows and fetches, without I/O;
//! - [`resolver`]: the async per-community driver behind an [`InviteSource`].

pub mod chain;
pub mod invites;
pub mod machine;
pub mod resolver;
mod solve;

pub use chain::{Chain, ChainJoin, ChainOutcome, Observation, diff_window};
pub use invites::{CodeBook, CodeOwner, InviteInfo, InviteList, Label, Snapshot, Vanity};
pub use machine::{CommunityResolver, FetchError, IncomingJoin, JoinMeta, Millis, Resolved, ResolverConfig, Step};
pub use resolver::{DiscordResolver, InviteSource, ResolvedJoin, ResolverStats, WallClock};

/// When a Discord account was created, from its id (a snowflake).
pub fn account_created(user_id: u64) -> crate::domain::Ts {
    const DISCORD_EPOCH_MS: i64 = 1_420_070_400_000;
    use chrono::TimeZone;
    let ms = ((user_id >> 22) as i64).saturating_add(DISCORD_EPOCH_MS);
    chrono::Utc.timestamp_millis_opt(ms).single().unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC)
}
