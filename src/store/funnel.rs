//! Funnel numbers: members per stage at a moment, activity status counts, the funnel report.

use std::collections::HashMap;

use chrono::Duration;
use sqlx::{AssertSqlSafe, Row};

use super::{CommunityId, Store, StoreError, to_millis};
use crate::config::FunnelConfig;
use crate::domain::{Stage, Ts, UserId, Word};
use crate::engine::funnel::{ActivityCounts, FunnelReport, StageCount, conversions};

/// SQL condition (on `members m`, with `$1` = community and `$2` = the moment) for the members
/// the funnel counts at that moment: present, not bots, not forgotten, and not staff when
/// `exclude_staff`.
pub(crate) fn counted(exclude_staff: bool) -> String {
    let mut s = "m.community_id = $1 AND m.is_bot = 0 AND m.forgotten = 0 \
                 AND COALESCE(m.first_joined_at, m.first_seen_at) < $2 AND (m.left_at IS NULL OR m.left_at >= $2)"
        .to_string();
    if exclude_staff {
        s.push_str(" AND m.platform_role = 'member' AND m.professional = 0");
    }
    s
}

/// SQL for "when the member was last seen" (on `members m`).
pub(crate) const LAST_SEEN: &str = "COALESCE(m.last_active_at, m.joined_at, m.first_seen_at)";

/// SQL ordering stages from the furthest.
pub(crate) const STAGE_RANK: &str = "CASE m.stage WHEN 'ambassador' THEN 4 WHEN 'customer' THEN 3 \
     WHEN 'contributor' THEN 2 WHEN 'engaged' THEN 1 ELSE 0 END";

fn stage(s: &str) -> Result<Stage, StoreError> {
    Stage::from_word(s).ok_or_else(|| StoreError::Corrupt(format!("stage `{s}`")))
}

impl Store {
    /// Members the funnel counts at each stage as it was at `at` (every stage listed).
    pub async fn stages_at(
        &self,
        community: CommunityId,
        at: Ts,
        exclude_staff: bool,
    ) -> Result<Vec<(Stage, i64)>, StoreError> {
        let t = to_millis(at);
        let cond = counted(exclude_staff);
        let mut counts: HashMap<Stage, i64> = HashMap::new();
        let sql = format!(
            "SELECT m.stage, COUNT(*) AS n FROM members m WHERE {cond} AND (m.stage_at IS NULL OR m.stage_at < $2) \
             GROUP BY m.stage"
        );
        for r in sqlx::query(AssertSqlSafe(sql)).bind(community).bind(t).fetch_all(self.pool().await?).await? {
            *counts.entry(stage(&r.try_get::<String, _>("stage")?)?).or_default() += r.try_get::<i64, _>("n")?;
        }
        // Members who moved since `at`: their stage then is their last transition before it.
        let sql = format!("SELECT m.user_id FROM members m WHERE {cond} AND m.stage_at >= $2");
        let moved: Vec<UserId> =
            sqlx::query_scalar(AssertSqlSafe(sql)).bind(community).bind(t).fetch_all(self.pool().await?).await?;
        if !moved.is_empty() {
            let sql = format!(
                "SELECT t.user_id, t.to_stage FROM transitions t JOIN members m \
                 ON m.community_id = t.community_id AND m.user_id = t.user_id \
                 WHERE {cond} AND m.stage_at >= $2 AND t.community_id = $1 AND t.at < $2"
            );
            let mut then: HashMap<UserId, Stage> = HashMap::new();
            for r in sqlx::query(AssertSqlSafe(sql)).bind(community).bind(t).fetch_all(self.pool().await?).await? {
                let s = stage(&r.try_get::<String, _>("to_stage")?)?;
                let e = then.entry(r.try_get("user_id")?).or_insert(s);
                *e = (*e).max(s);
            }
            for u in moved {
                *counts.entry(then.get(&u).copied().unwrap_or_default()).or_default() += 1;
            }
        }
        Ok(Stage::ALL.iter().map(|s| (*s, counts.get(s).copied().unwrap_or(0))).collect())
    }

    /// How many counted members are active, at risk and dormant at `at` (members active after
    /// `at` count as active).
    pub async fn activity_counts(
        &self,
        community: CommunityId,
        at: Ts,
        funnel: &FunnelConfig,
    ) -> Result<ActivityCounts, StoreError> {
        let t = to_millis(at);
        let at_risk = t - Duration::days(i64::from(funnel.at_risk_days)).num_milliseconds();
        let dormant = t - Duration::days(i64::from(funnel.dormant_days)).num_milliseconds();
        let sql = format!(
            "SELECT COUNT(*) AS n, \
               CAST(SUM(CASE WHEN {LAST_SEEN} <= $3 THEN 1 ELSE 0 END) AS BIGINT) AS dormant, \
               CAST(SUM(CASE WHEN {LAST_SEEN} <= $4 AND {LAST_SEEN} > $3 THEN 1 ELSE 0 END) AS BIGINT) AS at_risk \
             FROM members m WHERE {}",
            counted(funnel.exclude_staff)
        );
        let r = sqlx::query(AssertSqlSafe(sql))
            .bind(community)
            .bind(t)
            .bind(dormant)
            .bind(at_risk)
            .fetch_one(self.pool().await?)
            .await?;
        let n: i64 = r.try_get("n")?;
        let dormant = r.try_get::<Option<i64>, _>("dormant")?.unwrap_or(0);
        let at_risk = r.try_get::<Option<i64>, _>("at_risk")?.unwrap_or(0);
        Ok(ActivityCounts { active: n - dormant - at_risk, at_risk, dormant })
    }

    /// Members per stage at `to`, promotions into each stage during `[from, to)`, the
    /// conversions between stages, and activity at `to`. Bots are never counted; staff are left
    /// out when `funnel.exclude_staff`.
    pub async fn funnel_report(
        &self,
        community: CommunityId,
        from: Ts,
        to: Ts,
        funnel: &FunnelConfig,
    ) -> Result<FunnelReport, StoreError> {
        let at_stage = self.stages_at(community, to, funnel.exclude_staff).await?;
        let entered = self.entered(community, from, to, funnel.exclude_staff).await?;
        Ok(FunnelReport {
            from,
            to,
            members: at_stage.iter().map(|(_, n)| n).sum(),
            stages: at_stage
                .iter()
                .map(|&(stage, members)| StageCount {
                    stage,
                    members,
                    entered: entered.get(&stage).copied().unwrap_or(0),
                })
                .collect(),
            conversions: conversions(&at_stage),
            activity: self.activity_counts(community, to, funnel).await?,
            staff_excluded: funnel.exclude_staff,
        })
    }

    /// Promotions into each stage during `[from, to)` of members the funnel counts at `to`.
    async fn entered(
        &self,
        community: CommunityId,
        from: Ts,
        to: Ts,
        exclude_staff: bool,
    ) -> Result<HashMap<Stage, i64>, StoreError> {
        let sql = format!(
            "SELECT t.to_stage, COUNT(*) AS n FROM transitions t JOIN members m \
             ON m.community_id = t.community_id AND m.user_id = t.user_id \
             WHERE {} AND t.community_id = $1 AND t.at >= $3 AND t.at < $2 GROUP BY t.to_stage",
            counted(exclude_staff)
        );
        let mut out = HashMap::new();
        for r in sqlx::query(AssertSqlSafe(sql))
            .bind(community)
            .bind(to_millis(to))
            .bind(to_millis(from))
            .fetch_all(self.pool().await?)
            .await?
        {
            out.insert(stage(&r.try_get::<String, _>("to_stage")?)?, r.try_get::<i64, _>("n")?);
        }
        Ok(out)
    }
}
