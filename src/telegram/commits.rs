//! Which updates are committed: the adapter's side of "confirm an update to Telegram only after
//! its events are in the store".
//!
//! Every update a handler receives gets a [`Pending`] guard. The handler either hands it the
//! writer's acknowledgements of the update's events ([`Pending::after`]) or says the update
//! changes nothing ([`Pending::skip`]); a guard dropped without either (a handler error, a
//! panic) counts as skipped, so one bad update can never stall polling. The listener waits for
//! every update of a batch before it asks Telegram for the next batch (which confirms this one).

use std::collections::HashSet;
use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use crate::ingest::{Applied, IngestError};

/// Update ids whose processing is over (committed or skipped), until the listener collects
/// them.
pub struct Commits {
    done: Mutex<HashSet<u32>>,
    changed: watch::Sender<u64>,
}

impl Commits {
    pub fn new() -> Arc<Self> {
        Arc::new(Self { done: Mutex::new(HashSet::new()), changed: watch::channel(0).0 })
    }

    fn mark(&self, id: u32) {
        self.done.lock().unwrap_or_else(|p| p.into_inner()).insert(id);
        self.changed.send_modify(|v| *v = v.wrapping_add(1));
    }

    /// The guard of one update.
    pub fn begin(self: &Arc<Self>, id: u32) -> Pending {
        Pending { commits: Some(self.clone()), id }
    }

    /// Waits until every id in `ids` is done, then forgets them.
    pub async fn wait_all(&self, ids: &[u32]) {
        let mut changes = self.changed.subscribe();
        loop {
            changes.borrow_and_update();
            {
                let mut done = self.done.lock().unwrap_or_else(|p| p.into_inner());
                if ids.iter().all(|id| done.contains(id)) {
                    for id in ids {
                        done.remove(id);
                    }
                    return;
                }
            }
            if changes.changed().await.is_err() {
                return;
            }
        }
    }

    /// Whether `id` is done and not yet collected (tests).
    pub fn is_done(&self, id: u32) -> bool {
        self.done.lock().unwrap_or_else(|p| p.into_inner()).contains(&id)
    }
}

/// One update being processed. See the module docs.
#[must_use = "an update must be settled with after() or skip()"]
pub struct Pending {
    commits: Option<Arc<Commits>>,
    id: u32,
}

/// The writer's acknowledgement of one event.
pub type Ack = std::pin::Pin<Box<dyn Future<Output = Result<Applied, IngestError>> + Send>>;

impl Pending {
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The update changes nothing in the store.
    pub fn skip(mut self) {
        if let Some(c) = self.commits.take() {
            c.mark(self.id);
        }
    }

    /// The update is committed when every ack has arrived. An event the writer refused (bad
    /// data) or dropped (queue full, counted and logged by the writer) is settled too: waiting
    /// would stall polling forever. Only a writer that is shutting down leaves the update
    /// unconfirmed, so Telegram delivers it again after the restart.
    pub fn after(mut self, acks: Vec<Ack>) {
        let Some(commits) = self.commits.take() else { return };
        let id = self.id;
        if acks.is_empty() {
            commits.mark(id);
            return;
        }
        tokio::spawn(async move {
            let mut closed = false;
            for result in futures::future::join_all(acks).await {
                match result {
                    Ok(_) => {}
                    Err(IngestError::Closed) => closed = true,
                    Err(e) => crate::telemetry::log_error_chain(&format!("an event of update {id} was not stored"), &e),
                }
            }
            if closed {
                tracing::info!(update = id, "shutting down before update {id} was committed; Telegram will resend it");
            } else {
                commits.mark(id);
            }
        });
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(c) = self.commits.take() {
            tracing::warn!(update = self.id, "update {} was not settled by its handler; skipping it", self.id);
            c.mark(self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_batch_is_done_when_every_update_is_settled_in_any_order() {
        let commits = Commits::new();
        let (a, b, c) = (commits.begin(1), commits.begin(2), commits.begin(3));
        let waiter = {
            let commits = commits.clone();
            tokio::spawn(async move { commits.wait_all(&[1, 2, 3]).await })
        };
        c.skip();
        let (tx, rx) = tokio::sync::oneshot::channel::<Result<Applied, IngestError>>();
        a.after(vec![Box::pin(async move { rx.await.unwrap_or(Err(IngestError::Closed)) })]);
        drop(b);
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        tx.send(Ok(Applied::New(1))).unwrap();
        waiter.await.unwrap();
        assert!(!commits.is_done(1), "collected ids are forgotten");
    }

    #[tokio::test]
    async fn an_update_whose_writer_closed_stays_unconfirmed() {
        let commits = Commits::new();
        let p = commits.begin(7);
        p.after(vec![Box::pin(async { Err(IngestError::Closed) })]);
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        assert!(!commits.is_done(7));
    }
}
