//! `/forget`: replacing a person in a logged event by an anonymous id, so the log keeps its
//! anonymous aggregates (a join happened, value flowed) and loses the person (id, name, notes).

use super::{Event, UserId};

/// What [`Event::forget`] changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forgot {
    /// The event never mentioned the person.
    Untouched,
    /// Their id was replaced (and names or notes next to it dropped).
    Anonymised,
}

fn swap(id: &mut UserId, user: UserId, anon: UserId, hit: &mut bool) {
    if *id == user {
        *id = anon;
        *hit = true;
    }
}

fn swap_opt(id: &mut Option<UserId>, user: UserId, anon: UserId, hit: &mut bool) {
    if let Some(id) = id {
        swap(id, user, anon, hit);
    }
}

impl Event {
    /// Replaces `user` by `anon` wherever the event names them, and drops what could identify
    /// them (their name, a note about an exchange they were part of).
    pub fn forget(&mut self, user: UserId, anon: UserId) -> Forgot {
        let mut hit = false;
        let h = &mut hit;
        match self {
            Event::MemberJoined(j) => {
                let me = j.user == user;
                swap(&mut j.user, user, anon, h);
                if me {
                    j.name = None;
                    j.account_created = None;
                }
                swap_opt(&mut j.attribution.inviter, user, anon, h);
                for c in &mut j.attribution.candidates {
                    swap(c, user, anon, h);
                }
            }
            Event::MemberLeft { user: u } => swap(u, user, anon, h),
            Event::MemberSeen { user: u, name, .. } => {
                if *u == user {
                    *name = None;
                }
                swap(u, user, anon, h);
            }
            Event::MessagePosted(m) | Event::MessageEdited(m) => {
                swap(&mut m.author, user, anon, h);
                if let Some(r) = &mut m.reply_to {
                    swap_opt(&mut r.author, user, anon, h);
                }
                for mention in &mut m.mentions {
                    swap(mention, user, anon, h);
                }
            }
            Event::MessageDeleted { .. } => {}
            Event::ReactionAdded(r) | Event::ReactionRemoved(r) => {
                swap(&mut r.user, user, anon, h);
                swap_opt(&mut r.author, user, anon, h);
            }
            Event::ValueLogged { giver, receiver, by, note, .. } => {
                swap(giver, user, anon, h);
                swap(receiver, user, anon, h);
                swap_opt(by, user, anon, h);
                if *h {
                    *note = None;
                }
            }
            Event::ProfessionalSet { user: u, by, .. } => {
                swap(u, user, anon, h);
                swap(by, user, anon, h);
            }
            Event::CustomerMarked(s) => {
                swap(&mut s.user, user, anon, h);
                swap(&mut s.by, user, anon, h);
            }
            Event::CampaignCreated { by, .. } => swap(by, user, anon, h),
            Event::PersonalInviteCreated { user: u, invite } => {
                if *u == user {
                    invite.clear();
                }
                swap(u, user, anon, h);
            }
            Event::MemberForgotten { user: u, by } => {
                swap(u, user, anon, h);
                swap(by, user, anon, h);
            }
        }
        if hit { Forgot::Anonymised } else { Forgot::Untouched }
    }
}

/// A `source_id` with `user`'s id replaced where it stands as a `:`-separated part
/// (`join:<user>:<millis>`), so the log's keys do not name the person either.
pub fn forget_in_source_id(source_id: &str, user: UserId, anon: UserId) -> String {
    let user = user.to_string();
    let anon = anon.to_string();
    source_id.split(':').map(|part| if part == user { anon.as_str() } else { part }).collect::<Vec<_>>().join(":")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Attribution, Confidence, Join, Message, MessageSignals, ReplyRef, ValueKind};

    #[test]
    fn a_join_loses_the_person_and_keeps_the_shape() {
        let mut e = Event::MemberJoined(Join {
            user: 5,
            name: Some("Dana".into()),
            is_bot: false,
            account_created: None,
            attribution: Attribution::referral(4, Some("abc".into()), Confidence::Exact),
            quality: Default::default(),
        });
        assert_eq!(e.forget(5, -1), Forgot::Anonymised);
        let Event::MemberJoined(j) = &e else { unreachable!() };
        assert_eq!((j.user, j.name.as_deref(), j.attribution.inviter), (-1, None, Some(4)));
        // As an inviter, only the id changes.
        assert_eq!(e.forget(4, -2), Forgot::Anonymised);
        let Event::MemberJoined(j) = &e else { unreachable!() };
        assert_eq!(j.attribution.inviter, Some(-2));
        assert_eq!(e.forget(99, -3), Forgot::Untouched);
    }

    #[test]
    fn messages_and_notes_are_scrubbed() {
        let mut m = Event::MessagePosted(Message {
            message_id: 1,
            author: 2,
            author_is_bot: false,
            reply_to: Some(ReplyRef { message_id: 0, author: Some(5) }),
            mentions: vec![5, 6],
            text: None,
            signals: MessageSignals::default(),
        });
        m.forget(5, -1);
        let Event::MessagePosted(msg) = &m else { unreachable!() };
        assert_eq!((msg.reply_to.as_ref().unwrap().author, msg.mentions.clone()), (Some(-1), vec![-1, 6]));
        let mut v = Event::ValueLogged {
            giver: 5,
            receiver: 6,
            by: None,
            kind: ValueKind::Support,
            weight: 1,
            note: Some("Dana fixed my server".into()),
        };
        v.forget(5, -1);
        assert!(matches!(v, Event::ValueLogged { giver: -1, note: None, .. }));
    }

    #[test]
    fn source_ids_lose_the_id_only_as_a_whole_part() {
        assert_eq!(forget_in_source_id("join:5:1700", 5, -9), "join:-9:1700");
        assert_eq!(forget_in_source_id("msg:55", 5, -9), "msg:55");
    }
}
