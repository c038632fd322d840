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
    let current = store.period_facts(community, from, to, end, rules).await?;
    let previous = store.period_facts(community, pfrom, pto, pto, rules).await?;
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
