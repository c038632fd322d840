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

/// Connects to the Bot API and runs until `stop` is cancelled.
pub async fn start(app: Arc<App>, stop: CancellationToken) -> anyhow::Result<Running> {
    let config = &app.config.telegram;
    let token = config.token.as_ref().context("telegram.token is not set (or TELOXIDE_TOKEN)")?;
    let bot = bot::build(token.expose_secret(), &config.api_url)?;
    app.metrics.set_connected("telegram", false);
    let me =
        bot.get_me().await.map_err(|e| anyhow::anyhow!("asking Telegram who the bot is: {}", bot::describe(&e)))?;
    let me = Me { id: me.user.id.0 as UserId, username: me.user.username.clone() };
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

    let ops = Arc::new(TelegramOps { bot: bot.clone(), bot_id: me.id });
    let commits = Commits::new();
    let adapter = Arc::new(Adapter {
        app: app.clone(),
        bot: bot.clone(),
        me,
        ops: ops.clone(),
        commits: commits.clone(),
        admins: Admins::new(Duration::from_secs(config.admin_cache_secs)),
        usernames: Default::default(),
        seen: Default::default(),
        join_requests: Default::default(),
    });
    let poll_timeout = config.poll_timeout_secs.min(50);
    let listener = ConfirmingListener::new(bot.clone(), commits.clone(), app.metrics.clone(), poll_timeout, stop);
    let settle = commits.clone();
    let mut dispatcher = Dispatcher::builder(bot, schema())
        .dependencies(dptree::deps![adapter])
        .default_handler(move |update: Arc<Update>| {
            let settle = settle.clone();
            async move {
                tracing::debug!(update = update.id.0, "an update snowball does not read");
                settle.begin(update.id.0).skip();
            }
        })
        .error_handler(Arc::new(LogErrors))
        .build();
    let metrics = app.metrics.clone();
    let task = tokio::spawn(async move {
        if let Err(e) = dispatcher.try_dispatch_with_listener(listener, Arc::new(LogErrors)).await {
            tracing::error!(error = %bot::describe(&e), "Telegram polling could not start");
        }
        metrics.set_connected("telegram", false);
        tracing::info!("Telegram stopped");
    });
    Ok(Running { ops, task })
}
