//! Interaction answers (callback, follow-ups, edits of the original) and command registration.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::body::{self, FilePart};
use super::gateway;
use super::ops;
use super::payload;
use super::records::{CallbackKind, RecordedMessage, RecordedResponse};
use super::rest::{ApiError, ApiResult, AppState, bad_body, no_content, ok, snowflake, unknown_guild, unknown_message};
use super::state::State as World;

fn unknown_interaction() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "Unknown interaction", 10062)
}
fn unknown_webhook() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "Unknown Webhook", 10015)
}

/// The interaction a webhook token belongs to; the application id must be the bot's.
fn by_token(state: &World, application_id: &str, token: &str) -> Result<u64, ApiError> {
    if snowflake(application_id)? != state.bot_id {
        return Err(unknown_webhook());
    }
    state.interaction_by_token(token).ok_or_else(unknown_webhook)
}

/// A message answering interaction `id`, built from a message body.
fn answer_message(state: &mut World, id: u64, data: &Value, files: Vec<FilePart>) -> RecordedMessage {
    let (channel, guild) = {
        let i = &state.interactions[&id];
        (i.channel_id, i.guild_id)
    };
    let bot = state.bot_id;
    let mut m = ops::message_from_payload(state, channel, guild, bot, data, files);
    m.interaction_id = Some(id);
    m
}

/// Puts a non-ephemeral answer into its channel (with MESSAGE_CREATE), or updates the copy
/// already there.
fn publish(state: &mut World, m: &RecordedMessage) {
    if m.is_ephemeral() {
        return;
    }
    match state.message_mut(m.channel_id, m.id) {
        Some(slot) => *slot = m.clone(),
        None => {
            ops::add_message(state, m.clone());
        }
    }
}

pub(crate) async fn callback(
    State(shared): AppState,
    Path((interaction_id, token)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult {
    let id = snowflake(&interaction_id)?;
    let parsed = body::parse(&headers, &bytes).await;
    let callback = parsed.json.ok_or_else(bad_body)?;
    let kind = CallbackKind::from_number(callback.get("type").and_then(Value::as_u64).unwrap_or(0));
    let data = callback.get("data").cloned().unwrap_or_else(|| json!({}));
    shared.update(|s| {
        let interaction = s.interactions.get(&id).filter(|i| i.token == token).ok_or_else(unknown_interaction)?;
        if interaction.response.is_some() {
            return Err(ApiError(StatusCode::BAD_REQUEST, "Interaction has already been acknowledged.", 40060));
        }
        let ephemeral = data.get("flags").and_then(Value::as_u64).unwrap_or(0) & 64 != 0;
        let original = match kind {
            CallbackKind::Message | CallbackKind::Deferred => {
                let mut m = answer_message(s, id, &data, parsed.files);
                if kind == CallbackKind::Deferred {
                    m.content.clear();
                    m.flags = if ephemeral { 64 } else { 0 };
                } else {
                    publish(s, &m);
                }
                Some(m)
            }
            _ => None,
        };
        let deferred = matches!(kind, CallbackKind::Deferred | CallbackKind::DeferredUpdate);
        let response = RecordedResponse {
            interaction_id: id,
            kind,
            deferred,
            ephemeral,
            original,
            followups: Vec::new(),
            callback: callback.clone(),
        };
        if let Some(i) = s.interactions.get_mut(&id) {
            i.response = Some(response);
        }
        Ok(())
    })?;
    no_content()
}

pub(crate) async fn followup(
    State(shared): AppState,
    Path((application_id, token)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult {
    let parsed = body::parse(&headers, &bytes).await;
    let json = parsed.json.ok_or_else(bad_body)?;
    shared.update(|s| {
        let id = by_token(s, &application_id, &token)?;
        if s.interactions[&id].response.is_none() {
            return Err(unknown_webhook());
        }
        let m = answer_message(s, id, &json, parsed.files);
        publish(s, &m);
        let out = payload::message(s, &m, 0);
        if let Some(r) = s.interactions.get_mut(&id).and_then(|i| i.response.as_mut()) {
            r.followups.push(m);
        }
        ok(out)
    })
}

fn original_of(state: &World, id: u64) -> Result<RecordedMessage, ApiError> {
    let response = state.interactions[&id].response.as_ref().ok_or_else(unknown_webhook)?;
    response.original.clone().ok_or_else(unknown_message)
}

pub(crate) async fn get_original(
    State(shared): AppState,
    Path((application_id, token)): Path<(String, String)>,
) -> ApiResult {
    let state = shared.lock();
    let id = by_token(&state, &application_id, &token)?;
    let m = original_of(&state, id)?;
    ok(payload::message(&state, &m, 0))
}

pub(crate) async fn edit_original(
    State(shared): AppState,
    Path((application_id, token)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult {
    let parsed = body::parse(&headers, &bytes).await;
    let json = parsed.json.ok_or_else(bad_body)?;
    shared.update(|s| {
        let id = by_token(s, &application_id, &token)?;
        let mut m = original_of(s, id)?;
        ops::apply_payload(s, &mut m, &json, parsed.files);
        publish(s, &m);
        let out = payload::message(s, &m, 0);
        if let Some(r) = s.interactions.get_mut(&id).and_then(|i| i.response.as_mut()) {
            r.original = Some(m);
        }
        ok(out)
    })
}

pub(crate) async fn delete_original(
    State(shared): AppState,
    Path((application_id, token)): Path<(String, String)>,
) -> ApiResult {
    shared.update(|s| {
        let id = by_token(s, &application_id, &token)?;
        let m = original_of(s, id)?;
        ops::remove_message(s, m.channel_id, m.id);
        if let Some(o) = s.interactions.get_mut(&id).and_then(|i| i.response.as_mut()).and_then(|r| r.original.as_mut())
        {
            o.deleted = true;
        }
        Ok::<_, ApiError>(())
    })?;
    no_content()
}

pub(crate) async fn edit_followup(
    State(shared): AppState,
    Path((application_id, token, message_id)): Path<(String, String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult {
    let message = snowflake(&message_id)?;
    let parsed = body::parse(&headers, &bytes).await;
    let json = parsed.json.ok_or_else(bad_body)?;
    shared.update(|s| {
        let id = by_token(s, &application_id, &token)?;
        let response = s.interactions[&id].response.as_ref().ok_or_else(unknown_webhook)?;
        let mut m = response.followups.iter().find(|f| f.id == message).cloned().ok_or_else(unknown_message)?;
        ops::apply_payload(s, &mut m, &json, parsed.files);
        publish(s, &m);
        let out = payload::message(s, &m, 0);
        if let Some(r) = s.interactions.get_mut(&id).and_then(|i| i.response.as_mut())
            && let Some(slot) = r.followups.iter_mut().find(|f| f.id == message)
        {
            *slot = m;
        }
        ok(out)
    })
}

pub(crate) async fn delete_followup(
    State(shared): AppState,
    Path((application_id, token, message_id)): Path<(String, String, String)>,
) -> ApiResult {
    let message = snowflake(&message_id)?;
    shared.update(|s| {
        let id = by_token(s, &application_id, &token)?;
        let channel = s.interactions[&id].channel_id;
        let response = s.interactions.get_mut(&id).and_then(|i| i.response.as_mut()).ok_or_else(unknown_webhook)?;
        let m = response.followups.iter_mut().find(|f| f.id == message).ok_or_else(unknown_message)?;
        m.deleted = true;
        ops::remove_message(s, channel, message);
        Ok::<_, ApiError>(())
    })?;
    no_content()
}

// ---- command registration ----

fn check_app(state: &World, application_id: &str) -> Result<(), ApiError> {
    if snowflake(application_id)? == state.bot_id {
        Ok(())
    } else {
        Err(ApiError(StatusCode::FORBIDDEN, "Missing Access", 50001))
    }
}

/// Gives a command body the fields Discord adds; keeps the id of a same-named existing one.
fn registered(state: &mut World, existing: &[Value], body: &Value, guild: Option<u64>) -> Value {
    let name = body.get("name").and_then(Value::as_str).unwrap_or_default();
    let kind = body.get("type").and_then(Value::as_u64).unwrap_or(1);
    let id = existing
        .iter()
        .find(|c| c["name"] == json!(name) && c["type"] == json!(kind))
        .and_then(|c| c.get("id").and_then(gateway::id_of))
        .unwrap_or_else(|| state.snowflake());
    let mut command = body.clone();
    payload::merge(
        &mut command,
        json!({
            "id": id.to_string(),
            "type": kind,
            "application_id": state.bot_id.to_string(),
            "version": state.snowflake().to_string(),
            "description": body.get("description").cloned().unwrap_or_else(|| json!("")),
            "options": body.get("options").cloned().unwrap_or_else(|| json!([])),
        }),
    );
    if let Some(g) = guild {
        command["guild_id"] = json!(g.to_string());
    }
    command
}

fn commands_mut(state: &mut World, guild: Option<u64>) -> &mut Vec<Value> {
    match guild {
        Some(g) => state.guild_commands.entry(g).or_default(),
        None => &mut state.global_commands,
    }
}

fn list(shared: &AppState, application_id: &str, guild: Option<u64>) -> ApiResult {
    let state = shared.0.lock();
    check_app(&state, application_id)?;
    let commands = match guild {
        Some(g) => state.guild_commands.get(&g).cloned().unwrap_or_default(),
        None => state.global_commands.clone(),
    };
    ok(Value::Array(commands))
}

fn replace(shared: &AppState, application_id: &str, guild: Option<u64>, bytes: &Bytes) -> ApiResult {
    let bodies: Vec<Value> = serde_json::from_slice(bytes).map_err(|_| bad_body())?;
    shared.0.update(|s| {
        check_app(s, application_id)?;
        if guild.is_some_and(|g| !s.guilds.contains_key(&g)) {
            return Err(unknown_guild());
        }
        let existing = commands_mut(s, guild).clone();
        let commands: Vec<Value> = bodies.iter().map(|b| registered(s, &existing, b, guild)).collect();
        *commands_mut(s, guild) = commands.clone();
        ok(Value::Array(commands))
    })
}

fn upsert(shared: &AppState, application_id: &str, guild: Option<u64>, bytes: &Bytes) -> ApiResult {
    let body: Value = serde_json::from_slice(bytes).map_err(|_| bad_body())?;
    shared.0.update(|s| {
        check_app(s, application_id)?;
        if guild.is_some_and(|g| !s.guilds.contains_key(&g)) {
            return Err(unknown_guild());
        }
        let existing = commands_mut(s, guild).clone();
        let command = registered(s, &existing, &body, guild);
        let list = commands_mut(s, guild);
        let status = match list.iter_mut().find(|c| c["id"] == command["id"]) {
            Some(slot) => {
                *slot = command.clone();
                StatusCode::OK
            }
            None => {
                list.push(command.clone());
                StatusCode::CREATED
            }
        };
        Ok((status, axum::Json(command)).into_response())
    })
}

pub(crate) async fn global_commands(shared: AppState, Path(application_id): Path<String>) -> ApiResult {
    list(&shared, &application_id, None)
}

pub(crate) async fn set_global_commands(
    shared: AppState,
    Path(application_id): Path<String>,
    bytes: Bytes,
) -> ApiResult {
    replace(&shared, &application_id, None, &bytes)
}

pub(crate) async fn create_global_command(
    shared: AppState,
    Path(application_id): Path<String>,
    bytes: Bytes,
) -> ApiResult {
    upsert(&shared, &application_id, None, &bytes)
}

pub(crate) async fn guild_commands(
    shared: AppState,
    Path((application_id, guild_id)): Path<(String, String)>,
) -> ApiResult {
    list(&shared, &application_id, Some(snowflake(&guild_id)?))
}

pub(crate) async fn set_guild_commands(
    shared: AppState,
    Path((application_id, guild_id)): Path<(String, String)>,
    bytes: Bytes,
) -> ApiResult {
    replace(&shared, &application_id, Some(snowflake(&guild_id)?), &bytes)
}

pub(crate) async fn create_guild_command(
    shared: AppState,
    Path((application_id, guild_id)): Path<(String, String)>,
    bytes: Bytes,
) -> ApiResult {
    upsert(&shared, &application_id, Some(snowflake(&guild_id)?), &bytes)
}
