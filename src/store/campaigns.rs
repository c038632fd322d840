//! The `campaigns` table: tracked links for channels outside the community, paid or organic.
//! A campaign's `invite` is its Discord invite code, the Telegram link the bot created for it,
//! or the key of a link another Telegram admin made (`tg:<creator>:<name>`).

use sqlx::{AnyConnection, Row};

use super::{CommunityId, Store, StoreError, to_millis};
use crate::domain::{Ts, UserId};

/// One row of `campaigns`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignRow {
    pub community: CommunityId,
    pub name: String,
    pub paid: bool,
    pub invite: Option<String>,
    pub created_by: Option<UserId>,
    pub created_at: i64,
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<CampaignRow, StoreError> {
    Ok(CampaignRow {
        community: r.try_get("community_id")?,
        name: r.try_get("name")?,
        paid: r.try_get::<i64, _>("paid")? != 0,
        invite: r.try_get("invite")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
    })
}

/// Inserts a campaign unless one of that name exists; `true` if it was inserted. Runs in the
/// caller's transaction (the ingest projection of `CampaignCreated`).
pub(crate) async fn insert(conn: &mut AnyConnection, row: &CampaignRow) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO campaigns (community_id, name, paid, invite, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (community_id, name) DO NOTHING",
    )
    .bind(row.community)
    .bind(&row.name)
    .bind(i64::from(row.paid))
    .bind(row.invite.clone())
    .bind(row.created_by)
    .bind(row.created_at)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

impl Store {
    /// Creates a campaign. Returns the stored row and whether it is new (a campaign of that
    /// name is never overwritten).
    pub async fn create_campaign(
        &self,
        community: CommunityId,
        name: &str,
        paid: bool,
        invite: Option<&str>,
        by: Option<UserId>,
        at: Ts,
    ) -> Result<(CampaignRow, bool), StoreError> {
        let row = CampaignRow {
            community,
            name: name.to_string(),
            paid,
            invite: invite.map(String::from),
            created_by: by,
            created_at: to_millis(at),
        };
        let mut conn = self.pool().await?.acquire().await?;
        let created = insert(&mut conn, &row).await?;
        drop(conn);
        let stored = self
            .campaign(community, name)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("campaign `{name}` vanished after it was written")))?;
        Ok((stored, created))
    }

    /// Sets the invite of a campaign (once its link exists); `false` if there is no such
    /// campaign.
    pub async fn set_campaign_invite(
        &self,
        community: CommunityId,
        name: &str,
        invite: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE campaigns SET invite = $1 WHERE community_id = $2 AND name = $3")
            .bind(invite)
            .bind(community)
            .bind(name)
            .execute(self.pool().await?)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn campaign(&self, community: CommunityId, name: &str) -> Result<Option<CampaignRow>, StoreError> {
        let row = sqlx::query("SELECT * FROM campaigns WHERE community_id = $1 AND name = $2")
            .bind(community)
            .bind(name)
            .fetch_optional(self.pool().await?)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// The campaign a code or link belongs to.
    pub async fn campaign_by_invite(
        &self,
        community: CommunityId,
        invite: &str,
    ) -> Result<Option<CampaignRow>, StoreError> {
        let row =
            sqlx::query("SELECT * FROM campaigns WHERE community_id = $1 AND invite = $2 ORDER BY created_at LIMIT 1")
                .bind(community)
                .bind(invite)
                .fetch_optional(self.pool().await?)
                .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Every campaign of a community, oldest first.
    pub async fn campaigns(&self, community: CommunityId) -> Result<Vec<CampaignRow>, StoreError> {
        let rows = sqlx::query("SELECT * FROM campaigns WHERE community_id = $1 ORDER BY created_at, name")
            .bind(community)
            .fetch_all(self.pool().await?)
            .await?;
        rows.iter().map(from_row).collect()
    }
}

/// What a campaign brought: joins through it and the customers among them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CampaignYield {
    pub joins: i64,
    pub customers: i64,
}

impl Store {
    /// Joins (first joins only) and customers per campaign name.
    pub async fn campaign_yields(
        &self,
        community: CommunityId,
    ) -> Result<std::collections::HashMap<String, CampaignYield>, StoreError> {
        let rows = sqlx::query(
            "SELECT j.campaign, COUNT(*) AS joins, \
               SUM(CASE WHEN EXISTS (SELECT 1 FROM customers c WHERE c.community_id = j.community_id AND c.user_id = j.user_id) \
                   THEN 1 ELSE 0 END) AS customers \
             FROM joins j WHERE j.community_id = $1 AND j.campaign IS NOT NULL AND j.rejoin = 0 GROUP BY j.campaign",
        )
        .bind(community)
        .fetch_all(self.pool().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("campaign")?,
                    CampaignYield {
                        joins: r.try_get("joins")?,
                        customers: r.try_get::<Option<i64>, _>("customers")?.unwrap_or(0),
                    },
                ))
            })
            .collect()
    }
}
