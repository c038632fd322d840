//! What `snowball run` holds in memory, measured in a process of its own (so nothing else counts
//! toward its peak): serenity's cache with the bot's settings (no guilds, channels, users or
//! messages), the adapter's compact guild facts ([`crate::discord::guild_book`]) and the
//! attribution engine's per-guild state (the invite snapshot and the code book of personal and
//! campaign links).
//!
//! Members arrive as GUILD_MEMBER_ADD events, guilds as GUILD_CREATE, deserialized from the
//! JSON Discord sends and applied to serenity's cache exactly as serenity does on the gateway,
//! and to the guild book as the bot's event handler does.

use serde_json::{Value, json};
use serenity::all::{GuildCreateEvent, GuildMemberAddEvent, UserId};
use serenity::cache::Cache;

use crate::discord::guild_book::{GuildBook, settings};
use crate::domain::CommunityKey;
use crate::domain::Ts;
use crate::engine::attribution::discord::{
    CodeOwner, CommunityResolver, DiscordResolver, FetchError, InviteInfo, InviteList, InviteSource, ResolverConfig,
};

/// Bytes allocated and not freed, kept by `snowball-bench`'s counting allocator (0 in a
/// process without it): what is live, unlike RSS, which keeps memory the allocator has freed
/// but not returned.
pub static LIVE_BYTES: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

fn live_bytes() -> i64 {
    LIVE_BYTES.load(std::sync::atomic::Ordering::Relaxed)
}

/// Returns the pages the allocator keeps free to the system (glibc's `malloc_trim`), so RSS
/// shows what is held rather than what transient work once used. A no-op elsewhere.
fn trim_free_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of glibc's own heap; it touches no live
    // allocation and is safe to call at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A `/proc/self/status` field in bytes (`VmRSS`, `VmHWM`); 0 off Linux.
pub fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field).and_then(|r| r.strip_prefix(':')))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// A small guild as GUILD_CREATE sends it: three text channels, `@everyone`, and `owner` as its
/// only member.
pub(crate) fn guild_json(id: u64, owner: u64) -> Value {
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

/// The bot's own user in the bench's guilds.
const BOT: u64 = 42;

fn add_guild(cache: &Cache, book: &GuildBook, id: u64) -> anyhow::Result<()> {
    let mut event: GuildCreateEvent = serde_json::from_value(guild_json(id, id + 7))?;
    cache.update(&mut event);
    book.created(&event.guild, UserId::new(BOT));
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
    let book = GuildBook::default();
    let guild: u64 = 1_100_000_000_000_000_000;
    add_guild(&cache, &book, guild)?;
    for i in 0..members {
        let mut event: GuildMemberAddEvent = serde_json::from_value(member_json(guild, 2_000_000_000 + i as u64))?;
        cache.update(&mut event);
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

/// A source that is never asked: idle communities fetch nothing.
struct NoFetch;

impl InviteSource for NoFetch {
    async fn fetch(&self, _: &CommunityKey) -> Result<InviteList, FetchError> {
        Err(FetchError::Failed("idle communities fetch nothing".into()))
    }
}

/// Holds `count` small idle guilds (three channels, the owner, two invites each) as the bot
/// does: in serenity's cache, and in the running resolver (the snapshot and code book GUILD_CREATE
/// sends it, then parked once idle — no task, no channel). Returns the bytes each costs.
pub fn idle_communities(count: usize) -> anyhow::Result<Value> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build()?;
    let cache = Cache::new_with_settings(settings());
    let book = GuildBook::default();
    let config = ResolverConfig { park_after_ms: 10, ..ResolverConfig::default() };
    trim_free_pages();
    let before = status_bytes("VmRSS");
    let live_before = live_bytes();
    let (resolver, _joins) = runtime.block_on(async { DiscordResolver::new(NoFetch, config) });
    let mut guild_bytes = 0;
    for k in 0..count {
        let id = 1_200_000_000_000_000_000 + (k as u64) * 1_000;
        let t = live_bytes();
        add_guild(&cache, &book, id)?;
        guild_bytes += live_bytes() - t;
        let key = CommunityKey::discord(id);
        let first = 3_000_000_000 + k as u64 * 10;
        let invites: Vec<InviteInfo> =
            (0..2).map(|i| InviteInfo::new(format!("c{first:x}{i:02x}"), Some((first + i) as i64), 3, 0)).collect();
        runtime.block_on(async {
            for i in &invites {
                resolver.set_code_owner(&key, &i.code, i.inviter.map(CodeOwner::Member));
            }
            resolver.snapshot(&key, InviteList { invites, vanity: None });
        });
    }
    // Every community's task parks once idle.
    let parked = runtime.block_on(async {
        for _ in 0..2_000 {
            if resolver.communities() == (0, count) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        resolver.communities()
    });
    let after = status_bytes("VmRSS");
    trim_free_pages();
    let trimmed = status_bytes("VmRSS");
    let live = live_bytes() - live_before;
    Ok(json!({
        "communities": count,
        "guilds_in_serenity_cache": cache.guild_count(),
        "guilds_in_book": book.len(),
        "live_bytes_per_community": live as f64 / count.max(1) as f64,
        "guild_bytes_per_community": guild_bytes as f64 / count.max(1) as f64,
        "rss_bytes_per_community": (after.saturating_sub(before)) as f64 / count.max(1) as f64,
        "rss_trimmed_bytes_per_community": (trimmed.saturating_sub(before)) as f64 / count.max(1) as f64,
        "resolver_tasks": parked.0,
        "resolver_parked": parked.1,
        // What stays allocated; RSS also counts what tasks used and freed (the allocator keeps it
        // for reuse), so it is reported beside, before and after the free pages are returned.
        "bytes_per_community": live as f64 / count.max(1) as f64,
        "target_bytes_per_community": 5 * 1024,
    }))
}
