//! State changes shared by the REST handlers and the test-facing API, each with the gateway
//! events Discord sends for it.

use serde_json::{Value, json};

use super::body::FilePart;
use super::gateway::{self, Target};
use super::payload;
use super::records::{InviteInfo, RecordedAttachment, RecordedMessage};
use super::spec::intents;
use super::state::State;

/// Stores a new invite and sends INVITE_CREATE; returns the sessions reached.
pub(crate) fn add_invite(state: &mut State, invite: InviteInfo) -> usize {
    let data = payload::invite_create_event(state, &invite);
    let guild_id = invite.guild_id;
    if let Some(g) = state.guilds.get_mut(&guild_id) {
        g.invites.insert(invite.code.clone(), invite);
    }
    gateway::dispatch(state, Target::Guild(guild_id), "INVITE_CREATE", intents::GUILD_INVITES, data)
}

/// Removes an invite and sends INVITE_DELETE.
pub(crate) fn remove_invite(state: &mut State, guild_id: u64, code: &str) -> Option<InviteInfo> {
    let invite = state.guilds.get_mut(&guild_id)?.invites.remove(code)?;
    let data = payload::invite_delete_event(&invite);
    gateway::dispatch(state, Target::Guild(guild_id), "INVITE_DELETE", intents::GUILD_INVITES, data);
    Some(invite)
}

/// Whether a session without MESSAGE_CONTENT still sees this message's content (DMs, the bot's
/// own messages, and messages mentioning the bot).
fn content_visible(state: &State, session_intents: u64, m: &RecordedMessage) -> bool {
    session_intents & intents::MESSAGE_CONTENT != 0
        || m.guild_id.is_none()
        || m.author_id == state.bot_id
        || m.mentions.contains(&state.bot_id)
}

/// Stores a message and sends MESSAGE_CREATE (content blanked for sessions without
/// MESSAGE_CONTENT, as Discord does); returns the sessions reached.
pub(crate) fn add_message(state: &mut State, message: RecordedMessage) -> usize {
    let (target, intent) = match message.guild_id {
        Some(g) => (Target::Guild(g), intents::GUILD_MESSAGES),
        None => (Target::Direct, intents::DIRECT_MESSAGES),
    };
    let full = payload::message_create(state, &message);
    let mut blank = full.clone();
    for key in ["embeds", "attachments", "components"] {
        blank[key] = json!([]);
    }
    blank["content"] = json!("");
    let id = message.id;
    let channel = message.channel_id;
    state.messages.entry(channel).or_default().push(message);
    gateway::dispatch_with(state, target, "MESSAGE_CREATE", |s, session| {
        if session.intents & intent == 0 {
            return None;
        }
        let m = s.messages[&channel].iter().find(|m| m.id == id)?;
        Some(if content_visible(s, session.intents, m) { full.clone() } else { blank.clone() })
    })
}

/// Marks a message deleted and sends MESSAGE_DELETE.
pub(crate) fn remove_message(state: &mut State, channel_id: u64, message_id: u64) -> Option<usize> {
    let m = state.message_mut(channel_id, message_id)?;
    if m.deleted {
        return None;
    }
    m.deleted = true;
    let guild_id = m.guild_id;
    let mut data = json!({ "id": message_id.to_string(), "channel_id": channel_id.to_string() });
    let (target, intent) = match guild_id {
        Some(g) => {
            data["guild_id"] = json!(g.to_string());
            (Target::Guild(g), intents::GUILD_MESSAGES)
        }
        None => (Target::Direct, intents::DIRECT_MESSAGES),
    };
    Some(gateway::dispatch(state, target, "MESSAGE_DELETE", intent, data))
}

/// User ids written as `<@id>` or `<@!id>` in a text.
pub(crate) fn parse_mentions(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for part in text.split("<@").skip(1) {
        let digits: String = part.trim_start_matches('!').chars().take_while(char::is_ascii_digit).collect();
        if let Ok(id) = digits.parse::<u64>()
            && part.trim_start_matches('!')[digits.len()..].starts_with('>')
            && !out.contains(&id)
        {
            out.push(id);
        }
    }
    out
}

/// Builds a message from a create-message body (JSON or `payload_json`) and its files.
pub(crate) fn message_from_payload(
    state: &mut State,
    channel_id: u64,
    guild_id: Option<u64>,
    author_id: u64,
    body: &Value,
    files: Vec<FilePart>,
) -> RecordedMessage {
    let id = state.snowflake();
    let mut message = RecordedMessage {
        id,
        channel_id,
        guild_id,
        author_id,
        content: String::new(),
        embeds: Vec::new(),
        attachments: Vec::new(),
        components: Vec::new(),
        flags: 0,
        reply_to: None,
        mentions: Vec::new(),
        interaction_id: None,
        timestamp: state.now(),
        edits: 0,
        deleted: false,
        bot_reactions: Vec::new(),
        payload: Value::Null,
    };
    apply_payload(state, &mut message, body, files);
    message.edits = 0;
    message
}

/// Applies a create or edit body to a message (fields absent from the body are kept).
pub(crate) fn apply_payload(state: &mut State, m: &mut RecordedMessage, body: &Value, files: Vec<FilePart>) {
    if let Some(content) = body.get("content") {
        m.content = content.as_str().unwrap_or_default().to_owned();
        m.mentions = parse_mentions(&m.content);
    }
    if let Some(embeds) = body.get("embeds") {
        m.embeds = embeds.as_array().cloned().unwrap_or_default();
    }
    if let Some(components) = body.get("components") {
        m.components = components.as_array().cloned().unwrap_or_default();
    }
    if let Some(flags) = body.get("flags").and_then(Value::as_u64) {
        m.flags = flags;
    }
    if let Some(reply) = body.pointer("/message_reference/message_id").and_then(gateway::id_of) {
        m.reply_to = Some(reply);
    }
    // `attachments` lists what to keep ({id}) and the new files ({id: n, filename}); files
    // arrive as `files[n]` parts.
    if let Some(listed) = body.get("attachments").and_then(Value::as_array) {
        let keep: Vec<u64> = listed.iter().filter_map(|a| a.get("id").and_then(gateway::id_of)).collect();
        m.attachments.retain(|a| keep.contains(&a.id));
    }
    for file in files {
        let id = state.snowflake();
        let _ = file.index;
        m.attachments.push(RecordedAttachment {
            id,
            filename: file.filename,
            content_type: file.content_type,
            data: file.data,
        });
    }
    m.edits += 1;
    m.payload = body.clone();
}

/// An emoji as Discord writes it in reactions: unicode (`"✅"`) or custom (`"name:id"`).
pub(crate) fn emoji_json(emoji: &str) -> Value {
    match emoji.rsplit_once(':') {
        Some((name, id)) if id.parse::<u64>().is_ok() => json!({ "id": id, "name": name, "animated": false }),
        _ => json!({ "id": null, "name": emoji }),
    }
}

/// Sends MESSAGE_REACTION_ADD (`add`) or MESSAGE_REACTION_REMOVE; returns the sessions reached.
#[allow(clippy::too_many_arguments)]
pub(crate) fn reaction(
    state: &mut State,
    add: bool,
    guild_id: Option<u64>,
    channel_id: u64,
    message_id: u64,
    message_author_id: u64,
    user_id: u64,
    emoji: &str,
) -> usize {
    let mut data = json!({
        "user_id": user_id.to_string(),
        "channel_id": channel_id.to_string(),
        "message_id": message_id.to_string(),
        "emoji": emoji_json(emoji),
        "burst": false,
        "type": 0,
    });
    if add {
        data["message_author_id"] = json!(message_author_id.to_string());
        data["burst_colors"] = json!([]);
    }
    let (target, intent) = match guild_id {
        Some(g) => {
            data["guild_id"] = json!(g.to_string());
            if add && let Some(m) = state.guilds.get(&g).and_then(|gs| gs.members.get(&user_id)) {
                data["member"] = payload::member(state, g, m, false);
            }
            (Target::Guild(g), intents::GUILD_MESSAGE_REACTIONS)
        }
        None => (Target::Direct, intents::DIRECT_MESSAGE_REACTIONS),
    };
    let event = if add { "MESSAGE_REACTION_ADD" } else { "MESSAGE_REACTION_REMOVE" };
    gateway::dispatch(state, target, event, intent, data)
}
