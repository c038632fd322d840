//! The REST API under `/api/v10`: routing, request recording, auth, injected faults, errors,
//! and the read-only routes. Messages, invites and interactions have their own files.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{MatchedPath, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, put};
use serde_json::{Value, json};

use super::records::RecordedRequest;
use super::state::Shared;
use super::{body, gateway, payload, rest_interactions, rest_invites, rest_messages};

pub(crate) type AppState = State<Arc<Shared>>;

/// A Discord JSON error (`{"message": …, "code": …}`).
#[derive(Debug)]
pub(crate) struct ApiError(pub StatusCode, pub &'static str, pub u32);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, axum::Json(json!({ "message": self.1, "code": self.2 }))).into_response()
    }
}

pub(crate) type ApiResult = Result<Response, ApiError>;

pub(crate) fn unknown_guild() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "Unknown Guild", 10004)
}
pub(crate) fn unknown_channel() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "Unknown Channel", 10003)
}
pub(crate) fn unknown_member() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "Unknown Member", 10007)
}
pub(crate) fn unknown_message() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "Unknown Message", 10008)
}
pub(crate) fn missing_permissions() -> ApiError {
    ApiError(StatusCode::FORBIDDEN, "Missing Permissions", 50013)
}
pub(crate) fn bad_body() -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, "Invalid Form Body", 50035)
}

/// Parses a snowflake from a path segment (a bad one is "not found", as on Discord).
pub(crate) fn snowflake(s: &str) -> Result<u64, ApiError> {
    s.parse().map_err(|_| ApiError(StatusCode::NOT_FOUND, "404: Not Found", 0))
}

pub(crate) fn ok(value: Value) -> ApiResult {
    Ok(axum::Json(value).into_response())
}

pub(crate) fn no_content() -> ApiResult {
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/gateway", get(gateway_url))
        .route("/gateway/bot", get(gateway_bot))
        .route("/users/@me", get(current_user))
        .route("/users/@me/channels", post(create_dm))
        .route("/users/{user_id}", get(user))
        .route("/oauth2/applications/@me", get(application_info))
        .route("/guilds/{guild_id}", get(guild))
        .route("/guilds/{guild_id}/members", get(guild_members))
        .route("/guilds/{guild_id}/members/{user_id}", get(guild_member))
        .route("/guilds/{guild_id}/roles", get(guild_roles))
        .route("/guilds/{guild_id}/channels", get(guild_channels))
        .route("/guilds/{guild_id}/invites", get(rest_invites::guild_invites))
        .route("/guilds/{guild_id}/vanity-url", get(rest_invites::vanity_url))
        .route("/channels/{channel_id}", get(channel))
        .route("/channels/{channel_id}/invites", post(rest_invites::create_invite))
        .route("/invites/{code}", get(rest_invites::get_invite).delete(rest_invites::delete_invite))
        .route("/channels/{channel_id}/messages", post(rest_messages::create_message))
        .route(
            "/channels/{channel_id}/messages/{message_id}",
            get(rest_messages::get_message).patch(rest_messages::edit_message).delete(rest_messages::delete_message),
        )
        .route(
            "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
            put(rest_messages::add_own_reaction),
        )
        .route("/interactions/{interaction_id}/{token}/callback", post(rest_interactions::callback))
        .route("/webhooks/{application_id}/{token}", post(rest_interactions::followup))
        .route(
            "/webhooks/{application_id}/{token}/messages/@original",
            get(rest_interactions::get_original)
                .patch(rest_interactions::edit_original)
                .delete(rest_interactions::delete_original),
        )
        .route(
            "/webhooks/{application_id}/{token}/messages/{message_id}",
            patch(rest_interactions::edit_followup).delete(rest_interactions::delete_followup),
        )
        .route(
            "/applications/{application_id}/commands",
            get(rest_interactions::global_commands)
                .put(rest_interactions::set_global_commands)
                .post(rest_interactions::create_global_command),
        )
        .route(
            "/applications/{application_id}/guilds/{guild_id}/commands",
            get(rest_interactions::guild_commands)
                .put(rest_interactions::set_guild_commands)
                .post(rest_interactions::create_guild_command),
        )
        .route_layer(middleware::from_fn_with_state(shared.clone(), record));
    Router::new()
        .nest("/api/v10", api)
        .route("/gateway", get(gateway::upgrade))
        .fallback(unknown_route)
        .with_state(shared)
}

fn authorized(shared: &Shared, headers: &HeaderMap) -> bool {
    let token = shared.config.token.trim_start_matches("Bot ");
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start_matches("Bot ") == token)
}

/// Records the request, applies injected faults and checks the token, then runs the handler.
async fn record(State(shared): AppState, matched: Option<MatchedPath>, request: Request, next: Next) -> Response {
    let (parts, body_stream) = request.into_parts();
    let Ok(bytes) = to_bytes(body_stream, 64 << 20).await else {
        return ApiError(StatusCode::PAYLOAD_TOO_LARGE, "Request entity too large", 40005).into_response();
    };
    let template = matched.map(|m| m.as_str().trim_start_matches("/api/v10").to_owned());
    let path = parts.uri.path().to_owned();
    let route = format!("{} {}", parts.method, template.clone().unwrap_or_else(|| path.clone()));
    let parsed = body::parse(&parts.headers, &bytes).await;
    let webhook = template.as_deref().is_some_and(|t| t.starts_with("/interactions/") || t.starts_with("/webhooks/"));
    let is_authorized = webhook || authorized(&shared, &parts.headers);
    let (index, fault) = shared.update(|s| {
        let seq = s.requests.len() as u64;
        s.requests.push(RecordedRequest {
            seq,
            method: parts.method.to_string(),
            route: route.clone(),
            path,
            query: parts.uri.query().map(str::to_owned),
            json: parsed.json,
            multipart: parsed.multipart,
            known: true,
            status: 0,
        });
        let fault = s.faults.get_mut(&route).map(|f| {
            if let Some(n) = f.remaining.as_mut() {
                *n = n.saturating_sub(1);
            }
            f.clone()
        });
        s.faults.retain(|_, f| f.remaining != Some(0));
        (seq as usize, fault)
    });
    if let Some(delay) = fault.as_ref().map(|f| f.delay).filter(|d| !d.is_zero()) {
        tokio::time::sleep(delay).await;
    }
    let response = if let Some((status, body)) = fault.and_then(|f| f.fail) {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(body)).into_response()
    } else if !is_authorized {
        ApiError(StatusCode::UNAUTHORIZED, "401: Unauthorized", 0).into_response()
    } else {
        next.run(Request::from_parts(parts, Body::from(bytes))).await
    };
    let status = response.status().as_u16();
    shared.update(|s| s.requests[index].status = status);
    response
}

/// Any route the fake does not know: 404, recorded so tests see what the client asked for.
async fn unknown_route(State(shared): AppState, request: Request) -> Response {
    let (parts, body_stream) = request.into_parts();
    let bytes: Bytes = to_bytes(body_stream, 64 << 20).await.unwrap_or_default();
    let parsed = body::parse(&parts.headers, &bytes).await;
    let path = parts.uri.path().to_owned();
    let route = format!("{} {}", parts.method, path.trim_start_matches("/api/v10"));
    tracing::warn!(%route, "fake discord: unknown route");
    shared.update(|s| {
        let seq = s.requests.len() as u64;
        s.requests.push(RecordedRequest {
            seq,
            method: parts.method.to_string(),
            route,
            path,
            query: parts.uri.query().map(str::to_owned),
            json: parsed.json,
            multipart: parsed.multipart,
            known: false,
            status: 404,
        });
    });
    ApiError(StatusCode::NOT_FOUND, "404: Not Found", 0).into_response()
}

async fn gateway_url(State(shared): AppState) -> ApiResult {
    ok(json!({ "url": shared.gateway_url }))
}

async fn gateway_bot(State(shared): AppState) -> ApiResult {
    ok(json!({
        "url": shared.gateway_url,
        "shards": shared.config.recommended_shards,
        "session_start_limit": { "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1 },
    }))
}

async fn current_user(State(shared): AppState) -> ApiResult {
    ok(payload::current_user(&shared.config))
}

async fn user(State(shared): AppState, Path(user_id): Path<String>) -> ApiResult {
    let id = snowflake(&user_id)?;
    let state = shared.lock();
    match state.users.get(&id) {
        Some(u) => ok(payload::user(u)),
        None => Err(ApiError(StatusCode::NOT_FOUND, "Unknown User", 10013)),
    }
}

async fn create_dm(State(shared): AppState, body: Bytes) -> ApiResult {
    let json: Value = serde_json::from_slice(&body).map_err(|_| bad_body())?;
    let recipient = json.get("recipient_id").and_then(gateway::id_of).ok_or_else(bad_body)?;
    shared.update(|s| {
        if !s.users.contains_key(&recipient) {
            return Err(ApiError(StatusCode::NOT_FOUND, "Unknown User", 10013));
        }
        let channel_id = match s.dm_channels.get(&recipient) {
            Some(c) => *c,
            None => {
                let c = s.snowflake();
                s.dm_channels.insert(recipient, c);
                c
            }
        };
        ok(payload::dm_channel(s, channel_id, recipient))
    })
}

async fn application_info(State(shared): AppState) -> ApiResult {
    ok(payload::application_info(&shared.config))
}

async fn guild(State(shared): AppState, Path(guild_id): Path<String>, request: Request) -> ApiResult {
    let id = snowflake(&guild_id)?;
    let with_counts = request.uri().query().is_some_and(|q| q.contains("with_counts=true"));
    let state = shared.lock();
    let g = state.guilds.get(&id).ok_or_else(unknown_guild)?;
    let mut v = payload::guild_base(g, state.bot_id);
    if with_counts {
        v["approximate_member_count"] = json!(g.members.len());
        v["approximate_presence_count"] = json!(0);
    }
    ok(v)
}

async fn guild_members(State(shared): AppState, Path(guild_id): Path<String>, request: Request) -> ApiResult {
    let id = snowflake(&guild_id)?;
    let query = request.uri().query().unwrap_or("");
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let limit = param("limit").unwrap_or(1).clamp(1, 1000) as usize;
    let after = param("after").unwrap_or(0);
    let state = shared.lock();
    let g = state.guilds.get(&id).ok_or_else(unknown_guild)?;
    let members: Vec<Value> =
        g.members.range(after + 1..).take(limit).map(|(_, m)| payload::member(&state, id, m, true)).collect();
    ok(Value::Array(members))
}

async fn guild_member(State(shared): AppState, Path((guild_id, user_id)): Path<(String, String)>) -> ApiResult {
    let (gid, uid) = (snowflake(&guild_id)?, snowflake(&user_id)?);
    let state = shared.lock();
    let g = state.guilds.get(&gid).ok_or_else(unknown_guild)?;
    let m = g.members.get(&uid).ok_or_else(unknown_member)?;
    ok(payload::member(&state, gid, m, true))
}

async fn guild_roles(State(shared): AppState, Path(guild_id): Path<String>) -> ApiResult {
    let id = snowflake(&guild_id)?;
    let state = shared.lock();
    let g = state.guilds.get(&id).ok_or_else(unknown_guild)?;
    ok(Value::Array(payload::guild_roles(g, state.bot_id)))
}

async fn guild_channels(State(shared): AppState, Path(guild_id): Path<String>) -> ApiResult {
    let id = snowflake(&guild_id)?;
    let state = shared.lock();
    let g = state.guilds.get(&id).ok_or_else(unknown_guild)?;
    ok(Value::Array(payload::guild_channels(g)))
}

async fn channel(State(shared): AppState, Path(channel_id): Path<String>) -> ApiResult {
    let id = snowflake(&channel_id)?;
    let state = shared.lock();
    if let Some(g) = state.guild_of_channel(id).and_then(|g| state.guilds.get(&g)) {
        let (pos, c) = g.channels.iter().enumerate().find(|(_, c)| c.id == id).ok_or_else(unknown_channel)?;
        return ok(payload::channel(g.id, c, pos));
    }
    match state.dm_user_of_channel(id) {
        Some(user) => ok(payload::dm_channel(&state, id, user)),
        None => Err(unknown_channel()),
    }
}
