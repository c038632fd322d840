use serde::{Deserialize, Serialize};

use super::{Attribution, CommunityKey, JoinQuality, Role, Ts, UserId, ValueKind};

/// A domain event as it travels from an adapter to the store: which community, when, and a
/// platform-derived id that makes ingest idempotent (the same `source_id` twice changes nothing).
///
/// Good `source_id`s: `msg:<message id>`, `upd:<telegram update id>`,
/// `join:<user>:<joined-at millis>`, `cmd:<interaction id>`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub community: CommunityKey,
    pub source_id: String,
    pub at: Ts,
    pub event: Event,
}

impl Envelope {
    pub fn new(community: CommunityKey, source_id: impl Into<String>, at: Ts, event: Event) -> Self {
        Self { community, source_id: source_id.into(), at, event }
    }
}

/// Everything that can happen in a community that snowball cares about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// Someone joined; attribution is already resolved by the attribution engine.
    MemberJoined(Join),
    /// Someone left (or was removed).
    MemberLeft {
        user: UserId,
    },
    /// A person's name, bot flag or platform role as last seen.
    MemberSeen {
        user: UserId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default)]
        is_bot: bool,
        /// The role the platform gives them (owner/admin → manager, configured roles).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<Role>,
        /// Holds a configured customer role.
        #[serde(default)]
        customer_role: bool,
    },
    MessagePosted(Message),
    /// A message was edited; its signals are re-read (an edit never credits twice).
    MessageEdited(Message),
    MessageDeleted {
        message_id: i64,
    },
    ReactionAdded(Reaction),
    ReactionRemoved(Reaction),
    /// `/thanks` from a member, or value a manager logs by hand.
    ///
    /// `giver` is who provided the value and `receiver` who got it: `/thanks @m` by A is
    /// `giver: m, receiver: A`; a manager giving a professional the stage is
    /// `giver: manager, receiver: professional, kind: stage`.
    ValueLogged {
        giver: UserId,
        receiver: UserId,
        /// Who recorded it (the anti-abuse limits apply to them); `None` means the receiver
        /// (a member's `/thanks`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<UserId>,
        kind: ValueKind,
        #[serde(default = "one")]
        weight: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// A manager sets or removes the professional role.
    ProfessionalSet {
        user: UserId,
        by: UserId,
        on: bool,
    },
    /// A manager marks a member as a customer, with an optional sale.
    CustomerMarked(CustomerSale),
    /// A manager created a tracked campaign link.
    CampaignCreated {
        name: String,
        paid: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        invite: Option<String>,
        by: UserId,
    },
    /// A member's personal invite was created (once; reused afterwards).
    PersonalInviteCreated {
        user: UserId,
        invite: String,
    },
    /// `/forget`: remove the person's personal data, keep anonymous aggregates.
    MemberForgotten {
        user: UserId,
        by: UserId,
    },
}

fn one() -> i64 {
    1
}

impl Event {
    /// A short stable name for logs, metrics and the `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::MemberJoined(_) => "member_joined",
            Event::MemberLeft { .. } => "member_left",
            Event::MemberSeen { .. } => "member_seen",
            Event::MessagePosted(_) => "message_posted",
            Event::MessageEdited(_) => "message_edited",
            Event::MessageDeleted { .. } => "message_deleted",
            Event::ReactionAdded(_) => "reaction_added",
            Event::ReactionRemoved(_) => "reaction_removed",
            Event::ValueLogged { .. } => "value_logged",
            Event::ProfessionalSet { .. } => "professional_set",
            Event::CustomerMarked(_) => "customer_marked",
            Event::CampaignCreated { .. } => "campaign_created",
            Event::PersonalInviteCreated { .. } => "personal_invite_created",
            Event::MemberForgotten { .. } => "member_forgotten",
        }
    }

    /// The member the event is mostly about (the actor), for logs and spans.
    pub fn actor(&self) -> Option<UserId> {
        match self {
            Event::MemberJoined(j) => Some(j.user),
            Event::MemberLeft { user } | Event::MemberSeen { user, .. } | Event::PersonalInviteCreated { user, .. } => {
                Some(*user)
            }
            Event::MessagePosted(m) | Event::MessageEdited(m) => Some(m.author),
            Event::MessageDeleted { .. } => None,
            Event::ReactionAdded(r) | Event::ReactionRemoved(r) => Some(r.user),
            Event::ValueLogged { giver, .. } => Some(*giver),
            Event::ProfessionalSet { by, .. }
            | Event::CampaignCreated { by, .. }
            | Event::MemberForgotten { by, .. } => Some(*by),
            Event::CustomerMarked(c) => Some(c.by),
        }
    }
}

/// A join with its resolved attribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Join {
    pub user: UserId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub is_bot: bool,
    /// When the platform account was created (Discord: from the snowflake).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_created: Option<Ts>,
    pub attribution: Attribution,
    /// Set by the engine at ingest (self-invite, rejoin, suspect).
    #[serde(default)]
    pub quality: JoinQuality,
}

/// A chat message. The text is read once at ingest for signals (thanks, question) and is
/// never written to the store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub message_id: i64,
    pub author: UserId,
    #[serde(default)]
    pub author_is_bot: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<ReplyRef>,
    /// Members mentioned in the text (bots and the author already removed by the adapter if known).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<UserId>,
    /// The text, only while the event is in memory.
    #[serde(skip)]
    pub text: Option<String>,
    /// What the engine read from the text at ingest.
    #[serde(default)]
    pub signals: MessageSignals,
}

/// The message a reply answers. The author is known on both platforms for a reply; when it is
/// not, the store's message → author map fills it in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyRef {
    pub message_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<UserId>,
}

/// What a message says, as read at ingest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MessageSignals {
    /// The message thanks someone.
    #[serde(default)]
    pub thanks: bool,
    /// The message asks something (a reply to it may be an answer).
    #[serde(default)]
    pub question: bool,
}

/// An emoji reaction. `author` is the message's author when the platform says so (Discord);
/// otherwise the message → author map is used (Telegram).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reaction {
    pub message_id: i64,
    pub user: UserId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<UserId>,
    pub emoji: String,
}

/// A sale: a manager marks a member as a customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSale {
    pub user: UserId,
    pub by: UserId,
    /// In minor units (cents, agorot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_minor: Option<i64>,
    /// ISO 4217 code, upper case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Attribution;
    use chrono::TimeZone;

    #[test]
    fn message_text_is_never_serialized() {
        let m = Message {
            message_id: 1,
            author: 2,
            author_is_bot: false,
            reply_to: None,
            mentions: vec![],
            text: Some("my secret text".into()),
            signals: MessageSignals { thanks: true, question: false },
        };
        let json = serde_json::to_string(&Event::MessagePosted(m)).unwrap();
        assert!(!json.contains("secret"), "{json}");
        assert!(json.contains("\"thanks\":true"), "{json}");
    }

    #[test]
    fn envelopes_round_trip_through_json() {
        let at = chrono::Utc.with_ymd_and_hms(2026, 11, 16, 9, 0, 0).unwrap();
        let e = Envelope::new(
            CommunityKey::demo("acme"),
            "join:5",
            at,
            Event::MemberJoined(Join {
                user: 5,
                name: Some("Dana".into()),
                is_bot: false,
                account_created: None,
                attribution: Attribution::referral(4, Some("abc".into()), crate::domain::Confidence::Exact),
                quality: JoinQuality::default(),
            }),
        );
        let back: Envelope = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(back, e);
    }
}
