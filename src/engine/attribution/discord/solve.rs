//! Which explanations can each join have? A feasibility check over every assignment of joins
//! to invite uses.
//!
//! The model: a *slot* is a pool of invite uses with one label (who it credits). An *exact*
//! slot must be used by exactly `cap` of the joins (an observed increment that only the joins
//! of the problem can have made); a *range* slot by any number up to `cap` (a vanished invite
//! whose uses we cannot see). Every join is assigned to one of the slots it is allowed, or to
//! nothing (Discovery, an invite we never saw, a use already counted before the baseline).
//!
//! An assignment is feasible when every exact slot is filled. A join *can* have used slot `s`
//! iff some feasible assignment puts it there. Because joins can always take nothing, range
//! slots never constrain the others, so feasibility is a b-matching that saturates the exact
//! slots; each question "can join j use s?" is answered from one base matching with at most
//! one augmenting path (max-flow theory: a feasible flow plus augmenting paths reaches the
//! maximum).
//!
//! Soundness, the property everything rests on: if the real history is a feasible assignment,
//! every join's real explanation is in its answer set. Exactness is reported only when that
//! set has one element.

use std::collections::HashMap;

/// A pool of uses of one invite (or the vanity URL) in one window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    /// Index into the caller's label table.
    pub label: usize,
    /// Must be used exactly `cap` times (otherwise 0..=cap).
    pub exact: bool,
    pub cap: u32,
}

/// The problem: slots and, for each join, the slots it may have used.
#[derive(Clone, Debug, Default)]
pub(crate) struct Problem {
    pub slots: Vec<Slot>,
    pub joins: Vec<Vec<usize>>,
}

/// For each join: every slot it can have used in some feasible assignment, and whether it can
/// have used nothing.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) struct Options {
    pub slots: Vec<usize>,
    pub nothing: bool,
}

/// Solves the problem; `None` when no assignment fills the exact slots (the observations
/// contradict the model, e.g. increments from joins we never saw).
pub(crate) fn solve(p: &Problem) -> Option<Vec<Options>> {
    let base = Matching::base(p)?;
    // Joins that may use the same slots are interchangeable: answer once per class.
    let mut classes: HashMap<&[usize], Options> = HashMap::new();
    let mut out = Vec::with_capacity(p.joins.len());
    for (j, allowed) in p.joins.iter().enumerate() {
        if let Some(o) = classes.get(allowed.as_slice()) {
            out.push(o.clone());
            continue;
        }
        let o = Options {
            slots: allowed.iter().copied().filter(|&s| base.can_use(j, Some(s))).collect(),
            nothing: base.can_use(j, None),
        };
        classes.insert(allowed.as_slice(), o.clone());
        out.push(o);
    }
    Some(out)
}

#[derive(Clone)]
struct Matching<'a> {
    p: &'a Problem,
    /// Join → the exact slot it fills.
    at: Vec<Option<usize>>,
    load: Vec<u32>,
    /// Exact slot → the joins allowed to use it.
    users: std::rc::Rc<Vec<Vec<usize>>>,
}

impl<'a> Matching<'a> {
    fn base(p: &'a Problem) -> Option<Self> {
        let mut users = vec![Vec::new(); p.slots.len()];
        for (j, allowed) in p.joins.iter().enumerate() {
            for &s in allowed {
                if p.slots[s].exact {
                    users[s].push(j);
                }
            }
        }
        let need: u64 = p.slots.iter().filter(|s| s.exact).map(|s| u64::from(s.cap)).sum();
        if need > p.joins.len() as u64 {
            return None;
        }
        let users = std::rc::Rc::new(users);
        let mut m = Matching { p, at: vec![None; p.joins.len()], load: vec![0; p.slots.len()], users };
        for s in 0..p.slots.len() {
            while p.slots[s].exact && m.load[s] < p.slots[s].cap {
                let mut seen = vec![false; p.slots.len()];
                if !m.augment(s, None, &mut seen) {
                    return None;
                }
            }
        }
        Some(m)
    }

    /// Gives slot `x` one more join, moving others along an alternating path to a join that
    /// used nothing. `removed` is never assigned.
    fn augment(&mut self, x: usize, removed: Option<usize>, seen: &mut [bool]) -> bool {
        seen[x] = true;
        for i in 0..self.users[x].len() {
            let y = self.users[x][i];
            if Some(y) == removed {
                continue;
            }
            match self.at[y] {
                None => {
                    self.at[y] = Some(x);
                    self.load[x] += 1;
                    return true;
                }
                Some(z) if z == x || seen[z] => {}
                Some(z) => {
                    // z takes someone else first, then y moves from z to x.
                    if self.augment(z, removed, seen) {
                        self.at[y] = Some(x);
                        self.load[z] -= 1;
                        self.load[x] += 1;
                        return true;
                    }
                }
            }
        }
        false
    }

    /// Whether some feasible assignment gives join `j` slot `s` (`None`: nothing).
    fn can_use(&self, j: usize, s: Option<usize>) -> bool {
        let current = self.at[j];
        if s.is_some() && s == current {
            return true;
        }
        if let Some(s) = s
            && self.p.slots[s].cap == 0
        {
            return false;
        }
        // Unmatched joins can take anything: an exact slot by replacing one of its joins
        // (who then takes nothing), a range slot or nothing directly.
        let Some(s0) = current else { return true };
        let mut m = self.clone();
        m.at[j] = None;
        m.load[s0] -= 1;
        if let Some(s) = s
            && self.p.slots[s].exact
        {
            // j fills one of s's places: one of its current joins gives way.
            let y = (0..m.at.len()).find(|&y| y != j && m.at[y] == Some(s)).expect("a full exact slot has joins");
            m.at[y] = None;
            m.load[s] -= 1;
            // j now holds that place; paths below only move joins between slots without
            // changing their loads, so s stays full.
        }
        let mut seen = vec![false; self.p.slots.len()];
        m.augment(s0, Some(j), &mut seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(label: usize, cap: u32) -> Slot {
        Slot { label, exact: true, cap }
    }
    fn range(label: usize, cap: u32) -> Slot {
        Slot { label, exact: false, cap }
    }

    #[test]
    fn one_join_one_increment_is_forced() {
        let p = Problem { slots: vec![exact(0, 1)], joins: vec![vec![0]] };
        let o = solve(&p).unwrap();
        assert_eq!(o[0], Options { slots: vec![0], nothing: false });
    }

    #[test]
    fn two_joins_two_inviters_are_ambiguous() {
        let p = Problem { slots: vec![exact(0, 1), exact(1, 1)], joins: vec![vec![0, 1], vec![0, 1]] };
        let o = solve(&p).unwrap();
        assert_eq!(o[0], Options { slots: vec![0, 1], nothing: false });
        assert_eq!(o[1], o[0]);
    }

    #[test]
    fn a_join_without_an_increment_may_have_used_nothing() {
        let p = Problem { slots: vec![exact(0, 1)], joins: vec![vec![0], vec![0]] };
        let o = solve(&p).unwrap();
        assert_eq!(o[0], Options { slots: vec![0], nothing: true });
    }

    #[test]
    fn range_slots_never_force() {
        let p = Problem { slots: vec![range(0, 1)], joins: vec![vec![0]] };
        assert_eq!(solve(&p).unwrap()[0], Options { slots: vec![0], nothing: true });
    }

    #[test]
    fn too_many_increments_are_infeasible() {
        let p = Problem { slots: vec![exact(0, 2)], joins: vec![vec![0]] };
        assert!(solve(&p).is_none());
    }

    #[test]
    fn restricted_joins_pin_the_rest() {
        // Join 0 may only use slot 0; join 1 may use 0 or 1; both slots must be filled.
        let p = Problem { slots: vec![exact(0, 1), exact(1, 1)], joins: vec![vec![0], vec![0, 1]] };
        let o = solve(&p).unwrap();
        assert_eq!(o[0], Options { slots: vec![0], nothing: false });
        assert_eq!(o[1], Options { slots: vec![1], nothing: false });
    }

    #[test]
    fn moving_a_join_reroutes_others() {
        // Slots A(cap 1), B(cap 1); j0 ∈ {A}, j1 ∈ {A, B}, j2 ∈ {B}. j1 can take A only if j0
        // takes nothing — impossible? No: j0 can take nothing, B then needs j2. Feasible.
        let p = Problem { slots: vec![exact(0, 1), exact(1, 1)], joins: vec![vec![0], vec![0, 1], vec![1]] };
        let o = solve(&p).unwrap();
        assert_eq!(o[1], Options { slots: vec![0, 1], nothing: true });
        assert_eq!(o[0], Options { slots: vec![0], nothing: true });
    }

    /// Brute force over every assignment, for comparison.
    fn brute(p: &Problem) -> Option<Vec<Options>> {
        let n = p.joins.len();
        let mut choice = vec![0usize; n]; // 0 = nothing, k = allowed[k-1]
        let mut out: Vec<Options> = vec![Options::default(); n];
        let mut any = false;
        loop {
            let mut load = vec![0u32; p.slots.len()];
            for (j, &c) in choice.iter().enumerate() {
                if c > 0 {
                    load[p.joins[j][c - 1]] += 1;
                }
            }
            let ok = p.slots.iter().zip(&load).all(|(s, &l)| if s.exact { l == s.cap } else { l <= s.cap });
            if ok {
                any = true;
                for (j, &c) in choice.iter().enumerate() {
                    if c == 0 {
                        out[j].nothing = true;
                    } else {
                        let s = p.joins[j][c - 1];
                        if !out[j].slots.contains(&s) {
                            out[j].slots.push(s);
                        }
                    }
                }
            }
            // next choice
            let mut i = 0;
            loop {
                if i == n {
                    for (j, o) in out.iter_mut().enumerate() {
                        o.slots.sort_by_key(|s| p.joins[j].iter().position(|x| x == s));
                    }
                    return any.then_some(out);
                }
                choice[i] += 1;
                if choice[i] <= p.joins[i].len() {
                    break;
                }
                choice[i] = 0;
                i += 1;
            }
        }
    }

    #[test]
    fn agrees_with_brute_force_on_random_problems() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for _ in 0..3000 {
            let slots: Vec<Slot> = (0..rng.random_range(1..5))
                .map(|l| Slot { label: l, exact: rng.random_bool(0.7), cap: rng.random_range(0..3) })
                .collect();
            let joins: Vec<Vec<usize>> = (0..rng.random_range(1..6))
                .map(|_| (0..slots.len()).filter(|_| rng.random_bool(0.6)).collect())
                .collect();
            let p = Problem { slots, joins };
            let fast = solve(&p);
            let slow = brute(&p);
            assert_eq!(fast, slow, "{p:?}");
        }
    }
}
