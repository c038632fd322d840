//! Joins by source over recent weeks: the digest chart's stacked bars (pure). The store counts
//! joins per week and source (`Store::joins_by_source`); this puts them in order, every source
//! in every week, so a week with no joins still has its (empty) bar.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::period::DigestPeriod;
use crate::domain::{Source, Word};

/// How many weeks the digest chart shows.
pub const CHART_WEEKS: usize = 8;

/// Joins of one week, by source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceWeek {
    /// `2026-W47`.
    pub period: DigestPeriod,
    /// Every source, in `Source::ALL` order.
    pub by_source: Vec<(Source, i64)>,
}

impl SourceWeek {
    pub fn total(&self) -> i64 {
        self.by_source.iter().map(|(_, n)| n).sum()
    }

    /// The ISO week number (for short labels such as `W47`).
    pub fn week_number(&self) -> u32 {
        match self.period {
            DigestPeriod::Week { week, .. } => week,
            DigestPeriod::Month { .. } => self.period.days().0.iso_week().week(),
        }
    }
}

/// Joins by source over consecutive weeks, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceHistory {
    pub weeks: Vec<SourceWeek>,
}

impl SourceHistory {
    /// The largest weekly total (0 when nobody joined).
    pub fn max_total(&self) -> i64 {
        self.weeks.iter().map(SourceWeek::total).max().unwrap_or(0)
    }
}

/// The week a digest period ends in: the week itself, or the week of a month's last day.
pub fn last_week_of(period: DigestPeriod) -> DigestPeriod {
    match period {
        DigestPeriod::Week { .. } => period,
        DigestPeriod::Month { .. } => {
            let w = period.days().1.iso_week();
            DigestPeriod::Week { year: w.year(), week: w.week() }
        }
    }
}

/// `count` consecutive weeks ending with the week `period` ends in, oldest first.
pub fn recent_weeks(period: DigestPeriod, count: usize) -> Vec<DigestPeriod> {
    let mut weeks = Vec::with_capacity(count);
    let mut week = last_week_of(period);
    for _ in 0..count {
        weeks.push(week);
        week = week.previous();
    }
    weeks.reverse();
    weeks
}

/// The history from per-week counts: `(index into weeks, source, joins)`, in any order, with
/// repeats added up. Counts for an index past the weeks are ignored.
pub fn assemble_sources(weeks: &[DigestPeriod], counts: &[(usize, Source, i64)]) -> SourceHistory {
    let mut table = vec![vec![0i64; Source::ALL.len()]; weeks.len()];
    for &(week, source, n) in counts {
        let s = Source::ALL.iter().position(|x| *x == source).unwrap_or(Source::ALL.len() - 1);
        if let Some(row) = table.get_mut(week) {
            row[s] += n;
        }
    }
    SourceHistory {
        weeks: weeks
            .iter()
            .zip(table)
            .map(|(&period, row)| SourceWeek { period, by_source: Source::ALL.iter().copied().zip(row).collect() })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(year: i32, week: u32) -> DigestPeriod {
        DigestPeriod::week(year, week).unwrap()
    }

    #[test]
    fn recent_weeks_cross_the_year_and_end_with_the_period() {
        let weeks = recent_weeks(w(2026, 2), 4);
        assert_eq!(weeks, vec![w(2025, 51), w(2025, 52), w(2026, 1), w(2026, 2)]);
        // A month ends in the week of its last day: 2026-11-30 is a Monday, in W49.
        let month: DigestPeriod = "2026-11".parse().unwrap();
        assert_eq!(recent_weeks(month, 2), vec![w(2026, 48), w(2026, 49)]);
    }

    #[test]
    fn every_week_lists_every_source_in_order() {
        let weeks = recent_weeks(w(2026, 47), 3);
        let counts = [
            (2, Source::Vanity, 4),
            (0, Source::Referral, 2),
            (2, Source::Referral, 5),
            (2, Source::Vanity, 1),
            (9, Source::Unknown, 100),
        ];
        let h = assemble_sources(&weeks, &counts);
        assert_eq!(h.weeks.len(), 3);
        for week in &h.weeks {
            let sources: Vec<Source> = week.by_source.iter().map(|(s, _)| *s).collect();
            assert_eq!(sources, Source::ALL);
        }
        assert_eq!(h.weeks[0].total(), 2);
        assert_eq!(h.weeks[1].total(), 0);
        assert_eq!(h.weeks[2].by_source[0], (Source::Referral, 5));
        assert_eq!(h.weeks[2].by_source[3], (Source::Vanity, 5));
        assert_eq!(h.weeks[2].week_number(), 47);
        assert_eq!(h.max_total(), 10);
    }
}
