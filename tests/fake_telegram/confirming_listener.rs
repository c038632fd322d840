//! An update listener that confirms updates to Telegram only after the application committed
//! them, and a test of it against the fake.
//!
//! teloxide's own `Polling` sends the confirming offset as soon as the dispatcher has queued a
//! batch for its workers (see `polling::teloxide_confirms_a_batch_before_its_handler_finishes`),
//! so an update whose handler has not committed yet is lost if the process dies. This listener
//! instead waits, after yielding a batch, until the application reports a commit watermark
//! (`watch` of "every update id below this offset is committed") covering the batch, and only
//! then asks for the next batch with `offset = last id + 1`. Consequences for the application:
//! - every update must be committed (or marked as skipped), including those no handler takes:
//!   give the `Dispatcher` a `default_handler` that commits too;
//! - the watermark must be contiguous (per-chat workers finish out of order);
//! - after a crash the uncommitted batch comes again: processing must be idempotent per id.

use std::collections::VecDeque;
use std::time::Duration;

use futures::stream::{self, BoxStream, StreamExt};
use snowball::testkit::telegram::FakeTelegram;
use teloxide::RequestError;
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::payloads::GetUpdatesSetters;
use teloxide::prelude::*;
use teloxide::stop::{StopFlag, StopToken, mk_stop_token};
use teloxide::types::{AllowedUpdate, UpdateKind};
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};
use tokio::sync::{mpsc, watch};

use crate::support::*;

/// Long polling that confirms a batch only once `committed` (the offset below which every
/// update is committed) covers it.
pub struct ConfirmingListener {
    bot: Bot,
    committed: watch::Receiver<i32>,
    allowed: Option<Vec<AllowedUpdate>>,
    poll_timeout: u32,
    token: StopToken,
    flag: StopFlag,
}

impl ConfirmingListener {
    pub fn new(bot: Bot, committed: watch::Receiver<i32>) -> Self {
        let (token, flag) = mk_stop_token();
        Self { bot, committed, allowed: None, poll_timeout: 10, token, flag }
    }
}

struct PollState {
    bot: Bot,
    committed: watch::Receiver<i32>,
    allowed: Option<Vec<AllowedUpdate>>,
    poll_timeout: u32,
    flag: StopFlag,
    buffer: VecDeque<Update>,
    /// The next `getUpdates` offset.
    offset: i32,
    /// After a batch: the watermark that must be committed, and the offset that follows the batch.
    awaiting: Option<(i32, i32)>,
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
            offset: *self.committed.borrow(),
            committed: self.committed.clone(),
            allowed: self.allowed.clone(),
            poll_timeout: self.poll_timeout,
            flag: self.flag.clone(),
            buffer: VecDeque::new(),
            awaiting: None,
        };
        stream::unfold(state, next_update).boxed()
    }
}

async fn next_update(mut s: PollState) -> Option<(Result<Update, RequestError>, PollState)> {
    loop {
        if let Some(update) = s.buffer.pop_front() {
            return Some((Ok(update), s));
        }
        if let Some((needed, next_offset)) = s.awaiting.take() {
            tokio::select! {
                committed = s.committed.wait_for(|c| *c >= needed) => committed.ok()?,
                () = &mut s.flag => return None,
            };
            s.offset = next_offset;
        }
        if s.flag.is_stopped() {
            return None;
        }
        let mut request = s.bot.get_updates().offset(s.offset).timeout(s.poll_timeout);
        if let Some(allowed) = &s.allowed {
            request = request.allowed_updates(allowed.clone());
        }
        let answer = tokio::select! {
            answer = request.send() => answer,
            () = &mut s.flag => return None,
        };
        match answer {
            Ok(updates) => {
                if let Some(last) = updates.last() {
                    // Unparsable updates never reach a handler, so nobody would commit them.
                    let needed = updates.iter().rev().find(|u| !matches!(u.kind, UpdateKind::Error(_)));
                    match needed {
                        Some(u) => s.awaiting = Some((u.id.as_offset(), last.id.as_offset())),
                        None => s.offset = last.id.as_offset(),
                    }
                }
                s.buffer = updates.into();
            }
            Err(e) => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                return Some((Err(e), s));
            }
        }
    }
}

struct Running {
    updates: mpsc::UnboundedReceiver<Update>,
    shutdown: teloxide::dispatching::ShutdownToken,
    task: tokio::task::JoinHandle<()>,
}

fn start_confirming(fake: &FakeTelegram, committed: watch::Receiver<i32>) -> Running {
    let (tx, updates) = mpsc::unbounded_channel();
    let mut dispatcher = dispatcher(fake, recording_handler(), dptree::deps![tx]);
    let shutdown = dispatcher.shutdown_token();
    let listener = ConfirmingListener::new(fake.bot(), committed);
    let task = tokio::spawn(async move {
        dispatcher.dispatch_with_listener(listener, LoggingErrorHandler::new()).await;
    });
    Running { updates, shutdown, task }
}

impl Running {
    async fn next(&mut self) -> Update {
        tokio::time::timeout(WAIT, self.updates.recv()).await.expect("no update").expect("stopped")
    }

    async fn stop(self) {
        let _ = self.shutdown.shutdown().map(drop);
        tokio::time::timeout(WAIT, self.task).await.expect("dispatcher did not stop").expect("no panic");
    }
}

fn commit(watermark: &watch::Sender<i32>, update: &Update) {
    watermark.send_modify(|w| *w = (*w).max(update.id.as_offset()));
}

#[tokio::test]
async fn confirming_listener_confirms_only_committed_updates_and_redelivers_after_a_restart() {
    let fake = FakeTelegram::start().await;
    fake.add_chat(chat_spec());
    let (watermark, committed) = watch::channel(0);
    let mut bot = start_confirming(&fake, committed.clone());

    let first = fake.message(CHAT, alice(), "first").push().update_id();
    let got = bot.next().await;
    assert_eq!(i64::from(got.id.0), first);
    // Handled but not committed: Telegram must keep it, and the listener asks for nothing more.
    assert!(!fake.is_confirmed(first));
    let second = fake.message(CHAT, alice(), "second").push().update_id();
    assert_eq!(fake.delivery_count(second), 0);

    commit(&watermark, &got);
    fake.wait_for_confirmation(first, WAIT).await.expect("confirmed after the commit");
    let got = bot.next().await;
    assert_eq!(i64::from(got.id.0), second);

    // Crash before `second` is committed: it must come again after the restart.
    bot.stop().await;
    assert!(!fake.is_confirmed(second));
    let mut bot = start_confirming(&fake, committed);
    let again = bot.next().await;
    assert_eq!(i64::from(again.id.0), second);
    assert_eq!(fake.delivery_count(second), 2);
    commit(&watermark, &again);
    fake.wait_for_confirmation(second, WAIT).await.expect("confirmed after the commit");
    bot.stop().await;

    let allowed = fake.allowed_updates().expect("allowed_updates sent");
    assert!(allowed.iter().any(|a| a == "chat_member"), "{allowed:?}");
}
