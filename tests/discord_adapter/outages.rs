//! What snowball can't see: no Manage Server permission, and joins while it was offline.

use snowball::domain::{Confidence, Source};
use snowball::store::Backend;
use snowball::testkit::discord::{UserSpec, permissions, routes};

use super::harness::{ALICE, Bot, OWNER, U, guild_spec, text_of};
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
