//! What an invite fetch would return at any moment of a timeline.

use std::collections::{BTreeMap, HashMap};

use super::world::{Change, Timeline};
use crate::engine::attribution::discord::{InviteInfo, InviteList, Millis, Vanity};

/// Replays the changes to answer "what would a fetch return at time t" (t never decreases).
pub struct WorldCursor<'a> {
    timeline: &'a Timeline,
    next: usize,
    /// Creation order → invite (Discord lists them in a stable order).
    invites: BTreeMap<u64, InviteInfo>,
    order: HashMap<String, u64>,
    seq: u64,
    vanity: Option<Vanity>,
}

impl<'a> WorldCursor<'a> {
    pub fn new(timeline: &'a Timeline) -> Self {
        let mut c = Self {
            timeline,
            next: 0,
            invites: BTreeMap::new(),
            order: HashMap::new(),
            seq: 0,
            vanity: timeline.initial.vanity.clone(),
        };
        for i in &timeline.initial.invites {
            c.add(i.clone());
        }
        c
    }

    fn add(&mut self, i: InviteInfo) {
        self.seq += 1;
        self.order.insert(i.code.clone(), self.seq);
        self.invites.insert(self.seq, i);
    }

    /// The list a fetch served at `t` returns.
    pub fn list_at(&mut self, t: Millis) -> InviteList {
        while let Some((at, change)) = self.timeline.changes.get(self.next) {
            if *at > t {
                break;
            }
            self.next += 1;
            match change {
                Change::Create(i) => self.add(i.clone()),
                Change::Remove(code) => {
                    if let Some(seq) = self.order.remove(code) {
                        self.invites.remove(&seq);
                    }
                }
                Change::Use(code) => {
                    if let Some(inv) = self.order.get(code).and_then(|s| self.invites.get_mut(s)) {
                        inv.uses += 1;
                    }
                }
                Change::VanityUse => {
                    if let Some(v) = &mut self.vanity {
                        v.uses += 1;
                    }
                }
            }
        }
        let now = self.timeline.wall(t);
        InviteList {
            invites: self.invites.values().filter(|i| !i.may_have_expired(now)).cloned().collect(),
            vanity: self.vanity.clone(),
        }
    }
}
