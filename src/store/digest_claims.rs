//! Claims on digest periods, so a digest is posted exactly once across restarts, crashes and
//! several processes sharing one database: a process claims `(community, period)` before it
//! builds the digest, stores what it built, and marks it posted right after posting. A claim
//! whose holder died before posting can be taken over after a lease expires.

use sqlx::Row;

use super::{CommunityId, Store, StoreError};

/// What the caller may do with a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// This process holds the claim; `payload` is a digest built by an earlier holder that
    /// died before posting (post that one, not a new one).
    Won { payload: Option<String> },
    /// Already posted, or another live process holds it.
    Lost,
}

impl Store {
    /// Tries to claim a period. `lease_ms`: how long another holder's unposted claim is
    /// respected.
    pub async fn claim_digest(
        &self,
        community: CommunityId,
        period: &str,
        holder: &str,
        now_ms: i64,
        lease_ms: i64,
    ) -> Result<Claim, StoreError> {
        let inserted = sqlx::query(
            "INSERT INTO digests (community_id, period, claimed_by, claimed_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (community_id, period) DO NOTHING",
        )
        .bind(community)
        .bind(period)
        .bind(holder)
        .bind(now_ms)
        .execute(self.pool().await?)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(Claim::Won { payload: None });
        }
        // Take over a stale claim (its holder died between claiming and posting).
        let taken = sqlx::query(
            "UPDATE digests SET claimed_by = $1, claimed_at = $2 \
             WHERE community_id = $3 AND period = $4 AND posted_at IS NULL AND claimed_at < $5",
        )
        .bind(holder)
        .bind(now_ms)
        .bind(community)
        .bind(period)
        .bind(now_ms - lease_ms)
        .execute(self.pool().await?)
        .await?;
        if taken.rows_affected() == 1 {
            let payload: Option<String> =
                sqlx::query_scalar("SELECT payload FROM digests WHERE community_id = $1 AND period = $2")
                    .bind(community)
                    .bind(period)
                    .fetch_one(self.pool().await?)
                    .await?;
            return Ok(Claim::Won { payload });
        }
        Ok(Claim::Lost)
    }

    /// Stores the built digest under a held claim (so a successor posts the same one).
    pub async fn save_digest_payload(
        &self,
        community: CommunityId,
        period: &str,
        holder: &str,
        payload: &str,
    ) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE digests SET payload = $1 WHERE community_id = $2 AND period = $3 AND claimed_by = $4 AND posted_at IS NULL",
        )
        .bind(payload)
        .bind(community)
        .bind(period)
        .bind(holder)
        .execute(self.pool().await?)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Marks a claimed period posted. Returns false if the claim was lost meanwhile.
    pub async fn mark_digest_posted(
        &self,
        community: CommunityId,
        period: &str,
        holder: &str,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE digests SET posted_at = $1 WHERE community_id = $2 AND period = $3 AND claimed_by = $4 AND posted_at IS NULL",
        )
        .bind(now_ms)
        .bind(community)
        .bind(period)
        .bind(holder)
        .execute(self.pool().await?)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Gives a claim back without posting (e.g. the platform refused the message), so the
    /// next check tries again.
    pub async fn release_digest(&self, community: CommunityId, period: &str, holder: &str) -> Result<(), StoreError> {
        sqlx::query(
            "DELETE FROM digests WHERE community_id = $1 AND period = $2 AND claimed_by = $3 AND posted_at IS NULL",
        )
        .bind(community)
        .bind(period)
        .bind(holder)
        .execute(self.pool().await?)
        .await?;
        Ok(())
    }

    /// Periods posted for a community, oldest first: `(period, posted_at)`.
    pub async fn posted_digests(&self, community: CommunityId) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT period, posted_at FROM digests WHERE community_id = $1 AND posted_at IS NOT NULL ORDER BY period",
        )
        .bind(community)
        .fetch_all(self.pool().await?)
        .await?;
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
    }
}
