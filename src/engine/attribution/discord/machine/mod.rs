//! One community's join queue as a state machine without I/O: the async resolver (and the
//! simulator) feed it events with their receive times, start a fetch when it asks for one, and
//! hand it the result. Time is milliseconds on a monotonic clock chosen by the caller.
//!
//! How windows work:
//! - the first join after a fetch started opens a window; the invite list is fetched
//!   `window_ms` later (or when the fetch in flight returns), once for every join that arrived
//!   meanwhile (rate limits: at most one fetch per window, one at a time);
//! - a join's event may lag the join by up to `settle_ms`, so a fetch that returned less than
//!   `settle_ms` before a join's event may already count that join: such joins may have used
//!   the slots of every fetch that returned within `settle_ms` before them, and windows linked
//!   by them are resolved together as a chain;
//! - a chain is resolved `settle_ms` after its last fetch returned — then every join that fetch
//!   can have counted has arrived. If some of those arrived after it (a continuous stream), the
//!   chain waits for the next fetch only while its oldest join can still be answered within
//!   `max_wait_ms` (and for at most `max_chain` windows); otherwise it is resolved at once and
//!   the joins trailing it carry what they may have used into the next chain;
//! - a failed fetch is retried with backoff and its joins wait for the next one; after
//!   `give_up_ms` (or at once when the bot lacks the permission) they are resolved `unknown`
//!   and the next window's increments are not trusted.
//!
//! The one assumption: a join's gateway event arrives less than `settle_ms` after the join.
//! A join therefore waits about `window_ms` (or one fetch) + one fetch + `settle_ms`.

mod windows;

use super::chain::Observation;
use super::invites::{CodeBook, InviteInfo, InviteList, Label, Snapshot};
use crate::config::AttributionConfig;
use crate::domain::{Attribution, Ts, UserId};

/// Milliseconds on the caller's monotonic clock.
pub type Millis = u64;

/// Timing and policy of the Discord resolver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolverConfig {
    /// Joins within this window share one fetch.
    pub window_ms: u64,
    /// How long after a fetch a join's event may still arrive although the fetch counted it.
    pub settle_ms: u64,
    /// At most this many fetch windows are resolved together.
    pub max_chain: usize,
    /// Windows are resolved together only while the chain's oldest join can still be answered
    /// within this long of its event.
    pub max_wait_ms: u64,
    /// First retry after a failed fetch (doubling up to 16×).
    pub retry_ms: u64,
    /// Joins wait at most this long for a successful fetch, then they are `unknown`.
    pub give_up_ms: u64,
    /// After a "missing permission" answer, fetches pause this long (joins are `unknown`).
    pub forbidden_retry_ms: u64,
    /// Give `inferred` answers that assume a vanished limited invite was used up.
    pub infer_used_up: bool,
    /// A community with nothing pending parks its state (no task, no channel) after this long
    /// without events.
    pub park_after_ms: u64,
}

impl Default for ResolverConfig {
    fn default() -> Self {
        Self::from(&AttributionConfig::default())
    }
}

impl From<&AttributionConfig> for ResolverConfig {
    fn from(c: &AttributionConfig) -> Self {
        Self {
            window_ms: c.window_ms,
            settle_ms: c.settle_ms,
            max_chain: 8,
            max_wait_ms: c.max_wait_ms,
            retry_ms: 2_000,
            give_up_ms: 60_000,
            forbidden_retry_ms: 600_000,
            infer_used_up: true,
            park_after_ms: 60_000,
        }
    }
}

/// Why a fetch of the invite list failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The bot lacks Manage Server (or the guild is gone): joins cannot be diffed.
    #[error("the bot may not read this community's invites (Manage Server permission missing)")]
    Forbidden,
    /// Anything else (network, rate limit, server error): retried.
    #[error("fetching the invite list failed: {0}")]
    Failed(String),
}

/// What the adapter knows about a joining person besides the attribution.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct JoinMeta {
    pub name: Option<String>,
    pub is_bot: bool,
    /// Discord: from the user id's snowflake.
    pub account_created: Option<Ts>,
}

/// A join as the adapter reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncomingJoin {
    pub user: UserId,
    /// The platform's join time.
    pub at: Ts,
    pub meta: JoinMeta,
}

/// A join with its attribution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub user: UserId,
    pub at: Ts,
    /// When its event was received (the caller's clock): the answer's wait starts here.
    pub received: Millis,
    pub meta: JoinMeta,
    pub attribution: Attribution,
}

/// What the caller must do after [`CommunityResolver::poll`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Step {
    /// Start one fetch now and report it with [`CommunityResolver::fetched`].
    pub fetch: bool,
    /// Joins resolved by this step.
    pub resolved: Vec<Resolved>,
    /// Poll again at this time (or on the next input).
    pub wake_at: Option<Millis>,
}

#[derive(Clone, Debug)]
struct Queued {
    join: IncomingJoin,
    received: Millis,
    carried: Vec<Label>,
    /// Already answered (its window stays in the chain to constrain later joins).
    answered: bool,
}

#[derive(Clone, Debug)]
struct Window {
    obs: Observation,
    end: Millis,
    joins: Vec<Queued>,
}

/// Invite events an idle community keeps before it refreshes its baseline to drop them
/// (see [`CommunityResolver::invite_events`]): a few kilobytes, one fetch per this many events.
pub const INVITE_EVENTS_BEFORE_REFRESH: usize = 64;

/// The join queue and invite baseline of one community.
#[derive(Clone, Debug)]
pub struct CommunityResolver {
    config: ResolverConfig,
    book: CodeBook,
    baseline: Option<Snapshot>,
    chain: Vec<Window>,
    /// Joins received since the last fetch started.
    open: Vec<Queued>,
    created: Vec<(Millis, InviteInfo)>,
    deleted: Vec<(String, Millis)>,
    /// How many invite events the last finalized window kept (the recent ones).
    invite_events_kept: usize,
    fetch_due: Option<Millis>,
    in_flight: Option<Millis>,
    /// The fetch in flight was overtaken by a snapshot: drop its result.
    discard_in_flight: bool,
    /// How many of the next fetches may include uses by joins we never saw.
    gap: u8,
    first_failure: Option<Millis>,
    failures: u32,
    forbidden_until: Option<Millis>,
    /// How long fetches take lately (decaying maximum), to tell whether another window fits in
    /// the chain's wait budget.
    latency: Millis,
}

impl CommunityResolver {
    pub fn new(config: ResolverConfig) -> Self {
        Self {
            config,
            book: CodeBook::new(),
            baseline: None,
            chain: Vec::new(),
            open: Vec::new(),
            created: Vec::new(),
            deleted: Vec::new(),
            invite_events_kept: 0,
            fetch_due: None,
            in_flight: None,
            discard_in_flight: false,
            gap: 0,
            first_failure: None,
            failures: 0,
            forbidden_until: None,
            latency: 0,
        }
    }

    /// Codes registered to campaigns or members.
    pub fn book_mut(&mut self) -> &mut CodeBook {
        &mut self.book
    }

    /// The baseline the next fetch is diffed against (for persisting it).
    pub fn baseline(&self) -> Option<&Snapshot> {
        self.baseline.as_ref()
    }

    /// Joins received and not resolved yet.
    pub fn pending(&self) -> usize {
        self.open.len() + self.chain.iter().map(|w| w.joins.len()).sum::<usize>()
    }

    /// Nothing to do until the next command: no join waiting, no fetch due or in flight, no
    /// pause to end. A quiet community needs no task.
    pub fn is_quiet(&self) -> bool {
        self.open.is_empty()
            && self.chain.is_empty()
            && self.fetch_due.is_none()
            && self.in_flight.is_none()
            && self.forbidden_until.is_none()
    }

    /// Whether fetches are paused because the bot lacks the permission.
    pub fn forbidden(&self, now: Millis) -> bool {
        self.forbidden_until.is_some_and(|t| now < t)
    }

    /// A member joined (the adapter's gateway event).
    pub fn join(&mut self, now: Millis, join: IncomingJoin) {
        self.open.push(Queued { join, received: now, carried: Vec::new(), answered: false });
        self.schedule(now);
    }

    /// An invite-create event.
    pub fn invite_created(&mut self, now: Millis, invite: InviteInfo) {
        self.created.push((now, invite));
        self.refresh_if_long(now);
        self.cap_while_forbidden();
    }

    /// An invite-delete event. A vanished invite is judged by its absence from the next list;
    /// the delete only rules it out for joins received more than `settle_ms` after it (they
    /// happened after the deletion), so the order of nearby deletes and joins cannot matter.
    pub fn invite_deleted(&mut self, now: Millis, code: &str) {
        self.deleted.push((code.to_string(), now));
        self.refresh_if_long(now);
        self.cap_while_forbidden();
    }

    /// Invite events kept for the joins to come (created and deleted).
    pub fn invite_events(&self) -> usize {
        self.created.len() + self.deleted.len()
    }

    /// Invite events are kept until a window finalizes after them: they explain joins that
    /// used an invite created and gone between two fetches. A community with invite churn and
    /// no joins would keep them forever, so after [`INVITE_EVENTS_BEFORE_REFRESH`] more than the
    /// last window kept (its last `settle_ms + window_ms`) a quiet community fetches a list with
    /// no join in its window: that window finalizes like any other (after `settle_ms`), becomes
    /// the baseline and drops the events it covers. Pruning by age alone would be unsound (an
    /// invite created and used up before the next join's fetch is known only from its create
    /// event); this costs one list fetch per that many invite events, and only while the
    /// community is quiet (otherwise a join's window prunes them).
    fn refresh_if_long(&mut self, now: Millis) {
        if self.is_quiet() && self.invite_events() >= self.invite_events_kept + INVITE_EVENTS_BEFORE_REFRESH {
            self.fetch_due = Some(now);
        }
    }

    /// Without the permission to list invites no window finalizes, so nothing would ever drop
    /// the invite events of a guild with invite churn: while fetches are paused only the last
    /// [`INVITE_EVENTS_BEFORE_REFRESH`] creates and as many deletes are kept. Joins meanwhile are
    /// answered `unknown` and the baseline is distrusted, so the older events could only have
    /// explained a join after the permission returns through an invite created long before it,
    /// used up and gone before the first list: rare enough not to cost unbounded memory.
    fn cap_while_forbidden(&mut self) {
        if self.forbidden_until.is_none() {
            return;
        }
        let cap = INVITE_EVENTS_BEFORE_REFRESH;
        self.created.drain(..self.created.len().saturating_sub(cap));
        self.deleted.drain(..self.deleted.len().saturating_sub(cap));
        self.invite_events_kept = self.invite_events_kept.min(self.invite_events());
    }

    /// A fresh list the adapter fetched just now (after every join it reported): the new
    /// baseline. Joins still queued are diffed against it.
    pub fn set_snapshot(&mut self, now: Millis, list: InviteList, wall: Ts) -> Vec<Resolved> {
        let mut out = Vec::new();
        if !self.chain.is_empty() {
            out = self.finalize(self.chain.len());
        }
        if self.in_flight.is_some() {
            self.discard_in_flight = true;
        }
        self.baseline = Some(Snapshot::from_list(&list, Some(wall), true));
        self.gap = 0;
        self.fetch_due = None;
        self.schedule(now);
        out
    }

    /// A baseline loaded from the store (joins may have been missed since: not trusted).
    pub fn restore(&mut self, snapshot: Snapshot) {
        if self.baseline.is_none() {
            self.baseline = Some(Snapshot { trusted: false, ..snapshot });
        }
    }

    /// Events may have been lost (a new gateway session, the bot was offline): fetch a new
    /// baseline now, and trust no increment until then.
    pub fn resync(&mut self, now: Millis) {
        if self.in_flight.is_some() {
            // The fetch in flight may predate the gap's end, and the one after it too.
            self.gap = 2;
        } else {
            self.gap = 1;
            self.fetch_due = Some(self.fetch_due.map_or(now, |d| d.min(now)));
        }
    }

    /// Advances time: returns what to do and the joins resolved.
    pub fn poll(&mut self, now: Millis) -> Step {
        let mut step = Step::default();
        if let Some(until) = self.forbidden_until
            && now >= until
        {
            self.forbidden_until = None;
            self.schedule(now);
        }
        if !self.chain.is_empty() {
            let wake = self.check_chain(now, &mut step.resolved);
            step.wake_at = wake;
        }
        if self.forbidden(now) {
            if self.chain.is_empty() {
                step.resolved.extend(self.open.drain(..).map(unknown));
                self.fetch_due = None;
            }
        } else if self.in_flight.is_none()
            && let Some(due) = self.fetch_due
        {
            if due <= now {
                self.fetch_due = None;
                self.in_flight = Some(now);
                step.fetch = true;
            } else {
                step.wake_at = Some(step.wake_at.map_or(due, |w| w.min(due)));
            }
        }
        if let Some(until) = self.forbidden_until {
            step.wake_at = Some(step.wake_at.map_or(until, |w| w.min(until)));
        }
        step
    }

    /// The result of the fetch that [`poll`](Self::poll) asked for.
    pub fn fetched(&mut self, now: Millis, result: Result<InviteList, FetchError>, wall: Ts) -> Vec<Resolved> {
        let Some(start) = self.in_flight.take() else { return Vec::new() };
        if std::mem::take(&mut self.discard_in_flight) {
            self.schedule(now);
            return Vec::new();
        }
        match result {
            Ok(list) => {
                let took = now.saturating_sub(start);
                self.latency = took.max(self.latency - self.latency / 4);
                self.first_failure = None;
                self.failures = 0;
                let split = self.open.partition_point(|q| q.received < start);
                let joins: Vec<Queued> = self.open.drain(..split).collect();
                let mut out = Vec::new();
                let obs = Observation { list, at: wall, trusted: self.gap == 0 };
                self.gap = self.gap.saturating_sub(1);
                if self.baseline.is_none() {
                    // Nothing to diff against: these joins' uses are inside the first list.
                    out.extend(joins.into_iter().map(unknown));
                    self.baseline = Some(Snapshot::from_list(&obs.list, Some(wall), true));
                } else {
                    self.chain.push(Window { obs, end: now, joins });
                }
                if self.gap > 0 {
                    self.fetch_due = Some(now);
                }
                self.schedule(now);
                out
            }
            Err(e) => {
                let forbidden = e == FetchError::Forbidden;
                tracing::warn!(error = %e, "invite fetch failed");
                self.failures += 1;
                let first = *self.first_failure.get_or_insert(start);
                if forbidden || now.saturating_sub(first) >= self.config.give_up_ms {
                    if forbidden {
                        self.forbidden_until = Some(now + self.config.forbidden_retry_ms);
                        self.cap_while_forbidden();
                    }
                    self.give_up()
                } else {
                    let backoff = self.config.retry_ms << (self.failures - 1).min(4);
                    self.fetch_due = Some(now + backoff);
                    Vec::new()
                }
            }
        }
    }

    /// Resolves everything still queued (at shutdown): what the chain can say, the rest
    /// `unknown`.
    pub fn shutdown(&mut self) -> Vec<Resolved> {
        self.give_up()
    }

    /// Joins wait no longer for a fetch: resolve the chain, the rest `unknown`, and distrust
    /// the next increments (they include these joins' uses).
    fn give_up(&mut self) -> Vec<Resolved> {
        let mut out = Vec::new();
        if !self.chain.is_empty() {
            out = self.finalize(self.chain.len());
        }
        out.extend(self.open.drain(..).map(unknown));
        if let Some(b) = &mut self.baseline {
            b.trusted = false;
        }
        self.fetch_due = None;
        self.first_failure = None;
        self.failures = 0;
        out
    }

    /// Opens a window for queued joins if none is scheduled.
    fn schedule(&mut self, now: Millis) {
        if self.fetch_due.is_some() || self.in_flight.is_some() {
            return;
        }
        let Some(first) = self.open.first() else { return };
        self.fetch_due = Some((first.received + self.config.window_ms).max(now));
    }
}

fn resolved(q: &Queued, attribution: Attribution) -> Resolved {
    Resolved { user: q.join.user, at: q.join.at, received: q.received, meta: q.join.meta.clone(), attribution }
}

/// A join nothing can be said about (its carried options become hints).
fn unknown(q: Queued) -> Resolved {
    let mut attribution = Attribution::unknown();
    attribution.candidates =
        q.carried.iter().filter_map(|l| if let Label::Inviter(u) = l { Some(*u) } else { None }).collect();
    attribution.candidates.sort_unstable();
    attribution.candidates.dedup();
    resolved(&q, attribution)
}
