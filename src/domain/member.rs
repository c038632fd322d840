use serde::{Deserialize, Serialize};

use super::{CommunityKey, words};

/// A platform user id. Discord snowflakes fit in an `i64`; Telegram ids are `i64`.
pub type UserId = i64;

/// A person in a community.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MemberRef {
    pub community: CommunityKey,
    pub user: UserId,
}

/// Who someone is in the value triangle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Owner, admins or a configured manager role.
    Manager,
    /// Experts given a stage by a manager (or a configured role).
    Professional,
    #[default]
    Member,
}

words!(Role { Manager => "manager", Professional => "professional", Member => "member" });

/// Position in the funnel; a member's stage is the furthest reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    #[default]
    Newcomer,
    Engaged,
    Contributor,
    Customer,
    Ambassador,
}

words!(Stage {
    Newcomer => "newcomer",
    Engaged => "engaged",
    Contributor => "contributor",
    Customer => "customer",
    Ambassador => "ambassador",
});

/// How recently a member was active, independent of the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    Active,
    AtRisk,
    Dormant,
}

words!(Activity { Active => "active", AtRisk => "at_risk", Dormant => "dormant" });
