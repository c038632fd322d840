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

use super::texts::*;
use crate::domain::{
    Attribution, CommunityKey, Confidence, CustomerSale, Envelope, Event, Join, JoinQuality, Message, MessageSignals,
    Reaction, ReplyRef, Role, Ts, UserId, ValueKind,
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
enum Kind {
    Manager,
    Professional,
    Active,
    Casual,
    Lurker,
}

impl Kind {
    /// Messages per day.
    fn rate(self) -> f64 {
        match self {
            Kind::Manager => 1.2,
            Kind::Professional => 1.5,
            Kind::Active => 1.6,
            Kind::Casual => 0.3,
            Kind::Lurker => 0.03,
        }
    }
}

struct Person {
    id: UserId,
    kind: Kind,
    joined: Ts,
    left: Option<Ts>,
    bot: bool,
    /// How likely they are to invite others (connectors bring many).
    pull: f64,
}

impl Person {
    fn present(&self, t: Ts) -> bool {
        self.joined <= t && self.left.is_none_or(|l| l > t)
    }
}

const MANAGERS: UserId = 3;
const PROFESSIONALS: UserId = 4;
const CAMPAIGNS: &[(&str, bool, &str)] =
    &[("newsletter", false, "nl"), ("podcast", false, "pod"), ("linkedin-ads", true, "li"), ("meta-ads", true, "meta")];

struct Gen {
    rng: ChaCha8Rng,
    events: Vec<(Ts, u64, Event)>,
    seq: u64,
    next_message: i64,
    end: Ts,
}

impl Gen {
    fn push(&mut self, at: Ts, event: Event) {
        if at < self.end {
            self.seq += 1;
            self.events.push((at, self.seq, event));
        }
    }

    fn minutes(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::minutes(self.rng.random_range(lo..hi))
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random::<f64>() < p
    }

    fn name(&mut self) -> String {
        let first = FIRST.choose(&mut self.rng).copied().unwrap_or("Alex");
        let last = LAST.choose(&mut self.rng).copied().unwrap_or("Doe");
        format!("{first} {last}")
    }

    fn message(
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

/// A message someone could answer or react to.
struct Posted {
    id: i64,
    author: UserId,
    at: Ts,
}

/// Messages: questions, answers, thanks for answers, chatter; some deleted later.
fn conversations(g: &mut Gen, people: &[Person], start: Ts) -> Vec<Posted> {
    let mut slots: Vec<(Ts, usize)> = Vec::new();
    for (i, p) in people.iter().enumerate() {
        if p.bot {
            continue;
        }
        let from = p.joined.max(start - Duration::days(1));
        let until = p.left.unwrap_or(g.end);
        // Enthusiasm fades for some: they go quiet after a while (the at-risk list).
        let fades = g.chance(0.3);
        let mut t = from;
        loop {
            let gap_days = -(1.0 - g.rng.random::<f64>()).ln() / p.kind.rate();
            t += Duration::seconds((gap_days * 86_400.0) as i64 + 60);
            if t >= until || (fades && t > from + Duration::days(12)) {
                break;
            }
            slots.push((t, i));
        }
    }
    slots.sort_by_key(|(t, i)| (*t, *i));
    let mut posted: Vec<Posted> = Vec::with_capacity(slots.len());
    let mut open_questions: Vec<usize> = Vec::new();
    for (at, i) in slots {
        let author = &people[i];
        open_questions.retain(|&q| at - posted[q].at < Duration::days(2));
        let answers = matches!(author.kind, Kind::Active | Kind::Professional | Kind::Manager | Kind::Casual);
        let candidates: Vec<usize> =
            open_questions.iter().copied().filter(|&q| posted[q].author != author.id).collect();
        if answers && !candidates.is_empty() && g.chance(0.45) {
            let q = *candidates.choose(&mut g.rng).unwrap_or(&candidates[0]);
            let (qid, asker, asked_at) = (posted[q].id, posted[q].author, posted[q].at);
            let text = ANSWERS.choose(&mut g.rng).copied().unwrap_or("see the docs");
            let id = g.message(at, author.id, text, Some((qid, asker)), vec![]);
            posted.push(Posted { id, author: author.id, at });
            open_questions.retain(|&x| x != q);
            // The asker often says thanks.
            let asker_p = people.iter().find(|p| p.id == asker);
            if asker_p.is_some_and(|p| p.present(at)) && g.chance(0.55) {
                let t = at.max(asked_at) + g.minutes(3, 8 * 60);
                let text = THANKS.choose(&mut g.rng).copied().unwrap_or("thanks");
                let tid = g.message(t, asker, text, Some((id, author.id)), vec![]);
                if g.chance(0.02) {
                    let d = g.minutes(5, 600);
                    g.push(t + d, Event::MessageDeleted { message_id: tid });
                }
            }
            continue;
        }
        let question = author.kind != Kind::Manager && g.chance(0.22);
        let text = if question {
            QUESTIONS.choose(&mut g.rng).copied().unwrap_or("How?")
        } else if g.chance(0.06) && !posted.is_empty() {
            // A thank-you to someone who posted recently, by mention.
            let recent = &posted[posted.len().saturating_sub(30)..];
            let pick = recent.choose(&mut g.rng).map(|p| p.author).filter(|&a| a != author.id);
            if let Some(helper) = pick {
                let text = THANKS.choose(&mut g.rng).copied().unwrap_or("thanks");
                let id = g.message(at, author.id, &format!("{text} @{helper}"), None, vec![helper]);
                posted.push(Posted { id, author: author.id, at });
                continue;
            }
            CHATTER.choose(&mut g.rng).copied().unwrap_or("hi")
        } else {
            CHATTER.choose(&mut g.rng).copied().unwrap_or("hi")
        };
        let id = g.message(at, author.id, text, None, vec![]);
        if question {
            open_questions.push(posted.len());
        }
        posted.push(Posted { id, author: author.id, at });
        if g.chance(0.01) {
            let d = g.minutes(10, 2 * 24 * 60);
            g.push(at + d, Event::MessageDeleted { message_id: id });
        }
        // A member's /thanks for an introduction, now and then.
        if !question && g.chance(0.01) {
            let recent = &posted[posted.len().saturating_sub(50)..];
            if let Some(helper) = recent.choose(&mut g.rng).map(|p| p.author).filter(|&a| a != author.id) {
                let t = at + g.minutes(1, 60);
                g.push(
                    t,
                    Event::ValueLogged {
                        giver: helper,
                        receiver: author.id,
                        by: None,
                        kind: ValueKind::Connections,
                        weight: 1,
                        note: Some("an introduction".into()),
                    },
                );
            }
        }
    }
    posted
}

/// Reactions to messages from other members present at the time; most with counted emoji.
fn reactions(g: &mut Gen, people: &[Person], posted: &[Posted]) {
    let reactors: Vec<&Person> = people
        .iter()
        .filter(|p| !p.bot && matches!(p.kind, Kind::Active | Kind::Casual | Kind::Professional | Kind::Manager))
        .collect();
    if reactors.is_empty() {
        return;
    }
    for m in posted {
        let n = match g.rng.random::<f64>() {
            x if x < 0.6 => 0,
            x if x < 0.85 => 1,
            x if x < 0.96 => 2,
            _ => 4,
        };
        for _ in 0..n {
            let Some(r) = reactors.choose(&mut g.rng) else { continue };
            let at = m.at + g.minutes(1, 24 * 60);
            if r.id == m.author || !r.present(at) {
                continue;
            }
            let emoji = if g.chance(0.75) { COUNTED_EMOJI } else { OTHER_EMOJI };
            let emoji = emoji.choose(&mut g.rng).copied().unwrap_or("👍").to_string();
            // Discord says whose message it is; Telegram does not (the message map is used).
            let author = g.chance(0.5).then_some(m.author);
            let reaction = Reaction { message_id: m.id, user: r.id, author, emoji };
            g.push(at, Event::ReactionAdded(reaction.clone()));
            if g.chance(0.02) {
                let d = g.minutes(1, 120);
                g.push(at + d, Event::ReactionRemoved(reaction));
            }
        }
    }
}

/// Managers give professionals a stage and exposure every week.
fn stage_and_exposure(g: &mut Gen, people: &[Person], start: Ts) {
    let pros: Vec<UserId> = people.iter().filter(|p| p.kind == Kind::Professional).map(|p| p.id).collect();
    let mut week = start;
    while week < g.end {
        for &pro in &pros {
            if g.chance(0.5) {
                let at = week + g.minutes(24 * 60, 6 * 24 * 60);
                let manager = g.rng.random_range(1..=MANAGERS);
                g.push(
                    at,
                    Event::ValueLogged {
                        giver: manager,
                        receiver: pro,
                        by: Some(manager),
                        kind: ValueKind::Stage,
                        weight: 3,
                        note: Some("hosted the weekly session".into()),
                    },
                );
            }
            if g.chance(0.3) {
                let at = week + g.minutes(24 * 60, 6 * 24 * 60);
                g.push(
                    at,
                    Event::ValueLogged {
                        giver: 1,
                        receiver: pro,
                        by: Some(1),
                        kind: ValueKind::Exposure,
                        weight: 2,
                        note: Some("featured in the newsletter".into()),
                    },
                );
            }
        }
        week += Duration::weeks(1);
    }
}

/// Some members buy: the engaged more often, and those whose inviter bought.
fn customers(g: &mut Gen, people: &[Person], posted: &[Posted]) {
    let mut talk: std::collections::HashMap<UserId, usize> = std::collections::HashMap::new();
    for m in posted {
        *talk.entry(m.author).or_default() += 1;
    }
    for p in people {
        if p.bot || matches!(p.kind, Kind::Manager | Kind::Professional) {
            continue;
        }
        let messages = talk.get(&p.id).copied().unwrap_or(0);
        let chance = match p.kind {
            Kind::Active => 0.14,
            Kind::Casual => 0.06,
            _ => 0.015,
        } + (messages as f64 * 0.002).min(0.05);
        if !g.chance(chance) {
            continue;
        }
        let at = p.joined + g.minutes(2 * 24 * 60, 30 * 24 * 60);
        if !p.present(at) {
            continue;
        }
        if g.chance(0.06) {
            g.push(at, Event::MemberSeen { user: p.id, name: None, is_bot: false, role: None, customer_role: true });
            continue;
        }
        let (amount, currency) = if g.chance(0.15) {
            (*[19000, 39000].choose(&mut g.rng).unwrap_or(&19000), "ILS")
        } else {
            (*[4900, 9900, 19900, 49900].choose(&mut g.rng).unwrap_or(&4900), "USD")
        };
        let by = g.rng.random_range(1..=MANAGERS);
        g.push(
            at,
            Event::CustomerMarked(CustomerSale {
                user: p.id,
                by,
                amount_minor: Some(amount),
                currency: Some(currency.into()),
            }),
        );
        if g.chance(0.1) {
            let again = at + g.minutes(3 * 24 * 60, 20 * 24 * 60);
            g.push(
                again,
                Event::CustomerMarked(CustomerSale {
                    user: p.id,
                    by,
                    amount_minor: Some(amount),
                    currency: Some(currency.into()),
                }),
            );
        }
    }
}
