//! What command handlers and the scheduler ask of Telegram: invite links, setup checks, posts.

use std::sync::OnceLock;

use futures::future::BoxFuture;
use teloxide::prelude::*;
use teloxide::types::{ChatMemberKind, ParseMode};
use teloxide::{ApiError, RequestError};

use super::render::html;
use crate::commands::{InvitePurpose, PlatformError, PlatformOps, Rendered, SetupCheck};
use crate::domain::{CommunityKey, Platform, UserId};
use crate::engine::attribution::telegram::{campaign_link_name, personal_link_name};

pub struct TelegramOps {
    pub bot: Bot,
    /// Known once Telegram has answered `getMe`.
    bot_id: OnceLock<UserId>,
}

/// A Bot API failure in the words of the command layer.
pub fn platform_error(e: RequestError) -> PlatformError {
    match e {
        RequestError::Api(ApiError::Unknown(text)) if text.contains("not enough rights") => {
            PlatformError::MissingPermission("invite users via link".into())
        }
        RequestError::Api(api) => PlatformError::Refused(api.to_string()),
        RequestError::MigrateToChatId(to) => PlatformError::Refused(format!("the group moved to {}", to.0)),
        other => PlatformError::Unreachable(Box::new(other)),
    }
}

fn chat_of(community: &CommunityKey) -> Result<ChatId, PlatformError> {
    community
        .external_id
        .parse()
        .map(ChatId)
        .map_err(|_| PlatformError::Refused(format!("{community} is not a Telegram chat")))
}

impl TelegramOps {
    pub fn new(bot: Bot) -> Self {
        Self { bot, bot_id: OnceLock::new() }
    }

    pub fn set_bot_id(&self, id: UserId) {
        let _ = self.bot_id.set(id);
    }

    async fn bot_id(&self) -> Result<UserId, RequestError> {
        if let Some(id) = self.bot_id.get() {
            return Ok(*id);
        }
        let me = self.bot.get_me().await?;
        Ok(*self.bot_id.get_or_init(|| me.user.id.0 as UserId))
    }

    async fn invite(&self, community: &CommunityKey, purpose: InvitePurpose) -> Result<String, PlatformError> {
        let chat = chat_of(community)?;
        let name = match &purpose {
            InvitePurpose::Personal { user } => personal_link_name(*user),
            InvitePurpose::Campaign { name, .. } => {
                campaign_link_name(name).map_err(|e| PlatformError::Refused(e.to_string()))?
            }
        };
        let link = self.bot.create_chat_invite_link(chat).name(name).await.map_err(platform_error)?;
        tracing::info!(community = %community, purpose = ?purpose, "invite link created");
        Ok(link.invite_link)
    }

    async fn checks(&self, community: &CommunityKey) -> Vec<SetupCheck> {
        let check = |what, ok, fix| SetupCheck { what, ok, fix: (!ok).then_some(fix) };
        let Ok(chat) = chat_of(community) else { return vec![check("setup-tg-admin", false, "setup-tg-admin-fix")] };
        let me = match self.bot_id().await {
            Ok(id) => self.bot.get_chat_member(chat, teloxide::types::UserId(id as u64)).await,
            Err(e) => Err(e),
        };
        let (admin, invite) = match me.map(|m| m.kind) {
            Ok(ChatMemberKind::Owner(_)) => (true, true),
            Ok(ChatMemberKind::Administrator(a)) => (true, a.can_invite_users),
            Ok(_) => (false, false),
            Err(e) => {
                crate::telemetry::log_error_chain("setup: could not read the bot's membership", &e);
                (false, false)
            }
        };
        // An administrator sees every message; otherwise only with privacy mode off.
        let reads_all = admin
            || match self.bot.get_me().await {
                Ok(me) => me.can_read_all_group_messages,
                Err(e) => {
                    crate::telemetry::log_error_chain("setup: could not read the bot's privacy mode", &e);
                    false
                }
            };
        vec![
            check("setup-tg-admin", admin, "setup-tg-admin-fix"),
            check("setup-tg-invite", invite, "setup-tg-invite-fix"),
            check("setup-tg-messages", reads_all, "setup-tg-messages-fix"),
        ]
    }

    async fn send(
        &self,
        community: &CommunityKey,
        channel: Option<&str>,
        message: Rendered,
    ) -> Result<(), PlatformError> {
        let chat = match channel.map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => c.parse().map(ChatId).map_err(|_| PlatformError::Refused(format!("`{c}` is not a chat id")))?,
            None => chat_of(community)?,
        };
        let picture = message.attachment.clone().filter(|a| a.mime.starts_with("image/"));
        self.bot.send_message(chat, html(&message)).parse_mode(ParseMode::Html).await.map_err(platform_error)?;
        // The chart follows the text; the digest counts as posted even if the picture fails.
        if let Some(picture) = picture
            && let Err(e) = send_picture(&self.bot, chat, picture, message.title.as_deref()).await
        {
            tracing::warn!(%community, error = %super::bot::describe(&e), "the digest's chart could not be sent");
        }
        Ok(())
    }
}

impl PlatformOps for TelegramOps {
    fn platform(&self) -> Platform {
        Platform::Telegram
    }

    fn create_invite<'a>(
        &'a self,
        community: &'a CommunityKey,
        purpose: InvitePurpose,
    ) -> BoxFuture<'a, Result<String, PlatformError>> {
        Box::pin(self.invite(community, purpose))
    }

    fn setup_checks<'a>(&'a self, community: &'a CommunityKey) -> BoxFuture<'a, Vec<SetupCheck>> {
        Box::pin(self.checks(community))
    }

    fn post<'a>(
        &'a self,
        community: &'a CommunityKey,
        channel: Option<&'a str>,
        message: Rendered,
    ) -> BoxFuture<'a, Result<(), PlatformError>> {
        Box::pin(self.send(community, channel, message))
    }
}

/// A picture (the digest chart) as a Telegram photo, with a plain caption (Telegram allows 1024
/// characters; the text goes in its own message).
pub async fn send_picture(
    bot: &Bot,
    chat: ChatId,
    picture: crate::commands::Attachment,
    caption: Option<&str>,
) -> Result<(), RequestError> {
    let photo = teloxide::types::InputFile::memory(picture.bytes).file_name(picture.file_name);
    let mut request = bot.send_photo(chat, photo);
    if let Some(c) = caption.filter(|c| !c.is_empty()) {
        request = request.caption(c.chars().take(1000).collect::<String>());
    }
    request.await?;
    Ok(())
}
