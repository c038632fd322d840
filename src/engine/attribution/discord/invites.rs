//! What the Discord model knows about invites: the listed invites, the vanity URL, a snapshot
//! of both, and which codes belong to someone other than their listed inviter.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::domain::{Attribution, Ts, UserId};

/// One invite as the platform lists it (or announces it in an invite-create event).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteInfo {
    pub code: String,
    /// Who created it; `None` for invites without a creator (widget, some integrations).
    pub inviter: Option<UserId>,
    pub uses: u32,
    /// 0 = unlimited.
    pub max_uses: u32,
    pub expires_at: Option<Ts>,
    /// Grants temporary membership.
    pub temporary: bool,
}

impl InviteInfo {
    /// A fresh unlimited, non-expiring invite (handy in tests and the simulator).
    pub fn new(code: impl Into<String>, inviter: Option<UserId>, uses: u32, max_uses: u32) -> Self {
        Self { code: code.into(), inviter, uses, max_uses, expires_at: None, temporary: false }
    }

    /// How many more joins it could take before it is used up (`None` = unlimited).
    pub fn remaining(&self) -> Option<u32> {
        (self.max_uses > 0).then(|| self.max_uses.saturating_sub(self.uses))
    }

    /// Whether it may have expired by `at`.
    pub fn may_have_expired(&self, at: Ts) -> bool {
        self.expires_at.is_some_and(|e| e <= at)
    }
}

/// The server's vanity URL and its use count.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Vanity {
    pub code: String,
    pub uses: u32,
}

/// What one fetch of a community's invites returns.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InviteList {
    pub invites: Vec<InviteInfo>,
    /// `None` when the community has no vanity URL (or it could not be read).
    pub vanity: Option<Vanity>,
}

/// The last known state of a community's invites: the baseline the next fetch is diffed
/// against.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Snapshot {
    pub invites: BTreeMap<String, InviteInfo>,
    pub vanity: Option<Vanity>,
    /// `false` when joins may have been missed since it was taken (bot downtime, a lost
    /// gateway session, a snapshot loaded from the store): then the next increments may come
    /// from joins we never saw, and no join of the next window is credited as a fact.
    pub trusted: bool,
    /// When it was fetched (wall clock).
    pub at: Option<Ts>,
}

impl Snapshot {
    pub fn from_list(list: &InviteList, at: Option<Ts>, trusted: bool) -> Self {
        Self {
            invites: list.invites.iter().map(|i| (i.code.clone(), i.clone())).collect(),
            vanity: list.vanity.clone(),
            trusted,
            at,
        }
    }

    /// The snapshot as a list (for persisting it).
    pub fn to_list(&self) -> InviteList {
        InviteList { invites: self.invites.values().cloned().collect(), vanity: self.vanity.clone() }
    }
}

/// Who a code really belongs to when it is not simply its listed inviter's: a tracked
/// campaign link, or a member's personal invite that the bot created (listed with the bot as
/// inviter).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CodeOwner {
    Member(UserId),
    Campaign { name: String, paid: bool },
}

/// Codes registered to a campaign or a member.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeBook {
    codes: HashMap<String, CodeOwner>,
}

impl CodeBook {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, code: impl Into<String>, owner: CodeOwner) {
        self.codes.insert(code.into(), owner);
    }

    pub fn remove(&mut self, code: &str) {
        self.codes.remove(code);
    }

    pub fn get(&self, code: &str) -> Option<&CodeOwner> {
        self.codes.get(code)
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Where a join through `code` (listed with `inviter`) comes from.
    pub fn label(&self, code: &str, inviter: Option<UserId>) -> Label {
        match self.codes.get(code) {
            Some(CodeOwner::Member(u)) => Label::Inviter(*u),
            Some(CodeOwner::Campaign { name, paid }) => Label::Campaign { name: name.clone(), paid: *paid },
            None => inviter.map_or(Label::Orphan, Label::Inviter),
        }
    }
}

/// An explanation of a join: where its use of an invite would credit.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Label {
    /// A member's invite.
    Inviter(UserId),
    /// A campaign's tracked invite.
    Campaign { name: String, paid: bool },
    /// The vanity URL.
    Vanity,
    /// An invite nobody owns (no creator, not registered).
    Orphan,
}

impl Label {
    /// The attribution when this label is the only explanation.
    pub(crate) fn attribution(&self, invite: Option<String>, inferred: bool) -> Attribution {
        use crate::domain::{Confidence, Source};
        let confidence = if inferred { Confidence::Inferred } else { Confidence::Exact };
        match self {
            Label::Inviter(u) => Attribution::referral(*u, invite, confidence),
            Label::Campaign { name, paid } => {
                Attribution { confidence, ..Attribution::campaign(name.clone(), *paid, invite) }
            }
            Label::Vanity => Attribution { confidence, invite, ..Attribution::vanity() },
            // We know the invite but nobody to credit: the source stays unknown.
            Label::Orphan => Attribution {
                source: Source::Unknown,
                confidence: Confidence::Unknown,
                invite,
                ..Attribution::default()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codebook_overrides_the_listed_inviter() {
        let mut book = CodeBook::new();
        book.insert("camp", CodeOwner::Campaign { name: "ads".into(), paid: true });
        book.insert("mine", CodeOwner::Member(7));
        assert_eq!(book.label("camp", Some(1)), Label::Campaign { name: "ads".into(), paid: true });
        assert_eq!(book.label("mine", Some(99)), Label::Inviter(7));
        assert_eq!(book.label("other", Some(3)), Label::Inviter(3));
        assert_eq!(book.label("widget", None), Label::Orphan);
    }

    #[test]
    fn remaining_uses() {
        assert_eq!(InviteInfo::new("a", None, 3, 5).remaining(), Some(2));
        assert_eq!(InviteInfo::new("a", None, 3, 0).remaining(), None);
    }
}
