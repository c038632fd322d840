//! A fake Discord (REST API v10 and the websocket gateway) on 127.0.0.1 for tests and benchmarks.
//!
//! The unmodified serenity/poise client runs against it:
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! use snowball::testkit::discord::{FakeDiscord, GuildSpec};
//! use serenity::all::{ClientBuilder, GatewayIntents};
//!
//! let fake = FakeDiscord::start().await;
//! fake.add_guild(GuildSpec::new(1 << 22, "community", 42));
//! // REST goes to the fake through serenity's proxy setting (ratelimiter disabled, or serenity
//! // ignores the proxy); the gateway URL comes from `GET /gateway`.
//! let http = fake.http();
//! let mut client = ClientBuilder::new_with_http(http, GatewayIntents::non_privileged()).await?;
//! tokio::spawn(async move { client.start().await });
//! fake.wait_until_ready(1).await;
//! # Ok(()) }
//! ```
//!
//! It is an honest protocol peer: HELLO, IDENTIFY checked (token, shard, intents; recorded),
//! READY with the unavailable guilds of that shard, then one GUILD_CREATE per guild, numbered
//! dispatches, heartbeat ACKs, RESUME with replay. Events go only to the shard owning the guild
//! (`(guild_id >> 22) % shard_total`) and only if that session asked for the intent; without
//! MESSAGE_CONTENT, message content is blanked. Invite uses count like Discord's, including
//! invites deleted when used up. Every REST request is recorded by route; unknown routes answer
//! 404 and are recorded too.
//!
//! The test-facing API: this file (start, guilds, queries, waiting), [`events`] (pushing
//! platform events), [`interactions`] (slash commands and their answers).

mod body;
pub mod events;
mod gateway;
pub mod interactions;
mod ops;
mod payload;
mod records;
mod rest;
mod rest_interactions;
mod rest_invites;
mod rest_messages;
pub mod routes;
mod spec;
mod state;
#[cfg(test)]
mod tests;
mod wait;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

pub use events::{Join, PostMessage};
pub use interactions::{InteractionHandle, InvokeError, SlashCommand};
pub use records::{
    CallbackKind, ClientPayload, DispatchRecord, IdentifyRecord, InviteInfo, JoinOutcome, MemberInfo,
    RecordedAttachment, RecordedMessage, RecordedRequest, RecordedResponse, ShardStatus,
};
pub use spec::{
    ChannelKind, ChannelSpec, FakeDiscordConfig, GuildSpec, MemberSpec, RoleSpec, UserSpec, guild_id_on_shard, intents,
    permissions, shard_for,
};

use state::{Fault, GuildState, MemberState, Shared, State};

/// A running fake Discord. Dropping it stops the server and closes the gateway connections.
pub struct FakeDiscord {
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        self.shared.update(gateway::close_all);
        self.server.abort();
    }
}

impl FakeDiscord {
    /// Starts a fake with the default configuration on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        Self::start_with(FakeDiscordConfig::default()).await
    }

    /// Starts a fake with `config`.
    ///
    /// # Panics
    /// If no port on 127.0.0.1 can be bound.
    pub async fn start_with(config: FakeDiscordConfig) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let mut state = State { bot_id: config.bot_id, ..State::default() };
        let bot = UserSpec::new(config.bot_id, config.bot_name.clone()).bot();
        state.users.insert(bot.id, bot);
        state.users.insert(config.application_owner.id, config.application_owner.clone());
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            changed: Notify::new(),
            config,
            http_base: format!("http://{addr}"),
            gateway_url: format!("ws://{addr}/gateway"),
        });
        let app = rest::router(shared.clone());
        let server = tokio::spawn(async move {
            // As Discord's servers: no Nagle delay on small writes (with the client's delayed
            // ACK it adds 40 ms to some responses and gateway events).
            let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
                let _ = tcp.set_nodelay(true);
            });
            if let Err(error) = axum::serve(listener, app).await {
                tracing::error!(%error, "fake discord server stopped");
            }
        });
        Self { shared, server }
    }

    // ---- identity ----

    /// What to give serenity's `HttpBuilder::proxy` (`http://127.0.0.1:PORT`).
    pub fn base_url(&self) -> &str {
        &self.shared.http_base
    }

    /// The gateway URL `GET /gateway` hands out (`ws://127.0.0.1:PORT/gateway`).
    pub fn gateway_url(&self) -> &str {
        &self.shared.gateway_url
    }

    pub fn token(&self) -> &str {
        &self.shared.config.token
    }

    /// The application id (= the bot user's id).
    pub fn application_id(&self) -> u64 {
        self.shared.config.bot_id
    }

    pub fn bot_user_id(&self) -> u64 {
        self.shared.config.bot_id
    }

    pub fn config(&self) -> &FakeDiscordConfig {
        &self.shared.config
    }

    /// A serenity `Http` talking to this fake: proxy set, ratelimiter disabled (serenity applies
    /// the proxy only then), application id set.
    pub fn http(&self) -> serenity::http::Http {
        serenity::http::HttpBuilder::new(self.token())
            .proxy(self.base_url())
            .ratelimiter_disabled(true)
            .application_id(serenity::model::id::ApplicationId::new(self.application_id()))
            .build()
    }

    /// Fixes the clock used for timestamps (joins, messages, invites); `None`: real time.
    pub fn set_now(&self, now: Option<DateTime<Utc>>) {
        self.shared.update(|s| s.now = now);
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.shared.lock().now()
    }

    // ---- the world ----

    /// Registers a user (name, bot flag) without making them a member anywhere.
    pub fn add_user(&self, user: UserSpec) {
        self.shared.update(|s| {
            s.users.insert(user.id, user);
        });
    }

    /// Adds a guild the bot is in (with a managed bot role holding `bot_permissions`). If a
    /// gateway session owning it is up, it gets a GUILD_CREATE now, as when a bot joins a guild.
    pub fn add_guild(&self, spec: GuildSpec) {
        self.shared.update(|s| {
            let now = s.now();
            let bot_role_id = s.snowflake();
            let mut roles = vec![RoleSpec {
                id: spec.id,
                name: "@everyone".into(),
                permissions: spec.everyone_permissions,
                position: 0,
            }];
            roles.extend(spec.roles.iter().cloned());
            roles.push(RoleSpec {
                id: bot_role_id,
                name: self.shared.config.bot_name.clone(),
                permissions: spec.bot_permissions,
                position: 1,
            });
            let mut listed: Vec<MemberSpec> = spec.members.clone();
            if !listed.iter().any(|m| m.user.id == spec.owner) {
                let owner = s.users.get(&spec.owner).cloned().unwrap_or_else(|| UserSpec::from(spec.owner));
                listed.push(MemberSpec::new(owner));
            }
            let mut members = BTreeMap::new();
            for m in listed {
                let state = MemberState {
                    user_id: m.user.id,
                    roles: m.roles.clone(),
                    nick: m.nick.clone(),
                    joined_at: m.joined_at.unwrap_or(now),
                };
                members.insert(m.user.id, state);
                s.users.insert(m.user.id, m.user);
            }
            members.insert(
                s.bot_id,
                MemberState { user_id: s.bot_id, roles: vec![bot_role_id], nick: None, joined_at: now },
            );
            let guild = GuildState {
                id: spec.id,
                name: spec.name.clone(),
                owner: spec.owner,
                channels: spec.channels.clone(),
                roles,
                bot_role_id,
                members,
                invites: BTreeMap::new(),
                vanity: spec.vanity.clone(),
                joined_at: now,
            };
            s.guilds.insert(spec.id, guild);
            for idx in gateway::sessions_for(s, gateway::Target::Guild(spec.id)) {
                gateway::send_guild_create(s, idx, spec.id);
            }
        });
    }

    /// Removes the bot from a guild (GUILD_DELETE to the owning shard).
    pub fn remove_guild(&self, guild_id: u64) -> bool {
        self.shared.update(|s| {
            if s.guilds.remove(&guild_id).is_none() {
                return false;
            }
            let data = serde_json::json!({ "id": guild_id.to_string(), "unavailable": false });
            gateway::dispatch(s, gateway::Target::Guild(guild_id), "GUILD_DELETE", 0, data);
            true
        })
    }

    /// Changes what the bot's role allows in a guild (e.g. take MANAGE_GUILD away).
    pub fn set_bot_permissions(&self, guild_id: u64, permissions: u64) {
        self.shared.update(|s| {
            if let Some(g) = s.guilds.get_mut(&guild_id) {
                let bot_role = g.bot_role_id;
                if let Some(role) = g.roles.iter_mut().find(|r| r.id == bot_role) {
                    role.permissions = permissions;
                }
            }
        });
    }

    // ---- queries ----

    pub fn members(&self, guild_id: u64) -> Vec<MemberInfo> {
        let state = self.shared.lock();
        let Some(g) = state.guilds.get(&guild_id) else { return Vec::new() };
        g.members
            .values()
            .map(|m| MemberInfo {
                user: state.user(m.user_id),
                roles: m.roles.clone(),
                nick: m.nick.clone(),
                joined_at: m.joined_at,
            })
            .collect()
    }

    pub fn member(&self, guild_id: u64, user_id: u64) -> Option<MemberInfo> {
        self.members(guild_id).into_iter().find(|m| m.user.id == user_id)
    }

    /// The guild's live invites, by code.
    pub fn invites(&self, guild_id: u64) -> Vec<InviteInfo> {
        let state = self.shared.lock();
        state.guilds.get(&guild_id).map(|g| g.invites.values().cloned().collect()).unwrap_or_default()
    }

    pub fn invite(&self, code: &str) -> Option<InviteInfo> {
        self.shared.lock().find_invite(code).cloned()
    }

    /// The vanity code and its use count.
    pub fn vanity(&self, guild_id: u64) -> Option<(String, u64)> {
        self.shared.lock().guilds.get(&guild_id).and_then(|g| g.vanity.clone())
    }

    /// Messages in a channel (including deleted ones, flagged), oldest first.
    pub fn messages_in(&self, channel_id: u64) -> Vec<RecordedMessage> {
        self.shared.lock().messages.get(&channel_id).cloned().unwrap_or_default()
    }

    /// Messages the bot posted in a channel (not deleted), oldest first.
    pub fn bot_messages_in(&self, channel_id: u64) -> Vec<RecordedMessage> {
        let bot = self.bot_user_id();
        self.messages_in(channel_id).into_iter().filter(|m| m.author_id == bot && !m.deleted).collect()
    }

    /// The DM channel the bot opened with a user, if any.
    pub fn dm_channel(&self, user_id: u64) -> Option<u64> {
        self.shared.lock().dm_channels.get(&user_id).copied()
    }

    /// Commands registered globally (`None`) or for a guild, as the fake stores them.
    pub fn registered_commands(&self, guild_id: Option<u64>) -> Vec<Value> {
        let state = self.shared.lock();
        match guild_id {
            Some(g) => state.guild_commands.get(&g).cloned().unwrap_or_default(),
            None => state.global_commands.clone(),
        }
    }

    /// Every REST request so far, in arrival order.
    pub fn all_requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// The requests for one route, e.g. [`routes::GUILD_INVITES`].
    pub fn requests(&self, route: &str) -> Vec<RecordedRequest> {
        self.shared.lock().requests.iter().filter(|r| r.route == route).cloned().collect()
    }

    pub fn request_count(&self, route: &str) -> usize {
        self.shared.lock().requests.iter().filter(|r| r.route == route).count()
    }

    /// Request counts per route.
    pub fn request_counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for r in &self.shared.lock().requests {
            *counts.entry(r.route.clone()).or_default() += 1;
        }
        counts
    }

    /// Requests for routes the fake does not implement (answered 404).
    pub fn unknown_requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.iter().filter(|r| !r.known).cloned().collect()
    }

    /// Every IDENTIFY received (including refused ones).
    pub fn identifies(&self) -> Vec<IdentifyRecord> {
        self.shared.lock().identifies.clone()
    }

    /// The gateway sessions, in identify order.
    pub fn shards(&self) -> Vec<ShardStatus> {
        let state = self.shared.lock();
        state
            .sessions
            .iter()
            .map(|s| ShardStatus {
                session_id: s.session_id.clone(),
                shard_id: s.shard_id,
                shard_total: s.shard_total,
                intents: s.intents,
                connected: s.conn.is_some(),
                ready: s.ready,
                seq: s.seq,
                heartbeats: s.heartbeats,
                resumes: s.resumes,
                guilds: s.guilds.clone(),
            })
            .collect()
    }

    /// Dispatches sent so far (all sessions), optionally only one event name.
    pub fn dispatched(&self, event: Option<&str>) -> Vec<DispatchRecord> {
        let state = self.shared.lock();
        state.dispatched.iter().filter(|d| event.is_none_or(|e| d.event == e)).cloned().collect()
    }

    /// Non-heartbeat payloads clients sent on the gateway (tokens redacted).
    pub fn client_payloads(&self) -> Vec<ClientPayload> {
        self.shared.lock().client_payloads.clone()
    }

    // ---- faults ----

    /// Makes the next `times` requests (`None`: all) for `route` fail with `status` and a
    /// Discord error body (e.g. 429 with `retry_after`, or 500).
    pub fn fail_route(&self, route: &str, status: u16, body: Value, times: Option<u32>) {
        self.shared.update(|s| {
            let fault = s.faults.entry(route.to_owned()).or_insert(Fault {
                delay: Duration::ZERO,
                fail: None,
                remaining: times,
            });
            fault.fail = Some((status, body));
            fault.remaining = times;
        });
    }

    /// Delays every request for `route` (e.g. to make invite fetches slow during a join burst).
    pub fn delay_route(&self, route: &str, delay: Duration) {
        self.shared.update(|s| {
            let fault = s.faults.entry(route.to_owned()).or_insert(Fault { delay, fail: None, remaining: None });
            fault.delay = delay;
        });
    }

    /// Removes injected faults for `route`.
    pub fn clear_faults(&self, route: &str) {
        self.shared.update(|s| {
            s.faults.remove(route);
        });
    }

    /// Closes the live connection(s) of `shard_id` with `code` (4000 lets serenity RESUME).
    pub fn disconnect_shard(&self, shard_id: u32, code: u16) -> bool {
        self.shared.update(|s| gateway::disconnect(s, shard_id, code))
    }

    pub(crate) fn shared(&self) -> &Shared {
        &self.shared
    }
}
