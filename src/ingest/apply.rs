//! Applying one batch of events in one transaction: append to the log (skipping duplicates),
//! project the new ones, write the projections, commit. Either all of it lands or none.

use std::collections::BTreeMap;

use sqlx::Acquire;

use super::project::project;
use super::state::BatchState;
use crate::domain::Envelope;
use crate::engine::Rules;
use crate::store::{CommunityId, NewEvent, Store, StoreError, events};

/// What happened to one event of a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Appended to the log with this id and projected.
    New(i64),
    /// Already in the log: nothing changed.
    Duplicate,
}

/// Applies `batch` atomically. The result has one entry per event, in order.
#[tracing::instrument(skip_all, fields(events = batch.len()))]
pub async fn apply_batch(store: &Store, rules: &Rules, batch: &[Envelope]) -> Result<Vec<Applied>, StoreError> {
    // Resolve community ids first (outside the transaction: creating a community is idempotent).
    let mut ids = Vec::with_capacity(batch.len());
    for env in batch {
        ids.push(store.community_id(&env.community).await?);
    }
    let mut tx = store.pool().begin().await?;
    let conn = tx.acquire().await?;
    let new_events: Vec<NewEvent<'_>> = batch
        .iter()
        .zip(&ids)
        .map(|(env, &community)| NewEvent { community, source_id: &env.source_id, at: env.at, event: &env.event })
        .collect();
    let log_ids = events::append(conn, &new_events).await?;

    // Project per community, each community's new events in batch order.
    let mut by_community: BTreeMap<CommunityId, Vec<usize>> = BTreeMap::new();
    for (i, id) in log_ids.iter().enumerate() {
        if id.is_some() {
            by_community.entry(ids[i]).or_default().push(i);
        }
    }
    for (community, indices) in by_community {
        let events: Vec<_> = indices.iter().map(|&i| &batch[i].event).collect();
        let mut state = BatchState::load(conn, community, &events).await?;
        for &i in &indices {
            let id = log_ids[i].expect("only new events are projected");
            project(&mut state, rules, id, &batch[i]);
        }
        state.flush(conn).await?;
    }
    tx.commit().await?;
    Ok(log_ids.into_iter().map(|id| id.map_or(Applied::Duplicate, Applied::New)).collect())
}
