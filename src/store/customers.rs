//! The `customers` projection: sales, credited to the buyer's source when they were recorded.

use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::Backend;
use super::sql::{Params, flag};
use super::{CommunityId, StoreError};
use crate::domain::{Source, UserId, Word};

/// One sale (a manager's mark, or a customer role appearing, which has no amount).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CustomerRow {
    pub community: CommunityId,
    pub event_id: i64,
    pub user: UserId,
    pub at: i64,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub source: Source,
    pub inviter: Option<UserId>,
    pub campaign: Option<String>,
    pub influenced: bool,
    pub marked_by: Option<UserId>,
}

const COLUMNS: &[&str] = &[
    "community_id",
    "event_id",
    "user_id",
    "at",
    "amount_minor",
    "currency",
    "source",
    "inviter_id",
    "campaign",
    "influenced",
    "marked_by",
];

pub(crate) async fn insert(conn: &mut AnyConnection, rows: &[CustomerRow]) -> Result<(), StoreError> {
    for chunk in rows.chunks(Backend::of(conn).rows_per_statement(COLUMNS.len())) {
        let sql = format!(
            "INSERT INTO customers ({}) VALUES {}",
            COLUMNS.join(", "),
            Params::new(Backend::of(conn)).values(chunk.len(), COLUMNS.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for c in chunk {
            q = q
                .bind(c.community)
                .bind(c.event_id)
                .bind(c.user)
                .bind(c.at)
                .bind(c.amount_minor)
                .bind(c.currency.clone())
                .bind(c.source.word())
                .bind(c.inviter)
                .bind(c.campaign.clone())
                .bind(flag(c.influenced))
                .bind(c.marked_by);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

pub(crate) fn from_row(r: &sqlx::any::AnyRow) -> Result<CustomerRow, StoreError> {
    let source: String = r.try_get("source")?;
    Ok(CustomerRow {
        community: r.try_get("community_id")?,
        event_id: r.try_get("event_id")?,
        user: r.try_get("user_id")?,
        at: r.try_get("at")?,
        amount_minor: r.try_get("amount_minor")?,
        currency: r.try_get("currency")?,
        source: Source::from_word(&source)
            .ok_or_else(|| StoreError::Corrupt(format!("customers.source = `{source}`")))?,
        inviter: r.try_get("inviter_id")?,
        campaign: r.try_get("campaign")?,
        influenced: r.try_get::<i64, _>("influenced")? != 0,
        marked_by: r.try_get("marked_by")?,
    })
}

impl super::Store {
    /// Sales of a community (or of one member), oldest first.
    pub async fn sales(&self, community: CommunityId, user: Option<UserId>) -> Result<Vec<CustomerRow>, StoreError> {
        let sql = if user.is_some() {
            "SELECT * FROM customers WHERE community_id = $1 AND user_id = $2 ORDER BY at, id"
        } else {
            "SELECT * FROM customers WHERE community_id = $1 ORDER BY at, id"
        };
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(community);
        if let Some(u) = user {
            q = q.bind(u);
        }
        let rows = q.fetch_all(self.pool().await?).await?;
        rows.iter().map(from_row).collect()
    }
}
