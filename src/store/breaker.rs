//! Failing fast while the database is unreachable.
//!
//! Without this, every store call made during an outage waits out the pool's acquire timeout
//! (seconds) before failing, so a command that reads three things takes three timeouts to say
//! "temporarily unavailable", and callers pile up behind each other. Once a caller has seen the
//! database unreachable (it reports it with [`super::Store::observe`]) the breaker opens: store
//! calls fail at once with [`StoreError::Unavailable`], and one background task probes the
//! database until a connection succeeds, which closes the breaker. Nobody waits on the probe.

use std::sync::Weak;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::{Inner, StoreError};

/// How long the probe waits between failed attempts (each attempt itself is bounded by the
/// pool's acquire timeout).
const PROBE_PAUSE: Duration = Duration::from_millis(250);

#[derive(Debug, Default)]
pub(crate) struct Breaker {
    open: AtomicBool,
    probing: AtomicBool,
}

impl Breaker {
    pub fn is_open(&self) -> bool {
        self.open.load(Ordering::Acquire)
    }

    /// Opens the breaker; returns whether it was closed.
    pub fn trip(&self) -> bool {
        !self.open.swap(true, Ordering::AcqRel)
    }

    fn close(&self) {
        self.open.store(false, Ordering::Release);
    }
}

/// Whether an error says the database cannot be reached at all (as opposed to a busy database
/// or an error in one statement): what opens the breaker.
pub(crate) fn unreachable(e: &StoreError) -> bool {
    match e {
        StoreError::Connect { .. } => true,
        StoreError::Database(e) => match e {
            // A server that goes away mid-handshake shows as a protocol error (an SSLRequest
            // answered by a closed socket); a real protocol fault only costs one probe.
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::Tls(_)
            | sqlx::Error::Protocol(_)
            | sqlx::Error::WorkerCrashed => true,
            sqlx::Error::Database(db) => {
                let code = db.code().unwrap_or_default();
                code.starts_with("08") || code.starts_with("57P")
            }
            _ => false,
        },
        _ => false,
    }
}

/// Starts the probe unless one runs. It holds the store weakly: a dropped store ends it.
pub(crate) fn probe(inner: &std::sync::Arc<Inner>) {
    if inner.breaker.probing.swap(true, Ordering::AcqRel) {
        return;
    }
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        inner.breaker.probing.store(false, Ordering::Release);
        return;
    };
    let weak: Weak<Inner> = std::sync::Arc::downgrade(inner);
    runtime.spawn(async move {
        loop {
            let Some(inner) = weak.upgrade() else { return };
            if inner.pool.is_closed() {
                inner.breaker.probing.store(false, Ordering::Release);
                return;
            }
            let reached = match inner.pool.acquire().await {
                Ok(mut conn) => sqlx::Connection::ping(&mut *conn).await.is_ok(),
                Err(_) => false,
            };
            if reached {
                tracing::info!("the database is reachable again");
                inner.breaker.close();
                inner.breaker.probing.store(false, Ordering::Release);
                return;
            }
            drop(inner);
            tokio::time::sleep(PROBE_PAUSE).await;
        }
    });
}
