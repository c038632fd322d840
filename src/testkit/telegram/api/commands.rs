//! `setMyCommands`, `deleteMyCommands`, `getMyCommands`, per scope and language.

use serde_json::{Value, json};

use super::{ApiErr, Params};
use crate::testkit::telegram::model::CommandScope;
use crate::testkit::telegram::records::BotCommandSpec;
use crate::testkit::telegram::state::{ResolveError, State};

fn scope(st: &State, p: &Params) -> Result<CommandScope, ApiErr> {
    let Some(raw) = p.object("scope")? else { return Ok(CommandScope::default_scope()) };
    let kind = raw["type"].as_str().ok_or_else(|| ApiErr::bad_request("can't parse BotCommandScope"))?.to_owned();
    let chat_id = match raw.get("chat_id") {
        None => None,
        Some(c) => Some(st.resolve_chat(c).map_err(|e| match e {
            ResolveError::NotFound => ApiErr::bad_request("chat not found"),
            ResolveError::Migrated(_) => ApiErr::bad_request("group chat was upgraded to a supergroup chat"),
        })?),
    };
    let user_id = raw.get("user_id").and_then(Value::as_i64);
    Ok(CommandScope { kind, chat_id, user_id })
}

fn language(p: &Params) -> Option<String> {
    p.string("language_code").filter(|l| !l.is_empty())
}

pub(super) fn set(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let scope = scope(st, p)?;
    let raw = p.object("commands")?.ok_or_else(|| ApiErr::bad_request("commands is empty"))?;
    let list = raw.as_array().ok_or_else(|| ApiErr::bad_request("can't parse commands JSON object"))?;
    let mut commands = Vec::with_capacity(list.len());
    for c in list {
        let command = c["command"].as_str().unwrap_or_default().to_owned();
        let description = c["description"].as_str().unwrap_or_default().to_owned();
        let valid_name = (1..=32).contains(&command.len())
            && command.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
        if !valid_name {
            return Err(ApiErr::bad_request("BOT_COMMAND_INVALID"));
        }
        if !(1..=256).contains(&description.chars().count()) {
            return Err(ApiErr::bad_request("command description must be non-empty"));
        }
        commands.push(BotCommandSpec { command, description });
    }
    let key = (scope, language(p));
    if commands.is_empty() {
        st.commands.remove(&key);
    } else {
        st.commands.insert(key, commands);
    }
    Ok(json!(true))
}

pub(super) fn delete(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let key = (scope(st, p)?, language(p));
    st.commands.remove(&key);
    Ok(json!(true))
}

pub(super) fn get(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let key = (scope(st, p)?, language(p));
    let list = st.commands.get(&key).map(Vec::as_slice).unwrap_or_default();
    Ok(list.iter().map(|c| json!({ "command": c.command, "description": c.description })).collect::<Vec<_>>().into())
}
