use sqlx::AssertSqlSafe;
use sqlx::{AnyConnection, Row};

use super::Backend;
use super::sql::{Params, flag};
use super::{CommunityId, StoreError, from_millis};
use crate::domain::{Attribution, Confidence, JoinQuality, Source, Ts, UserId, Word};

/// One row of the `joins` projection.
#[derive(Clone, Debug, PartialEq)]
pub struct JoinRow {
    pub community: CommunityId,
    pub event_id: i64,
    pub user: UserId,
    pub at: i64,
    pub attribution: Attribution,
    pub quality: JoinQuality,
    pub left_at: Option<i64>,
}

const COLUMNS: &[&str] = &[
    "community_id",
    "event_id",
    "user_id",
    "at",
    "source",
    "confidence",
    "inviter_id",
    "candidates",
    "invite",
    "campaign",
    "self_invite",
    "rejoin",
    "suspect",
    "left_at",
];

pub(crate) async fn insert(conn: &mut AnyConnection, rows: &[JoinRow]) -> Result<(), StoreError> {
    for chunk in rows.chunks(Backend::of(conn).rows_per_statement(COLUMNS.len())) {
        let sql = format!(
            "INSERT INTO joins ({}) VALUES {}",
            COLUMNS.join(", "),
            Params::new(Backend::of(conn)).values(chunk.len(), COLUMNS.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for j in chunk {
            let a = &j.attribution;
            let candidates = (!a.candidates.is_empty())
                .then(|| a.candidates.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(","));
            q = q
                .bind(j.community)
                .bind(j.event_id)
                .bind(j.user)
                .bind(j.at)
                .bind(a.source.word())
                .bind(a.confidence.word())
                .bind(a.inviter)
                .bind(candidates)
                .bind(a.invite.clone())
                .bind(a.campaign.clone())
                .bind(flag(j.quality.self_invite))
                .bind(flag(j.quality.rejoin))
                .bind(flag(j.quality.suspect))
                .bind(j.left_at);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Closes the open joins of the members who left: each open join of a user in `leaves`
/// (`(user, left_at)`, in time order) takes the first of their leaves at or after it — so a
/// join, leave, rejoin and leave in one batch close both joins. One statement per chunk
/// (was one per leave: 1,599 statements, 1.4 s of a 47 s ingest at `--size medium`).
pub(crate) async fn mark_left(
    conn: &mut AnyConnection,
    community: CommunityId,
    leaves: &[(UserId, i64)],
) -> Result<(), StoreError> {
    let backend = Backend::of(conn);
    // One parameter is the community; chunks split in time order, so a leave in a later chunk
    // finds only the joins an earlier one left open.
    for chunk in leaves.chunks(backend.rows_per_statement(2) - 1) {
        let mut p = Params::new(backend);
        let values = p.values(chunk.len(), 2);
        let community_param = p.one();
        let sql = format!(
            "WITH v (user_id, left_at) AS (VALUES {values}) \
             UPDATE joins SET left_at = \
               (SELECT MIN(v.left_at) FROM v WHERE v.user_id = joins.user_id AND v.left_at >= joins.at) \
             WHERE community_id = {community_param} AND user_id IN (SELECT user_id FROM v) AND left_at IS NULL \
               AND at <= (SELECT MAX(v.left_at) FROM v WHERE v.user_id = joins.user_id)"
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (user, at) in chunk {
            q = q.bind(*user).bind(*at);
        }
        q.bind(community).execute(&mut *conn).await?;
    }
    Ok(())
}

pub(crate) fn join_from_row(r: &sqlx::any::AnyRow) -> Result<JoinRow, StoreError> {
    let word = |col: &str| -> Result<String, StoreError> { Ok(r.try_get::<String, _>(col)?) };
    let source = Source::from_word(&word("source")?).ok_or_else(|| StoreError::Corrupt("joins.source".into()))?;
    let confidence =
        Confidence::from_word(&word("confidence")?).ok_or_else(|| StoreError::Corrupt("joins.confidence".into()))?;
    let candidates: Option<String> = r.try_get("candidates")?;
    let candidates = candidates
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<i64>().map_err(|_| StoreError::Corrupt("joins.candidates".into())))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(JoinRow {
        community: r.try_get("community_id")?,
        event_id: r.try_get("event_id")?,
        user: r.try_get("user_id")?,
        at: r.try_get("at")?,
        attribution: Attribution {
            source,
            confidence,
            inviter: r.try_get("inviter_id")?,
            candidates,
            invite: r.try_get("invite")?,
            campaign: r.try_get("campaign")?,
        },
        quality: JoinQuality {
            self_invite: r.try_get::<i64, _>("self_invite")? != 0,
            rejoin: r.try_get::<i64, _>("rejoin")? != 0,
            suspect: r.try_get::<i64, _>("suspect")? != 0,
        },
        left_at: r.try_get("left_at")?,
    })
}

impl JoinRow {
    pub fn joined(&self) -> Ts {
        from_millis(self.at)
    }
}

impl super::Store {
    /// A member's joins, oldest first.
    pub async fn joins_of(&self, community: CommunityId, user: UserId) -> Result<Vec<JoinRow>, StoreError> {
        let rows = sqlx::query("SELECT * FROM joins WHERE community_id = $1 AND user_id = $2 ORDER BY at, id")
            .bind(community)
            .bind(user)
            .fetch_all(self.pool().await?)
            .await?;
        rows.iter().map(join_from_row).collect()
    }

    /// Joins in `[from, to)`, oldest first.
    pub async fn joins_between(&self, community: CommunityId, from: Ts, to: Ts) -> Result<Vec<JoinRow>, StoreError> {
        let rows = sqlx::query("SELECT * FROM joins WHERE community_id = $1 AND at >= $2 AND at < $3 ORDER BY at, id")
            .bind(community)
            .bind(super::to_millis(from))
            .bind(super::to_millis(to))
            .fetch_all(self.pool().await?)
            .await?;
        rows.iter().map(join_from_row).collect()
    }
}
