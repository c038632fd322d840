//! The in-memory working set of one batch: the rows the batch's events touch, loaded in bulk
//! at the start, changed in memory by the projections, and written back in bulk at the end.
//!
//! Loading happens in a few bulk queries, in dependency order: messages (to learn the authors of
//! replied-to and reacted-to messages), pending referrals (due ones and the leavers'), value
//! exchanges (on the affected messages, and the recent ones of everyone involved for the
//! anti-abuse limits and the contributor rule), then every member involved, then the inviters of
//! members who become customers.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::Duration;
use sqlx::AnyConnection;

use crate::domain::{Event, Ts, UserId};
use crate::engine::Rules;
use crate::engine::leaderboard::{Board, buckets};
use crate::store::value::Side;
use crate::store::{
    CommunityId, CustomerRow, JoinRow, MemberRow, MessageRow, ReferralRow, StoreError, TransitionRow, ValueRow, joins,
    leaderboard, members, messages, referrals, to_millis, transitions, value,
};

pub(crate) struct BatchState {
    pub community: CommunityId,
    members: HashMap<UserId, MemberRow>,
    dirty_members: HashSet<UserId>,
    /// Everyone the store was asked about: a member missing from `members` is new.
    queried: HashSet<UserId>,
    messages: HashMap<i64, MessageRow>,
    dirty_messages: HashSet<i64>,
    pub new_joins: Vec<JoinRow>,
    pub leaves: Vec<(UserId, i64)>,
    // The value ledger.
    values: Vec<ValueRow>,
    loaded_values: HashSet<i64>,
    by_message: HashMap<i64, Vec<usize>>,
    by_actor: HashMap<UserId, Vec<usize>>,
    by_giver: HashMap<UserId, Vec<usize>>,
    withdrawn: Vec<usize>,
    // The funnel.
    pub transitions: Vec<TransitionRow>,
    referrals: HashMap<UserId, ReferralRow>,
    dirty_referrals: HashSet<UserId>,
    /// Pending referrals by due time.
    due: BTreeSet<(i64, UserId)>,
    // Impact return.
    pub sales: Vec<CustomerRow>,
    // Tracked links: members' personal invites `(user, invite, at)` and campaigns.
    pub personal_invites: Vec<(UserId, String, i64)>,
    pub campaigns: Vec<crate::store::CampaignRow>,
    // Leaderboards.
    scores: HashMap<(Board, String, UserId), i64>,
}

impl BatchState {
    /// Loads everything the events (at their times) and settling referrals up to `until` need.
    pub async fn load(
        conn: &mut AnyConnection,
        community: CommunityId,
        rules: &Rules,
        events: &[(Ts, &Event)],
        until: Option<Ts>,
    ) -> Result<Self, StoreError> {
        let times = events.iter().map(|(t, _)| to_millis(*t)).chain(until.map(to_millis));
        let (min_at, max_at) = times.fold((i64::MAX, i64::MIN), |(lo, hi), t| (lo.min(t), hi.max(t)));
        let mut users = HashSet::new();
        let mut message_ids = HashSet::new();
        let mut withdrawal_messages = HashSet::new();
        let mut leavers = Vec::new();
        let mut buyers = Vec::new();
        for (_, e) in events {
            referenced(e, &mut users, &mut message_ids);
            match e {
                Event::MessageDeleted { message_id } => {
                    withdrawal_messages.insert(*message_id);
                }
                Event::MessageEdited(m) => {
                    withdrawal_messages.insert(m.message_id);
                }
                Event::ReactionRemoved(r) => {
                    withdrawal_messages.insert(r.message_id);
                }
                Event::MemberLeft { user } => leavers.push(*user),
                Event::CustomerMarked(c) => buyers.push(c.user),
                Event::MemberSeen { user, customer_role: true, .. } => buyers.push(*user),
                _ => {}
            }
        }

        let ids: Vec<i64> = message_ids.into_iter().collect();
        let messages: HashMap<i64, MessageRow> =
            messages::load(conn, community, &ids).await?.into_iter().map(|m| (m.message_id, m)).collect();
        users.extend(messages.values().map(|m| m.author));

        let mut state = Self {
            community,
            members: HashMap::new(),
            dirty_members: HashSet::new(),
            queried: HashSet::new(),
            messages,
            dirty_messages: HashSet::new(),
            new_joins: Vec::new(),
            leaves: Vec::new(),
            values: Vec::new(),
            loaded_values: HashSet::new(),
            by_message: HashMap::new(),
            by_actor: HashMap::new(),
            by_giver: HashMap::new(),
            withdrawn: Vec::new(),
            transitions: Vec::new(),
            referrals: HashMap::new(),
            dirty_referrals: HashSet::new(),
            due: BTreeSet::new(),
            sales: Vec::new(),
            personal_invites: Vec::new(),
            campaigns: Vec::new(),
            scores: HashMap::new(),
        };
        if min_at > max_at {
            return Ok(state);
        }

        for r in referrals::load_pending(conn, community, max_at, &leavers).await? {
            users.insert(r.inviter);
            state.due.insert((r.due_at, r.user));
            state.referrals.insert(r.user, r);
        }

        let ids: Vec<i64> = withdrawal_messages.into_iter().collect();
        for v in value::load_by_messages(conn, community, &ids).await? {
            users.extend([v.actor, v.giver, v.receiver]);
            state.add_loaded_value(v);
        }
        let list: Vec<UserId> = users.iter().copied().collect();
        state.load_members(conn, &list).await?;

        // Recent exchanges: a day of the actors' (the daily cap), the cooldown's worth of the
        // givers' (the pair cooldown), and the contributor window of givers who could still
        // become contributors (everyone further along never needs it).
        let ledger = &rules.ledger;
        let cooldown =
            Duration::seconds(i64::try_from(ledger.cooldown_secs).unwrap_or(i64::MAX / 1000)).num_milliseconds();
        let day = Duration::days(1).num_milliseconds();
        let contributor = Duration::days(i64::from(rules.funnel.contributor_window_days)).num_milliseconds();
        for v in
            value::load_recent(conn, community, Side::Actor, &list, min_at.saturating_sub(cooldown.max(day))).await?
        {
            state.add_loaded_value(v);
        }
        let (short, long): (Vec<UserId>, Vec<UserId>) = list.iter().partition(|u| {
            state.members.get(u).is_some_and(|m| m.is_bot || m.stage >= crate::domain::Stage::Contributor)
        });
        for (givers, window) in [(short, cooldown), (long, cooldown.max(contributor))] {
            if givers.is_empty() {
                continue;
            }
            for v in value::load_recent(conn, community, Side::Giver, &givers, min_at.saturating_sub(window)).await? {
                state.add_loaded_value(v);
            }
        }

        // The inviters of members who become customers (the ambassador rule counts them).
        let inviters: Vec<UserId> = buyers
            .iter()
            .filter_map(|u| state.members.get(u).and_then(|m| m.inviter))
            .filter(|u| !state.queried.contains(u))
            .collect();
        state.load_members(conn, &inviters).await?;
        Ok(state)
    }

    async fn load_members(&mut self, conn: &mut AnyConnection, users: &[UserId]) -> Result<(), StoreError> {
        if users.is_empty() {
            return Ok(());
        }
        for m in members::load(conn, self.community, users).await? {
            self.members.insert(m.user, m);
        }
        self.queried.extend(users.iter().copied());
        Ok(())
    }

    fn add_loaded_value(&mut self, v: ValueRow) {
        let Some(id) = v.id else { return };
        if self.loaded_values.insert(id) {
            self.push_value(v);
        }
    }

    /// Adds an exchange to the working set (and its indexes); returns its index.
    pub fn push_value(&mut self, v: ValueRow) -> usize {
        let i = self.values.len();
        if let Some(m) = v.message_id {
            self.by_message.entry(m).or_default().push(i);
        }
        self.by_actor.entry(v.actor).or_default().push(i);
        self.by_giver.entry(v.giver).or_default().push(i);
        self.values.push(v);
        i
    }

    pub fn value(&self, i: usize) -> &ValueRow {
        &self.values[i]
    }

    /// Marks an exchange withdrawn at `at` (once).
    pub fn mark_withdrawn(&mut self, i: usize, at: i64) -> bool {
        let v = &mut self.values[i];
        if v.withdrawn_at.is_some() {
            return false;
        }
        v.withdrawn_at = Some(at);
        if v.id.is_some() {
            self.withdrawn.push(i);
        }
        true
    }

    /// Indexes of the exchanges hanging on a message.
    pub fn values_on_message(&self, message_id: i64) -> Vec<usize> {
        self.by_message.get(&message_id).cloned().unwrap_or_default()
    }

    /// Exchanges the user recorded as actor.
    pub fn values_by_actor(&self, user: UserId) -> impl Iterator<Item = &ValueRow> {
        self.by_actor.get(&user).into_iter().flatten().map(|&i| &self.values[i])
    }

    /// Exchanges where the user gave value.
    pub fn values_by_giver(&self, user: UserId) -> impl Iterator<Item = &ValueRow> {
        self.by_giver.get(&user).into_iter().flatten().map(|&i| &self.values[i])
    }

    /// A member's row, if the store has one.
    pub fn member(&self, user: UserId) -> Option<&MemberRow> {
        self.members.get(&user)
    }

    /// A member's row for changing; created (as a member seen for the first time) if missing.
    pub fn member_mut(&mut self, user: UserId) -> &mut MemberRow {
        debug_assert!(
            self.members.contains_key(&user) || self.queried.contains(&user),
            "member {user} was not loaded: the batch would overwrite their stored row"
        );
        self.dirty_members.insert(user);
        let community = self.community;
        self.members.entry(user).or_insert_with(|| MemberRow::new(community, user))
    }

    pub fn message(&self, id: i64) -> Option<&MessageRow> {
        self.messages.get(&id)
    }

    pub fn put_message(&mut self, row: MessageRow) {
        self.dirty_messages.insert(row.message_id);
        self.messages.insert(row.message_id, row);
    }

    pub fn message_mut(&mut self, id: i64) -> Option<&mut MessageRow> {
        let m = self.messages.get_mut(&id)?;
        self.dirty_messages.insert(id);
        Some(m)
    }

    pub fn referral(&self, user: UserId) -> Option<&ReferralRow> {
        self.referrals.get(&user)
    }

    /// Adds or replaces a referral; pending ones are queued by due time.
    pub fn put_referral(&mut self, row: ReferralRow) {
        if let Some(old) = self.referrals.get(&row.user) {
            self.due.remove(&(old.due_at, old.user));
        }
        if row.status == crate::store::ReferralStatus::Pending {
            self.due.insert((row.due_at, row.user));
        }
        self.dirty_referrals.insert(row.user);
        self.referrals.insert(row.user, row);
    }

    /// The next pending referral due at or before `at`, taken off the queue.
    pub fn pop_due(&mut self, at: i64) -> Option<UserId> {
        let first = *self.due.first()?;
        (first.0 <= at).then(|| {
            self.due.remove(&first);
            first.1
        })
    }

    /// Adds `delta` to a member's score on a board, in every bucket of `at`.
    pub fn score(&mut self, board: Board, user: UserId, at: i64, delta: i64) {
        for bucket in buckets(crate::store::from_millis(at)) {
            *self.scores.entry((board, bucket, user)).or_default() += delta;
        }
    }

    /// Writes everything that changed.
    pub async fn flush(&mut self, conn: &mut AnyConnection) -> Result<(), StoreError> {
        let dirty: Vec<&MemberRow> = self.dirty_members.iter().filter_map(|u| self.members.get(u)).collect();
        members::upsert(conn, &dirty).await?;
        let dirty: Vec<&MessageRow> = self.dirty_messages.iter().filter_map(|m| self.messages.get(m)).collect();
        messages::upsert(conn, &dirty).await?;
        joins::insert(conn, &self.new_joins).await?;
        joins::mark_left(conn, self.community, &self.leaves).await?;
        let new_values: Vec<&ValueRow> = self.values.iter().filter(|v| v.id.is_none()).collect();
        value::insert(conn, &new_values).await?;
        let withdrawals: Vec<(i64, i64)> =
            self.withdrawn.iter().filter_map(|&i| Some((self.values[i].id?, self.values[i].withdrawn_at?))).collect();
        value::withdraw(conn, &withdrawals).await?;
        transitions::insert(conn, &self.transitions).await?;
        let dirty: Vec<&ReferralRow> = self.dirty_referrals.iter().filter_map(|u| self.referrals.get(u)).collect();
        referrals::upsert(conn, &dirty).await?;
        crate::store::customers::insert(conn, &self.sales).await?;
        for (user, invite, at) in &self.personal_invites {
            crate::store::personal_invites::insert(conn, self.community, *user, invite, *at).await?;
        }
        for c in &self.campaigns {
            crate::store::campaigns::insert(conn, c).await?;
        }
        let mut deltas: Vec<(Board, String, UserId, i64)> =
            self.scores.drain().filter(|(_, d)| *d != 0).map(|((b, k, u), d)| (b, k, u, d)).collect();
        deltas.sort_unstable();
        leaderboard::add(conn, self.community, &deltas).await?;
        Ok(())
    }
}

/// The members and messages an event refers to.
fn referenced(e: &Event, users: &mut HashSet<UserId>, messages: &mut HashSet<i64>) {
    match e {
        Event::MemberJoined(j) => {
            users.insert(j.user);
            users.extend(j.attribution.inviter);
        }
        Event::MessagePosted(m) | Event::MessageEdited(m) => {
            users.insert(m.author);
            users.extend(m.mentions.iter().copied());
            messages.insert(m.message_id);
            if let Some(r) = &m.reply_to {
                messages.insert(r.message_id);
                users.extend(r.author);
            }
        }
        Event::MessageDeleted { message_id } => {
            messages.insert(*message_id);
        }
        Event::ReactionAdded(r) | Event::ReactionRemoved(r) => {
            users.insert(r.user);
            users.extend(r.author);
            messages.insert(r.message_id);
        }
        Event::ValueLogged { giver, receiver, by, .. } => {
            users.insert(*giver);
            users.insert(*receiver);
            users.extend(*by);
        }
        Event::CustomerMarked(c) => {
            users.insert(c.user);
            users.insert(c.by);
        }
        Event::ProfessionalSet { user, by, .. } | Event::MemberForgotten { user, by } => {
            users.insert(*user);
            users.insert(*by);
        }
        Event::MemberLeft { user } | Event::MemberSeen { user, .. } | Event::PersonalInviteCreated { user, .. } => {
            users.insert(*user);
        }
        Event::CampaignCreated { by, .. } => {
            users.insert(*by);
        }
    }
}
