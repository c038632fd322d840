//! Test-facing platform events: invites, joins and leaves, messages, reactions, raw dispatches.
//! Each changes the fake's state as Discord would and sends the gateway events Discord sends;
//! each returns how many gateway sessions got the event (0 when the owning shard is offline or
//! did not ask for the intent, as on Discord: such events are lost).

use serde_json::{Value, json};

use super::gateway::{self, Target};
use super::records::{InviteInfo, JoinOutcome, RecordedMessage};
use super::spec::{UserSpec, intents};
use super::state::{MemberState, State};
use super::{FakeDiscord, ops, payload};

/// A message a user posts (see [`FakeDiscord::post_message`]).
#[derive(Clone, Debug)]
pub struct PostMessage {
    pub channel_id: u64,
    pub author: UserSpec,
    pub content: String,
    /// The message this one replies to (sent as `message_reference` + `referenced_message`).
    pub reply_to: Option<u64>,
    /// Mentioned users (sent in `mentions`); `<@id>` in the content are added too.
    pub mentions: Vec<u64>,
    pub embeds: Vec<Value>,
}

impl PostMessage {
    pub fn new(channel_id: u64, author: impl Into<UserSpec>, content: impl Into<String>) -> Self {
        Self {
            channel_id,
            author: author.into(),
            content: content.into(),
            reply_to: None,
            mentions: Vec::new(),
            embeds: Vec::new(),
        }
    }

    pub fn reply_to(mut self, message_id: u64) -> Self {
        self.reply_to = Some(message_id);
        self
    }

    pub fn mention(mut self, user_id: u64) -> Self {
        self.mentions.push(user_id);
        self
    }
}

/// One join of [`FakeDiscord::simultaneous_joins`].
#[derive(Clone, Debug)]
pub struct Join {
    pub user: UserSpec,
    /// The invite code used (the vanity code counts as the vanity URL); `None`: a path Discord
    /// does not count (Discovery, an expired-but-cached link…).
    pub via: Option<String>,
}

impl Join {
    pub fn new(user: impl Into<UserSpec>, via: Option<&str>) -> Self {
        Self { user: user.into(), via: via.map(str::to_owned) }
    }
}

/// The state half of a join: counts the use, adds the member; returns the outcome and the
/// invite deleted (used up), if any.
fn apply_join(state: &mut State, guild_id: u64, join: &Join) -> (JoinOutcome, Option<InviteInfo>) {
    let now = state.now();
    let guild = state.guilds.get_mut(&guild_id).unwrap_or_else(|| panic!("fake discord: unknown guild {guild_id}"));
    let mut outcome = JoinOutcome { user_id: join.user.id, uses_after: None, invite_deleted: false, delivered: 0 };
    let mut deleted = None;
    if let Some(code) = &join.via {
        if let Some((_, uses)) = guild.vanity.as_mut().filter(|pair| pair.0 == *code) {
            *uses += 1;
            outcome.uses_after = Some(*uses);
        } else {
            let invite = guild
                .invites
                .get_mut(code)
                .unwrap_or_else(|| panic!("fake discord: no invite {code:?} in guild {guild_id}"));
            invite.uses += 1;
            outcome.uses_after = Some(invite.uses);
            if invite.max_uses > 0 && invite.uses >= invite.max_uses {
                deleted = guild.invites.remove(code);
                outcome.invite_deleted = true;
            }
        }
    }
    let member = MemberState { user_id: join.user.id, roles: Vec::new(), nick: None, joined_at: now };
    guild.members.insert(join.user.id, member);
    state.users.insert(join.user.id, join.user.clone());
    (outcome, deleted)
}

/// The gateway half of a join.
fn announce_join(
    state: &mut State,
    guild_id: u64,
    outcome: &mut JoinOutcome,
    deleted: Option<InviteInfo>,
    delete_first: bool,
) {
    let delete_event = |s: &mut State, invite: &InviteInfo| {
        let data = payload::invite_delete_event(invite);
        gateway::dispatch(s, Target::Guild(guild_id), "INVITE_DELETE", intents::GUILD_INVITES, data);
    };
    if delete_first && let Some(invite) = &deleted {
        delete_event(state, invite);
    }
    let guild = &state.guilds[&guild_id];
    let data = payload::member(state, guild_id, &guild.members[&outcome.user_id], true);
    outcome.delivered =
        gateway::dispatch(state, Target::Guild(guild_id), "GUILD_MEMBER_ADD", intents::GUILD_MEMBERS, data);
    if !delete_first && let Some(invite) = &deleted {
        delete_event(state, invite);
    }
}

impl FakeDiscord {
    /// Creates an invite to the guild's first channel (never expiring; `max_uses` 0 =
    /// unlimited) and sends INVITE_CREATE.
    pub fn create_invite(&self, guild_id: u64, code: &str, inviter: Option<u64>, max_uses: u64) -> InviteInfo {
        let channel_id = self
            .shared()
            .lock()
            .guilds
            .get(&guild_id)
            .and_then(|g| g.channels.first().map(|c| c.id))
            .unwrap_or_else(|| panic!("fake discord: guild {guild_id} has no channel"));
        let invite = InviteInfo {
            code: code.to_owned(),
            guild_id,
            channel_id,
            inviter,
            uses: 0,
            max_uses,
            max_age: 0,
            temporary: false,
            created_at: self.now(),
        };
        self.add_invite(invite.clone());
        invite
    }

    /// Stores an invite exactly as given (uses, max_age, channel…) and sends INVITE_CREATE.
    pub fn add_invite(&self, invite: InviteInfo) -> usize {
        self.shared().update(|s| {
            if let Some(inviter) = invite.inviter {
                s.users.entry(inviter).or_insert_with(|| UserSpec::from(inviter));
            }
            ops::add_invite(s, invite)
        })
    }

    /// Deletes an invite (a moderator revoked it, or it expired) and sends INVITE_DELETE.
    pub fn delete_invite(&self, guild_id: u64, code: &str) -> Option<InviteInfo> {
        self.shared().update(|s| ops::remove_invite(s, guild_id, code))
    }

    /// Counts a use without anyone joining through the gateway's eyes (e.g. while the bot was
    /// offline the member joined and left). Deletes the invite if used up, without an event.
    pub fn bump_invite_uses(&self, guild_id: u64, code: &str, by: u64) {
        self.shared().update(|s| {
            if let Some(g) = s.guilds.get_mut(&guild_id)
                && let Some(invite) = g.invites.get_mut(code)
            {
                invite.uses += by;
                if invite.max_uses > 0 && invite.uses >= invite.max_uses {
                    g.invites.remove(code);
                }
            }
        });
    }

    /// A user joins through `via` (an invite code, the vanity code, or `None`). The invite's
    /// uses go up first; a used-up invite is deleted with INVITE_DELETE (before the
    /// GUILD_MEMBER_ADD unless configured otherwise); then GUILD_MEMBER_ADD.
    ///
    /// # Panics
    /// On an unknown guild or invite code (a test bug).
    pub fn member_join(&self, guild_id: u64, user: impl Into<UserSpec>, via: Option<&str>) -> JoinOutcome {
        self.simultaneous_joins(guild_id, vec![Join::new(user, via)]).remove(0)
    }

    /// Several users join at once: every use is counted and every member added before the
    /// first event goes out, so an invite list fetched after any GUILD_MEMBER_ADD already shows
    /// all of them, as in a real burst.
    pub fn simultaneous_joins(&self, guild_id: u64, joins: Vec<Join>) -> Vec<JoinOutcome> {
        let delete_first = self.config().invite_delete_before_member_add;
        self.shared().update(|s| {
            let applied: Vec<_> = joins.iter().map(|j| apply_join(s, guild_id, j)).collect();
            applied
                .into_iter()
                .map(|(mut outcome, deleted)| {
                    announce_join(s, guild_id, &mut outcome, deleted, delete_first);
                    outcome
                })
                .collect()
        })
    }

    /// A member leaves (GUILD_MEMBER_REMOVE).
    pub fn member_leave(&self, guild_id: u64, user_id: u64) -> usize {
        self.shared().update(|s| {
            let Some(g) = s.guilds.get_mut(&guild_id) else { return 0 };
            if g.members.remove(&user_id).is_none() {
                return 0;
            }
            let data = json!({ "guild_id": guild_id.to_string(), "user": payload::user(&s.user(user_id)) });
            gateway::dispatch(s, Target::Guild(guild_id), "GUILD_MEMBER_REMOVE", intents::GUILD_MEMBERS, data)
        })
    }

    /// A member's roles and nickname change (GUILD_MEMBER_UPDATE).
    pub fn member_update(&self, guild_id: u64, user_id: u64, roles: Vec<u64>, nick: Option<String>) -> usize {
        self.shared().update(|s| {
            let Some(m) = s.guilds.get_mut(&guild_id).and_then(|g| g.members.get_mut(&user_id)) else { return 0 };
            m.roles = roles;
            m.nick = nick;
            let data = payload::member(s, guild_id, &s.guilds[&guild_id].members[&user_id], true);
            gateway::dispatch(s, Target::Guild(guild_id), "GUILD_MEMBER_UPDATE", intents::GUILD_MEMBERS, data)
        })
    }

    /// A user posts a message (MESSAGE_CREATE; content blanked for a session without
    /// MESSAGE_CONTENT unless it mentions the bot). Returns the stored message.
    ///
    /// # Panics
    /// On an unknown channel.
    pub fn post_message(&self, post: PostMessage) -> RecordedMessage {
        self.shared().update(|s| {
            let guild_id = s.guild_of_channel(post.channel_id);
            if guild_id.is_none() && s.dm_user_of_channel(post.channel_id).is_none() {
                panic!("fake discord: unknown channel {}", post.channel_id);
            }
            s.users.entry(post.author.id).or_insert_with(|| post.author.clone());
            let mut mentions = post.mentions.clone();
            for id in ops::parse_mentions(&post.content) {
                if !mentions.contains(&id) {
                    mentions.push(id);
                }
            }
            let id = s.snowflake();
            let message = RecordedMessage {
                id,
                channel_id: post.channel_id,
                guild_id,
                author_id: post.author.id,
                content: post.content,
                embeds: post.embeds,
                attachments: Vec::new(),
                components: Vec::new(),
                flags: 0,
                reply_to: post.reply_to,
                mentions,
                interaction_id: None,
                timestamp: s.now(),
                edits: 0,
                deleted: false,
                bot_reactions: Vec::new(),
                payload: Value::Null,
            };
            ops::add_message(s, message.clone());
            message
        })
    }

    /// A message is deleted (MESSAGE_DELETE).
    pub fn delete_message(&self, channel_id: u64, message_id: u64) -> usize {
        self.shared().update(|s| ops::remove_message(s, channel_id, message_id).unwrap_or(0))
    }

    /// A user reacts (MESSAGE_REACTION_ADD with `message_author_id` and `member`). `emoji` is
    /// unicode (`"🙏"`) or `name:id` for a custom emoji.
    ///
    /// # Panics
    /// On an unknown message.
    pub fn react(&self, channel_id: u64, message_id: u64, user_id: u64, emoji: &str) -> usize {
        self.reaction(true, channel_id, message_id, user_id, emoji)
    }

    /// A user removes a reaction (MESSAGE_REACTION_REMOVE).
    pub fn unreact(&self, channel_id: u64, message_id: u64, user_id: u64, emoji: &str) -> usize {
        self.reaction(false, channel_id, message_id, user_id, emoji)
    }

    fn reaction(&self, add: bool, channel_id: u64, message_id: u64, user_id: u64, emoji: &str) -> usize {
        self.shared().update(|s| {
            let (guild, author) = s
                .message_mut(channel_id, message_id)
                .map(|m| (m.guild_id, m.author_id))
                .unwrap_or_else(|| panic!("fake discord: no message {message_id} in channel {channel_id}"));
            ops::reaction(s, add, guild, channel_id, message_id, author, user_id, emoji)
        })
    }

    /// Sends any dispatch as is: to the shard owning `guild_id` (shard 0 for `None`), to every
    /// session there regardless of intents.
    pub fn dispatch_raw(&self, guild_id: Option<u64>, event: &str, data: Value) -> usize {
        let target = guild_id.map_or(Target::Direct, Target::Guild);
        self.shared().update(|s| gateway::dispatch(s, target, event, 0, data))
    }
}
