//! The store fails fast while its database is unreachable, and recovers on its own.

use std::time::Duration;

use snowball::domain::CommunityKey;
use snowball::store::testing::TestStore;
use snowball::store::{Store, StoreError};
use snowball::testkit::tcp_proxy::in_front_of;

/// Polls until the store's background probe has closed the breaker.
async fn until_available(store: &Store) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while store.unavailable() {
        assert!(tokio::time::Instant::now() < deadline, "the breaker never closed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn an_unreachable_database_makes_calls_fail_fast_until_a_probe_reaches_it() {
    let db = TestStore::sqlite().await;
    let store = &db.store;
    let key = CommunityKey::demo("breaker");
    store.community_id(&key).await.unwrap();

    // An error that says nothing about reachability leaves the breaker closed.
    store.observe(StoreError::Corrupt("a bad row".into()));
    assert!(!store.unavailable());
    store.ping().await.expect("a busy or bad statement does not open the breaker");

    // A caller reports the database unreachable: the breaker opens. The database (a file) is in
    // fact there, so the probe closes it again right away; until then calls fail without
    // touching the pool.
    // (On this single-threaded runtime the probe cannot run before the next await that yields.)
    let e = store.observe(StoreError::Database(sqlx::Error::PoolTimedOut));
    assert!(e.is_transient());
    assert!(store.unavailable());
    let fast = store.ping().await.expect_err("the breaker is open");
    assert!(matches!(fast, StoreError::Unavailable), "{fast:?}");
    until_available(store).await;
    store.ping().await.expect("the store works again once the probe reached the database");
    assert!(store.find_community(&key).await.unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_postgres_fails_fast_and_the_store_recovers_when_it_returns() {
    let Some(db) = TestStore::postgres().await else { return };
    let (proxy, proxied) = in_front_of(&db.url).await;
    let store = Store::open(&proxied, 2).await.unwrap();
    let key = CommunityKey::demo("breaker-pg");
    let id = db.store.community_id(&key).await.unwrap();
    store.ping().await.unwrap();

    proxy.cut();
    // The first call meets the outage (after the pool's acquire timeout at worst) and is
    // reported, as the writer and the command layer do.
    let first = store.ping().await.expect_err("the database is cut off");
    assert!(first.is_transient(), "{first:?}");
    let first = store.observe(first);
    assert!(store.unavailable(), "{first:?}");
    // Every call now fails at once, saying why, without waiting for the pool.
    for _ in 0..3 {
        let e = store.member(id, 1).await.expect_err("still cut off");
        assert!(matches!(e, StoreError::Unavailable), "{e:?}");
        assert!(e.is_transient());
    }

    proxy.restore();
    until_available(&store).await;
    store.ping().await.expect("reachable again");
    assert_eq!(store.community_id(&key).await.unwrap(), id);
}
