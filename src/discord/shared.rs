//! What every part of the adapter shares: the app, serenity's HTTP client and cache (the bot's
//! own user), the book of guild facts, the attribution resolver, and what the adapter learned
//! about each guild.

use std::sync::{Arc, RwLock};

use dashmap::DashSet;
use serenity::all::{Cache, GuildId, Http, UserId};

use super::guild_book::GuildBook;

use super::invites::HttpInvites;
use super::order::Order;
use crate::app::App;
use crate::domain::{CommunityKey, Envelope};
use crate::engine::attribution::discord::DiscordResolver;

/// The resolver behind the adapter's REST client.
pub type Resolver = DiscordResolver<HttpInvites>;

pub struct Shared {
    pub app: Arc<App>,
    pub http: Arc<Http>,
    pub cache: Arc<Cache>,
    /// Owners, roles, channels and the bot's roles, kept from gateway events.
    pub guilds: Arc<GuildBook>,
    /// `None` once stopping: the last handle is dropped so pending joins are resolved.
    resolver: RwLock<Option<Resolver>>,
    /// Guilds where the bot may not read invites (no Manage Server): said once in the log,
    /// shown by `/setup`, and their joins are recorded as `unknown`.
    pub forbidden: Arc<DashSet<GuildId>>,
    /// Guilds that had a GUILD_CREATE in this process: a later READY is a new session, and
    /// their joins in between were not seen.
    pub known: DashSet<GuildId>,
    /// The order that matters (edits after creations, leaves after pending joins).
    pub order: Arc<Order>,
}

impl Shared {
    /// `forbidden` is the set the resolver's invite source marks.
    pub fn new(
        app: Arc<App>,
        http: Arc<Http>,
        cache: Arc<Cache>,
        guilds: Arc<GuildBook>,
        resolver: Resolver,
        forbidden: Arc<DashSet<GuildId>>,
    ) -> Self {
        Self {
            app,
            http,
            cache,
            guilds,
            resolver: RwLock::new(Some(resolver)),
            forbidden,
            known: DashSet::new(),
            order: Arc::new(Order::default()),
        }
    }

    /// A handle to the resolver (`None` while stopping).
    pub fn resolver(&self) -> Option<Resolver> {
        self.resolver.read().ok().and_then(|r| r.clone())
    }

    /// Takes the resolver out, so dropping it (and every short-lived clone) lets the
    /// community tasks resolve what they hold and stop.
    pub fn take_resolver(&self) -> Option<Resolver> {
        self.resolver.write().ok().and_then(|mut r| r.take())
    }

    /// The bot's own user id (from the cache; 0 before READY).
    pub fn bot_id(&self) -> u64 {
        self.bot_user().get()
    }

    /// The bot's own user (from the cache, filled by READY).
    pub fn bot_user(&self) -> UserId {
        self.cache.current_user().id
    }

    /// Queues a domain event for the writer (never waits; a full queue is counted and logged
    /// by the writer).
    pub fn submit(&self, env: Envelope) {
        self.app.metrics.event(env.event.kind());
        if let Err(e) = self.app.ingest.submit(env) {
            crate::telemetry::log_error_chain("a Discord event could not be queued", &e);
        }
    }
}

/// The community key of a guild.
pub fn key(guild: GuildId) -> CommunityKey {
    CommunityKey::discord(guild.get())
}

/// A Discord id as a domain user id (snowflakes fit in an `i64`).
pub fn uid(id: impl Into<u64>) -> i64 {
    i64::try_from(id.into()).unwrap_or(i64::MAX)
}
