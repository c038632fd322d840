//! The funnel report: members per stage now, who entered each stage in a period, and the
//! conversion between consecutive stages.

use serde::{Deserialize, Serialize};

use crate::domain::{Stage, Ts, Word};

/// One stage of the funnel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageCount {
    pub stage: Stage,
    /// Members at this stage (present, not bots; staff left out when configured).
    pub members: i64,
    /// Members who moved into this stage in the period.
    pub entered: i64,
}

/// Conversion from one stage to the next: of the members who reached `from` (are at it or
/// further), how many reached `to`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conversion {
    pub from: Stage,
    pub to: Stage,
    pub reached_from: i64,
    pub reached_to: i64,
    /// `reached_to / reached_from` in percent, one decimal; `null` when nobody reached `from`.
    pub percent: Option<f64>,
}

/// Counts by activity status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityCounts {
    pub active: i64,
    pub at_risk: i64,
    pub dormant: i64,
}

/// `Store::funnel_report`'s answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunnelReport {
    pub from: Ts,
    pub to: Ts,
    /// Members counted (the sum of `stages[].members`).
    pub members: i64,
    pub stages: Vec<StageCount>,
    pub conversions: Vec<Conversion>,
    /// Activity of the counted members at `to`.
    pub activity: ActivityCounts,
    /// Managers and professionals were left out.
    pub staff_excluded: bool,
}

/// `num / den` in percent with one decimal, `None` when `den` is 0.
pub fn percent(num: i64, den: i64) -> Option<f64> {
    (den > 0).then(|| (num as f64 * 1000.0 / den as f64).round() / 10.0)
}

/// Conversions between consecutive stages from the members at each stage (any order, missing
/// stages are 0).
pub fn conversions(at_stage: &[(Stage, i64)]) -> Vec<Conversion> {
    let count = |s: Stage| at_stage.iter().filter(|(x, _)| *x == s).map(|(_, n)| n).sum::<i64>();
    let reached = |s: Stage| Stage::ALL.iter().filter(|x| **x >= s).map(|x| count(*x)).sum::<i64>();
    Stage::ALL
        .windows(2)
        .map(|w| {
            let (from, to) = (w[0], w[1]);
            let (a, b) = (reached(from), reached(to));
            Conversion { from, to, reached_from: a, reached_to: b, percent: percent(b, a) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_use_members_who_reached_each_stage() {
        let c = conversions(&[(Stage::Newcomer, 6), (Stage::Engaged, 2), (Stage::Customer, 1), (Stage::Ambassador, 1)]);
        assert_eq!(c.len(), 4);
        assert_eq!((c[0].reached_from, c[0].reached_to, c[0].percent), (10, 4, Some(40.0)));
        assert_eq!((c[1].reached_from, c[1].reached_to, c[1].percent), (4, 2, Some(50.0)));
        assert_eq!((c[2].reached_from, c[2].reached_to, c[2].percent), (2, 2, Some(100.0)));
        assert_eq!((c[3].reached_from, c[3].reached_to, c[3].percent), (2, 1, Some(50.0)));
        assert_eq!(conversions(&[])[0].percent, None);
        assert_eq!(percent(1, 3), Some(33.3));
    }
}
