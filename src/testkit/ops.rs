//! A [`PlatformOps`] that records what handlers asked of the platform.

use std::sync::Mutex;

use futures::future::BoxFuture;

use crate::commands::{InvitePurpose, PlatformError, PlatformOps, Rendered, SetupCheck};
use crate::domain::{CommunityKey, Platform};

#[derive(Default)]
pub struct RecordingOps {
    pub invites: Mutex<Vec<(CommunityKey, InvitePurpose)>>,
    pub posts: Mutex<Vec<(CommunityKey, Option<String>, Rendered)>>,
    /// What `/setup` reports.
    pub checks: Mutex<Vec<SetupCheck>>,
    /// Make posting fail (e.g. a missing permission).
    pub fail_posts: Mutex<bool>,
}

impl PlatformOps for RecordingOps {
    fn platform(&self) -> Platform {
        Platform::Demo
    }

    fn create_invite<'a>(
        &'a self,
        community: &'a CommunityKey,
        purpose: InvitePurpose,
    ) -> BoxFuture<'a, Result<String, PlatformError>> {
        Box::pin(async move {
            let mut invites = self.invites.lock().expect("lock");
            invites.push((community.clone(), purpose));
            Ok(format!("https://invite.example/{}", invites.len()))
        })
    }

    fn setup_checks<'a>(&'a self, _community: &'a CommunityKey) -> BoxFuture<'a, Vec<SetupCheck>> {
        Box::pin(async move { self.checks.lock().expect("lock").clone() })
    }

    fn post<'a>(
        &'a self,
        community: &'a CommunityKey,
        channel: Option<&'a str>,
        message: Rendered,
    ) -> BoxFuture<'a, Result<(), PlatformError>> {
        Box::pin(async move {
            if *self.fail_posts.lock().expect("lock") {
                return Err(PlatformError::MissingPermission("Send Messages".into()));
            }
            self.posts.lock().expect("lock").push((community.clone(), channel.map(String::from), message));
            Ok(())
        })
    }
}
