//! Bounded waits for tests: re-check a condition on every change of the fake's state (and every
//! 50 ms), panic with a description of the fake's state after the configured timeout.

use std::future::Future;
use std::time::Duration;

use serde_json::Value;

use super::{FakeDiscord, RecordedMessage, RecordedRequest, ShardStatus};

impl FakeDiscord {
    /// Waits until `check` returns `Some`, re-checking on every change of the fake's state.
    ///
    /// # Panics
    /// After [`FakeDiscordConfig::wait_timeout`], naming `what`.
    pub async fn wait_for<T>(&self, what: &str, mut check: impl FnMut(&FakeDiscord) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + self.shared().config.wait_timeout;
        loop {
            let changed = self.shared().changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if let Some(value) = check(self) {
                return value;
            }
            // Also re-check now and then: some conditions depend on the client, not the fake.
            let tick = tokio::time::sleep(Duration::from_millis(50));
            if tokio::time::timeout_at(deadline, first(changed, tick)).await.is_err() {
                if let Some(value) = check(self) {
                    return value;
                }
                panic!(
                    "fake discord: timed out after {:?} waiting for {what}; shards: {:?}; unknown requests: {:?}",
                    self.shared().config.wait_timeout,
                    self.shards(),
                    self.unknown_requests().iter().map(|r| &r.route).collect::<Vec<_>>()
                );
            }
        }
    }

    /// Waits until `count` gateway sessions are connected and have had READY and every
    /// GUILD_CREATE.
    pub async fn wait_until_ready(&self, count: usize) -> Vec<ShardStatus> {
        self.wait_for(&format!("{count} ready shard(s)"), |f| {
            let ready: Vec<ShardStatus> = f.shards().into_iter().filter(|s| s.ready && s.connected).collect();
            (ready.len() >= count).then_some(ready)
        })
        .await
    }

    /// Waits until a command named `name` is registered (globally or in any guild).
    pub async fn wait_for_command(&self, name: &str) -> Value {
        self.wait_for(&format!("command {name:?} registered"), |f| {
            let state = f.shared().lock();
            state
                .global_commands
                .iter()
                .chain(state.guild_commands.values().flatten())
                .find(|c| c["name"] == name)
                .cloned()
        })
        .await
    }

    /// Waits until the bot posted at least `count` messages in a channel; returns them.
    pub async fn wait_for_bot_messages(&self, channel_id: u64, count: usize) -> Vec<RecordedMessage> {
        self.wait_for(&format!("{count} bot message(s) in channel {channel_id}"), |f| {
            let messages = f.bot_messages_in(channel_id);
            (messages.len() >= count).then_some(messages)
        })
        .await
    }

    /// Waits until `route` was requested at least `count` times; returns those requests.
    pub async fn wait_for_requests(&self, route: &str, count: usize) -> Vec<RecordedRequest> {
        self.wait_for(&format!("{count} request(s) to {route}"), |f| {
            let requests = f.requests(route);
            (requests.len() >= count).then_some(requests)
        })
        .await
    }
}

/// Resolves when either future does.
async fn first(a: impl Future<Output = ()>, b: impl Future<Output = ()>) {
    tokio::select! {
        () = a => {}
        () = b => {}
    }
}
