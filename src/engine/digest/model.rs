//! The digest as data. Its JSON form (`render_json`) is a stable interface documented in
//! `docs/digest.md`: fields are only ever added, and `schema` changes if one has to change.

use serde::{Deserialize, Serialize};

use crate::domain::{Confidence, Origin, Role, Source, Stage, Ts, UserId, ValueKind};
use crate::engine::funnel::{Conversion, StageReason};

/// The version of the JSON shape.
pub const DIGEST_SCHEMA: u32 = 1;

/// A number this period and the period before.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delta {
    pub value: i64,
    pub previous: i64,
}

impl Delta {
    pub fn new(value: i64, previous: i64) -> Self {
        Self { value, previous }
    }
    pub fn change(&self) -> i64 {
        self.value - self.previous
    }
}

/// A community's report for one period, compared with the period before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    pub schema: u32,
    /// `discord:<guild id>`, `telegram:<chat id>` or `demo:<name>`.
    pub community: String,
    pub community_name: Option<String>,
    /// `2026-W47` or `2026-11`.
    pub period: String,
    pub previous_period: String,
    /// `[from, to)`, UTC instants of local midnights in `timezone`.
    pub from: Ts,
    pub to: Ts,
    pub timezone: String,
    /// The numbers are as of this instant: `to`, or the build time for a period not over yet.
    pub as_of: Ts,
    /// The period is over.
    pub complete: bool,
    /// Nothing happened: no joins, leaves, messages, value, moves or sales.
    pub quiet: bool,
    /// Members present at the end of the period (bots excluded).
    pub members: Delta,
    pub growth: Growth,
    pub activity: ActivitySummary,
    pub funnel: FunnelSection,
    /// Who moved: every promotion in the period, oldest first.
    pub moves: Vec<Move>,
    pub top_referrers: Vec<TopReferrer>,
    pub top_helpers: Vec<TopHelper>,
    pub value: ValueSection,
    pub professionals: Vec<ProfessionalRow>,
    pub at_risk: AtRiskSection,
    pub impact: ImpactSection,
    pub data_quality: DataQuality,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Growth {
    pub joins: Delta,
    pub leaves: Delta,
    /// joins − leaves.
    pub net: Delta,
    /// Joins by source, every source listed in a fixed order.
    pub by_source: Vec<SourceJoins>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceJoins {
    pub source: Source,
    pub joins: Delta,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivitySummary {
    pub messages: Delta,
    /// Members who posted at least once.
    pub active_members: Delta,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FunnelSection {
    /// Managers and professionals are left out of these numbers.
    pub staff_excluded: bool,
    /// Members at each stage at the end of the period, and who entered it during the period.
    pub stages: Vec<FunnelStage>,
    pub conversions: Vec<Conversion>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunnelStage {
    pub stage: Stage,
    pub members: i64,
    pub entered: Delta,
}

/// A promotion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Move {
    pub user: UserId,
    pub name: Option<String>,
    pub from: Stage,
    pub to: Stage,
    pub at: Ts,
    pub reason: StageReason,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopReferrer {
    pub user: UserId,
    pub name: Option<String>,
    /// Referrals validated in the period.
    pub validated: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopHelper {
    pub user: UserId,
    pub name: Option<String>,
    /// Weight of the value they gave in the period.
    pub weight: i64,
    pub exchanges: i64,
    /// Distinct members they gave value to.
    pub members: i64,
}

/// The value triangle: value that flowed between managers, professionals and members.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ValueSection {
    /// Total weight.
    pub weight: Delta,
    pub exchanges: Delta,
    /// Per edge of the triangle (giver role → receiver role), every edge listed.
    pub edges: Vec<Edge>,
    /// Per edge and kind, only those with value this period.
    pub flows: Vec<Flow>,
    /// Per origin (thanks, reaction, reply, manual), every origin listed.
    pub by_origin: Vec<OriginTotal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    pub from: Role,
    pub to: Role,
    pub weight: Delta,
    pub exchanges: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    pub from: Role,
    pub to: Role,
    pub kind: ValueKind,
    pub weight: i64,
    pub exchanges: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginTotal {
    pub origin: Origin,
    pub weight: i64,
    pub exchanges: i64,
}

/// A professional: their stage, the stage and exposure they got, the value they gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfessionalRow {
    pub user: UserId,
    pub name: Option<String>,
    pub stage: Stage,
    /// Weight of `stage` value received in the period.
    pub stage_received: i64,
    /// Weight of `exposure` value received in the period.
    pub exposure_received: i64,
    /// Weight of value they gave in the period.
    pub value_given: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AtRiskSection {
    /// Members at risk at the end of the period (quiet `funnel.at_risk_days` or more).
    pub at_risk: i64,
    /// Members dormant (quiet `funnel.dormant_days` or more).
    pub dormant: i64,
    /// Who is slipping: at-risk members past newcomer, furthest stage first (at most 10).
    pub members: Vec<AtRiskMember>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtRiskMember {
    pub user: UserId,
    pub name: Option<String>,
    pub stage: Stage,
    pub last_active: Ts,
    pub quiet_days: i64,
}

/// An amount in one currency, in minor units (cents, agorot).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Money {
    pub currency: String,
    pub amount_minor: i64,
}

/// Impact return: customers and revenue, credited to where the customers came from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImpactSection {
    /// Members whose first sale was in the period.
    pub new_customers: Delta,
    /// Sales in the period (first and repeat).
    pub sales: i64,
    /// Revenue of every sale in the period, per currency.
    pub revenue: Vec<Money>,
    /// New customers and revenue by source; only sources with any.
    pub by_source: Vec<ImpactSource>,
    /// New customers who were active in the community before buying.
    pub influenced: i64,
    /// New customers the community brought (referrals) or influenced.
    pub community_sourced: i64,
    /// `community_sourced / new_customers` in percent, one decimal.
    pub community_share_percent: Option<f64>,
    /// The snowball view: referrers by new customers they brought directly, and through the
    /// members they brought (the chain below them). At most 5.
    pub snowball: Vec<ChainCredit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactSource {
    pub source: Source,
    pub customers: i64,
    pub revenue: Vec<Money>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainCredit {
    pub user: UserId,
    pub name: Option<String>,
    pub direct: i64,
    pub chain: i64,
}

/// How sure the period's join attributions are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataQuality {
    pub joins: i64,
    pub exact: i64,
    pub inferred: i64,
    pub ambiguous: i64,
    pub unknown: i64,
    /// Accounts younger than `attribution.suspect_account_days`.
    pub suspect: i64,
    pub self_invites: i64,
    pub rejoins: i64,
}

impl DataQuality {
    pub fn count(&self, c: Confidence) -> i64 {
        match c {
            Confidence::Exact => self.exact,
            Confidence::Inferred => self.inferred,
            Confidence::Ambiguous => self.ambiguous,
            Confidence::Unknown => self.unknown,
        }
    }
}
