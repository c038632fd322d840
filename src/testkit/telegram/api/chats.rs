//! Chat information, the bot leaving, join request decisions.

use serde_json::{Value, json};

use super::{ApiErr, Params, require_admin, require_present};
use crate::testkit::telegram::json;
use crate::testkit::telegram::members::{approve, set_bot_status};
use crate::testkit::telegram::model::BotStatus;
use crate::testkit::telegram::state::{MemberStatus, State};

pub(super) fn administrators(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = p.chat(st)?;
    require_present(st, chat_id)?;
    let chat = st.chat(chat_id);
    let bot = &st.config.bot;
    let mut list: Vec<Value> = chat.admins.iter().filter_map(|a| chat.member_json(a.user.id, bot)).collect();
    if chat.bot_is_admin() {
        list.push(json::bot_member(bot, BotStatus::Administrator));
    }
    Ok(Value::Array(list))
}

pub(super) fn member(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = p.chat(st)?;
    require_present(st, chat_id)?;
    let user_id = p.req_int("user_id")?;
    if let Some(member) = st.chat(chat_id).member_json(user_id, &st.config.bot) {
        return Ok(member);
    }
    // A user Telegram knows but who never was in this chat.
    st.find_user(user_id)
        .map(|u| json::plain_member(&u, MemberStatus::Left))
        .ok_or_else(|| ApiErr::bad_request("user not found"))
}

pub(super) fn chat(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = p.chat(st)?;
    require_present(st, chat_id)?;
    Ok(json::chat_full_info(st.chat(chat_id)))
}

pub(super) fn member_count(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = p.chat(st)?;
    require_present(st, chat_id)?;
    Ok(json!(st.chat(chat_id).member_count()))
}

/// The bot leaves: `my_chat_member` (→ left, `from` = the bot) is queued.
pub(super) fn leave(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = p.chat(st)?;
    require_present(st, chat_id)?;
    let bot = st.config.bot.clone();
    set_bot_status(st, chat_id, BotStatus::Left, &bot);
    Ok(json!(true))
}

pub(super) fn approve_join_request(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = p.chat(st)?;
    require_admin(st, chat_id)?;
    let user_id = p.req_int("user_id")?;
    let bot = st.config.bot.clone();
    approve(st, chat_id, user_id, &bot).ok_or_else(|| ApiErr::bad_request("HIDE_REQUESTER_MISSING"))?;
    Ok(json!(true))
}

pub(super) fn decline_join_request(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = p.chat(st)?;
    require_admin(st, chat_id)?;
    let user_id = p.req_int("user_id")?;
    st.chat_mut(chat_id).join_requests.remove(&user_id).ok_or_else(|| ApiErr::bad_request("HIDE_REQUESTER_MISSING"))?;
    Ok(json!(true))
}
