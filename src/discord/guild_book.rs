//! What the adapter knows about each guild, kept compactly instead of in serenity's guild
//! cache: the owner, whether it has a vanity URL, the system channel, each role's permissions,
//! the bot's own roles, and each channel's kind, position and permission overwrites. That is
//! everything the bot reads about a guild outside an event (its own permissions for `/setup`,
//! where to post the welcome and create invites, who owns the guild, a member's standing).
//!
//! serenity's `Guild` also keeps names, emojis, stickers, threads, voice states, features…
//! (about 6 KB for a small guild with three channels), which at 10,000 idle communities was
//! most of their memory; these facts take a few hundred bytes. serenity's cache is therefore
//! configured to keep no guilds, channels, users or messages ([`settings`]), and the book is
//! kept up to date from the gateway events that change what it holds.

use dashmap::{DashMap, DashSet};
use poise::serenity_prelude as serenity;
use serenity::cache::Settings;
use serenity::{
    ChannelId, ChannelType, FullEvent, Guild, GuildChannel, GuildId, PartialGuild, PermissionOverwrite,
    PermissionOverwriteType, Permissions, Role, RoleId, UserId,
};

/// serenity's cache settings for `snowball run`: nothing but the bot's own user (from READY).
pub fn settings() -> Settings {
    let mut s = Settings::default();
    s.cache_guilds = false;
    s.cache_channels = false;
    s.cache_users = false;
    s.max_messages = 0;
    s
}

/// A guild channel as far as the bot's permission checks go.
#[derive(Debug)]
struct Channel {
    id: ChannelId,
    /// A plain text channel (where the welcome goes and invites point).
    text: bool,
    position: u16,
    overwrites: Box<[PermissionOverwrite]>,
}

impl Channel {
    fn of(c: &GuildChannel) -> Self {
        Self {
            id: c.id,
            text: c.kind == ChannelType::Text,
            position: c.position,
            overwrites: c.permission_overwrites.clone().into_boxed_slice(),
        }
    }
}

/// What the bot knows about one guild.
#[derive(Debug)]
pub struct Facts {
    id: GuildId,
    owner: UserId,
    vanity: bool,
    system_channel: Option<ChannelId>,
    /// Every role's guild-level permissions (`@everyone` has the guild's id).
    roles: Vec<(RoleId, Permissions)>,
    /// The bot's own roles.
    bot_roles: Box<[RoleId]>,
    channels: Vec<Channel>,
}

impl Facts {
    /// The facts of a guild as GUILD_CREATE describes it; `bot` is the bot's own user.
    pub fn of(guild: &Guild, bot: UserId) -> Self {
        Self {
            id: guild.id,
            owner: guild.owner_id,
            vanity: guild.vanity_url_code.is_some(),
            system_channel: guild.system_channel_id,
            roles: guild.roles.values().map(|r| (r.id, r.permissions)).collect(),
            bot_roles: guild.members.get(&bot).map(|m| m.roles.clone().into_boxed_slice()).unwrap_or_default(),
            channels: guild.channels.values().map(Channel::of).collect(),
        }
    }

    pub fn owner(&self) -> UserId {
        self.owner
    }

    pub fn has_vanity(&self) -> bool {
        self.vanity
    }

    fn role(&self, id: RoleId) -> Option<Permissions> {
        self.roles.iter().find(|(r, _)| *r == id).map(|(_, p)| *p)
    }

    /// Guild-level permissions of `user` with `roles` (channel overwrites aside): the owner and
    /// Administrator have every permission.
    pub fn guild_permissions(&self, user: UserId, roles: &[RoleId]) -> Permissions {
        if user == self.owner {
            return Permissions::all();
        }
        let everyone = self.role(RoleId::new(self.id.get())).unwrap_or_else(Permissions::empty);
        let perms = roles.iter().filter_map(|r| self.role(*r)).fold(everyone, |p, r| p | r);
        if perms.contains(Permissions::ADMINISTRATOR) { Permissions::all() } else { perms }
    }

    /// Permissions of `user` with `roles` in `channel`, overwrites applied in Discord's order
    /// (@everyone, then the member's roles together, then the member).
    fn permissions_in(&self, channel: &Channel, user: UserId, roles: &[RoleId]) -> Permissions {
        let base = self.guild_permissions(user, roles);
        if base.contains(Permissions::ADMINISTRATOR) {
            return base;
        }
        let none = (Permissions::empty(), Permissions::empty());
        let (mut everyone, mut role, mut member) = (none, none, none);
        for o in channel.overwrites.iter() {
            match o.kind {
                PermissionOverwriteType::Role(r) if r.get() == self.id.get() => everyone = (o.allow, o.deny),
                PermissionOverwriteType::Role(r) if roles.contains(&r) => role = (role.0 | o.allow, role.1 | o.deny),
                PermissionOverwriteType::Member(u) if u == user => member = (o.allow, o.deny),
                _ => {}
            }
        }
        [everyone, role, member].into_iter().fold(base, |p, (allow, deny)| (p & !deny) | allow)
    }

    /// The bot's guild-level permissions, and its permissions in `channel` if the guild has it.
    pub fn bot_permissions(&self, bot: UserId, channel: Option<ChannelId>) -> (Permissions, Option<Permissions>) {
        let in_channel = channel
            .and_then(|id| self.channels.iter().find(|c| c.id == id))
            .map(|c| self.permissions_in(c, bot, &self.bot_roles));
        (self.guild_permissions(bot, &self.bot_roles), in_channel)
    }

    /// The system channel if the bot sees it and has `needed` there, else the first text
    /// channel (by position, then id) where it has.
    pub fn channel_allowing(&self, bot: UserId, needed: Permissions) -> Option<ChannelId> {
        let needed = needed | Permissions::VIEW_CHANNEL;
        let allowed = |c: &&Channel| c.text && self.permissions_in(c, bot, &self.bot_roles).contains(needed);
        let system = self.system_channel.and_then(|id| self.channels.iter().find(|c| c.id == id));
        if let Some(c) = system.filter(allowed) {
            return Some(c.id);
        }
        self.channels.iter().filter(allowed).min_by_key(|c| (c.position, c.id)).map(|c| c.id)
    }

    fn set_role(&mut self, role: &Role) {
        match self.roles.iter_mut().find(|(id, _)| *id == role.id) {
            Some(r) => r.1 = role.permissions,
            None => self.roles.push((role.id, role.permissions)),
        }
    }

    fn set_channel(&mut self, channel: &GuildChannel) {
        let c = Channel::of(channel);
        match self.channels.iter_mut().find(|old| old.id == c.id) {
            Some(old) => *old = c,
            None => self.channels.push(c),
        }
    }
}

/// Every guild's [`Facts`], kept current from gateway events.
#[derive(Default)]
pub struct GuildBook {
    guilds: DashMap<GuildId, Facts>,
    /// Guilds READY listed whose GUILD_CREATE has not come yet: a GUILD_CREATE for any other
    /// guild the book does not hold means the bot was just added to it. (serenity tells that
    /// from its guild cache, which is off.)
    expected: DashSet<GuildId>,
}

impl GuildBook {
    /// Reads `guild`'s facts (`None` before its GUILD_CREATE).
    pub fn with<T>(&self, guild: GuildId, read: impl FnOnce(&Facts) -> T) -> Option<T> {
        self.guilds.get(&guild).map(|f| read(&f))
    }

    pub fn len(&self) -> usize {
        self.guilds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.guilds.is_empty()
    }

    /// Applies a gateway event that changes what the book holds (any other is ignored); `bot` is
    /// the bot's own user. True for the GUILD_CREATE of a guild the bot was just added to.
    pub fn observe(&self, event: &FullEvent, bot: UserId) -> bool {
        match event {
            FullEvent::Ready { data_about_bot } => {
                for g in &data_about_bot.guilds {
                    self.expected.insert(g.id);
                }
            }
            FullEvent::GuildCreate { guild, .. } => return self.created(guild, bot),
            FullEvent::GuildUpdate { new_data, .. } => self.updated(new_data),
            // An outage (`unavailable`) keeps the facts until the guild is back.
            FullEvent::GuildDelete { incomplete, .. } if !incomplete.unavailable => self.removed(incomplete.id),
            FullEvent::GuildRoleCreate { new } | FullEvent::GuildRoleUpdate { new, .. } => self.role_set(new),
            FullEvent::GuildRoleDelete { guild_id, removed_role_id, .. } => {
                self.role_deleted(*guild_id, *removed_role_id);
            }
            FullEvent::ChannelCreate { channel } | FullEvent::ChannelUpdate { new: channel, .. } => {
                self.channel_set(channel);
            }
            FullEvent::ChannelDelete { channel, .. } => self.channel_deleted(channel.guild_id, channel.id),
            FullEvent::GuildMemberUpdate { event, .. } => {
                self.member_updated(event.guild_id, event.user.id, &event.roles, bot);
            }
            _ => {}
        }
        false
    }

    /// GUILD_CREATE: everything anew. True when the bot was just added to the guild (neither
    /// listed by READY nor known already, as after an outage).
    pub fn created(&self, guild: &Guild, bot: UserId) -> bool {
        let listed = self.expected.remove(&guild.id).is_some();
        let known = self.guilds.insert(guild.id, Facts::of(guild, bot)).is_some();
        !listed && !known
    }

    /// GUILD_UPDATE: owner, vanity URL, system channel and roles (channels keep their own
    /// events).
    pub fn updated(&self, guild: &PartialGuild) {
        if let Some(mut f) = self.guilds.get_mut(&guild.id) {
            f.owner = guild.owner_id;
            f.vanity = guild.vanity_url_code.is_some();
            f.system_channel = guild.system_channel_id;
            f.roles = guild.roles.values().map(|r| (r.id, r.permissions)).collect();
        }
    }

    /// GUILD_DELETE: the bot left, or the guild is unavailable until its next GUILD_CREATE.
    pub fn removed(&self, guild: GuildId) {
        self.guilds.remove(&guild);
    }

    /// GUILD_ROLE_CREATE and GUILD_ROLE_UPDATE.
    pub fn role_set(&self, role: &Role) {
        if let Some(mut f) = self.guilds.get_mut(&role.guild_id) {
            f.set_role(role);
        }
    }

    /// GUILD_ROLE_DELETE.
    pub fn role_deleted(&self, guild: GuildId, role: RoleId) {
        if let Some(mut f) = self.guilds.get_mut(&guild) {
            f.roles.retain(|(id, _)| *id != role);
        }
    }

    /// CHANNEL_CREATE and CHANNEL_UPDATE.
    pub fn channel_set(&self, channel: &GuildChannel) {
        if let Some(mut f) = self.guilds.get_mut(&channel.guild_id) {
            f.set_channel(channel);
        }
    }

    /// CHANNEL_DELETE.
    pub fn channel_deleted(&self, guild: GuildId, channel: ChannelId) {
        if let Some(mut f) = self.guilds.get_mut(&guild) {
            f.channels.retain(|c| c.id != channel);
        }
    }

    /// GUILD_MEMBER_UPDATE: only the bot's own roles are kept.
    pub fn member_updated(&self, guild: GuildId, user: UserId, roles: &[RoleId], bot: UserId) {
        if user != bot {
            return;
        }
        if let Some(mut f) = self.guilds.get_mut(&guild) {
            f.bot_roles = roles.into();
        }
    }
}

#[cfg(test)]
#[path = "guild_book_tests.rs"]
mod tests;
