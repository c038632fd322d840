//! The Telegram adapter (teloxide): updates in, domain events and commands out, replies
//! rendered as HTML.
//!
//! - [`listener`]: long polling that confirms an update to Telegram only once its events are
//!   committed ([`commits`]), so a crash loses nothing: Telegram delivers the unconfirmed
//!   updates again and ingest ignores what it already has (`upd:<update id>`).
//! - [`schema`]: the handler tree; [`messages`], [`members`], [`reactions`], [`command`] and
//!   [`migrate`] turn updates into domain events and commands; nothing here decides anything the
//!   engine or the command layer decides.
//! - [`ops`]: invite links, setup checks and posts for the command layer and the scheduler;
//!   [`admins`]: who manages a group; [`menus`]: command menus per scope.

pub mod admins;
pub mod bot;
mod command;
pub mod commits;
mod context;
pub mod listener;
mod members;
pub mod menus;
mod messages;
mod migrate;
pub mod ops;
mod reactions;
pub mod render;
mod schema;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use secrecy::ExposeSecret;
use teloxide::prelude::*;
use teloxide::{ApiError, RequestError};
use tokio_util::sync::CancellationToken;

use self::admins::Admins;
use self::commits::Commits;
use self::context::{Adapter, Me};
use self::listener::ConfirmingListener;
use self::ops::TelegramOps;
use self::schema::{LogErrors, schema};
use crate::app::App;
use crate::domain::UserId;
use crate::runtime::Running;

/// Connects to the Bot API and runs until `stop` is cancelled. A refused token fails at once;
/// an unreachable Telegram is retried in the background (and `/healthz` says it is down).
pub async fn start(app: Arc<App>, stop: CancellationToken) -> anyhow::Result<Running> {
    let config = &app.config.telegram;
    let token = config.token.as_ref().context("telegram.token is not set (or TELOXIDE_TOKEN)")?;
    let bot = bot::build(token.expose_secret(), &config.api_url)?;
    app.metrics.set_connected("telegram", false);
    let first = match bot.get_me().await {
        Ok(me) => Some(me),
        Err(RequestError::Api(ApiError::InvalidToken)) => {
            anyhow::bail!("Telegram refused the bot token (telegram.token / TELOXIDE_TOKEN); check it with @BotFather")
        }
        Err(e) => {
            tracing::warn!(error = %bot::describe(&e), "Telegram is unreachable; retrying in the background");
            None
        }
    };
    let ops = Arc::new(TelegramOps::new(bot.clone()));
    let task = tokio::spawn(serve(app, bot, ops.clone(), first, stop));
    Ok(Running { ops, task })
}

/// Asks who the bot is until Telegram answers (or the bot stops: `None`).
async fn wait_for_telegram(bot: &Bot, stop: &CancellationToken) -> Option<teloxide::types::Me> {
    let mut wait = Duration::from_secs(1);
    loop {
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = stop.cancelled() => return None,
        }
        match bot.get_me().await {
            Ok(me) => return Some(me),
            Err(e) => tracing::warn!(error = %bot::describe(&e), "Telegram is still unreachable; retrying in {wait:?}"),
        }
        wait = (wait * 2).min(Duration::from_secs(60));
    }
}

/// Polls and handles updates until `stop`.
async fn serve(
    app: Arc<App>,
    bot: Bot,
    ops: Arc<TelegramOps>,
    first: Option<teloxide::types::Me>,
    stop: CancellationToken,
) {
    let me = match first {
        Some(me) => me,
        None => match wait_for_telegram(&bot, &stop).await {
            Some(me) => me,
            None => return,
        },
    };
    let me = Me { id: me.user.id.0 as UserId, username: me.user.username.clone() };
    ops.set_bot_id(me.id);
    tracing::info!(bot = me.id, username = ?me.username, "connected to Telegram");
    match bot.get_webhook_info().await {
        Ok(info) if info.url.is_some() => {
            tracing::warn!("a webhook is set; removing it to use long polling");
            if let Err(e) = bot.delete_webhook().await {
                tracing::warn!(error = %bot::describe(&e), "could not remove the webhook");
            }
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %bot::describe(&e), "could not read the webhook settings"),
    }
    menus::set(&bot).await;

    let config = &app.config.telegram;
    let commits = Commits::new();
    let adapter = Arc::new(Adapter {
        app: app.clone(),
        bot: bot.clone(),
        me,
        ops,
        commits: commits.clone(),
        admins: Admins::new(Duration::from_secs(config.admin_cache_secs)),
        usernames: Default::default(),
        seen: Default::default(),
        join_requests: Default::default(),
        no_private_chat: Default::default(),
        stop: stop.clone(),
    });
    let poll_timeout = config.poll_timeout_secs.min(50);
    let listener = ConfirmingListener::new(bot.clone(), commits.clone(), app.metrics.clone(), poll_timeout, stop);
    let mut dispatcher = Dispatcher::builder(bot, schema())
        .dependencies(dptree::deps![adapter])
        .default_handler(move |update: Arc<Update>| {
            let commits = commits.clone();
            async move {
                tracing::debug!(update = update.id.0, "an update snowball does not read");
                commits.begin(update.id.0).skip();
            }
        })
        .error_handler(Arc::new(LogErrors))
        .build();
    if let Err(e) = dispatcher.try_dispatch_with_listener(listener, Arc::new(LogErrors)).await {
        tracing::error!(error = %bot::describe(&e), "Telegram polling could not start");
    }
    app.metrics.set_connected("telegram", false);
    tracing::info!("Telegram stopped");
}
