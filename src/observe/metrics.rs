//! Process metrics, rendered as Prometheus text. Plain atomics: cheap to bump on hot paths,
//! and no global registry to wire through the adapters.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use dashmap::DashMap;

use crate::ingest::IngestStats;

/// Upper bounds (seconds) of the command latency histogram.
const LATENCY_BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

#[derive(Default)]
struct Histogram {
    buckets: [AtomicU64; LATENCY_BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

/// Everything `/metrics` reports.
#[derive(Default)]
pub struct Metrics {
    ingest: std::sync::OnceLock<Arc<IngestStats>>,
    events_by_kind: DashMap<&'static str, AtomicU64>,
    attribution: DashMap<(&'static str, &'static str), AtomicU64>,
    commands: DashMap<(&'static str, &'static str), AtomicU64>,
    latency: DashMap<&'static str, Histogram>,
    pub digests_posted: AtomicU64,
    pub digest_failures: AtomicU64,
    pub invite_fetches: AtomicU64,
    pub database_errors: AtomicU64,
    platforms: DashMap<&'static str, AtomicBool>,
}

impl Metrics {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Reports the writer's counters (queue depth, dropped events…) too.
    pub fn attach_ingest(&self, stats: Arc<IngestStats>) {
        let _ = self.ingest.set(stats);
    }

    pub fn event(&self, kind: &'static str) {
        self.events_by_kind.entry(kind).or_default().fetch_add(1, Ordering::Relaxed);
    }

    /// A join was attributed (`source`, `confidence` as words).
    pub fn attribution(&self, source: &'static str, confidence: &'static str) {
        self.attribution.entry((source, confidence)).or_default().fetch_add(1, Ordering::Relaxed);
    }

    /// A command finished with `outcome` (`ok`, `refused`, `bad_input`, `error`).
    pub fn command(&self, name: &'static str, outcome: &'static str, took: Duration) {
        self.commands.entry((name, outcome)).or_default().fetch_add(1, Ordering::Relaxed);
        let h = self.latency.entry(name).or_default();
        let secs = took.as_secs_f64();
        for (i, bound) in LATENCY_BUCKETS.iter().enumerate() {
            if secs <= *bound {
                h.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        h.count.fetch_add(1, Ordering::Relaxed);
        h.sum_micros.fetch_add(took.as_micros() as u64, Ordering::Relaxed);
    }

    /// Whether a platform's connection is up (for `/healthz` and `/metrics`).
    pub fn set_connected(&self, platform: &'static str, up: bool) {
        self.platforms.entry(platform).or_default().store(up, Ordering::Relaxed);
    }

    /// `(platform, connected)` for every platform that reported.
    pub fn platforms(&self) -> Vec<(&'static str, bool)> {
        let mut v: Vec<_> = self.platforms.iter().map(|e| (*e.key(), e.value().load(Ordering::Relaxed))).collect();
        v.sort();
        v
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let counter = |out: &mut String, name: &str, help: &str, rows: BTreeMap<String, u64>| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
            for (labels, v) in rows {
                let _ = writeln!(out, "{name}{labels} {v}");
            }
        };
        let load = |a: &AtomicU64| a.load(Ordering::Relaxed);
        counter(
            &mut out,
            "snowball_events_ingested_total",
            "Domain events received from the platforms, by kind.",
            self.events_by_kind.iter().map(|e| (format!("{{kind=\"{}\"}}", e.key()), load(e.value()))).collect(),
        );
        counter(
            &mut out,
            "snowball_attributions_total",
            "Joins attributed, by source and confidence.",
            self.attribution
                .iter()
                .map(|e| (format!("{{source=\"{}\",confidence=\"{}\"}}", e.key().0, e.key().1), load(e.value())))
                .collect(),
        );
        counter(
            &mut out,
            "snowball_commands_total",
            "Commands handled, by command and outcome.",
            self.commands
                .iter()
                .map(|e| (format!("{{command=\"{}\",outcome=\"{}\"}}", e.key().0, e.key().1), load(e.value())))
                .collect(),
        );
        let _ = writeln!(
            out,
            "# HELP snowball_command_seconds Command latency.\n# TYPE snowball_command_seconds histogram"
        );
        let mut names: Vec<_> = self.latency.iter().map(|e| *e.key()).collect();
        names.sort();
        for name in names {
            let Some(h) = self.latency.get(name) else { continue };
            for (i, bound) in LATENCY_BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "snowball_command_seconds_bucket{{command=\"{name}\",le=\"{bound}\"}} {}",
                    load(&h.buckets[i])
                );
            }
            let count = load(&h.count);
            let _ = writeln!(out, "snowball_command_seconds_bucket{{command=\"{name}\",le=\"+Inf\"}} {count}");
            let _ = writeln!(
                out,
                "snowball_command_seconds_sum{{command=\"{name}\"}} {}",
                load(&h.sum_micros) as f64 / 1e6
            );
            let _ = writeln!(out, "snowball_command_seconds_count{{command=\"{name}\"}} {count}");
        }
        let single = |out: &mut String, name: &str, kind: &str, help: &str, v: u64| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {v}");
        };
        single(&mut out, "snowball_digests_posted_total", "counter", "Digests posted.", load(&self.digests_posted));
        single(
            &mut out,
            "snowball_digest_failures_total",
            "counter",
            "Digests that could not be posted.",
            load(&self.digest_failures),
        );
        single(
            &mut out,
            "snowball_invite_fetches_total",
            "counter",
            "Invite-list fetches (Discord).",
            load(&self.invite_fetches),
        );
        let mut db_errors = load(&self.database_errors);
        if let Some(s) = self.ingest.get() {
            db_errors += load(&s.db_errors);
            single(&mut out, "snowball_ingest_queue_depth", "gauge", "Events waiting for the writer.", load(&s.queued));
            single(
                &mut out,
                "snowball_ingest_written_total",
                "counter",
                "Events written to the log.",
                load(&s.ingested),
            );
            single(
                &mut out,
                "snowball_ingest_duplicates_total",
                "counter",
                "Redelivered events skipped.",
                load(&s.duplicates),
            );
            single(
                &mut out,
                "snowball_ingest_dropped_total",
                "counter",
                "Events dropped because the queue was full.",
                load(&s.dropped),
            );
            single(
                &mut out,
                "snowball_ingest_rejected_total",
                "counter",
                "Events refused by the store.",
                load(&s.rejected),
            );
            single(&mut out, "snowball_ingest_batches_total", "counter", "Batches committed.", load(&s.batches));
        }
        single(&mut out, "snowball_database_errors_total", "counter", "Database errors.", db_errors);
        let _ = writeln!(
            out,
            "# HELP snowball_platform_connected Platform connection up (1) or down (0).\n# TYPE snowball_platform_connected gauge"
        );
        for (p, up) in self.platforms() {
            let _ = writeln!(out, "snowball_platform_connected{{platform=\"{p}\"}} {}", u8::from(up));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_histograms_and_gauges() {
        let m = Metrics::new();
        m.event("message_posted");
        m.event("message_posted");
        m.attribution("referral", "exact");
        m.command("me", "ok", Duration::from_millis(7));
        m.command("me", "ok", Duration::from_millis(300));
        m.set_connected("discord", true);
        let stats = Arc::new(IngestStats::default());
        stats.queued.store(4, Ordering::Relaxed);
        m.attach_ingest(stats);
        let text = m.render();
        assert!(text.contains("snowball_events_ingested_total{kind=\"message_posted\"} 2"), "{text}");
        assert!(text.contains("snowball_attributions_total{source=\"referral\",confidence=\"exact\"} 1"));
        assert!(text.contains("snowball_command_seconds_bucket{command=\"me\",le=\"0.01\"} 1"));
        assert!(text.contains("snowball_command_seconds_bucket{command=\"me\",le=\"0.5\"} 2"));
        assert!(text.contains("snowball_command_seconds_count{command=\"me\"} 2"));
        assert!(text.contains("snowball_ingest_queue_depth 4"));
        assert!(text.contains("snowball_platform_connected{platform=\"discord\"} 1"));
    }
}
