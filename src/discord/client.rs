//! The serenity HTTP client and gateway settings from `discord.*`.
//!
//! `discord.api_url` other than Discord's own goes to serenity's `HttpBuilder::proxy`: every
//! REST call is sent there instead (a rate-limiting proxy such as twilight's http-proxy, or
//! the fake Discord in tests). serenity applies the proxy only with its own ratelimiter
//! disabled (serenity #1739), so **the proxy must rate-limit**. The gateway URL comes from
//! `GET /gateway` through that same base URL, so plain `ws://` works.

use secrecy::{ExposeSecret, SecretString};
use serenity::all::{GatewayIntents, Http, HttpBuilder};

use crate::config::DiscordConfig;

/// Discord's own API base; anything else is a proxy.
pub const DISCORD_API_URL: &str = "https://discord.com";

/// What snowball listens to: guilds, members (privileged), invites, messages with their
/// content (privileged) and reactions.
pub fn intents() -> GatewayIntents {
    GatewayIntents::GUILDS
        | GatewayIntents::GUILD_MEMBERS
        | GatewayIntents::GUILD_INVITES
        | GatewayIntents::GUILD_MESSAGES
        | GatewayIntents::MESSAGE_CONTENT
        | GatewayIntents::GUILD_MESSAGE_REACTIONS
}

/// Whether `api_url` sends REST calls through a proxy.
pub fn uses_proxy(config: &DiscordConfig) -> bool {
    let url = config.api_url.trim().trim_end_matches('/');
    !url.is_empty() && url != DISCORD_API_URL
}

/// The REST client: through the proxy (ratelimiter off, as serenity requires) or straight to
/// Discord with serenity's ratelimiter.
pub fn http(config: &DiscordConfig, token: &SecretString) -> Http {
    let builder = HttpBuilder::new(token.expose_secret());
    if uses_proxy(config) {
        builder.proxy(config.api_url.trim().trim_end_matches('/')).ratelimiter_disabled(true).build()
    } else {
        builder.build()
    }
}

/// Which shards this process runs: `(first, last inclusive, total)`, or `None` to ask Discord
/// (autosharding).
pub fn shard_range(config: &DiscordConfig) -> Option<(u32, u32, u32)> {
    match (config.shards.as_slice(), config.shard_total) {
        ([first, last], total) if total > 0 => Some((*first, *last, total)),
        ([], total) if total > 0 => Some((0, total - 1, total)),
        _ => None,
    }
}

/// Whether a guild's events come to this process: its shard (`(guild_id >> 22) % total`, as
/// Discord routes them) is in this process's range. Always true when autosharding.
pub fn serves_guild(config: &DiscordConfig, guild_id: u64) -> bool {
    match shard_range(config) {
        Some((first, last, total)) => {
            let shard = (guild_id >> 22) % u64::from(total);
            (u64::from(first)..=u64::from(last)).contains(&shard)
        }
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guild_is_served_by_the_process_running_its_shard() {
        let mut c = DiscordConfig::default();
        let on = |shard: u64| (2_000_000 + shard) << 22;
        assert!(serves_guild(&c, on(0)) && serves_guild(&c, on(1)), "autosharding serves every guild");
        c.shard_total = 2;
        c.shards = vec![1, 1];
        assert!(!serves_guild(&c, on(0)));
        assert!(serves_guild(&c, on(1)));
        c.shards = vec![0, 0];
        assert!(serves_guild(&c, on(0)));
        assert!(!serves_guild(&c, on(1)));
    }

    #[test]
    fn proxy_only_for_other_urls() {
        let mut c = DiscordConfig::default();
        assert!(!uses_proxy(&c));
        c.api_url = "https://discord.com/".into();
        assert!(!uses_proxy(&c));
        c.api_url = "http://127.0.0.1:3000".into();
        assert!(uses_proxy(&c));
    }

    #[test]
    fn shard_ranges() {
        let mut c = DiscordConfig::default();
        assert_eq!(shard_range(&c), None);
        c.shard_total = 4;
        assert_eq!(shard_range(&c), Some((0, 3, 4)));
        c.shards = vec![2, 3];
        assert_eq!(shard_range(&c), Some((2, 3, 4)));
    }
}
