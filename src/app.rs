//! The shared context of a running snowball: configuration, store, writer, metrics, clock,
//! and caches. Adapters, command handlers and the scheduler all hold an `Arc<App>`.

use std::sync::Arc;
use std::time::Duration;

use dashmap::DashMap;

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::domain::{CommunityKey, UserId};
use crate::engine::Rules;
use crate::ingest::{Ingest, RuleBook, WriterConfig};
use crate::observe::Metrics;
use crate::settings::CommunitySettings;
use crate::store::{CommunityId, Store, StoreError};

pub struct App {
    pub config: Arc<Config>,
    pub store: Store,
    pub ingest: Ingest,
    pub rules: Arc<Rules>,
    /// The rules each community's events are ingested with (global + `/settings`).
    pub rulebook: Arc<RuleBook>,
    pub metrics: Arc<Metrics>,
    pub clock: Arc<dyn Clock>,
    /// Cache only: each community's settings (the store has the truth).
    settings: DashMap<CommunityId, CommunitySettings>,
    /// Per-user command rate limit: (community, user) → recent command times.
    recent_commands: DashMap<(CommunityId, UserId), Vec<crate::domain::Ts>>,
}

/// At most this many commands per user per [`RATE_WINDOW`].
pub const RATE_LIMIT: usize = 8;
pub const RATE_WINDOW: Duration = Duration::from_secs(20);

impl App {
    /// Builds the context and starts the writer. The writer's task handle is returned so the
    /// caller can wait for it to drain at shutdown.
    pub fn start(config: Config, store: Store, clock: Arc<dyn Clock>) -> (Arc<App>, tokio::task::JoinHandle<()>) {
        let rules = Arc::new(Rules::from_config(&config));
        let rulebook = Arc::new(RuleBook::new(Rules::clone(&rules)));
        let (ingest, writer) = Ingest::start(store.clone(), rulebook.clone(), WriterConfig::from(&config.database));
        let metrics = Metrics::new();
        metrics.attach_ingest(ingest.stats().clone());
        let app = App {
            config: Arc::new(config),
            store,
            ingest,
            rules,
            rulebook,
            metrics,
            clock,
            settings: DashMap::new(),
            recent_commands: DashMap::new(),
        };
        (Arc::new(app), writer)
    }

    /// The production clock.
    pub fn system_clock() -> Arc<dyn Clock> {
        Arc::new(SystemClock)
    }

    /// A community's settings (cached).
    pub async fn settings(&self, community: CommunityId) -> Result<CommunitySettings, StoreError> {
        if let Some(s) = self.settings.get(&community) {
            return Ok(s.clone());
        }
        let json = self.store.community_settings_json(community).await?;
        let settings = CommunitySettings::from_json(&json).unwrap_or_else(|e| {
            tracing::warn!(community, error = %e, "stored settings unreadable; using defaults");
            CommunitySettings::default()
        });
        self.remember(community, settings.clone());
        Ok(settings)
    }

    fn remember(&self, community: CommunityId, settings: CommunitySettings) {
        let own = settings.overrides_rules().then(|| settings.rules(&self.rules));
        self.rulebook.set(community, own);
        self.settings.insert(community, settings);
    }

    /// Loads every community's settings, so events are ingested with each community's own
    /// rules from the first one after a start.
    pub async fn preload_settings(&self) -> Result<(), StoreError> {
        for (id, json) in self.store.all_community_settings().await? {
            match CommunitySettings::from_json(&json) {
                Ok(s) => self.remember(id, s),
                Err(e) => tracing::warn!(community = id, error = %e, "stored settings unreadable; using defaults"),
            }
        }
        Ok(())
    }

    /// Saves a community's settings.
    pub async fn save_settings(&self, community: CommunityId, settings: CommunitySettings) -> Result<(), StoreError> {
        self.store.set_community_settings_json(community, &settings.to_json()).await?;
        self.remember(community, settings);
        Ok(())
    }

    /// A community's rules: global rules with its overrides.
    pub async fn rules_for(&self, community: CommunityId) -> Result<Rules, StoreError> {
        Ok(self.settings(community).await?.rules(&self.rules))
    }

    pub async fn community_id(&self, key: &CommunityKey) -> Result<CommunityId, StoreError> {
        self.store.community_id(key).await
    }

    /// The community's language: its setting, else the configured default (also when the
    /// store cannot be read — an answer in the default language beats no answer).
    pub async fn community_language(&self, key: &CommunityKey) -> crate::i18n::Lang {
        let default = || self.config.digest.language.parse().unwrap_or_default();
        let settings = async { self.settings(self.community_id(key).await?).await };
        match settings.await {
            Ok(s) => s.language_or(&self.config),
            Err(e) => {
                self.store.observe(e);
                default()
            }
        }
    }

    /// Records a command by `user` and says whether it is within the rate limit.
    pub fn allow_command(&self, community: CommunityId, user: UserId) -> bool {
        let now = self.clock.now();
        let window = chrono::Duration::from_std(RATE_WINDOW).unwrap_or(chrono::Duration::MAX);
        let mut recent = self.recent_commands.entry((community, user)).or_default();
        recent.retain(|t| now - *t < window && *t <= now);
        if recent.len() >= RATE_LIMIT {
            return false;
        }
        recent.push(now);
        true
    }
}
