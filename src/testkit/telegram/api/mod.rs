//! The Bot API methods the fake implements, and their parameters and errors.

mod chats;
mod commands;
mod links;
mod messages;
pub(crate) mod polling;

use std::fmt::Display;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::Shared;
use super::json;
use super::records::UploadedFile;
use super::state::{ResolveError, State};

/// An error answer in Telegram's words.
#[derive(Debug)]
pub(crate) struct ApiErr {
    pub code: u16,
    pub description: String,
    pub parameters: Option<Value>,
}

impl ApiErr {
    pub fn bad_request(msg: impl Display) -> Self {
        Self { code: 400, description: format!("Bad Request: {msg}"), parameters: None }
    }

    pub fn forbidden(msg: impl Display) -> Self {
        Self { code: 403, description: format!("Forbidden: {msg}"), parameters: None }
    }

    pub fn unauthorized() -> Self {
        Self { code: 401, description: "Unauthorized".to_owned(), parameters: None }
    }

    pub fn conflict() -> Self {
        Self {
            code: 409,
            description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is \
                          running"
                .to_owned(),
            parameters: None,
        }
    }

    fn migrated(to: i64) -> Self {
        Self {
            parameters: Some(json!({ "migrate_to_chat_id": to })),
            ..Self::bad_request("group chat was upgraded to a supergroup chat")
        }
    }
}

/// A request's parameters, from the query string and the JSON, form or multipart body.
pub(crate) struct Params {
    pub map: Map<String, Value>,
    pub files: Vec<UploadedFile>,
}

impl Params {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub fn int(&self, key: &str) -> Result<Option<i64>, ApiErr> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| ApiErr::bad_request(format!("invalid {key}"))),
            Some(Value::String(s)) => {
                s.trim().parse().map(Some).map_err(|_| ApiErr::bad_request(format!("invalid {key}")))
            }
            Some(_) => Err(ApiErr::bad_request(format!("invalid {key}"))),
        }
    }

    pub fn req_int(&self, key: &str) -> Result<i64, ApiErr> {
        self.int(key)?.ok_or_else(|| ApiErr::bad_request(format!("{key} is empty")))
    }

    pub fn string(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    pub fn flag(&self, key: &str) -> bool {
        match self.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s == "true" || s == "1",
            Some(Value::Number(n)) => n.as_i64() == Some(1),
            _ => false,
        }
    }

    /// A JSON-typed parameter: given as JSON, or as a JSON string (multipart and forms).
    pub fn object(&self, key: &str) -> Result<Option<Value>, ApiErr> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => serde_json::from_str(s)
                .map(Some)
                .map_err(|_| ApiErr::bad_request(format!("can't parse {key} JSON object"))),
            Some(v) => Ok(Some(v.clone())),
        }
    }

    /// The `chat_id` parameter, resolved to a known chat.
    pub fn chat(&self, st: &State) -> Result<i64, ApiErr> {
        let raw = self.get("chat_id").ok_or_else(|| ApiErr::bad_request("chat_id is empty"))?;
        st.resolve_chat(raw).map_err(|e| match e {
            ResolveError::NotFound => ApiErr::bad_request("chat not found"),
            ResolveError::Migrated(to) => ApiErr::migrated(to),
        })
    }
}

/// The error Telegram answers when the bot is not (or no longer) in the chat.
pub(crate) fn require_present(st: &State, chat_id: i64) -> Result<(), ApiErr> {
    let chat = st.chat(chat_id);
    let kind = chat.kind.type_name();
    match chat.bot_status {
        super::BotStatus::Left => Err(ApiErr::forbidden(format!("bot is not a member of the {kind} chat"))),
        super::BotStatus::Kicked => Err(ApiErr::forbidden(format!("bot was kicked from the {kind} chat"))),
        _ => Ok(()),
    }
}

pub(crate) fn require_admin(st: &State, chat_id: i64) -> Result<(), ApiErr> {
    require_present(st, chat_id)?;
    if st.chat(chat_id).bot_is_admin() { Ok(()) } else { Err(ApiErr::bad_request("not enough rights")) }
}

/// Run one method. `getUpdates` may wait; everything else is immediate.
pub(crate) async fn call(shared: &Arc<Shared>, method: &str, p: &Params) -> Result<Value, ApiErr> {
    let lower = method.to_ascii_lowercase();
    if lower == "getupdates" {
        return polling::get_updates(shared, p).await;
    }
    shared.write(|st| match lower.as_str() {
        "getme" => Ok(json::me(&st.config)),
        "getwebhookinfo" => {
            Ok(json!({ "url": "", "has_custom_certificate": false, "pending_update_count": st.queue.len() }))
        }
        "deletewebhook" => {
            if p.flag("drop_pending_updates") {
                st.queue.clear();
                st.confirmed_offset = st.confirmed_offset.max(st.next_update_id);
            }
            Ok(json!(true))
        }
        "sendmessage" => messages::send_message(st, p),
        "sendphoto" => messages::send_file(st, p, super::SentKind::Photo),
        "senddocument" => messages::send_file(st, p, super::SentKind::Document),
        "createchatinvitelink" => links::create(st, p),
        "editchatinvitelink" => links::edit(st, p),
        "revokechatinvitelink" => links::revoke(st, p),
        "exportchatinvitelink" => links::export(st, p),
        "approvechatjoinrequest" => chats::approve_join_request(st, p),
        "declinechatjoinrequest" => chats::decline_join_request(st, p),
        "getchatadministrators" => chats::administrators(st, p),
        "getchatmember" => chats::member(st, p),
        "getchat" => chats::chat(st, p),
        "getchatmembercount" | "getchatmemberscount" => chats::member_count(st, p),
        "leavechat" => chats::leave(st, p),
        "setmycommands" => commands::set(st, p),
        "deletemycommands" => commands::delete(st, p),
        "getmycommands" => commands::get(st, p),
        "answercallbackquery" | "setmessagereaction" | "sendchataction" => Ok(json!(true)),
        _ => Err(ApiErr::bad_request(format!("method \"{method}\" is not implemented by the fake Telegram server"))),
    })
}
