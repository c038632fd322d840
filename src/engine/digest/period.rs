//! Digest periods: ISO weeks (`2026-W47`, the default) and calendar months (`2026-11`), computed
//! in the community's time zone.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::domain::Ts;

/// The stretch of time a digest covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DigestPeriod {
    /// An ISO week, Monday to Sunday.
    Week { year: i32, week: u32 },
    /// A calendar month.
    Month { year: i32, month: u32 },
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not a period: write an ISO week such as 2026-W47 or a month such as 2026-11")]
pub struct PeriodError(pub String);

impl DigestPeriod {
    /// The ISO week, or `None` if that year has no such week.
    pub fn week(year: i32, week: u32) -> Option<Self> {
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|_| DigestPeriod::Week { year, week })
    }

    pub fn month(year: i32, month: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| DigestPeriod::Month { year, month })
    }

    /// The ISO week that contains `at` in `tz`.
    pub fn week_of(at: Ts, tz: Tz) -> Self {
        let w = at.with_timezone(&tz).date_naive().iso_week();
        DigestPeriod::Week { year: w.year(), week: w.week() }
    }

    /// The last ISO week that ended at or before `now` in `tz`: what a Monday digest reports.
    pub fn last_complete_week(now: Ts, tz: Tz) -> Self {
        Self::week_of(now, tz).previous()
    }

    /// The period just before this one.
    pub fn previous(self) -> Self {
        match self {
            DigestPeriod::Week { year, week } => {
                let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).unwrap_or_default();
                let w = (monday - Duration::days(7)).iso_week();
                DigestPeriod::Week { year: w.year(), week: w.week() }
            }
            DigestPeriod::Month { year, month: 1 } => DigestPeriod::Month { year: year - 1, month: 12 },
            DigestPeriod::Month { year, month } => DigestPeriod::Month { year, month: month - 1 },
        }
    }

    /// The first and the last local day.
    pub fn days(self) -> (NaiveDate, NaiveDate) {
        match self {
            DigestPeriod::Week { year, week } => {
                let first = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).unwrap_or_default();
                (first, first + Duration::days(6))
            }
            DigestPeriod::Month { year, month } => {
                let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)
                };
                (first, next.unwrap_or_default() - Duration::days(1))
            }
        }
    }

    /// `[from, to)` in UTC: local midnight of the first day to local midnight after the last.
    pub fn bounds(self, tz: Tz) -> (Ts, Ts) {
        let (first, last) = self.days();
        (local_midnight(first, tz), local_midnight(last + Duration::days(1), tz))
    }
}

/// Midnight of a local day as a UTC instant (the first instant of the day where a DST jump
/// skips midnight).
fn local_midnight(day: NaiveDate, tz: Tz) -> Ts {
    let naive = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    let local = tz
        .from_local_datetime(&naive)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(naive + Duration::hours(1))).earliest());
    match local {
        Some(t) => t.with_timezone(&chrono::Utc),
        None => chrono::Utc.from_utc_datetime(&naive),
    }
}

impl fmt::Display for DigestPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DigestPeriod::Week { year, week } => write!(f, "{year:04}-W{week:02}"),
            DigestPeriod::Month { year, month } => write!(f, "{year:04}-{month:02}"),
        }
    }
}

impl FromStr for DigestPeriod {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || PeriodError(s.to_string());
        let t = s.trim();
        let (year, rest) = t.split_once('-').ok_or_else(err)?;
        if year.len() != 4 {
            return Err(err());
        }
        let year: i32 = year.parse().map_err(|_| err())?;
        if let Some(week) = rest.strip_prefix(['W', 'w']) {
            if week.is_empty() || week.len() > 2 {
                return Err(err());
            }
            let week: u32 = week.parse().map_err(|_| err())?;
            return DigestPeriod::week(year, week).ok_or_else(err);
        }
        if rest.len() != 2 {
            return Err(err());
        }
        let month: u32 = rest.parse().map_err(|_| err())?;
        DigestPeriod::month(year, month).ok_or_else(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn parses_and_prints() {
        for s in ["2026-W47", "2026-W01", "2026-W53", "2026-11"] {
            assert_eq!(s.parse::<DigestPeriod>().unwrap().to_string(), s);
        }
        assert_eq!("2026-w7".parse::<DigestPeriod>().unwrap().to_string(), "2026-W07");
        for bad in ["2026-W54", "2025-W53", "2026-13", "26-W01", "2026W47", "2026-W", "last week"] {
            assert!(bad.parse::<DigestPeriod>().is_err(), "{bad}");
        }
    }

    #[test]
    fn week_bounds_follow_the_time_zone() {
        let w: DigestPeriod = "2026-W47".parse().unwrap();
        let (from, to) = w.bounds(Tz::UTC);
        assert_eq!(from, Utc.with_ymd_and_hms(2026, 11, 16, 0, 0, 0).unwrap());
        assert_eq!(to, Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap());
        // Jerusalem is UTC+2 in November: the week starts on Sunday 22:00 UTC.
        let (from, to) = w.bounds(chrono_tz::Asia::Jerusalem);
        assert_eq!(from, Utc.with_ymd_and_hms(2026, 11, 15, 22, 0, 0).unwrap());
        assert_eq!(to, Utc.with_ymd_and_hms(2026, 11, 22, 22, 0, 0).unwrap());
    }

    #[test]
    fn previous_and_last_complete() {
        let w: DigestPeriod = "2027-W01".parse().unwrap();
        assert_eq!(w.previous().to_string(), "2026-W53");
        assert_eq!("2026-01".parse::<DigestPeriod>().unwrap().previous().to_string(), "2025-12");
        // Monday 2026-11-23 09:00 in Jerusalem: the last complete week is W47.
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 7, 0, 0).unwrap();
        assert_eq!(DigestPeriod::last_complete_week(now, chrono_tz::Asia::Jerusalem).to_string(), "2026-W47");
        // Sunday 23:30 UTC is already Monday in Jerusalem.
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 23, 30, 0).unwrap();
        assert_eq!(DigestPeriod::last_complete_week(now, Tz::UTC).to_string(), "2026-W46");
        assert_eq!(DigestPeriod::last_complete_week(now, chrono_tz::Asia::Jerusalem).to_string(), "2026-W47");
        let m: DigestPeriod = "2026-02".parse().unwrap();
        assert_eq!(m.bounds(Tz::UTC).1, Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap());
    }
}
