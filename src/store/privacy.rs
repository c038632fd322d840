//! `/forget`: a person's personal data leaves the store. Their id is replaced by an anonymous
//! one everywhere (so totals, funnels and the referral tree keep their shape), their name,
//! notes about them, their messages map and their personal invite are deleted, and the event
//! log is rewritten the same way, so a recompute cannot bring them back.

use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::{CommunityId, StoreError};
use crate::domain::{Event, Forgot, UserId, forget_in_source_id};

/// Every projection column that holds a person's id.
const USER_COLUMNS: &[(&str, &str)] = &[
    ("members", "user_id"),
    ("members", "inviter_id"),
    ("joins", "user_id"),
    ("joins", "inviter_id"),
    ("value_exchanges", "giver_id"),
    ("value_exchanges", "receiver_id"),
    ("value_exchanges", "actor_id"),
    ("transitions", "user_id"),
    ("customers", "user_id"),
    ("customers", "inviter_id"),
    ("customers", "marked_by"),
    ("referrals", "user_id"),
    ("referrals", "inviter_id"),
    ("referral_bonuses", "user_id"),
    ("referral_bonuses", "granted_by"),
    ("leaderboard_scores", "user_id"),
    ("campaigns", "created_by"),
    ("invites", "inviter_id"),
];

/// What was rewritten.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Forgotten {
    pub rows: u64,
    pub events: u64,
}

/// Forgets `user` in `community`, replacing them by `anon`, inside the caller's transaction.
pub(crate) async fn forget(
    conn: &mut AnyConnection,
    community: CommunityId,
    user: UserId,
    anon: UserId,
) -> Result<Forgotten, StoreError> {
    let mut out = Forgotten::default();
    for (table, column) in USER_COLUMNS {
        let sql = format!("UPDATE {table} SET {column} = $1 WHERE community_id = $2 AND {column} = $3");
        let done = sqlx::query(AssertSqlSafe(sql)).bind(anon).bind(community).bind(user).execute(&mut *conn).await?;
        out.rows += done.rows_affected();
    }
    sqlx::query("UPDATE members SET name = NULL WHERE community_id = $1 AND user_id = $2")
        .bind(community)
        .bind(anon)
        .execute(&mut *conn)
        .await?;
    // One side at a time, each from its member index (an `OR` walked the community's).
    for side in ["giver_id", "receiver_id"] {
        sqlx::query(AssertSqlSafe(format!(
            "UPDATE value_exchanges SET note = NULL WHERE community_id = $1 AND {side} = $2 AND note IS NOT NULL"
        )))
        .bind(community)
        .bind(anon)
        .execute(&mut *conn)
        .await?;
    }
    for table in [
        "messages WHERE community_id = $1 AND author_id = $2",
        "personal_invites WHERE community_id = $1 AND user_id = $2",
    ] {
        let done = sqlx::query(AssertSqlSafe(format!("DELETE FROM {table}")))
            .bind(community)
            .bind(user)
            .execute(&mut *conn)
            .await?;
        out.rows += done.rows_affected();
    }
    out.rows += forget_candidates(conn, community, user, anon).await?;
    out.events = forget_in_log(conn, community, user, anon).await?;
    // Posted digests are history; what they held (names) is not kept.
    sqlx::query("UPDATE digests SET payload = NULL WHERE community_id = $1 AND posted_at IS NOT NULL")
        .bind(community)
        .execute(&mut *conn)
        .await?;
    Ok(out)
}

/// `joins.candidates` is a comma-separated list of ids.
async fn forget_candidates(
    conn: &mut AnyConnection,
    community: CommunityId,
    user: UserId,
    anon: UserId,
) -> Result<u64, StoreError> {
    let rows = sqlx::query("SELECT id, candidates FROM joins WHERE community_id = $1 AND candidates LIKE $2")
        .bind(community)
        .bind(format!("%{user}%"))
        .fetch_all(&mut *conn)
        .await?;
    let mut changed = 0;
    for r in rows {
        let id: i64 = r.try_get("id")?;
        let list: String = r.try_get("candidates")?;
        let (user, anon) = (user.to_string(), anon.to_string());
        let new: Vec<&str> = list.split(',').map(|c| if c == user { anon.as_str() } else { c }).collect();
        let new = new.join(",");
        if new != list {
            sqlx::query("UPDATE joins SET candidates = $1 WHERE id = $2")
                .bind(new)
                .bind(id)
                .execute(&mut *conn)
                .await?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// Rewrites every logged event that names the person.
async fn forget_in_log(
    conn: &mut AnyConnection,
    community: CommunityId,
    user: UserId,
    anon: UserId,
) -> Result<u64, StoreError> {
    let rows = sqlx::query(
        "SELECT id, source_id, payload FROM events WHERE community_id = $1 AND (payload LIKE $2 OR source_id LIKE $2)",
    )
    .bind(community)
    .bind(format!("%{user}%"))
    .fetch_all(&mut *conn)
    .await?;
    let mut changed = 0;
    for r in rows {
        let id: i64 = r.try_get("id")?;
        let source_id: String = r.try_get("source_id")?;
        let payload: String = r.try_get("payload")?;
        let mut event: Event =
            serde_json::from_str(&payload).map_err(|e| StoreError::Corrupt(format!("event {id} payload: {e}")))?;
        let new_source = forget_in_source_id(&source_id, user, anon);
        if event.forget(user, anon) == Forgot::Untouched && new_source == source_id {
            continue;
        }
        let payload = serde_json::to_string(&event).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query("UPDATE events SET payload = $1, source_id = $2 WHERE id = $3")
            .bind(payload)
            .bind(new_source)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        changed += 1;
    }
    Ok(changed)
}
