//! The Discord adapter (serenity + poise): gateway events in, domain events and commands out,
//! replies rendered as embeds.
//!
//! - [`client`]: the HTTP client (`discord.api_url` as a proxy), intents and shards;
//! - [`events`]: gateway events → domain events and the attribution resolver;
//! - `guilds`: a guild becoming available (names, members, invite snapshot, offline joins);
//! - `members`, `messages`: the conversions;
//! - [`commands`]: slash commands generated from the catalogue;
//! - [`ops`]: what command handlers and the scheduler ask of Discord;
//! - [`invites`]: the resolver's invite source over REST.
//!
//! What a crash can lose: events are queued for the single writer and committed in groups
//! (`database.batch_max_delay_ms`, 50 ms by default, or `batch_max_events`); a hard crash
//! loses at most the events of that window plus the joins the resolver holds for its current
//! window (at most `attribution.max_wait_ms`). Discord does not re-deliver them; after the restart the
//! joins among them are found in the member list and recorded as `unknown`. A clean stop
//! (SIGTERM/SIGINT) resolves the held joins and writes everything.

pub mod client;
pub mod commands;
mod errors;
pub mod events;
pub mod guild_book;
mod guilds;
pub mod invites;
mod joins;
mod members;
mod messages;
pub mod ops;
mod order;
pub mod render;
pub mod shared;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::Context as _;
use poise::serenity_prelude as serenity;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::app::App;
use crate::engine::attribution::discord::{DiscordResolver, ResolverConfig};
use crate::runtime::Running;
use shared::Shared;

/// How long a stop waits for the resolver to hand over the joins it holds.
const RESOLVER_DRAIN: Duration = Duration::from_secs(5);

/// Connects to Discord and runs until `stop` is cancelled.
pub async fn start(app: Arc<App>, stop: CancellationToken) -> anyhow::Result<Running> {
    let config = &app.config.discord;
    let token = config.token.as_ref().context("discord.token is not set")?;
    if client::uses_proxy(config) {
        tracing::info!(
            api_url = %config.api_url,
            "Discord REST calls go through a proxy; serenity's own rate limiter is off, so the proxy must rate-limit"
        );
    }
    let cell: Arc<OnceLock<Arc<Shared>>> = Arc::new(OnceLock::new());
    let framework = framework(cell.clone());
    let client = serenity::ClientBuilder::new_with_http(client::http(config, token), client::intents())
        .framework(framework)
        .cache_settings(guild_book::settings())
        .await
        .context("building the Discord client")?;

    let forbidden = Arc::new(dashmap::DashSet::new());
    let guilds = Arc::new(guild_book::GuildBook::default());
    let source = invites::HttpInvites::new(client.http.clone(), guilds.clone(), app.metrics.clone(), forbidden.clone());
    let wall = {
        let clock = app.clock.clone();
        Arc::new(move || clock.now())
    };
    let (resolver, joins) = DiscordResolver::with_clock(source, ResolverConfig::from(&app.config.attribution), wall);
    let shared =
        Arc::new(Shared::new(app.clone(), client.http.clone(), client.cache.clone(), guilds, resolver, forbidden));
    let _ = cell.set(shared.clone());

    let forward = tokio::spawn(joins::forward(shared.clone(), joins));
    let task = tokio::spawn(run(client, shared.clone(), stop, forward));
    Ok(Running { ops: Arc::new(ops::DiscordOps::new(shared)), task })
}

/// The poise framework: every catalogue command, our event handler; commands are registered
/// globally once connected.
fn framework(cell: Arc<OnceLock<Arc<Shared>>>) -> poise::Framework<Arc<Shared>, events::Error> {
    poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: commands::all(),
            event_handler: events::handle,
            ..Default::default()
        })
        .setup(move |ctx, _ready, framework| {
            Box::pin(async move {
                let shared = cell.get().cloned().context("the Discord adapter is not initialised")?;
                if let Err(e) = poise::builtins::register_globally(ctx, &framework.options().commands).await {
                    crate::telemetry::log_error_chain("could not register the slash commands", &e);
                }
                Ok(shared)
            })
        })
        .build()
}

/// Runs the shards until `stop`, then shuts them down and hands over the held joins.
async fn run(mut client: serenity::Client, shared: Arc<Shared>, stop: CancellationToken, forward: JoinHandle<()>) {
    let manager = client.shard_manager.clone();
    let shards = client::shard_range(&shared.app.config.discord);
    let started = async {
        match shards {
            Some((first, last, total)) => client.start_shard_range(first..last, total).await,
            None => client.start_autosharded().await,
        }
    };
    tokio::select! {
        result = started => {
            shared.app.metrics.set_connected("discord", false);
            match result {
                Ok(()) => tracing::warn!("the Discord client stopped"),
                Err(e) => crate::telemetry::log_error_chain(
                    "the Discord client stopped (a wrong token or privileged intents not enabled in the developer \
                     portal are the usual causes)",
                    &e,
                ),
            }
            // serenity's queuer and runners hold the framework (and through it the app, so the
            // writer could not finish at shutdown) until told to stop.
            manager.shutdown_all().await;
            stop.cancelled().await;
        }
        () = stop.cancelled() => {
            manager.shutdown_all().await;
            shared.app.metrics.set_connected("discord", false);
        }
    }
    drop(client);
    drop(shared.take_resolver());
    if tokio::time::timeout(RESOLVER_DRAIN, forward).await.is_err() {
        tracing::warn!("the attribution resolver did not hand over its joins in time");
    }
    shared.order.release_all(&shared).await;
    tracing::info!("Discord stopped");
}
