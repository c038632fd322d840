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

/// The scheduler posts the weekly digest through Discord at its time (exactly-once across
/// processes is the scheduler suite's business; here: the Discord path and the claim).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scheduler_posts_the_weekly_digest_through_discord() {
    use chrono::TimeZone;
    // Monday 08:55 UTC: the bot knows the community before the 09:00 digest is due.
    let clock = std::sync::Arc::new(snowball::clock::ManualClock::new(
        chrono::Utc.with_ymd_and_hms(2026, 11, 23, 8, 55, 0).unwrap(),
    ));
    let bot =
        Bot::start_clocked(guild_spec(), Backend::Sqlite, |_| {}, |c| c.digest.check_interval_secs = 1, clock.clone())
            .await
            .unwrap();
    let set = bot
        .run(
            super::harness::OWNER,
            "settings",
            &[("key", json!("digest_channel")), ("value", json!(bot.admin_channel.to_string()))],
        )
        .await;
    assert!(super::harness::text_of(&set).contains("Saved"));
    clock.advance(chrono::Duration::minutes(6));
    let posted = bot.fake.wait_for_bot_messages(bot.admin_channel, 1).await;
    assert!(posted[0].embed_titles().iter().any(|t| t.contains("makers")), "{:?}", posted[0].embed_titles());
    // The chart comes with it, as a PNG shown inside the embed.
    let chart = posted[0].attachments.iter().find(|a| a.filename == "digest-chart.png").expect("the chart is attached");
    let picture = snowball::testkit::picture::decode_png(&chart.data).expect("the chart is a PNG");
    assert_eq!((picture.width, picture.height), (snowball::chart::WIDTH, snowball::chart::HEIGHT));
    assert!(picture.colours > 4, "{picture:?}");
    let image = posted[0].embeds[0].pointer("/image/url").and_then(|u| u.as_str());
    assert_eq!(image, Some("attachment://digest-chart.png"));
    let community = bot.community().await;
    let posted = bot
        .until("the digest marked posted", async |s: &snowball::store::Store| {
            s.posted_digests(community).await.ok().filter(|p| !p.is_empty())
        })
        .await;
    assert_eq!(posted.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), vec!["2026-W47"]);
    bot.stop().await;
}

/// When the bot is added to a server, its managers are told what snowball does and what is
/// missing — in the system channel, once; a guild that was there at start gets no welcome.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_server_gets_a_welcome_with_what_is_missing() {
    use snowball::testkit::discord::GuildSpec;
    let bot = Bot::start(guild_spec(), Backend::Sqlite, |_| {}).await.unwrap();
    // Added while running, without Manage Server (View Channel, Send Messages, Embed Links,
    // Create Invite only).
    let new_guild = guild_id_on_shard(0, 1, 11);
    let perms = (1 << 10) | (1 << 11) | (1 << 14) | 1;
    bot.fake.add_guild(GuildSpec::new(new_guild, "newcomers", super::harness::OWNER).bot_permissions(perms));
    let posted = bot.fake.wait_for_bot_messages(new_guild + 1, 1).await;
    let text = format!("{:?}", posted[0].embeds);
    assert!(posted[0].embed_titles().iter().any(|t| t.contains("snowball is here")), "{text}");
    assert!(text.contains("Manage Server"), "the missing permission is named: {text}");
    assert!(text.contains("First steps for managers"), "the first steps follow: {text}");
    // The guild that was there at start got nothing.
    assert!(bot.fake.bot_messages_in(bot.channel).is_empty());
    assert!(bot.fake.bot_messages_in(bot.admin_channel).is_empty());
    bot.stop().await;
}
