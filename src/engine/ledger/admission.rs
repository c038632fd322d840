//! The anti-abuse rules: whether a proposed value exchange counts.
//!
//! - no self-credit: the giver and the receiver are different people;
//! - bots never count, on either side or as the actor;
//! - a cooldown per giver→receiver pair (`ledger.cooldown_secs`);
//! - a daily cap per actor (`ledger.daily_cap` exchanges in any 24 hours).
//!
//! A manager's manual log is exempt from the cooldown and the cap (it is not a vote).
//! Withdrawn exchanges do not count towards the limits.

use chrono::Duration;

use super::credit::Credit;
use crate::config::LedgerConfig;
use crate::domain::{Origin, Role, Ts, UserId};

/// What the rules need to know about a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Party {
    pub role: Role,
    pub is_bot: bool,
}

/// An exchange already admitted (and not withdrawn) that involves the actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PastCredit {
    pub actor: UserId,
    pub giver: UserId,
    pub receiver: UserId,
    pub at: Ts,
}

/// Why an exchange does not count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("nobody can credit themselves")]
    SelfCredit,
    #[error("bots never count")]
    Bot,
    #[error("this pair was credited less than the cooldown ago")]
    Cooldown,
    #[error("the daily cap for this member is reached")]
    DailyCap,
}

/// Decides whether `credit` (recorded at `at`) counts. `recent` holds the actor's admitted
/// exchanges (as actor or as either side); older ones than a day and the cooldown are ignored.
pub fn admit<'a>(
    credit: &Credit,
    at: Ts,
    parties: [Party; 3],
    recent: impl IntoIterator<Item = &'a PastCredit>,
    rules: &LedgerConfig,
) -> Result<(), Refusal> {
    let [actor, giver, receiver] = parties;
    if credit.giver == credit.receiver {
        return Err(Refusal::SelfCredit);
    }
    if actor.is_bot || giver.is_bot || receiver.is_bot {
        return Err(Refusal::Bot);
    }
    if credit.origin == Origin::Manual && actor.role == Role::Manager {
        return Ok(());
    }
    let cooldown = Duration::seconds(i64::try_from(rules.cooldown_secs).unwrap_or(i64::MAX / 1000));
    let day = Duration::days(1);
    let mut today = 0u32;
    for past in recent {
        if past.at > at {
            continue;
        }
        if past.giver == credit.giver && past.receiver == credit.receiver && at - past.at < cooldown {
            return Err(Refusal::Cooldown);
        }
        if past.actor == credit.actor && at - past.at < day {
            today += 1;
        }
    }
    if today >= rules.daily_cap {
        return Err(Refusal::DailyCap);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ValueKind;
    use chrono::{TimeZone, Utc};

    fn t(minutes: i64) -> Ts {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap() + Duration::minutes(minutes)
    }

    fn thanks(actor: UserId, giver: UserId) -> Credit {
        Credit {
            actor,
            giver,
            receiver: actor,
            kind: ValueKind::Support,
            weight: 1,
            origin: Origin::Thanks,
            message_id: Some(1),
            note: None,
        }
    }

    const MEMBER: Party = Party { role: Role::Member, is_bot: false };
    const BOT: Party = Party { role: Role::Member, is_bot: true };
    const MANAGER: Party = Party { role: Role::Manager, is_bot: false };

    #[test]
    fn no_self_credit() {
        let c = Credit { giver: 1, receiver: 1, ..thanks(1, 1) };
        assert_eq!(admit(&c, t(0), [MEMBER; 3], [], &LedgerConfig::default()), Err(Refusal::SelfCredit));
    }

    #[test]
    fn bots_never_count_on_any_side() {
        let rules = LedgerConfig::default();
        let c = thanks(1, 2);
        assert_eq!(admit(&c, t(0), [BOT, MEMBER, BOT], [], &rules), Err(Refusal::Bot));
        assert_eq!(admit(&c, t(0), [MEMBER, BOT, MEMBER], [], &rules), Err(Refusal::Bot));
        assert_eq!(admit(&c, t(0), [MEMBER; 3], [], &rules), Ok(()));
    }

    #[test]
    fn cooldown_per_pair() {
        let rules = LedgerConfig { cooldown_secs: 600, ..LedgerConfig::default() };
        let past = [PastCredit { actor: 1, giver: 2, receiver: 1, at: t(0) }];
        assert_eq!(admit(&thanks(1, 2), t(9), [MEMBER; 3], &past, &rules), Err(Refusal::Cooldown));
        assert_eq!(admit(&thanks(1, 2), t(10), [MEMBER; 3], &past, &rules), Ok(()), "exactly the cooldown later");
        assert_eq!(admit(&thanks(1, 3), t(1), [MEMBER; 3], &past, &rules), Ok(()), "another pair");
        // The pair is directed: 1 helping 2 is another pair than 2 helping 1.
        let back = Credit { actor: 2, giver: 1, receiver: 2, ..thanks(2, 1) };
        assert_eq!(admit(&back, t(1), [MEMBER; 3], &past, &rules), Ok(()));
    }

    #[test]
    fn daily_cap_per_actor_over_24_hours() {
        let rules = LedgerConfig { daily_cap: 3, cooldown_secs: 0, ..LedgerConfig::default() };
        let past: Vec<_> = (0..3).map(|i| PastCredit { actor: 1, giver: 10 + i, receiver: 1, at: t(i * 60) }).collect();
        assert_eq!(admit(&thanks(1, 20), t(200), [MEMBER; 3], &past, &rules), Err(Refusal::DailyCap));
        // A day after the first one, a slot is free again.
        assert_eq!(admit(&thanks(1, 20), t(24 * 60), [MEMBER; 3], &past, &rules), Ok(()));
        // Another actor is not capped by member 1's activity.
        assert_eq!(admit(&thanks(2, 20), t(200), [MEMBER; 3], &past, &rules), Ok(()));
    }

    #[test]
    fn a_managers_manual_log_is_exempt_from_the_limits() {
        let rules = LedgerConfig { daily_cap: 1, ..LedgerConfig::default() };
        let c = Credit { origin: Origin::Manual, actor: 9, giver: 9, receiver: 3, ..thanks(9, 9) };
        let past = [PastCredit { actor: 9, giver: 9, receiver: 3, at: t(0) }];
        assert_eq!(admit(&c, t(1), [MANAGER, MANAGER, MEMBER], &past, &rules), Ok(()));
        assert_eq!(admit(&c, t(1), [MEMBER, MEMBER, MEMBER], &past, &rules), Err(Refusal::Cooldown));
    }
}
