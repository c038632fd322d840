//! The simulated world: who joins through what, when the bot hears about it, and what an
//! invite fetch would return at any moment. Generated once per scenario, so every algorithm
//! under test sees exactly the same stream.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};

use chrono::{Duration, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::scenario::Scenario;
use crate::domain::{Ts, UserId};
use crate::engine::attribution::discord::{CodeBook, CodeOwner, InviteInfo, InviteList, Label, Millis, Vanity};

/// How a join really happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Truth {
    /// Through this invite, which credits `label`.
    Invite {
        code: String,
        label: Label,
    },
    Vanity,
    /// No invite: Discovery, an app directory, …
    Discovery,
}

impl Truth {
    /// The label the join should be credited to, if any.
    pub fn label(&self) -> Option<Label> {
        match self {
            Truth::Invite { label, .. } => Some(label.clone()),
            Truth::Vanity => Some(Label::Vanity),
            Truth::Discovery => None,
        }
    }
}

/// A change of the platform's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Create(InviteInfo),
    /// Deleted by hand, or removed because used up.
    Remove(String),
    Use(String),
    VanityUse,
}

/// A gateway event as the bot receives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gateway {
    Join { user: UserId, at: Ts },
    Created(InviteInfo),
    Deleted(String),
}

/// Everything that happened, and what the bot received.
#[derive(Clone, Debug)]
pub struct Timeline {
    pub scenario: Scenario,
    /// Wall-clock time of simulated millisecond 0.
    pub origin: Ts,
    pub initial: InviteList,
    /// Campaign codes.
    pub book: CodeBook,
    /// Platform changes in time order.
    pub changes: Vec<(Millis, Change)>,
    /// Gateway events in arrival order (those arriving while the bot is down are gone).
    pub deliveries: Vec<(Millis, Gateway)>,
    /// Every join that happened, keyed by (user, join time in ms).
    pub truths: HashMap<(UserId, i64), Truth>,
    /// Offline periods of the bot.
    pub downtimes: Vec<(Millis, Millis)>,
    pub end: Millis,
}

impl Timeline {
    pub fn wall(&self, t: Millis) -> Ts {
        self.origin + Duration::milliseconds(t as i64)
    }

    /// Joins whose gateway event reached the bot.
    pub fn delivered_joins(&self) -> usize {
        self.deliveries.iter().filter(|(_, g)| matches!(g, Gateway::Join { .. })).count()
    }

    pub fn is_down(&self, t: Millis) -> bool {
        self.downtimes.iter().any(|&(a, b)| t >= a && t < b)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    Tick,
    Join { user: UserId, path: Path },
    Delete(String),
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Path {
    Code(String),
    Vanity,
    Discovery,
    /// Decided when the join happens (any valid invite, the vanity URL or none).
    Any,
}

#[derive(Clone, Debug)]
struct LiveInvite {
    info: InviteInfo,
    owner: UserId,
}

struct Gen {
    rng: ChaCha8Rng,
    s: Scenario,
    origin: Ts,
    now: Millis,
    invites: BTreeMap<String, LiveInvite>,
    vanity: Option<Vanity>,
    present: Vec<UserId>,
    present_set: HashSet<UserId>,
    past: Vec<UserId>,
    next_user: UserId,
    next_code: u64,
    book: CodeBook,
    changes: Vec<(Millis, Change)>,
    deliveries: Vec<(Millis, Gateway)>,
    truths: HashMap<(UserId, i64), Truth>,
    queue: BinaryHeap<Reverse<(Millis, u64, Action)>>,
    qseq: u64,
}

/// Generates the timeline of a scenario.
pub fn generate(s: &Scenario) -> Timeline {
    let origin = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().expect("a valid date");
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(s.seed),
        s: s.clone(),
        origin,
        now: 0,
        invites: BTreeMap::new(),
        vanity: s.vanity.then(|| Vanity { code: "acme".into(), uses: 0 }),
        present: Vec::new(),
        present_set: HashSet::new(),
        past: Vec::new(),
        next_user: 1_000,
        next_code: 1,
        book: CodeBook::new(),
        changes: Vec::new(),
        deliveries: Vec::new(),
        truths: HashMap::new(),
        queue: BinaryHeap::new(),
        qseq: 0,
    };
    let initial = g.setup();
    let mut downtimes = Vec::new();
    for _ in 0..s.downtimes {
        let start = g.rng.random_range(0..s.duration_ms.max(1));
        let len = g.rng.random_range(s.downtime_ms.0..=s.downtime_ms.1.max(s.downtime_ms.0));
        downtimes.push((start, (start + len).min(s.duration_ms + len)));
    }
    downtimes.sort_unstable();
    // Merge overlapping periods.
    let mut merged: Vec<(Millis, Millis)> = Vec::new();
    for (a, b) in downtimes {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    g.push(0, Action::Tick);
    while let Some(Reverse((t, _, action))) = g.queue.pop() {
        g.now = t;
        g.act(action);
    }
    let end = g.now + 10_000;
    let mut deliveries = g.deliveries;
    deliveries.retain(|(t, _)| !merged.iter().any(|&(a, b)| *t >= a && *t < b));
    deliveries.sort_by_key(|(t, _)| *t);
    Timeline {
        scenario: s.clone(),
        origin,
        initial,
        book: g.book,
        changes: g.changes,
        deliveries,
        truths: g.truths,
        downtimes: merged,
        end,
    }
}

impl Gen {
    fn push(&mut self, t: Millis, a: Action) {
        self.qseq += 1;
        self.queue.push(Reverse((t, self.qseq, a)));
    }

    fn wall(&self, t: Millis) -> Ts {
        self.origin + Duration::milliseconds(t as i64)
    }

    fn new_user(&mut self) -> UserId {
        self.next_user += 1;
        self.next_user
    }

    fn setup(&mut self) -> InviteList {
        for _ in 0..self.s.initial_members.max(1) {
            let u = self.new_user();
            self.present.push(u);
            self.present_set.insert(u);
        }
        let manager = self.present[0];
        for c in 0..self.s.campaigns {
            let code = format!("camp{c}");
            let paid = c % 2 == 0;
            self.book.insert(code.clone(), CodeOwner::Campaign { name: format!("campaign-{c}"), paid });
            let info = InviteInfo::new(code.clone(), Some(manager), self.rng.random_range(0..40), 0);
            self.invites.insert(code, LiveInvite { info, owner: manager });
        }
        for _ in 0..self.s.initial_invites {
            let owner = self.present[self.rng.random_range(0..self.present.len())];
            let mut info = self.new_invite(owner);
            info.uses = match info.max_uses {
                0 => self.rng.random_range(0..30),
                m => self.rng.random_range(0..m),
            };
            self.invites.insert(info.code.clone(), LiveInvite { info, owner });
        }
        if let Some(v) = &mut self.vanity {
            v.uses = self.rng.random_range(0..500);
        }
        InviteList { invites: self.invites.values().map(|l| l.info.clone()).collect(), vanity: self.vanity.clone() }
    }

    fn new_invite(&mut self, owner: UserId) -> InviteInfo {
        self.next_code += 1;
        let r: f64 = self.rng.random();
        let max_uses = if r < self.s.p_single_use {
            1
        } else if r < self.s.p_single_use + self.s.p_limited {
            [5, 10][self.rng.random_range(0..2)]
        } else {
            0
        };
        let expires_at = self
            .rng
            .random_bool(self.s.p_expiring)
            .then(|| self.wall(self.now) + Duration::milliseconds(self.rng.random_range(600_000..7_200_000)));
        InviteInfo {
            code: format!("c{}", self.next_code),
            inviter: Some(owner),
            uses: 0,
            max_uses,
            expires_at,
            temporary: self.rng.random_bool(0.05),
        }
    }

    fn delay(&mut self) -> Millis {
        self.rng.random_range(0..=self.s.max_delay_ms)
    }

    fn deliver(&mut self, g: Gateway) {
        let t = self.now + self.delay();
        self.deliveries.push((t, g));
    }

    fn valid(&self, code: &str) -> bool {
        let now = self.wall(self.now);
        self.invites
            .get(code)
            .is_some_and(|l| !l.info.may_have_expired(now) && (l.info.max_uses == 0 || l.info.uses < l.info.max_uses))
    }

    fn valid_codes(&self) -> Vec<String> {
        self.invites.keys().filter(|c| self.valid(c)).cloned().collect()
    }

    fn pick<T: Clone>(&mut self, v: &[T]) -> Option<T> {
        (!v.is_empty()).then(|| v[self.rng.random_range(0..v.len())].clone())
    }

    /// Someone who is not a member now: new, or a former member.
    fn joiner(&mut self) -> UserId {
        if !self.past.is_empty() && self.rng.random_bool(self.s.p_rejoin) {
            let i = self.rng.random_range(0..self.past.len());
            return self.past.swap_remove(i);
        }
        self.new_user()
    }

    fn any_path(&mut self) -> Path {
        let r: f64 = self.rng.random();
        if self.vanity.is_some() && r < self.s.p_vanity {
            Path::Vanity
        } else if r < self.s.p_vanity + self.s.p_discovery {
            Path::Discovery
        } else {
            match self.pick(&self.valid_codes()) {
                Some(code) => Path::Code(code),
                None => Path::Discovery,
            }
        }
    }

    fn act(&mut self, action: Action) {
        match action {
            Action::Tick => self.tick(),
            Action::Join { user, path } => self.join(user, path),
            Action::Delete(code) => {
                if self.invites.remove(&code).is_some() {
                    self.changes.push((self.now, Change::Remove(code.clone())));
                    self.deliver(Gateway::Deleted(code));
                }
            }
        }
    }

    fn tick(&mut self) {
        if self.now >= self.s.duration_ms {
            return;
        }
        let gap = -(self.s.mean_gap_ms as f64) * (1.0 - self.rng.random::<f64>()).ln();
        self.push(self.now + gap as Millis + 1, Action::Tick);
        let w = &self.s.weights;
        let total = w.join + w.burst + w.create + w.delete + w.race + w.leave;
        let mut r = self.rng.random_range(0.0..total.max(f64::MIN_POSITIVE));
        let now = self.now;
        if r < w.join {
            let self_invite = self.rng.random_bool(self.s.p_self_invite);
            if self_invite && let Some((user, code)) = self.self_invite_candidate() {
                self.push(now, Action::Join { user, path: Path::Code(code) });
            } else {
                let user = self.joiner();
                self.push(now, Action::Join { user, path: Path::Any });
            }
            return;
        }
        r -= w.join;
        if r < w.burst {
            let k = self.rng.random_range(2..=self.s.burst_max.max(2));
            let shared =
                self.rng.random_bool(self.s.p_burst_same_invite).then(|| self.pick(&self.valid_codes())).flatten();
            for _ in 0..k {
                let user = self.joiner();
                let path = shared.clone().map_or(Path::Any, Path::Code);
                let at = now + self.rng.random_range(0..=self.s.burst_spread_ms);
                self.push(at, Action::Join { user, path });
            }
            return;
        }
        r -= w.burst;
        if r < w.create {
            if let Some(owner) = self.pick(&self.present.clone()) {
                let info = self.new_invite(owner);
                self.changes.push((now, Change::Create(info.clone())));
                self.deliver(Gateway::Created(info.clone()));
                let single = info.max_uses == 1;
                self.invites.insert(info.code.clone(), LiveInvite { info: info.clone(), owner });
                if single && self.rng.random_bool(0.8) {
                    let user = self.joiner();
                    let at = now + self.rng.random_range(200..60_000);
                    self.push(at, Action::Join { user, path: Path::Code(info.code) });
                }
            }
            return;
        }
        r -= w.create;
        if r < w.delete {
            if let Some(code) =
                self.pick(&self.invites.keys().filter(|c| !c.starts_with("camp")).cloned().collect::<Vec<_>>())
            {
                self.push(now, Action::Delete(code));
            }
            return;
        }
        r -= w.delete;
        if r < w.race {
            if let Some(code) =
                self.pick(&self.valid_codes().into_iter().filter(|c| !c.starts_with("camp")).collect::<Vec<_>>())
            {
                let user = self.joiner();
                let lag = self.rng.random_range(0..500);
                self.push(now, Action::Join { user, path: Path::Code(code.clone()) });
                self.push(now + lag, Action::Delete(code));
            }
            return;
        }
        // Leave.
        if self.present.len() > 1 {
            let i = self.rng.random_range(1..self.present.len());
            let u = self.present.swap_remove(i);
            self.present_set.remove(&u);
            self.past.push(u);
        }
    }

    /// A former member who owns a valid invite, and that invite.
    fn self_invite_candidate(&mut self) -> Option<(UserId, String)> {
        let past: HashSet<UserId> = self.past.iter().copied().collect();
        let options: Vec<(UserId, String)> = self
            .invites
            .iter()
            .filter(|(c, l)| past.contains(&l.owner) && self.valid(c))
            .map(|(c, l)| (l.owner, c.clone()))
            .collect();
        let (user, code) = self.pick(&options)?;
        self.past.retain(|&p| p != user);
        Some((user, code))
    }

    fn join(&mut self, user: UserId, path: Path) {
        if self.present_set.contains(&user) {
            return;
        }
        let path = if path == Path::Any { self.any_path() } else { path };
        let truth = match path {
            Path::Code(code) => {
                if !self.valid(&code) {
                    // The invite died first: this person does not get in that way.
                    self.past.push(user);
                    return;
                }
                let live = self.invites.get_mut(&code).expect("valid");
                live.info.uses += 1;
                let used_up = live.info.max_uses > 0 && live.info.uses >= live.info.max_uses;
                let label = self.book.label(&code, live.info.inviter);
                self.changes.push((self.now, Change::Use(code.clone())));
                if used_up {
                    self.invites.remove(&code);
                    self.changes.push((self.now, Change::Remove(code.clone())));
                    // Whether Discord announces a used-up invite is not documented: either way.
                    if self.rng.random_bool(0.5) {
                        self.deliver(Gateway::Deleted(code.clone()));
                    }
                }
                Truth::Invite { code, label }
            }
            Path::Vanity => {
                self.changes.push((self.now, Change::VanityUse));
                if let Some(v) = &mut self.vanity {
                    v.uses += 1;
                }
                Truth::Vanity
            }
            Path::Discovery | Path::Any => Truth::Discovery,
        };
        let at = self.wall(self.now);
        self.truths.insert((user, at.timestamp_millis()), truth);
        self.present.push(user);
        self.present_set.insert(user);
        self.deliver(Gateway::Join { user, at });
    }
}
