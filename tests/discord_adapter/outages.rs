//! What snowball can't see: no Manage Server permission, and joins while it was offline.

use snowball::domain::{Confidence, Source};
use snowball::store::Backend;
use snowball::testkit::discord::{UserSpec, permissions, routes};

use super::harness::{ALICE, BOB, Bot, OWNER, U, guild_spec, text_of};
use super::joined;

/// Without Manage Server the invite list is refused: joins are recorded as unknown (never
/// guessed) and `/setup` says what is missing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_manage_server_joins_are_unknown_and_setup_says_why() {
    let spec = guild_spec().bot_permissions(permissions::EVERYONE_DEFAULT);
    let bot = Bot::start(spec, Backend::Sqlite, |fake| {
        fake.create_invite(guild_spec().id, "alice1", Some(ALICE), 0);
    })
    .await
    .unwrap();
    bot.fake.member_join(bot.guild, UserSpec::new(U[0], "u0"), Some("alice1"));
    let a = joined(&bot, U[0]).await.attribution;
    assert_eq!((a.source, a.confidence, a.inviter), (Source::Unknown, Confidence::Unknown, None), "{a:?}");

    let setup = bot.run(OWNER, "setup", &[]).await;
    let text = text_of(&setup);
    assert!(text.contains("❌ The bot may read this server's invites (Manage Server)"), "{text}");
    assert!(text.contains("Give the bot's role the Manage Server permission"), "{text}");
    bot.stop().await;
}

/// A member who joined while snowball was stopped is recorded as unknown after the restart;
/// the invites are snapshotted again, so their use is not pinned on the next live join.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joins_while_offline_are_unknown_and_never_credited_to_the_next_join() {
    let mut bot = Bot::start(guild_spec(), Backend::Sqlite, |fake| {
        fake.create_invite(guild_spec().id, "alice1", Some(ALICE), 0);
    })
    .await
    .unwrap();
    bot.fake.member_join(bot.guild, UserSpec::new(U[0], "u0"), Some("alice1"));
    assert_eq!(joined(&bot, U[0]).await.attribution.confidence, Confidence::Exact);

    let fetches = bot.fake.request_count(routes::GUILD_INVITES);
    let guild = bot.guild;
    bot.restart(|fake| {
        let outcome = fake.member_join(guild, UserSpec::new(U[1], "u1"), Some("alice1"));
        assert_eq!(outcome.delivered, 0, "nobody is listening");
    })
    .await;
    let a = joined(&bot, U[1]).await.attribution;
    assert_eq!((a.source, a.confidence, a.inviter), (Source::Unknown, Confidence::Unknown, None), "{a:?}");
    assert!(bot.fake.request_count(routes::GUILD_INVITES) > fetches, "re-snapshotted after the restart");

    bot.fake.member_join(bot.guild, UserSpec::new(U[2], "u2"), Some("alice1"));
    let a = joined(&bot, U[2]).await.attribution;
    assert_eq!((a.confidence, a.inviter), (Confidence::Exact, Some(ALICE as i64)), "{a:?}");
    let community = bot.community().await;
    assert_eq!(bot.store.joins_of(community, U[0] as i64).await.unwrap().len(), 1, "the first join once");

    bot.stop().await;
}

/// Privileged intents not enabled in the developer portal: Discord closes the session with
/// 4014; snowball says why in the log, keeps running (the other platform, the scheduler) and
/// stops cleanly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_intents_do_not_crash_the_process() {
    use secrecy::SecretString;
    use snowball::testkit::discord::{FakeDiscord, FakeDiscordConfig};
    let fake = FakeDiscord::start_with(FakeDiscordConfig { privileged_intents_enabled: 0, ..Default::default() }).await;
    fake.add_guild(guild_spec());
    let db = snowball::store::testing::TestStore::sqlite().await;
    let mut config = snowball::config::Config::default();
    config.database.url = db.url.clone();
    config.discord.token = Some(SecretString::from(fake.token().to_string()));
    config.discord.api_url = fake.base_url().to_string();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    config.http.listen = format!("127.0.0.1:{port}");
    let stop = tokio_util::sync::CancellationToken::new();
    let run = tokio::spawn(snowball::runtime::run(config, snowball::app::App::system_clock(), stop.clone()));
    let refused = fake.wait_for("an identify", |f| f.identifies().first().cloned()).await;
    assert_eq!(refused.refused_with, Some(4014));
    // The client gave up; the process did not: /healthz reports Discord down.
    let client = reqwest::Client::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let health = client.get(format!("http://127.0.0.1:{port}/healthz")).send().await;
        let body: Option<serde_json::Value> = match health {
            Ok(r) => r.json().await.ok(),
            Err(_) => None,
        };
        if body.is_some_and(|b| b["platforms"]["discord"] == "disconnected") {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "Discord never reported down");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(!run.is_finished(), "still running");
    stop.cancel();
    let result = tokio::time::timeout(std::time::Duration::from_secs(30), run).await;
    result.expect("stops").expect("the task").expect("ends cleanly");
}

/// A quick command held up by a locked database is deferred before Discord's 3 seconds run
/// out, then answered when the database is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_held_up_by_the_database_is_deferred_not_failed() {
    use sqlx::Connection;
    let bot = Bot::start(guild_spec(), Backend::Sqlite, |_| {}).await.unwrap();
    sqlx::any::install_default_drivers();
    let mut lock = sqlx::AnyConnection::connect(&bot.config.database.url).await.unwrap();
    sqlx::query("BEGIN IMMEDIATE").execute(&mut lock).await.unwrap();

    let handle = bot.command(ALICE, "thanks", &[("member", serde_json::json!(BOB.to_string()))]);
    let ack = bot.fake.await_ack(&handle).await;
    assert_eq!(ack.kind, snowball::testkit::discord::CallbackKind::Deferred);
    assert!(!ack.is_complete(), "still waiting for the database");

    sqlx::query("ROLLBACK").execute(&mut lock).await.unwrap();
    let done = bot.fake.await_response(&handle).await;
    assert!(text_of(&done).contains("Thanks recorded"), "{}", text_of(&done));
    bot.stop().await;
}
