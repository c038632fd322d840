//! Commands written in a group: parsed with the shared parser (never teloxide's
//! `filter_command`, which drops parse errors silently), run by the shared command layer, and
//! answered in HTML. Mentions are rewritten to `@#<id>` before parsing; a reply names the member
//! a command is about.
//!
//! Replies are HTML. A reply the catalogue marks private goes to the caller's private chat when
//! the bot can write there (the person started it), with a short note in the group; otherwise to
//! the group, as a reply to the command. Files (exports) go only to the private chat: when the
//! bot cannot write there, the group is told how to fix that, and gets no file.

use std::time::{Duration, Instant};

use teloxide::prelude::*;
use teloxide::types::{InputFile, MessageEntityKind, ParseMode, ReplyParameters, UserId as TgUserId};

use super::admins::is_anonymous_admin;
use super::bot::describe;
use super::commits::Pending;
use super::context::Adapter;
use super::messages::{person, reply_ref};
use super::render::html;
use crate::commands::render::{Tone, line};
use crate::commands::{self, Access, Invocation, ParseError, Rendered, TextInput};
use crate::domain::{CommunityKey, UserId};
use crate::i18n::Lang;

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

/// Whether the command names this bot (`/cmd@this_bot`), not just any bot in the group.
fn addressed_to_me(ad: &Adapter, text: &str) -> bool {
    let head = text.split_whitespace().next().unwrap_or_default();
    let bot = head.split_once('@').map(|(_, bot)| bot);
    bot.is_some_and(|b| ad.me.username.as_deref().is_some_and(|me| me.eq_ignore_ascii_case(b)))
}

#[tracing::instrument(skip_all, fields(update = update, community = msg.chat.id.0, member = msg.from.as_ref().map(|u| u.id.0)))]
pub async fn on_command(ad: &Adapter, pending: Pending, update: u32, msg: &Message) -> anyhow::Result<()> {
    let key = CommunityKey::telegram(msg.chat.id.0);
    let text = msg.text().or(msg.caption()).unwrap_or_default();
    let person = person(msg);
    let anonymous = is_anonymous_admin(msg);
    if person.is_none() && !anonymous {
        pending.skip();
        return Ok(());
    }
    // Anonymous admins act as the group itself.
    let caller = person.map_or(msg.chat.id.0, |u| u.id.0 as UserId);
    let mut events = ad.admins_on_first_sight(msg.chat.id, update).await;
    events.extend(person.and_then(|u| ad.seen_event(msg.chat.id.0, u, update)));
    let locale = person.and_then(|u| u.language_code.clone());
    let tokens = with_member_tokens(ad, msg, text);
    let input = TextInput {
        text: &tokens,
        bot_username: ad.me.username.as_deref(),
        reply_to: reply_ref(msg).and_then(|r| r.author),
    };
    let reply = match commands::parse_text(&input) {
        Ok(None) => None,
        // Commands of other bots in the group are not ours to judge.
        Err(ParseError::UnknownCommand(name)) if !addressed_to_me(ad, text) => {
            tracing::debug!(command = %name, "not one of snowball's commands");
            None
        }
        Err(e) => {
            tracing::info!(error = %e, "command not understood");
            Some(commands::parse_error(ad.lang(&key, locale.as_deref()).await, &e))
        }
        Ok(Some(cmd)) => {
            // Only manager commands need to know (asking Telegram costs a call per cache period).
            let is_manager = cmd.spec().access == Access::Managers && ad.admins.manages(&ad.bot, msg).await;
            let inv = Invocation {
                community: key.clone(),
                caller,
                caller_name: person.map(|u| u.full_name()).or_else(|| msg.chat.title().map(String::from)),
                is_manager,
                locale: locale.clone(),
                source_id: format!("upd:{update}"),
            };
            Some(commands::run(&ad.app, ad.ops.as_ref(), &inv, cmd).await)
        }
    };
    if let Some(reply) = reply {
        let lang = ad.lang(&key, locale.as_deref()).await;
        send_reply(ad, msg, reply, person.map(|u| u.id), lang).await;
    }
    ad.commit(pending, &key, msg.date, events);
    Ok(())
}

/// How long the bot goes on answering someone in the group after it failed to write to them
/// privately.
const NO_PRIVATE_CHAT_FOR: Duration = Duration::from_secs(3600);

/// Sends a command's reply. A private reply (the catalogue says so) goes to the caller's private
/// chat when the bot can write there, with a short note in the group; otherwise to the group.
/// A file never goes to the group.
async fn send_reply(ad: &Adapter, msg: &Message, mut reply: Rendered, caller: Option<TgUserId>, lang: Lang) {
    // A picture (the digest chart) follows a private answer; an answer that falls back to the
    // group goes as text alone, like before it had a picture. Other files (exports) never go
    // to the group.
    let (picture, file) = match reply.attachment.take() {
        Some(a) if a.mime.starts_with("image/") => (Some(a), None),
        other => (None, other),
    };
    let note = |id: &str, tone| Rendered::message(lang, tone, line(lang, id, vec![]));
    let to_group = if reply.private || file.is_some() {
        match caller.filter(|u| may_write_to(ad, *u)) {
            Some(user) => match send_private(ad, user, &reply, file.clone().or(picture)).await {
                Ok(()) => note("private-sent", Tone::Info),
                Err(e) => {
                    tracing::info!(error = %describe(&e), "could not answer privately; answering in the group");
                    ad.no_private_chat.insert(user.0 as UserId, Instant::now());
                    if file.is_some() { note("error-private-failed", Tone::Warning) } else { reply }
                }
            },
            None if file.is_some() => note("error-private-failed", Tone::Warning),
            None => reply,
        }
    } else {
        reply
    };
    let sent = ad
        .bot
        .send_message(msg.chat.id, html(&to_group))
        .parse_mode(ParseMode::Html)
        .reply_parameters(ReplyParameters::new(msg.id).allow_sending_without_reply())
        .await;
    if let Err(e) = sent {
        tracing::warn!(error = %describe(&e), "could not send a command's reply");
    }
}

fn may_write_to(ad: &Adapter, user: TgUserId) -> bool {
    let id = user.0 as UserId;
    match ad.no_private_chat.get(&id).map(|t| t.elapsed()) {
        Some(since) if since < NO_PRIVATE_CHAT_FOR => false,
        Some(_) => {
            ad.no_private_chat.remove(&id);
            true
        }
        None => true,
    }
}

async fn send_private(
    ad: &Adapter,
    user: TgUserId,
    reply: &Rendered,
    file: Option<crate::commands::Attachment>,
) -> Result<(), teloxide::RequestError> {
    let chat = ChatId(user.0 as i64);
    match file {
        // A picture (the digest chart) is a photo after the text, which is too long for a caption.
        Some(file) if file.mime.starts_with("image/") => {
            ad.bot.send_message(chat, html(reply)).parse_mode(ParseMode::Html).await?;
            if let Err(e) = super::ops::send_picture(&ad.bot, chat, file, reply.title.as_deref()).await {
                tracing::warn!(error = %describe(&e), "the reply's picture could not be sent");
            }
        }
        Some(file) => {
            let document = InputFile::memory(file.bytes).file_name(file.file_name);
            ad.bot.send_document(chat, document).caption(html(reply)).parse_mode(ParseMode::Html).await?;
        }
        None => {
            ad.bot.send_message(chat, html(reply)).parse_mode(ParseMode::Html).await?;
        }
    }
    Ok(())
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
