//! The `referrals` projection: counted referrals and their validation (pending → validated, or
//! left before it).

use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::Backend;
use super::sql::Params;
use super::{CommunityId, StoreError};
use crate::domain::{UserId, Word};

/// Where a referral stands: the projection only ever holds `pending`, `validated` and `left`
/// (a suspect account's join is flagged on the join, not here).
pub use crate::engine::attribution::referrals::ReferralStatus;

/// One counted referral: a member's first join, credited to an inviter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferralRow {
    pub community: CommunityId,
    /// The invitee.
    pub user: UserId,
    pub inviter: UserId,
    pub joined_at: i64,
    /// When it validates if the invitee is still there.
    pub due_at: i64,
    pub status: ReferralStatus,
    /// When it was validated or the invitee left.
    pub settled_at: Option<i64>,
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<ReferralRow, StoreError> {
    let status: String = r.try_get("status")?;
    Ok(ReferralRow {
        community: r.try_get("community_id")?,
        user: r.try_get("user_id")?,
        inviter: r.try_get("inviter_id")?,
        joined_at: r.try_get("joined_at")?,
        due_at: r.try_get("due_at")?,
        status: ReferralStatus::from_word(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("referrals.status = `{status}`")))?,
        settled_at: r.try_get("settled_at")?,
    })
}

/// Pending referrals due at or before `due_by`, and the pending referrals of `users`.
pub(crate) async fn load_pending(
    conn: &mut AnyConnection,
    community: CommunityId,
    due_by: i64,
    users: &[UserId],
) -> Result<Vec<ReferralRow>, StoreError> {
    let mut out: Vec<ReferralRow> =
        sqlx::query("SELECT * FROM referrals WHERE community_id = $1 AND status = 'pending' AND due_at <= $2")
            .bind(community)
            .bind(due_by)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(from_row)
            .collect::<Result<_, _>>()?;
    for chunk in users.chunks(Backend::of(conn).rows_per_statement(1) - 1) {
        let mut p = Params::new(Backend::of(conn));
        let sql = format!(
            "SELECT * FROM referrals WHERE community_id = {} AND status = 'pending' AND user_id IN ({})",
            p.one(),
            p.list(chunk.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(community);
        for u in chunk {
            q = q.bind(*u);
        }
        for r in q.fetch_all(&mut *conn).await? {
            let row = from_row(&r)?;
            if !out.iter().any(|o| o.user == row.user) {
                out.push(row);
            }
        }
    }
    Ok(out)
}

/// The communities with a pending referral due at or before `due_by`.
pub(crate) async fn communities_due(conn: &mut AnyConnection, due_by: i64) -> Result<Vec<CommunityId>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT community_id FROM referrals WHERE status = 'pending' AND due_at <= $1 ORDER BY community_id",
    )
    .bind(due_by)
    .fetch_all(&mut *conn)
    .await?)
}

pub(crate) async fn upsert(conn: &mut AnyConnection, rows: &[&ReferralRow]) -> Result<(), StoreError> {
    const COLS: usize = 7;
    for chunk in rows.chunks(Backend::of(conn).rows_per_statement(COLS)) {
        let sql = format!(
            "INSERT INTO referrals (community_id, user_id, inviter_id, joined_at, due_at, status, settled_at) \
             VALUES {} ON CONFLICT (community_id, user_id) DO UPDATE SET inviter_id = excluded.inviter_id, \
             joined_at = excluded.joined_at, due_at = excluded.due_at, status = excluded.status, \
             settled_at = excluded.settled_at",
            Params::new(Backend::of(conn)).values(chunk.len(), COLS)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for r in chunk {
            q = q
                .bind(r.community)
                .bind(r.user)
                .bind(r.inviter)
                .bind(r.joined_at)
                .bind(r.due_at)
                .bind(r.status.word())
                .bind(r.settled_at);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A member's referrals by status, and how many of them became customers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralTally {
    pub pending: i64,
    pub validated: i64,
    pub left: i64,
    pub customers: i64,
}

impl super::Store {
    /// The referrals credited to `inviter`.
    pub async fn referral_counts(&self, community: CommunityId, inviter: UserId) -> Result<ReferralTally, StoreError> {
        let rows = sqlx::query(
            "SELECT status, COUNT(*) AS n FROM referrals WHERE community_id = $1 AND inviter_id = $2 GROUP BY status",
        )
        .bind(community)
        .bind(inviter)
        .fetch_all(self.pool().await?)
        .await?;
        let mut counts = ReferralTally::default();
        for r in rows {
            let status: String = r.try_get("status")?;
            let n: i64 = r.try_get("n")?;
            match ReferralStatus::from_word(&status) {
                Some(ReferralStatus::Pending) => counts.pending = n,
                Some(ReferralStatus::Validated) => counts.validated = n,
                Some(ReferralStatus::Left) => counts.left = n,
                Some(ReferralStatus::Suspect) | None => {
                    return Err(StoreError::Corrupt(format!("referrals.status = `{status}`")));
                }
            }
        }
        counts.customers = sqlx::query_scalar(
            "SELECT COUNT(*) FROM members WHERE community_id = $1 AND inviter_id = $2 AND customer_at IS NOT NULL",
        )
        .bind(community)
        .bind(inviter)
        .fetch_one(self.pool().await?)
        .await?;
        Ok(counts)
    }

    /// Every referral of a community (tests, exports), by join time.
    pub async fn referrals(&self, community: CommunityId) -> Result<Vec<ReferralRow>, StoreError> {
        let rows = sqlx::query("SELECT * FROM referrals WHERE community_id = $1 ORDER BY joined_at, user_id")
            .bind(community)
            .fetch_all(self.pool().await?)
            .await?;
        rows.iter().map(from_row).collect()
    }
}
