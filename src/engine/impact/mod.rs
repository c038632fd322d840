//! Impact return: a sale is credited to the member's source — the referrer (and the chain above
//! them, for the snowball view), the campaign (paid or organic), or unknown — and marked
//! "influenced" when the buyer was active in the community before buying.

use serde::{Deserialize, Serialize};

use crate::domain::{Source, Ts, UserId};

/// How a sale is credited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleCredit {
    pub source: Source,
    /// The referrer credited (referrals with a known inviter).
    pub inviter: Option<UserId>,
    pub campaign: Option<String>,
    /// The buyer was active (posted or reacted) in the community before the sale.
    pub influenced: bool,
}

/// What the store knows of the buyer when the sale is recorded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Buyer<'a> {
    pub source: Option<Source>,
    pub inviter: Option<UserId>,
    pub campaign: Option<&'a str>,
    pub last_active: Option<Ts>,
}

/// Credits a sale made at `at`.
pub fn credit_sale(buyer: Buyer<'_>, at: Ts) -> SaleCredit {
    let source = buyer.source.unwrap_or_default();
    SaleCredit {
        source,
        inviter: if source == Source::Referral { buyer.inviter } else { None },
        campaign: match source {
            Source::CampaignPaid | Source::CampaignOrganic => buyer.campaign.map(str::to_string),
            _ => None,
        },
        influenced: buyer.last_active.is_some_and(|t| t <= at),
    }
}

/// A customer the community brought (a referral) or influenced (active before buying).
pub fn community_sourced(source: Source, influenced: bool) -> bool {
    source == Source::Referral || influenced
}

/// The referral chain above `user`: their inviter, the inviter's inviter, … (at most `depth`,
/// stopping at a loop).
pub fn chain(user: UserId, depth: usize, mut inviter_of: impl FnMut(UserId) -> Option<UserId>) -> Vec<UserId> {
    let mut out = Vec::new();
    let mut current = user;
    while out.len() < depth {
        match inviter_of(current) {
            Some(next) if next != user && !out.contains(&next) => {
                out.push(next);
                current = next;
            }
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn sales_are_credited_to_the_source() {
        let at = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
        let referral = Buyer { source: Some(Source::Referral), inviter: Some(4), campaign: None, last_active: None };
        assert_eq!(
            credit_sale(referral, at),
            SaleCredit { source: Source::Referral, inviter: Some(4), campaign: None, influenced: false }
        );
        let paid = Buyer {
            source: Some(Source::CampaignPaid),
            inviter: None,
            campaign: Some("ads"),
            last_active: Some(at - Duration::days(3)),
        };
        let c = credit_sale(paid, at);
        assert_eq!((c.source, c.campaign.as_deref(), c.influenced), (Source::CampaignPaid, Some("ads"), true));
        let unknown = credit_sale(Buyer::default(), at);
        assert_eq!((unknown.source, unknown.influenced), (Source::Unknown, false));
        assert!(community_sourced(Source::Referral, false));
        assert!(community_sourced(Source::CampaignPaid, true));
        assert!(!community_sourced(Source::CampaignPaid, false));
    }

    #[test]
    fn chains_stop_at_the_top_and_at_loops() {
        let parent = |u: UserId| match u {
            5 => Some(4),
            4 => Some(3),
            3 => Some(1),
            7 => Some(8),
            8 => Some(7),
            _ => None,
        };
        assert_eq!(chain(5, 10, parent), vec![4, 3, 1]);
        assert_eq!(chain(5, 2, parent), vec![4, 3]);
        assert_eq!(chain(7, 10, parent), vec![8]);
    }
}
