//! The running bot: the vanity URL (read with a raw request), a failed invite fetch retried,
//! shard ranges from the configuration, and the metrics endpoint.

use serde_json::json;
use snowball::domain::{Confidence, Source};
use snowball::store::Backend;
use snowball::testkit::discord::{UserSpec, guild_id_on_shard, routes};

use super::harness::{ALICE, Bot, U, guild_spec};
use super::joined;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vanity_joins_are_vanity() {
    let bot = Bot::start(guild_spec().vanity("makers", 40), Backend::Sqlite, |_| {}).await.unwrap();
    bot.fake.member_join(bot.guild, UserSpec::new(U[0], "u0"), Some("makers"));
    let a = joined(&bot, U[0]).await.attribution;
    assert_eq!((a.source, a.confidence), (Source::Vanity, Confidence::Exact), "{a:?}");
    assert!(bot.fake.request_count(routes::GUILD_VANITY_URL) >= 2, "snapshot and window");
    bot.stop().await;
}

/// A server error on the invite list is retried; the join waits for it instead of being
/// guessed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_invite_fetch_is_retried() {
    let bot = Bot::start(guild_spec(), Backend::Sqlite, |fake| {
        fake.create_invite(guild_spec().id, "alice1", Some(ALICE), 0);
    })
    .await
    .unwrap();
    let error = json!({ "message": "500: Internal Server Error", "code": 0 });
    bot.fake.fail_route(routes::GUILD_INVITES, 500, error, Some(1));
    bot.fake.member_join(bot.guild, UserSpec::new(U[0], "u0"), Some("alice1"));
    let a = joined(&bot, U[0]).await.attribution;
    assert_eq!((a.confidence, a.inviter), (Confidence::Exact, Some(ALICE as i64)), "{a:?}");
    let statuses: Vec<u16> = bot.fake.requests(routes::GUILD_INVITES).iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![200, 500, 200], "snapshot, the failure, the retry");
    bot.stop().await;
}

/// `discord.shards` / `discord.shard_total`: this process runs shard 1 of 2 only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shard_range_from_the_configuration() {
    let mut spec = guild_spec();
    spec.id = guild_id_on_shard(1, 2, 3);
    spec.channels[0].id = spec.id + 1;
    spec.channels[1].id = spec.id + 2;
    let bot = Bot::start_with(
        spec,
        Backend::Sqlite,
        |_| {},
        |c| {
            c.discord.shards = vec![1, 1];
            c.discord.shard_total = 2;
        },
    )
    .await
    .unwrap();
    let identified: Vec<(u32, u32)> = bot.fake.identifies().iter().map(|i| (i.shard_id, i.shard_total)).collect();
    assert_eq!(identified, vec![(1, 2)]);
    bot.fake.member_join(bot.guild, UserSpec::new(U[0], "u0"), None);
    assert_eq!(joined(&bot, U[0]).await.attribution.confidence, Confidence::Unknown);
    bot.stop().await;
}

/// `/healthz` says Discord is connected; `/metrics` counts events and attributions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_metrics_see_discord() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let bot = Bot::start_with(guild_spec(), Backend::Sqlite, |_| {}, |c| c.http.listen = listen.clone()).await.unwrap();
    bot.fake.member_join(bot.guild, UserSpec::new(U[0], "u0"), None);
    joined(&bot, U[0]).await;

    let client = reqwest::Client::new();
    let health: serde_json::Value =
        client.get(format!("http://{listen}/healthz")).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["platforms"]["discord"], "connected", "{health}");
    let text = client.get(format!("http://{listen}/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("snowball_platform_connected{platform=\"discord\"} 1"), "{text}");
    assert!(text.contains("snowball_attributions_total{source=\"unknown\",confidence=\"unknown\"} 1"), "{text}");
    assert!(text.contains("snowball_events_ingested_total{kind=\"member_seen\"}"), "{text}");
    bot.stop().await;
}
