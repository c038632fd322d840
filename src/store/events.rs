use futures::TryStreamExt;
use sqlx::AssertSqlSafe;
use sqlx::{AnyConnection, Row};

use super::Backend;
use super::sql::Params;
use super::{CommunityId, Store, StoreError, from_millis, to_millis};
use crate::domain::{Event, Ts};

/// An event about to be appended to the log.
#[derive(Clone, Debug)]
pub struct NewEvent<'a> {
    pub community: CommunityId,
    pub source_id: &'a str,
    pub at: Ts,
    pub event: &'a Event,
}

/// An event read back from the log.
#[derive(Clone, Debug, PartialEq)]
pub struct LoggedEvent {
    pub id: i64,
    pub community: CommunityId,
    pub source_id: String,
    pub at: Ts,
    pub event: Event,
}

const COLS: usize = 5;

/// Appends events, skipping any whose `(community, source_id)` is already in the log, and
/// returns the log ids of the new ones by their index in `events` (`None` = duplicate).
/// Runs inside the caller's transaction.
pub(crate) async fn append(conn: &mut AnyConnection, events: &[NewEvent<'_>]) -> Result<Vec<Option<i64>>, StoreError> {
    let mut ids = vec![None; events.len()];
    // A batch may hold the same event twice (a redelivery); only the first counts.
    let mut seen = std::collections::HashSet::new();
    let unique: Vec<usize> =
        (0..events.len()).filter(|&i| seen.insert((events[i].community, events[i].source_id))).collect();
    for chunk in unique.chunks(Backend::of(conn).rows_per_statement(COLS)) {
        let sql = format!(
            "INSERT INTO events (community_id, source_id, kind, at, payload) VALUES {} \
             ON CONFLICT (community_id, source_id) DO NOTHING RETURNING id, community_id, source_id",
            Params::new(Backend::of(conn)).values(chunk.len(), COLS)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for &i in chunk {
            let e = &events[i];
            let payload = serde_json::to_string(e.event)
                .map_err(|err| StoreError::Corrupt(format!("event does not serialize: {err}")))?;
            q = q.bind(e.community).bind(e.source_id).bind(e.event.kind()).bind(to_millis(e.at)).bind(payload);
        }
        let rows = q.fetch_all(&mut *conn).await?;
        let mut by_key = std::collections::HashMap::with_capacity(rows.len());
        for r in rows {
            let id: i64 = r.try_get(0)?;
            let community: i64 = r.try_get(1)?;
            let source: String = r.try_get(2)?;
            by_key.insert((community, source), id);
        }
        for &i in chunk {
            ids[i] = by_key.remove(&(events[i].community, events[i].source_id.to_string()));
        }
    }
    Ok(ids)
}

impl Store {
    /// The community's log in order, for recompute and export. Streams, so a long history
    /// does not sit in memory.
    pub async fn for_each_event<F>(&self, community: CommunityId, mut f: F) -> Result<u64, StoreError>
    where
        F: FnMut(LoggedEvent) -> Result<(), StoreError>,
    {
        let mut rows =
            sqlx::query("SELECT id, source_id, at, payload FROM events WHERE community_id = $1 ORDER BY at, id")
                .bind(community)
                .fetch(self.pool().await?);
        let mut n = 0;
        while let Some(r) = rows.try_next().await? {
            let payload: String = r.try_get("payload")?;
            let event: Event =
                serde_json::from_str(&payload).map_err(|e| StoreError::Corrupt(format!("event payload: {e}")))?;
            f(LoggedEvent {
                id: r.try_get("id")?,
                community,
                source_id: r.try_get("source_id")?,
                at: from_millis(r.try_get("at")?),
                event,
            })?;
            n += 1;
        }
        Ok(n)
    }

    /// Number of events in a community's log.
    pub async fn event_count(&self, community: CommunityId) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE community_id = $1")
            .bind(community)
            .fetch_one(self.pool().await?)
            .await?)
    }
}
