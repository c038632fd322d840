//! Slash commands invoked by a test user (INTERACTION_CREATE) and the bot's recorded answers.

use serde_json::{Map, Value, json};

use super::gateway::{self, Target};
use super::payload;
use super::records::RecordedResponse;
use super::state::{InteractionState, State};
use super::{FakeDiscord, permissions};

/// Why a slash command could not be invoked.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InvokeError {
    #[error("command {0:?} is not registered (globally or for the guild)")]
    NotRegistered(String),
    #[error("user {user} is not a member of guild {guild}")]
    NotAMember { guild: u64, user: u64 },
    #[error("channel {channel} is not in guild {guild}")]
    UnknownChannel { guild: u64, channel: u64 },
}

/// A slash command a member invokes. `name` may hold subcommands: `"snowball invites"`.
#[derive(Clone, Debug)]
pub struct SlashCommand {
    pub guild_id: u64,
    pub channel_id: u64,
    pub user_id: u64,
    pub name: String,
    /// Option values by name. Types come from the registered command's options; user, channel
    /// and role options take ids (string or number) and are resolved from the fake's state.
    pub options: Vec<(String, Value)>,
    /// The member's permissions as sent in `member.permissions`; `None`: computed from roles.
    pub member_permissions: Option<u64>,
}

impl SlashCommand {
    pub fn new(guild_id: u64, channel_id: u64, user_id: u64, name: impl Into<String>) -> Self {
        Self { guild_id, channel_id, user_id, name: name.into(), options: Vec::new(), member_permissions: None }
    }

    pub fn option(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.options.push((name.into(), value.into()));
        self
    }

    pub fn permissions(mut self, permissions: u64) -> Self {
        self.member_permissions = Some(permissions);
        self
    }
}

/// An interaction sent to the bot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InteractionHandle {
    pub id: u64,
    pub token: String,
    pub guild_id: u64,
    pub channel_id: u64,
    pub user_id: u64,
    /// Gateway sessions that got it (0: the owning shard is offline; no answer will come).
    pub delivered: usize,
}

fn option_type(value: &Value) -> u64 {
    match value {
        Value::Bool(_) => 5,
        Value::Number(n) if n.is_i64() || n.is_u64() => 4,
        Value::Number(_) => 10,
        _ => 3,
    }
}

/// Builds `data.options` for the leaf command and fills `resolved`.
fn leaf_options(
    state: &State,
    guild_id: u64,
    definitions: &[Value],
    given: &[(String, Value)],
    resolved: &mut Map<String, Value>,
) -> Vec<Value> {
    let mut resolve = |kind: &str, id: u64, value: Value| {
        let entry = resolved.entry(kind.to_owned()).or_insert_with(|| json!({}));
        entry[id.to_string()] = value;
    };
    let guild = &state.guilds[&guild_id];
    given
        .iter()
        .map(|(name, value)| {
            let kind = definitions
                .iter()
                .find(|d| d["name"] == json!(name))
                .and_then(|d| d["type"].as_u64())
                .unwrap_or_else(|| option_type(value));
            let id = gateway::id_of(value);
            let value = match (kind, id) {
                (6 | 9, Some(id)) => {
                    resolve("users", id, payload::user(&state.user(id)));
                    if let Some(m) = guild.members.get(&id) {
                        let mut partial = payload::member(state, guild_id, m, false);
                        partial.as_object_mut().map(|o| o.remove("user"));
                        partial["permissions"] = json!(guild.member_permissions(id).to_string());
                        resolve("members", id, partial);
                    } else if let Some(role) = guild.roles.iter().find(|r| r.id == id) {
                        resolve("roles", id, payload::role(guild_id, role, None));
                    }
                    json!(id.to_string())
                }
                (7, Some(id)) => {
                    if let Some((pos, c)) = guild.channels.iter().enumerate().find(|(_, c)| c.id == id) {
                        let mut channel = payload::channel(guild_id, c, pos);
                        channel["permissions"] = json!(permissions::ALL.to_string());
                        resolve("channels", id, channel);
                    }
                    json!(id.to_string())
                }
                (8, Some(id)) => {
                    if let Some(role) = guild.roles.iter().find(|r| r.id == id) {
                        resolve("roles", id, payload::role(guild_id, role, None));
                    }
                    json!(id.to_string())
                }
                _ => value.clone(),
            };
            json!({ "name": name, "type": kind, "value": value })
        })
        .collect()
}

fn build(state: &mut State, command: &SlashCommand) -> Result<(u64, String, Value), InvokeError> {
    let (guild_id, user_id) = (command.guild_id, command.user_id);
    let guild = state.guilds.get(&guild_id).ok_or(InvokeError::NotAMember { guild: guild_id, user: user_id })?;
    let (pos, channel) = guild
        .channels
        .iter()
        .enumerate()
        .find(|(_, c)| c.id == command.channel_id)
        .ok_or(InvokeError::UnknownChannel { guild: guild_id, channel: command.channel_id })?;
    let member_state = guild.members.get(&user_id).ok_or(InvokeError::NotAMember { guild: guild_id, user: user_id })?;
    let mut path = command.name.split_whitespace();
    let root = path.next().unwrap_or_default().to_owned();
    let subs: Vec<&str> = path.collect();
    let registered = state
        .guild_commands
        .get(&guild_id)
        .into_iter()
        .flatten()
        .chain(&state.global_commands)
        .find(|c| c["name"] == json!(root) && c["type"].as_u64().unwrap_or(1) == 1)
        .cloned()
        .ok_or_else(|| InvokeError::NotRegistered(root.clone()))?;

    // Walk down the subcommand (group) definitions, then build options from the leaf out.
    let mut definitions: Vec<Value> = registered["options"].as_array().cloned().unwrap_or_default();
    let mut chain = Vec::new();
    for sub in &subs {
        let def = definitions.iter().find(|d| d["name"] == json!(sub)).cloned();
        let kind = def.as_ref().and_then(|d| d["type"].as_u64()).unwrap_or(1);
        chain.push((sub.to_string(), kind));
        definitions = def.and_then(|d| d["options"].as_array().cloned()).unwrap_or_default();
    }
    let mut resolved = Map::new();
    let mut options = leaf_options(state, guild_id, &definitions, &command.options, &mut resolved);
    for (name, kind) in chain.into_iter().rev() {
        options = vec![json!({ "name": name, "type": kind, "options": options })];
    }

    let member_permissions = command.member_permissions.unwrap_or_else(|| guild.member_permissions(user_id));
    let mut member = payload::member(state, guild_id, member_state, false);
    member["permissions"] = json!(member_permissions.to_string());
    let mut channel_json = payload::channel(guild_id, channel, pos);
    channel_json["permissions"] = json!(member_permissions.to_string());
    let app_permissions = guild.member_permissions(state.bot_id);
    let id = state.snowflake();
    let token = format!("fake-interaction-token-{id:x}");
    let data = json!({
        "id": id.to_string(),
        "application_id": state.bot_id.to_string(),
        "type": 2,
        "data": {
            "id": registered["id"],
            "name": root,
            "type": 1,
            "options": options,
            "resolved": resolved,
            "guild_id": guild_id.to_string(),
        },
        "guild_id": guild_id.to_string(),
        "guild": { "id": guild_id.to_string(), "locale": "en-US", "features": [] },
        "channel_id": command.channel_id.to_string(),
        "channel": channel_json,
        "member": member,
        "token": token,
        "version": 1,
        "app_permissions": app_permissions.to_string(),
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": { "0": guild_id.to_string() },
        "context": 0,
        "attachment_size_limit": 10_485_760,
    });
    Ok((id, token, data))
}

impl FakeDiscord {
    /// A member invokes a slash command: INTERACTION_CREATE goes to the guild's shard. The
    /// command must be registered (as on Discord).
    pub fn slash_command(&self, command: SlashCommand) -> Result<InteractionHandle, InvokeError> {
        self.shared().update(|s| {
            let (id, token, data) = build(s, &command)?;
            s.interactions.insert(
                id,
                InteractionState {
                    guild_id: Some(command.guild_id),
                    channel_id: command.channel_id,
                    user_id: command.user_id,
                    token: token.clone(),
                    response: None,
                },
            );
            let delivered = gateway::dispatch(s, Target::Guild(command.guild_id), "INTERACTION_CREATE", 0, data);
            Ok(InteractionHandle {
                id,
                token,
                guild_id: command.guild_id,
                channel_id: command.channel_id,
                user_id: command.user_id,
                delivered,
            })
        })
    }

    /// What the bot answered so far (`None`: not acknowledged yet).
    pub fn response(&self, handle: &InteractionHandle) -> Option<RecordedResponse> {
        self.shared().lock().interactions.get(&handle.id).and_then(|i| i.response.clone())
    }

    /// Waits until the bot acknowledged the interaction (a message or a deferral).
    pub async fn await_ack(&self, handle: &InteractionHandle) -> RecordedResponse {
        self.wait_for(&format!("an acknowledgement of interaction {}", handle.id), |f| f.response(handle)).await
    }

    /// Waits until the bot said something visible: a message callback, or after a deferral an
    /// edit of the original or a follow-up.
    pub async fn await_response(&self, handle: &InteractionHandle) -> RecordedResponse {
        self.wait_for(&format!("a response to interaction {}", handle.id), |f| {
            f.response(handle).filter(RecordedResponse::is_complete)
        })
        .await
    }

    /// Waits until the bot sent at least `count` follow-ups.
    pub async fn await_followups(&self, handle: &InteractionHandle, count: usize) -> RecordedResponse {
        self.wait_for(&format!("{count} follow-up(s) to interaction {}", handle.id), |f| {
            f.response(handle).filter(|r| r.followups.len() >= count)
        })
        .await
    }
}
