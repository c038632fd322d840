//! Which rules apply to a community: the global ones, or a community's own (its `/settings`
//! overrides thresholds and thanks words).

use std::borrow::Cow;
use std::sync::Arc;

use dashmap::DashMap;

use crate::engine::Rules;
use crate::store::CommunityId;

/// Rules per community.
pub trait RulesFor: Send + Sync {
    fn rules_for(&self, community: CommunityId) -> Cow<'_, Rules>;
}

/// The same rules everywhere.
impl RulesFor for Rules {
    fn rules_for(&self, _community: CommunityId) -> Cow<'_, Rules> {
        Cow::Borrowed(self)
    }
}

/// Global rules with per-community overrides (a cache of what `/settings` stored).
#[derive(Debug, Default)]
pub struct RuleBook {
    base: Rules,
    overrides: DashMap<CommunityId, Arc<Rules>>,
}

impl RuleBook {
    pub fn new(base: Rules) -> Self {
        Self { base, overrides: DashMap::new() }
    }

    pub fn base(&self) -> &Rules {
        &self.base
    }

    /// Sets (or, with `None`, clears) a community's own rules.
    pub fn set(&self, community: CommunityId, rules: Option<Rules>) {
        match rules {
            Some(r) => {
                self.overrides.insert(community, Arc::new(r));
            }
            None => {
                self.overrides.remove(&community);
            }
        }
    }
}

impl RulesFor for RuleBook {
    fn rules_for(&self, community: CommunityId) -> Cow<'_, Rules> {
        match self.overrides.get(&community) {
            Some(r) => Cow::Owned(Rules::clone(&r)),
            None => Cow::Borrowed(&self.base),
        }
    }
}
