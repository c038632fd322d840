//! Rendering of Bot API objects (`User`, `Chat`, `ChatMember`, `ChatInviteLink`, ...) as JSON,
//! written from the Bot API documentation rather than from any client's types.

use serde_json::{Value, json};

use super::model::{BotStatus, FakeUser, ForeignLink};
use super::state::{ChatState, Config, LinkState, MemberStatus};

pub(crate) fn user(u: &FakeUser) -> Value {
    let mut v = json!({ "id": u.id, "is_bot": u.is_bot, "first_name": u.first_name });
    put_opt(&mut v, "last_name", u.last_name.as_deref());
    put_opt(&mut v, "username", u.username.as_deref());
    put_opt(&mut v, "language_code", u.language_code.as_deref());
    v
}

pub(crate) fn chat(c: &ChatState) -> Value {
    let mut v = json!({ "id": c.id, "type": c.kind.type_name(), "title": c.title });
    put_opt(&mut v, "username", c.username.as_deref());
    if c.kind == super::model::ChatKind::Forum {
        v["is_forum"] = json!(true);
    }
    v
}

/// `getChat`'s `ChatFullInfo`.
pub(crate) fn chat_full_info(c: &ChatState) -> Value {
    let mut v = chat(c);
    v["accent_color_id"] = json!(0);
    v["max_reaction_count"] = json!(11);
    v["accepted_gift_types"] = json!({
        "unlimited_gifts": false, "limited_gifts": false, "unique_gifts": false, "premium_subscription": false
    });
    v["permissions"] = json!({
        "can_send_messages": true, "can_send_audios": true, "can_send_documents": true, "can_send_photos": true,
        "can_send_videos": true, "can_send_video_notes": true, "can_send_voice_notes": true, "can_send_polls": true,
        "can_send_other_messages": true, "can_add_web_page_previews": true, "can_change_info": false,
        "can_invite_users": true, "can_pin_messages": false, "can_manage_topics": false
    });
    v
}

pub(crate) fn me(config: &Config) -> Value {
    let mut v = user(&config.bot);
    v["can_join_groups"] = json!(true);
    v["can_read_all_group_messages"] = json!(!config.privacy_mode);
    v["supports_inline_queries"] = json!(false);
    v["can_connect_to_business"] = json!(false);
    v["has_main_web_app"] = json!(false);
    v
}

/// A `ChatMember` with status `creator`.
pub(crate) fn owner(u: &FakeUser, is_anonymous: bool, title: Option<&str>) -> Value {
    let mut v = json!({ "status": "creator", "user": user(u), "is_anonymous": is_anonymous });
    put_opt(&mut v, "custom_title", title);
    v
}

/// A `ChatMember` with status `administrator` and every right.
pub(crate) fn administrator(u: &FakeUser, is_anonymous: bool, title: Option<&str>, can_be_edited: bool) -> Value {
    let mut v = json!({
        "status": "administrator", "user": user(u), "can_be_edited": can_be_edited, "is_anonymous": is_anonymous,
        "can_manage_chat": true, "can_delete_messages": true, "can_manage_video_chats": true,
        "can_restrict_members": true, "can_promote_members": false, "can_change_info": true,
        "can_invite_users": true, "can_post_stories": false, "can_edit_stories": false,
        "can_delete_stories": false, "can_pin_messages": true, "can_manage_topics": true
    });
    put_opt(&mut v, "custom_title", title);
    v
}

pub(crate) fn plain_member(u: &FakeUser, status: MemberStatus) -> Value {
    match status {
        MemberStatus::Member => json!({ "status": "member", "user": user(u) }),
        MemberStatus::Left => json!({ "status": "left", "user": user(u) }),
        MemberStatus::Kicked => json!({ "status": "kicked", "user": user(u), "until_date": 0 }),
    }
}

/// The bot's own `ChatMember` in a chat.
pub(crate) fn bot_member(bot: &FakeUser, status: BotStatus) -> Value {
    match status {
        BotStatus::Administrator => administrator(bot, false, None, false),
        BotStatus::Member => plain_member(bot, MemberStatus::Member),
        BotStatus::Left => plain_member(bot, MemberStatus::Left),
        BotStatus::Kicked => plain_member(bot, MemberStatus::Kicked),
    }
}

/// A link the bot created: full text, the bot as creator.
pub(crate) fn created_link(link: &LinkState, bot: &FakeUser) -> Value {
    let mut v = json!({
        "invite_link": link.invite_link, "creator": user(bot), "creates_join_request": link.creates_join_request,
        "is_primary": false, "is_revoked": link.is_revoked
    });
    put_opt(&mut v, "name", link.name.as_deref());
    if let Some(date) = link.expire_date {
        v["expire_date"] = json!(date);
    }
    if let Some(limit) = link.member_limit {
        v["member_limit"] = json!(limit);
    }
    v
}

/// A link created by someone else: its text is cut after a short prefix of the hash.
pub(crate) fn foreign_link(link: &ForeignLink) -> Value {
    let mut v = json!({
        "invite_link": foreign_link_text(link), "creator": user(&link.creator),
        "creates_join_request": link.creates_join_request, "is_primary": link.is_primary, "is_revoked": false
    });
    put_opt(&mut v, "name", link.name.as_deref());
    v
}

/// `https://t.me/+` + 6 characters derived from the link's identity + `...`.
pub(crate) fn foreign_link_text(link: &ForeignLink) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(&link.creator.id.to_le_bytes());
    feed(link.name.as_deref().unwrap_or("").as_bytes());
    feed(&[u8::from(link.is_primary), u8::from(link.creates_join_request)]);
    let prefix: String = (0..6).map(|i| LINK_ALPHABET[((hash >> (i * 6)) & 63) as usize] as char).collect();
    format!("https://t.me/+{prefix}...")
}

/// The characters of an invite link hash.
pub(crate) const LINK_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub(crate) fn put_opt(v: &mut Value, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        v[key] = json!(value);
    }
}

/// A copy of a stored message fit for nesting as `reply_to_message` (no nested reply).
pub(crate) fn nested(message: &Value) -> Value {
    let mut copy = message.clone();
    if let Some(obj) = copy.as_object_mut() {
        obj.remove("reply_to_message");
    }
    copy
}
