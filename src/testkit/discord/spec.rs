//! What a test describes: users, guilds, channels, roles, members, and the fake's configuration.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// Gateway intent bits (the subset the fake filters on). Same values as serenity's
/// `GatewayIntents`, so `GatewayIntents::MESSAGE_CONTENT.bits()` works too.
pub mod intents {
    pub const GUILDS: u64 = 1 << 0;
    pub const GUILD_MEMBERS: u64 = 1 << 1;
    pub const GUILD_MODERATION: u64 = 1 << 2;
    pub const GUILD_INVITES: u64 = 1 << 6;
    pub const GUILD_PRESENCES: u64 = 1 << 8;
    pub const GUILD_MESSAGES: u64 = 1 << 9;
    pub const GUILD_MESSAGE_REACTIONS: u64 = 1 << 10;
    pub const DIRECT_MESSAGES: u64 = 1 << 12;
    pub const DIRECT_MESSAGE_REACTIONS: u64 = 1 << 13;
    pub const MESSAGE_CONTENT: u64 = 1 << 15;
    /// The privileged ones (must be enabled for the application, see
    /// [`FakeDiscordConfig::privileged_intents_enabled`](super::FakeDiscordConfig)).
    pub const PRIVILEGED: u64 = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT;
}

/// Permission bits (the subset the fake checks). Same values as serenity's `Permissions`.
pub mod permissions {
    pub const CREATE_INSTANT_INVITE: u64 = 1 << 0;
    pub const KICK_MEMBERS: u64 = 1 << 1;
    pub const ADMINISTRATOR: u64 = 1 << 3;
    pub const MANAGE_CHANNELS: u64 = 1 << 4;
    pub const MANAGE_GUILD: u64 = 1 << 5;
    pub const ADD_REACTIONS: u64 = 1 << 6;
    pub const VIEW_CHANNEL: u64 = 1 << 10;
    pub const SEND_MESSAGES: u64 = 1 << 11;
    pub const EMBED_LINKS: u64 = 1 << 14;
    pub const ATTACH_FILES: u64 = 1 << 15;
    pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
    pub const MANAGE_ROLES: u64 = 1 << 28;
    pub const USE_APPLICATION_COMMANDS: u64 = 1 << 31;
    /// What a fresh guild's @everyone role usually allows.
    pub const EVERYONE_DEFAULT: u64 = CREATE_INSTANT_INVITE
        | ADD_REACTIONS
        | VIEW_CHANNEL
        | SEND_MESSAGES
        | EMBED_LINKS
        | ATTACH_FILES
        | READ_MESSAGE_HISTORY
        | USE_APPLICATION_COMMANDS;
    /// Every permission bit Discord defines today.
    pub const ALL: u64 = (1 << 51) - 1;
}

/// A Discord user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserSpec {
    pub id: u64,
    pub name: String,
    pub global_name: Option<String>,
    pub bot: bool,
}

impl UserSpec {
    pub fn new(id: u64, name: impl Into<String>) -> Self {
        Self { id, name: name.into(), global_name: None, bot: false }
    }

    pub fn bot(mut self) -> Self {
        self.bot = true;
        self
    }

    pub fn global_name(mut self, name: impl Into<String>) -> Self {
        self.global_name = Some(name.into());
        self
    }
}

/// A bare id becomes a user named `user<id>`.
impl From<u64> for UserSpec {
    fn from(id: u64) -> Self {
        Self::new(id, format!("user{id}"))
    }
}

/// A channel kind (Discord channel type numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelKind {
    Text,
    Voice,
    Category,
    Announcement,
    Forum,
}

impl ChannelKind {
    pub fn number(self) -> u8 {
        match self {
            Self::Text => 0,
            Self::Voice => 2,
            Self::Category => 4,
            Self::Announcement => 5,
            Self::Forum => 15,
        }
    }
}

/// A guild channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelSpec {
    pub id: u64,
    pub name: String,
    pub kind: ChannelKind,
    pub parent_id: Option<u64>,
}

impl ChannelSpec {
    pub fn text(id: u64, name: impl Into<String>) -> Self {
        Self { id, name: name.into(), kind: ChannelKind::Text, parent_id: None }
    }

    pub fn kind(mut self, kind: ChannelKind) -> Self {
        self.kind = kind;
        self
    }
}

/// A guild role (the @everyone role, id = guild id, is added by the fake).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleSpec {
    pub id: u64,
    pub name: String,
    pub permissions: u64,
    pub position: u16,
}

impl RoleSpec {
    pub fn new(id: u64, name: impl Into<String>, permissions: u64) -> Self {
        Self { id, name: name.into(), permissions, position: 1 }
    }
}

/// A guild member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberSpec {
    pub user: UserSpec,
    pub roles: Vec<u64>,
    pub nick: Option<String>,
    /// `None`: the fake's clock at the time the guild was added.
    pub joined_at: Option<DateTime<Utc>>,
}

impl MemberSpec {
    pub fn new(user: impl Into<UserSpec>) -> Self {
        Self { user: user.into(), roles: Vec::new(), nick: None, joined_at: None }
    }

    pub fn role(mut self, role: u64) -> Self {
        self.roles.push(role);
        self
    }

    pub fn joined_at(mut self, at: DateTime<Utc>) -> Self {
        self.joined_at = Some(at);
        self
    }
}

/// A guild the bot is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuildSpec {
    pub id: u64,
    pub name: String,
    /// The owner's user id; the owner is added as a member if `members` lacks them.
    pub owner: u64,
    pub channels: Vec<ChannelSpec>,
    pub roles: Vec<RoleSpec>,
    pub members: Vec<MemberSpec>,
    /// What the bot's managed role allows (e.g. with or without `MANAGE_GUILD`).
    pub bot_permissions: u64,
    /// What @everyone allows.
    pub everyone_permissions: u64,
    /// The vanity invite code and its use count, if the guild has one.
    pub vanity: Option<(String, u64)>,
}

impl GuildSpec {
    /// A guild with one text channel `general` (id = guild id + 1) and the bot allowed to
    /// manage the guild (so it may list invites).
    pub fn new(id: u64, name: impl Into<String>, owner: u64) -> Self {
        Self {
            id,
            name: name.into(),
            owner,
            channels: vec![ChannelSpec::text(id + 1, "general")],
            roles: Vec::new(),
            members: Vec::new(),
            bot_permissions: permissions::EVERYONE_DEFAULT | permissions::MANAGE_GUILD,
            everyone_permissions: permissions::EVERYONE_DEFAULT,
            vanity: None,
        }
    }

    pub fn channel(mut self, channel: ChannelSpec) -> Self {
        self.channels.push(channel);
        self
    }

    pub fn role(mut self, role: RoleSpec) -> Self {
        self.roles.push(role);
        self
    }

    pub fn member(mut self, member: impl Into<MemberSpec>) -> Self {
        self.members.push(member.into());
        self
    }

    pub fn bot_permissions(mut self, permissions: u64) -> Self {
        self.bot_permissions = permissions;
        self
    }

    pub fn vanity(mut self, code: impl Into<String>, uses: u64) -> Self {
        self.vanity = Some((code.into(), uses));
        self
    }
}

impl From<UserSpec> for MemberSpec {
    fn from(user: UserSpec) -> Self {
        Self::new(user)
    }
}

impl From<u64> for MemberSpec {
    fn from(id: u64) -> Self {
        Self::new(id)
    }
}

/// How the fake presents itself.
#[derive(Clone, Debug)]
pub struct FakeDiscordConfig {
    /// The bot token the client must send (with or without the `Bot ` prefix).
    pub token: String,
    /// The bot user's id; also the application id, as on Discord.
    pub bot_id: u64,
    pub bot_name: String,
    /// The owner of the application (what poise reads as the bot owner).
    pub application_owner: UserSpec,
    /// Sent in HELLO.
    pub heartbeat_interval: Duration,
    /// `shards` in `GET /gateway/bot` (what autosharding starts).
    pub recommended_shards: u32,
    /// Privileged intents enabled for the application; IDENTIFY asking for others is closed
    /// with 4014 "Disallowed intent(s)", like Discord.
    pub privileged_intents_enabled: u64,
    /// How long the waiting helpers wait before they panic.
    pub wait_timeout: Duration,
    /// Whether an invite used up (`uses == max_uses`) is deleted with an INVITE_DELETE sent
    /// before the GUILD_MEMBER_ADD, as Discord does.
    pub invite_delete_before_member_add: bool,
}

impl Default for FakeDiscordConfig {
    fn default() -> Self {
        Self {
            token: "OTAwMDAwMDAwMDAwMDAwMDAx.FakeGw.fake-discord-token-for-tests-only".into(),
            bot_id: 900_000_000_000_000_001,
            bot_name: "snowball".into(),
            application_owner: UserSpec::new(900_000_000_000_000_002, "app-owner"),
            heartbeat_interval: Duration::from_millis(41_250),
            recommended_shards: 1,
            privileged_intents_enabled: intents::PRIVILEGED,
            wait_timeout: Duration::from_secs(30),
            invite_delete_before_member_add: true,
        }
    }
}

/// The shard a guild's events go to: `(guild_id >> 22) % shard_total`.
pub fn shard_for(guild_id: u64, shard_total: u32) -> u32 {
    ((guild_id >> 22) % u64::from(shard_total.max(1))) as u32
}

/// The `n`-th (from 0) guild id that lands on `shard` of `shard_total`; handy for sharding tests.
pub fn guild_id_on_shard(shard: u32, shard_total: u32, n: u64) -> u64 {
    let total = u64::from(shard_total.max(1));
    let timestamp = (1_000_000 + n) * total + u64::from(shard);
    timestamp << 22
}
