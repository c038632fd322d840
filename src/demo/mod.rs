//! `snowball demo`: a seeded synthetic community generated through the real engine into the
//! store, then its latest complete week's digest.

mod activity;
mod generate;
mod texts;

use chrono_tz::Tz;

pub use generate::{DemoOptions, generate};

use crate::digest::{Digest, DigestPeriod};
use crate::domain::{CommunityKey, Ts};
use crate::engine::Rules;
use crate::ingest::{advance_community, apply_batch};
use crate::store::{CommunityId, Store, StoreError};

/// Events per ingest batch (the writer's default batch size).
const BATCH: usize = 1000;

/// What `snowball demo` made.
#[derive(Clone, Debug)]
pub struct DemoOutcome {
    pub key: CommunityKey,
    pub community: CommunityId,
    /// Events generated and ingested.
    pub events: usize,
    /// The latest complete week (the last week of the demo's history).
    pub period: DigestPeriod,
    pub digest: Digest,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Name(#[from] crate::domain::CommunityKeyError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Generates `demo:<name>` afresh (replacing an earlier one) with its history ending where the
/// current week (in `tz`) starts, ingests it batch by batch through the real ingest, settles the
/// referrals due by `now`, and builds the digest of the last complete week.
#[tracing::instrument(skip(store, rules))]
pub async fn run(store: &Store, rules: &Rules, opts: &DemoOptions, tz: Tz, now: Ts) -> Result<DemoOutcome, DemoError> {
    let key: CommunityKey = format!("demo:{}", opts.name).parse()?;
    store.purge_demo_community(&key).await?;
    let period = DigestPeriod::last_complete_week(now, tz);
    let (_, end) = period.bounds(tz);
    let events = generate(opts, end);
    for chunk in events.chunks(BATCH) {
        apply_batch(store, rules, chunk).await?;
    }
    let community = store.community_id(&key).await?;
    store.set_community_name(community, &display_name(&opts.name)).await?;
    advance_community(store, rules, community, now).await?;
    let digest = crate::digest::build(store, community, period, rules, tz, now).await?;
    Ok(DemoOutcome { key, community, events: events.len(), period, digest })
}

fn display_name(name: &str) -> String {
    let mut c = name.chars();
    let title: String = match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    };
    format!("{title} Makers (demo)")
}

/// What to try after the demo.
pub fn tour(key: &CommunityKey, period: DigestPeriod) -> String {
    let earlier = period.previous();
    let rows = [
        (
            format!("snowball digest --community {key} --format json"),
            "the same digest as JSON (fields: docs/digest.md)".to_string(),
        ),
        (format!("snowball digest --community {key} --period {earlier}"), "the week before".to_string()),
        (format!("snowball digest --community {key} --format markdown"), "as it would be posted in chat".to_string()),
        ("snowball communities".to_string(), "what the store holds".to_string()),
        (
            format!("snowball recompute --community {key}"),
            "rebuild stages and counts with your config's rules".to_string(),
        ),
        ("snowball demo --members 10000 --weeks 12 --seed 42".to_string(), "a bigger, different community".to_string()),
    ];
    let width = rows.iter().map(|(c, _)| c.chars().count()).max().unwrap_or(0);
    let mut out = String::from("Try next:\n");
    for (command, what) in rows {
        out.push_str(&format!("  {command:<width$}   {what}\n"));
    }
    out
}
