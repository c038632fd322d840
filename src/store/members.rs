use sqlx::AssertSqlSafe;
use sqlx::{AnyConnection, Row};

use super::Backend;
use super::sql::Params;
use super::{CommunityId, StoreError};
use crate::domain::{Confidence, Role, Source, Stage, UserId, Word};

/// One row of the `members` projection.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MemberRow {
    pub community: CommunityId,
    pub user: UserId,
    pub name: Option<String>,
    pub is_bot: bool,
    /// The role the platform gives (owner/admin → manager, configured roles).
    pub platform_role: Role,
    /// Set by a manager with `/professional`.
    pub professional: bool,
    /// Holds a configured customer role.
    pub customer_role: bool,
    pub first_joined_at: Option<i64>,
    pub joined_at: Option<i64>,
    pub left_at: Option<i64>,
    pub join_count: i64,
    pub source: Option<Source>,
    pub confidence: Option<Confidence>,
    pub inviter: Option<UserId>,
    pub campaign: Option<String>,
    pub last_active_at: Option<i64>,
    pub messages: i64,
    pub early_messages: i64,
    pub stage: Stage,
    pub stage_at: Option<i64>,
    pub customer_at: Option<i64>,
    pub value_given: i64,
    pub value_received: i64,
    pub forgotten: bool,
    /// When the member was first seen joining or acting.
    pub first_seen_at: Option<i64>,
    /// Referrals of theirs that were validated.
    pub referrals_validated: i64,
    /// Referrals of theirs who became customers.
    pub referrals_customers: i64,
}

impl MemberRow {
    pub fn new(community: CommunityId, user: UserId) -> Self {
        Self { community, user, ..Self::default() }
    }

    /// The role in the value triangle: platform managers stay managers; professionals are
    /// set by a manager or hold a configured role.
    pub fn role(&self) -> Role {
        match self.platform_role {
            Role::Manager => Role::Manager,
            _ if self.professional || self.platform_role == Role::Professional => Role::Professional,
            _ => Role::Member,
        }
    }

    /// Still in the community.
    pub fn present(&self) -> bool {
        self.left_at.is_none()
    }

    /// When the member was last seen active, or else when they joined or were first seen: what
    /// the activity status is measured from.
    pub fn last_seen(&self) -> Option<i64> {
        self.last_active_at.or(self.joined_at).or(self.first_seen_at)
    }
}

const COLUMNS: &[&str] = &[
    "community_id",
    "user_id",
    "name",
    "is_bot",
    "platform_role",
    "professional",
    "customer_role",
    "first_joined_at",
    "joined_at",
    "left_at",
    "join_count",
    "source",
    "confidence",
    "inviter_id",
    "campaign",
    "last_active_at",
    "messages",
    "early_messages",
    "stage",
    "stage_at",
    "customer_at",
    "value_given",
    "value_received",
    "forgotten",
    "first_seen_at",
    "referrals_validated",
    "referrals_customers",
];

fn opt_word<T: Word>(v: Option<T>) -> Option<&'static str> {
    v.map(Word::word)
}

fn parse_word<T: Word>(column: &str, s: Option<String>) -> Result<Option<T>, StoreError> {
    s.map(|s| T::from_word(&s).ok_or_else(|| StoreError::Corrupt(format!("members.{column} = `{s}`")))).transpose()
}

pub(crate) fn member_from_row(r: &sqlx::any::AnyRow) -> Result<MemberRow, StoreError> {
    Ok(MemberRow {
        community: r.try_get("community_id")?,
        user: r.try_get("user_id")?,
        name: r.try_get("name")?,
        is_bot: r.try_get::<i64, _>("is_bot")? != 0,
        platform_role: parse_word("platform_role", Some(r.try_get("platform_role")?))?.unwrap_or_default(),
        professional: r.try_get::<i64, _>("professional")? != 0,
        customer_role: r.try_get::<i64, _>("customer_role")? != 0,
        first_joined_at: r.try_get("first_joined_at")?,
        joined_at: r.try_get("joined_at")?,
        left_at: r.try_get("left_at")?,
        join_count: r.try_get("join_count")?,
        source: parse_word("source", r.try_get("source")?)?,
        confidence: parse_word("confidence", r.try_get("confidence")?)?,
        inviter: r.try_get("inviter_id")?,
        campaign: r.try_get("campaign")?,
        last_active_at: r.try_get("last_active_at")?,
        messages: r.try_get("messages")?,
        early_messages: r.try_get("early_messages")?,
        stage: parse_word("stage", Some(r.try_get("stage")?))?.unwrap_or_default(),
        stage_at: r.try_get("stage_at")?,
        customer_at: r.try_get("customer_at")?,
        value_given: r.try_get("value_given")?,
        value_received: r.try_get("value_received")?,
        forgotten: r.try_get::<i64, _>("forgotten")? != 0,
        first_seen_at: r.try_get("first_seen_at")?,
        referrals_validated: r.try_get("referrals_validated")?,
        referrals_customers: r.try_get("referrals_customers")?,
    })
}

/// Loads the rows of the given members (those that exist).
pub(crate) async fn load(
    conn: &mut AnyConnection,
    community: CommunityId,
    users: &[UserId],
) -> Result<Vec<MemberRow>, StoreError> {
    let mut out = Vec::with_capacity(users.len());
    for chunk in users.chunks(Backend::of(conn).rows_per_statement(1) - 1) {
        let mut p = Params::new(Backend::of(conn));
        let sql =
            format!("SELECT * FROM members WHERE community_id = {} AND user_id IN ({})", p.one(), p.list(chunk.len()));
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(community);
        for u in chunk {
            q = q.bind(*u);
        }
        for r in q.fetch_all(&mut *conn).await? {
            out.push(member_from_row(&r)?);
        }
    }
    Ok(out)
}

/// Writes whole rows (insert or overwrite).
pub(crate) async fn upsert(conn: &mut AnyConnection, rows: &[&MemberRow]) -> Result<(), StoreError> {
    let cols = COLUMNS.len();
    let updates: Vec<String> = COLUMNS[2..].iter().map(|c| format!("{c} = excluded.{c}")).collect();
    for chunk in rows.chunks(Backend::of(conn).rows_per_statement(cols)) {
        let sql = format!(
            "INSERT INTO members ({}) VALUES {} ON CONFLICT (community_id, user_id) DO UPDATE SET {}",
            COLUMNS.join(", "),
            Params::new(Backend::of(conn)).values(chunk.len(), cols),
            updates.join(", ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for m in chunk {
            q = q
                .bind(m.community)
                .bind(m.user)
                .bind(m.name.clone())
                .bind(i64::from(m.is_bot))
                .bind(m.platform_role.word())
                .bind(i64::from(m.professional))
                .bind(i64::from(m.customer_role))
                .bind(m.first_joined_at)
                .bind(m.joined_at)
                .bind(m.left_at)
                .bind(m.join_count)
                .bind(opt_word(m.source))
                .bind(opt_word(m.confidence))
                .bind(m.inviter)
                .bind(m.campaign.clone())
                .bind(m.last_active_at)
                .bind(m.messages)
                .bind(m.early_messages)
                .bind(m.stage.word())
                .bind(m.stage_at)
                .bind(m.customer_at)
                .bind(m.value_given)
                .bind(m.value_received)
                .bind(i64::from(m.forgotten))
                .bind(m.first_seen_at)
                .bind(m.referrals_validated)
                .bind(m.referrals_customers);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

impl super::Store {
    /// One member's row.
    pub async fn member(&self, community: CommunityId, user: UserId) -> Result<Option<MemberRow>, StoreError> {
        let row = sqlx::query("SELECT * FROM members WHERE community_id = $1 AND user_id = $2")
            .bind(community)
            .bind(user)
            .fetch_optional(self.pool().await?)
            .await?;
        row.as_ref().map(member_from_row).transpose()
    }
}
