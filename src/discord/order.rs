//! Keeping the order that matters. serenity handles every event in its own task (and tokio
//! may run the later task first), and the resolver holds joins for a window, so:
//!
//! - an edit or deletion of a message whose creation has not been handled yet waits for it
//!   (at most [`PARK`]), so thanks written into an edit are credited and a deleted message is
//!   not counted; an edit that leaves out whom it replies to gets the target its creation
//!   named (so it does not depend on the replied-to message being written first);
//! - a member who leaves while their join is still in the resolver's window has the leave
//!   written after the join (a leave waits [`SETTLE`] for the join's handler to run);
//! - a removed reaction waits [`SETTLE`] for the handler of its addition.
//!
//! Everything else is order-independent (attribution) or idempotent (ingest by source id).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use dashmap::DashMap;

use super::shared::Shared;
use crate::domain::{CommunityKey, Envelope, Event, ReplyRef, UserId};

/// How long an edit or deletion waits for its message's creation.
pub const PARK: Duration = Duration::from_secs(2);
/// How long a leave waits for the handler of a join just before it.
pub const SETTLE: Duration = Duration::from_millis(500);
/// Seen message ids are kept this long.
const REMEMBER: Duration = Duration::from_secs(120);

#[derive(Default)]
pub struct Order {
    /// Message ids whose creation was handled, with when and what they reply to.
    seen: DashMap<i64, (Instant, Option<ReplyRef>)>,
    inserts: AtomicU64,
    /// Edits and deletions waiting for their message's creation.
    parked: DashMap<i64, Vec<Envelope>>,
    /// Members whose join is in the resolver, with the events held until it is written.
    joining: DashMap<(CommunityKey, UserId), Vec<Envelope>>,
    /// Leaves waiting out [`SETTLE`].
    settling: AtomicU64,
}

impl Order {
    /// A message was created: write it, then whatever waited for it.
    pub fn message_created(&self, shared: &Shared, message_id: i64, env: Envelope) {
        let reply_to = match &env.event {
            Event::MessagePosted(m) => m.reply_to.clone(),
            _ => None,
        };
        shared.submit(env);
        let now = Instant::now();
        self.seen.insert(message_id, (now, reply_to));
        if self.inserts.fetch_add(1, Ordering::Relaxed).is_multiple_of(1024) {
            self.seen.retain(|_, (at, _)| now.duration_since(*at) < REMEMBER);
        }
        self.release(shared, message_id);
    }

    /// An edit or deletion of `message_id`: written now if its creation was handled, else
    /// after it (or after [`PARK`] — an older message's creation never comes, and waiting
    /// costs nothing but a moment).
    pub fn message_changed(self: &Arc<Self>, shared: &Arc<Shared>, message_id: i64, env: Envelope) {
        if self.seen.contains_key(&message_id) {
            shared.submit(self.complete(env));
            return;
        }
        self.parked.entry(message_id).or_default().push(env);
        // The creation may have been handled between the check and the parking, or may never
        // come (a message from before a restart): release after a while in any case.
        if self.seen.contains_key(&message_id) {
            self.release(shared, message_id);
            return;
        }
        let (order, shared) = (self.clone(), shared.clone());
        tokio::spawn(async move {
            tokio::time::sleep(PARK).await;
            order.release(&shared, message_id);
        });
    }

    /// An edit that does not say whose message it answers (Discord may leave the referenced
    /// message out) gets the reply target its creation named, so the thanks it adds does not
    /// depend on the replied-to message being written first.
    fn complete(&self, mut env: Envelope) -> Envelope {
        if let Event::MessageEdited(m) = &mut env.event
            && m.reply_to.as_ref().is_none_or(|r| r.author.is_none())
            && let Some(seen) = self.seen.get(&m.message_id)
            && let Some(created) = &seen.1
            && m.reply_to.as_ref().is_none_or(|r| r.message_id == created.message_id)
        {
            m.reply_to = Some(created.clone());
        }
        env
    }

    fn release(&self, shared: &Shared, message_id: i64) {
        if let Some((_, waiting)) = self.parked.remove(&message_id) {
            waiting.into_iter().for_each(|e| shared.submit(self.complete(e)));
        }
    }

    /// A join went to the resolver.
    pub fn join_pending(&self, community: &CommunityKey, user: UserId) {
        self.joining.entry((community.clone(), user)).or_default();
    }

    /// A member left: written after [`SETTLE`] (their join's handler may not have run yet),
    /// or after their pending join.
    pub fn member_left(self: &Arc<Self>, shared: &Arc<Shared>, community: &CommunityKey, user: UserId, env: Envelope) {
        let (order, shared, key) = (self.clone(), shared.clone(), (community.clone(), user));
        self.settling.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            tokio::time::sleep(SETTLE).await;
            match order.joining.get_mut(&key) {
                Some(mut held) => held.push(env),
                None => shared.submit(env),
            }
            order.settling.fetch_sub(1, Ordering::SeqCst);
        });
    }

    /// A reaction was removed: written after [`SETTLE`], so the handler of an add just before
    /// it runs first (else the add would credit and nothing would withdraw it).
    pub fn reaction_removed(self: &Arc<Self>, shared: &Arc<Shared>, env: Envelope) {
        let (order, shared) = (self.clone(), shared.clone());
        self.settling.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            tokio::time::sleep(SETTLE).await;
            shared.submit(env);
            order.settling.fetch_sub(1, Ordering::SeqCst);
        });
    }

    /// The resolver wrote a join: release what waited for it.
    pub fn join_written(&self, shared: &Shared, community: &CommunityKey, user: UserId) {
        if let Some((_, held)) = self.joining.remove(&(community.clone(), user)) {
            held.into_iter().for_each(|e| shared.submit(e));
        }
    }

    /// At shutdown: let the settling leaves land, then write everything still held.
    pub async fn release_all(&self, shared: &Shared) {
        let deadline = Instant::now() + SETTLE * 2;
        while self.settling.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let parked: Vec<i64> = self.parked.iter().map(|e| *e.key()).collect();
        for id in parked {
            self.release(shared, id);
        }
        let joining: Vec<(CommunityKey, UserId)> = self.joining.iter().map(|e| e.key().clone()).collect();
        for (community, user) in joining {
            self.join_written(shared, &community, user);
        }
    }
}
