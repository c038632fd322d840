//! The facts of one period, as the digest needs them (`engine::digest` turns them into a
//! `Digest`). Everything is as of the period's end: value withdrawn later still counts, members
//! are counted if present at the end, stages are those held at the end.

use sqlx::{AssertSqlSafe, Row};

use super::digest_lists::Lists;
use super::funnel::counted;
use super::{CommunityId, Store, StoreError, from_millis, to_millis, transitions};
use crate::domain::{Confidence, Origin, Role, Source, Ts, ValueKind, Word};
use crate::engine::Rules;
use crate::engine::digest::{FlowFact, JoinGroup, Move, PeriodFacts, SaleFact};

pub(super) fn word<T: Word>(r: &sqlx::any::AnyRow, col: &str) -> Result<T, StoreError> {
    let s: String = r.try_get(col)?;
    T::from_word(&s).ok_or_else(|| StoreError::Corrupt(format!("{col} = `{s}`")))
}

fn flag(r: &sqlx::any::AnyRow, col: &str) -> Result<bool, StoreError> {
    Ok(r.try_get::<i64, _>(col)? != 0)
}

/// Value given in the period and not withdrawn by its end (`$1` community, `[$2, $3)`, `$4` end).
pub(super) const IN_PERIOD: &str = "v.community_id = $1 AND v.at >= $2 AND v.at < $3 \
     AND (v.withdrawn_at IS NULL OR v.withdrawn_at >= $4)";

/// The row's person (`{alias}.{column}`) is not a known bot. Asked of the few bots (a partial
/// index) rather than by joining every row of the period to `members`: for a busy period
/// PostgreSQL hashed the community's every member to do that join (O(members), 6 × slower at
/// 100k members).
pub(super) fn human(alias: &str, column: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM members b WHERE b.community_id = {alias}.community_id \
         AND b.user_id = {alias}.{column} AND b.is_bot = 1)"
    )
}

impl Store {
    /// The facts of `[from, to)`, as of `end` (`to`, or now for a period not over yet). The
    /// lists only the digest's own period shows (top referrers and helpers, professionals,
    /// members at risk, referral chains) are left empty unless `full`: the period before is
    /// only compared by its numbers.
    #[tracing::instrument(skip(self, rules))]
    pub async fn period_facts(
        &self,
        community: CommunityId,
        (from, to, end): (Ts, Ts, Ts),
        rules: &Rules,
        full: bool,
    ) -> Result<PeriodFacts, StoreError> {
        let (f, t, e) = (to_millis(from), to_millis(to), to_millis(end));
        let pool = self.pool().await?;
        let staff = rules.funnel.exclude_staff;

        let census = self.census(community, end, &rules.funnel, (f, t)).await?;

        let mut joins = Vec::new();
        for r in sqlx::query(AssertSqlSafe(format!(
            "SELECT j.source, j.confidence, j.suspect, j.self_invite, j.rejoin, COUNT(*) AS n FROM joins j \
             WHERE j.community_id = $1 AND j.at >= $2 AND j.at < $3 AND {} \
             GROUP BY j.source, j.confidence, j.suspect, j.self_invite, j.rejoin \
             ORDER BY j.source, j.confidence, j.suspect, j.self_invite, j.rejoin",
            human("j", "user_id")
        )))
        .bind(community)
        .bind(f)
        .bind(t)
        .fetch_all(pool)
        .await?
        {
            joins.push(JoinGroup {
                source: word::<Source>(&r, "source")?,
                confidence: word::<Confidence>(&r, "confidence")?,
                suspect: flag(&r, "suspect")?,
                self_invite: flag(&r, "self_invite")?,
                rejoin: flag(&r, "rejoin")?,
                count: r.try_get("n")?,
            });
        }

        // Leaves: closed joins, plus members who were there before snowball (no join row).
        let closed: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM joins j WHERE j.community_id = $1 AND j.left_at >= $2 AND j.left_at < $3 AND {}",
            human("j", "user_id")
        )))
        .bind(community)
        .bind(f)
        .bind(t)
        .fetch_one(pool)
        .await?;
        let leaves = closed + census.left_unjoined;

        let r = sqlx::query(AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n, COUNT(DISTINCT g.author_id) AS authors FROM messages g \
             WHERE g.community_id = $1 AND g.at >= $2 AND g.at < $3 AND {}",
            human("g", "author_id")
        )))
        .bind(community)
        .bind(f)
        .bind(t)
        .fetch_one(pool)
        .await?;
        let (messages, active_members): (i64, i64) = (r.try_get("n")?, r.try_get("authors")?);

        let mut moves = Vec::new();
        for r in sqlx::query(AssertSqlSafe(format!(
            "SELECT t.community_id, t.user_id, t.at, t.from_stage, t.to_stage, t.reason, m.name FROM transitions t \
             JOIN members m ON m.community_id = t.community_id AND m.user_id = t.user_id \
             WHERE {} AND t.community_id = $1 AND t.at >= $3 AND t.at < $4 ORDER BY t.at, t.user_id, t.id",
            counted(staff)
        )))
        .bind(community)
        .bind(e)
        .bind(f)
        .bind(t)
        .fetch_all(pool)
        .await?
        {
            let row = transitions::from_row(&r)?;
            moves.push(Move {
                user: row.user,
                name: r.try_get("name")?,
                from: row.from,
                to: row.to,
                at: row.time(),
                reason: row.reason,
            });
        }

        let mut flows = Vec::new();
        for r in sqlx::query(AssertSqlSafe(format!(
            "SELECT v.giver_role, v.receiver_role, v.kind, v.origin, CAST(SUM(v.weight) AS BIGINT) AS w, COUNT(*) AS n \
             FROM value_exchanges v WHERE {IN_PERIOD} \
             GROUP BY v.giver_role, v.receiver_role, v.kind, v.origin \
             ORDER BY v.giver_role, v.receiver_role, v.kind, v.origin"
        )))
        .bind(community)
        .bind(f)
        .bind(t)
        .bind(e)
        .fetch_all(pool)
        .await?
        {
            flows.push(FlowFact {
                from: word::<Role>(&r, "giver_role")?,
                to: word::<Role>(&r, "receiver_role")?,
                kind: word::<ValueKind>(&r, "kind")?,
                origin: word::<Origin>(&r, "origin")?,
                weight: r.try_get("w")?,
                exchanges: r.try_get("n")?,
            });
        }

        let mut sales = Vec::new();
        for r in sqlx::query(
            "SELECT c.user_id, c.at, c.amount_minor, c.currency, c.source, c.inviter_id, c.influenced, \
               (SELECT COUNT(*) FROM customers c2 WHERE c2.community_id = c.community_id AND c2.user_id = c.user_id \
                  AND (c2.at < c.at OR (c2.at = c.at AND c2.id < c.id))) AS earlier \
             FROM customers c WHERE c.community_id = $1 AND c.at >= $2 AND c.at < $3 ORDER BY c.at, c.id",
        )
        .bind(community)
        .bind(f)
        .bind(t)
        .fetch_all(pool)
        .await?
        {
            sales.push(SaleFact {
                user: r.try_get("user_id")?,
                at: from_millis(r.try_get("at")?),
                amount_minor: r.try_get("amount_minor")?,
                currency: r.try_get("currency")?,
                source: word::<Source>(&r, "source")?,
                inviter: r.try_get("inviter_id")?,
                influenced: flag(&r, "influenced")?,
                first: r.try_get::<i64, _>("earlier")? == 0,
            });
        }

        let lists = if full { self.period_lists(community, (f, t, e), rules, &sales).await? } else { Lists::default() };

        Ok(PeriodFacts {
            from,
            to,
            members_at_end: census.members,
            joins,
            leaves,
            messages,
            active_members,
            stages_at_end: census.stages,
            staff_excluded: staff,
            moves,
            referrers: lists.referrers,
            helpers: lists.helpers,
            flows,
            professionals: lists.professionals,
            activity: census.activity,
            at_risk: lists.at_risk,
            sales,
            chains: lists.chains,
            names: lists.names,
        })
    }
}
