//! The `personal_invites` table: one invite per member, created on request and reused.

use sqlx::{AnyConnection, Row};

use super::{CommunityId, Store, StoreError, to_millis};
use crate::domain::{Ts, UserId};

/// Records a member's invite unless they have one. Runs in the caller's transaction (the
/// ingest projection of `PersonalInviteCreated`).
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    community: CommunityId,
    user: UserId,
    invite: &str,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO personal_invites (community_id, user_id, invite, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (community_id, user_id) DO NOTHING",
    )
    .bind(community)
    .bind(user)
    .bind(invite)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// A member's personal invite, if they have one.
    pub async fn personal_invite(&self, community: CommunityId, user: UserId) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT invite FROM personal_invites WHERE community_id = $1 AND user_id = $2")
            .bind(community)
            .bind(user)
            .fetch_optional(self.pool().await?)
            .await?)
    }

    /// Stores a member's new personal invite and returns the one to use: if another request
    /// stored one first, that one (so a member never ends up with two).
    pub async fn save_personal_invite(
        &self,
        community: CommunityId,
        user: UserId,
        invite: &str,
        at: Ts,
    ) -> Result<String, StoreError> {
        let mut conn = self.pool().await?.acquire().await?;
        insert(&mut conn, community, user, invite, to_millis(at)).await?;
        drop(conn);
        self.personal_invite(community, user)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("the personal invite of {user} vanished after it was written")))
    }

    /// The member who owns an invite.
    pub async fn personal_invite_owner(
        &self,
        community: CommunityId,
        invite: &str,
    ) -> Result<Option<UserId>, StoreError> {
        Ok(sqlx::query_scalar("SELECT user_id FROM personal_invites WHERE community_id = $1 AND invite = $2")
            .bind(community)
            .bind(invite)
            .fetch_optional(self.pool().await?)
            .await?)
    }

    /// Every `(member, invite)` of a community.
    pub async fn personal_invites(&self, community: CommunityId) -> Result<Vec<(UserId, String)>, StoreError> {
        let rows = sqlx::query("SELECT user_id, invite FROM personal_invites WHERE community_id = $1 ORDER BY user_id")
            .bind(community)
            .fetch_all(self.pool().await?)
            .await?;
        rows.iter().map(|r| Ok((r.try_get("user_id")?, r.try_get("invite")?))).collect()
    }
}
