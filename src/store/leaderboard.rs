//! The `leaderboard_scores` projection and the leaderboard query.
//!
//! Scores are counters per (board, bucket, member), bumped by the ingest as value is given or
//! referrals are validated (and lowered when value is withdrawn), so reading a leaderboard is a
//! range scan of `leaderboard_by_score` however big the community is; `leaderboard_counts` (members
//! per score) gives a member's own rank by summing the few distinct scores above theirs.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::Backend;
use super::sql::Params;
use super::{CommunityId, StoreError};
use crate::domain::{Ts, UserId, Word};
use crate::engine::leaderboard::{Board, LeaderRow, Leaderboard, Period, bucket};

/// Adds `delta` to each `(board, bucket, user)` score, and keeps `leaderboard_counts` (members
/// per score) in step: each changed score moves its member from the old score's count to the
/// new one's. `deltas` hold each key once.
pub(crate) async fn add(
    conn: &mut AnyConnection,
    community: CommunityId,
    deltas: &[(Board, String, UserId, i64)],
) -> Result<(), StoreError> {
    const COLS: usize = 5;
    let mut moves: BTreeMap<(&'static str, String, i64), i64> = BTreeMap::new();
    for chunk in deltas.chunks(Backend::of(conn).rows_per_statement(COLS)) {
        let sql = format!(
            "INSERT INTO leaderboard_scores (community_id, board, bucket, user_id, score) VALUES {} \
             ON CONFLICT (community_id, board, bucket, user_id) \
             DO UPDATE SET score = leaderboard_scores.score + excluded.score \
             RETURNING board, bucket, user_id, score",
            Params::new(Backend::of(conn)).values(chunk.len(), COLS)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (board, bucket, user, delta) in chunk {
            q = q.bind(community).bind(board.word()).bind(bucket.clone()).bind(*user).bind(*delta);
        }
        let delta_of: HashMap<(&str, &str, UserId), (&'static str, i64)> =
            chunk.iter().map(|(b, k, u, d)| ((b.word(), k.as_str(), *u), (b.word(), *d))).collect();
        for r in q.fetch_all(&mut *conn).await? {
            let (board, bucket, user, new): (String, String, UserId, i64) =
                (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?);
            let Some(&(word, delta)) = delta_of.get(&(board.as_str(), bucket.as_str(), user)) else { continue };
            let old = new - delta;
            if old > 0 {
                *moves.entry((word, bucket.clone(), old)).or_default() -= 1;
            }
            if new > 0 {
                *moves.entry((word, bucket, new)).or_default() += 1;
            }
        }
    }
    let moves: Vec<_> = moves.into_iter().filter(|(_, n)| *n != 0).collect();
    for chunk in moves.chunks(Backend::of(conn).rows_per_statement(COLS)) {
        let sql = format!(
            "INSERT INTO leaderboard_counts (community_id, board, bucket, score, members) VALUES {} \
             ON CONFLICT (community_id, board, bucket, score) \
             DO UPDATE SET members = leaderboard_counts.members + excluded.members",
            Params::new(Backend::of(conn)).values(chunk.len(), COLS)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for ((board, bucket, score), n) in chunk {
            q = q.bind(community).bind(*board).bind(bucket.clone()).bind(*score).bind(*n);
        }
        q.execute(&mut *conn).await?;
    }
    // Scores nobody has any more (the touched buckets only: an index range each).
    let touched: BTreeSet<(&str, &str)> = moves.iter().map(|((b, k, _), _)| (*b, k.as_str())).collect();
    for (board, bucket) in touched {
        sqlx::query(
            "DELETE FROM leaderboard_counts WHERE community_id = $1 AND board = $2 AND bucket = $3 AND members <= 0",
        )
        .bind(community)
        .bind(board)
        .bind(bucket)
        .execute(&mut *conn)
        .await?;
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
        .fetch_all(self.pool().await?)
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
        .fetch_optional(self.pool().await?)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let score: i64 = row.try_get("score")?;
        // Members per score (see `add`): a sum over the distinct scores above, however many
        // members there are.
        let above: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(members), 0) AS BIGINT) FROM leaderboard_counts \
             WHERE community_id = $1 AND board = $2 AND bucket = $3 AND score > $4",
        )
        .bind(community)
        .bind(board.word())
        .bind(bucket)
        .bind(score)
        .fetch_one(self.pool().await?)
        .await?;
        Ok(Some(LeaderRow {
            rank: u32::try_from(above + 1).unwrap_or(u32::MAX),
            user: viewer,
            name: row.try_get("name")?,
            score,
        }))
    }
}
