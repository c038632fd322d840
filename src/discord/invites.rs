//! [`InviteSource`] over serenity's REST client: every invite of a guild with its uses
//! (`GET /guilds/{id}/invites`, needs Manage Server) and the vanity URL's uses, which
//! serenity's model lacks, read with a raw `GET /guilds/{id}/vanity-url`.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use chrono::Duration;
use dashmap::DashSet;
use serde::Deserialize;
use serenity::all::{GuildId, Http, LightMethod, RichInvite, Route};
use serenity::http::Request;

use super::errors;
use super::guild_book::{Facts, GuildBook};
use crate::domain::CommunityKey;
use crate::engine::attribution::discord::{FetchError, InviteInfo, InviteList, InviteSource, Vanity};
use crate::observe::Metrics;

/// Fetches invite lists with the adapter's HTTP client.
pub struct HttpInvites {
    http: Arc<Http>,
    guilds: Arc<GuildBook>,
    metrics: Arc<Metrics>,
    /// Guilds whose invites we may not read; shared with the adapter (for `/setup`).
    forbidden: Arc<DashSet<GuildId>>,
}

impl HttpInvites {
    pub fn new(
        http: Arc<Http>,
        guilds: Arc<GuildBook>,
        metrics: Arc<Metrics>,
        forbidden: Arc<DashSet<GuildId>>,
    ) -> Self {
        Self { http, guilds, metrics, forbidden }
    }

    /// One guild's invites and vanity uses.
    pub async fn list(&self, guild: GuildId) -> Result<InviteList, FetchError> {
        self.metrics.invite_fetches.fetch_add(1, Ordering::Relaxed);
        let result = self.list_inner(guild).await;
        match &result {
            Err(FetchError::Forbidden) => {
                if self.forbidden.insert(guild) {
                    tracing::warn!(
                        community = %super::shared::key(guild),
                        "snowball lacks the Manage Server permission here: it cannot read invites, so every join is \
                         recorded as unknown until a manager grants it (see /setup)"
                    );
                }
            }
            Ok(_) => {
                if self.forbidden.remove(&guild).is_some() {
                    tracing::info!(community = %super::shared::key(guild), "invites are readable again");
                }
            }
            Err(_) => {}
        }
        result
    }

    async fn list_inner(&self, guild: GuildId) -> Result<InviteList, FetchError> {
        let invites = self.http.get_guild_invites(guild).await.map_err(fetch_error)?;
        let has_vanity = self.guilds.with(guild, Facts::has_vanity);
        let vanity = match has_vanity {
            Some(false) => None,
            Some(true) => self.vanity(guild).await?,
            // Not known yet: try, and do without it if Discord says there is none.
            None => self.vanity(guild).await.unwrap_or(None),
        };
        Ok(InviteList { invites: invites.iter().map(info).collect(), vanity })
    }

    async fn vanity(&self, guild: GuildId) -> Result<Option<Vanity>, FetchError> {
        #[derive(Deserialize)]
        struct Raw {
            code: Option<String>,
            #[serde(default)]
            uses: u64,
        }
        let request = Request::new(Route::GuildVanityUrl { guild_id: guild }, LightMethod::Get);
        let response = self.http.request(request).await.map_err(fetch_error)?;
        let raw: Raw = response.json().await.map_err(|e| FetchError::Failed(format!("vanity URL: {e}")))?;
        Ok(raw.code.map(|code| Vanity { code, uses: u32::try_from(raw.uses).unwrap_or(u32::MAX) }))
    }
}

impl InviteSource for HttpInvites {
    fn fetch(&self, community: &CommunityKey) -> impl Future<Output = Result<InviteList, FetchError>> + Send {
        let guild = community.external_id.parse::<u64>().ok().filter(|id| *id != 0).map(GuildId::new);
        async move {
            match guild {
                Some(g) => self.list(g).await,
                None => Err(FetchError::Failed(format!("{community} is not a Discord guild"))),
            }
        }
    }
}

fn fetch_error(e: serenity::Error) -> FetchError {
    match errors::status(&e) {
        // No permission, or the guild is gone (the bot was removed).
        _ if errors::is_forbidden(&e) => FetchError::Forbidden,
        Some((404, 10004)) => FetchError::Forbidden,
        _ => FetchError::Failed(e.to_string()),
    }
}

/// An invite as the engine sees it.
pub fn info(i: &RichInvite) -> InviteInfo {
    let created: chrono::DateTime<chrono::Utc> = *i.created_at;
    InviteInfo {
        code: i.code.clone(),
        inviter: i.inviter.as_ref().map(|u| super::shared::uid(u.id)),
        uses: u32::try_from(i.uses).unwrap_or(u32::MAX),
        max_uses: u32::from(i.max_uses),
        expires_at: (i.max_age > 0).then(|| created + Duration::seconds(i64::from(i.max_age))),
        temporary: i.temporary,
    }
}
