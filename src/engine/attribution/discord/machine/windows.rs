//! Resolving the chain of windows: when it is complete or may wait no longer, which joins
//! trail it, and what becomes the next baseline (see the parent module for how windows work).

use super::{CommunityResolver, Millis, Queued, Resolved, resolved};
use crate::domain::Attribution;
use crate::engine::attribution::discord::chain::{Chain, ChainJoin, ChainOutcome, Observation};
use crate::engine::attribution::discord::invites::{InviteInfo, Snapshot};

impl CommunityResolver {
    /// Answers what of the chain is complete, or may wait no longer; returns when to look
    /// again.
    ///
    /// A window is *ready* `settle_ms` after its fetch returned: every join that fetch can have
    /// counted has arrived. When no later join may have used the ready windows, the chain is
    /// complete: it is resolved and becomes the baseline. Otherwise the chain waits for the next
    /// window (resolving windows together is what makes answers exact in busy times), but a
    /// join in a ready window is answered as soon as waiting longer would answer it more than
    /// `max_wait_ms` after it arrived; its window stays in the chain, so it still constrains
    /// the joins after it. At `max_chain` windows the ready ones are dropped, and the joins
    /// trailing them carry what they may have used.
    pub(super) fn check_chain(&mut self, now: Millis, out: &mut Vec<Resolved>) -> Option<Millis> {
        let settle = self.config.settle_ms;
        while !self.chain.is_empty() {
            let ready = self.chain.iter().take_while(|w| w.end + settle <= now).count();
            if ready == 0 {
                return Some(self.chain[0].end + settle);
            }
            if ready == self.chain.len() && self.trailing(ready).is_empty() {
                out.extend(self.finalize(ready));
                return None;
            }
            if ready >= self.config.max_chain {
                out.extend(self.finalize(ready));
                continue;
            }
            let next_ready = match self.chain.get(ready) {
                Some(w) => w.end + settle,
                None => {
                    // The next fetch: in flight, or due; it returns after about `latency`.
                    let start = self.in_flight.unwrap_or_else(|| self.fetch_due.unwrap_or(now).max(now));
                    start.saturating_add(self.latency).max(now + 1) + settle
                }
            };
            let oldest =
                self.chain[..ready].iter().flat_map(|w| &w.joins).filter(|q| !q.answered).map(|q| q.received).min();
            let Some(oldest) = oldest else { return Some(next_ready) };
            let budget = oldest.saturating_add(self.config.max_wait_ms);
            if next_ready > budget {
                out.extend(self.answer(ready));
                return Some(next_ready);
            }
            // Look again when the next window is ready, or when a slow fetch would make the
            // wait too long.
            return Some(if ready < self.chain.len() { next_ready } else { budget.saturating_sub(settle) });
        }
        None
    }

    /// Joins that may have used window `k`'s slots but came after its fetch started: in later
    /// windows of the chain (`Some(window index)`) or still queued (`None`), by index.
    pub(super) fn trailing(&self, k: usize) -> Vec<(Option<usize>, usize)> {
        let limit = self.chain[k - 1].end + self.config.settle_ms;
        let later = self.chain.iter().enumerate().skip(k).flat_map(|(w, win)| {
            win.joins.iter().enumerate().filter(|(_, q)| q.received <= limit).map(move |(i, _)| (Some(w), i))
        });
        let open = self.open.iter().enumerate().filter(|(_, q)| q.received <= limit).map(|(i, _)| (None, i));
        later.chain(open).collect()
    }

    pub(super) fn queued(&self, window: Option<usize>, i: usize) -> &Queued {
        match window {
            Some(w) => &self.chain[w].joins[i],
            None => &self.open[i],
        }
    }

    /// Solves the chain's first `k` windows; the joins trailing them may have used their slots
    /// or nothing. Returns the outcome (one attribution per join of the `k` windows, in order,
    /// then the trailing joins' carried labels) and the trailing joins.
    pub(super) fn solve_prefix(&self, k: usize) -> (ChainOutcome, Vec<(Option<usize>, usize)>) {
        let windows: Vec<Observation> = self.chain[..k].iter().map(|w| w.obs.clone()).collect();
        let settle = self.config.settle_ms;
        // The first window whose fetch may have counted a join received then: every fetch
        // that returned less than `settle_ms` before it.
        let from = |received: Millis, window: usize| {
            (1..window).find(|&j| self.chain[j - 1].end + settle >= received).unwrap_or(window)
        };
        let chain_join = |q: &Queued, window: usize| ChainJoin {
            window,
            from: from(q.received, window),
            carried: q.carried.clone(),
            received: q.received,
            at: Some(q.join.at),
        };
        let mut joins = Vec::new();
        for (i, w) in self.chain[..k].iter().enumerate() {
            joins.extend(w.joins.iter().map(|q| chain_join(q, i + 1)));
        }
        let trailing = self.trailing(k);
        joins.extend(trailing.iter().map(|&(w, i)| chain_join(self.queued(w, i), k + 1)));
        let created: Vec<InviteInfo> = self.created.iter().map(|(_, i)| i.clone()).collect();
        let baseline = self.baseline.clone().unwrap_or_default();
        let outcome = Chain {
            baseline: &baseline,
            windows: &windows,
            joins: &joins,
            created: &created,
            deleted: &self.deleted,
            settle_ms: settle,
            book: &self.book,
            infer_used_up: self.config.infer_used_up,
        }
        .resolve();
        (outcome, trailing)
    }

    /// Answers the joins of the first `k` windows not answered yet; the windows stay.
    pub(super) fn answer(&mut self, k: usize) -> Vec<Resolved> {
        let (outcome, _) = self.solve_prefix(k);
        self.take_answers(k, outcome.attributions)
    }

    /// Marks the joins of the first `k` windows answered; returns those that were not yet, with
    /// their attributions (one per join of those windows, in order).
    pub(super) fn take_answers(&mut self, k: usize, attributions: Vec<Option<Attribution>>) -> Vec<Resolved> {
        let mut attributions = attributions.into_iter();
        let mut out = Vec::new();
        for q in self.chain[..k].iter_mut().flat_map(|w| &mut w.joins) {
            let attribution = attributions.next().flatten().unwrap_or_default();
            if !std::mem::replace(&mut q.answered, true) {
                out.push(resolved(q, attribution));
            }
        }
        out
    }

    /// Resolves the chain's first `k` windows, which become the baseline of the rest; joins
    /// trailing them (see [`Self::trailing`]) carry what they may have used.
    pub(super) fn finalize(&mut self, k: usize) -> Vec<Resolved> {
        let (ChainOutcome { attributions, carried, .. }, trailing) = self.solve_prefix(k);
        for (&(w, i), carried) in trailing.iter().zip(carried) {
            match w {
                Some(w) => self.chain[w].joins[i].carried = carried,
                None => self.open[i].carried = carried,
            }
        }
        let out = self.take_answers(k, attributions);
        let last = self.chain.drain(..k).next_back().expect("a chain prefix has a window");
        self.baseline = Some(Snapshot::from_list(&last.obs.list, Some(last.obs.at), true));
        let keep_from = last.end.saturating_sub(self.config.settle_ms + self.config.window_ms);
        self.created.retain(|(t, _)| *t >= keep_from);
        self.deleted.retain(|(_, t)| *t >= keep_from);
        self.invite_events_kept = self.invite_events();
        out
    }
}
