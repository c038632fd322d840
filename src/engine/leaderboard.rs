//! Leaderboards: who brought the most validated referrals, who helped the most.
//!
//! Scores are kept per bucket — all time, each calendar month and each ISO week, in UTC — so a
//! leaderboard is read straight off an index at any community size.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::domain::{Ts, UserId, words};

/// Which leaderboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Board {
    /// Validated referrals (counted when they are validated).
    Referrals,
    /// Value given to others (the weight of admitted, not withdrawn exchanges, counted when
    /// they happened).
    Helpers,
}

words!(Board { Referrals => "referrals", Helpers => "helpers" });

/// Which stretch of time a leaderboard covers (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// The current ISO week.
    Week,
    /// The current calendar month.
    Month,
    All,
}

words!(Period { Week => "week", Month => "month", All => "all" });

/// One line of a leaderboard. Ties share a rank (1, 2, 2, 4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderRow {
    pub rank: u32,
    pub user: UserId,
    pub name: Option<String>,
    pub score: i64,
}

/// `Store::leaderboard`'s answer: the top rows, and the viewer's own row when they have a score
/// (whether or not they are in the top rows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaderboard {
    pub board: Board,
    pub period: Period,
    /// The bucket read, e.g. `w2026-W47`, `m2026-11` or `all`.
    pub bucket: String,
    pub rows: Vec<LeaderRow>,
    pub viewer: Option<LeaderRow>,
}

/// The bucket of `period` that contains `at`.
pub fn bucket(period: Period, at: Ts) -> String {
    match period {
        Period::All => "all".to_string(),
        Period::Month => format!("m{:04}-{:02}", at.year(), at.month()),
        Period::Week => {
            let w = at.iso_week();
            format!("w{:04}-W{:02}", w.year(), w.week())
        }
    }
}

/// Every bucket a score made at `at` counts in.
pub fn buckets(at: Ts) -> [String; 3] {
    [bucket(Period::All, at), bucket(Period::Month, at), bucket(Period::Week, at)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn buckets_are_utc_weeks_and_months() {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 23, 59, 0).unwrap(); // a Sunday
        assert_eq!(buckets(at), ["all".to_string(), "m2026-11".into(), "w2026-W47".into()]);
        let new_year = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(); // ISO week 53 of 2026
        assert_eq!(bucket(Period::Week, new_year), "w2026-W53");
        assert_eq!(bucket(Period::Month, new_year), "m2027-01");
    }
}
