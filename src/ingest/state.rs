//! The in-memory working set of one batch: the rows the batch's events touch, loaded in bulk
//! at the start, changed in memory by the projections, and written back in bulk at the end.

use std::collections::{HashMap, HashSet};

use sqlx::AnyConnection;

use crate::domain::{Event, UserId};
use crate::store::{CommunityId, JoinRow, MemberRow, MessageRow, StoreError, joins, members, messages};

pub(crate) struct BatchState {
    pub community: CommunityId,
    members: HashMap<UserId, MemberRow>,
    dirty_members: HashSet<UserId>,
    messages: HashMap<i64, MessageRow>,
    dirty_messages: HashSet<i64>,
    pub new_joins: Vec<JoinRow>,
    pub leaves: Vec<(UserId, i64)>,
}

impl BatchState {
    /// Loads every member and message the events refer to, in two queries.
    pub async fn load(conn: &mut AnyConnection, community: CommunityId, events: &[&Event]) -> Result<Self, StoreError> {
        let mut users = HashSet::new();
        let mut message_ids = HashSet::new();
        for e in events {
            referenced(e, &mut users, &mut message_ids);
        }
        let users: Vec<UserId> = users.into_iter().collect();
        let ids: Vec<i64> = message_ids.into_iter().collect();
        let members = members::load(conn, community, &users).await?.into_iter().map(|m| (m.user, m)).collect();
        let messages = messages::load(conn, community, &ids).await?.into_iter().map(|m| (m.message_id, m)).collect();
        Ok(Self {
            community,
            members,
            dirty_members: HashSet::new(),
            messages,
            dirty_messages: HashSet::new(),
            new_joins: Vec::new(),
            leaves: Vec::new(),
        })
    }

    /// A member's row, if the store has one.
    pub fn member(&self, user: UserId) -> Option<&MemberRow> {
        self.members.get(&user)
    }

    /// A member's row for changing; created (as a member seen for the first time) if missing.
    pub fn member_mut(&mut self, user: UserId) -> &mut MemberRow {
        self.dirty_members.insert(user);
        let community = self.community;
        self.members.entry(user).or_insert_with(|| MemberRow::new(community, user))
    }

    #[allow(dead_code)] // used by the value ledger's projections
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

    /// Writes everything that changed.
    pub async fn flush(&mut self, conn: &mut AnyConnection) -> Result<(), StoreError> {
        let dirty: Vec<&MemberRow> = self.dirty_members.iter().filter_map(|u| self.members.get(u)).collect();
        members::upsert(conn, &dirty).await?;
        let dirty: Vec<&MessageRow> = self.dirty_messages.iter().filter_map(|m| self.messages.get(m)).collect();
        messages::upsert(conn, &dirty).await?;
        joins::insert(conn, &self.new_joins).await?;
        for (user, at) in &self.leaves {
            joins::mark_left(conn, self.community, *user, *at).await?;
        }
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
        Event::ValueLogged { giver, receiver, .. } => {
            users.insert(*giver);
            users.insert(*receiver);
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
