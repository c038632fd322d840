//! Invite links: create, edit, revoke, export.

use serde_json::{Value, json};

use super::{ApiErr, Params, require_admin};
use crate::testkit::telegram::json;
use crate::testkit::telegram::state::{LinkState, State};

const NAME_LIMIT: usize = 32;
const MEMBER_LIMIT_MAX: i64 = 99_999;

/// The editable fields of a link, validated as Telegram does.
struct LinkFields {
    name: Option<String>,
    expire_date: Option<i64>,
    member_limit: Option<i64>,
    creates_join_request: bool,
}

fn fields(p: &Params) -> Result<LinkFields, ApiErr> {
    let name = p.string("name").filter(|n| !n.is_empty());
    if name.as_ref().is_some_and(|n| n.chars().count() > NAME_LIMIT) {
        return Err(ApiErr::bad_request("invite link name is too long"));
    }
    let member_limit = p.int("member_limit")?.filter(|l| *l != 0);
    if member_limit.is_some_and(|l| !(1..=MEMBER_LIMIT_MAX).contains(&l)) {
        return Err(ApiErr::bad_request("member limit is invalid"));
    }
    let creates_join_request = p.flag("creates_join_request");
    if creates_join_request && member_limit.is_some() {
        return Err(ApiErr::bad_request("member limit can't be specified for links requiring administrator approval"));
    }
    Ok(LinkFields { name, expire_date: p.int("expire_date")?.filter(|d| *d != 0), member_limit, creates_join_request })
}

pub(super) fn create(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = p.chat(st)?;
    require_admin(st, chat_id).map_err(|_| ApiErr::bad_request("not enough rights to manage chat invite links"))?;
    let f = fields(p)?;
    let invite_link = st.new_link_text();
    let link = LinkState {
        chat_id,
        invite_link,
        name: f.name,
        creates_join_request: f.creates_join_request,
        expire_date: f.expire_date,
        member_limit: f.member_limit,
        is_revoked: false,
        joined: 0,
        created_at: st.clock,
    };
    let answer = json::created_link(&link, &st.config.bot);
    st.links.push(link);
    Ok(answer)
}

/// The bot's own, unrevoked link of this chat named by the `invite_link` parameter.
fn own_link<'a>(st: &'a mut State, p: &Params, chat_id: i64) -> Result<&'a mut LinkState, ApiErr> {
    let text = p.string("invite_link").ok_or_else(|| ApiErr::bad_request("invite_link is empty"))?;
    st.links
        .iter_mut()
        .find(|l| l.chat_id == chat_id && l.invite_link == text)
        .ok_or_else(|| ApiErr::bad_request("INVITE_HASH_EXPIRED"))
}

/// Like the real server, which hands every field to TDLib, fields left out are reset (no name,
/// no expiry, no limit, no join request): pass them all when editing.
pub(super) fn edit(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = p.chat(st)?;
    require_admin(st, chat_id).map_err(|_| ApiErr::bad_request("not enough rights to manage chat invite links"))?;
    let f = fields(p)?;
    let bot = st.config.bot.clone();
    let link = own_link(st, p, chat_id)?;
    if link.is_revoked {
        return Err(ApiErr::bad_request("INVITE_HASH_EXPIRED"));
    }
    link.name = f.name;
    link.expire_date = f.expire_date;
    link.member_limit = f.member_limit;
    link.creates_join_request = f.creates_join_request;
    Ok(json::created_link(link, &bot))
}

pub(super) fn revoke(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = p.chat(st)?;
    require_admin(st, chat_id).map_err(|_| ApiErr::bad_request("not enough rights to manage chat invite links"))?;
    let bot = st.config.bot.clone();
    let link = own_link(st, p, chat_id)?;
    link.is_revoked = true;
    Ok(json::created_link(link, &bot))
}

/// A new primary link for the bot (a plain string; not listed in `created_links`).
pub(super) fn export(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = p.chat(st)?;
    require_admin(st, chat_id).map_err(|_| ApiErr::bad_request("not enough rights to manage chat invite links"))?;
    Ok(json!(st.new_link_text()))
}
