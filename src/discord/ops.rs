//! [`PlatformOps`] on Discord: invite links (personal and campaign, registered with the
//! resolver at once so joins through them are credited), `/setup`'s checks, and posting the
//! digest to a channel.

use std::sync::Arc;

use futures::future::BoxFuture;
use serenity::all::{ChannelId, CreateInvite, GuildId, Permissions};

use super::errors::platform_error;
use super::shared::Shared;
use crate::commands::{InvitePurpose, PlatformError, PlatformOps, Rendered, SetupCheck};
use crate::domain::{CommunityKey, Platform};
use crate::engine::attribution::discord::CodeOwner;

/// The link for an invite code.
pub fn invite_url(code: &str) -> String {
    format!("https://discord.gg/{code}")
}

pub struct DiscordOps {
    shared: Arc<Shared>,
}

impl DiscordOps {
    pub fn new(shared: Arc<Shared>) -> Self {
        Self { shared }
    }

    fn guild(community: &CommunityKey) -> Result<GuildId, PlatformError> {
        community
            .external_id
            .parse::<u64>()
            .ok()
            .filter(|id| *id != 0 && community.platform == Platform::Discord)
            .map(GuildId::new)
            .ok_or_else(|| PlatformError::Refused(format!("{community} is not a Discord guild")))
    }

    /// Where invites point: the system channel, else the first text channel the bot may
    /// create invites in.
    fn invite_channel(&self, guild: GuildId) -> Option<ChannelId> {
        self.channel_allowing(guild, Permissions::CREATE_INSTANT_INVITE)
    }

    /// Where the welcome goes: the system channel, else the first text channel the bot may
    /// post in.
    pub fn welcome_channel(&self, guild: GuildId) -> Option<ChannelId> {
        self.channel_allowing(guild, Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES | Permissions::EMBED_LINKS)
    }

    /// The system channel if the bot has `needed` there, else the first text channel (by
    /// position) where it has.
    fn channel_allowing(&self, guild: GuildId, needed: Permissions) -> Option<ChannelId> {
        let bot = self.shared.bot_user();
        self.shared.guilds.with(guild, |g| g.channel_allowing(bot, needed)).flatten()
    }

    /// The bot's permissions in the guild and in `channel`, from the guild book.
    fn permissions(&self, guild: GuildId, channel: Option<ChannelId>) -> Option<(Permissions, Option<Permissions>)> {
        let bot = self.shared.bot_user();
        self.shared.guilds.with(guild, |g| g.bot_permissions(bot, channel))
    }

    async fn create(&self, community: &CommunityKey, purpose: InvitePurpose) -> Result<String, PlatformError> {
        let guild = Self::guild(community)?;
        let channel = self
            .invite_channel(guild)
            .ok_or_else(|| PlatformError::MissingPermission("Create Invite (in a text channel)".into()))?;
        let reason = match &purpose {
            InvitePurpose::Personal { .. } => "snowball: a member's personal invite",
            InvitePurpose::Campaign { .. } => "snowball: a campaign link",
        };
        let builder = CreateInvite::new().max_age(0).max_uses(0).unique(true).audit_log_reason(reason);
        let invite =
            channel.create_invite(&self.shared.http, builder).await.map_err(|e| platform_error(e, "Create Invite"))?;
        let owner = match purpose {
            InvitePurpose::Personal { user } => CodeOwner::Member(user),
            InvitePurpose::Campaign { name, paid } => CodeOwner::Campaign { name, paid },
        };
        if let Some(r) = self.shared.resolver() {
            r.set_code_owner(community, &invite.code, Some(owner));
        }
        tracing::info!(%community, code = %invite.code, "invite created");
        Ok(invite_url(&invite.code))
    }

    async fn checks(&self, community: &CommunityKey) -> Vec<SetupCheck> {
        let Ok(guild) = Self::guild(community) else { return Vec::new() };
        let settings = match self.shared.app.community_id(community).await {
            Ok(id) => self.shared.app.settings(id).await.ok(),
            Err(_) => None,
        };
        let channel = settings
            .as_ref()
            .and_then(|s| s.digest_channel.as_deref())
            .and_then(|c| c.parse::<u64>().ok())
            .filter(|c| *c != 0)
            .map(ChannelId::new);
        let (guild_perms, channel_perms) = self.permissions(guild, channel).unwrap_or_default();
        let manage = guild_perms.contains(Permissions::MANAGE_GUILD) && !self.shared.forbidden.contains(&guild);
        let post = Permissions::VIEW_CHANNEL
            | Permissions::SEND_MESSAGES
            | Permissions::EMBED_LINKS
            | Permissions::ATTACH_FILES;
        let check = |what, ok, fix| SetupCheck { what, ok, fix: (!ok).then_some(fix) };
        let mut out = vec![
            // Connected with these intents at all means Discord granted them (else 4014).
            check("setup-intents", true, "setup-intents-fix"),
            check("setup-manage-guild", manage, "setup-manage-guild-fix"),
            check(
                "setup-create-invite",
                guild_perms.contains(Permissions::CREATE_INSTANT_INVITE),
                "setup-create-invite-fix",
            ),
            check("setup-digest-channel", channel.is_some(), "setup-digest-channel-fix"),
        ];
        if channel.is_some() {
            out.push(check(
                "setup-digest-post",
                channel_perms.is_some_and(|p| p.contains(post)),
                "setup-digest-post-fix",
            ));
        }
        out
    }

    async fn send(
        &self,
        community: &CommunityKey,
        channel: Option<&str>,
        message: Rendered,
    ) -> Result<(), PlatformError> {
        Self::guild(community)?;
        let channel = channel
            .and_then(|c| c.trim_start_matches("<#").trim_end_matches('>').parse::<u64>().ok())
            .filter(|c| *c != 0)
            .map(ChannelId::new)
            .ok_or_else(|| PlatformError::Refused("no digest channel".into()))?;
        let needed = format!("Send Messages, Embed Links and Attach Files in <#{channel}>");
        let sent = channel.send_message(&self.shared.http, super::commands::message(&message)).await;
        match sent.map_err(|e| platform_error(e, &needed)) {
            // Without Attach Files the digest still goes, without its picture.
            Err(PlatformError::MissingPermission(what)) if message.attachment.is_some() => {
                tracing::warn!(%community, missing = %what, "the digest's chart was refused; posting it without");
                let bare = Rendered { attachment: None, ..message };
                channel
                    .send_message(&self.shared.http, super::commands::message(&bare))
                    .await
                    .map_err(|e| platform_error(e, &needed))?;
                Ok(())
            }
            other => other.map(|_| ()),
        }
    }
}

impl PlatformOps for DiscordOps {
    fn platform(&self) -> Platform {
        Platform::Discord
    }

    fn serves(&self, community: &CommunityKey) -> bool {
        let Ok(guild) = Self::guild(community) else { return false };
        super::client::serves_guild(&self.shared.app.config.discord, guild.get())
    }

    fn create_invite<'a>(
        &'a self,
        community: &'a CommunityKey,
        purpose: InvitePurpose,
    ) -> BoxFuture<'a, Result<String, PlatformError>> {
        Box::pin(self.create(community, purpose))
    }

    fn setup_checks<'a>(&'a self, community: &'a CommunityKey) -> BoxFuture<'a, Vec<SetupCheck>> {
        Box::pin(self.checks(community))
    }

    fn post<'a>(
        &'a self,
        community: &'a CommunityKey,
        channel: Option<&'a str>,
        message: Rendered,
    ) -> BoxFuture<'a, Result<(), PlatformError>> {
        Box::pin(self.send(community, channel, message))
    }
}
