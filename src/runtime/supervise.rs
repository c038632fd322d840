//! Supervised background tasks: a task that panics or fails is logged and restarted with
//! backoff; one that returns normally (e.g. at shutdown) is not restarted.

use std::future::Future;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Runs `make()` in a loop until it finishes cleanly or `stop` is cancelled.
pub fn supervise<F, Fut>(name: &'static str, stop: CancellationToken, make: F) -> JoinHandle<()>
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    tokio::spawn(async move {
        let mut backoff = Duration::from_secs(1);
        loop {
            let task = tokio::spawn(make());
            let outcome = tokio::select! {
                r = task => r,
                () = stop.cancelled() => return,
            };
            match outcome {
                Ok(Ok(())) => {
                    tracing::info!(task = name, "task finished");
                    return;
                }
                Ok(Err(e)) => {
                    crate::telemetry::log_error_chain(&format!("task {name} failed; restarting"), e.as_ref());
                }
                Err(join) if join.is_panic() => {
                    let payload = join.into_panic();
                    let msg = payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".into());
                    tracing::error!(task = name, panic = %msg, "task panicked; restarting");
                }
                Err(_) => return,
            }
            tokio::select! {
                () = tokio::time::sleep(backoff) => {}
                () = stop.cancelled() => return,
            }
            backoff = (backoff * 2).min(Duration::from_secs(60));
        }
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_panicking_task_is_restarted_until_it_succeeds() {
        let runs = Arc::new(AtomicU32::new(0));
        let r = runs.clone();
        let handle = supervise("flaky", CancellationToken::new(), move || {
            let r = r.clone();
            async move {
                let n = r.fetch_add(1, Ordering::SeqCst);
                if n == 0 {
                    panic!("first run panics");
                }
                if n == 1 {
                    anyhow::bail!("second run fails");
                }
                Ok(())
            }
        });
        handle.await.unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn cancelling_stops_a_running_task() {
        let stop = CancellationToken::new();
        let handle = supervise("forever", stop.clone(), || async {
            std::future::pending::<()>().await;
            Ok(())
        });
        stop.cancel();
        handle.await.unwrap();
    }
}
