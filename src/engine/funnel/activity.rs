//! The activity status, separate from the stage: `active`, `at_risk` after `at_risk_days` quiet
//! days, `dormant` after `dormant_days`. Derived when asked, never stored.

use chrono::Duration;

use crate::config::FunnelConfig;
use crate::domain::{Activity, Ts};

/// The status at `now` of a member last active at `last_seen` (their last message or reaction,
/// else when they joined). Unknown (`None`) counts as active: there is no evidence either way.
pub fn activity(last_seen: Option<Ts>, now: Ts, rules: &FunnelConfig) -> Activity {
    let Some(last) = last_seen else { return Activity::Active };
    let quiet = now - last;
    if quiet >= Duration::days(i64::from(rules.dormant_days)) {
        Activity::Dormant
    } else if quiet >= Duration::days(i64::from(rules.at_risk_days)) {
        Activity::AtRisk
    } else {
        Activity::Active
    }
}

/// Whole days a member has been quiet at `now`.
pub fn quiet_days(last_seen: Ts, now: Ts) -> i64 {
    (now - last_seen).num_days().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn thresholds() {
        let rules = FunnelConfig::default(); // 14 and 45 days
        let now = Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap();
        let ago = |d| Some(now - Duration::days(d));
        assert_eq!(activity(ago(13), now, &rules), Activity::Active);
        assert_eq!(activity(ago(14), now, &rules), Activity::AtRisk);
        assert_eq!(activity(ago(44), now, &rules), Activity::AtRisk);
        assert_eq!(activity(ago(45), now, &rules), Activity::Dormant);
        assert_eq!(activity(None, now, &rules), Activity::Active);
        assert_eq!(quiet_days(now - Duration::hours(50), now), 2);
    }
}
