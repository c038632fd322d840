//! What `snowball run` holds in memory, measured in a process of its own (so nothing else counts
//! toward its peak): serenity's cache with the bot's settings and trimming
//! ([`crate::discord::cache`]: no user entries, members dropped once their event was handled)
//! and the attribution engine's per-guild state (the invite snapshot and the code book of
//! personal and campaign links).
//!
//! Members arrive as GUILD_MEMBER_ADD events, guilds as GUILD_CREATE, deserialized from the
//! JSON Discord sends and applied to the cache exactly as serenity does on the gateway, then
//! trimmed as the bot's event handler does.

use serde_json::{Value, json};
use serenity::all::{GuildCreateEvent, GuildMemberAddEvent};
use serenity::cache::Cache;

use crate::discord::cache::{forget_member, forget_members, settings};
use crate::domain::Ts;
use crate::engine::attribution::discord::{CodeOwner, CommunityResolver, InviteInfo, InviteList, ResolverConfig};

/// A `/proc/self/status` field in bytes (`VmRSS`, `VmHWM`); 0 off Linux.
pub fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field).and_then(|r| r.strip_prefix(':')))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn guild_json(id: u64, owner: u64) -> Value {
    let channels: Vec<Value> = (1..=3)
        .map(|i| {
            json!({ "id": (id + i).to_string(), "type": 0, "guild_id": id.to_string(), "name": format!("channel-{i}"),
                "position": i, "permission_overwrites": [], "parent_id": null, "nsfw": false, "flags": 0,
                "topic": null, "last_message_id": null, "rate_limit_per_user": 0 })
        })
        .collect();
    let mut guild = json!({
        "id": id.to_string(), "name": format!("guild {id}"), "icon": null, "icon_hash": null, "splash": null,
        "discovery_splash": null, "owner_id": owner.to_string(), "afk_channel_id": null, "afk_timeout": 300,
        "widget_enabled": false, "widget_channel_id": null, "verification_level": 0,
        "default_message_notifications": 0, "explicit_content_filter": 0,
        "roles": [{ "id": id.to_string(), "guild_id": id.to_string(), "name": "@everyone", "color": 0, "hoist": false,
            "colors": { "primary_color": 0, "secondary_color": null, "tertiary_color": null },
            "icon": null, "unicode_emoji": null, "position": 0, "permissions": "104324673", "managed": false,
            "mentionable": false, "flags": 0, "tags": {} }],
        "emojis": [], "stickers": [], "features": [], "mfa_level": 0, "application_id": null,
        "system_channel_id": (id + 1).to_string(), "system_channel_flags": 0, "rules_channel_id": null,
    });
    let more = [
        json!({
            "max_presences": null, "max_members": 500_000, "vanity_url_code": null, "description": null,
            "banner": null, "premium_tier": 0, "premium_subscription_count": 0, "preferred_locale": "en-US",
            "public_updates_channel_id": null, "max_video_channel_users": 25, "max_stage_video_channel_users": 50,
            "nsfw_level": 0, "premium_progress_bar_enabled": false, "safety_alerts_channel_id": null,
        }),
        json!({
            "welcome_screen": null, "joined_at": "2026-01-01T00:00:00.000000+00:00", "large": false,
            "unavailable": false, "member_count": 1, "voice_states": [], "members": [member_json(id, owner)],
            "channels": channels, "threads": [], "presences": [], "stage_instances": [],
            "guild_scheduled_events": [], "soundboard_sounds": [],
        }),
    ];
    for extra in more {
        if let (Some(g), Value::Object(m)) = (guild.as_object_mut(), extra) {
            g.extend(m);
        }
    }
    guild
}

fn member_json(guild: u64, user: u64) -> Value {
    json!({
        "guild_id": guild.to_string(),
        "user": { "id": user.to_string(), "username": format!("user{user}"), "discriminator": "0",
            "global_name": format!("User {user}"), "avatar": null, "bot": false },
        "nick": null, "avatar": null, "roles": [], "joined_at": "2026-01-01T00:00:00.000000+00:00",
        "premium_since": null, "deaf": false, "mute": false, "flags": 0, "pending": false,
        "communication_disabled_until": null,
    })
}

fn add_guild(cache: &Cache, id: u64) -> anyhow::Result<()> {
    let mut event: GuildCreateEvent = serde_json::from_value(guild_json(id, id + 7))?;
    cache.update(&mut event);
    forget_members(cache, event.guild.id);
    Ok(())
}

fn wall() -> Ts {
    super::now()
}

/// A resolver holding a snapshot of `invites` invites, each also in its code book (a member's
/// personal link).
fn resolver(invites: usize, first_user: u64) -> CommunityResolver {
    let mut r = CommunityResolver::new(ResolverConfig::default());
    let list: Vec<InviteInfo> = (0..invites)
        .map(|i| InviteInfo::new(format!("c{first_user:x}{i:06x}"), Some((first_user + i as u64) as i64), 3, 0))
        .collect();
    for i in &list {
        if let Some(owner) = i.inviter {
            r.book_mut().insert(i.code.clone(), CodeOwner::Member(owner));
        }
    }
    r.set_snapshot(0, InviteList { invites: list, vanity: None }, wall());
    r
}

/// Holds `members` members of one guild and `invites` invites; returns the peak RSS.
pub fn members_and_invites(members: usize, invites: usize) -> anyhow::Result<Value> {
    let before = status_bytes("VmRSS");
    let cache = Cache::new_with_settings(settings());
    let guild: u64 = 1_100_000_000_000_000_000;
    add_guild(&cache, guild)?;
    for i in 0..members {
        let mut event: GuildMemberAddEvent = serde_json::from_value(member_json(guild, 2_000_000_000 + i as u64))?;
        cache.update(&mut event);
        forget_member(&cache, event.member.guild_id, &event.member.user);
    }
    let with_members = status_bytes("VmRSS");
    let r = resolver(invites, 2_000_000_000);
    let after = status_bytes("VmRSS");
    let held = cache.guild(serenity::all::GuildId::new(guild)).map_or(0, |g| g.members.len());
    let peak = status_bytes("VmHWM");
    drop(r);
    Ok(json!({
        "members": members,
        "members_in_cache": held,
        "invites": invites,
        "rss_before_bytes": before,
        "bytes_per_member": (with_members.saturating_sub(before)) as f64 / members.max(1) as f64,
        "bytes_per_invite": (after.saturating_sub(with_members)) as f64 / invites.max(1) as f64,
        "peak_rss_bytes": peak,
        "peak_rss_mb": peak as f64 / 1_048_576.0,
        "target_peak_rss_mb": 300,
    }))
}

/// Holds `count` small idle guilds (three channels, the bot, two invites each) with their
/// resolver state; returns the bytes each costs.
pub fn idle_communities(count: usize) -> anyhow::Result<Value> {
    let cache = Cache::new_with_settings(settings());
    let before = status_bytes("VmRSS");
    let mut resolvers = Vec::with_capacity(count);
    for k in 0..count {
        let id = 1_200_000_000_000_000_000 + (k as u64) * 1_000;
        add_guild(&cache, id)?;
        resolvers.push(resolver(2, 3_000_000_000 + k as u64 * 10));
    }
    let after = status_bytes("VmRSS");
    let held = cache.guild_count();
    drop(resolvers);
    Ok(json!({
        "communities": count,
        "guilds_in_cache": held,
        "bytes_per_community": (after.saturating_sub(before)) as f64 / count.max(1) as f64,
        "target_bytes_per_community": 5 * 1024,
    }))
}
