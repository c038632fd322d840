//! The stage rules, as pure functions over a member's facts.
//!
//! | stage | default rule (`[funnel]`) |
//! | --- | --- |
//! | engaged | `engaged_messages` (3) messages within `engaged_window_days` (14) of joining |
//! | contributor | gave value `contributor_exchanges` (3) times to `contributor_distinct` (2) members within `contributor_window_days` (30) |
//! | customer | marked by a manager, or holds a configured customer role |
//! | ambassador | `ambassador_validated_referrals` (2) validated referrals, or `ambassador_customer_referrals` (1) referral who became a customer |
//!
//! A member's stage is the furthest one whose rule held at some point: stages never go back.

use std::collections::HashSet;

use chrono::Duration;

use super::reason::StageReason;
use crate::config::FunnelConfig;
use crate::domain::{Stage, Ts, UserId};

/// How a member became a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomerFact {
    /// Marked by a manager (the marker when known).
    Marked { by: Option<UserId> },
    /// Holds a configured customer role.
    Role,
}

/// Value given in the contributor window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Given {
    /// Exchanges in the window.
    pub exchanges: u32,
    /// Distinct receivers in the window.
    pub members: u32,
}

/// What the rules read about one member at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Facts {
    /// Messages within the engagement window after joining (or first being seen).
    pub early_messages: u32,
    pub given: Given,
    pub customer: Option<CustomerFact>,
    pub validated_referrals: u32,
    pub customer_referrals: u32,
}

/// Counts the value given within the contributor window ending at `now` (inclusive), from
/// `(receiver, at)` pairs of the member's admitted, not withdrawn exchanges as giver.
pub fn given_in_window(given: impl IntoIterator<Item = (UserId, Ts)>, now: Ts, rules: &FunnelConfig) -> Given {
    let window = Duration::days(i64::from(rules.contributor_window_days));
    let mut exchanges = 0u32;
    let mut members = HashSet::new();
    for (receiver, at) in given {
        if at <= now && now - at < window {
            exchanges += 1;
            members.insert(receiver);
        }
    }
    Given { exchanges, members: u32::try_from(members.len()).unwrap_or(u32::MAX) }
}

/// The furthest stage whose rule holds for these facts, with the reason; `None` for newcomers.
pub fn furthest(facts: &Facts, rules: &FunnelConfig) -> Option<(Stage, StageReason)> {
    if facts.validated_referrals >= rules.ambassador_validated_referrals {
        return Some((Stage::Ambassador, StageReason::ValidatedReferrals { referrals: facts.validated_referrals }));
    }
    if facts.customer_referrals >= rules.ambassador_customer_referrals {
        return Some((Stage::Ambassador, StageReason::CustomerReferrals { referrals: facts.customer_referrals }));
    }
    match facts.customer {
        Some(CustomerFact::Marked { by }) => return Some((Stage::Customer, StageReason::MarkedCustomer { by })),
        Some(CustomerFact::Role) => return Some((Stage::Customer, StageReason::CustomerRole)),
        None => {}
    }
    let g = facts.given;
    if g.exchanges >= rules.contributor_exchanges && g.members >= rules.contributor_distinct {
        return Some((
            Stage::Contributor,
            StageReason::GaveValue { exchanges: g.exchanges, members: g.members, days: rules.contributor_window_days },
        ));
    }
    if facts.early_messages >= rules.engaged_messages {
        return Some((
            Stage::Engaged,
            StageReason::Messages { messages: facts.early_messages, days: rules.engaged_window_days },
        ));
    }
    None
}

/// The promotion these facts earn a member now at `current`, if any.
pub fn promotion(current: Stage, facts: &Facts, rules: &FunnelConfig) -> Option<(Stage, StageReason)> {
    furthest(facts, rules).filter(|(stage, _)| *stage > current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn t(days: i64) -> Ts {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap() + Duration::days(days)
    }

    #[test]
    fn engaged_needs_enough_early_messages() {
        let rules = FunnelConfig::default();
        let f = |n| Facts { early_messages: n, ..Facts::default() };
        assert_eq!(furthest(&f(2), &rules), None);
        assert_eq!(furthest(&f(3), &rules), Some((Stage::Engaged, StageReason::Messages { messages: 3, days: 14 })));
    }

    #[test]
    fn contributor_needs_exchanges_and_distinct_members_in_the_window() {
        let rules = FunnelConfig::default();
        let given = [(1, t(0)), (1, t(1)), (2, t(2))];
        let g = given_in_window(given, t(2), &rules);
        assert_eq!(g, Given { exchanges: 3, members: 2 });
        let facts = Facts { given: g, ..Facts::default() };
        assert_eq!(furthest(&facts, &rules).unwrap().0, Stage::Contributor);
        // Three times to the same member is not enough.
        let one = given_in_window([(1, t(0)), (1, t(1)), (1, t(2))], t(2), &rules);
        assert_eq!(furthest(&Facts { given: one, ..Facts::default() }, &rules), None);
        // Exchanges older than the window fall out (30 days after the first one).
        let late = given_in_window(given, t(30), &rules);
        assert_eq!(late, Given { exchanges: 2, members: 2 });
        // Exchanges after `now` are not counted.
        assert_eq!(given_in_window(given, t(0), &rules).exchanges, 1);
    }

    #[test]
    fn customer_by_mark_or_role() {
        let rules = FunnelConfig::default();
        let marked = Facts { customer: Some(CustomerFact::Marked { by: Some(9) }), ..Facts::default() };
        assert_eq!(furthest(&marked, &rules), Some((Stage::Customer, StageReason::MarkedCustomer { by: Some(9) })));
        let role = Facts { customer: Some(CustomerFact::Role), ..Facts::default() };
        assert_eq!(furthest(&role, &rules), Some((Stage::Customer, StageReason::CustomerRole)));
    }

    #[test]
    fn ambassador_by_validated_referrals_or_a_customer_referral() {
        let rules = FunnelConfig::default();
        let one = Facts { validated_referrals: 1, ..Facts::default() };
        assert_eq!(furthest(&one, &rules), None);
        let two = Facts { validated_referrals: 2, ..Facts::default() };
        assert_eq!(furthest(&two, &rules), Some((Stage::Ambassador, StageReason::ValidatedReferrals { referrals: 2 })));
        let cust = Facts { customer_referrals: 1, ..Facts::default() };
        assert_eq!(furthest(&cust, &rules), Some((Stage::Ambassador, StageReason::CustomerReferrals { referrals: 1 })));
    }

    #[test]
    fn the_furthest_stage_wins_and_stages_never_go_back() {
        let rules = FunnelConfig::default();
        let facts = Facts { early_messages: 5, customer: Some(CustomerFact::Role), ..Facts::default() };
        assert_eq!(furthest(&facts, &rules).unwrap().0, Stage::Customer);
        assert_eq!(promotion(Stage::Engaged, &facts, &rules).unwrap().0, Stage::Customer);
        assert_eq!(promotion(Stage::Customer, &facts, &rules), None);
        assert_eq!(promotion(Stage::Ambassador, &facts, &rules), None, "no demotion");
    }

    #[test]
    fn rules_are_configurable() {
        let rules = FunnelConfig { engaged_messages: 1, ambassador_validated_referrals: 5, ..FunnelConfig::default() };
        assert_eq!(furthest(&Facts { early_messages: 1, ..Facts::default() }, &rules).unwrap().0, Stage::Engaged);
        assert_eq!(furthest(&Facts { validated_referrals: 4, ..Facts::default() }, &rules), None);
    }
}
