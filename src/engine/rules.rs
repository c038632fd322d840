use crate::config::{AttributionConfig, Config, FunnelConfig, LedgerConfig};

/// The configurable rules the engine applies (global defaults; a community's `/settings` can
/// override some of them).
#[derive(Clone, Debug, Default)]
pub struct Rules {
    pub attribution: AttributionConfig,
    pub ledger: LedgerConfig,
    pub funnel: FunnelConfig,
}

impl Rules {
    pub fn from_config(config: &Config) -> Self {
        Self { attribution: config.attribution.clone(), ledger: config.ledger.clone(), funnel: config.funnel.clone() }
    }
}
