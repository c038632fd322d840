//! The async Discord resolver: one task per community drives a [`CommunityResolver`] on the
//! tokio clock and fetches invite lists through an [`InviteSource`]. Platform-free: the
//! Discord adapter implements `InviteSource` with its HTTP client and feeds gateway events in.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use dashmap::DashMap;
use dashmap::mapref::entry::Entry;
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::invites::{CodeOwner, InviteInfo, InviteList, Snapshot};
use super::machine::{CommunityResolver, FetchError, IncomingJoin, JoinMeta, Millis, Resolved, ResolverConfig};
use crate::domain::{CommunityKey, Confidence, Envelope, Event, Join, JoinQuality, Ts, UserId};

/// Where the resolver gets a community's invites: the adapter's REST client in production, a
/// fake in tests. One call per window, never one per join.
pub trait InviteSource: Send + Sync + 'static {
    /// Every invite of the community with its use count, and the vanity URL's uses.
    fn fetch(&self, community: &CommunityKey) -> impl Future<Output = Result<InviteList, FetchError>> + Send;
}

/// A resolved join, ready for ingest.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedJoin {
    pub community: CommunityKey,
    pub at: Ts,
    pub join: Join,
}

impl ResolvedJoin {
    /// The envelope to submit to ingest (`source_id` = `join:<user>:<joined-at millis>`).
    pub fn envelope(&self) -> Envelope {
        Envelope::new(
            self.community.clone(),
            format!("join:{}:{}", self.join.user, self.at.timestamp_millis()),
            self.at,
            Event::MemberJoined(self.join.clone()),
        )
    }
}

/// Counters for `/metrics` and the report.
#[derive(Debug, Default)]
pub struct ResolverStats {
    pub fetches: AtomicU64,
    pub fetch_failures: AtomicU64,
    pub exact: AtomicU64,
    pub inferred: AtomicU64,
    pub ambiguous: AtomicU64,
    pub unknown: AtomicU64,
}

impl ResolverStats {
    /// Joins resolved so far.
    pub fn resolved(&self) -> u64 {
        [&self.exact, &self.inferred, &self.ambiguous, &self.unknown].iter().map(|c| c.load(Ordering::Relaxed)).sum()
    }

    fn count(&self, confidence: Confidence) {
        let c = match confidence {
            Confidence::Exact => &self.exact,
            Confidence::Inferred => &self.inferred,
            Confidence::Ambiguous => &self.ambiguous,
            Confidence::Unknown => &self.unknown,
        };
        c.fetch_add(1, Ordering::Relaxed);
    }
}

enum Cmd {
    Join(IncomingJoin, Instant),
    Created(InviteInfo, Instant),
    Deleted(String, Instant),
    Snapshot(InviteList, Instant),
    Restore(Snapshot),
    Resync(Instant),
    Owner(String, Option<CodeOwner>),
    Baseline(tokio::sync::oneshot::Sender<Option<Snapshot>>),
}

/// A wall clock (injectable for tests).
pub type WallClock = Arc<dyn Fn() -> Ts + Send + Sync>;

struct Shared<S> {
    source: Arc<S>,
    config: ResolverConfig,
    tasks: DashMap<CommunityKey, mpsc::UnboundedSender<Cmd>>,
    /// Idle communities' state, without a task (see [`park`]).
    parked: Arc<DashMap<CommunityKey, CommunityResolver>>,
    out: mpsc::UnboundedSender<ResolvedJoin>,
    stats: Arc<ResolverStats>,
    epoch: Instant,
    wall: WallClock,
}

/// Queues joins per community and resolves them in windows. Cheap to clone. Dropping every
/// handle stops the community tasks, which first resolve what they hold (as far as possible,
/// the rest `unknown`).
pub struct DiscordResolver<S: InviteSource> {
    shared: Arc<Shared<S>>,
}

impl<S: InviteSource> Clone for DiscordResolver<S> {
    fn clone(&self) -> Self {
        Self { shared: self.shared.clone() }
    }
}

impl<S: InviteSource> DiscordResolver<S> {
    /// Starts a resolver; resolved joins arrive on the returned channel, in resolution order.
    pub fn new(source: S, config: ResolverConfig) -> (Self, mpsc::UnboundedReceiver<ResolvedJoin>) {
        Self::with_clock(source, config, Arc::new(chrono::Utc::now))
    }

    /// As [`new`](Self::new), with the wall clock used to judge invite expiry.
    pub fn with_clock(
        source: S,
        config: ResolverConfig,
        wall: WallClock,
    ) -> (Self, mpsc::UnboundedReceiver<ResolvedJoin>) {
        let (out, rx) = mpsc::unbounded_channel();
        let shared = Shared {
            source: Arc::new(source),
            config,
            tasks: DashMap::new(),
            parked: Arc::new(DashMap::new()),
            out,
            stats: Arc::new(ResolverStats::default()),
            epoch: Instant::now(),
            wall,
        };
        (Self { shared: Arc::new(shared) }, rx)
    }

    pub fn stats(&self) -> &Arc<ResolverStats> {
        &self.shared.stats
    }

    /// A member joined. `at` is the platform's join time.
    pub fn join(&self, community: &CommunityKey, user: UserId, at: Ts, meta: JoinMeta) {
        self.send(community, Cmd::Join(IncomingJoin { user, at, meta }, Instant::now()));
    }

    /// An invite-create event.
    pub fn invite_created(&self, community: &CommunityKey, invite: InviteInfo) {
        self.send(community, Cmd::Created(invite, Instant::now()));
    }

    /// An invite-delete event (order relative to joins does not matter).
    pub fn invite_deleted(&self, community: &CommunityKey, code: &str) {
        self.send(community, Cmd::Deleted(code.to_string(), Instant::now()));
    }

    /// A list the adapter fetched just now, after every join it reported (e.g. on
    /// GUILD_CREATE): the new baseline.
    pub fn snapshot(&self, community: &CommunityKey, list: InviteList) {
        self.send(community, Cmd::Snapshot(list, Instant::now()));
    }

    /// A baseline loaded from the store; not trusted (joins may have been missed since).
    pub fn restore(&self, community: &CommunityKey, snapshot: Snapshot) {
        self.send(community, Cmd::Restore(snapshot));
    }

    /// Events may have been lost (new gateway session, reconnect): re-fetch a baseline now.
    pub fn resync(&self, community: &CommunityKey) {
        self.send(community, Cmd::Resync(Instant::now()));
    }

    /// Registers `code` as a campaign's or a member's (`None` removes it).
    pub fn set_code_owner(&self, community: &CommunityKey, code: &str, owner: Option<CodeOwner>) {
        self.send(community, Cmd::Owner(code.to_string(), owner));
    }

    /// The community's current baseline (to persist it), if it has one.
    pub async fn baseline(&self, community: &CommunityKey) -> Option<Snapshot> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.send(community, Cmd::Baseline(tx));
        rx.await.ok().flatten()
    }

    /// Communities with a running task, and parked ones.
    pub fn communities(&self) -> (usize, usize) {
        (self.shared.tasks.len(), self.shared.parked.len())
    }

    fn send(&self, community: &CommunityKey, cmd: Cmd) {
        let s = &self.shared;
        // Sent while the entry is held, so a task cannot park between the lookup and the send
        // (parking removes the entry under the same lock, only when the channel is empty).
        let (tx, cmd) = match s.tasks.entry(community.clone()) {
            Entry::Occupied(task) => (task.into_ref(), Some(cmd)),
            Entry::Vacant(slot) => {
                let mut machine = s
                    .parked
                    .remove(community)
                    .map(|(_, m)| m)
                    .unwrap_or_else(|| CommunityResolver::new(s.config.clone()));
                // What needs no waiting or fetching is applied to a quiet community at once: an
                // idle guild's snapshot, code book and invite events never cost it a task.
                let cmd = if machine.is_quiet() { self.apply_quiet(&mut machine, cmd) } else { Some(cmd) };
                if cmd.is_none() && machine.is_quiet() {
                    s.parked.insert(community.clone(), machine);
                    return;
                }
                // A command that waits (a join, a resync), or invite events that made the
                // community refresh its baseline: a task does it (it polls the state first).
                let (tx, rx) = mpsc::unbounded_channel();
                let task = Task {
                    source: s.source.clone(),
                    config: s.config.clone(),
                    out: s.out.clone(),
                    stats: s.stats.clone(),
                    epoch: s.epoch,
                    wall: s.wall.clone(),
                    parked: s.parked.clone(),
                };
                tokio::spawn(run(task, Arc::downgrade(s), community.clone(), machine, rx));
                (slot.insert(tx), cmd)
            }
        };
        let Some(cmd) = cmd else { return };
        if tx.send(cmd).is_err() {
            tracing::error!(%community, "the community's resolver task is gone");
        }
    }

    /// Applies `cmd` to a quiet community's state without a task if it needs none; returns it
    /// when it does (a join waits for its window, a resync fetches). Invite events can leave
    /// the community wanting a fetch (see [`CommunityResolver::invite_events`]).
    fn apply_quiet(&self, machine: &mut CommunityResolver, cmd: Cmd) -> Option<Cmd> {
        let now = |t| millis(self.shared.epoch, t);
        match cmd {
            Cmd::Join(..) | Cmd::Resync(_) => return Some(cmd),
            Cmd::Created(i, t) => machine.invite_created(now(t), i),
            Cmd::Deleted(c, t) => machine.invite_deleted(now(t), &c),
            Cmd::Snapshot(list, t) => {
                let resolved = machine.set_snapshot(now(t), list, (self.shared.wall)());
                debug_assert!(resolved.is_empty(), "a quiet community has no join to resolve");
            }
            Cmd::Restore(snapshot) => machine.restore(snapshot),
            Cmd::Owner(code, Some(owner)) => machine.book_mut().insert(code, owner),
            Cmd::Owner(code, None) => machine.book_mut().remove(&code),
            Cmd::Baseline(tx) => {
                let _ = tx.send(machine.baseline().cloned());
            }
        }
        None
    }
}

impl<S: InviteSource> Drop for DiscordResolver<S> {
    fn drop(&mut self) {
        // The last handle closes the channels so the tasks flush and stop.
        if Arc::strong_count(&self.shared) == 1 {
            self.shared.tasks.clear();
        }
    }
}

/// Parks an idle community: its state moves to `parked` and the task ends, unless a command
/// arrived meanwhile (then the machine is handed back: `Some`). An idle community then costs its
/// invite snapshot and code book, not a task and a channel.
fn park<S>(
    resolver: &std::sync::Weak<Shared<S>>,
    parked: &DashMap<CommunityKey, CommunityResolver>,
    community: &CommunityKey,
    machine: CommunityResolver,
    rx: &mpsc::UnboundedReceiver<Cmd>,
) -> Option<CommunityResolver> {
    // Without a resolver the channel is closing: keep running until it is drained.
    let Some(shared) = resolver.upgrade() else { return Some(machine) };
    let mut slot = Some(machine);
    shared.tasks.remove_if(community, |_, _| {
        if !rx.is_empty() {
            return false;
        }
        if let Some(m) = slot.take() {
            parked.insert(community.clone(), m);
        }
        true
    });
    slot
}

fn millis(epoch: Instant, t: Instant) -> Millis {
    t.saturating_duration_since(epoch).as_millis() as Millis
}

/// What a community task needs; it holds no handle to the resolver, so dropping the last
/// handle closes its channel and it flushes and stops.
struct Task<S> {
    source: Arc<S>,
    config: ResolverConfig,
    out: mpsc::UnboundedSender<ResolvedJoin>,
    stats: Arc<ResolverStats>,
    epoch: Instant,
    wall: WallClock,
    parked: Arc<DashMap<CommunityKey, CommunityResolver>>,
}

#[tracing::instrument(skip_all, fields(%community))]
async fn run<S: InviteSource>(
    task: Task<S>,
    resolver: std::sync::Weak<Shared<S>>,
    community: CommunityKey,
    mut machine: CommunityResolver,
    mut rx: mpsc::UnboundedReceiver<Cmd>,
) {
    let Task { source, config, out, stats, epoch, wall, parked } = task;
    let idle = std::time::Duration::from_millis(config.park_after_ms);
    let emit = |resolved: Vec<Resolved>| {
        for r in resolved {
            stats.count(r.attribution.confidence);
            let join = Join {
                user: r.user,
                name: r.meta.name,
                is_bot: r.meta.is_bot,
                account_created: r.meta.account_created,
                attribution: r.attribution,
                quality: JoinQuality::default(),
            };
            let _ = out.send(ResolvedJoin { community: community.clone(), at: r.at, join });
        }
    };
    loop {
        let step = machine.poll(millis(epoch, Instant::now()));
        emit(step.resolved);
        if step.fetch {
            stats.fetches.fetch_add(1, Ordering::Relaxed);
            let result = source.fetch(&community).await;
            if result.is_err() {
                stats.fetch_failures.fetch_add(1, Ordering::Relaxed);
            }
            emit(machine.fetched(millis(epoch, Instant::now()), result, wall()));
            continue;
        }
        let cmd = match step.wake_at {
            Some(t) => tokio::select! {
                cmd = rx.recv() => cmd,
                () = tokio::time::sleep_until(epoch + std::time::Duration::from_millis(t)) => continue,
            },
            None if machine.pending() == 0 => match tokio::time::timeout(idle, rx.recv()).await {
                Ok(cmd) => cmd,
                Err(_) => match park(&resolver, &parked, &community, machine, &rx) {
                    None => return,
                    Some(m) => {
                        machine = m;
                        continue;
                    }
                },
            },
            None => rx.recv().await,
        };
        let Some(cmd) = cmd else { break };
        match cmd {
            Cmd::Join(j, t) => machine.join(millis(epoch, t), j),
            Cmd::Created(i, t) => machine.invite_created(millis(epoch, t), i),
            Cmd::Deleted(c, t) => machine.invite_deleted(millis(epoch, t), &c),
            Cmd::Snapshot(list, t) => emit(machine.set_snapshot(millis(epoch, t), list, wall())),
            Cmd::Restore(snapshot) => machine.restore(snapshot),
            Cmd::Resync(t) => machine.resync(millis(epoch, t)),
            Cmd::Owner(code, Some(owner)) => machine.book_mut().insert(code, owner),
            Cmd::Owner(code, None) => machine.book_mut().remove(&code),
            Cmd::Baseline(tx) => {
                let _ = tx.send(machine.baseline().cloned());
            }
        }
    }
    emit(machine.shutdown());
}
