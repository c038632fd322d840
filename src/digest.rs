//! Building a community's digest from the store: the facts of the period and of the period
//! before (`Store::period_facts`), assembled by the pure `engine::digest`.
//!
//! Re-exports the engine's digest types and renderers, so callers need only this module.

use chrono_tz::Tz;

pub use crate::engine::digest::*;

use crate::domain::Ts;
use crate::engine::Rules;
use crate::store::{CommunityId, Store, StoreError};

/// The digest of `community` for `period` (weeks and months in `tz`), as of `now` if the period
/// is not over yet. For a period that is over, the result does not depend on `now`.
#[tracing::instrument(skip(store, rules))]
pub async fn build(
    store: &Store,
    community: CommunityId,
    period: DigestPeriod,
    rules: &Rules,
    tz: Tz,
    now: Ts,
) -> Result<Digest, StoreError> {
    let (key, name) = store
        .community_info(community)
        .await?
        .ok_or_else(|| StoreError::Config(format!("no community with id {community}")))?;
    let (from, to) = period.bounds(tz);
    let end = to.min(now).max(from);
    let (pfrom, pto) = period.previous().bounds(tz);
    let current = store.period_facts(community, (from, to, end), rules, true).await?;
    let previous = store.period_facts(community, (pfrom, pto, pto), rules, false).await?;
    let header = DigestHeader {
        community: key.to_string(),
        community_name: name,
        period,
        timezone: tz.name().to_string(),
        as_of: end,
        complete: now >= to,
    };
    Ok(assemble(header, &current, &previous))
}

/// Joins by source in the `weeks` weeks ending with the week `period` ends in (weeks in `tz`),
/// counted as the digest counts them.
#[tracing::instrument(skip(store))]
pub async fn source_history(
    store: &Store,
    community: CommunityId,
    period: DigestPeriod,
    weeks: usize,
    tz: Tz,
) -> Result<SourceHistory, StoreError> {
    let periods = recent_weeks(period, weeks);
    let windows: Vec<(Ts, Ts)> = periods.iter().map(|w| w.bounds(tz)).collect();
    let counts = store.joins_by_source(community, &windows).await?;
    Ok(assemble_sources(&periods, &counts))
}

#[derive(Debug, thiserror::Error)]
pub enum ChartFailure {
    #[error("reading joins by source")]
    Store(#[from] StoreError),
    #[error("the digest's period or time zone does not parse: {0}")]
    Period(String),
    #[error("drawing the chart")]
    Draw(#[from] crate::chart::ChartError),
    #[error("the drawing task stopped")]
    Task(#[from] tokio::task::JoinError),
}

/// The digest's chart as PNG bytes (see [`crate::chart`]): its funnel, and joins by source over
/// the [`CHART_WEEKS`] weeks up to its period, labels in `lang`. Drawn off the async threads.
#[tracing::instrument(skip(store, digest), fields(period = %digest.period))]
pub async fn chart(
    store: &Store,
    community: CommunityId,
    digest: &Digest,
    lang: crate::i18n::Lang,
) -> Result<Vec<u8>, ChartFailure> {
    let period: DigestPeriod = digest.period.parse().map_err(|e: PeriodError| ChartFailure::Period(e.0))?;
    let tz: Tz = digest.timezone.parse().map_err(|_| ChartFailure::Period(digest.timezone.clone()))?;
    let history = source_history(store, community, period, CHART_WEEKS, tz).await?;
    let data = crate::chart::ChartData::from_digest(digest, history);
    Ok(tokio::task::spawn_blocking(move || crate::chart::render(&data, lang)).await??)
}
