use serde::{Deserialize, Serialize};

use super::{UserId, words};

/// Where a join came from: the top of the funnel, split by awareness channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A member's invite.
    Referral,
    /// A tracked link for an organic channel outside the community.
    CampaignOrganic,
    /// A tracked link for a paid channel.
    CampaignPaid,
    /// The server's vanity URL.
    Vanity,
    #[default]
    Unknown,
}

words!(Source {
    Referral => "referral",
    CampaignOrganic => "campaign_organic",
    CampaignPaid => "campaign_paid",
    Vanity => "vanity",
    Unknown => "unknown",
});

/// How sure we are. Never a guess presented as fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// The platform or an unambiguous delta names the invite.
    Exact,
    /// Deduced with a stated assumption (e.g. the only invite whose last known uses fit).
    Inferred,
    /// Several candidates fit; all are recorded, none is credited.
    Ambiguous,
    #[default]
    Unknown,
}

words!(Confidence {
    Exact => "exact",
    Inferred => "inferred",
    Ambiguous => "ambiguous",
    Unknown => "unknown",
});

/// The join → inviter link with its confidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Attribution {
    pub source: Source,
    pub confidence: Confidence,
    /// The member credited (only for `exact`/`inferred` referrals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inviter: Option<UserId>,
    /// Every inviter that could explain an `ambiguous` join.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<UserId>,
    /// The invite code or link key that was used, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite: Option<String>,
    /// The campaign, for campaign sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
}

impl Attribution {
    pub fn unknown() -> Self {
        Self::default()
    }

    pub fn referral(inviter: UserId, invite: Option<String>, confidence: Confidence) -> Self {
        Self { source: Source::Referral, confidence, inviter: Some(inviter), invite, ..Self::default() }
    }

    pub fn campaign(name: String, paid: bool, invite: Option<String>) -> Self {
        Self {
            source: if paid { Source::CampaignPaid } else { Source::CampaignOrganic },
            confidence: Confidence::Exact,
            invite,
            campaign: Some(name),
            ..Self::default()
        }
    }

    pub fn vanity() -> Self {
        Self { source: Source::Vanity, confidence: Confidence::Exact, ..Self::default() }
    }

    pub fn ambiguous(mut candidates: Vec<UserId>) -> Self {
        candidates.sort_unstable();
        candidates.dedup();
        Self { source: Source::Referral, confidence: Confidence::Ambiguous, candidates, ..Self::default() }
    }

    /// The member who gets the credit, if anyone does.
    pub fn credited_inviter(&self) -> Option<UserId> {
        match self.confidence {
            Confidence::Exact | Confidence::Inferred => self.inviter,
            Confidence::Ambiguous | Confidence::Unknown => None,
        }
    }
}

/// Quality flags the engine sets on a join (see the attribution engine's quality rules).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct JoinQuality {
    /// The invitee used their own invite: never counts.
    pub self_invite: bool,
    /// The person was a member before: not a new referral.
    pub rejoin: bool,
    /// The account is younger than the configured minimum age.
    pub suspect: bool,
}

impl JoinQuality {
    /// Whether this join can count as a referral for its inviter at all.
    pub fn counts(&self) -> bool {
        !self.self_invite && !self.rejoin
    }
}
