use chrono::Utc;
use serde::Serialize;
use sqlx::AssertSqlSafe;
use sqlx::Row;

use super::{CommunityId, Store, StoreError, to_millis};
use crate::domain::{CommunityKey, Platform, Word};

/// One line of `snowball communities`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommunitySummary {
    pub key: CommunityKey,
    pub name: Option<String>,
    pub members: i64,
    pub events: i64,
}

impl Store {
    /// The id of a community, created on first sight.
    pub async fn community_id(&self, key: &CommunityKey) -> Result<CommunityId, StoreError> {
        if let Some(id) = self.inner.community_ids.get(key) {
            return Ok(*id);
        }
        // Insert-or-ignore then read, which is race-free with several writers or processes.
        sqlx::query(
            "INSERT INTO communities (platform, external_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (platform, external_id) DO NOTHING",
        )
        .bind(key.platform.word())
        .bind(&key.external_id)
        .bind(to_millis(Utc::now()))
        .execute(self.pool().await?)
        .await?;
        let id = self
            .find_community(key)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("community {key} vanished right after it was created")))?;
        Ok(id)
    }

    /// The id of a community if the store knows it.
    pub async fn find_community(&self, key: &CommunityKey) -> Result<Option<CommunityId>, StoreError> {
        if let Some(id) = self.inner.community_ids.get(key) {
            return Ok(Some(*id));
        }
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM communities WHERE platform = $1 AND external_id = $2")
            .bind(key.platform.word())
            .bind(&key.external_id)
            .fetch_optional(self.pool().await?)
            .await?;
        if let Some(id) = id {
            self.inner.community_ids.insert(key.clone(), id);
        }
        Ok(id)
    }

    /// A community's key and name by id.
    pub async fn community_info(&self, id: CommunityId) -> Result<Option<(CommunityKey, Option<String>)>, StoreError> {
        let row = sqlx::query("SELECT platform, external_id, name FROM communities WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool().await?)
            .await?;
        let Some(r) = row else { return Ok(None) };
        let platform: String = r.try_get("platform")?;
        let platform = Platform::from_word(&platform)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown platform `{platform}`")))?;
        Ok(Some((CommunityKey { platform, external_id: r.try_get("external_id")? }, r.try_get("name")?)))
    }

    /// Records the community's display name (guild or group title).
    pub async fn set_community_name(&self, id: CommunityId, name: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE communities SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(id)
            .execute(self.pool().await?)
            .await?;
        Ok(())
    }

    /// A community moved to a new platform id (a Telegram basic group that became a supergroup
    /// gets a new chat id): from now on `to` names it, with all its history. `false` when `from`
    /// is unknown or `to` already has a community of its own (nothing is merged).
    pub async fn move_community(&self, from: &CommunityKey, to: &CommunityKey) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE communities SET external_id = $1 WHERE platform = $2 AND external_id = $3 \
             AND NOT EXISTS (SELECT 1 FROM communities WHERE platform = $2 AND external_id = $1)",
        )
        .bind(&to.external_id)
        .bind(from.platform.word())
        .bind(&from.external_id)
        .execute(self.pool().await?)
        .await?;
        let moved = done.rows_affected() > 0;
        if moved && let Some(id) = self.find_community(to).await? {
            // Late events under the old id (still queued, or handled concurrently) land in the
            // same community while this process runs.
            self.inner.community_ids.insert(from.clone(), id);
        }
        Ok(moved)
    }

    /// Every community in the store, with member and event counts.
    pub async fn communities(&self) -> Result<Vec<CommunitySummary>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.platform, c.external_id, c.name, \
               (SELECT COUNT(*) FROM members m WHERE m.community_id = c.id AND m.left_at IS NULL AND m.joined_at IS NOT NULL) AS members, \
               (SELECT COUNT(*) FROM events e WHERE e.community_id = c.id) AS events \
             FROM communities c ORDER BY c.platform, c.external_id",
        )
        .fetch_all(self.pool().await?)
        .await?;
        rows.into_iter()
            .map(|r| {
                let platform: String = r.try_get("platform")?;
                let platform = Platform::from_word(&platform)
                    .ok_or_else(|| StoreError::Corrupt(format!("unknown platform `{platform}`")))?;
                Ok(CommunitySummary {
                    key: CommunityKey { platform, external_id: r.try_get("external_id")? },
                    name: r.try_get("name")?,
                    members: r.try_get("members")?,
                    events: r.try_get("events")?,
                })
            })
            .collect()
    }

    /// The community's settings document (JSON object), `{}` when none were set.
    pub async fn community_settings_json(&self, id: CommunityId) -> Result<String, StoreError> {
        let s: Option<String> = sqlx::query_scalar("SELECT settings FROM communities WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool().await?)
            .await?;
        Ok(s.unwrap_or_else(|| "{}".into()))
    }

    pub async fn set_community_settings_json(&self, id: CommunityId, json: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE communities SET settings = $1 WHERE id = $2")
            .bind(json)
            .bind(id)
            .execute(self.pool().await?)
            .await?;
        Ok(())
    }
}

impl Store {
    /// Rows in one of the store's tables (for tests, `snowball communities` and health checks).
    pub async fn count_rows(&self, table: &str) -> Result<i64, StoreError> {
        const TABLES: &[&str] = &[
            "communities",
            "events",
            "members",
            "joins",
            "messages",
            "value_exchanges",
            "transitions",
            "customers",
            "digests",
            "invites",
            "campaigns",
            "personal_invites",
        ];
        if !TABLES.contains(&table) {
            return Err(StoreError::Config(format!("no table named `{table}`")));
        }
        Ok(sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(self.pool().await?)
            .await?)
    }
}

impl Store {
    /// `(community id, settings JSON)` for every community that has settings.
    pub async fn all_community_settings(&self) -> Result<Vec<(CommunityId, String)>, StoreError> {
        let rows = sqlx::query("SELECT id, settings FROM communities WHERE settings <> '{}'")
            .fetch_all(self.pool().await?)
            .await?;
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
    }
}

/// A community the digest scheduler looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduledCommunity {
    pub id: CommunityId,
    pub key: CommunityKey,
    /// The time of its first logged event (millis): the bot knew the community from then on.
    pub first_event_ms: Option<i64>,
}

impl Store {
    /// The communities of one platform, for the digest scheduler.
    pub async fn communities_on(&self, platform: Platform) -> Result<Vec<ScheduledCommunity>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.id, c.external_id, (SELECT MIN(e.at) FROM events e WHERE e.community_id = c.id) AS first_event \
             FROM communities c WHERE c.platform = $1 ORDER BY c.id",
        )
        .bind(platform.word())
        .fetch_all(self.pool().await?)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(ScheduledCommunity {
                    id: r.try_get("id")?,
                    key: CommunityKey { platform, external_id: r.try_get("external_id")? },
                    first_event_ms: r.try_get("first_event")?,
                })
            })
            .collect()
    }
}
