//! Referrals: the status of each one, a member's counts, the referral tree (the snowball) and
//! the k-factor. Pure; the store feeds it rows.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::{UserId, words};

/// Where a referral stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    /// The invitee has not stayed `validation_days` yet.
    Pending,
    /// The invitee stayed `validation_days`.
    Validated,
    /// The invitee left within `validation_days`.
    Left,
    /// The invitee's account was younger than `suspect_account_days` when they joined.
    Suspect,
}

words!(ReferralStatus { Pending => "pending", Validated => "validated", Left => "left", Suspect => "suspect" });

const DAY_MS: i64 = 86_400_000;

/// The status of one referral (times in Unix milliseconds). `suspect` wins over the rest;
/// leaving after the validation period does not undo a validation.
pub fn referral_status(
    joined: i64,
    left: Option<i64>,
    suspect: bool,
    now: i64,
    validation_days: u32,
) -> ReferralStatus {
    let validated_at = joined + i64::from(validation_days) * DAY_MS;
    if suspect {
        ReferralStatus::Suspect
    } else if left.is_some_and(|l| l < validated_at) {
        ReferralStatus::Left
    } else if now >= validated_at {
        ReferralStatus::Validated
    } else {
        ReferralStatus::Pending
    }
}

/// A member's referral counts. Only credited referrals count (exact or inferred, not a
/// self-invite, not a rejoin).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralCounts {
    pub user: UserId,
    pub validated: i64,
    pub pending: i64,
    pub left: i64,
    pub suspect: i64,
    /// Added (or removed) by managers.
    pub bonus: i64,
}

impl ReferralCounts {
    pub fn new(user: UserId) -> Self {
        Self { user, ..Self::default() }
    }

    pub fn add(&mut self, status: ReferralStatus) {
        match status {
            ReferralStatus::Pending => self.pending += 1,
            ReferralStatus::Validated => self.validated += 1,
            ReferralStatus::Left => self.left += 1,
            ReferralStatus::Suspect => self.suspect += 1,
        }
    }

    /// What a leaderboard shows: validated referrals plus bonus.
    pub fn total(&self) -> i64 {
        self.validated + self.bonus
    }
}

/// A member's place in the referral tree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeStats {
    /// Members they brought in.
    pub direct: u64,
    /// Members brought in by those, and so on down.
    pub indirect: u64,
    /// Levels below them (0 = brought nobody).
    pub depth: u32,
}

impl TreeStats {
    /// Everyone downstream.
    pub fn size(&self) -> u64 {
        self.direct + self.indirect
    }
}

/// Who brought whom: each member's credited inviter (from their first join).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReferralTree {
    inviter: HashMap<UserId, UserId>,
    invited: HashMap<UserId, Vec<UserId>>,
}

impl ReferralTree {
    /// From `(member, inviter)` edges. Self-loops are ignored.
    pub fn new(edges: impl IntoIterator<Item = (UserId, UserId)>) -> Self {
        let mut t = Self::default();
        for (member, inviter) in edges {
            if member == inviter || t.inviter.contains_key(&member) {
                continue;
            }
            t.inviter.insert(member, inviter);
            t.invited.entry(inviter).or_default().push(member);
        }
        for v in t.invited.values_mut() {
            v.sort_unstable();
        }
        t
    }

    pub fn inviter_of(&self, member: UserId) -> Option<UserId> {
        self.inviter.get(&member).copied()
    }

    /// The members `member` brought in directly.
    pub fn direct(&self, member: UserId) -> &[UserId] {
        self.invited.get(&member).map_or(&[], Vec::as_slice)
    }

    /// Everyone downstream of `member` with their level (1 = direct), breadth first. A cycle
    /// (possible with odd data, e.g. people who were members before the bot) is cut.
    pub fn descendants(&self, member: UserId) -> Vec<(UserId, u32)> {
        let mut out = Vec::new();
        let mut seen = HashSet::from([member]);
        let mut level = vec![member];
        let mut depth = 0;
        while !level.is_empty() {
            depth += 1;
            let mut next = Vec::new();
            for m in level {
                for &c in self.direct(m) {
                    if seen.insert(c) {
                        out.push((c, depth));
                        next.push(c);
                    }
                }
            }
            level = next;
        }
        out
    }

    pub fn stats(&self, member: UserId) -> TreeStats {
        let d = self.descendants(member);
        let direct = d.iter().filter(|(_, l)| *l == 1).count() as u64;
        TreeStats { direct, indirect: d.len() as u64 - direct, depth: d.iter().map(|(_, l)| *l).max().unwrap_or(0) }
    }

    /// How many inviters lie above `member`: 0 for someone nobody brought in (organic,
    /// campaign, unknown), 1 for someone they brought, and so on.
    pub fn generation(&self, member: UserId) -> u32 {
        let mut seen = HashSet::from([member]);
        let mut g = 0;
        let mut m = member;
        while let Some(i) = self.inviter_of(m) {
            if !seen.insert(i) {
                break;
            }
            g += 1;
            m = i;
        }
        g
    }

    /// The roots of the tree: inviters with no inviter of their own.
    pub fn roots(&self) -> Vec<UserId> {
        let mut r: Vec<UserId> = self.invited.keys().copied().filter(|i| !self.inviter.contains_key(i)).collect();
        r.sort_unstable();
        r
    }
}

/// The k-factor of a period: referred joins per member who joined in the previous period of
/// the same length.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KFactor {
    /// Credited referral joins in the period.
    pub referred: i64,
    /// New members in the previous period.
    pub previous_cohort: i64,
    /// Of `referred`, those brought by the previous cohort.
    pub referred_by_cohort: i64,
}

impl KFactor {
    /// `referred / previous_cohort` (`None` without a previous cohort).
    pub fn k(&self) -> Option<f64> {
        (self.previous_cohort > 0).then(|| self.referred as f64 / self.previous_cohort as f64)
    }

    /// `referred_by_cohort / previous_cohort`: the cohort's own reproduction rate.
    pub fn cohort_k(&self) -> Option<f64> {
        (self.previous_cohort > 0).then(|| self.referred_by_cohort as f64 / self.previous_cohort as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_rules() {
        let d = 7;
        let day = DAY_MS;
        assert_eq!(referral_status(0, None, false, 3 * day, d), ReferralStatus::Pending);
        assert_eq!(referral_status(0, None, false, 7 * day, d), ReferralStatus::Validated);
        assert_eq!(referral_status(0, Some(2 * day), false, 30 * day, d), ReferralStatus::Left);
        assert_eq!(referral_status(0, Some(8 * day), false, 30 * day, d), ReferralStatus::Validated);
        assert_eq!(referral_status(0, None, true, 30 * day, d), ReferralStatus::Suspect);
    }

    #[test]
    fn tree_depth_size_generation() {
        // 1 → 2 → 4 → 5, 1 → 3
        let t = ReferralTree::new([(2, 1), (3, 1), (4, 2), (5, 4)]);
        assert_eq!(t.stats(1), TreeStats { direct: 2, indirect: 2, depth: 3 });
        assert_eq!(t.stats(1).size(), 4);
        assert_eq!(t.stats(2), TreeStats { direct: 1, indirect: 1, depth: 2 });
        assert_eq!(t.stats(5), TreeStats::default());
        assert_eq!(t.generation(1), 0);
        assert_eq!(t.generation(5), 3);
        assert_eq!(t.roots(), vec![1]);
    }

    #[test]
    fn cycles_are_cut() {
        let t = ReferralTree::new([(1, 2), (2, 1), (3, 3)]);
        assert_eq!(t.stats(1), TreeStats { direct: 1, indirect: 0, depth: 1 });
        assert_eq!(t.generation(1), 1);
        assert_eq!(t.direct(3), &[] as &[UserId]);
    }

    #[test]
    fn k_factor() {
        let k = KFactor { referred: 6, previous_cohort: 4, referred_by_cohort: 2 };
        assert_eq!(k.k(), Some(1.5));
        assert_eq!(k.cohort_k(), Some(0.5));
        assert_eq!(KFactor::default().k(), None);
    }
}
