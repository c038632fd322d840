//! Channel messages posted, edited and deleted by the bot, and its own reactions.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};

use super::body;
use super::ops;
use super::payload;
use super::rest::{
    ApiError, ApiResult, AppState, bad_body, missing_permissions, no_content, ok, snowflake, unknown_channel,
    unknown_message,
};
use super::spec::permissions;
use super::state::State as World;

fn empty_message() -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, "Cannot send an empty message", 50006)
}

/// The guild of a channel (`None` for a DM channel); an unknown channel is an error.
fn locate(state: &World, channel: u64) -> Result<Option<u64>, ApiError> {
    if let Some(g) = state.guild_of_channel(channel) {
        return Ok(Some(g));
    }
    state.dm_user_of_channel(channel).map(|_| None).ok_or_else(unknown_channel)
}

pub(crate) async fn create_message(
    State(shared): AppState,
    Path(channel_id): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult {
    let channel = snowflake(&channel_id)?;
    let parsed = body::parse(&headers, &bytes).await;
    let json = parsed.json.ok_or_else(bad_body)?;
    let has_content = json.get("content").and_then(|c| c.as_str()).is_some_and(|c| !c.is_empty());
    let has_embeds = json.get("embeds").and_then(|e| e.as_array()).is_some_and(|e| !e.is_empty());
    let has_components = json.get("components").and_then(|e| e.as_array()).is_some_and(|e| !e.is_empty());
    if !has_content && !has_embeds && !has_components && parsed.files.is_empty() {
        return Err(empty_message());
    }
    shared.update(|s| {
        let guild = locate(s, channel)?;
        if let Some(g) = guild
            && s.guilds[&g].member_permissions(s.bot_id) & permissions::SEND_MESSAGES == 0
        {
            return Err(missing_permissions());
        }
        // Files need Attach Files too (Discord answers 403, code 50013).
        if let Some(g) = guild
            && !parsed.files.is_empty()
            && s.guilds[&g].member_permissions(s.bot_id) & permissions::ATTACH_FILES == 0
        {
            return Err(missing_permissions());
        }
        let bot = s.bot_id;
        let message = ops::message_from_payload(s, channel, guild, bot, &json, parsed.files);
        let response = payload::message(s, &message, 0);
        ops::add_message(s, message);
        ok(response)
    })
}

pub(crate) async fn get_message(
    State(shared): AppState,
    Path((channel_id, message_id)): Path<(String, String)>,
) -> ApiResult {
    let (channel, id) = (snowflake(&channel_id)?, snowflake(&message_id)?);
    let state = shared.lock();
    let m = state
        .messages
        .get(&channel)
        .and_then(|v| v.iter().find(|m| m.id == id && !m.deleted))
        .ok_or_else(unknown_message)?;
    ok(payload::message(&state, m, 0))
}

pub(crate) async fn edit_message(
    State(shared): AppState,
    Path((channel_id, message_id)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult {
    let (channel, id) = (snowflake(&channel_id)?, snowflake(&message_id)?);
    let parsed = body::parse(&headers, &bytes).await;
    let json = parsed.json.ok_or_else(bad_body)?;
    shared.update(|s| {
        let bot = s.bot_id;
        let mut m = s.message_mut(channel, id).filter(|m| !m.deleted).cloned().ok_or_else(unknown_message)?;
        if m.author_id != bot {
            return Err(ApiError(StatusCode::FORBIDDEN, "Cannot edit a message authored by another user", 50005));
        }
        ops::apply_payload(s, &mut m, &json, parsed.files);
        let response = payload::message(s, &m, 0);
        if let Some(slot) = s.message_mut(channel, id) {
            *slot = m;
        }
        ok(response)
    })
}

pub(crate) async fn delete_message(
    State(shared): AppState,
    Path((channel_id, message_id)): Path<(String, String)>,
) -> ApiResult {
    let (channel, id) = (snowflake(&channel_id)?, snowflake(&message_id)?);
    shared.update(|s| ops::remove_message(s, channel, id).ok_or_else(unknown_message))?;
    no_content()
}

pub(crate) async fn add_own_reaction(
    State(shared): AppState,
    Path((channel_id, message_id, emoji)): Path<(String, String, String)>,
) -> ApiResult {
    let (channel, id) = (snowflake(&channel_id)?, snowflake(&message_id)?);
    shared.update(|s| {
        let m = s.message_mut(channel, id).filter(|m| !m.deleted).ok_or_else(unknown_message)?;
        m.bot_reactions.push(emoji.clone());
        let (guild, author) = (m.guild_id, m.author_id);
        let bot = s.bot_id;
        ops::reaction(s, true, guild, channel, id, author, bot, &emoji);
        Ok::<_, ApiError>(())
    })?;
    no_content()
}
