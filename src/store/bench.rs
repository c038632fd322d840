//! SQL for `snowball-bench` only: the baselines snowball is measured against (a bare events
//! table written in batches, one autocommitted write per event, a leaderboard aggregated from
//! the value log) and bulk seeding of projections for read benchmarks. Nothing here is used by
//! the bot.

use sqlx::{AssertSqlSafe, Row};

use super::sql::Params;
use super::{CommunityId, Store, StoreError};
use crate::domain::UserId;

/// One row of the bare events table: the same columns as the log.
#[derive(Clone, Debug)]
pub struct RawEvent {
    pub community: CommunityId,
    pub source_id: String,
    pub kind: &'static str,
    pub at: i64,
    pub payload: String,
}

const RAW_COLS: usize = 5;

impl Store {
    /// (Re)creates `bench_events`: the log's columns, no key, no index, no constraint.
    pub async fn bench_reset_raw_table(&self) -> Result<(), StoreError> {
        sqlx::query("DROP TABLE IF EXISTS bench_events").execute(self.pool().await?).await?;
        sqlx::query(
            "CREATE TABLE bench_events (community_id BIGINT NOT NULL, source_id TEXT NOT NULL, kind TEXT NOT NULL, \
             at BIGINT NOT NULL, payload TEXT NOT NULL)",
        )
        .execute(self.pool().await?)
        .await?;
        Ok(())
    }

    /// Inserts `rows` into `bench_events` in one transaction, as multi-row statements of the
    /// same size the log's append uses.
    pub async fn bench_raw_batch(&self, rows: &[RawEvent]) -> Result<(), StoreError> {
        let mut tx = self.pool().await?.begin().await?;
        for chunk in rows.chunks(self.backend().rows_per_statement(RAW_COLS)) {
            let sql = format!(
                "INSERT INTO bench_events (community_id, source_id, kind, at, payload) VALUES {}",
                Params::new(self.backend()).values(chunk.len(), RAW_COLS)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for r in chunk {
                q = q.bind(r.community).bind(r.source_id.as_str()).bind(r.kind).bind(r.at).bind(r.payload.as_str());
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The writer's log step alone: `events` appended to the real log (deduplicated, with its
    /// key and index) in one transaction, with no projection. The rate snowball's writer could
    /// reach if it projected asynchronously behind the log.
    pub async fn bench_log_only_batch(
        &self,
        community: CommunityId,
        events: &[crate::domain::Envelope],
    ) -> Result<(), StoreError> {
        let new: Vec<super::events::NewEvent<'_>> = events
            .iter()
            .map(|e| super::events::NewEvent { community, source_id: &e.source_id, at: e.at, event: &e.event })
            .collect();
        let mut tx = self.pool().await?.begin().await?;
        super::sql::plan_each_run(&mut tx).await?;
        super::events::append(&mut tx, &new).await?;
        tx.commit().await?;
        Ok(())
    }

    /// One autocommitted insert into `bench_events` (a round trip and a commit per event).
    pub async fn bench_raw_single(&self, row: &RawEvent) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO bench_events (community_id, source_id, kind, at, payload) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(row.community)
        .bind(row.source_id.as_str())
        .bind(row.kind)
        .bind(row.at)
        .bind(row.payload.as_str())
        .execute(self.pool().await?)
        .await?;
        Ok(())
    }

    /// Seeds members `first..first+count` with a name and a helpers score of `score(user)` in
    /// the `all` bucket. Bulk, in one transaction per 10 000 members.
    pub async fn bench_seed_members(
        &self,
        community: CommunityId,
        first: UserId,
        count: i64,
        score: impl Fn(UserId) -> i64,
    ) -> Result<(), StoreError> {
        let users: Vec<UserId> = (first..first + count).collect();
        for block in users.chunks(10_000) {
            let mut tx = self.pool().await?.begin().await?;
            for chunk in block.chunks(self.backend().rows_per_statement(3)) {
                let sql = format!(
                    "INSERT INTO members (community_id, user_id, name) VALUES {}",
                    Params::new(self.backend()).values(chunk.len(), 3)
                );
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for u in chunk {
                    q = q.bind(community).bind(*u).bind(format!("member {u}"));
                }
                q.execute(&mut *tx).await?;
            }
            for chunk in block.chunks(self.backend().rows_per_statement(5)) {
                let sql = format!(
                    "INSERT INTO leaderboard_scores (community_id, board, bucket, user_id, score) VALUES {}",
                    Params::new(self.backend()).values(chunk.len(), 5)
                );
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for u in chunk {
                    q = q.bind(community).bind("helpers").bind("all").bind(*u).bind(score(*u));
                }
                q.execute(&mut *tx).await?;
            }
            tx.commit().await?;
        }
        // Members per score, as the ingest keeps them.
        let mut counts: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
        for u in &users {
            let s = score(*u);
            if s > 0 {
                *counts.entry(s).or_default() += 1;
            }
        }
        let counts: Vec<(i64, i64)> = counts.into_iter().collect();
        for chunk in counts.chunks(self.backend().rows_per_statement(5)) {
            let sql = format!(
                "INSERT INTO leaderboard_counts (community_id, board, bucket, score, members) VALUES {}",
                Params::new(self.backend()).values(chunk.len(), 5)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for (s, n) in chunk {
                q = q.bind(community).bind("helpers").bind("all").bind(*s).bind(*n);
            }
            q.execute(self.pool().await?).await?;
        }
        Ok(())
    }

    /// Seeds value exchanges (thanks from `receiver` to `giver`) in one transaction per
    /// 10 000 rows.
    pub async fn bench_seed_exchanges(
        &self,
        community: CommunityId,
        exchanges: &[(UserId, UserId, i64)],
    ) -> Result<(), StoreError> {
        const COLS: usize = 10;
        for block in exchanges.chunks(10_000) {
            let mut tx = self.pool().await?.begin().await?;
            for chunk in block.chunks(self.backend().rows_per_statement(COLS)) {
                let sql = format!(
                    "INSERT INTO value_exchanges (community_id, event_id, at, giver_id, receiver_id, giver_role, \
                     receiver_role, kind, weight, origin) VALUES {}",
                    Params::new(self.backend()).values(chunk.len(), COLS)
                );
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for (giver, receiver, at) in chunk {
                    q = q
                        .bind(community)
                        .bind(0_i64)
                        .bind(*at)
                        .bind(*giver)
                        .bind(*receiver)
                        .bind("member")
                        .bind("member")
                        .bind(crate::domain::ValueKind::Support.to_string())
                        .bind(1_i64)
                        .bind("thanks");
                }
                q.execute(&mut *tx).await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }

    /// Settles the database after bulk seeding, as a running deployment would have long since:
    /// PostgreSQL's planner statistics refreshed (autovacuum's job) and the seeding's writes
    /// checkpointed (else the checkpoint the seeding's WAL triggers runs during the timed
    /// requests: it once made one `/me` of 150 take 95 ms); SQLite's WAL folded into the file.
    pub async fn bench_settle(&self) -> Result<(), StoreError> {
        let pool = self.pool().await?;
        match self.backend() {
            super::Backend::Postgres => {
                sqlx::query("ANALYZE").execute(pool).await?;
                sqlx::query("CHECKPOINT").execute(pool).await?;
            }
            super::Backend::Sqlite => {
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await?;
            }
        }
        Ok(())
    }

    /// The peers' leaderboard: top `limit` helpers and the viewer's rank aggregated from the
    /// value log at every request. Returns `(top, viewer's rank)`.
    pub async fn bench_leaderboard_by_aggregation(
        &self,
        community: CommunityId,
        viewer: UserId,
        limit: i64,
    ) -> Result<(Vec<(UserId, i64)>, Option<i64>), StoreError> {
        let top = sqlx::query(
            "SELECT giver_id, COUNT(*) AS n FROM value_exchanges WHERE community_id = $1 AND withdrawn_at IS NULL \
             GROUP BY giver_id ORDER BY n DESC, giver_id LIMIT $2",
        )
        .bind(community)
        .bind(limit)
        .fetch_all(self.pool().await?)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<Vec<_>, StoreError>>()?;
        let own: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM value_exchanges WHERE community_id = $1 AND giver_id = $2 AND withdrawn_at IS NULL",
        )
        .bind(community)
        .bind(viewer)
        .fetch_one(self.pool().await?)
        .await?;
        if own == 0 {
            return Ok((top, None));
        }
        let above: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT giver_id FROM value_exchanges WHERE community_id = $1 AND withdrawn_at IS NULL \
             GROUP BY giver_id HAVING COUNT(*) > $2) t",
        )
        .bind(community)
        .bind(own)
        .fetch_one(self.pool().await?)
        .await?;
        Ok((top, Some(above + 1)))
    }
}
