//! The `invites` table: the last known invite snapshot of each Discord community, so a
//! restart has something to compare with (as an untrusted baseline: joins may have been missed
//! meanwhile). The vanity URL is the row with code [`VANITY_CODE`].

use std::collections::BTreeMap;

use sqlx::{Acquire, Row};

use super::{CommunityId, Store, StoreError, from_millis, to_millis};
use crate::domain::Ts;
use crate::engine::attribution::discord::{InviteInfo, InviteList, Snapshot, Vanity};

/// The vanity URL's row has the code `@vanity:<vanity code>` (Discord codes are alphanumeric,
/// so it cannot clash).
pub const VANITY_CODE: &str = "@vanity";

fn u32_of(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

impl Store {
    /// Replaces a community's snapshot: listed invites are written, those no longer listed are
    /// marked deleted (kept for the record).
    pub async fn save_invite_snapshot(
        &self,
        community: CommunityId,
        list: &InviteList,
        at: Ts,
    ) -> Result<(), StoreError> {
        let now = to_millis(at);
        let mut tx = self.pool().await?.begin().await?;
        let conn = tx.acquire().await?;
        sqlx::query(
            "UPDATE invites SET deleted_at = $1, updated_at = $1 WHERE community_id = $2 AND deleted_at IS NULL",
        )
        .bind(now)
        .bind(community)
        .execute(&mut *conn)
        .await?;
        let vanity = list.vanity.as_ref().map(|v| InviteInfo {
            code: format!("{VANITY_CODE}:{}", v.code),
            inviter: None,
            uses: v.uses,
            max_uses: 0,
            expires_at: None,
            temporary: false,
        });
        for i in list.invites.iter().chain(vanity.as_ref()) {
            sqlx::query(
                "INSERT INTO invites (community_id, code, inviter_id, uses, max_uses, expires_at, temporary, deleted_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8) \
                 ON CONFLICT (community_id, code) DO UPDATE SET inviter_id = excluded.inviter_id, uses = excluded.uses, \
                 max_uses = excluded.max_uses, expires_at = excluded.expires_at, temporary = excluded.temporary, \
                 deleted_at = NULL, updated_at = excluded.updated_at",
            )
            .bind(community)
            .bind(&i.code)
            .bind(i.inviter)
            .bind(i64::from(i.uses))
            .bind(i64::from(i.max_uses))
            .bind(i.expires_at.map(to_millis))
            .bind(i64::from(i.temporary))
            .bind(now)
            .execute(&mut *conn)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The stored snapshot (not trusted: joins may have been missed since), or `None` if the
    /// community has none.
    pub async fn invite_snapshot(&self, community: CommunityId) -> Result<Option<Snapshot>, StoreError> {
        let rows = sqlx::query(
            "SELECT code, inviter_id, uses, max_uses, expires_at, temporary, updated_at FROM invites \
             WHERE community_id = $1 AND deleted_at IS NULL ORDER BY code",
        )
        .bind(community)
        .fetch_all(self.pool().await?)
        .await?;
        if rows.is_empty() {
            return Ok(None);
        }
        let mut invites = BTreeMap::new();
        let mut vanity = None;
        let mut at = None;
        for r in rows {
            let code: String = r.try_get("code")?;
            let updated: i64 = r.try_get("updated_at")?;
            at = Some(at.map_or(updated, |a: i64| a.max(updated)));
            let uses = u32_of(r.try_get("uses")?);
            if let Some(vanity_code) = code.strip_prefix(VANITY_CODE).and_then(|c| c.strip_prefix(':')) {
                vanity = Some(Vanity { code: vanity_code.to_string(), uses });
                continue;
            }
            let info = InviteInfo {
                code: code.clone(),
                inviter: r.try_get("inviter_id")?,
                uses,
                max_uses: u32_of(r.try_get("max_uses")?),
                expires_at: r.try_get::<Option<i64>, _>("expires_at")?.map(from_millis),
                temporary: r.try_get::<i64, _>("temporary")? != 0,
            };
            invites.insert(code, info);
        }
        Ok(Some(Snapshot { invites, vanity, trusted: false, at: at.map(from_millis) }))
    }
}
