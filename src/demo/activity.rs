//! The demo's activity: conversations (questions, answers, thanks, chatter), reactions, the
//! stage managers give professionals, and the members who buy.

use chrono::Duration;
use rand::Rng;
use rand::seq::IndexedRandom;

use super::generate::{Gen, Kind, MANAGERS, Person};
use super::texts::*;
use crate::domain::{CustomerSale, Event, Reaction, Ts, UserId, ValueKind};

/// A message someone could answer or react to.
pub(super) struct Posted {
    id: i64,
    author: UserId,
    at: Ts,
}

/// Messages: questions, answers, thanks for answers, chatter; some deleted later.
pub(super) fn conversations(g: &mut Gen, people: &[Person], start: Ts) -> Vec<Posted> {
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
pub(super) fn reactions(g: &mut Gen, people: &[Person], posted: &[Posted]) {
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
pub(super) fn stage_and_exposure(g: &mut Gen, people: &[Person], start: Ts) {
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
pub(super) fn customers(g: &mut Gen, people: &[Person], posted: &[Posted]) {
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
