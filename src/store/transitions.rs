//! The `transitions` projection: every stage change with its time and reason.

use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::Backend;
use super::sql::Params;
use super::{CommunityId, StoreError, from_millis};
use crate::domain::{Stage, Ts, UserId, Word};
use crate::engine::funnel::StageReason;

/// A member's move from one stage to a further one.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TransitionRow {
    pub community: CommunityId,
    pub user: UserId,
    pub at: i64,
    pub from: Stage,
    pub to: Stage,
    pub reason: StageReason,
}

impl TransitionRow {
    pub fn time(&self) -> Ts {
        from_millis(self.at)
    }
}

pub(crate) async fn insert(conn: &mut AnyConnection, rows: &[TransitionRow]) -> Result<(), StoreError> {
    const COLS: usize = 6;
    for chunk in rows.chunks(Backend::of(conn).rows_per_statement(COLS)) {
        let sql = format!(
            "INSERT INTO transitions (community_id, user_id, at, from_stage, to_stage, reason) VALUES {}",
            Params::new(Backend::of(conn)).values(chunk.len(), COLS)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for t in chunk {
            q = q
                .bind(t.community)
                .bind(t.user)
                .bind(t.at)
                .bind(t.from.word())
                .bind(t.to.word())
                .bind(t.reason.to_stored());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

pub(crate) fn from_row(r: &sqlx::any::AnyRow) -> Result<TransitionRow, StoreError> {
    let stage = |col: &str| -> Result<Stage, StoreError> {
        let s: String = r.try_get(col)?;
        Stage::from_word(&s).ok_or_else(|| StoreError::Corrupt(format!("transitions.{col} = `{s}`")))
    };
    let reason: String = r.try_get("reason")?;
    Ok(TransitionRow {
        community: r.try_get("community_id")?,
        user: r.try_get("user_id")?,
        at: r.try_get("at")?,
        from: stage("from_stage")?,
        to: stage("to_stage")?,
        reason: StageReason::from_stored(&reason)
            .ok_or_else(|| StoreError::Corrupt(format!("transitions.reason = `{reason}`")))?,
    })
}

impl super::Store {
    /// A member's transitions, oldest first.
    pub async fn transitions_of(&self, community: CommunityId, user: UserId) -> Result<Vec<TransitionRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT community_id, user_id, at, from_stage, to_stage, reason FROM transitions \
             WHERE community_id = $1 AND user_id = $2 ORDER BY at, id",
        )
        .bind(community)
        .bind(user)
        .fetch_all(self.pool().await?)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Every transition of a community, oldest first.
    pub async fn transitions(&self, community: CommunityId) -> Result<Vec<TransitionRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT community_id, user_id, at, from_stage, to_stage, reason FROM transitions \
             WHERE community_id = $1 ORDER BY at, user_id, id",
        )
        .bind(community)
        .fetch_all(self.pool().await?)
        .await?;
        rows.iter().map(from_row).collect()
    }
}
