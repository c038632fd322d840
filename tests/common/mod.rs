//! Builders for event streams in tests: one `Sim` per test community, times in minutes after a
//! fixed Monday morning, unique source ids.
#![allow(dead_code)]

use chrono::{Duration, TimeZone, Utc};
use snowball::domain::{
    Attribution, CommunityKey, Confidence, CustomerSale, Envelope, Event, Join, JoinQuality, Message, MessageSignals,
    Reaction, ReplyRef, Role, Ts, UserId, ValueKind,
};
use snowball::engine::Rules;
use snowball::ingest::apply_batch;
use snowball::store::{CommunityId, Store};

pub const MIN: i64 = 1;
pub const HOUR: i64 = 60;
pub const DAY: i64 = 24 * 60;

/// Monday 2026-11-02 09:00 UTC (ISO week 2026-W45).
pub fn t0() -> Ts {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

pub fn at(minutes: i64) -> Ts {
    t0() + Duration::minutes(minutes)
}

pub struct Sim {
    pub key: CommunityKey,
    pub events: Vec<Envelope>,
    n: u64,
}

impl Sim {
    pub fn new(name: &str) -> Self {
        Self { key: CommunityKey::demo(name), events: Vec::new(), n: 0 }
    }

    pub fn push(&mut self, minutes: i64, event: Event) -> &mut Self {
        self.n += 1;
        self.events.push(Envelope::new(self.key.clone(), format!("e{}", self.n), at(minutes), event));
        self
    }

    /// Takes the events built so far.
    pub fn take(&mut self) -> Vec<Envelope> {
        std::mem::take(&mut self.events)
    }

    pub fn join_with(&mut self, minutes: i64, user: UserId, attribution: Attribution) -> &mut Self {
        self.push(
            minutes,
            Event::MemberJoined(Join {
                user,
                name: Some(format!("user{user}")),
                is_bot: false,
                account_created: None,
                attribution,
                quality: JoinQuality::default(),
            }),
        )
    }

    pub fn join(&mut self, minutes: i64, user: UserId, inviter: Option<UserId>) -> &mut Self {
        let a = match inviter {
            Some(i) => Attribution::referral(i, Some(format!("inv{i}")), Confidence::Exact),
            None => Attribution::unknown(),
        };
        self.join_with(minutes, user, a)
    }

    pub fn bot_joins(&mut self, minutes: i64, user: UserId) -> &mut Self {
        self.push(
            minutes,
            Event::MemberJoined(Join {
                user,
                name: Some(format!("bot{user}")),
                is_bot: true,
                account_created: None,
                attribution: Attribution::unknown(),
                quality: JoinQuality::default(),
            }),
        )
    }

    pub fn leave(&mut self, minutes: i64, user: UserId) -> &mut Self {
        self.push(minutes, Event::MemberLeft { user })
    }

    pub fn role(&mut self, minutes: i64, user: UserId, role: Role) -> &mut Self {
        self.push(
            minutes,
            Event::MemberSeen { user, name: None, is_bot: false, role: Some(role), customer_role: false },
        )
    }

    /// A message with text (signals are read at ingest); `reply_to` = (message, author if the
    /// platform says).
    pub fn say(
        &mut self,
        minutes: i64,
        id: i64,
        author: UserId,
        text: &str,
        reply_to: Option<(i64, Option<UserId>)>,
        mentions: &[UserId],
    ) -> &mut Self {
        self.push(
            minutes,
            Event::MessagePosted(Message {
                message_id: id,
                author,
                author_is_bot: false,
                reply_to: reply_to.map(|(message_id, author)| ReplyRef { message_id, author }),
                mentions: mentions.to_vec(),
                text: Some(text.to_string()),
                signals: MessageSignals::default(),
            }),
        )
    }

    pub fn edit(
        &mut self,
        minutes: i64,
        id: i64,
        author: UserId,
        text: &str,
        reply_to: Option<(i64, Option<UserId>)>,
        mentions: &[UserId],
    ) -> &mut Self {
        self.push(
            minutes,
            Event::MessageEdited(Message {
                message_id: id,
                author,
                author_is_bot: false,
                reply_to: reply_to.map(|(message_id, author)| ReplyRef { message_id, author }),
                mentions: mentions.to_vec(),
                text: Some(text.to_string()),
                signals: MessageSignals::default(),
            }),
        )
    }

    pub fn delete(&mut self, minutes: i64, id: i64) -> &mut Self {
        self.push(minutes, Event::MessageDeleted { message_id: id })
    }

    pub fn react(&mut self, minutes: i64, id: i64, user: UserId, author: Option<UserId>, emoji: &str) -> &mut Self {
        self.push(minutes, Event::ReactionAdded(Reaction { message_id: id, user, author, emoji: emoji.into() }))
    }

    pub fn unreact(&mut self, minutes: i64, id: i64, user: UserId, emoji: &str) -> &mut Self {
        self.push(minutes, Event::ReactionRemoved(Reaction { message_id: id, user, author: None, emoji: emoji.into() }))
    }

    pub fn value(
        &mut self,
        minutes: i64,
        giver: UserId,
        receiver: UserId,
        by: Option<UserId>,
        kind: ValueKind,
        weight: i64,
    ) -> &mut Self {
        self.push(minutes, Event::ValueLogged { giver, receiver, by, kind, weight, note: None })
    }

    pub fn professional(&mut self, minutes: i64, user: UserId, by: UserId) -> &mut Self {
        self.push(minutes, Event::ProfessionalSet { user, by, on: true })
    }

    pub fn sale(
        &mut self,
        minutes: i64,
        user: UserId,
        by: UserId,
        amount: Option<i64>,
        currency: Option<&str>,
    ) -> &mut Self {
        self.push(
            minutes,
            Event::CustomerMarked(CustomerSale {
                user,
                by,
                amount_minor: amount,
                currency: currency.map(str::to_string),
            }),
        )
    }

    /// Applies the events built so far in one batch and returns the community id.
    pub async fn apply(&mut self, store: &Store, rules: &Rules) -> CommunityId {
        let batch = self.take();
        apply_batch(store, rules, &batch).await.expect("batch applies");
        store.find_community(&self.key).await.unwrap().expect("community exists")
    }

    /// Applies the events built so far one batch per event.
    pub async fn apply_one_by_one(&mut self, store: &Store, rules: &Rules) -> CommunityId {
        for e in self.take() {
            apply_batch(store, rules, std::slice::from_ref(&e)).await.expect("event applies");
        }
        store.find_community(&self.key).await.unwrap().expect("community exists")
    }
}
