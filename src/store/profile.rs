//! A member's profile: everything snowball knows about one person in one community.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{CommunityId, KindTotal, ReferralTally, Store, StoreError, TransitionRow, from_millis};
use crate::config::FunnelConfig;
use crate::domain::{Activity, Confidence, Role, Source, Stage, Ts, UserId};
use crate::engine::digest::Money;
use crate::engine::funnel::{activity, quiet_days};

/// A member referred to by id, with their name when known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedUser {
    pub user: UserId,
    pub name: Option<String>,
}

/// What a member bought.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerInfo {
    /// The first sale (or the customer role appearing).
    pub since: Ts,
    pub sales: i64,
    /// Per currency, in minor units.
    pub revenue: Vec<Money>,
    /// Where the first sale was credited.
    pub source: Source,
    pub influenced: bool,
}

/// `Store::member_profile`'s answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberProfile {
    pub user: UserId,
    pub name: Option<String>,
    pub is_bot: bool,
    pub role: Role,
    pub stage: Stage,
    pub stage_at: Option<Ts>,
    /// Every stage change, oldest first, with its reason.
    pub transitions: Vec<TransitionRow>,
    /// At `now`.
    pub activity: Activity,
    pub last_active_at: Option<Ts>,
    pub quiet_days: Option<i64>,
    pub present: bool,
    pub first_joined_at: Option<Ts>,
    pub joined_at: Option<Ts>,
    pub left_at: Option<Ts>,
    pub join_count: i64,
    pub source: Option<Source>,
    pub confidence: Option<Confidence>,
    pub inviter: Option<NamedUser>,
    pub campaign: Option<String>,
    pub messages: i64,
    /// Admitted, not withdrawn value by kind (every kind listed).
    pub value_given: Vec<KindTotal>,
    pub value_received: Vec<KindTotal>,
    pub value_given_total: i64,
    pub value_received_total: i64,
    pub referrals: ReferralTally,
    pub customer: Option<CustomerInfo>,
}

impl Store {
    /// A member's profile at `now`, or `None` if the store never saw them.
    pub async fn member_profile(
        &self,
        community: CommunityId,
        user: UserId,
        now: Ts,
        funnel: &FunnelConfig,
    ) -> Result<Option<MemberProfile>, StoreError> {
        let Some(m) = self.member(community, user).await? else { return Ok(None) };
        let inviter = match m.inviter {
            Some(i) => Some(NamedUser { user: i, name: self.member(community, i).await?.and_then(|r| r.name) }),
            None => None,
        };
        let (value_given, value_received) = self.value_by_kind(community, user).await?;
        let sales = self.sales(community, Some(user)).await?;
        let customer = match (m.customer_at, sales.first()) {
            (Some(since), first) => {
                let mut revenue: BTreeMap<String, i64> = BTreeMap::new();
                for s in &sales {
                    if let Some(a) = s.amount_minor {
                        *revenue.entry(s.currency.clone().unwrap_or_else(|| "XXX".into())).or_default() += a;
                    }
                }
                Some(CustomerInfo {
                    since: from_millis(since),
                    sales: sales.iter().filter(|s| s.amount_minor.is_some() || s.marked_by.is_some()).count() as i64,
                    revenue: revenue
                        .into_iter()
                        .map(|(currency, amount_minor)| Money { currency, amount_minor })
                        .collect(),
                    source: first.map_or(Source::Unknown, |s| s.source),
                    influenced: first.is_some_and(|s| s.influenced),
                })
            }
            (None, _) => None,
        };
        let last_seen = m.last_seen().map(from_millis);
        Ok(Some(MemberProfile {
            user,
            name: m.name.clone(),
            is_bot: m.is_bot,
            role: m.role(),
            stage: m.stage,
            stage_at: m.stage_at.map(from_millis),
            transitions: self.transitions_of(community, user).await?,
            activity: activity(last_seen, now, funnel),
            last_active_at: m.last_active_at.map(from_millis),
            quiet_days: last_seen.map(|t| quiet_days(t, now)),
            present: m.present(),
            first_joined_at: m.first_joined_at.map(from_millis),
            joined_at: m.joined_at.map(from_millis),
            left_at: m.left_at.map(from_millis),
            join_count: m.join_count,
            source: m.source,
            confidence: m.confidence,
            inviter,
            campaign: m.campaign.clone(),
            messages: m.messages,
            value_given_total: value_given.iter().map(|k| k.weight).sum(),
            value_received_total: value_received.iter().map(|k| k.weight).sum(),
            value_given,
            value_received,
            referrals: self.referral_counts(community, user).await?,
            customer,
        }))
    }
}
