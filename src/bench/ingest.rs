//! Ingest of a mixed stream (messages, replies, reactions, thanks, joins, leaves: the demo
//! generator's) through the real group-commit writer, against the same rows inserted raw into
//! a bare table in the same batches, and one autocommitted insert per event. Two more figures
//! say where the gap lies: the writer's log step alone (no projection), and snowball's own
//! work committed one event at a time (what the group commit saves).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{Plan, now, rate, ratio};
use crate::config::DatabaseConfig;
use crate::demo::{DemoOptions, generate};
use crate::digest::DigestPeriod;
use crate::domain::{CommunityKey, Envelope};
use crate::engine::Rules;
use crate::ingest::{Ingest, RuleBook, WriterConfig, advance_community, apply_batch};
use crate::store::bench::RawEvent;
use crate::store::{CommunityId, Store};

/// What the ingest phase leaves for the digest phase.
pub struct Ingested {
    pub json: Value,
    /// The community with the long history (the ingested stream).
    pub community: CommunityId,
    /// Its events in the digest's week.
    pub week_events: usize,
    pub events: usize,
}

/// The digest week: the last complete week before [`now`] (UTC).
pub fn week() -> DigestPeriod {
    DigestPeriod::last_complete_week(now(), chrono_tz::UTC)
}

/// The demo community `name` with `members` over `weeks`, ending where the current week starts.
pub fn stream(name: &str, members: u32, weeks: u32) -> Vec<Envelope> {
    let (_, end) = week().bounds(chrono_tz::UTC);
    // The history ends with the digest's week: generate up to its end.
    generate(&DemoOptions { members, weeks, seed: 7, name: name.into() }, end)
}

/// Events of `events` inside the digest week.
pub fn in_week(events: &[Envelope]) -> usize {
    let (start, end) = week().bounds(chrono_tz::UTC);
    events.iter().filter(|e| e.at >= start && e.at < end).count()
}

/// Runs the three ingests and returns their rates and ratios.
pub async fn run(store: &Store, plan: &Plan) -> anyhow::Result<Ingested> {
    let events = stream("bench-history", plan.members, plan.history_weeks);
    let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
    for e in &events {
        *kinds.entry(e.event.kind()).or_default() += 1;
    }
    let db = DatabaseConfig { batch_max_events: plan.batch_events, ..DatabaseConfig::default() };
    let batch = db.batch_max_events;
    eprintln!("  ingest: {} events through the writer…", events.len());

    // snowball: every event submitted one by one to the writer, as the adapters do.
    let rules = Rules::default();
    let (ingest, writer) =
        Ingest::start(store.clone(), Arc::new(RuleBook::new(rules.clone())), WriterConfig::from(&db));
    let started = Instant::now();
    for e in &events {
        let mut env = e.clone();
        loop {
            match ingest.submit(env) {
                Ok(()) => break,
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                    env = e.clone();
                }
            }
        }
    }
    ingest.flush().await?;
    let ours = started.elapsed();
    // Submissions refused because the writer's queue was full (the bench retries them; a live
    // adapter would have lost them).
    let dropped = ingest.stats().dropped.load(std::sync::atomic::Ordering::Relaxed);
    drop(ingest);
    writer.await?;
    let community = store.community_id(&events[0].community).await?;
    advance_community(store, &rules, community, now()).await?;

    // The log step alone, into another community of the same log (a ceiling for any writer that
    // keeps a deduplicated log, however it projects).
    eprintln!("  ingest: the log alone…");
    let log_only = store.community_id(&CommunityKey::demo("bench-log-only")).await?;
    let started = Instant::now();
    for chunk in events.chunks(batch) {
        store.bench_log_only_batch(log_only, chunk).await?;
    }
    let log_only = started.elapsed();

    // snowball's own work, one event per transaction (what the group commit saves): the
    // stream's first events, re-addressed to a fresh community. The early, small community
    // makes each event cheaper than the average of the whole stream.
    let sample: Vec<Envelope> = events[..plan.autocommit_sample.min(events.len())]
        .iter()
        .map(|e| Envelope { community: CommunityKey::demo("bench-per-event"), ..e.clone() })
        .collect();
    eprintln!("  ingest: {} events one transaction each…", sample.len());
    let started = Instant::now();
    for e in &sample {
        apply_batch(store, &rules, std::slice::from_ref(e)).await?;
    }
    let per_event = started.elapsed();

    // The same rows, raw.
    let rows: Vec<RawEvent> = events
        .iter()
        .map(|e| {
            Ok(RawEvent {
                community,
                source_id: e.source_id.clone(),
                kind: e.event.kind(),
                at: e.at.timestamp_millis(),
                payload: serde_json::to_string(&e.event)?,
            })
        })
        .collect::<Result<_, serde_json::Error>>()?;
    eprintln!("  ingest: raw batches…");
    store.bench_reset_raw_table().await?;
    let started = Instant::now();
    for chunk in rows.chunks(batch) {
        store.bench_raw_batch(chunk).await?;
    }
    let raw = started.elapsed();

    eprintln!("  ingest: {} autocommitted writes…", plan.autocommit_sample.min(rows.len()));
    store.bench_reset_raw_table().await?;
    let raw_sample = &rows[..plan.autocommit_sample.min(rows.len())];
    let started = Instant::now();
    for r in raw_sample {
        store.bench_raw_single(r).await?;
    }
    let single = started.elapsed();
    store.bench_reset_raw_table().await?;

    let ours_rate = rate(events.len(), ours);
    let log_only_rate = rate(events.len(), log_only);
    let per_event_rate = rate(sample.len(), per_event);
    let raw_rate = rate(rows.len(), raw);
    let single_rate = rate(raw_sample.len(), single);
    let json = json!({
        "events": events.len(),
        "kinds": kinds,
        "batch_events": batch,
        "snowball_events_per_s": ours_rate,
        "snowball_s": ours.as_secs_f64(),
        "queue_full_retries": dropped,
        "raw_batched_events_per_s": raw_rate,
        "raw_batched_s": raw.as_secs_f64(),
        "autocommit_events": raw_sample.len(),
        "autocommit_events_per_s": single_rate,
        "ratio_vs_raw_batched": ratio(ours_rate, raw_rate),
        "ratio_vs_autocommit": ratio(ours_rate, single_rate),
        "log_only_events_per_s": log_only_rate,
        "ratio_log_only_vs_raw_batched": ratio(log_only_rate, raw_rate),
        "per_event_commit_events": sample.len(),
        "per_event_commit_events_per_s": per_event_rate,
        "ratio_vs_per_event_commit": ratio(ours_rate, per_event_rate),
        "target_ratio_vs_raw_batched": 0.5,
        "target_ratio_vs_autocommit": 20.0,
    });
    Ok(Ingested { json, community, week_events: in_week(&events), events: events.len() })
}
