//! Funnel numbers: members per stage at a moment, activity status counts, the funnel report.

use std::collections::HashMap;

use chrono::Duration;
use sqlx::{AssertSqlSafe, Row};

use super::sql::Params;
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
        s.push_str(" AND ");
        s.push_str(STAFF_EXCLUDED);
    }
    s
}

/// SQL condition (on `members m`): neither a manager nor a professional.
const STAFF_EXCLUDED: &str = "m.platform_role = 'member' AND m.professional = 0";

/// SQL for "when the member was last seen" (on `members m`).
pub(crate) const LAST_SEEN: &str = "COALESCE(m.last_active_at, m.joined_at, m.first_seen_at)";

/// SQL ordering stages from the furthest.
pub(crate) const STAGE_RANK: &str = "CASE m.stage WHEN 'ambassador' THEN 4 WHEN 'customer' THEN 3 \
     WHEN 'contributor' THEN 2 WHEN 'engaged' THEN 1 ELSE 0 END";

/// Who the funnel counts at one moment (see [`Store::census`]).
pub(crate) struct Census {
    /// Members present (bots and forgotten members aside), staff included.
    pub members: i64,
    /// Counted members per stage held then, every stage listed.
    pub stages: Vec<(Stage, i64)>,
    pub activity: ActivityCounts,
    /// Members with no join row who left in the window asked for.
    pub left_unjoined: i64,
}

/// Members per `IN (…)` list.
const CHUNK: usize = 500;

fn stage(s: &str) -> Result<Stage, StoreError> {
    Stage::from_word(s).ok_or_else(|| StoreError::Corrupt(format!("stage `{s}`")))
}

impl Store {
    /// Who the funnel counts at `at`, from one pass over the community's members (it was four,
    /// and the stages then came from joining every transition in the history), and the members
    /// with no join row (there before snowball) who left in `[leaves.0, leaves.1)`.
    #[tracing::instrument(skip(self, funnel))]
    pub(crate) async fn census(
        &self,
        community: CommunityId,
        at: Ts,
        funnel: &FunnelConfig,
        leaves: (i64, i64),
    ) -> Result<Census, StoreError> {
        let t = to_millis(at);
        let at_risk = t - Duration::days(i64::from(funnel.at_risk_days)).num_milliseconds();
        let dormant = t - Duration::days(i64::from(funnel.dormant_days)).num_milliseconds();
        // The members present then, and among them (`FILTER`: each row is read once) the ones
        // the funnel counts by stage, moved since, and quiet.
        let plain = if funnel.exclude_staff { STAFF_EXCLUDED } else { "1 = 1" };
        let count = |when: &str| format!("COUNT(*) FILTER (WHERE {plain}{when})");
        let mut columns = vec![
            "COUNT(*)".to_string(),
            count(""),
            count(" AND m.stage_at >= $2"),
            count(&format!(" AND {LAST_SEEN} <= $3")),
            count(&format!(" AND {LAST_SEEN} <= $4 AND {LAST_SEEN} > $3")),
        ];
        columns.extend(
            Stage::ALL
                .iter()
                .map(|s| count(&format!(" AND m.stage = '{}' AND (m.stage_at IS NULL OR m.stage_at < $2)", s.word()))),
        );
        let sql = format!("SELECT {} FROM members m WHERE {}", columns.join(", "), counted(false));
        let r = sqlx::query(AssertSqlSafe(sql))
            .bind(community)
            .bind(t)
            .bind(dormant)
            .bind(at_risk)
            .fetch_one(self.pool().await?)
            .await?;
        let n = |i: usize| -> Result<i64, StoreError> { Ok(r.try_get::<i64, _>(i)?) };
        let (counted_members, moved, dormant, at_risk) = (n(1)?, n(2)?, n(3)?, n(4)?);
        let left_unjoined: i64 = if leaves.0 >= leaves.1 {
            0
        } else {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM members m WHERE m.community_id = $1 AND m.join_count = 0 AND m.is_bot = 0 \
             AND m.left_at >= $2 AND m.left_at < $3",
            )
            .bind(community)
            .bind(leaves.0)
            .bind(leaves.1)
            .fetch_one(self.pool().await?)
            .await?
        };
        let mut stages: Vec<(Stage, i64)> = Vec::with_capacity(Stage::ALL.len());
        for (i, s) in Stage::ALL.iter().enumerate() {
            stages.push((*s, n(5 + i)?));
        }
        if moved > 0 {
            for s in self.stages_then(community, t, &counted(funnel.exclude_staff), moved).await? {
                if let Some(entry) = stages.iter_mut().find(|(x, _)| *x == s) {
                    entry.1 += 1;
                }
            }
        }
        Ok(Census {
            members: n(0)?,
            stages,
            activity: ActivityCounts { active: counted_members - dormant - at_risk, at_risk, dormant },
            left_unjoined,
        })
    }

    /// The stage at `t` of each of the `moved` counted members (`cond`) who moved since: their
    /// furthest transition before `t`. They are found from the transitions since `t` (a
    /// handful, by the time index) rather than by reading every member.
    async fn stages_then(
        &self,
        community: CommunityId,
        t: i64,
        cond: &str,
        moved: i64,
    ) -> Result<Vec<Stage>, StoreError> {
        let pool = self.pool().await?;
        // Deduplicated and sorted here: asked of SQL (`DISTINCT … ORDER BY user_id`), SQLite's
        // planner walked the community's whole member index in user order instead of reading
        // the period's range of the time index (tests/query_plans.rs).
        let mut since: Vec<UserId> =
            sqlx::query_scalar("SELECT user_id FROM transitions WHERE community_id = $1 AND at >= $2")
                .bind(community)
                .bind(t)
                .fetch_all(pool)
                .await?;
        since.sort_unstable();
        since.dedup();
        let mut users: Vec<UserId> = Vec::new();
        for chunk in since.chunks(CHUNK) {
            let sql = format!(
                "SELECT m.user_id FROM members m WHERE {cond} AND m.stage_at >= $2 AND m.user_id IN ({})",
                Params::numbered_after(2).list(chunk.len())
            );
            let mut q = sqlx::query_scalar::<_, UserId>(AssertSqlSafe(sql)).bind(community).bind(t);
            for u in chunk {
                q = q.bind(*u);
            }
            users.extend(q.fetch_all(pool).await?);
        }
        if users.len() as i64 != moved {
            // A member whose stage changed with no transition row (not written by this version):
            // read them all.
            let sql = format!("SELECT m.user_id FROM members m WHERE {cond} AND m.stage_at >= $2");
            users = sqlx::query_scalar(AssertSqlSafe(sql)).bind(community).bind(t).fetch_all(pool).await?;
        }
        let mut then: HashMap<UserId, Stage> = users.iter().map(|u| (*u, Stage::default())).collect();
        for chunk in users.chunks(CHUNK) {
            let sql = format!(
                "SELECT user_id, to_stage FROM transitions WHERE community_id = $1 AND at < $2 AND user_id IN ({})",
                Params::numbered_after(2).list(chunk.len())
            );
            let mut q = sqlx::query(AssertSqlSafe(sql)).bind(community).bind(t);
            for u in chunk {
                q = q.bind(*u);
            }
            for r in q.fetch_all(pool).await? {
                let s = stage(&r.try_get::<String, _>("to_stage")?)?;
                if let Some(e) = then.get_mut(&r.try_get::<UserId, _>("user_id")?) {
                    *e = (*e).max(s);
                }
            }
        }
        Ok(then.into_values().collect())
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
        let census = self.census(community, to, funnel, (0, 0)).await?;
        let at_stage = census.stages;
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
            activity: census.activity,
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
