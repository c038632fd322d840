//! Referral standings, trees and the k-factor, computed from the `joins` projection, and the
//! `referral_bonuses` log (manager bonuses). The funnel's settled referrals (validated at their
//! due time) are in `referrals.rs`; these queries add suspect counts, bonuses and the tree. The rules themselves (status, tree, k-factor) are pure functions in
//! `engine::attribution::referrals`; the SQL here mirrors [`referral_status`] so counts are
//! computed in the database.

use std::collections::HashMap;

use sqlx::Row;

use super::{CommunityId, Store, StoreError, to_millis};
use crate::domain::{Confidence, Ts, UserId, Word};
use crate::engine::attribution::referrals::{KFactor, ReferralCounts, ReferralStatus, ReferralTree, referral_status};

/// One referral of a member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Referral {
    pub user: UserId,
    pub joined_at: i64,
    pub left_at: Option<i64>,
    pub confidence: Confidence,
    pub status: ReferralStatus,
}

/// The joins that count as a member's referrals.
const CREDITED: &str = "source = 'referral' AND confidence IN ('exact', 'inferred') AND inviter_id IS NOT NULL \
     AND self_invite = 0 AND rejoin = 0";

const DAY_MS: i64 = 86_400_000;

impl Store {
    /// Every member's referral counts (members with referrals or a bonus), best first.
    pub async fn referral_standings(
        &self,
        community: CommunityId,
        now: Ts,
        validation_days: u32,
    ) -> Result<Vec<ReferralCounts>, StoreError> {
        let period = i64::from(validation_days) * DAY_MS;
        let sql = format!(
            "SELECT inviter_id, \
               CAST(SUM(CASE WHEN suspect <> 0 THEN 1 ELSE 0 END) AS BIGINT) AS n_suspect, \
               CAST(SUM(CASE WHEN suspect = 0 AND left_at IS NOT NULL AND left_at < at + $2 THEN 1 ELSE 0 END) AS BIGINT) AS n_left, \
               CAST(SUM(CASE WHEN suspect = 0 AND (left_at IS NULL OR left_at >= at + $2) AND at + $2 <= $3 THEN 1 ELSE 0 END) AS BIGINT) AS n_validated, \
               CAST(SUM(CASE WHEN suspect = 0 AND (left_at IS NULL OR left_at >= at + $2) AND at + $2 > $3 THEN 1 ELSE 0 END) AS BIGINT) AS n_pending \
             FROM joins WHERE community_id = $1 AND {CREDITED} GROUP BY inviter_id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(community)
            .bind(period)
            .bind(to_millis(now))
            .fetch_all(self.pool().await?)
            .await?;
        let mut by_user: HashMap<UserId, ReferralCounts> = HashMap::new();
        for r in rows {
            let user: i64 = r.try_get("inviter_id")?;
            let c = by_user.entry(user).or_insert_with(|| ReferralCounts::new(user));
            c.suspect = r.try_get("n_suspect")?;
            c.left = r.try_get("n_left")?;
            c.validated = r.try_get("n_validated")?;
            c.pending = r.try_get("n_pending")?;
        }
        let bonuses = sqlx::query(
            "SELECT user_id, CAST(SUM(amount) AS BIGINT) AS bonus FROM referral_bonuses WHERE community_id = $1 GROUP BY user_id",
        )
        .bind(community)
        .fetch_all(self.pool().await?)
        .await?;
        for r in bonuses {
            let user: i64 = r.try_get("user_id")?;
            by_user.entry(user).or_insert_with(|| ReferralCounts::new(user)).bonus = r.try_get("bonus")?;
        }
        let mut out: Vec<ReferralCounts> = by_user.into_values().collect();
        out.sort_by(|a, b| b.total().cmp(&a.total()).then(b.pending.cmp(&a.pending)).then(a.user.cmp(&b.user)));
        Ok(out)
    }

    /// One member's referral counts.
    pub async fn referral_counts_of(
        &self,
        community: CommunityId,
        user: UserId,
        now: Ts,
        validation_days: u32,
    ) -> Result<ReferralCounts, StoreError> {
        let mut counts = ReferralCounts::new(user);
        for r in self.referrals_of(community, user, now, validation_days).await? {
            counts.add(r.status);
        }
        counts.bonus = self.referral_bonus(community, user).await?;
        Ok(counts)
    }

    /// A member's credited referrals with their status, oldest first.
    pub async fn referrals_of(
        &self,
        community: CommunityId,
        inviter: UserId,
        now: Ts,
        validation_days: u32,
    ) -> Result<Vec<Referral>, StoreError> {
        let sql = format!(
            "SELECT user_id, at, left_at, confidence, suspect FROM joins \
             WHERE community_id = $1 AND inviter_id = $2 AND {CREDITED} ORDER BY at, id"
        );
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(community).bind(inviter).fetch_all(self.pool().await?).await?;
        let now = to_millis(now);
        rows.iter()
            .map(|r| {
                let joined_at: i64 = r.try_get("at")?;
                let left_at: Option<i64> = r.try_get("left_at")?;
                let suspect = r.try_get::<i64, _>("suspect")? != 0;
                let confidence: String = r.try_get("confidence")?;
                Ok(Referral {
                    user: r.try_get("user_id")?,
                    joined_at,
                    left_at,
                    confidence: Confidence::from_word(&confidence)
                        .ok_or_else(|| StoreError::Corrupt(format!("joins.confidence = `{confidence}`")))?,
                    status: referral_status(joined_at, left_at, suspect, now, validation_days),
                })
            })
            .collect()
    }

    /// Records a manager's bonus (positive or negative) on a member's referral count.
    pub async fn add_referral_bonus(
        &self,
        community: CommunityId,
        user: UserId,
        amount: i64,
        reason: Option<&str>,
        by: Option<UserId>,
        at: Ts,
    ) -> Result<(), StoreError> {
        if amount == 0 || amount.abs() > 1000 {
            return Err(StoreError::Config(format!(
                "a referral bonus is between -1000 and 1000 and not 0; got {amount}"
            )));
        }
        if reason.is_some_and(|r| r.chars().count() > 200) {
            return Err(StoreError::Config("a bonus reason is at most 200 characters".into()));
        }
        sqlx::query(
            "INSERT INTO referral_bonuses (community_id, user_id, amount, reason, granted_by, at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(community)
        .bind(user)
        .bind(amount)
        .bind(reason)
        .bind(by)
        .bind(to_millis(at))
        .execute(self.pool().await?)
        .await?;
        Ok(())
    }

    /// The sum of a member's bonuses.
    pub async fn referral_bonus(&self, community: CommunityId, user: UserId) -> Result<i64, StoreError> {
        let total: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(SUM(amount) AS BIGINT) FROM referral_bonuses WHERE community_id = $1 AND user_id = $2",
        )
        .bind(community)
        .bind(user)
        .fetch_one(self.pool().await?)
        .await?;
        Ok(total.unwrap_or(0))
    }

    /// Every `(member, credited inviter)` pair (from first joins), for the referral tree.
    pub async fn referral_edges(&self, community: CommunityId) -> Result<Vec<(UserId, UserId)>, StoreError> {
        let rows = sqlx::query(
            "SELECT user_id, inviter_id FROM members WHERE community_id = $1 AND inviter_id IS NOT NULL ORDER BY user_id",
        )
        .bind(community)
        .fetch_all(self.pool().await?)
        .await?;
        rows.iter().map(|r| Ok((r.try_get("user_id")?, r.try_get("inviter_id")?))).collect()
    }

    /// The part of the referral tree one member's figures need: everyone downstream of them
    /// and the chain of inviters above them. Read along the inviter index, so it costs the size
    /// of that subtree, not of the community (`/member` at a million members). `UNION` drops
    /// repeated edges, so even a cycle (which first joins cannot make) ends the recursion.
    /// `CROSS JOIN` keeps SQLite reading the recursion's rows first (with a plain join its
    /// planner walked the community's inviter index once per step).
    pub async fn referral_tree_around(&self, community: CommunityId, user: UserId) -> Result<ReferralTree, StoreError> {
        let rows = sqlx::query(
            "WITH RECURSIVE \
               down (user_id, inviter_id) AS ( \
                 SELECT user_id, inviter_id FROM members WHERE community_id = $1 AND inviter_id = $2 \
                 UNION \
                 SELECT m.user_id, m.inviter_id FROM down d CROSS JOIN members m \
                   WHERE m.community_id = $1 AND m.inviter_id = d.user_id), \
               up (user_id, inviter_id) AS ( \
                 SELECT user_id, inviter_id FROM members \
                   WHERE community_id = $1 AND user_id = $2 AND inviter_id IS NOT NULL \
                 UNION \
                 SELECT m.user_id, m.inviter_id FROM up u CROSS JOIN members m \
                   WHERE m.community_id = $1 AND m.user_id = u.inviter_id AND m.inviter_id IS NOT NULL) \
             SELECT user_id, inviter_id FROM down UNION SELECT user_id, inviter_id FROM up",
        )
        .bind(community)
        .bind(user)
        .fetch_all(self.pool().await?)
        .await?;
        let mut edges: Vec<(UserId, UserId)> = rows
            .iter()
            .map(|r| Ok((r.try_get("user_id")?, r.try_get("inviter_id")?)))
            .collect::<Result<_, StoreError>>()?;
        // The whole tree's edges come in member order; so do these, so the tree reads the same.
        edges.sort_unstable();
        Ok(ReferralTree::new(edges))
    }

    /// The referral tree of a community.
    pub async fn referral_tree(&self, community: CommunityId) -> Result<ReferralTree, StoreError> {
        Ok(ReferralTree::new(self.referral_edges(community).await?))
    }

    /// The k-factor of `[from, to)`: credited referral joins in it per new member of the
    /// previous period of the same length.
    pub async fn k_factor(&self, community: CommunityId, from: Ts, to: Ts) -> Result<KFactor, StoreError> {
        let (from, to) = (to_millis(from), to_millis(to));
        let previous = from - (to - from);
        let sql = format!(
            "SELECT \
               (SELECT COUNT(*) FROM joins WHERE community_id = $1 AND at >= $2 AND at < $3 AND {CREDITED}) AS referred, \
               (SELECT COUNT(DISTINCT user_id) FROM joins WHERE community_id = $1 AND at >= $4 AND at < $2 AND rejoin = 0) AS cohort, \
               (SELECT COUNT(*) FROM joins WHERE community_id = $1 AND at >= $2 AND at < $3 AND {CREDITED} AND inviter_id IN \
                  (SELECT user_id FROM joins WHERE community_id = $1 AND at >= $4 AND at < $2 AND rejoin = 0)) AS by_cohort"
        );
        let r = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(community)
            .bind(from)
            .bind(to)
            .bind(previous)
            .fetch_one(self.pool().await?)
            .await?;
        Ok(KFactor {
            referred: r.try_get("referred")?,
            previous_cohort: r.try_get("cohort")?,
            referred_by_cohort: r.try_get("by_cohort")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Source;

    #[test]
    fn the_sql_words_match_the_enums() {
        assert_eq!(Source::Referral.word(), "referral");
        assert_eq!(Confidence::Exact.word(), "exact");
        assert_eq!(Confidence::Inferred.word(), "inferred");
        assert_eq!(DAY_MS, chrono::Duration::days(1).num_milliseconds());
    }
}
