//! The store: the append-only event log and the projections computed from it.
//!
//! One implementation, two backends picked from the URL: `sqlite://…` (embedded, the default)
//! and `postgres://…`. Both speak the same portable SQL (numbered `$n` parameters, `ON CONFLICT`,
//! `RETURNING`, integers for flags and Unix-millisecond timestamps) through sqlx's `Any` driver;
//! only the migrations differ (`migrations/sqlite`, `migrations/postgres`).
//!
//! One file per table. SQL lives here and nowhere else.

#[doc(hidden)]
pub mod bench;
#[doc(hidden)]
pub mod bench_history;
mod breaker;
pub(crate) mod campaigns;
mod communities;
pub(crate) mod customers;
mod digest;
mod digest_claims;
mod digest_lists;
mod digest_sources;
mod error;
pub(crate) mod events;
pub mod export;
mod funnel;
pub(crate) mod invites;
pub(crate) mod joins;
pub(crate) mod leaderboard;
pub(crate) mod members;
pub(crate) mod messages;
pub(crate) mod personal_invites;
pub(crate) mod privacy;
mod profile;
pub(crate) mod recompute;
mod referral_tree;
pub(crate) mod referrals;
mod retention;
pub(crate) mod sql;
pub mod testing;
pub(crate) mod transitions;
pub(crate) mod value;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use dashmap::DashMap;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};

pub use campaigns::{CampaignRow, CampaignYield};
pub use communities::{CommunitySummary, ScheduledCommunity};
pub use customers::CustomerRow;
pub use digest_claims::Claim;
pub use error::StoreError;
pub use events::{LoggedEvent, NewEvent};
pub use invites::VANITY_CODE;
pub use joins::JoinRow;
pub use members::MemberRow;
pub use messages::MessageRow;
pub use profile::{CustomerInfo, MemberProfile, NamedUser};
pub use referral_tree::Referral;
pub use referrals::{ReferralRow, ReferralStatus, ReferralTally};
pub use sql::{from_millis, to_millis};
pub use transitions::TransitionRow;
pub use value::{KindTotal, ValueRow};

use crate::domain::CommunityKey;

/// The internal id of a community (a row of `communities`).
pub type CommunityId = i64;

/// Which database the store talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A handle to the store; cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    pool: AnyPool,
    backend: Backend,
    /// Cache only: community key → id. Rebuilt from the table on a miss.
    community_ids: DashMap<CommunityKey, CommunityId>,
    /// Open while the database is known to be unreachable: calls fail at once.
    breaker: breaker::Breaker,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("backend", &self.inner.backend).finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the database at `url`, creating an SQLite file (and its directory) if needed.
    /// Does not run migrations; see [`Store::migrate`].
    pub async fn open(url: &str, max_connections: u32) -> Result<Store, StoreError> {
        Self::open_warm(url, 0, max_connections).await
    }

    /// As [`Store::open`], keeping at least `min_connections` (at most `max_connections`) open
    /// at all times, opened in the background: a new PostgreSQL connection (TLS, a new server
    /// process, cold catalog caches) took ~95 ms on the bench machine, which a command that
    /// found every connection busy, or the first one after a quiet spell, used to wait for.
    #[tracing::instrument(skip_all, fields(backend))]
    pub async fn open_warm(url: &str, min_connections: u32, max_connections: u32) -> Result<Store, StoreError> {
        install_default_drivers();
        let (backend, url) = if url.starts_with("sqlite:") {
            (Backend::Sqlite, sqlite_url(url)?)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string())
        } else {
            return Err(StoreError::Config(format!(
                "database.url must start with sqlite:// or postgres://, got `{}`",
                redact_url(url)
            )));
        };
        tracing::Span::current().record("backend", tracing::field::debug(backend));
        let max_connections = max_connections.max(1);
        let options = AnyPoolOptions::new()
            .max_connections(max_connections)
            .min_connections(min_connections.min(max_connections))
            .acquire_timeout(Duration::from_secs(5));
        let options = match backend {
            Backend::Sqlite => options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL lets readers work while the single writer commits; NORMAL sync is
                    // durable across application crashes (only an OS crash can lose the
                    // last commits), which is the usual WAL trade-off.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;",
                    )
                    .await?;
                    Ok(())
                })
            }),
            Backend::Postgres => options,
        };
        let pool = options.connect(&url).await.map_err(|e| StoreError::Connect { url: redact_url(&url), source: e })?;
        Ok(Store {
            inner: Arc::new(Inner {
                pool,
                backend,
                community_ids: DashMap::new(),
                breaker: breaker::Breaker::default(),
            }),
        })
    }

    /// Applies the migrations of this backend that have not run yet.
    #[tracing::instrument(skip_all)]
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let migrator = match self.inner.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.inner.pool).await?;
        Ok(())
    }

    /// Opens and migrates: what the one-shot commands do.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store, StoreError> {
        Self::connect_warm(url, 0, max_connections).await
    }

    /// Opens with warm connections ([`Store::open_warm`]) and migrates: what `snowball run` does.
    pub async fn connect_warm(url: &str, min_connections: u32, max_connections: u32) -> Result<Store, StoreError> {
        let store = Self::open_warm(url, min_connections, max_connections).await?;
        store.migrate().await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    /// The pool, unless the database is known to be unreachable: then the call fails at once
    /// (see [`breaker`]) instead of waiting out the pool's acquire timeout.
    pub(crate) async fn pool(&self) -> Result<&AnyPool, StoreError> {
        if self.inner.breaker.is_open() {
            breaker::probe(&self.inner);
            return Err(StoreError::Unavailable);
        }
        Ok(&self.inner.pool)
    }

    /// Reports an error a caller met: one saying the database cannot be reached opens the
    /// breaker, so the calls that follow fail fast until a background probe reaches it again.
    /// Returns the error unchanged.
    pub fn observe(&self, e: StoreError) -> StoreError {
        if breaker::unreachable(&e) && self.inner.breaker.trip() {
            tracing::warn!("the database is unreachable; store calls fail fast until it answers again");
            breaker::probe(&self.inner);
        }
        e
    }

    /// Whether store calls currently fail fast (the database was found unreachable).
    pub fn unavailable(&self) -> bool {
        self.inner.breaker.is_open()
    }

    /// A cheap round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let result = sqlx::query("SELECT 1").execute(self.pool().await?).await;
        result.map(drop).map_err(|e| self.observe(e.into()))
    }

    /// Closes every connection (waits for running queries).
    pub async fn close(&self) {
        self.inner.pool.close().await;
    }
}

/// Turns `sqlite://path` into a URL that creates the file, and creates its directory.
fn sqlite_url(url: &str) -> Result<String, StoreError> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() {
        return Err(StoreError::Config("database.url names no SQLite file".into()));
    }
    if let Some(dir) = Path::new(path).parent().filter(|d| path != ":memory:" && !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            StoreError::Config(format!("cannot create the directory {} for the database: {e}", dir.display()))
        })?;
    }
    let query = if query.contains("mode=") {
        query.to_string()
    } else if query.is_empty() {
        "mode=rwc".to_string()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// A URL fit for logs: the password (if any) replaced.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_create_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/sub/x.db", dir.path().display());
        let out = sqlite_url(&url).unwrap();
        assert!(out.ends_with("/sub/x.db?mode=rwc"), "{out}");
        assert!(dir.path().join("sub").is_dir());
        assert!(sqlite_url("sqlite://x.db?mode=ro").unwrap().ends_with("?mode=ro"));
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact_url("postgres://u:hunter2@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
