//! The funnel's projection: stage evaluation (through `engine::funnel`), referral validation and
//! sales (through `engine::impact`).

use chrono::Duration;

use super::state::BatchState;
use crate::domain::UserId;
use crate::engine::Rules;
use crate::engine::funnel::{self, CustomerFact, Facts};
use crate::engine::impact::{self, Buyer};
use crate::engine::leaderboard::Board;
use crate::store::{CustomerRow, ReferralRow, ReferralStatus, TransitionRow, from_millis};

/// Re-reads a member's facts at `at` and records a promotion if a further stage's rule holds.
/// `customer` says how they just became a customer (for the reason).
pub(crate) fn evaluate(state: &mut BatchState, rules: &Rules, user: UserId, at: i64, customer: Option<CustomerFact>) {
    let Some(m) = state.member(user) else { return };
    if m.is_bot || m.stage == crate::domain::Stage::Ambassador {
        return;
    }
    let now = from_millis(at);
    let given =
        state.values_by_giver(user).filter(|v| v.withdrawn_at.is_none()).map(|v| (v.receiver, from_millis(v.at)));
    let customer = customer.or_else(|| {
        m.customer_at.map(|_| if m.customer_role { CustomerFact::Role } else { CustomerFact::Marked { by: None } })
    });
    let facts = Facts {
        early_messages: u32::try_from(m.early_messages).unwrap_or(u32::MAX),
        given: funnel::given_in_window(given, now, &rules.funnel),
        customer,
        validated_referrals: u32::try_from(m.referrals_validated).unwrap_or(u32::MAX),
        customer_referrals: u32::try_from(m.referrals_customers).unwrap_or(u32::MAX),
    };
    let from = m.stage;
    if let Some((to, reason)) = funnel::promotion(from, &facts, &rules.funnel) {
        let community = state.community;
        let m = state.member_mut(user);
        m.stage = to;
        m.stage_at = Some(at);
        state.transitions.push(TransitionRow { community, user, at, from, to, reason });
    }
}

/// A counted referral starts pending; it validates `attribution.validation_days` later if the
/// invitee is still there.
pub(crate) fn new_referral(state: &mut BatchState, rules: &Rules, user: UserId, inviter: UserId, at: i64) {
    if state.member(inviter).is_some_and(|m| m.is_bot) || state.referral(user).is_some() {
        return;
    }
    let due_at = at + Duration::days(i64::from(rules.attribution.validation_days)).num_milliseconds();
    state.put_referral(ReferralRow {
        community: state.community,
        user,
        inviter,
        joined_at: at,
        due_at,
        status: ReferralStatus::Pending,
        settled_at: None,
    });
}

/// The invitee left: a pending referral will never validate.
pub(crate) fn referral_left(state: &mut BatchState, user: UserId, at: i64) {
    if let Some(r) = state.referral(user).filter(|r| r.status == ReferralStatus::Pending) {
        let row = ReferralRow { status: ReferralStatus::Left, settled_at: Some(at), ..r.clone() };
        state.put_referral(row);
    }
}

/// Validates every pending referral due at or before `at`, at its due time: the inviter's count
/// and board go up and their stage is re-evaluated at that moment.
pub(crate) fn settle_due(state: &mut BatchState, rules: &Rules, at: i64) {
    while let Some(user) = state.pop_due(at) {
        let Some(r) = state.referral(user).cloned() else { continue };
        if r.status != ReferralStatus::Pending {
            continue;
        }
        let due = r.due_at;
        let inviter = r.inviter;
        state.put_referral(ReferralRow { status: ReferralStatus::Validated, settled_at: Some(due), ..r });
        state.member_mut(inviter).referrals_validated += 1;
        state.score(Board::Referrals, inviter, due, 1);
        evaluate(state, rules, inviter, due, None);
    }
}

/// A sale (or a customer role appearing): recorded with its credit; the first one makes the
/// member a customer and counts for their referrer's ambassador rule.
#[allow(clippy::too_many_arguments)]
pub(crate) fn become_customer(
    state: &mut BatchState,
    rules: &Rules,
    event_id: i64,
    at: i64,
    user: UserId,
    by: Option<UserId>,
    amount_minor: Option<i64>,
    currency: Option<&str>,
) {
    let community = state.community;
    let m = state.member_mut(user);
    let credit = impact::credit_sale(
        Buyer {
            source: m.source,
            inviter: m.inviter,
            campaign: m.campaign.as_deref(),
            last_active: m.last_active_at.map(from_millis),
        },
        from_millis(at),
    );
    let first = m.customer_at.is_none();
    if first {
        m.customer_at = Some(at);
    }
    let (inviter, is_bot) = (m.inviter, m.is_bot);
    state.sales.push(CustomerRow {
        community,
        event_id,
        user,
        at,
        amount_minor: amount_minor.map(|a| a.max(0)),
        currency: currency.map(|c| c.trim().to_uppercase()).filter(|c| !c.is_empty()),
        source: credit.source,
        inviter: credit.inviter,
        campaign: credit.campaign,
        influenced: credit.influenced,
        marked_by: by,
    });
    if !first || is_bot {
        return;
    }
    let fact = match by {
        Some(by) => CustomerFact::Marked { by: Some(by) },
        None => CustomerFact::Role,
    };
    evaluate(state, rules, user, at, Some(fact));
    if let Some(inviter) = inviter {
        state.member_mut(inviter).referrals_customers += 1;
        evaluate(state, rules, inviter, at, None);
    }
}
