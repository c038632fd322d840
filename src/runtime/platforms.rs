//! The running platforms: what the scheduler and shared code use to act on a community's
//! platform.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::commands::PlatformOps;
use crate::domain::Platform;

/// Each running platform's operations.
#[derive(Clone, Default)]
pub struct Platforms {
    ops: BTreeMap<Platform, Arc<dyn PlatformOps>>,
}

impl Platforms {
    pub fn insert(&mut self, ops: Arc<dyn PlatformOps>) {
        self.ops.insert(ops.platform(), ops);
    }

    pub fn get(&self, platform: Platform) -> Option<&Arc<dyn PlatformOps>> {
        self.ops.get(&platform)
    }

    pub fn iter(&self) -> impl Iterator<Item = (Platform, &Arc<dyn PlatformOps>)> {
        self.ops.iter().map(|(p, o)| (*p, o))
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
}
