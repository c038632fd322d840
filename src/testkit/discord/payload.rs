//! JSON objects shaped like Discord's (API v10), built from the fake's state.
//!
//! Ids and permission bit sets are strings, timestamps RFC 3339, as Discord sends them. The unit
//! tests deserialize every shape into serenity's model types.

use serde_json::{Value, json};

use super::records::{InviteInfo, RecordedAttachment, RecordedMessage};
use super::spec::{ChannelSpec, FakeDiscordConfig, RoleSpec, UserSpec};
use super::state::{GuildState, MemberState, State, timestamp};

pub(crate) fn user(u: &UserSpec) -> Value {
    json!({
        "id": u.id.to_string(),
        "username": u.name,
        "discriminator": "0",
        "global_name": u.global_name,
        "avatar": null,
        "bot": u.bot,
        "system": false,
        "banner": null,
        "accent_color": null,
        "public_flags": 0,
        "flags": 0,
        "avatar_decoration_data": null,
    })
}

/// The bot as `GET /users/@me` and READY describe it.
pub(crate) fn current_user(config: &FakeDiscordConfig) -> Value {
    let mut u = user(&UserSpec::new(config.bot_id, config.bot_name.clone()).bot());
    u["verified"] = json!(true);
    u["mfa_enabled"] = json!(false);
    u["email"] = Value::Null;
    u["locale"] = json!("en-US");
    u
}

pub(crate) fn member(state: &State, guild_id: u64, m: &MemberState, with_guild_id: bool) -> Value {
    let mut v = json!({
        "user": user(&state.user(m.user_id)),
        "nick": m.nick,
        "avatar": null,
        "banner": null,
        "roles": m.roles.iter().map(u64::to_string).collect::<Vec<_>>(),
        "joined_at": timestamp(m.joined_at),
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
    });
    if with_guild_id {
        v["guild_id"] = json!(guild_id.to_string());
    }
    v
}

pub(crate) fn role(guild_id: u64, r: &RoleSpec, bot_role_of: Option<u64>) -> Value {
    let tags = match bot_role_of {
        Some(bot) => json!({ "bot_id": bot.to_string() }),
        None => json!({}),
    };
    json!({
        "id": r.id.to_string(),
        "guild_id": guild_id.to_string(),
        "name": r.name,
        "color": 0,
        "colors": { "primary_color": 0, "secondary_color": null, "tertiary_color": null },
        "hoist": false,
        "icon": null,
        "unicode_emoji": null,
        "position": r.position,
        "permissions": r.permissions.to_string(),
        "managed": bot_role_of.is_some(),
        "mentionable": false,
        "flags": 0,
        "tags": tags,
    })
}

pub(crate) fn guild_roles(g: &GuildState, bot_id: u64) -> Vec<Value> {
    g.roles.iter().map(|r| role(g.id, r, (r.id == g.bot_role_id).then_some(bot_id))).collect()
}

pub(crate) fn channel(guild_id: u64, c: &ChannelSpec, position: usize) -> Value {
    let mut v = json!({
        "id": c.id.to_string(),
        "type": c.kind.number(),
        "guild_id": guild_id.to_string(),
        "name": c.name,
        "position": position,
        "permission_overwrites": [],
        "parent_id": c.parent_id.map(|p| p.to_string()),
        "nsfw": false,
        "flags": 0,
    });
    if c.kind == super::spec::ChannelKind::Voice {
        v["bitrate"] = json!(64_000);
        v["user_limit"] = json!(0);
        v["rtc_region"] = Value::Null;
    } else if c.kind != super::spec::ChannelKind::Category {
        v["topic"] = Value::Null;
        v["last_message_id"] = Value::Null;
        v["rate_limit_per_user"] = json!(0);
    }
    v
}

pub(crate) fn guild_channels(g: &GuildState) -> Vec<Value> {
    g.channels.iter().enumerate().map(|(i, c)| channel(g.id, c, i)).collect()
}

pub(crate) fn dm_channel(state: &State, channel_id: u64, user_id: u64) -> Value {
    json!({
        "id": channel_id.to_string(),
        "type": 1,
        "last_message_id": null,
        "flags": 0,
        "recipients": [user(&state.user(user_id))],
    })
}

/// The fields `GET /guilds/{id}` and GUILD_CREATE share.
pub(crate) fn guild_base(g: &GuildState, bot_id: u64) -> Value {
    json!({
        "id": g.id.to_string(),
        "name": g.name,
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": g.owner.to_string(),
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": guild_roles(g, bot_id),
        "emojis": [],
        "stickers": [],
        "features": if g.vanity.is_some() { json!(["VANITY_URL"]) } else { json!([]) },
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": g.channels.first().map(|c| c.id.to_string()),
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_presences": null,
        "max_members": 500_000,
        "vanity_url_code": g.vanity.as_ref().map(|(code, _)| code.clone()),
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "welcome_screen": null,
    })
}

/// GUILD_CREATE's data. Without the GUILD_MEMBERS intent only the bot's own member is listed,
/// as on Discord.
pub(crate) fn guild_create(state: &State, g: &GuildState, bot_id: u64, all_members: bool) -> Value {
    let mut v = guild_base(g, bot_id);
    let members: Vec<Value> = g
        .members
        .values()
        .filter(|m| all_members || m.user_id == bot_id)
        .map(|m| member(state, g.id, m, false))
        .collect();
    let extra = json!({
        "joined_at": timestamp(g.joined_at),
        "large": g.members.len() > 250,
        "unavailable": false,
        "member_count": g.members.len(),
        "voice_states": [],
        "members": members,
        "channels": guild_channels(g),
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    });
    merge(&mut v, extra);
    v
}

pub(crate) fn application_info(config: &FakeDiscordConfig) -> Value {
    json!({
        "id": config.bot_id.to_string(),
        "name": config.bot_name,
        "icon": null,
        "description": "",
        "rpc_origins": [],
        "bot_public": true,
        "bot_require_code_grant": false,
        "bot": current_user(config),
        "owner": user(&config.application_owner),
        "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
        "team": null,
        "flags": 0,
        "tags": [],
        "approximate_guild_count": 0,
        "redirect_uris": [],
        "interactions_endpoint_url": null,
        "role_connections_verification_url": null,
        "integration_types_config": {},
    })
}

pub(crate) fn invite_guild(g: &GuildState) -> Value {
    json!({
        "id": g.id.to_string(),
        "name": g.name,
        "splash": null,
        "banner": null,
        "description": null,
        "icon": null,
        "features": [],
        "verification_level": 0,
        "vanity_url_code": g.vanity.as_ref().map(|(code, _)| code.clone()),
        "nsfw_level": 0,
        "premium_subscription_count": 0,
    })
}

/// An invite with its metadata (what `GET /guilds/{id}/invites` lists).
pub(crate) fn invite(state: &State, i: &InviteInfo) -> Value {
    let g = &state.guilds[&i.guild_id];
    let channel = g.channels.iter().find(|c| c.id == i.channel_id);
    let expires_at = (i.max_age > 0).then(|| timestamp(i.created_at + chrono::Duration::seconds(i.max_age as i64)));
    json!({
        "type": 0,
        "code": i.code,
        "guild": invite_guild(g),
        "channel": {
            "id": i.channel_id.to_string(),
            "name": channel.map(|c| c.name.clone()).unwrap_or_default(),
            "type": channel.map_or(0, |c| c.kind.number()),
        },
        "inviter": i.inviter.map(|u| user(&state.user(u))),
        "uses": i.uses,
        "max_uses": i.max_uses,
        "max_age": i.max_age,
        "temporary": i.temporary,
        "created_at": timestamp(i.created_at),
        "expires_at": expires_at,
    })
}

pub(crate) fn invite_create_event(state: &State, i: &InviteInfo) -> Value {
    json!({
        "channel_id": i.channel_id.to_string(),
        "guild_id": i.guild_id.to_string(),
        "code": i.code,
        "created_at": timestamp(i.created_at),
        "inviter": i.inviter.map(|u| user(&state.user(u))),
        "max_age": i.max_age,
        "max_uses": i.max_uses,
        "temporary": i.temporary,
        "uses": 0,
    })
}

pub(crate) fn invite_delete_event(i: &InviteInfo) -> Value {
    json!({
        "channel_id": i.channel_id.to_string(),
        "guild_id": i.guild_id.to_string(),
        "code": i.code,
    })
}

fn attachment(channel_id: u64, a: &RecordedAttachment) -> Value {
    json!({
        "id": a.id.to_string(),
        "filename": a.filename,
        "size": a.data.len(),
        "url": format!("https://cdn.discordapp.com/attachments/{channel_id}/{}/{}", a.id, a.filename),
        "proxy_url": format!("https://media.discordapp.net/attachments/{channel_id}/{}/{}", a.id, a.filename),
        "content_type": a.content_type,
    })
}

/// A message object. `depth` limits nesting of `referenced_message`.
pub(crate) fn message(state: &State, m: &RecordedMessage, depth: u8) -> Value {
    let referenced = match (m.reply_to, depth) {
        (Some(id), 0) => state.find_message(id).map(|r| message(state, r, 1)),
        _ => None,
    };
    let mut v = json!({
        "id": m.id.to_string(),
        "channel_id": m.channel_id.to_string(),
        "author": user(&state.user(m.author_id)),
        "content": m.content,
        "timestamp": timestamp(m.timestamp),
        "edited_timestamp": if m.edits > 0 { json!(timestamp(state.now())) } else { Value::Null },
        "tts": false,
        "mention_everyone": false,
        "mentions": m.mentions.iter().map(|u| user(&state.user(*u))).collect::<Vec<_>>(),
        "mention_roles": [],
        "attachments": m.attachments.iter().map(|a| attachment(m.channel_id, a)).collect::<Vec<_>>(),
        "embeds": m.embeds,
        "components": m.components,
        "pinned": false,
        "type": if m.reply_to.is_some() { 19 } else if m.interaction_id.is_some() { 20 } else { 0 },
        "flags": m.flags,
    });
    if let Some(reply_to) = m.reply_to {
        v["message_reference"] = json!({
            "type": 0,
            "message_id": reply_to.to_string(),
            "channel_id": m.channel_id.to_string(),
            "guild_id": m.guild_id.map(|g| g.to_string()),
        });
        v["referenced_message"] = referenced.unwrap_or(Value::Null);
    }
    if let Some(interaction) = m.interaction_id {
        v["application_id"] = json!(state.bot_id.to_string());
        v["webhook_id"] = json!(state.bot_id.to_string());
        v["interaction_metadata"] = json!({
            "id": interaction.to_string(),
            "type": 2,
            "user": state.interactions.get(&interaction).map(|i| user(&state.user(i.user_id))),
            "authorizing_integration_owners": {},
        });
    }
    v
}

/// MESSAGE_CREATE's data: a message plus `guild_id` and the author's partial `member`.
pub(crate) fn message_create(state: &State, m: &RecordedMessage) -> Value {
    let mut v = message(state, m, 0);
    if let Some(guild_id) = m.guild_id {
        v["guild_id"] = json!(guild_id.to_string());
        if let Some(member_state) = state.guilds.get(&guild_id).and_then(|g| g.members.get(&m.author_id)) {
            let mut partial = member(state, guild_id, member_state, false);
            if let Some(obj) = partial.as_object_mut() {
                obj.remove("user");
            }
            v["member"] = partial;
        }
    }
    v
}

/// Shallow-merges `extra`'s keys into `target` (both objects).
pub(crate) fn merge(target: &mut Value, extra: Value) {
    if let (Some(t), Value::Object(e)) = (target.as_object_mut(), extra) {
        t.extend(e);
    }
}
