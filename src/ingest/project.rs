//! How each domain event changes the projections (in the batch's working set).

use chrono::Duration;

use super::state::BatchState;
use crate::domain::{Envelope, Event, Join, Message};
use crate::engine::Rules;
use crate::engine::attribution::assess_quality;
use crate::store::{JoinRow, MessageRow, to_millis};

/// Applies one new event (already appended to the log with id `event_id`).
pub(crate) fn project(state: &mut BatchState, rules: &Rules, event_id: i64, env: &Envelope) {
    let at = to_millis(env.at);
    match &env.event {
        Event::MemberJoined(join) => joined(state, rules, event_id, env, join),
        Event::MemberLeft { user } => {
            let m = state.member_mut(*user);
            m.left_at = Some(at);
            state.leaves.push((*user, at));
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
            m.customer_role = *customer_role;
        }
        Event::MessagePosted(msg) => posted(state, rules, at, msg),
        Event::MessageEdited(msg) => {
            if let Some(row) = state.message_mut(msg.message_id) {
                row.question = msg.signals.question;
            }
        }
        Event::MessageDeleted { message_id } => {
            if let Some(row) = state.message_mut(*message_id) {
                row.deleted = true;
            }
        }
        // The value ledger, the funnel and impact return project these.
        Event::ReactionAdded(_)
        | Event::ReactionRemoved(_)
        | Event::ValueLogged { .. }
        | Event::ProfessionalSet { .. }
        | Event::CustomerMarked(_)
        | Event::CampaignCreated { .. }
        | Event::PersonalInviteCreated { .. }
        | Event::MemberForgotten { .. } => {}
    }
}

fn joined(state: &mut BatchState, rules: &Rules, event_id: i64, env: &Envelope, join: &Join) {
    let at = to_millis(env.at);
    let was_member_before = state.member(join.user).is_some_and(|m| m.join_count > 0);
    let quality = assess_quality(join, env.at, was_member_before, &rules.attribution);
    let community = state.community;
    let m = state.member_mut(join.user);
    if join.name.is_some() {
        m.name.clone_from(&join.name);
    }
    m.is_bot = join.is_bot;
    m.joined_at = Some(at);
    m.left_at = None;
    m.join_count += 1;
    if !was_member_before {
        m.first_joined_at = Some(at);
        let a = &join.attribution;
        m.source = Some(a.source);
        m.confidence = Some(a.confidence);
        m.inviter = if quality.self_invite { None } else { a.credited_inviter() };
        m.campaign.clone_from(&a.campaign);
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
    if m.joined_at.is_some_and(|j| at >= j && at < j + window) {
        m.early_messages += 1;
    }
    m.last_active_at = Some(m.last_active_at.map_or(at, |t| t.max(at)));
    state.put_message(MessageRow {
        community,
        message_id: msg.message_id,
        author: msg.author,
        at,
        question: msg.signals.question,
        deleted: false,
    });
}
