//! The digest: a community's report for a period (a week by default), compared with the period
//! before, as data ([`Digest`]) with three renderers. `crate::digest::build` reads the facts from
//! the store; everything here is pure.

mod assemble;
mod model;
mod period;
mod render;
mod sources;

pub use assemble::{AT_RISK_LISTED, DigestHeader, FlowFact, JoinGroup, PeriodFacts, SaleFact, TOP, assemble};
pub use model::*;
pub use period::{DigestPeriod, PeriodError};
pub use render::{MOVES_LISTED, money, num, render_json, render_markdown, render_text, who};
pub use sources::{CHART_WEEKS, SourceHistory, SourceWeek, assemble_sources, last_week_of, recent_weeks};
