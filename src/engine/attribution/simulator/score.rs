//! Scoring answers against the ground truth.

use std::collections::HashMap;
use std::fmt;

use super::bots::Run;
use super::world::{Timeline, Truth};
use crate::domain::{Attribution, Confidence, Source};
use crate::engine::attribution::discord::Label;

/// How one algorithm did on one or more timelines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// Joins whose event reached the bot.
    pub joins: u64,
    /// Credited the true source (exact or inferred).
    pub correct: u64,
    /// Credited a wrong source, or `ambiguous` without the truth among the candidates.
    pub wrong: u64,
    /// `ambiguous` with the truth among the candidates.
    pub ambiguous: u64,
    /// No credit given.
    pub unknown: u64,
    /// Answers by confidence, and the wrong ones among them.
    pub exact: u64,
    pub exact_wrong: u64,
    pub inferred: u64,
    pub inferred_wrong: u64,
    pub ambiguous_wrong: u64,
    /// Joins that really came through no invite (nothing could be credited).
    pub untraceable: u64,
    /// Delivered joins without an answer, or answered twice (must be 0).
    pub unanswered: u64,
    pub duplicated: u64,
    pub fetches: u64,
}

/// What an answer credits, if anything.
pub fn credited(a: &Attribution) -> Option<Label> {
    match a.source {
        Source::Referral => a.inviter.map(Label::Inviter),
        Source::CampaignOrganic | Source::CampaignPaid => Some(Label::Campaign {
            name: a.campaign.clone().unwrap_or_default(),
            paid: a.source == Source::CampaignPaid,
        }),
        Source::Vanity => Some(Label::Vanity),
        Source::Unknown => None,
    }
}

impl Score {
    /// Scores a run against its timeline.
    pub fn of(tl: &Timeline, run: &Run) -> Score {
        let mut s = Score { fetches: run.fetches, ..Score::default() };
        let mut seen: HashMap<(i64, i64), u32> = HashMap::new();
        for (user, at, a) in &run.answers {
            let key = (*user, at.timestamp_millis());
            let n = seen.entry(key).or_default();
            *n += 1;
            if *n > 1 {
                s.duplicated += 1;
                continue;
            }
            let truth = tl.truths.get(&key).cloned().unwrap_or(Truth::Discovery);
            s.add(&truth, a);
        }
        for (_, g) in &tl.deliveries {
            if let super::world::Gateway::Join { user, at } = g
                && !seen.contains_key(&(*user, at.timestamp_millis()))
            {
                s.unanswered += 1;
            }
        }
        s
    }

    fn add(&mut self, truth: &Truth, a: &Attribution) {
        self.joins += 1;
        if *truth == Truth::Discovery {
            self.untraceable += 1;
        }
        let truth = truth.label();
        match a.confidence {
            Confidence::Exact | Confidence::Inferred => {
                let ok = credited(a).is_some_and(|c| Some(c) == truth);
                let credits = credited(a).is_some();
                if a.confidence == Confidence::Exact {
                    self.exact += 1;
                    self.exact_wrong += u64::from(credits && !ok);
                } else {
                    self.inferred += 1;
                    self.inferred_wrong += u64::from(credits && !ok);
                }
                if ok {
                    self.correct += 1;
                } else if credits {
                    self.wrong += 1;
                } else {
                    self.unknown += 1;
                }
            }
            Confidence::Ambiguous => {
                let ok = matches!(truth, Some(Label::Inviter(u)) if a.candidates.contains(&u));
                if ok {
                    self.ambiguous += 1;
                } else {
                    self.ambiguous_wrong += 1;
                    self.wrong += 1;
                }
            }
            Confidence::Unknown => self.unknown += 1,
        }
    }

    pub fn merge(&mut self, o: &Score) {
        self.joins += o.joins;
        self.correct += o.correct;
        self.wrong += o.wrong;
        self.ambiguous += o.ambiguous;
        self.unknown += o.unknown;
        self.exact += o.exact;
        self.exact_wrong += o.exact_wrong;
        self.inferred += o.inferred;
        self.inferred_wrong += o.inferred_wrong;
        self.ambiguous_wrong += o.ambiguous_wrong;
        self.untraceable += o.untraceable;
        self.unanswered += o.unanswered;
        self.duplicated += o.duplicated;
        self.fetches += o.fetches;
    }

    fn pct(&self, n: u64) -> f64 {
        if self.joins == 0 { 0.0 } else { 100.0 * n as f64 / self.joins as f64 }
    }

    pub fn correct_pct(&self) -> f64 {
        self.pct(self.correct)
    }
    pub fn wrong_pct(&self) -> f64 {
        self.pct(self.wrong)
    }
    pub fn ambiguous_pct(&self) -> f64 {
        self.pct(self.ambiguous)
    }
    pub fn unknown_pct(&self) -> f64 {
        self.pct(self.unknown)
    }
    pub fn exact_pct(&self) -> f64 {
        self.pct(self.exact)
    }
    pub fn untraceable_pct(&self) -> f64 {
        self.pct(self.untraceable)
    }

    pub fn fetches_per_join(&self) -> f64 {
        if self.joins == 0 { 0.0 } else { self.fetches as f64 / self.joins as f64 }
    }

    /// The invariant of the Discord model: no `exact` is wrong, every `ambiguous` holds the
    /// truth, and every delivered join is answered once.
    pub fn never_wrong(&self) -> bool {
        self.exact_wrong == 0 && self.ambiguous_wrong == 0 && self.unanswered == 0 && self.duplicated == 0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} joins: correct {:.1}%, wrong {:.1}%, ambiguous {:.1}%, unknown {:.1}% (exact {:.1}%, exact wrong {}, inferred {} of which wrong {}, ambiguous wrong {}), {:.2} fetches/join",
            self.joins,
            self.correct_pct(),
            self.wrong_pct(),
            self.ambiguous_pct(),
            self.unknown_pct(),
            self.exact_pct(),
            self.exact_wrong,
            self.inferred,
            self.inferred_wrong,
            self.ambiguous_wrong,
            self.fetches_per_join()
        )
    }
}
