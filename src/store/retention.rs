//! Data retention: deleting raw events older than `privacy.retain_events_days`. The
//! projections (and so every total, funnel and digest) stay; what is lost is the ability to
//! recompute from the log, so a pruned community refuses `recompute`.

use sqlx::Row;

use super::{CommunityId, Store, StoreError, from_millis};
use crate::domain::Ts;

impl Store {
    /// Deletes every community's events older than `before`. Returns how many were deleted.
    ///
    /// One community at a time, each through its time index: the log has no index on the time
    /// alone (it would cost every event a write), and `at < cutoff` over the whole table walked
    /// every event of every community (tests/query_plans.rs).
    pub async fn prune_events(&self, before: Ts) -> Result<u64, StoreError> {
        let cutoff = super::to_millis(before);
        let communities: Vec<CommunityId> =
            sqlx::query_scalar("SELECT id FROM communities ORDER BY id").fetch_all(self.pool().await?).await?;
        let mut deleted = 0;
        for community in communities {
            let mut tx = self.pool().await?.begin().await?;
            let done = sqlx::query("DELETE FROM events WHERE community_id = $1 AND at < $2")
                .bind(community)
                .bind(cutoff)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() > 0 {
                sqlx::query(
                    "UPDATE communities SET events_pruned_before = $1 \
                     WHERE id = $2 AND (events_pruned_before IS NULL OR events_pruned_before < $1)",
                )
                .bind(cutoff)
                .bind(community)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            deleted += done.rows_affected();
        }
        Ok(deleted)
    }

    /// The time before which the community's log was pruned, if it was.
    pub async fn events_pruned_before(&self, community: CommunityId) -> Result<Option<Ts>, StoreError> {
        let row = sqlx::query("SELECT events_pruned_before FROM communities WHERE id = $1")
            .bind(community)
            .fetch_optional(self.pool().await?)
            .await?;
        Ok(row.and_then(|r| r.try_get::<Option<i64>, _>("events_pruned_before").ok().flatten()).map(from_millis))
    }
}
