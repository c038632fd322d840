//! The single writer: every domain event goes through one task that groups them into batches
//! (group commit) and applies each batch in one transaction.
//!
//! - A batch closes at `database.batch_max_events` events or `database.batch_max_delay_ms`
//!   after its first event — the window of events a hard crash can lose on Discord.
//! - The queue in front of the writer is bounded (`database.queue_capacity`). When the
//!   database is down the writer retries with backoff and events wait in the queue; when the
//!   queue is full new events are dropped, counted and logged, never silently.
//! - An error in the data (not the database) is isolated by splitting the batch, so one bad
//!   event cannot block the others.

mod apply;
mod funnel;
mod ledger;
mod project;
mod recompute;
mod rulebook;
mod state;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::Instant;

pub use apply::{Advanced, Applied, advance_community, advance_time, apply_batch};
pub use recompute::RecomputeReport;
pub use rulebook::{RuleBook, RulesFor};

use crate::config::DatabaseConfig;
use crate::domain::{Envelope, Ts};
use crate::store::{Store, StoreError};

/// Counters for `/metrics` and the logs.
#[derive(Debug, Default)]
pub struct IngestStats {
    pub ingested: AtomicU64,
    pub duplicates: AtomicU64,
    pub dropped: AtomicU64,
    pub rejected: AtomicU64,
    pub batches: AtomicU64,
    pub db_errors: AtomicU64,
    pub queued: AtomicU64,
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("the event queue is full (the database may be down)")]
    QueueFull,
    #[error("snowball is shutting down")]
    Closed,
    #[error("the event was refused")]
    Rejected(#[source] Arc<StoreError>),
}

type Ack = oneshot::Sender<Result<Applied, IngestError>>;

enum Job {
    Event(Box<Envelope>, Option<Ack>),
    Flush(oneshot::Sender<()>),
    Tick(Ts, oneshot::Sender<Result<Advanced, IngestError>>),
}

/// A handle to the writer; cheap to clone. The writer stops when every handle is dropped,
/// after writing what is queued.
#[derive(Clone)]
pub struct Ingest {
    tx: mpsc::Sender<Job>,
    stats: Arc<IngestStats>,
}

/// Batching parameters of the writer.
#[derive(Clone, Debug)]
pub struct WriterConfig {
    pub batch_max_events: usize,
    pub batch_max_delay: Duration,
    pub queue_capacity: usize,
}

impl From<&DatabaseConfig> for WriterConfig {
    fn from(c: &DatabaseConfig) -> Self {
        Self {
            batch_max_events: c.batch_max_events,
            batch_max_delay: Duration::from_millis(c.batch_max_delay_ms),
            queue_capacity: c.queue_capacity,
        }
    }
}

impl Ingest {
    /// Starts the writer task.
    pub fn start(store: Store, rules: Arc<dyn RulesFor>, config: WriterConfig) -> (Ingest, JoinHandle<()>) {
        let (tx, rx) = mpsc::channel(config.queue_capacity.max(1));
        let stats = Arc::new(IngestStats::default());
        let writer = Writer { store, rules, config, stats: stats.clone() };
        let handle = tokio::spawn(writer.run(rx));
        (Ingest { tx, stats }, handle)
    }

    pub fn stats(&self) -> &Arc<IngestStats> {
        &self.stats
    }

    /// Queues an event without waiting for it to be written. A full queue drops the event
    /// (counted in `dropped` and logged).
    pub fn submit(&self, env: Envelope) -> Result<(), IngestError> {
        self.enqueue(Job::Event(Box::new(env), None))
    }

    /// Queues an event and waits until it is committed (or refused).
    pub async fn submit_and_wait(&self, env: Envelope) -> Result<Applied, IngestError> {
        let (ack, done) = oneshot::channel();
        self.enqueue(Job::Event(Box::new(env), Some(ack)))?;
        done.await.map_err(|_| IngestError::Closed)?
    }

    /// Queues an event now and returns a future that resolves once it is committed (or
    /// refused). Unlike [`Ingest::submit_and_wait`] the event is in the queue when this returns,
    /// so an adapter can queue the events of many updates in order and confirm each update to
    /// its platform only when its own acknowledgement arrives.
    pub fn submit_acked(
        &self,
        env: Envelope,
    ) -> Result<impl Future<Output = Result<Applied, IngestError>> + Send + 'static, IngestError> {
        let (ack, done) = oneshot::channel();
        self.enqueue(Job::Event(Box::new(env), Some(ack)))?;
        Ok(async move { done.await.map_err(|_| IngestError::Closed)? })
    }

    /// Waits until everything queued before this call is committed.
    pub async fn flush(&self) -> Result<(), IngestError> {
        let (ack, done) = oneshot::channel();
        self.tx.send(Job::Flush(ack)).await.map_err(|_| IngestError::Closed)?;
        done.await.map_err(|_| IngestError::Closed)
    }

    /// Settles what time alone changes up to `now` (referral validations and the promotions
    /// they bring), after everything queued before this call is written. The scheduler calls
    /// this every few minutes.
    pub async fn advance_time(&self, now: Ts) -> Result<Advanced, IngestError> {
        let (ack, done) = oneshot::channel();
        self.tx.send(Job::Tick(now, ack)).await.map_err(|_| IngestError::Closed)?;
        done.await.map_err(|_| IngestError::Closed)?
    }

    fn enqueue(&self, job: Job) -> Result<(), IngestError> {
        match self.tx.try_send(job) {
            Ok(()) => {
                self.stats.queued.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Err(mpsc::error::TrySendError::Full(_)) => {
                let dropped = self.stats.dropped.fetch_add(1, Ordering::Relaxed) + 1;
                if dropped.is_power_of_two() {
                    tracing::error!(dropped, "event queue full: events are being dropped");
                }
                Err(IngestError::QueueFull)
            }
            Err(mpsc::error::TrySendError::Closed(_)) => Err(IngestError::Closed),
        }
    }
}

struct Writer {
    store: Store,
    rules: Arc<dyn RulesFor>,
    config: WriterConfig,
    stats: Arc<IngestStats>,
}

impl Writer {
    async fn run(self, mut rx: mpsc::Receiver<Job>) {
        let mut open = true;
        while open {
            let Some(first) = rx.recv().await else { break };
            let mut events = Vec::new();
            let mut acks = Vec::new();
            let mut flushes = Vec::new();
            let mut ticks = Vec::new();
            let deadline = Instant::now() + self.config.batch_max_delay;
            let mut job = Some(first);
            loop {
                match job.take() {
                    Some(Job::Event(env, ack)) => {
                        events.push(*env);
                        acks.push(ack);
                    }
                    Some(Job::Flush(ack)) => {
                        flushes.push(ack);
                        break;
                    }
                    Some(Job::Tick(now, ack)) => {
                        ticks.push((now, ack));
                        break;
                    }
                    None => {}
                }
                if events.len() >= self.config.batch_max_events {
                    break;
                }
                match tokio::time::timeout_at(deadline, rx.recv()).await {
                    Ok(Some(next)) => job = Some(next),
                    Ok(None) => {
                        open = false;
                        break;
                    }
                    Err(_) => break,
                }
            }
            self.stats.queued.fetch_sub(events.len() as u64, Ordering::Relaxed);
            if !events.is_empty() {
                let results = self.write(&events).await;
                for (ack, result) in acks.into_iter().zip(results) {
                    if let Some(ack) = ack {
                        let _ = ack.send(result);
                    }
                }
            }
            for f in flushes {
                let _ = f.send(());
            }
            for (now, ack) in ticks {
                let result = advance_time(&self.store, &*self.rules, now).await.map_err(|e| {
                    crate::telemetry::log_error_chain("advancing the clock failed", &e);
                    IngestError::Rejected(Arc::new(e))
                });
                let _ = ack.send(result);
            }
        }
        tracing::debug!("ingest writer stopped");
    }

    /// Waits `backoff` before retrying a batch, or less: while the store's breaker is open (the
    /// database unreachable) the retry comes as soon as its probe reaches the database again.
    async fn pause(&self, backoff: Duration) {
        let until = Instant::now() + backoff;
        if !self.store.unavailable() {
            tokio::time::sleep_until(until).await;
            return;
        }
        while self.store.unavailable() && Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(50).min(until - Instant::now())).await;
        }
    }

    /// Writes a batch, retrying while the database is unavailable and isolating bad events.
    async fn write(&self, events: &[Envelope]) -> Vec<Result<Applied, IngestError>> {
        let mut backoff = Duration::from_millis(100);
        loop {
            match apply_batch(&self.store, &*self.rules, events).await.map_err(|e| self.store.observe(e)) {
                Ok(applied) => {
                    self.stats.batches.fetch_add(1, Ordering::Relaxed);
                    for a in &applied {
                        let counter = match a {
                            Applied::New(_) => &self.stats.ingested,
                            Applied::Duplicate => &self.stats.duplicates,
                        };
                        counter.fetch_add(1, Ordering::Relaxed);
                    }
                    return applied.into_iter().map(Ok).collect();
                }
                Err(e) if e.is_transient() => {
                    self.stats.db_errors.fetch_add(1, Ordering::Relaxed);
                    crate::telemetry::log_error_chain("database unavailable; the batch waits and is retried", &e);
                    self.pause(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                }
                Err(e) if events.len() > 1 => {
                    tracing::warn!(error = %e, events = events.len(), "batch failed; splitting it to isolate the bad event");
                    let (a, b) = events.split_at(events.len() / 2);
                    let mut out = Box::pin(self.write(a)).await;
                    out.extend(Box::pin(self.write(b)).await);
                    return out;
                }
                Err(e) => {
                    self.stats.rejected.fetch_add(1, Ordering::Relaxed);
                    let env = &events[0];
                    crate::telemetry::log_error_chain(
                        &format!("event {} of {} ({}) refused", env.source_id, env.community, env.event.kind()),
                        &e,
                    );
                    return vec![Err(IngestError::Rejected(Arc::new(e)))];
                }
            }
        }
    }
}
