//! Applying one batch of events in one transaction: read the messages' signals, append to the
//! log (skipping duplicates), project the new ones, write the projections, commit. Either all of
//! it lands or none.

use std::borrow::Cow;
use std::collections::BTreeMap;

use sqlx::{Acquire, AnyConnection};

use super::project::project;
use super::rulebook::RulesFor;
use super::state::BatchState;
use crate::domain::{Envelope, Event, Ts};
use crate::engine::Rules;
use crate::engine::ledger::read_signals;
use crate::store::{CommunityId, NewEvent, Store, StoreError, events, referrals};

/// What happened to one event of a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Appended to the log with this id and projected.
    New(i64),
    /// Already in the log: nothing changed.
    Duplicate,
}

/// Reads a message's text for signals (thanks, question) with the rules; the text itself is
/// never stored (it is not serialized), the signals are, so a recompute sees the same ones.
fn with_signals<'a>(env: &'a Envelope, rules: &Rules) -> Cow<'a, Envelope> {
    match &env.event {
        Event::MessagePosted(m) | Event::MessageEdited(m) if m.text.is_some() => {
            let mut env = env.clone();
            if let Event::MessagePosted(m) | Event::MessageEdited(m) = &mut env.event {
                let text = m.text.take().unwrap_or_default();
                m.signals = read_signals(&text, &rules.ledger);
            }
            Cow::Owned(env)
        }
        _ => Cow::Borrowed(env),
    }
}

/// Applies `batch` atomically. The result has one entry per event, in order.
#[tracing::instrument(skip_all, fields(events = batch.len()))]
pub async fn apply_batch<R: RulesFor + ?Sized>(
    store: &Store,
    rules: &R,
    batch: &[Envelope],
) -> Result<Vec<Applied>, StoreError> {
    // Resolve community ids first (outside the transaction: creating a community is idempotent).
    let mut ids = Vec::with_capacity(batch.len());
    for env in batch {
        ids.push(store.community_id(&env.community).await?);
    }
    let batch: Vec<Cow<'_, Envelope>> =
        batch.iter().zip(&ids).map(|(e, id)| with_signals(e, &rules.rules_for(*id))).collect();
    let mut tx = store.pool().await?.begin().await?;
    let conn = tx.acquire().await?;
    let new_events: Vec<NewEvent<'_>> = batch
        .iter()
        .zip(&ids)
        .map(|(env, &community)| NewEvent { community, source_id: &env.source_id, at: env.at, event: &env.event })
        .collect();
    let log_ids = events::append(conn, &new_events).await?;

    // Project per community, each community's new events in batch order.
    let mut by_community: BTreeMap<CommunityId, Vec<(i64, Ts, &Event)>> = BTreeMap::new();
    for (i, id) in log_ids.iter().enumerate() {
        if let Some(id) = id {
            by_community.entry(ids[i]).or_default().push((*id, batch[i].at, &batch[i].event));
        }
    }
    for (community, events) in by_community {
        project_events(conn, community, &rules.rules_for(community), &events, None).await?;
    }
    tx.commit().await?;
    Ok(log_ids.into_iter().map(|id| id.map_or(Applied::Duplicate, Applied::New)).collect())
}

/// Projects logged events `(id, at, event)` of one community in order, then settles what fell
/// due up to `until`, inside the caller's transaction. Returns the transitions recorded.
pub(crate) async fn project_events(
    conn: &mut AnyConnection,
    community: CommunityId,
    rules: &Rules,
    events: &[(i64, Ts, &Event)],
    until: Option<Ts>,
) -> Result<usize, StoreError> {
    crate::store::sql::plan_each_run(conn).await?;
    let timed: Vec<(Ts, &Event)> = events.iter().map(|(_, at, e)| (*at, *e)).collect();
    let mut state = BatchState::load(conn, community, rules, &timed, until).await?;
    for (id, at, event) in events {
        project(&mut state, rules, *id, *at, event);
    }
    if let Some(until) = until {
        super::funnel::settle_due(&mut state, rules, crate::store::to_millis(until));
    }
    let transitions = state.transitions.len();
    state.flush(conn).await?;
    side_tables(conn, community, events).await?;
    Ok(transitions)
}

/// What some events change outside the batch's projections: `/forget` rewrites everything
/// about a person (after the flush, so it also covers what this batch projected).
async fn side_tables(
    conn: &mut AnyConnection,
    community: CommunityId,
    events: &[(i64, Ts, &Event)],
) -> Result<(), StoreError> {
    for (id, _, event) in events {
        if let Event::MemberForgotten { user, .. } = event {
            // The anonymous id is the forget event's own (negative: no platform id is).
            let done = crate::store::privacy::forget(conn, community, *user, -*id).await?;
            tracing::info!(community, rows = done.rows, events = done.events, "a member's personal data was deleted");
        }
    }
    Ok(())
}

/// What advancing the clock changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Advanced {
    /// Communities that had referrals due.
    pub communities: usize,
    /// Stage transitions recorded.
    pub transitions: usize,
}

/// Settles what time alone changes, up to `now`: referrals whose invitee stayed
/// `attribution.validation_days` become validated (at their due time), which can make their
/// inviter an ambassador at that moment. Ingest does the same before every event, so the
/// scheduler only needs to call this for quiet communities (every few minutes is plenty); a
/// recompute reaches the same result. Call it through [`super::Ingest::advance_time`] while the
/// writer runs, so it is serialised with the batches.
pub async fn advance_time<R: RulesFor + ?Sized>(store: &Store, rules: &R, now: Ts) -> Result<Advanced, StoreError> {
    let mut tx = store.pool().await?.begin().await?;
    let conn = tx.acquire().await?;
    let communities = referrals::communities_due(conn, crate::store::to_millis(now)).await?;
    let mut out = Advanced { communities: communities.len(), transitions: 0 };
    for community in communities {
        out.transitions += project_events(conn, community, &rules.rules_for(community), &[], Some(now)).await?;
    }
    tx.commit().await?;
    Ok(out)
}

/// [`advance_time`] for one community.
pub async fn advance_community(
    store: &Store,
    rules: &Rules,
    community: CommunityId,
    now: Ts,
) -> Result<Advanced, StoreError> {
    let mut tx = store.pool().await?.begin().await?;
    let conn = tx.acquire().await?;
    let transitions = project_events(conn, community, rules, &[], Some(now)).await?;
    tx.commit().await?;
    Ok(Advanced { communities: 1, transitions })
}
