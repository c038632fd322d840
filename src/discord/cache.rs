//! serenity's cache, trimmed to what the bot reads from it: guilds with their roles and
//! channels (permission checks, the welcome's channel, the vanity URL) and the bot's own
//! member. Members are what would grow with the community (about 1.4 KB each in serenity's
//! cache, 1.4 GB at a million), and the bot never reads another member from the cache: each
//! event carries its member, and the store keeps what snowball needs. So user entries are not
//! cached at all, and a member is dropped from its cached guild once its event was handled.
//!
//! serenity has no public way to remove a member but its own GUILD_MEMBER_REMOVE update, so
//! that is what [`forget_member`] applies. It also lowers the cached guild's `member_count`,
//! which snowball never reads (the store counts members).

use poise::serenity_prelude as serenity;
use serenity::cache::{Cache, Settings};
use serenity::{GuildId, GuildMemberRemoveEvent, User};

/// The cache settings `snowball run` uses.
pub fn settings() -> Settings {
    let mut s = Settings::default();
    s.cache_users = false;
    s.max_messages = 0;
    s
}

/// Drops `user`'s member entry from the cached guild (never the bot's own).
pub fn forget_member(cache: &Cache, guild: GuildId, user: &User) {
    if user.id == cache.current_user().id {
        return;
    }
    let cached = cache.guild(guild).is_some_and(|g| g.member_count > 0 && g.members.contains_key(&user.id));
    if !cached {
        return;
    }
    let event = serde_json::json!({ "guild_id": guild, "user": user });
    match serde_json::from_value::<GuildMemberRemoveEvent>(event) {
        Ok(mut event) => {
            cache.update(&mut event);
        }
        Err(e) => tracing::debug!(error = %e, "could not drop a member from serenity's cache"),
    }
}

/// Drops every member but the bot's own from the cached guild (after GUILD_CREATE).
pub fn forget_members(cache: &Cache, guild: GuildId) {
    let users: Vec<User> =
        cache.guild(guild).map(|g| g.members.values().map(|m| m.user.clone()).collect()).unwrap_or_default();
    for user in &users {
        forget_member(cache, guild, user);
    }
}
