//! Commands written in a group: parsed with the shared parser (never teloxide's
//! `filter_command`, which drops parse errors silently), run by the shared command layer, and
//! answered in HTML. Mentions are rewritten to `@#<id>` before parsing; a reply names the member
//! a command is about.
//!
//! Replies go to the group as a reply to the command (Telegram has no message only one person
//! sees there); files — exports — go only to the caller's private chat, and when the bot cannot
//! write to them it says so in the group.

use teloxide::prelude::*;
use teloxide::types::{InputFile, MessageEntityKind, ParseMode, ReplyParameters};

use super::admins::is_anonymous_admin;
use super::bot::describe;
use super::commits::Pending;
use super::context::Adapter;
use super::messages::{person, reply_ref};
use super::render::html;
use crate::commands::render::{Tone, line};
use crate::commands::{self, Access, Invocation, Rendered, TextInput};
use crate::domain::{CommunityKey, UserId};

/// The command's text with every mention it can resolve written as `@#<user id>`.
fn with_member_tokens(ad: &Adapter, msg: &Message, text: &str) -> String {
    let mut entities = msg.parse_entities().unwrap_or_default();
    entities.sort_by_key(|e| e.start());
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for e in entities {
        let id = match e.kind() {
            MessageEntityKind::TextMention { user } => Some(user.id.0 as UserId),
            MessageEntityKind::Mention => {
                ad.usernames.get(&e.text().trim_start_matches('@').to_lowercase()).map(|id| *id)
            }
            _ => None,
        };
        if let Some(id) = id
            && e.start() >= last
            && e.end() <= text.len()
        {
            out.push_str(&text[last..e.start()]);
            out.push_str(&format!("@#{id}"));
            last = e.end();
        }
    }
    out.push_str(&text[last..]);
    out
}

#[tracing::instrument(skip_all, fields(update = update, community = msg.chat.id.0, member = msg.from.as_ref().map(|u| u.id.0)))]
pub async fn on_command(ad: &Adapter, pending: Pending, update: u32, msg: &Message) -> anyhow::Result<()> {
    let key = CommunityKey::telegram(msg.chat.id.0);
    let text = msg.text().or(msg.caption()).unwrap_or_default();
    let anonymous = is_anonymous_admin(msg);
    let caller = match (person(msg), anonymous) {
        (Some(user), _) => user.clone(),
        (None, true) => teloxide::types::User {
            id: teloxide::types::UserId(0),
            is_bot: false,
            first_name: msg.chat.title().unwrap_or("admins").to_string(),
            last_name: None,
            username: None,
            language_code: None,
            is_premium: false,
            added_to_attachment_menu: false,
        },
        (None, false) => {
            pending.skip();
            return Ok(());
        }
    };
    // Anonymous admins act as the group itself.
    let caller_id = if anonymous { msg.chat.id.0 } else { caller.id.0 as UserId };
    let mut events = Vec::new();
    if !anonymous {
        events.extend(ad.seen_event(msg.chat.id.0, &caller, update));
    }
    let locale = caller.language_code.clone();
    let tokens = with_member_tokens(ad, msg, text);
    let input = TextInput {
        text: &tokens,
        bot_username: ad.me.username.as_deref(),
        reply_to: reply_ref(msg).and_then(|r| r.author),
    };
    let reply = match commands::parse_text(&input) {
        Ok(None) => None,
        Err(e) => {
            tracing::info!(error = %e, "command not understood");
            let lang = ad.lang(&key, locale.as_deref()).await;
            Some(commands::parse_error(lang, &e))
        }
        Ok(Some(cmd)) => {
            // Only manager commands need to know (asking Telegram costs a call per cache period).
            let is_manager = cmd.spec().access == Access::Managers && ad.admins.manages(&ad.bot, msg).await;
            let inv = Invocation {
                community: key.clone(),
                caller: caller_id,
                caller_name: Some(caller.full_name()),
                is_manager,
                locale: locale.clone(),
                source_id: format!("upd:{update}"),
            };
            Some(commands::run(&ad.app, ad.ops.as_ref(), &inv, cmd).await)
        }
    };
    if let Some(reply) = reply {
        let lang = ad.lang(&key, locale.as_deref()).await;
        send_reply(ad, msg, reply, (!anonymous).then_some(caller.id), lang).await;
    }
    ad.commit(pending, &key, msg.date, events);
    Ok(())
}

/// Sends a command's reply: in the group, or a file privately.
async fn send_reply(
    ad: &Adapter,
    msg: &Message,
    mut reply: Rendered,
    caller: Option<teloxide::types::UserId>,
    lang: crate::i18n::Lang,
) {
    let in_group = |r: Rendered| {
        ad.bot
            .send_message(msg.chat.id, html(&r))
            .parse_mode(ParseMode::Html)
            .reply_parameters(ReplyParameters::new(msg.id).allow_sending_without_reply())
    };
    let result = match (reply.attachment.take(), caller) {
        (None, _) => in_group(reply).await.map(drop),
        (Some(file), Some(user)) => {
            let document = InputFile::memory(file.bytes).file_name(file.file_name);
            let sent = ad
                .bot
                .send_document(ChatId(user.0 as i64), document)
                .caption(html(&reply))
                .parse_mode(ParseMode::Html)
                .await;
            let note = match sent {
                Ok(_) => line(lang, "private-sent", vec![]),
                Err(e) => {
                    tracing::info!(error = %describe(&e), "could not send a file privately");
                    line(lang, "error-private-failed", vec![])
                }
            };
            in_group(Rendered::message(lang, Tone::Info, note)).await.map(drop)
        }
        (Some(_), None) => {
            in_group(Rendered::message(lang, Tone::Warning, line(lang, "error-private-failed", vec![]))).await.map(drop)
        }
    };
    if let Err(e) = result {
        tracing::warn!(error = %describe(&e), "could not send a command's reply");
    }
}

/// A command in a private chat: commands work in groups.
pub async fn outside_group(ad: &Adapter, msg: &Message) {
    let locale = msg.from.as_ref().and_then(|u| u.language_code.clone());
    let lang = crate::i18n::Lang::from_locale(locale.as_deref(), crate::i18n::Lang::En);
    let r = Rendered::message(lang, Tone::Info, line(lang, "error-not-in-community", vec![]));
    if let Err(e) = ad.bot.send_message(msg.chat.id, html(&r)).parse_mode(ParseMode::Html).await {
        tracing::warn!(error = %describe(&e), "could not answer in a private chat");
    }
}
