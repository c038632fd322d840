//! The lists only the digest's own period shows: top referrers and helpers, professionals,
//! members at risk, and the referral chains above new customers' referrers.

use std::collections::{BTreeMap, HashMap};

use chrono::Duration;
use sqlx::{AssertSqlSafe, Row};

use super::digest::{IN_PERIOD, word};
use super::funnel::{LAST_SEEN, STAGE_RANK, counted};
use super::sql::Params;
use super::{CommunityId, Store, StoreError, from_millis};
use crate::domain::{Stage, UserId, ValueKind};
use crate::engine::Rules;
use crate::engine::digest::{AT_RISK_LISTED, AtRiskMember, ProfessionalRow, SaleFact, TOP, TopHelper, TopReferrer};
use crate::engine::funnel::quiet_days;
use crate::engine::impact;

/// How far up a referral chain the snowball view looks.
const CHAIN_DEPTH: usize = 10;

#[derive(Debug, Default)]
pub(super) struct Lists {
    pub referrers: Vec<TopReferrer>,
    pub helpers: Vec<TopHelper>,
    pub professionals: Vec<ProfessionalRow>,
    pub at_risk: Vec<AtRiskMember>,
    pub chains: BTreeMap<UserId, Vec<UserId>>,
    pub names: BTreeMap<UserId, Option<String>>,
}

impl Store {
    /// The lists of `[f, t)` as of `e` (Unix ms), with the chains above `sales`' referrers.
    pub(super) async fn period_lists(
        &self,
        community: CommunityId,
        (f, t, e): (i64, i64, i64),
        rules: &Rules,
        sales: &[SaleFact],
    ) -> Result<Lists, StoreError> {
        let pool = self.pool().await?;
        // The top members are ranked first and only then named: joined to `members` before
        // ranking, PostgreSQL hashed the community's every member for a busy period.
        let mut referrers = Vec::new();
        for r in sqlx::query(
            "SELECT top.inviter_id, m.name, top.n FROM ( \
               SELECT r.inviter_id, COUNT(*) AS n FROM referrals r \
               WHERE r.community_id = $1 AND r.status = 'validated' AND r.settled_at >= $2 AND r.settled_at < $3 \
               GROUP BY r.inviter_id ORDER BY n DESC, r.inviter_id LIMIT $4) top \
             LEFT JOIN members m ON m.community_id = $1 AND m.user_id = top.inviter_id \
             ORDER BY top.n DESC, top.inviter_id",
        )
        .bind(community)
        .bind(f)
        .bind(t)
        .bind(TOP as i64)
        .fetch_all(pool)
        .await?
        {
            referrers.push(TopReferrer {
                user: r.try_get("inviter_id")?,
                name: r.try_get("name")?,
                validated: r.try_get("n")?,
            });
        }

        let mut helpers = Vec::new();
        for r in sqlx::query(AssertSqlSafe(format!(
            "SELECT top.giver_id, m.name, top.w, top.n, top.members FROM ( \
               SELECT v.giver_id, CAST(SUM(v.weight) AS BIGINT) AS w, COUNT(*) AS n, \
                 COUNT(DISTINCT v.receiver_id) AS members FROM value_exchanges v \
               WHERE {IN_PERIOD} GROUP BY v.giver_id ORDER BY w DESC, v.giver_id LIMIT $5) top \
             LEFT JOIN members m ON m.community_id = $1 AND m.user_id = top.giver_id \
             ORDER BY top.w DESC, top.giver_id"
        )))
        .bind(community)
        .bind(f)
        .bind(t)
        .bind(e)
        .bind(TOP as i64)
        .fetch_all(pool)
        .await?
        {
            helpers.push(TopHelper {
                user: r.try_get("giver_id")?,
                name: r.try_get("name")?,
                weight: r.try_get("w")?,
                exchanges: r.try_get("n")?,
                members: r.try_get("members")?,
            });
        }

        let professionals = self.professionals(community, (f, t, e)).await?;

        let at_risk_line = e - Duration::days(i64::from(rules.funnel.at_risk_days)).num_milliseconds();
        let dormant_line = e - Duration::days(i64::from(rules.funnel.dormant_days)).num_milliseconds();
        let mut at_risk = Vec::new();
        for r in sqlx::query(AssertSqlSafe(format!(
            "SELECT m.user_id, m.name, m.stage, {LAST_SEEN} AS seen FROM members m \
             WHERE {} AND m.stage <> 'newcomer' AND {LAST_SEEN} <= $3 AND {LAST_SEEN} > $4 \
             ORDER BY {STAGE_RANK} DESC, seen DESC, m.user_id LIMIT $5",
            counted(rules.funnel.exclude_staff)
        )))
        .bind(community)
        .bind(e)
        .bind(at_risk_line)
        .bind(dormant_line)
        .bind(AT_RISK_LISTED as i64)
        .fetch_all(pool)
        .await?
        {
            let seen = from_millis(r.try_get("seen")?);
            at_risk.push(AtRiskMember {
                user: r.try_get("user_id")?,
                name: r.try_get("name")?,
                stage: word::<Stage>(&r, "stage")?,
                last_active: seen,
                quiet_days: quiet_days(seen, from_millis(e)),
            });
        }

        let referrers_of_sales: Vec<UserId> = sales.iter().filter(|s| s.first).filter_map(|s| s.inviter).collect();
        let (chains, names) = self.chains(community, &referrers_of_sales).await?;
        Ok(Lists { referrers, helpers, professionals, at_risk, chains, names })
    }

    /// Professionals with their stage, and the stage and exposure they got and the value they gave
    /// in `[f, t)` (not withdrawn by `e`).
    async fn professionals(
        &self,
        community: CommunityId,
        (f, t, e): (i64, i64, i64),
    ) -> Result<Vec<ProfessionalRow>, StoreError> {
        let pros = sqlx::query(
            "SELECT m.user_id, m.name, m.stage FROM members m WHERE m.community_id = $1 AND m.is_bot = 0 \
             AND m.platform_role <> 'manager' AND (m.professional = 1 OR m.platform_role = 'professional') \
             AND m.forgotten = 0 AND COALESCE(m.first_joined_at, m.first_seen_at) < $2 \
             AND (m.left_at IS NULL OR m.left_at >= $2) ORDER BY m.user_id",
        )
        .bind(community)
        .bind(e)
        .fetch_all(self.pool().await?)
        .await?;
        let mut rows = Vec::with_capacity(pros.len());
        for r in &pros {
            rows.push(ProfessionalRow {
                user: r.try_get("user_id")?,
                name: r.try_get("name")?,
                stage: word::<Stage>(r, "stage")?,
                stage_received: 0,
                exposure_received: 0,
                value_given: 0,
            });
        }
        if rows.is_empty() {
            return Ok(rows);
        }
        let ids: Vec<UserId> = rows.iter().map(|p| p.user).collect();
        let index: HashMap<UserId, usize> = ids.iter().enumerate().map(|(i, u)| (*u, i)).collect();
        for chunk in ids.chunks(1000) {
            for (column, by_kind) in [("receiver_id", true), ("giver_id", false)] {
                let mut p = Params::new(self.backend());
                let sql = format!(
                    "SELECT v.{column} AS u, v.kind, CAST(SUM(v.weight) AS BIGINT) AS w FROM value_exchanges v \
                     WHERE v.community_id = {} AND v.at >= {} AND v.at < {} \
                     AND (v.withdrawn_at IS NULL OR v.withdrawn_at >= {}) AND v.{column} IN ({}) \
                     GROUP BY v.{column}, v.kind",
                    p.one(),
                    p.one(),
                    p.one(),
                    p.one(),
                    p.list(chunk.len())
                );
                let mut q = sqlx::query(AssertSqlSafe(sql)).bind(community).bind(f).bind(t).bind(e);
                for u in chunk {
                    q = q.bind(*u);
                }
                for r in q.fetch_all(self.pool().await?).await? {
                    let Some(&i) = index.get(&r.try_get::<i64, _>("u")?) else { continue };
                    let w: i64 = r.try_get("w")?;
                    let kind = word::<ValueKind>(&r, "kind")?;
                    match (by_kind, kind) {
                        (true, ValueKind::Stage) => rows[i].stage_received += w,
                        (true, ValueKind::Exposure) => rows[i].exposure_received += w,
                        (true, _) => {}
                        (false, _) => rows[i].value_given += w,
                    }
                }
            }
        }
        Ok(rows)
    }

    /// The referral chain above each of `users` (at most `CHAIN_DEPTH`), and the names of
    /// everyone involved.
    async fn chains(
        &self,
        community: CommunityId,
        users: &[UserId],
    ) -> Result<(BTreeMap<UserId, Vec<UserId>>, BTreeMap<UserId, Option<String>>), StoreError> {
        let mut inviter_of: HashMap<UserId, Option<UserId>> = HashMap::new();
        let mut names: BTreeMap<UserId, Option<String>> = BTreeMap::new();
        let mut frontier: Vec<UserId> = users.to_vec();
        for _ in 0..=CHAIN_DEPTH {
            frontier.retain(|u| !inviter_of.contains_key(u));
            frontier.sort_unstable();
            frontier.dedup();
            if frontier.is_empty() {
                break;
            }
            let mut next = Vec::new();
            for chunk in frontier.chunks(1000) {
                let mut p = Params::new(self.backend());
                let sql = format!(
                    "SELECT user_id, inviter_id, name FROM members WHERE community_id = {} AND user_id IN ({})",
                    p.one(),
                    p.list(chunk.len())
                );
                let mut q = sqlx::query(AssertSqlSafe(sql)).bind(community);
                for u in chunk {
                    q = q.bind(*u);
                }
                for r in q.fetch_all(self.pool().await?).await? {
                    let u: UserId = r.try_get("user_id")?;
                    let inviter: Option<UserId> = r.try_get("inviter_id")?;
                    inviter_of.insert(u, inviter);
                    names.insert(u, r.try_get("name")?);
                    next.extend(inviter);
                }
            }
            for u in &frontier {
                inviter_of.entry(*u).or_insert(None);
                names.entry(*u).or_insert(None);
            }
            frontier = next;
        }
        let chains = users
            .iter()
            .map(|&u| (u, impact::chain(u, CHAIN_DEPTH, |x| inviter_of.get(&x).copied().flatten())))
            .collect();
        Ok((chains, names))
    }
}
