//! The `leaderboard_scores` projection and the leaderboard query.
//!
//! Scores are counters per (board, bucket, member), bumped by the ingest as value is given or
//! referrals are validated (and lowered when value is withdrawn), so reading a leaderboard is a
//! range scan of `leaderboard_by_score` however big the community is.

use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::sql::{rows_per_statement, values_placeholders};
use super::{CommunityId, StoreError};
use crate::domain::{Ts, UserId, Word};
use crate::engine::leaderboard::{Board, LeaderRow, Leaderboard, Period, bucket};

/// Adds `delta` to each `(board, bucket, user)` score.
pub(crate) async fn add(
    conn: &mut AnyConnection,
    community: CommunityId,
    deltas: &[(Board, String, UserId, i64)],
) -> Result<(), StoreError> {
    const COLS: usize = 5;
    for chunk in deltas.chunks(rows_per_statement(COLS)) {
        let sql = format!(
            "INSERT INTO leaderboard_scores (community_id, board, bucket, user_id, score) VALUES {} \
             ON CONFLICT (community_id, board, bucket, user_id) \
             DO UPDATE SET score = leaderboard_scores.score + excluded.score",
            values_placeholders(chunk.len(), COLS)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (board, bucket, user, delta) in chunk {
            q = q.bind(community).bind(board.word()).bind(bucket.clone()).bind(*user).bind(*delta);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

impl super::Store {
    /// The top `limit` members of a board for the period containing `now` (UTC weeks and
    /// months), and the viewer's own row if they have a score. Ties share a rank.
    pub async fn leaderboard(
        &self,
        community: CommunityId,
        board: Board,
        period: Period,
        now: Ts,
        viewer: UserId,
        limit: usize,
    ) -> Result<Leaderboard, StoreError> {
        let bucket = bucket(period, now);
        let rows = sqlx::query(
            "SELECT s.user_id, s.score, m.name FROM leaderboard_scores s \
             LEFT JOIN members m ON m.community_id = s.community_id AND m.user_id = s.user_id \
             WHERE s.community_id = $1 AND s.board = $2 AND s.bucket = $3 AND s.score > 0 \
             ORDER BY s.score DESC, s.user_id LIMIT $4",
        )
        .bind(community)
        .bind(board.word())
        .bind(&bucket)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(self.pool())
        .await?;
        let mut out: Vec<LeaderRow> = Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            let score: i64 = r.try_get("score")?;
            let rank = match out.last() {
                Some(prev) if prev.score == score => prev.rank,
                _ => u32::try_from(i + 1).unwrap_or(u32::MAX),
            };
            out.push(LeaderRow { rank, user: r.try_get("user_id")?, name: r.try_get("name")?, score });
        }
        let viewer_row = match out.iter().find(|r| r.user == viewer) {
            Some(r) => Some(r.clone()),
            None => self.viewer_row(community, board, &bucket, viewer).await?,
        };
        Ok(Leaderboard { board, period, bucket, rows: out, viewer: viewer_row })
    }

    async fn viewer_row(
        &self,
        community: CommunityId,
        board: Board,
        bucket: &str,
        viewer: UserId,
    ) -> Result<Option<LeaderRow>, StoreError> {
        let row = sqlx::query(
            "SELECT s.score, m.name FROM leaderboard_scores s \
             LEFT JOIN members m ON m.community_id = s.community_id AND m.user_id = s.user_id \
             WHERE s.community_id = $1 AND s.board = $2 AND s.bucket = $3 AND s.user_id = $4 AND s.score > 0",
        )
        .bind(community)
        .bind(board.word())
        .bind(bucket)
        .bind(viewer)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let score: i64 = row.try_get("score")?;
        let above: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM leaderboard_scores WHERE community_id = $1 AND board = $2 AND bucket = $3 AND score > $4",
        )
        .bind(community)
        .bind(board.word())
        .bind(bucket)
        .bind(score)
        .fetch_one(self.pool())
        .await?;
        Ok(Some(LeaderRow {
            rank: u32::try_from(above + 1).unwrap_or(u32::MAX),
            user: viewer,
            name: row.try_get("name")?,
            score,
        }))
    }
}
