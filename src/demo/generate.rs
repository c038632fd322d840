//! The demo community generator: a seeded, plausible history of a community as platform events.
//!
//! Staff and founders are there from the start; newcomers arrive at a growing pace through
//! member invites (a few "connectors" bring many, so invite trees form), paid and organic
//! campaigns, the vanity link or nobody knows how. Members are lurkers, casual or active; they
//! ask questions, answer them, thank each other (in English and Hebrew), react, sometimes delete
//! a message; some leave (a few come back); managers give professionals a stage; some members
//! buy. Everything is an [`Envelope`] that goes through the real ingest.

use chrono::Duration;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::activity::{conversations, customers, reactions, stage_and_exposure};
use super::texts::*;
use crate::domain::{
    Attribution, CommunityKey, Confidence, Envelope, Event, Join, JoinQuality, Message, MessageSignals, ReplyRef, Role,
    Ts, UserId,
};

/// The demo's knobs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    /// Members who join over the whole history (staff and founders included).
    pub members: u32,
    pub weeks: u32,
    pub seed: u64,
    /// `demo:<name>`.
    pub name: String,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self { members: 3000, weeks: 8, seed: 7, name: "acme".into() }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Manager,
    Professional,
    Active,
    Casual,
    Lurker,
}

impl Kind {
    /// Messages per day.
    pub(super) fn rate(self) -> f64 {
        match self {
            Kind::Manager => 1.2,
            Kind::Professional => 1.5,
            Kind::Active => 1.6,
            Kind::Casual => 0.3,
            Kind::Lurker => 0.03,
        }
    }
}

pub(super) struct Person {
    pub(super) id: UserId,
    pub(super) kind: Kind,
    pub(super) joined: Ts,
    pub(super) left: Option<Ts>,
    pub(super) bot: bool,
    /// How likely they are to invite others (connectors bring many).
    pub(super) pull: f64,
}

impl Person {
    pub(super) fn present(&self, t: Ts) -> bool {
        self.joined <= t && self.left.is_none_or(|l| l > t)
    }
}

pub(super) const MANAGERS: UserId = 3;
pub(super) const PROFESSIONALS: UserId = 4;
const CAMPAIGNS: &[(&str, bool, &str)] =
    &[("newsletter", false, "nl"), ("podcast", false, "pod"), ("linkedin-ads", true, "li"), ("meta-ads", true, "meta")];

pub(super) struct Gen {
    pub(super) rng: ChaCha8Rng,
    pub(super) events: Vec<(Ts, u64, Event)>,
    seq: u64,
    pub(super) next_message: i64,
    pub(super) end: Ts,
}

impl Gen {
    pub(super) fn push(&mut self, at: Ts, event: Event) {
        if at < self.end {
            self.seq += 1;
            self.events.push((at, self.seq, event));
        }
    }

    pub(super) fn minutes(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::minutes(self.rng.random_range(lo..hi))
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.rng.random::<f64>() < p
    }

    pub(super) fn name(&mut self) -> String {
        let first = FIRST.choose(&mut self.rng).copied().unwrap_or("Alex");
        let last = LAST.choose(&mut self.rng).copied().unwrap_or("Doe");
        format!("{first} {last}")
    }

    pub(super) fn message(
        &mut self,
        at: Ts,
        author: UserId,
        text: &str,
        reply_to: Option<(i64, UserId)>,
        mentions: Vec<UserId>,
    ) -> i64 {
        self.next_message += 1;
        let id = self.next_message;
        self.push(
            at,
            Event::MessagePosted(Message {
                message_id: id,
                author,
                author_is_bot: false,
                reply_to: reply_to.map(|(message_id, author)| ReplyRef { message_id, author: Some(author) }),
                mentions,
                text: Some(text.to_string()),
                signals: MessageSignals::default(),
            }),
        );
        id
    }
}

/// Generates the history of `demo:<name>` for the `weeks` weeks before `end`, in time order.
pub fn generate(opts: &DemoOptions, end: Ts) -> Vec<Envelope> {
    let key = CommunityKey::demo(&opts.name);
    let start = end - Duration::weeks(i64::from(opts.weeks.max(1)));
    let mut g =
        Gen { rng: ChaCha8Rng::seed_from_u64(opts.seed), events: Vec::new(), seq: 0, next_message: 1_000_000, end };
    let people = arrivals(&mut g, opts, start);
    let history = conversations(&mut g, &people, start);
    reactions(&mut g, &people, &history);
    stage_and_exposure(&mut g, &people, start);
    customers(&mut g, &people, &history);

    let Gen { mut events, .. } = g;
    events.sort_by_key(|(at, seq, _)| (*at, *seq));
    events.into_iter().map(|(at, seq, event)| Envelope::new(key.clone(), format!("demo:{seq}"), at, event)).collect()
}

/// Staff, founders and newcomers, with how each one came in and whether they leave.
fn arrivals(g: &mut Gen, opts: &DemoOptions, start: Ts) -> Vec<Person> {
    let total = i64::from(opts.members.max(12));
    let founders = (total * 6 / 100).max(8);
    let mut people: Vec<Person> = Vec::with_capacity(total as usize);
    for (i, &(name, paid, invite)) in CAMPAIGNS.iter().enumerate() {
        let at = start + Duration::minutes(i as i64);
        g.push(at, Event::CampaignCreated { name: name.into(), paid, invite: Some(invite.into()), by: 1 });
    }
    for id in 1..=founders {
        let kind = match id {
            1..=MANAGERS => Kind::Manager,
            _ if id < PROFESSIONALS + 4 => Kind::Professional,
            _ => pick_kind(g),
        };
        let joined = start - Duration::days(1) + g.minutes(0, 600);
        people.push(Person { id, kind, joined, left: None, bot: false, pull: 3.0 });
        let name = g.name();
        g.push(
            joined,
            Event::MemberJoined(Join {
                user: id,
                name: Some(name),
                is_bot: false,
                account_created: Some(joined - Duration::days(900)),
                attribution: Attribution::unknown(),
                quality: JoinQuality::default(),
            }),
        );
        if kind == Kind::Manager {
            let role = Some(Role::Manager);
            g.push(
                joined + Duration::minutes(1),
                Event::MemberSeen { user: id, name: None, is_bot: false, role, customer_role: false },
            );
        }
        if kind == Kind::Professional {
            let d = g.minutes(10, 600);
            g.push(start + d, Event::ProfessionalSet { user: id, by: 1, on: true });
        }
    }
    // Newcomers arrive faster week after week.
    let weeks = i64::from(opts.weeks.max(1));
    let weights: Vec<f64> = (0..weeks).map(|w| 1.0 + 0.25 * w as f64).collect();
    let sum: f64 = weights.iter().sum();
    let mut times: Vec<Ts> = Vec::new();
    let newcomers = total - founders;
    for (w, weight) in weights.iter().enumerate() {
        let n = (newcomers as f64 * weight / sum).round() as i64;
        for _ in 0..n {
            times.push(start + Duration::weeks(w as i64) + g.minutes(0, 7 * 24 * 60));
        }
    }
    times.sort();
    for (k, joined) in times.into_iter().enumerate() {
        let id = founders + 1 + k as i64;
        let bot = g.chance(0.003);
        let kind = pick_kind(g);
        let pull = if g.chance(0.06) {
            25.0
        } else {
            match kind {
                Kind::Active => 1.0,
                Kind::Casual => 0.5,
                _ => 0.1,
            }
        };
        let attribution = attribution(g, &people, joined);
        let suspect = g.chance(0.02);
        let account_created = Some(joined - if suspect { Duration::days(2) } else { Duration::days(400) });
        let name = if bot { format!("helper-bot-{id}") } else { g.name() };
        g.push(
            joined,
            Event::MemberJoined(Join {
                user: id,
                name: Some(name),
                is_bot: bot,
                account_created,
                attribution,
                quality: JoinQuality::default(),
            }),
        );
        let leave_p = match kind {
            Kind::Lurker => 0.12,
            Kind::Casual => 0.06,
            _ => 0.02,
        };
        let left = g.chance(leave_p).then(|| joined + g.minutes(60, 21 * 24 * 60));
        if let Some(l) = left {
            g.push(l, Event::MemberLeft { user: id });
            if g.chance(0.15) {
                // Back again, through their old inviter's link: a rejoin, not a new referral.
                let back = l + g.minutes(60, 7 * 24 * 60);
                g.push(
                    back,
                    Event::MemberJoined(Join {
                        user: id,
                        name: None,
                        is_bot: bot,
                        account_created,
                        attribution: Attribution::unknown(),
                        quality: JoinQuality::default(),
                    }),
                );
            }
        }
        people.push(Person { id, kind, joined, left, bot, pull });
    }
    people
}

fn pick_kind(g: &mut Gen) -> Kind {
    match g.rng.random::<f64>() {
        x if x < 0.10 => Kind::Active,
        x if x < 0.42 => Kind::Casual,
        _ => Kind::Lurker,
    }
}

/// Where a newcomer came from: a member's invite (weighted by pull, so connectors bring many),
/// a campaign, the vanity link, or unknown.
fn attribution(g: &mut Gen, people: &[Person], at: Ts) -> Attribution {
    let roll = g.rng.random::<f64>();
    if roll < 0.38 {
        let present: Vec<&Person> = people.iter().filter(|p| !p.bot && p.present(at)).collect();
        let total: f64 = present.iter().map(|p| p.pull).sum();
        let mut x = g.rng.random::<f64>() * total;
        let mut inviter = present.first().map_or(1, |p| p.id);
        for p in &present {
            x -= p.pull;
            if x <= 0.0 {
                inviter = p.id;
                break;
            }
        }
        let c = g.rng.random::<f64>();
        if c < 0.05 {
            let other = present.choose(&mut g.rng).map_or(1, |p| p.id);
            return Attribution::ambiguous(vec![inviter, other]);
        }
        let confidence = if c < 0.12 { Confidence::Inferred } else { Confidence::Exact };
        return Attribution::referral(inviter, Some(format!("inv{inviter}")), confidence);
    }
    match roll {
        r if r < 0.56 => {
            let &(name, paid, invite) = CAMPAIGNS[2..].choose(&mut g.rng).unwrap_or(&CAMPAIGNS[2]);
            Attribution::campaign(name.into(), paid, Some(invite.into()))
        }
        r if r < 0.74 => {
            let &(name, paid, invite) = CAMPAIGNS[..2].choose(&mut g.rng).unwrap_or(&CAMPAIGNS[0]);
            Attribution::campaign(name.into(), paid, Some(invite.into()))
        }
        r if r < 0.80 => Attribution::vanity(),
        _ => Attribution::unknown(),
    }
}
