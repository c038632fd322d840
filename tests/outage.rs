//! The database goes away mid-stream (a proxy in front of PostgreSQL is cut, so other tests
//! sharing the server are not disturbed): events wait in the queue and are all written once it
//! returns, commands answer "temporarily unavailable" instead of hanging, nothing crashes.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use snowball::app::App;
use snowball::clock::SystemClock;
use snowball::commands::{self, Command, Invocation};
use snowball::config::Config;
use snowball::domain::{CommunityKey, Envelope, Event, Message, MessageSignals};
use snowball::store::Store;
use snowball::store::testing::TestStore;
use snowball::testkit::ops::RecordingOps;
use snowball::testkit::tcp_proxy::in_front_of;

fn key() -> CommunityKey {
    CommunityKey::demo("outage")
}

fn message(id: i64) -> Envelope {
    let at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap() + chrono::Duration::seconds(id);
    Envelope::new(
        key(),
        format!("msg:{id}"),
        at,
        Event::MessagePosted(Message {
            message_id: id,
            author: 1 + id % 7,
            author_is_bot: false,
            reply_to: None,
            mentions: vec![],
            text: Some("hello".into()),
            signals: MessageSignals::default(),
        }),
    )
}

async fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !f() {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_down_mid_stream_loses_nothing_and_commands_say_unavailable() {
    let Some(db) = TestStore::postgres().await else { return };
    let (proxy, url) = in_front_of(&db.url).await;
    let store = Store::connect(&url, 4).await.unwrap();
    let mut config = Config::default();
    config.database.batch_max_delay_ms = 10;
    let (app, writer) = App::start(config, store.clone(), Arc::new(SystemClock));

    for id in 0..50 {
        app.ingest.submit(message(id)).unwrap();
    }
    app.ingest.flush().await.unwrap();
    assert_eq!(db.store.count_rows("events").await.unwrap(), 50);

    proxy.cut();
    for id in 50..100 {
        app.ingest.submit(message(id)).expect("queued while the database is down");
    }
    // A command answers within a bound, saying the database is unreachable.
    let ops = RecordingOps::default();
    let inv = Invocation {
        community: key(),
        caller: 3,
        caller_name: None,
        is_manager: false,
        locale: Some("en".into()),
        source_id: "cmd:1".into(),
    };
    let reply =
        tokio::time::timeout(Duration::from_secs(15), commands::run(&app, &ops, &inv, Command::Me { export: false }))
            .await
            .expect("the command answers instead of hanging");
    assert!(reply.plain().contains("can't reach its database"), "{}", reply.plain());
    // A command that writes says its change is queued, and it lands once the database is back.
    let manager = Invocation { source_id: "cmd:2".into(), is_manager: true, ..inv.clone() };
    let cmd = Command::Professional { add: true, member: 4 };
    let reply = tokio::time::timeout(Duration::from_secs(30), commands::run(&app, &ops, &manager, cmd))
        .await
        .expect("a writing command answers instead of hanging");
    assert!(reply.plain().contains("is queued"), "{}", reply.plain());
    let stats = app.ingest.stats().clone();
    wait_for("the writer to meet the outage", || stats.db_errors.load(Ordering::Relaxed) > 0).await;
    assert_eq!(db.store.count_rows("events").await.unwrap(), 50, "nothing written while down");

    proxy.restore();
    tokio::time::timeout(Duration::from_secs(60), app.ingest.flush()).await.expect("flushed after the outage").unwrap();
    assert_eq!(db.store.count_rows("events").await.unwrap(), 101, "every event written once, the command's too");
    assert_eq!(stats.dropped.load(Ordering::Relaxed), 0);
    assert_eq!(stats.rejected.load(Ordering::Relaxed), 0);

    // The same events again (a platform re-delivering) change nothing.
    for id in 0..100 {
        app.ingest.submit(message(id)).unwrap();
    }
    app.ingest.flush().await.unwrap();
    assert_eq!(db.store.count_rows("events").await.unwrap(), 101);
    drop(app);
    writer.await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_drops_counts_and_says_so() {
    let db = TestStore::postgres().await;
    let Some(db) = db else { return };
    let (proxy, url) = in_front_of(&db.url).await;
    let store = Store::connect(&url, 2).await.unwrap();
    let mut config = Config::default();
    config.database.queue_capacity = 10;
    config.database.batch_max_events = 5;
    config.database.batch_max_delay_ms = 10;
    let (app, _writer) = App::start(config, store, Arc::new(SystemClock));
    proxy.cut();
    let mut refused = 0;
    for id in 0..100 {
        if app.ingest.submit(message(id)).is_err() {
            refused += 1;
        }
    }
    assert!(refused > 0, "a bounded queue must refuse at some point");
    assert_eq!(app.ingest.stats().dropped.load(Ordering::Relaxed), refused, "every loss is counted");
    proxy.restore();
}
