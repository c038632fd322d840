//! How each domain event changes the projections (in the batch's working set).

use chrono::Duration;

use super::funnel::{become_customer, evaluate, new_referral, referral_left, settle_due};
use super::ledger::{credit_edit, credit_message, credit_reaction, log_value, withdraw_message, withdraw_reaction};
use super::state::BatchState;
use crate::domain::{Event, Join, Message, Ts};
use crate::engine::Rules;
use crate::engine::attribution::assess_quality;
use crate::engine::funnel::CustomerFact;
use crate::store::{JoinRow, MemberRow, MessageRow, to_millis};

/// Applies one new event (already appended to the log with id `event_id`) that happened at `at`.
/// Referrals that fell due before it are settled first, so the outcome depends only on the
/// events' order, not on how they were batched or when the scheduler ticked.
pub(crate) fn project(state: &mut BatchState, rules: &Rules, event_id: i64, at_ts: Ts, event: &Event) {
    let at = to_millis(at_ts);
    settle_due(state, rules, at);
    match event {
        Event::MemberJoined(join) => joined(state, rules, event_id, at_ts, join),
        Event::MemberLeft { user } => {
            let m = state.member_mut(*user);
            m.left_at = Some(at);
            state.leaves.push((*user, at));
            referral_left(state, *user, at);
        }
        Event::MemberSeen { user, name, is_bot, role, customer_role } => {
            let m = state.member_mut(*user);
            if name.is_some() {
                m.name.clone_from(name);
            }
            m.is_bot = *is_bot;
            if let Some(role) = role {
                m.platform_role = *role;
            }
            let gained = *customer_role && !m.customer_role;
            m.customer_role = *customer_role;
            if gained && m.customer_at.is_none() {
                become_customer(state, rules, event_id, at, *user, None, None, None);
            } else if gained {
                evaluate(state, rules, *user, at, Some(CustomerFact::Role));
            }
        }
        Event::MessagePosted(msg) => {
            posted(state, rules, at, msg);
            credit_message(state, rules, event_id, at, msg);
            evaluate(state, rules, msg.author, at, None);
        }
        Event::MessageEdited(msg) => {
            if let Some(row) = state.message_mut(msg.message_id) {
                row.question = msg.signals.question;
            }
            credit_edit(state, rules, event_id, at, msg);
        }
        Event::MessageDeleted { message_id } => {
            if let Some(row) = state.message_mut(*message_id) {
                row.deleted = true;
            }
            withdraw_message(state, *message_id, at);
        }
        Event::ReactionAdded(r) => credit_reaction(state, rules, event_id, at, r),
        Event::ReactionRemoved(r) => withdraw_reaction(state, rules, r, at),
        Event::ValueLogged { giver, receiver, by, kind, weight, note } => {
            log_value(state, rules, event_id, at, (*giver, *receiver, *by), *kind, *weight, note.as_deref());
        }
        Event::ProfessionalSet { user, on, .. } => {
            state.member_mut(*user).professional = *on;
        }
        Event::CustomerMarked(sale) => become_customer(
            state,
            rules,
            event_id,
            at,
            sale.user,
            Some(sale.by),
            sale.amount_minor,
            sale.currency.as_deref(),
        ),
        // Tracked links: the first one stored for a member or a campaign name stays.
        Event::PersonalInviteCreated { user, invite } => state.personal_invites.push((*user, invite.clone(), at)),
        Event::CampaignCreated { name, paid, invite, by } => state.campaigns.push(crate::store::CampaignRow {
            community: state.community,
            name: name.clone(),
            paid: *paid,
            invite: invite.clone(),
            created_by: Some(*by),
            created_at: at,
        }),
        // Privacy projects this.
        Event::MemberForgotten { .. } => {}
    }
}

/// Records that a member was seen acting (or joining) at `at`.
pub(crate) fn seen(m: &mut MemberRow, at: i64) {
    if m.first_seen_at.is_none_or(|t| t > at) {
        m.first_seen_at = Some(at);
    }
}

/// Records activity (a message, a reaction, a manual thanks) at `at`.
pub(crate) fn active(m: &mut MemberRow, at: i64) {
    seen(m, at);
    m.last_active_at = Some(m.last_active_at.map_or(at, |t| t.max(at)));
}

fn joined(state: &mut BatchState, rules: &Rules, event_id: i64, at_ts: Ts, join: &Join) {
    let at = to_millis(at_ts);
    let was_member_before = state.member(join.user).is_some_and(|m| m.join_count > 0);
    let quality = assess_quality(join, at_ts, was_member_before, &rules.attribution);
    let community = state.community;
    let m = state.member_mut(join.user);
    if join.name.is_some() {
        m.name.clone_from(&join.name);
    }
    m.is_bot = join.is_bot;
    m.joined_at = Some(at);
    m.left_at = None;
    m.join_count += 1;
    seen(m, at);
    if !was_member_before {
        m.first_joined_at = Some(at);
        let a = &join.attribution;
        m.source = Some(a.source);
        m.confidence = Some(a.confidence);
        m.inviter = if quality.self_invite { None } else { a.credited_inviter() };
        m.campaign.clone_from(&a.campaign);
        if let Some(inviter) = m.inviter
            && quality.counts()
            && !join.is_bot
        {
            new_referral(state, rules, join.user, inviter, at);
        }
    }
    state.new_joins.push(JoinRow {
        community,
        event_id,
        user: join.user,
        at,
        attribution: join.attribution.clone(),
        quality,
        left_at: None,
    });
}

fn posted(state: &mut BatchState, rules: &Rules, at: i64, msg: &Message) {
    let window = Duration::days(i64::from(rules.funnel.engaged_window_days)).num_milliseconds();
    let community = state.community;
    let m = state.member_mut(msg.author);
    m.is_bot |= msg.author_is_bot;
    m.messages += 1;
    active(m, at);
    // Members who were there before snowball count from when they were first seen.
    if m.joined_at.or(m.first_seen_at).is_some_and(|j| at >= j && at < j + window) {
        m.early_messages += 1;
    }
    state.put_message(MessageRow {
        community,
        message_id: msg.message_id,
        author: msg.author,
        at,
        question: msg.signals.question,
        deleted: false,
    });
}
