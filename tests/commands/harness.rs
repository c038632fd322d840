//! A command harness: the shared command layer over a fresh SQLite store, a manual clock and
//! a recording platform.
#![allow(dead_code)]

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use snowball::app::App;
use snowball::clock::ManualClock;
use snowball::commands::{self, Command, Invocation};
use snowball::config::Config;
use snowball::domain::CommunityKey;
use snowball::store::testing::TestStore;
use snowball::testkit::ops::RecordingOps;

pub struct Harness {
    _db: TestStore,
    pub app: Arc<App>,
    pub clock: Arc<ManualClock>,
    pub ops: RecordingOps,
    n: std::sync::atomic::AtomicU64,
}

impl Harness {
    pub async fn new() -> Self {
        let db = TestStore::sqlite().await;
        let clock = Arc::new(ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 18, 12, 0, 0).unwrap()));
        let (app, _writer) = App::start(Config::default(), db.store.clone(), clock.clone());
        Harness { _db: db, app, clock, ops: RecordingOps::default(), n: Default::default() }
    }

    pub fn inv(&self, caller: i64, manager: bool, locale: &str) -> Invocation {
        let n = self.n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Invocation {
            community: CommunityKey::demo("cmds"),
            caller,
            caller_name: None,
            is_manager: manager,
            locale: Some(locale.into()),
            source_id: format!("cmd:{n}"),
        }
    }

    pub async fn run(&self, caller: i64, manager: bool, cmd: Command) -> commands::Rendered {
        commands::run(&self.app, &self.ops, &self.inv(caller, manager, "en"), cmd).await
    }

    pub async fn events(&self) -> i64 {
        self.app.ingest.flush().await.unwrap();
        self.app.store.count_rows("events").await.unwrap()
    }
}
