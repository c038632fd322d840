//! Why a member moved to a stage: stored with every transition (as JSON) and shown to managers.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::UserId;

/// The rule that moved a member, with the facts at that moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum StageReason {
    /// engaged: messages within `days` of joining.
    Messages { messages: u32, days: u32 },
    /// contributor: value given `exchanges` times to `members` members within `days`.
    GaveValue { exchanges: u32, members: u32, days: u32 },
    /// customer: marked by a manager.
    MarkedCustomer {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<UserId>,
    },
    /// customer: holds a configured customer role.
    CustomerRole,
    /// ambassador: validated referrals.
    ValidatedReferrals { referrals: u32 },
    /// ambassador: referrals who became customers.
    CustomerReferrals { referrals: u32 },
}

impl StageReason {
    /// The stored form (compact JSON).
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    pub fn from_stored(s: &str) -> Option<Self> {
        serde_json::from_str(s).ok()
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 { format!("{n} {one}") } else { format!("{n} {many}") }
}

impl fmt::Display for StageReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            StageReason::Messages { messages, days } => {
                write!(f, "{} within {days} days of joining", plural(messages, "message", "messages"))
            }
            StageReason::GaveValue { exchanges, members, days } => write!(
                f,
                "gave value {} to {} in {days} days",
                plural(exchanges, "time", "times"),
                plural(members, "member", "members")
            ),
            StageReason::MarkedCustomer { .. } => f.write_str("marked as a customer"),
            StageReason::CustomerRole => f.write_str("holds the customer role"),
            StageReason::ValidatedReferrals { referrals } => {
                write!(f, "{}", plural(referrals, "validated referral", "validated referrals"))
            }
            StageReason::CustomerReferrals { referrals } => {
                write!(f, "{} became a customer", plural(referrals, "referral", "referrals"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_form_round_trips_and_reads_well() {
        let r = StageReason::GaveValue { exchanges: 3, members: 2, days: 30 };
        assert_eq!(r.to_stored(), r#"{"rule":"gave_value","exchanges":3,"members":2,"days":30}"#);
        assert_eq!(StageReason::from_stored(&r.to_stored()), Some(r));
        assert_eq!(r.to_string(), "gave value 3 times to 2 members in 30 days");
        assert_eq!(StageReason::CustomerReferrals { referrals: 1 }.to_string(), "1 referral became a customer");
    }
}
