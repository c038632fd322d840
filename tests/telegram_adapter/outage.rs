//! PostgreSQL goes away in the middle of an update stream (a proxy in front of it is cut, so
//! other tests sharing the server are not disturbed): updates stay unconfirmed, commands answer
//! that the database is unreachable, nothing crashes, and every update lands once it returns.
//! Runs when `SNOWBALL_TEST_POSTGRES_URL` is set.

use std::net::SocketAddr;
use std::time::Duration;

use snowball::domain::CommunityKey;
use snowball::store::testing::TestStore;
use snowball::testkit::tcp_proxy::TcpProxy;

use crate::support::*;

fn through(url: &str, proxy: SocketAddr) -> String {
    let mut u = url::Url::parse(url).unwrap();
    u.set_host(Some(&proxy.ip().to_string())).unwrap();
    u.set_port(Some(proxy.port())).unwrap();
    u.to_string()
}

fn target(url: &str) -> SocketAddr {
    let u = url::Url::parse(url).unwrap();
    let host = match u.host_str().unwrap_or("127.0.0.1") {
        "localhost" => "127.0.0.1",
        other => other,
    };
    format!("{host}:{}", u.port().unwrap_or(5432)).parse().expect("a numeric PostgreSQL address")
}

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
    let proxy = TcpProxy::start(target(&db.url)).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let bot = Running::start_with(chat_spec(), |c| {
        c.database.url = through(&db.url, proxy.addr());
        c.http.listen = listen.clone();
    })
    .await;
    let fake = &bot.fake;
    let first = fake.message(CHAT, alice(), "before the outage").push();
    bot.committed(&first).await;

    proxy.cut();
    let during: Vec<i64> =
        (0..10).map(|i| fake.message(CHAT, bob(), format!("during {i}")).push().update_id()).collect();
    // A command still gets an answer, and says why it cannot do more.
    let ask = fake.user_message(CHAT, &carol(), "/invite");
    let reply = plain(&bot.reply_to(ask).await);
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
