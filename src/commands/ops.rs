//! What command handlers ask of the platform: the few things only an adapter can do.

use futures::future::BoxFuture;

use super::render::Rendered;
use crate::domain::{CommunityKey, Platform, UserId};

/// What an invite link is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvitePurpose {
    /// A member's personal link (created once, reused).
    Personal { user: UserId },
    /// A campaign's tracked link.
    Campaign { name: String, paid: bool },
}

#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    /// The bot lacks a permission; the text names it (shown to managers).
    #[error("missing permission: {0}")]
    MissingPermission(String),
    #[error("the platform refused: {0}")]
    Refused(String),
    #[error("the platform is unreachable")]
    Unreachable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// One check of `/setup`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupCheck {
    /// Message id of what is checked (e.g. `setup-manage-guild`).
    pub what: &'static str,
    pub ok: bool,
    /// Message id of how to fix it, when not ok.
    pub fix: Option<&'static str>,
}

/// Platform actions, implemented by each adapter.
pub trait PlatformOps: Send + Sync {
    fn platform(&self) -> Platform;

    /// Whether this process serves the community (on Discord: its guild is on one of this
    /// process's shards). Background work such as the digest scheduler skips the others, so
    /// several processes sharing one database each handle only their own communities.
    fn serves(&self, _community: &CommunityKey) -> bool {
        true
    }

    /// Creates an invite link and returns its URL.
    fn create_invite<'a>(
        &'a self,
        community: &'a CommunityKey,
        purpose: InvitePurpose,
    ) -> BoxFuture<'a, Result<String, PlatformError>>;

    /// Checks permissions, intents and settings for `/setup` and onboarding.
    fn setup_checks<'a>(&'a self, community: &'a CommunityKey) -> BoxFuture<'a, Vec<SetupCheck>>;

    /// Posts a message to a channel of the community (`None` = the default place: the group
    /// itself on Telegram; Discord needs a channel).
    fn post<'a>(
        &'a self,
        community: &'a CommunityKey,
        channel: Option<&'a str>,
        message: Rendered,
    ) -> BoxFuture<'a, Result<(), PlatformError>>;
}
