//! The websocket gateway: HELLO → IDENTIFY → READY → GUILD_CREATE…, heartbeats, RESUME, and
//! dispatches routed to the shard that owns a guild.
//!
//! Payloads are plain JSON text frames (serenity accepts them whatever `compress` says; Discord
//! only compresses when asked through the URL or sends zlib per payload when `compress` is true,
//! and serenity decodes both).

use std::sync::Arc;

use axum::extract::State as AxumState;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::payload;
use super::records::{ClientPayload, DispatchRecord, IdentifyRecord};
use super::spec::{intents, shard_for};
use super::state::{Outbound, RESUME_WINDOW, Session, Shared, State};

/// Dispatches kept per session for RESUME.
const RESUME_LOG_LIMIT: usize = 20_000;
/// Every intent bit Discord defines (higher bits are refused with 4013).
const VALID_INTENTS: u64 = (1 << 26) - 1;

/// Where an event goes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Target {
    /// The shard that owns this guild.
    Guild(u64),
    /// Direct messages go to shard 0.
    Direct,
}

fn frame(op: u8, data: Value) -> String {
    json!({ "op": op, "d": data, "s": null, "t": null }).to_string()
}

fn close(tx: &mpsc::UnboundedSender<Outbound>, code: u16, reason: &str) {
    let _ = tx.send(Outbound::Close(code, reason.to_owned()));
}

/// Sends one dispatch to session `idx` (numbering it) and records it.
pub(crate) fn send_dispatch(state: &mut State, idx: usize, event: &str, data: Value) {
    let session = &mut state.sessions[idx];
    session.seq += 1;
    let seq = session.seq;
    let text = json!({ "op": 0, "s": seq, "t": event, "d": data }).to_string();
    if let Some((_, tx)) = &session.conn {
        let _ = tx.send(Outbound::Text(text.clone()));
    }
    if session.log.len() >= RESUME_LOG_LIMIT {
        session.log.drain(..RESUME_LOG_LIMIT / 2);
    }
    session.log.push((seq, text));
    let record = DispatchRecord {
        session_id: session.session_id.clone(),
        shard_id: session.shard_id,
        seq,
        event: event.to_owned(),
        data,
    };
    state.dispatched.push(record);
}

/// The ready sessions an event for `target` goes to: connected ones, and recently disconnected
/// ones that may still RESUME (the event is logged for replay).
pub(crate) fn sessions_for(state: &State, target: Target) -> Vec<usize> {
    state
        .sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.ready && (s.conn.is_some() || s.disconnected_at.is_some_and(|at| at.elapsed() < RESUME_WINDOW))
        })
        .filter(|(_, s)| match target {
            Target::Guild(guild) => shard_for(guild, s.shard_total) == s.shard_id,
            Target::Direct => s.shard_id == 0,
        })
        .map(|(i, _)| i)
        .collect()
}

/// Dispatches `event` to the sessions of `target` that asked for `intent` (0: always sent);
/// returns how many connected sessions got it.
pub(crate) fn dispatch(state: &mut State, target: Target, event: &str, intent: u64, data: Value) -> usize {
    dispatch_with(state, target, event, |_, session| {
        (intent == 0 || session.intents & intent != 0).then(|| data.clone())
    })
}

/// Like [`dispatch`], with the data built per session (`None`: not sent to that one).
pub(crate) fn dispatch_with(
    state: &mut State,
    target: Target,
    event: &str,
    build: impl Fn(&State, &Session) -> Option<Value>,
) -> usize {
    let planned: Vec<(usize, Value)> = sessions_for(state, target)
        .into_iter()
        .filter_map(|idx| build(state, &state.sessions[idx]).map(|data| (idx, data)))
        .collect();
    let mut connected = 0;
    for (idx, data) in planned {
        connected += usize::from(state.sessions[idx].conn.is_some());
        send_dispatch(state, idx, event, data);
    }
    connected
}

/// Announces a guild to the session that owns it (after READY, or when the bot joins later).
pub(crate) fn send_guild_create(state: &mut State, idx: usize, guild_id: u64) {
    let all_members = state.sessions[idx].intents & intents::GUILD_MEMBERS != 0;
    let Some(guild) = state.guilds.get(&guild_id) else { return };
    let data = payload::guild_create(state, guild, state.bot_id, all_members);
    if !state.sessions[idx].guilds.contains(&guild_id) {
        state.sessions[idx].guilds.push(guild_id);
    }
    send_dispatch(state, idx, "GUILD_CREATE", data);
}

/// The axum handler for the gateway URL.
pub(crate) async fn upgrade(ws: WebSocketUpgrade, AxumState(shared): AxumState<Arc<Shared>>) -> Response {
    ws.max_message_size(16 << 20).on_upgrade(move |socket| connection(shared, socket))
}

struct Conn {
    id: u64,
    tx: mpsc::UnboundedSender<Outbound>,
    /// Index of the session once identified or resumed.
    session: Option<usize>,
}

async fn connection(shared: Arc<Shared>, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<Outbound>();
    let id = shared.update(|s| {
        s.next_conn += 1;
        s.next_conn
    });
    let hello = json!({ "heartbeat_interval": shared.config.heartbeat_interval.as_millis() as u64 });
    let _ = tx.send(Outbound::Text(frame(10, hello)));
    let mut writer = tokio::spawn(async move {
        while let Some(out) = rx.recv().await {
            match out {
                Outbound::Text(text) => {
                    if sink.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                Outbound::Close(code, reason) => {
                    let close = CloseFrame { code, reason: reason.into() };
                    let _ = sink.send(Message::Close(Some(close))).await;
                    break;
                }
            }
        }
        let _ = sink.close().await;
    });
    let mut conn = Conn { id, tx, session: None };
    // A client closing with 1000/1001 ends its session for good (no RESUME), as on Discord.
    let mut clean_close = false;
    while let Some(Ok(message)) = stream.next().await {
        match message {
            Message::Text(text) => handle(&shared, &mut conn, text.as_str()),
            Message::Binary(_) => close(&conn.tx, 4002, "Decode error"),
            Message::Close(frame) => {
                // Answer the close handshake before going away.
                let code = frame.map_or(1000, |f| f.code);
                clean_close = matches!(code, 1000 | 1001);
                let _ = conn.tx.send(Outbound::Close(code, String::new()));
                break;
            }
            Message::Ping(_) | Message::Pong(_) => {}
        }
    }
    shared.update(|s| {
        for session in &mut s.sessions {
            if session.conn.as_ref().is_some_and(|(c, _)| *c == id) {
                session.conn = None;
                session.disconnected_at = (!clean_close).then(std::time::Instant::now);
            }
        }
    });
    drop(conn);
    // The writer ends once every sender is gone or a close frame went out.
    if tokio::time::timeout(std::time::Duration::from_secs(2), &mut writer).await.is_err() {
        writer.abort();
    }
    tracing::debug!(conn = id, "fake discord gateway connection closed");
}

fn handle(shared: &Shared, conn: &mut Conn, text: &str) {
    let Ok(payload) = serde_json::from_str::<Value>(text) else {
        close(&conn.tx, 4002, "Decode error");
        return;
    };
    let op = payload.get("op").and_then(Value::as_u64);
    let data = payload.get("d").cloned().unwrap_or(Value::Null);
    match op {
        Some(1) => {
            shared.update(|s| {
                if let Some(idx) = conn.session {
                    s.sessions[idx].heartbeats += 1;
                }
            });
            let _ = conn.tx.send(Outbound::Text(frame(11, Value::Null)));
        }
        Some(2) => identify(shared, conn, &data),
        Some(6) => resume(shared, conn, &data),
        Some(op @ (3 | 4 | 8)) => {
            let Some(idx) = conn.session else {
                close(&conn.tx, 4003, "Not authenticated");
                return;
            };
            shared.update(|s| {
                let shard_id = Some(s.sessions[idx].shard_id);
                s.client_payloads.push(ClientPayload { shard_id, op, data: data.clone() });
                if op == 8 {
                    members_chunk(s, idx, &data);
                }
            });
        }
        _ => close(&conn.tx, 4001, "Unknown opcode"),
    }
}

fn token_ok(shared: &Shared, token: &str) -> bool {
    let strip = |t: &str| t.trim().trim_start_matches("Bot ").to_owned();
    strip(token) == strip(&shared.config.token)
}

fn identify(shared: &Shared, conn: &mut Conn, data: &Value) {
    if conn.session.is_some() {
        close(&conn.tx, 4005, "Already authenticated");
        return;
    }
    let token_ok = token_ok(shared, data.get("token").and_then(Value::as_str).unwrap_or(""));
    let shard = data.get("shard").and_then(Value::as_array);
    let shard_part = |i: usize| shard.and_then(|s| s.get(i)).and_then(Value::as_u64).map(|n| n as u32);
    let (shard_id, shard_total) = (shard_part(0).unwrap_or(0), shard_part(1).unwrap_or(1));
    let requested = data.get("intents").and_then(Value::as_u64).unwrap_or(0);
    let refused = if !token_ok {
        Some((4004, "Authentication failed"))
    } else if shard_total == 0 || shard_id >= shard_total {
        Some((4010, "Invalid shard"))
    } else if requested & !VALID_INTENTS != 0 {
        Some((4013, "Invalid intent(s)"))
    } else if requested & intents::PRIVILEGED & !shared.config.privileged_intents_enabled != 0 {
        Some((4014, "Disallowed intent(s)"))
    } else {
        None
    };
    let record = IdentifyRecord {
        shard_id,
        shard_total,
        intents: requested,
        token_ok,
        compress: data.get("compress").and_then(Value::as_bool).unwrap_or(false),
        large_threshold: data.get("large_threshold").and_then(Value::as_u64),
        refused_with: refused.map(|(code, _)| code),
    };
    let mut redacted = data.clone();
    redacted["token"] = json!("<redacted>");
    shared.update(|s| {
        s.identifies.push(record);
        s.client_payloads.push(ClientPayload { shard_id: Some(shard_id), op: 2, data: redacted });
    });
    if let Some((code, reason)) = refused {
        close(&conn.tx, code, reason);
        return;
    }
    let config = &shared.config;
    let idx = shared.update(|s| {
        let session_id = format!("fake-session-{:016x}", s.snowflake());
        let guilds: Vec<u64> = s.guilds.keys().copied().filter(|g| shard_for(*g, shard_total) == shard_id).collect();
        s.sessions.push(Session {
            session_id: session_id.clone(),
            shard_id,
            shard_total,
            intents: requested,
            seq: 0,
            conn: Some((conn.id, conn.tx.clone())),
            disconnected_at: None,
            ready: false,
            log: Vec::new(),
            heartbeats: 0,
            resumes: 0,
            guilds: Vec::new(),
        });
        let idx = s.sessions.len() - 1;
        let ready = json!({
            "v": 10,
            "user": payload::current_user(config),
            "guilds": guilds.iter().map(|g| json!({ "id": g.to_string(), "unavailable": true })).collect::<Vec<_>>(),
            "session_id": session_id,
            "session_type": "normal",
            "resume_gateway_url": shared.gateway_url,
            "shard": [shard_id, shard_total],
            "application": { "id": config.bot_id.to_string(), "flags": 0 },
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "auth": {},
        });
        send_dispatch(s, idx, "READY", ready);
        for guild in guilds {
            send_guild_create(s, idx, guild);
        }
        s.sessions[idx].ready = true;
        idx
    });
    conn.session = Some(idx);
}

fn resume(shared: &Shared, conn: &mut Conn, data: &Value) {
    let token_ok = token_ok(shared, data.get("token").and_then(Value::as_str).unwrap_or(""));
    if !token_ok {
        close(&conn.tx, 4004, "Authentication failed");
        return;
    }
    let session_id = data.get("session_id").and_then(Value::as_str).unwrap_or("");
    let client_seq = data.get("seq").and_then(Value::as_u64).unwrap_or(0);
    let resumed = shared.update(|s| {
        s.client_payloads.push(ClientPayload {
            shard_id: None,
            op: 6,
            data: json!({ "session_id": session_id, "seq": client_seq }),
        });
        let idx = s.sessions.iter().position(|x| x.session_id == session_id)?;
        let session = &mut s.sessions[idx];
        let resumable =
            session.conn.is_some() || session.disconnected_at.is_some_and(|at| at.elapsed() < RESUME_WINDOW);
        if !resumable {
            return None;
        }
        if session.log.first().is_some_and(|(seq, _)| *seq > client_seq + 1) {
            return None; // too far behind: what it missed is gone
        }
        if let Some((_, old)) = session.conn.take() {
            close(&old, 4000, "Session resumed elsewhere");
        }
        session.conn = Some((conn.id, conn.tx.clone()));
        session.disconnected_at = None;
        session.resumes += 1;
        for (seq, text) in &session.log {
            if *seq > client_seq {
                let _ = conn.tx.send(Outbound::Text(text.clone()));
            }
        }
        send_dispatch(s, idx, "RESUMED", json!({}));
        Some(idx)
    });
    match resumed {
        Some(idx) => conn.session = Some(idx),
        None => {
            let _ = conn.tx.send(Outbound::Text(frame(9, json!(false))));
        }
    }
}

fn members_chunk(state: &mut State, idx: usize, data: &Value) {
    let Some(guild_id) = data.get("guild_id").and_then(id_of) else { return };
    let Some(guild) = state.guilds.get(&guild_id) else { return };
    let wanted: Option<Vec<u64>> =
        data.get("user_ids").and_then(Value::as_array).map(|ids| ids.iter().filter_map(id_of).collect());
    let members: Vec<Value> = guild
        .members
        .values()
        .filter(|m| wanted.as_ref().is_none_or(|w| w.contains(&m.user_id)))
        .map(|m| payload::member(state, guild_id, m, false))
        .collect();
    let chunk = json!({
        "guild_id": guild_id.to_string(),
        "members": members,
        "chunk_index": 0,
        "chunk_count": 1,
        "not_found": [],
        "nonce": data.get("nonce").cloned().unwrap_or(Value::Null),
    });
    send_dispatch(state, idx, "GUILD_MEMBERS_CHUNK", chunk);
}

/// A snowflake written as a string or a number.
pub(crate) fn id_of(v: &Value) -> Option<u64> {
    v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

/// Closes every live connection (the fake is shutting down).
pub(crate) fn close_all(state: &mut State) {
    for session in &mut state.sessions {
        session.disconnected_at = None;
        if let Some((_, tx)) = session.conn.take() {
            close(&tx, 1001, "Going away");
        }
    }
}

/// Closes one shard's live connection with `code` (e.g. 4000, resumable); the session stays.
pub(crate) fn disconnect(state: &mut State, shard_id: u32, code: u16) -> bool {
    let mut any = false;
    for session in state.sessions.iter_mut().filter(|s| s.shard_id == shard_id) {
        if let Some((_, tx)) = session.conn.take() {
            close(&tx, code, "Disconnected by the test");
            session.disconnected_at = Some(std::time::Instant::now());
            any = true;
        }
    }
    any
}
