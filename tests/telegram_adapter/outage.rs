//! PostgreSQL goes away in the middle of an update stream (a proxy in front of it is cut, so
//! other tests sharing the server are not disturbed): updates stay unconfirmed, commands answer
//! that the database is unreachable, nothing crashes, and every update lands once it returns.
//! Runs when `SNOWBALL_TEST_POSTGRES_URL` is set.

use std::time::Duration;

use snowball::domain::CommunityKey;
use snowball::store::testing::TestStore;
use snowball::testkit::tcp_proxy::in_front_of;

use crate::support::*;

async fn database_errors(client: &reqwest::Client, listen: &str) -> u64 {
    let metrics = client.get(format!("http://{listen}/metrics")).send().await.unwrap().text().await.unwrap();
    metrics
        .lines()
        .find_map(|l| l.strip_prefix("snowball_database_errors_total "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_down_mid_stream_keeps_updates_unconfirmed_and_loses_none() {
    let Some(db) = TestStore::postgres().await else { return };
    let (proxy, proxied) = in_front_of(&db.url).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let bot = Running::start_with(chat_spec(), |c| {
        c.database.url = proxied.clone();
        c.http.listen = listen.clone();
    })
    .await;
    let fake = &bot.fake;
    let first = fake.message(CHAT, alice(), "before the outage").push();
    bot.committed(&first).await;

    proxy.cut();
    // A command still gets an answer, and says why it cannot do more. It goes first: the listener
    // confirms a batch of updates only once all of it is committed, and asks for the next batch
    // only then, so during an outage the bot handles the batch it holds and nothing newer (a
    // command pushed after the messages could land in a batch that is never asked for).
    let ask = fake.user_message(CHAT, &carol(), "/invite");
    let during: Vec<i64> =
        (0..10).map(|i| fake.message(CHAT, bob(), format!("during {i}")).push().update_id()).collect();
    // Once the writer or a command has met the outage, store calls fail fast (the store's
    // breaker); the first one may still wait for the pool, so allow a loaded machine time.
    let reply = fake
        .wait_for_message(CHAT, |m| m.reply_to_message_id == Some(ask), Duration::from_secs(60))
        .await
        .expect("the bot answers during the outage");
    let reply = plain(&reply);
    assert!(reply.contains("can't reach its database"), "{reply}");
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let deadline = tokio::time::Instant::now() + WAIT;
    while database_errors(&client, &listen).await == 0 {
        assert!(tokio::time::Instant::now() < deadline, "the writer never met the outage");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for id in &during {
        assert!(!fake.is_confirmed(*id), "update {id} confirmed while the database was down");
    }

    proxy.restore();
    let last = *during.last().unwrap();
    fake.wait_for_confirmation(last, Duration::from_secs(60)).await.expect("everything lands after the outage");
    let id = db.store.find_community(&CommunityKey::telegram(CHAT)).await.unwrap().unwrap();
    assert_eq!(db.store.member(id, 201).await.unwrap().unwrap().messages, 10);
    assert_eq!(db.store.member(id, 200).await.unwrap().unwrap().messages, 1);
    bot.stop().await;
}
