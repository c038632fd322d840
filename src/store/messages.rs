use sqlx::AssertSqlSafe;
use sqlx::{AnyConnection, Row};

use super::Backend;
use super::sql::{Params, flag};
use super::{CommunityId, StoreError};
use crate::domain::UserId;

/// One entry of the message → author map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageRow {
    pub community: CommunityId,
    pub message_id: i64,
    pub author: UserId,
    pub at: i64,
    pub question: bool,
    pub deleted: bool,
}

pub(crate) async fn load(
    conn: &mut AnyConnection,
    community: CommunityId,
    ids: &[i64],
) -> Result<Vec<MessageRow>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(Backend::of(conn).rows_per_statement(1) - 1) {
        let mut p = Params::new(Backend::of(conn));
        let sql = format!(
            "SELECT message_id, author_id, at, question, deleted FROM messages \
             WHERE community_id = {} AND message_id IN ({})",
            p.one(),
            p.list(chunk.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(community);
        for id in chunk {
            q = q.bind(*id);
        }
        for r in q.fetch_all(&mut *conn).await? {
            out.push(MessageRow {
                community,
                message_id: r.try_get(0)?,
                author: r.try_get(1)?,
                at: r.try_get(2)?,
                question: r.try_get::<i64, _>(3)? != 0,
                deleted: r.try_get::<i64, _>(4)? != 0,
            });
        }
    }
    Ok(out)
}

/// Inserts or overwrites entries.
pub(crate) async fn upsert(conn: &mut AnyConnection, rows: &[&MessageRow]) -> Result<(), StoreError> {
    const COLS: usize = 6;
    for chunk in rows.chunks(Backend::of(conn).rows_per_statement(COLS)) {
        let sql = format!(
            "INSERT INTO messages (community_id, message_id, author_id, at, question, deleted) VALUES {} \
             ON CONFLICT (community_id, message_id) DO UPDATE SET author_id = excluded.author_id, \
             at = excluded.at, question = excluded.question, deleted = excluded.deleted",
            Params::new(Backend::of(conn)).values(chunk.len(), COLS)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for m in chunk {
            q = q
                .bind(m.community)
                .bind(m.message_id)
                .bind(m.author)
                .bind(m.at)
                .bind(flag(m.question))
                .bind(flag(m.deleted));
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}
