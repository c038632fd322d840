use chrono::Duration;

use crate::config::AttributionConfig;
use crate::domain::{Join, JoinQuality, Ts};

/// The quality rules for one join: self-invites never count, rejoins are not new referrals,
/// accounts younger than `suspect_account_days` are suspect.
///
/// `was_member_before` is whether the person joined this community before.
pub fn assess_quality(join: &Join, at: Ts, was_member_before: bool, rules: &AttributionConfig) -> JoinQuality {
    let self_invite = join.attribution.inviter == Some(join.user)
        || (join.attribution.inviter.is_none() && join.attribution.candidates == [join.user]);
    let suspect = join
        .account_created
        .is_some_and(|created| at - created < Duration::days(i64::from(rules.suspect_account_days)));
    JoinQuality { self_invite, rejoin: was_member_before, suspect }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Attribution, Confidence};
    use chrono::{TimeZone, Utc};

    fn join(user: i64, inviter: i64, created_days_before: Option<i64>, at: Ts) -> Join {
        Join {
            user,
            name: None,
            is_bot: false,
            account_created: created_days_before.map(|d| at - Duration::days(d)),
            attribution: Attribution::referral(inviter, None, Confidence::Exact),
            quality: JoinQuality::default(),
        }
    }

    #[test]
    fn flags_each_rule() {
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let rules = AttributionConfig::default();
        let q = assess_quality(&join(1, 2, Some(400), at), at, false, &rules);
        assert_eq!(q, JoinQuality::default());
        assert!(q.counts());
        assert!(assess_quality(&join(1, 1, None, at), at, false, &rules).self_invite);
        assert!(assess_quality(&join(1, 2, None, at), at, true, &rules).rejoin);
        assert!(!assess_quality(&join(1, 2, None, at), at, true, &rules).counts());
        assert!(assess_quality(&join(1, 2, Some(3), at), at, false, &rules).suspect);
        assert!(!assess_quality(&join(1, 2, Some(7), at), at, false, &rules).suspect);
    }
}
