//! `sendMessage`, `sendPhoto`, `sendDocument`.

use serde_json::{Value, json};

use super::{ApiErr, Params, require_present};
use crate::testkit::telegram::html;
use crate::testkit::telegram::json;
use crate::testkit::telegram::records::{SentFile, SentKind, SentMessage};
use crate::testkit::telegram::state::State;
use crate::testkit::telegram::world::{Draft, DraftError, create_message};

const TEXT_LIMIT: usize = 4096;
const CAPTION_LIMIT: usize = 1024;

/// Text after parse mode, and its entities.
fn render(
    st: &State,
    text: &str,
    parse_mode: Option<&str>,
    explicit: Option<Value>,
) -> Result<(String, Vec<Value>), ApiErr> {
    match parse_mode.map(str::to_ascii_lowercase).as_deref() {
        Some("html") => {
            let user = |id: i64| st.find_user(id).map(|u| json::user(&u));
            let parsed =
                html::parse(text, user).map_err(|e| ApiErr::bad_request(format!("can't parse entities: {e}")))?;
            Ok((parsed.text, parsed.entities))
        }
        // MarkdownV2 and Markdown are passed through unchecked.
        Some(_) => Ok((text.to_owned(), Vec::new())),
        None => {
            let entities = match explicit {
                Some(Value::Array(list)) => list,
                _ => Vec::new(),
            };
            Ok((text.to_owned(), entities))
        }
    }
}

/// `reply_parameters.message_id` (or the older `reply_to_message_id`) and whether sending
/// without the replied message is allowed.
fn reply_target(p: &Params, chat_id: i64) -> Result<(Option<i32>, bool, Option<Value>), ApiErr> {
    let params = p.object("reply_parameters")?;
    if let Some(rp) = &params {
        let same_chat = rp.get("chat_id").is_none_or(|c| c.as_i64() == Some(chat_id) || c.is_string());
        let id = rp["message_id"].as_i64().filter(|_| same_chat).map(|id| id as i32);
        let allow = rp["allow_sending_without_reply"].as_bool().unwrap_or(false);
        return Ok((id, allow, params));
    }
    let id = p.int("reply_to_message_id")?.map(|id| id as i32);
    Ok((id, p.flag("allow_sending_without_reply"), None))
}

struct Outgoing {
    kind: SentKind,
    raw_text: Option<String>,
    parse_mode: Option<String>,
    plain: Option<String>,
    entities: Vec<Value>,
    body: Vec<(&'static str, Value)>,
    file: Option<SentFile>,
}

/// Create the bot's message with the common parameters and record it.
fn deliver(st: &mut State, p: &Params, chat_id: i64, out: Outgoing) -> Result<Value, ApiErr> {
    let (reply_to, allow_without, reply_parameters) = reply_target(p, chat_id)?;
    let thread = p.int("message_thread_id")?.map(|t| t as i32);
    let reply_markup = p.object("reply_markup")?;
    let from = json::user(&st.config.bot);
    let build = |reply_to: Option<i32>| {
        let mut draft = Draft::new(from.clone());
        draft.reply_to = reply_to;
        draft.thread = thread;
        for (key, value) in &out.body {
            draft = draft.with(key, value.clone());
        }
        if !out.entities.is_empty() {
            let key = if out.kind == SentKind::Text { "entities" } else { "caption_entities" };
            draft = draft.with(key, Value::Array(out.entities.clone()));
        }
        if let Some(markup) = reply_markup.as_ref().filter(|m| m.get("inline_keyboard").is_some()) {
            draft = draft.with("reply_markup", markup.clone());
        }
        draft
    };
    let draft = build(reply_to);
    let msg = match create_message(st, chat_id, draft) {
        Ok(msg) => msg,
        Err(DraftError::ReplyNotFound) if allow_without => {
            let draft = build(None);
            create_message(st, chat_id, draft).map_err(|_| ApiErr::bad_request("message thread not found"))?
        }
        Err(DraftError::ReplyNotFound) => return Err(ApiErr::bad_request("message to be replied not found")),
        Err(DraftError::ThreadNotFound) => return Err(ApiErr::bad_request("message thread not found")),
    };
    st.sent.push(SentMessage {
        chat_id,
        message_id: msg["message_id"].as_i64().unwrap_or(0) as i32,
        kind: out.kind,
        text: out.raw_text,
        plain_text: out.plain,
        parse_mode: out.parse_mode,
        entities: out.entities,
        reply_parameters,
        reply_to_message_id: msg["reply_to_message"]["message_id"].as_i64().map(|id| id as i32),
        message_thread_id: msg["message_thread_id"].as_i64().map(|id| id as i32),
        reply_markup,
        file: out.file,
        date: st.clock,
    });
    Ok(msg)
}

pub(super) fn send_message(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = p.chat(st)?;
    require_present(st, chat_id)?;
    let text = p.string("text").unwrap_or_default();
    let parse_mode = p.string("parse_mode");
    let (plain, entities) = render(st, &text, parse_mode.as_deref(), p.object("entities")?)?;
    if plain.trim().is_empty() {
        return Err(ApiErr::bad_request("message text is empty"));
    }
    if plain.chars().count() > TEXT_LIMIT {
        return Err(ApiErr::bad_request("message is too long"));
    }
    let out = Outgoing {
        kind: SentKind::Text,
        raw_text: Some(text),
        parse_mode,
        body: vec![("text", json!(plain))],
        plain: Some(plain),
        entities,
        file: None,
    };
    deliver(st, p, chat_id, out)
}

pub(super) fn send_file(st: &mut State, p: &Params, kind: SentKind) -> Result<Value, ApiErr> {
    let field = if kind == SentKind::Photo { "photo" } else { "document" };
    let chat_id = p.chat(st)?;
    require_present(st, chat_id)?;
    let file = match p.string(field) {
        Some(value) => match value.strip_prefix("attach://") {
            Some(id) => SentFile::Upload(
                p.files
                    .iter()
                    .find(|f| f.field == id)
                    .cloned()
                    .ok_or_else(|| ApiErr::bad_request(format!("can't find attached file \"{id}\"")))?,
            ),
            None => SentFile::Reference(value),
        },
        None => SentFile::Upload(
            p.files
                .iter()
                .find(|f| f.field == field)
                .cloned()
                .ok_or_else(|| ApiErr::bad_request(format!("there is no {field} in the request")))?,
        ),
    };
    let caption = p.string("caption");
    let parse_mode = p.string("parse_mode");
    let (plain, entities) = match &caption {
        Some(c) => {
            let (plain, entities) = render(st, c, parse_mode.as_deref(), p.object("caption_entities")?)?;
            (Some(plain), entities)
        }
        None => (None, Vec::new()),
    };
    if plain.as_ref().is_some_and(|c| c.chars().count() > CAPTION_LIMIT) {
        return Err(ApiErr::bad_request("message caption is too long"));
    }
    let next_id = st.chat(chat_id).next_message_id;
    let file_id = format!("fake_{field}_{}_{next_id}", chat_id.unsigned_abs());
    let size = file.bytes().map_or(0, <[u8]>::len);
    let content = match kind {
        SentKind::Photo => json!([{
            "file_id": file_id, "file_unique_id": format!("u{file_id}"), "width": 1280, "height": 720, "file_size": size
        }]),
        _ => {
            let mut doc = json!({ "file_id": file_id, "file_unique_id": format!("u{file_id}"), "file_size": size });
            if let Some(name) = file.file_name().filter(|n| !n.is_empty()) {
                doc["file_name"] = json!(name);
            }
            if let SentFile::Upload(upload) = &file
                && let Some(ct) = &upload.content_type
            {
                doc["mime_type"] = json!(ct);
            }
            doc
        }
    };
    let mut body = vec![(field, content)];
    if let Some(plain) = &plain {
        body.push(("caption", json!(plain)));
    }
    let out = Outgoing { kind, raw_text: caption, parse_mode, plain, entities, body, file: Some(file) };
    deliver(st, p, chat_id, out)
}
