//! The `value_exchanges` projection: the value ledger.

use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::Backend;
use super::sql::Params;
use super::{CommunityId, StoreError};
use crate::domain::{Origin, Role, UserId, ValueKind, Word};

/// One admitted value exchange. `giver` provided the value, `receiver` got it, `actor` recorded
/// it (see `engine::ledger`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueRow {
    /// `None` until written.
    pub id: Option<i64>,
    pub community: CommunityId,
    pub event_id: i64,
    pub at: i64,
    pub actor: UserId,
    pub giver: UserId,
    pub receiver: UserId,
    pub giver_role: Role,
    pub receiver_role: Role,
    pub kind: ValueKind,
    pub weight: i64,
    pub origin: Origin,
    pub message_id: Option<i64>,
    pub note: Option<String>,
    pub withdrawn_at: Option<i64>,
}

const COLUMNS: &[&str] = &[
    "community_id",
    "event_id",
    "at",
    "actor_id",
    "giver_id",
    "receiver_id",
    "giver_role",
    "receiver_role",
    "kind",
    "weight",
    "origin",
    "message_id",
    "note",
    "withdrawn_at",
];

const SELECT: &str = "SELECT id, community_id, event_id, at, actor_id, giver_id, receiver_id, giver_role, \
     receiver_role, kind, weight, origin, message_id, note, withdrawn_at FROM value_exchanges";

fn word<T: Word>(r: &sqlx::any::AnyRow, col: &str) -> Result<T, StoreError> {
    let s: String = r.try_get(col)?;
    T::from_word(&s).ok_or_else(|| StoreError::Corrupt(format!("value_exchanges.{col} = `{s}`")))
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<ValueRow, StoreError> {
    let giver: UserId = r.try_get("giver_id")?;
    Ok(ValueRow {
        id: Some(r.try_get("id")?),
        community: r.try_get("community_id")?,
        event_id: r.try_get("event_id")?,
        at: r.try_get("at")?,
        actor: r.try_get::<Option<i64>, _>("actor_id")?.unwrap_or(giver),
        giver,
        receiver: r.try_get("receiver_id")?,
        giver_role: word(r, "giver_role")?,
        receiver_role: word(r, "receiver_role")?,
        kind: word(r, "kind")?,
        weight: r.try_get("weight")?,
        origin: word(r, "origin")?,
        message_id: r.try_get("message_id")?,
        note: r.try_get("note")?,
        withdrawn_at: r.try_get("withdrawn_at")?,
    })
}

/// Which side of an exchange a lookup is by.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Side {
    Actor,
    Giver,
}

/// The exchanges at or after `since` whose actor (or giver) is one of `users`.
pub(crate) async fn load_recent(
    conn: &mut AnyConnection,
    community: CommunityId,
    side: Side,
    users: &[UserId],
    since: i64,
) -> Result<Vec<ValueRow>, StoreError> {
    let column = match side {
        Side::Actor => "actor_id",
        Side::Giver => "giver_id",
    };
    let mut out = Vec::new();
    for chunk in users.chunks(Backend::of(conn).rows_per_statement(1) - 2) {
        let mut p = Params::new(Backend::of(conn));
        let sql = format!(
            "{SELECT} WHERE community_id = {} AND at >= {} AND {column} IN ({})",
            p.one(),
            p.one(),
            p.list(chunk.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(community).bind(since);
        for u in chunk {
            q = q.bind(*u);
        }
        for r in q.fetch_all(&mut *conn).await? {
            out.push(from_row(&r)?);
        }
    }
    Ok(out)
}

/// The exchanges that hang on the given messages.
pub(crate) async fn load_by_messages(
    conn: &mut AnyConnection,
    community: CommunityId,
    ids: &[i64],
) -> Result<Vec<ValueRow>, StoreError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(Backend::of(conn).rows_per_statement(1) - 1) {
        let mut p = Params::new(Backend::of(conn));
        let sql = format!("{SELECT} WHERE community_id = {} AND message_id IN ({})", p.one(), p.list(chunk.len()));
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(community);
        for id in chunk {
            q = q.bind(*id);
        }
        for r in q.fetch_all(&mut *conn).await? {
            out.push(from_row(&r)?);
        }
    }
    Ok(out)
}

pub(crate) async fn insert(conn: &mut AnyConnection, rows: &[&ValueRow]) -> Result<(), StoreError> {
    for chunk in rows.chunks(Backend::of(conn).rows_per_statement(COLUMNS.len())) {
        let sql = format!(
            "INSERT INTO value_exchanges ({}) VALUES {}",
            COLUMNS.join(", "),
            Params::new(Backend::of(conn)).values(chunk.len(), COLUMNS.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for v in chunk {
            q = q
                .bind(v.community)
                .bind(v.event_id)
                .bind(v.at)
                .bind(v.actor)
                .bind(v.giver)
                .bind(v.receiver)
                .bind(v.giver_role.word())
                .bind(v.receiver_role.word())
                .bind(v.kind.word())
                .bind(v.weight)
                .bind(v.origin.word())
                .bind(v.message_id)
                .bind(v.note.clone())
                .bind(v.withdrawn_at);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Marks stored exchanges withdrawn: `(id, withdrawn_at)`.
pub(crate) async fn withdraw(conn: &mut AnyConnection, withdrawals: &[(i64, i64)]) -> Result<(), StoreError> {
    for (id, at) in withdrawals {
        sqlx::query("UPDATE value_exchanges SET withdrawn_at = $1 WHERE id = $2")
            .bind(*at)
            .bind(*id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Value by kind: total weight and number of exchanges.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KindTotal {
    pub kind: ValueKind,
    pub weight: i64,
    pub exchanges: i64,
}

impl super::Store {
    /// A member's admitted, not withdrawn value by kind: `(given, received)`, every kind listed.
    pub async fn value_by_kind(
        &self,
        community: CommunityId,
        user: UserId,
    ) -> Result<(Vec<KindTotal>, Vec<KindTotal>), StoreError> {
        let mut out = Vec::with_capacity(2);
        for column in ["giver_id", "receiver_id"] {
            let sql = format!(
                "SELECT kind, CAST(SUM(weight) AS BIGINT) AS w, COUNT(*) AS n FROM value_exchanges \
                 WHERE community_id = $1 AND {column} = $2 AND withdrawn_at IS NULL GROUP BY kind"
            );
            let rows = sqlx::query(AssertSqlSafe(sql)).bind(community).bind(user).fetch_all(self.pool().await?).await?;
            let mut totals: Vec<KindTotal> =
                ValueKind::ALL.iter().map(|&kind| KindTotal { kind, weight: 0, exchanges: 0 }).collect();
            for r in rows {
                let kind: ValueKind = word(&r, "kind")?;
                if let Some(t) = totals.iter_mut().find(|t| t.kind == kind) {
                    t.weight = r.try_get("w")?;
                    t.exchanges = r.try_get("n")?;
                }
            }
            out.push(totals);
        }
        let received = out.pop().unwrap_or_default();
        let given = out.pop().unwrap_or_default();
        Ok((given, received))
    }

    /// Every exchange of a community in order (tests, exports).
    pub async fn value_exchanges(&self, community: CommunityId) -> Result<Vec<ValueRow>, StoreError> {
        let sql = format!("{SELECT} WHERE community_id = $1 ORDER BY at, id");
        let rows = sqlx::query(AssertSqlSafe(sql)).bind(community).fetch_all(self.pool().await?).await?;
        rows.iter().map(from_row).collect()
    }
}

impl super::Store {
    /// Exchanges (not withdrawn) at or after `since` in which `user` acted or gave, for
    /// checking the anti-abuse rules before a command records one more.
    pub async fn recent_exchanges_of(
        &self,
        community: CommunityId,
        user: UserId,
        since: i64,
    ) -> Result<Vec<ValueRow>, StoreError> {
        let mut conn = self.pool().await?.acquire().await?;
        let mut rows = load_recent(&mut conn, community, Side::Actor, &[user], since).await?;
        rows.extend(load_recent(&mut conn, community, Side::Giver, &[user], since).await?);
        rows.retain(|r| r.withdrawn_at.is_none());
        Ok(rows)
    }
}
