//! Invites: listing (needs MANAGE_GUILD), the vanity URL, creating and deleting.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::ops;
use super::payload;
use super::records::InviteInfo;
use super::rest::{ApiError, ApiResult, AppState, missing_permissions, ok, snowflake, unknown_channel, unknown_guild};
use super::spec::permissions;

fn unknown_invite() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "Unknown Invite", 10006)
}

pub(crate) async fn guild_invites(State(shared): AppState, Path(guild_id): Path<String>) -> ApiResult {
    let id = snowflake(&guild_id)?;
    let state = shared.lock();
    let g = state.guilds.get(&id).ok_or_else(unknown_guild)?;
    if g.member_permissions(state.bot_id) & permissions::MANAGE_GUILD == 0 {
        return Err(missing_permissions());
    }
    let list: Vec<Value> = g.invites.values().map(|i| payload::invite(&state, i)).collect();
    ok(Value::Array(list))
}

pub(crate) async fn vanity_url(State(shared): AppState, Path(guild_id): Path<String>) -> ApiResult {
    let id = snowflake(&guild_id)?;
    let state = shared.lock();
    let g = state.guilds.get(&id).ok_or_else(unknown_guild)?;
    if g.member_permissions(state.bot_id) & permissions::MANAGE_GUILD == 0 {
        return Err(missing_permissions());
    }
    match &g.vanity {
        Some((code, uses)) => ok(json!({ "code": code, "uses": uses })),
        None => ok(json!({ "code": null, "uses": 0 })),
    }
}

pub(crate) async fn create_invite(State(shared): AppState, Path(channel_id): Path<String>, body: Bytes) -> ApiResult {
    let channel = snowflake(&channel_id)?;
    let body: Value = serde_json::from_slice(&body).unwrap_or_else(|_| json!({}));
    let num = |key: &str, default: u64| body.get(key).and_then(Value::as_u64).unwrap_or(default);
    shared.update(|s| {
        let guild_id = s.guild_of_channel(channel).ok_or_else(unknown_channel)?;
        if s.guilds[&guild_id].member_permissions(s.bot_id) & permissions::CREATE_INSTANT_INVITE == 0 {
            return Err(missing_permissions());
        }
        let max_uses = num("max_uses", 0);
        if max_uses > 100 {
            return Err(super::rest::bad_body());
        }
        let code = s.invite_code();
        let invite = InviteInfo {
            code,
            guild_id,
            channel_id: channel,
            inviter: Some(s.bot_id),
            uses: 0,
            max_uses,
            max_age: num("max_age", 86_400),
            temporary: body.get("temporary").and_then(Value::as_bool).unwrap_or(false),
            created_at: s.now(),
        };
        let response = payload::invite(s, &invite);
        ops::add_invite(s, invite);
        ok(response)
    })
}

pub(crate) async fn get_invite(State(shared): AppState, Path(code): Path<String>) -> ApiResult {
    let state = shared.lock();
    let invite = state.find_invite(&code).ok_or_else(unknown_invite)?;
    let mut v = payload::invite(&state, invite);
    // Without metadata, as the public route answers.
    if let Some(obj) = v.as_object_mut() {
        for key in ["uses", "max_uses", "max_age", "temporary", "created_at"] {
            obj.remove(key);
        }
    }
    ok(v)
}

pub(crate) async fn delete_invite(State(shared): AppState, Path(code): Path<String>) -> ApiResult {
    shared.update(|s| {
        let invite = s.find_invite(&code).cloned().ok_or_else(unknown_invite)?;
        let perms = s.guilds[&invite.guild_id].member_permissions(s.bot_id);
        if perms & (permissions::MANAGE_GUILD | permissions::MANAGE_CHANNELS) == 0 {
            return Err(missing_permissions());
        }
        let response = payload::invite(s, &invite);
        ops::remove_invite(s, invite.guild_id, &code);
        ok(response)
    })
}
