//! Recompute: rebuild a community's projections from its event log with the current rules.

use chrono::Utc;
use serde::Serialize;
use sqlx::Acquire;

use super::apply::project_events;
use crate::domain::{Event, Ts};
use crate::engine::Rules;
use crate::store::{CommunityId, Store, StoreError, recompute};

/// Events replayed per batch.
const PAGE: i64 = 2000;

/// What a recompute rebuilt.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RecomputeReport {
    pub events: u64,
    pub members: i64,
    pub value_exchanges: i64,
    pub transitions: i64,
    pub customers: i64,
    pub referrals: i64,
}

impl Store {
    /// Deletes the community's projections and replays every event of its log in order, in
    /// batches, through the same projection as ingest, then settles what fell due up to `now`
    /// (referral validations). All in one transaction: readers see the old numbers until it
    /// commits. Run it with the writer idle (or stopped): events ingested meanwhile wait for it.
    ///
    /// The message signals (thanks, question) were read at ingest and are replayed as stored;
    /// every other rule (ledger limits, funnel, attribution quality) applies anew.
    #[tracing::instrument(skip(self, rules))]
    pub async fn recompute(
        &self,
        community: CommunityId,
        rules: &Rules,
        now: Ts,
    ) -> Result<RecomputeReport, StoreError> {
        let started = std::time::Instant::now();
        if let Some(before) = self.events_pruned_before(community).await? {
            return Err(StoreError::Config(format!(
                "this community's event log was pruned before {before} (privacy.retain_events_days), so it no longer \
                 holds the whole history; a recompute would lose what was pruned"
            )));
        }
        let mut tx = self.pool().await?.begin().await?;
        let conn = tx.acquire().await?;
        recompute::delete_projections(conn, community).await?;
        let mut after = None;
        let mut report = RecomputeReport::default();
        loop {
            let page = recompute::page(conn, community, after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = Some((crate::store::to_millis(last.at), last.id));
            let events: Vec<(i64, Ts, &Event)> = page.iter().map(|e| (e.id, e.at, &e.event)).collect();
            project_events(conn, community, rules, &events, None).await?;
            report.events += page.len() as u64;
        }
        project_events(conn, community, rules, &[], Some(now)).await?;
        report.members = recompute::count(conn, "members", community).await?;
        report.value_exchanges = recompute::count(conn, "value_exchanges", community).await?;
        report.transitions = recompute::count(conn, "transitions", community).await?;
        report.customers = recompute::count(conn, "customers", community).await?;
        report.referrals = recompute::count(conn, "referrals", community).await?;
        tx.commit().await?;
        tracing::info!(events = report.events, elapsed_ms = started.elapsed().as_millis() as u64, "recomputed");
        Ok(report)
    }

    /// [`Store::recompute`] at the current time.
    pub async fn recompute_now(&self, community: CommunityId, rules: &Rules) -> Result<RecomputeReport, StoreError> {
        self.recompute(community, rules, Utc::now()).await
    }
}
