//! When is a community's digest due, and for which week? Pure functions over an injected
//! clock, computed in the community's own time zone (so 09:00 stays 09:00 across DST).

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::engine::digest::DigestPeriod;
use crate::settings::Schedule;

/// The instant of a local wall-clock time: the earlier one when it happens twice (DST ends),
/// the first valid instant after the gap when it does not happen (DST starts).
pub fn local_instant(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => {
            // Step forward minute by minute out of the gap (gaps are at most a few hours).
            let mut probe = local;
            for _ in 0..(24 * 60) {
                probe += Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    return t.with_timezone(&Utc);
                }
            }
            Utc.from_utc_datetime(&local)
        }
    }
}

/// The latest scheduled posting time at or before `now`, and the week it reports on (the last
/// complete week before that time). Only the latest is returned: after downtime the missed
/// latest digest is posted once, never a backlog.
pub fn latest_due(schedule: &Schedule, now: DateTime<Utc>) -> (DateTime<Utc>, DigestPeriod) {
    let tz = schedule.timezone;
    let today = now.with_timezone(&tz).date_naive();
    let back = (7 + today.weekday().num_days_from_monday() - schedule.weekday.num_days_from_monday()) % 7;
    let mut day = today - Duration::days(i64::from(back));
    let mut due = local_instant(day.and_time(schedule.time), tz);
    if due > now {
        day -= Duration::days(7);
        due = local_instant(day.and_time(schedule.time), tz);
    }
    (due, DigestPeriod::last_complete_week(due, tz))
}

/// The next scheduled posting time after `now` (for logs and `/settings`).
pub fn next_due(schedule: &Schedule, now: DateTime<Utc>) -> DateTime<Utc> {
    let (latest, _) = latest_due(schedule, now);
    let local_day = latest.with_timezone(&schedule.timezone).date_naive() + Duration::days(7);
    local_instant(local_day.and_time(schedule.time), schedule.timezone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveTime, Weekday};

    fn schedule(tz: Tz, weekday: Weekday, hh: u32, mm: u32) -> Schedule {
        Schedule { weekday, time: NaiveTime::from_hms_opt(hh, mm, 0).unwrap(), timezone: tz }
    }

    fn utc(y: i32, m: u32, d: u32, hh: u32, mm: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, hh, mm, 0).unwrap()
    }

    #[test]
    fn monday_nine_in_utc_reports_the_previous_week() {
        let s = schedule(chrono_tz::UTC, Weekday::Mon, 9, 0);
        // Monday 2026-11-23 08:59: the latest due time is a week earlier.
        let (due, period) = latest_due(&s, utc(2026, 11, 23, 8, 59));
        assert_eq!(due, utc(2026, 11, 16, 9, 0));
        assert_eq!(period.to_string(), "2026-W46");
        let (due, period) = latest_due(&s, utc(2026, 11, 23, 9, 0));
        assert_eq!(due, utc(2026, 11, 23, 9, 0));
        assert_eq!(period.to_string(), "2026-W47");
        assert_eq!(period.bounds(chrono_tz::UTC), (utc(2026, 11, 16, 0, 0), utc(2026, 11, 23, 0, 0)));
        assert_eq!(next_due(&s, utc(2026, 11, 23, 9, 0)), utc(2026, 11, 30, 9, 0));
    }

    #[test]
    fn jerusalem_keeps_local_time_across_the_october_dst_change() {
        // Israel leaves summer time on Sunday 2026-10-25 (UTC+3 → UTC+2).
        let s = schedule(chrono_tz::Asia::Jerusalem, Weekday::Mon, 9, 0);
        let (before, _) = latest_due(&s, utc(2026, 10, 19, 12, 0));
        assert_eq!(before, utc(2026, 10, 19, 6, 0), "09:00 IDT is 06:00 UTC");
        let (after, period) = latest_due(&s, utc(2026, 10, 26, 12, 0));
        assert_eq!(after, utc(2026, 10, 26, 7, 0), "09:00 IST is 07:00 UTC");
        // The week that contains the change is 7 local days long but 169 hours.
        assert_eq!(period.to_string(), "2026-W43");
        let (start, end) = period.bounds(chrono_tz::Asia::Jerusalem);
        assert_eq!(end - start, Duration::hours(169));
    }

    #[test]
    fn new_york_handles_the_spring_gap_and_the_autumn_repeat() {
        let ny = chrono_tz::America::New_York;
        // 2026-03-08 02:30 does not exist in New York: the digest goes out at 03:00 EDT.
        let s = schedule(ny, Weekday::Sun, 2, 30);
        let (due, _) = latest_due(&s, utc(2026, 3, 8, 12, 0));
        assert_eq!(due, utc(2026, 3, 8, 7, 0));
        // 2026-11-01 01:30 happens twice: the first one (EDT) counts.
        let s = schedule(ny, Weekday::Sun, 1, 30);
        let (due, _) = latest_due(&s, utc(2026, 11, 1, 12, 0));
        assert_eq!(due, utc(2026, 11, 1, 5, 30));
        // Between the first and second 01:30 the next-due stays one week later, not 1 h later.
        assert_eq!(next_due(&s, utc(2026, 11, 1, 6, 0)), utc(2026, 11, 8, 6, 30));
    }

    #[test]
    fn after_downtime_only_the_latest_period_is_due() {
        let s = schedule(chrono_tz::UTC, Weekday::Mon, 9, 0);
        // Down for three weeks: the latest due digest is the only one reported.
        let (due, period) = latest_due(&s, utc(2026, 12, 14, 10, 0));
        assert_eq!(due, utc(2026, 12, 14, 9, 0));
        assert_eq!(period.to_string(), "2026-W50");
    }
}
