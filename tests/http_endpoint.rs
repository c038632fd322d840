//! `/metrics` and `/healthz` over real HTTP.

use snowball::observe::{Metrics, http};
use snowball::store::testing::TestStore;

#[tokio::test]
async fn health_reflects_the_database_and_the_platforms() {
    let db = TestStore::sqlite().await;
    let metrics = Metrics::new();
    metrics.set_connected("telegram", true);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (addr, handle) = http::serve("127.0.0.1:0".parse().unwrap(), metrics.clone(), db.store.clone(), async {
        let _ = rx.await;
    })
    .await
    .unwrap();
    let client = reqwest::Client::new();
    let ok = client.get(format!("http://{addr}/healthz")).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    let body: serde_json::Value = ok.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    assert_eq!(body["platforms"]["telegram"], "connected");

    metrics.set_connected("telegram", false);
    let down = client.get(format!("http://{addr}/healthz")).send().await.unwrap();
    assert_eq!(down.status(), 503);

    metrics.event("member_joined");
    let text = client.get(format!("http://{addr}/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("snowball_events_ingested_total{kind=\"member_joined\"} 1"), "{text}");

    db.store.close().await;
    let closed = client.get(format!("http://{addr}/healthz")).send().await.unwrap();
    assert_eq!(closed.status(), 503, "a closed database is unhealthy");
    tx.send(()).unwrap();
    handle.await.unwrap();
}
