//! What a recompute deletes, and how it reads the log back in pages.

use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::{CommunityId, LoggedEvent, StoreError, from_millis};
use crate::domain::Event;

/// The projections rebuilt from the log (the invite snapshot, campaigns and personal invites
/// are platform state, not projections, and stay).
pub const PROJECTIONS: &[&str] = &[
    "members",
    "joins",
    "messages",
    "value_exchanges",
    "transitions",
    "customers",
    "referrals",
    "leaderboard_scores",
    "leaderboard_counts",
];

pub(crate) async fn delete_projections(conn: &mut AnyConnection, community: CommunityId) -> Result<(), StoreError> {
    for table in PROJECTIONS {
        sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE community_id = $1")))
            .bind(community)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Rows of a projection for one community.
pub(crate) async fn count(conn: &mut AnyConnection, table: &str, community: CommunityId) -> Result<i64, StoreError> {
    if !PROJECTIONS.contains(&table) {
        return Err(StoreError::Config(format!("no projection named `{table}`")));
    }
    Ok(sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {table} WHERE community_id = $1")))
        .bind(community)
        .fetch_one(&mut *conn)
        .await?)
}

/// The next `limit` events of the log after `(at, id)`, in `(at, id)` order.
pub(crate) async fn page(
    conn: &mut AnyConnection,
    community: CommunityId,
    after: Option<(i64, i64)>,
    limit: i64,
) -> Result<Vec<LoggedEvent>, StoreError> {
    let (at, id) = after.unwrap_or((i64::MIN, i64::MIN));
    // `at >= $2` starts each page's read where the last one ended in the time index. SQLite
    // derives that bound from the `OR` by itself; PostgreSQL does not, and read the community's
    // log from its first event for every page.
    let rows = sqlx::query(
        "SELECT id, source_id, at, payload FROM events WHERE community_id = $1 \
         AND at >= $2 AND (at > $2 OR id > $3) ORDER BY at, id LIMIT $4",
    )
    .bind(community)
    .bind(at)
    .bind(id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let payload: String = r.try_get("payload")?;
            let event: Event =
                serde_json::from_str(&payload).map_err(|e| StoreError::Corrupt(format!("event payload: {e}")))?;
            Ok(LoggedEvent {
                id: r.try_get("id")?,
                community,
                source_id: r.try_get("source_id")?,
                at: from_millis(r.try_get("at")?),
                event,
            })
        })
        .collect()
}

/// Deletes a demo community entirely: its log, its projections and the community row, so
/// `snowball demo` can generate it again. Refuses any other platform.
pub(crate) async fn purge(conn: &mut AnyConnection, community: CommunityId) -> Result<(), StoreError> {
    delete_projections(conn, community).await?;
    for table in ["events", "invites", "campaigns", "personal_invites", "digests"] {
        sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE community_id = $1")))
            .bind(community)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

impl super::Store {
    /// Deletes everything of a `demo:` community (log included) so it can be generated again.
    pub async fn purge_demo_community(&self, key: &crate::domain::CommunityKey) -> Result<(), StoreError> {
        if key.platform != crate::domain::Platform::Demo {
            return Err(StoreError::Config(format!(
                "{key} is not a demo community; only demo communities can be purged"
            )));
        }
        let Some(id) = self.find_community(key).await? else { return Ok(()) };
        let mut tx = self.pool().await?.begin().await?;
        purge(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }
}
