//! Long polling that confirms an update to Telegram only after it is committed.
//!
//! teloxide's own `Polling` sends the confirming offset as soon as a batch is handed to the
//! dispatcher's workers (see the fake Telegram's module docs), so a crash loses the updates whose
//! handlers had not written yet. This listener asks for a batch with the first unconfirmed
//! offset, yields it, and sends the next `getUpdates` (whose `offset` confirms the batch) only
//! after [`Commits`] reports every update of the batch settled. After a crash the unconfirmed
//! batch is delivered again; ingest is idempotent by `upd:<update id>`, so nothing counts twice.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{self, BoxStream, StreamExt};
use teloxide::RequestError;
use teloxide::payloads::GetUpdatesSetters;
use teloxide::prelude::*;
use teloxide::stop::{StopFlag, StopToken, mk_stop_token};
use teloxide::types::{AllowedUpdate, UpdateKind};
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};
use tokio_util::sync::CancellationToken;

use super::commits::Commits;
use crate::observe::Metrics;

/// The longest pause between failed polls.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

pub struct ConfirmingListener {
    bot: Bot,
    commits: Arc<Commits>,
    metrics: Arc<Metrics>,
    allowed: Option<Vec<AllowedUpdate>>,
    poll_timeout: u32,
    stop: CancellationToken,
    token: StopToken,
    flag: StopFlag,
}

impl ConfirmingListener {
    pub fn new(
        bot: Bot,
        commits: Arc<Commits>,
        metrics: Arc<Metrics>,
        poll_timeout: u32,
        stop: CancellationToken,
    ) -> Self {
        let (token, flag) = mk_stop_token();
        Self { bot, commits, metrics, allowed: None, poll_timeout, stop, token, flag }
    }
}

struct PollState {
    bot: Bot,
    commits: Arc<Commits>,
    metrics: Arc<Metrics>,
    allowed: Option<Vec<AllowedUpdate>>,
    poll_timeout: u32,
    stop: CancellationToken,
    flag: StopFlag,
    buffer: VecDeque<Update>,
    /// The next `getUpdates` offset (0 = every unconfirmed update).
    offset: i32,
    /// After a batch: the updates that must be settled, and the offset that confirms the batch.
    awaiting: Option<(Vec<u32>, i32)>,
    backoff: Duration,
    /// `allowed_updates` is sent until a poll succeeds (Telegram remembers it).
    allowed_sent: bool,
}

impl UpdateListener for ConfirmingListener {
    type Err = RequestError;

    fn stop_token(&mut self) -> StopToken {
        self.token.clone()
    }

    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        self.allowed = Some(hint.collect());
    }
}

impl<'a> AsUpdateStream<'a> for ConfirmingListener {
    type StreamErr = RequestError;
    type Stream = BoxStream<'a, Result<Update, RequestError>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let state = PollState {
            bot: self.bot.clone(),
            commits: self.commits.clone(),
            metrics: self.metrics.clone(),
            allowed: self.allowed.clone(),
            poll_timeout: self.poll_timeout,
            stop: self.stop.clone(),
            flag: self.flag.clone(),
            buffer: VecDeque::new(),
            offset: 0,
            awaiting: None,
            backoff: Duration::from_millis(500),
            allowed_sent: false,
        };
        stream::unfold(state, next_update).boxed()
    }
}

/// How long a graceful stop waits for the last batch to be committed.
const FINAL_COMMIT_WAIT: Duration = Duration::from_secs(5);

/// At a graceful stop: once the last batch is committed, confirm it with one last `getUpdates`
/// that takes nothing new (`limit` 1, `timeout` 0: what it returns stays unconfirmed), so a
/// restart does not run its commands again. Not committed in time: Telegram sends it again.
async fn confirm_before_stopping(s: &PollState, ids: &[u32], next_offset: i32) {
    if tokio::time::timeout(FINAL_COMMIT_WAIT, s.commits.wait_all(ids)).await.is_err() {
        tracing::info!(
            updates = ids.len(),
            "stopping before the last updates were committed; Telegram will resend them"
        );
        return;
    }
    if let Err(e) = s.bot.get_updates().offset(next_offset).limit(1).timeout(0).await {
        tracing::info!(error = %super::bot::describe(&e), "could not confirm the last updates; Telegram will resend them");
    }
}

async fn next_update(mut s: PollState) -> Option<(Result<Update, RequestError>, PollState)> {
    loop {
        if let Some(update) = s.buffer.pop_front() {
            return Some((Ok(update), s));
        }
        if let Some((ids, next_offset)) = s.awaiting.take() {
            let stopping = tokio::select! {
                () = s.commits.wait_all(&ids) => false,
                () = &mut s.flag => true,
                () = s.stop.cancelled() => true,
            };
            if stopping {
                confirm_before_stopping(&s, &ids, next_offset).await;
                return None;
            }
            s.offset = next_offset;
        }
        if s.flag.is_stopped() || s.stop.is_cancelled() {
            return None;
        }
        let mut request = s.bot.get_updates().offset(s.offset).timeout(s.poll_timeout);
        if let Some(allowed) = s.allowed.as_ref().filter(|_| !s.allowed_sent) {
            request = request.allowed_updates(allowed.clone());
        }
        let answer = tokio::select! {
            answer = request.send() => answer,
            () = &mut s.flag => return None,
            () = s.stop.cancelled() => return None,
        };
        match answer {
            Ok(updates) => {
                s.metrics.set_connected("telegram", true);
                s.allowed_sent = true;
                s.backoff = Duration::from_millis(500);
                if let Some(last) = updates.last() {
                    let next_offset = last.id.as_offset();
                    // Updates teloxide cannot parse never reach a handler: nobody settles them.
                    let ids: Vec<u32> =
                        updates.iter().filter(|u| !matches!(u.kind, UpdateKind::Error(_))).map(|u| u.id.0).collect();
                    for u in updates.iter().filter(|u| matches!(u.kind, UpdateKind::Error(_))) {
                        tracing::warn!(update = u.id.0, "an update teloxide cannot read is skipped");
                    }
                    if ids.is_empty() {
                        s.offset = next_offset;
                    } else {
                        s.awaiting = Some((ids, next_offset));
                    }
                }
                s.buffer = updates.into();
            }
            Err(e) => {
                s.metrics.set_connected("telegram", false);
                let wait = match &e {
                    RequestError::RetryAfter(secs) => secs.duration(),
                    _ => s.backoff,
                };
                s.backoff = (s.backoff * 2).min(MAX_BACKOFF);
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = s.stop.cancelled() => return None,
                }
                return Some((Err(e), s));
            }
        }
    }
}
