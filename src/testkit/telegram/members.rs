//! Test-facing membership pushes: joins, leaves, bans, join requests, the bot's own status.

use serde_json::{Map, Value, json};

use super::model::{BotStatus, FakeUser, Join, LinkRef, Pushed};
use super::state::{Gate, JoinRequest, MemberStatus, State};
use super::world::change_member;
use super::{FakeTelegram, json};

/// The `invite_link` JSON for a link reference, counting the join on links the bot created.
fn link_json(st: &mut State, chat_id: i64, link: &LinkRef, count_join: bool) -> Value {
    match link {
        LinkRef::Created(url) => {
            let bot = st.config.bot.clone();
            let link = st
                .links
                .iter_mut()
                .find(|l| &l.invite_link == url)
                .unwrap_or_else(|| panic!("fake Telegram: the bot created no link {url}"));
            assert_eq!(link.chat_id, chat_id, "fake Telegram: link {url} belongs to chat {}", link.chat_id);
            if count_join {
                link.joined += 1;
            }
            json::created_link(link, &bot)
        }
        LinkRef::Foreign(foreign) => json::foreign_link(foreign),
    }
}

/// The `chat_member` fields that say how a member joined. Per the Bot API, `via_join_request`
/// means a direct join request *without* an invite link; a request made through a link carries
/// the link instead.
fn join_fields(link: Option<Value>, via_join_request: bool, via_chat_folder: bool) -> Map<String, Value> {
    let mut extra = Map::new();
    if let Some(link) = link {
        extra.insert("invite_link".to_owned(), link);
    }
    if via_join_request {
        extra.insert("via_join_request".to_owned(), json!(true));
    }
    if via_chat_folder {
        extra.insert("via_chat_folder_invite_link".to_owned(), json!(true));
    }
    extra
}

impl FakeTelegram {
    /// A user joins: a `chat_member` update (left → member; `from` is the user, or the adder or
    /// approver in `join.by`) carrying `invite_link`, `via_join_request` and
    /// `via_chat_folder_invite_link` as given, then the `new_chat_members` service message when
    /// the chat shows those. Returns both update ids; `message_id` is the service message's.
    pub fn member_joined(&self, chat_id: i64, user: &FakeUser, join: Join) -> Pushed {
        self.shared.write(|st| {
            let link = join.link.as_ref().map(|l| link_json(st, chat_id, l, true));
            let extra = join_fields(link, join.via_join_request, join.via_chat_folder_invite_link);
            let by = join.by.clone().unwrap_or_else(|| user.clone());
            change_member(st, chat_id, user, &by, MemberStatus::Member, extra)
        })
    }

    /// A member leaves by themself: `chat_member` (member → left) and `left_chat_member`.
    pub fn member_left(&self, chat_id: i64, user: &FakeUser) -> Pushed {
        self.shared.write(|st| change_member(st, chat_id, user, user, MemberStatus::Left, Map::new()))
    }

    /// An admin bans a member: `chat_member` (→ kicked, `from` = the admin) and `left_chat_member`.
    pub fn member_banned(&self, chat_id: i64, user: &FakeUser, by: &FakeUser) -> Pushed {
        self.shared.write(|st| change_member(st, chat_id, user, by, MemberStatus::Kicked, Map::new()))
    }

    /// A user asks to join (through `link`, or directly in a public chat with join requests):
    /// a `chat_join_request` update. Approve it with [`FakeTelegram::approve_join_request`] or let
    /// the bot call `approveChatJoinRequest`.
    pub fn join_request(&self, chat_id: i64, user: &FakeUser, link: Option<LinkRef>) -> Pushed {
        self.shared.write(|st| {
            let link = link.as_ref().map(|l| link_json(st, chat_id, l, false));
            let clock = st.clock;
            let chat = st.chat_mut(chat_id);
            let mut payload = json!({
                "chat": json::chat(chat), "from": json::user(user), "user_chat_id": user.id, "date": clock
            });
            if let Some(link) = &link {
                payload["invite_link"] = link.clone();
            }
            chat.join_requests.insert(user.id, JoinRequest { user: user.clone(), link });
            let update = st.push_update("chat_join_request", Some(chat_id), payload, Gate::Admin);
            Pushed { update_ids: update.into_iter().collect(), message_id: None, callback_query_id: None }
        })
    }

    /// An admin approves a pending join request: the join as [`FakeTelegram::member_joined`]
    /// with `from` = the admin and the request's link.
    pub fn approve_join_request(&self, chat_id: i64, user_id: i64, by: &FakeUser) -> Pushed {
        self.shared.write(|st| {
            approve(st, chat_id, user_id, by).unwrap_or_else(|| panic!("fake Telegram: no join request of {user_id}"))
        })
    }

    /// The bot's own membership changes (added, promoted, demoted, removed): a `my_chat_member`
    /// update, always delivered.
    pub fn set_bot_status(&self, chat_id: i64, status: BotStatus, by: &FakeUser) -> Pushed {
        self.shared.write(|st| set_bot_status(st, chat_id, status, by))
    }
}

/// Approve a pending request; `None` when there is none.
pub(crate) fn approve(st: &mut State, chat_id: i64, user_id: i64, by: &FakeUser) -> Option<Pushed> {
    let request = st.chat_mut(chat_id).join_requests.remove(&user_id)?;
    let via_request = request.link.is_none();
    let extra = join_fields(request.link, via_request, false);
    if let Some(url) = extra.get("invite_link").and_then(|l| l["invite_link"].as_str()).map(str::to_owned)
        && let Some(link) = st.links.iter_mut().find(|l| l.invite_link == url)
    {
        link.joined += 1;
    }
    Some(change_member(st, chat_id, &request.user, by, MemberStatus::Member, extra))
}

pub(crate) fn set_bot_status(st: &mut State, chat_id: i64, status: BotStatus, by: &FakeUser) -> Pushed {
    let bot = st.config.bot.clone();
    let clock = st.clock;
    let chat = st.chat_mut(chat_id);
    let old = json::bot_member(&bot, chat.bot_status);
    chat.bot_status = status;
    let payload = json!({
        "chat": json::chat(chat), "from": json::user(by), "date": clock,
        "old_chat_member": old, "new_chat_member": json::bot_member(&bot, status)
    });
    let update = st.push_update("my_chat_member", Some(chat_id), payload, Gate::Always);
    Pushed { update_ids: update.into_iter().collect(), message_id: None, callback_query_id: None }
}
