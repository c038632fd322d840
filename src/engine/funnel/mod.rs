//! The member funnel: `newcomer → engaged → contributor → customer → ambassador`, the rules that
//! move members along it, and the activity status beside it.

mod activity;
mod reason;
mod report;
mod rules;

pub use activity::{activity, quiet_days};
pub use reason::StageReason;
pub use report::{ActivityCounts, Conversion, FunnelReport, StageCount, conversions, percent};
pub use rules::{CustomerFact, Facts, Given, furthest, given_in_window, promotion};

use crate::domain::Role;

/// Whether a role is staff (left out of funnel statistics when `funnel.exclude_staff`).
pub fn is_staff(role: Role) -> bool {
    matches!(role, Role::Manager | Role::Professional)
}
