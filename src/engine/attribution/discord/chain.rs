//! From observations to attributions: builds the slots of a chain of fetch windows, asks the
//! solver which explanations each join can have, and says exactly as much as that allows.
//!
//! A *chain* is a baseline snapshot followed by one or more fetches `F1..Fw`. Window `i` holds
//! the joins received before `Fi` started (and after `F(i-1)` started). Its slots are:
//! - for each listed invite, the increase of its uses since the previous list (a code missing
//!   from the previous list counts from 0: it was created since) — an *exact* slot: only the
//!   chain's joins can have made those uses;
//! - for each invite in the previous list missing from this one (used up, deleted or expired),
//!   a *range* slot of `max_uses - last uses` (unbounded if unlimited): it may have taken any
//!   of those, or none;
//! - the vanity URL's increase (exact when both counts are known, else a range);
//! - invites announced by invite-create events that never showed up in any list (created and
//!   gone inside the chain): range slots any join of the chain may have used.
//!
//! A join received less than `settle_ms` after a fetch returned may already be counted in it,
//! so it may use the slots of every window from the first such fetch (`from`) to its own.
//! Joins received after the last fetch started but early for it (`trailing`) may use those
//! windows' slots or nothing (they are resolved in the next chain, carrying what they may
//! have used here). If the baseline is not trusted
//! (joins may have been missed), the first window's slots are ranges: its increments may come
//! from joins we never saw.
//!
//! The delete events are deliberately not used: an invite that vanished is a range slot
//! whether its delete arrived before or after the join, so the order of join and delete events
//! cannot change an answer.

use std::collections::{BTreeMap, BTreeSet};

use super::invites::{CodeBook, InviteInfo, InviteList, Label, Snapshot};
use super::solve::{Problem, Slot, solve};
use crate::domain::{Attribution, Confidence, Source, Ts, UserId};

/// One successful fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observation {
    pub list: InviteList,
    /// Wall-clock time of the fetch (to tell whether a vanished invite may have expired).
    pub at: Ts,
    /// No join may have been missed since the previous observation (false after a gateway
    /// gap: the increments may then come from joins we never saw).
    pub trusted: bool,
}

impl Observation {
    pub fn new(list: InviteList, at: Ts) -> Self {
        Self { list, at, trusted: true }
    }
}

/// A join as the chain sees it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ChainJoin {
    /// 1-based window it was received in; `windows.len() + 1` for a trailing join.
    pub window: usize,
    /// The first window whose fetch may have counted it (it was received less than
    /// `settle_ms` after that fetch returned); `window` when only its own fetch can.
    pub from: usize,
    /// What it may have used in the previous chain (for joins that trailed it).
    pub carried: Vec<Label>,
    /// When its event was received (the caller's monotonic milliseconds).
    pub received: u64,
    /// The platform's join time.
    pub at: Option<Ts>,
}

/// What the chain says about its joins.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ChainOutcome {
    /// One per join; `None` for trailing joins (resolved in the next chain).
    pub attributions: Vec<Option<Attribution>>,
    /// For trailing joins: the labels they may have used in this chain.
    pub carried: Vec<Vec<Label>>,
    /// The observations contradicted the model (more increments than joins could make); the
    /// answer was computed without trusting any increment.
    pub relaxed: bool,
}

/// Inputs of one chain resolution.
#[derive(Clone, Copy, Debug)]
pub struct Chain<'a> {
    pub baseline: &'a Snapshot,
    pub windows: &'a [Observation],
    pub joins: &'a [ChainJoin],
    /// Invites announced by invite-create events since the baseline.
    pub created: &'a [InviteInfo],
    /// Invite-delete events since the baseline: code and receive time. A join received more
    /// than `settle_ms` after an invite's delete event happened after the deletion, so it
    /// cannot have used that invite (the order of nearer events is never relied on).
    pub deleted: &'a [(String, u64)],
    /// The delivery bound of gateway events (see the resolver's `settle_ms`).
    pub settle_ms: u64,
    pub book: &'a CodeBook,
    /// Also give an `inferred` answer when assuming that vanished limited invites were used up
    /// (not deleted by hand) leaves one explanation.
    pub infer_used_up: bool,
}

#[derive(Clone, Debug)]
struct SlotInfo {
    /// 0 = every window of the chain; `usize::MAX` = private to one join.
    window: usize,
    code: Option<String>,
    /// A vanished limited invite that had not expired: "used up" is the natural explanation.
    may_be_used_up: bool,
    /// Joins received after this cannot have used it (it was deleted before they joined).
    deleted_before: Option<u64>,
    /// Joins after this cannot have used it (it had expired).
    expired_at: Option<Ts>,
}

impl SlotInfo {
    fn plain(window: usize, code: Option<String>) -> Self {
        Self { window, code, may_be_used_up: false, deleted_before: None, expired_at: None }
    }

    /// Whether the join can have used this slot at all, given deletes and expiry.
    fn usable_by(&self, join: &ChainJoin) -> bool {
        // Expiry is judged on the platform's own clock, with a second of slack.
        let expired =
            matches!((self.expired_at, join.at), (Some(e), Some(at)) if at > e + chrono::Duration::seconds(1));
        let deleted = self.deleted_before.is_some_and(|d| join.received > d);
        !expired && !deleted
    }
}

struct Built {
    problem: Problem,
    labels: Vec<Label>,
    info: Vec<SlotInfo>,
}

impl Chain<'_> {
    /// Resolves every join of the chain.
    pub fn resolve(&self) -> ChainOutcome {
        let built = self.build(false);
        let (options, relaxed) = match solve(&built.problem) {
            Some(o) => (o, false),
            None => {
                tracing::warn!(
                    windows = self.windows.len(),
                    joins = self.joins.len(),
                    "invite increments exceed what the joins can explain; resolving without trusting them"
                );
                let relaxed = self.build(true);
                (solve(&relaxed.problem).expect("a problem without exact slots is feasible"), true)
            }
        };
        let assumed = (self.infer_used_up && !relaxed).then(|| self.assume_used_up(&built)).flatten();
        let trailing_from = self.windows.len() + 1;
        let mut out = ChainOutcome { relaxed, ..ChainOutcome::default() };
        for (j, join) in self.joins.iter().enumerate() {
            if join.window >= trailing_from {
                let labels: BTreeSet<Label> =
                    options[j].slots.iter().map(|&s| built.labels[built.problem.slots[s].label].clone()).collect();
                out.carried.push(labels.into_iter().collect());
                out.attributions.push(None);
                continue;
            }
            let answer = Answer::of(&built, &options[j]);
            let attribution = match (answer.exact(), &assumed) {
                (Some(a), _) => a,
                (None, Some(assumed)) => {
                    match Answer::of(&built, &assumed[j]).exact().filter(|a| a.source != Source::Unknown) {
                        Some(a) => Attribution { confidence: Confidence::Inferred, ..a },
                        None => answer.uncertain(),
                    }
                }
                (None, None) => answer.uncertain(),
            };
            out.attributions.push(Some(attribution));
        }
        out
    }

    /// The answers when every vanished limited invite is assumed used up; `None` if that
    /// assumption contradicts the observations.
    fn assume_used_up(&self, built: &Built) -> Option<Vec<super::solve::Options>> {
        if !built.info.iter().any(|i| i.may_be_used_up) {
            return None;
        }
        let mut p = built.problem.clone();
        let mut users = vec![0usize; p.slots.len()];
        for allowed in &p.joins {
            for &s in allowed {
                users[s] += 1;
            }
        }
        for ((slot, info), users) in p.slots.iter_mut().zip(&built.info).zip(users) {
            // An invite none of these joins can have used was not used up by them.
            if info.may_be_used_up && users > 0 {
                slot.exact = true;
            }
        }
        solve(&p)
    }

    /// The slot info of an invite that vanished (used up, deleted or expired).
    fn vanished(&self, window: usize, code: &str, info: &InviteInfo) -> SlotInfo {
        let deleted_before = self.deleted.iter().filter(|(c, _)| c == code).map(|(_, t)| t + self.settle_ms).min();
        SlotInfo {
            window,
            code: Some(code.to_string()),
            may_be_used_up: false,
            deleted_before,
            expired_at: info.expires_at,
        }
    }

    fn build(&self, relaxed: bool) -> Built {
        let n = self.joins.len() as u32;
        let mut b = Builder {
            labels: BTreeMap::new(),
            built: Built { problem: Problem::default(), labels: vec![], info: vec![] },
        };
        let mut seen_codes: BTreeSet<&str> = self.baseline.invites.keys().map(String::as_str).collect();
        let lists: Vec<BTreeMap<&str, &InviteInfo>> = std::iter::once(&self.baseline.invites)
            .map(|m| m.iter().map(|(c, i)| (c.as_str(), i)).collect())
            .chain(self.windows.iter().map(|o| o.list.invites.iter().map(|i| (i.code.as_str(), i)).collect()))
            .collect();
        let vanities: Vec<&Option<super::invites::Vanity>> =
            std::iter::once(&self.baseline.vanity).chain(self.windows.iter().map(|o| &o.list.vanity)).collect();
        for (i, obs) in self.windows.iter().enumerate() {
            let w = i + 1;
            let trusted = !relaxed && obs.trusted && (w > 1 || self.baseline.trusted);
            let (before, current) = (&lists[i], &lists[w]);
            for inv in &obs.list.invites {
                seen_codes.insert(&inv.code);
                let delta = inv.uses.saturating_sub(before.get(inv.code.as_str()).map_or(0, |p| p.uses));
                if delta > 0 {
                    let label = self.book.label(&inv.code, inv.inviter);
                    let info = SlotInfo::plain(w, Some(inv.code.clone()));
                    b.slot(label, trusted, if trusted { delta } else { delta.min(n) }, info);
                }
            }
            for (code, gone) in before {
                if current.contains_key(code) {
                    continue;
                }
                // In an untrusted window a join we never saw may have used it up.
                let may_be_used_up = trusted && gone.max_uses > 0 && !gone.may_have_expired(obs.at);
                // "Used up" means exactly the remaining uses; otherwise any number up to them.
                let remaining = gone.remaining().unwrap_or(u32::MAX);
                let cap = if may_be_used_up { remaining } else { remaining.min(n) };
                if cap > 0 {
                    let label = self.book.label(code, gone.inviter);
                    let info = SlotInfo { may_be_used_up, ..self.vanished(w, code, gone) };
                    b.slot(label, false, cap, info);
                }
            }
            let info = SlotInfo::plain(w, None);
            match (vanities[i], vanities[w]) {
                (Some(a), Some(now)) if a.code == now.code => {
                    let delta = now.uses.saturating_sub(a.uses);
                    if delta > 0 {
                        b.slot(Label::Vanity, trusted, if trusted { delta } else { delta.min(n) }, info);
                    }
                }
                (None, None) => {}
                // The vanity URL appeared, changed or could not be read: any number of uses.
                _ => {
                    b.slot(Label::Vanity, false, n, info);
                }
            }
        }
        for inv in self.created {
            if seen_codes.contains(inv.code.as_str()) {
                continue;
            }
            let cap = inv.remaining().unwrap_or(u32::MAX).min(n);
            if cap > 0 {
                let label = self.book.label(&inv.code, inv.inviter);
                b.slot(label, false, cap, self.vanished(0, &inv.code, inv));
            }
        }
        let last = self.windows.len();
        let shared = b.built.problem.slots.len();
        for join in self.joins {
            let mut allowed: Vec<usize> = (0..shared)
                .filter(|&s| {
                    let info = &b.built.info[s];
                    let w = info.window;
                    let in_window = w == 0 || (join.from <= w && w <= join.window && w <= last);
                    in_window && info.usable_by(join)
                })
                .collect();
            for label in &join.carried {
                allowed.push(b.slot(label.clone(), false, 1, SlotInfo::plain(usize::MAX, None)));
            }
            b.built.problem.joins.push(allowed);
        }
        b.built
    }
}

struct Builder {
    labels: BTreeMap<Label, usize>,
    built: Built,
}

impl Builder {
    fn slot(&mut self, label: Label, exact: bool, cap: u32, info: SlotInfo) -> usize {
        let next = self.labels.len();
        let id = *self.labels.entry(label.clone()).or_insert(next);
        if id == next {
            self.built.labels.push(label);
        }
        self.built.problem.slots.push(Slot { label: id, exact, cap });
        self.built.info.push(info);
        self.built.problem.slots.len() - 1
    }
}

/// A join's possible explanations, grouped by label.
struct Answer<'a> {
    labels: BTreeMap<&'a Label, BTreeSet<Option<&'a str>>>,
    nothing: bool,
}

impl<'a> Answer<'a> {
    fn of(built: &'a Built, options: &super::solve::Options) -> Self {
        let mut labels: BTreeMap<&Label, BTreeSet<Option<&str>>> = BTreeMap::new();
        for &s in &options.slots {
            let label = &built.labels[built.problem.slots[s].label];
            labels.entry(label).or_default().insert(built.info[s].code.as_deref());
        }
        Self { labels, nothing: options.nothing }
    }

    /// The attribution if exactly one explanation remains.
    fn exact(&self) -> Option<Attribution> {
        if self.nothing || self.labels.len() != 1 {
            return None;
        }
        let (label, codes) = self.labels.iter().next()?;
        let invite = match codes.iter().collect::<Vec<_>>().as_slice() {
            [Some(code)] => Some(code.to_string()),
            _ => None,
        };
        Some(label.attribution(invite, false))
    }

    /// Several explanations: `ambiguous` when every one of them credits a member, otherwise
    /// `unknown` with the members who might be credited as candidates.
    fn uncertain(&self) -> Attribution {
        let inviters: Vec<UserId> =
            self.labels.keys().filter_map(|l| if let Label::Inviter(u) = l { Some(*u) } else { None }).collect();
        if self.labels.is_empty() && !self.nothing {
            return Attribution::unknown();
        }
        if !self.nothing && inviters.len() == self.labels.len() {
            Attribution::ambiguous(inviters)
        } else {
            let mut a = Attribution::unknown();
            a.candidates = inviters;
            a
        }
    }
}

/// The simple form: one window of joins (their platform join times), all received before the
/// fetch, nothing carried. Returns one attribution per join; joins are told apart only by
/// their times (an invite that expired before a join cannot explain it).
pub fn diff_window(
    previous: &Snapshot,
    fresh: &Observation,
    created: &[InviteInfo],
    joins: &[Ts],
    book: &CodeBook,
    infer_used_up: bool,
) -> Vec<Attribution> {
    let chain_joins: Vec<ChainJoin> =
        joins.iter().map(|&at| ChainJoin { window: 1, from: 1, at: Some(at), ..ChainJoin::default() }).collect();
    let chain = Chain {
        baseline: previous,
        windows: std::slice::from_ref(fresh),
        joins: &chain_joins,
        created,
        deleted: &[],
        settle_ms: 0,
        book,
        infer_used_up,
    };
    chain.resolve().attributions.into_iter().map(|a| a.expect("no trailing joins")).collect()
}
