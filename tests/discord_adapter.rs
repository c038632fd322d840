//! The Discord adapter end to end: the real `snowball run` (serenity + poise) against the fake
//! Discord on 127.0.0.1, with a fresh store per test.

#[path = "discord_adapter/activity.rs"]
mod activity;
#[path = "discord_adapter/commands.rs"]
mod commands;
#[path = "discord_adapter/harness.rs"]
mod harness;
#[path = "discord_adapter/links.rs"]
mod links;
#[path = "discord_adapter/outages.rs"]
mod outages;
#[path = "discord_adapter/runtime.rs"]
mod runtime;

use harness::{ALICE, BOB, Bot, CAROL, OWNER, U, guild_spec, text_of};
use serde_json::json;
use snowball::domain::{Confidence, Source};
use snowball::store::{Backend, JoinRow, Store};
use snowball::testkit::discord::{CallbackKind, Join, PostMessage, UserSpec, routes};

async fn joined(bot: &Bot, user: u64) -> JoinRow {
    let community = bot.community().await;
    bot.until(&format!("the join of {user}"), async |s: &Store| {
        s.joins_of(community, user as i64).await.ok().and_then(|j| j.into_iter().next())
    })
    .await
}

/// Members join through three invites — one alone, a simultaneous pair, a single-use one —
/// and one through no invite: each attribution says exactly what the invite counts can prove.
async fn joins_are_attributed_honestly(backend: Backend) {
    let invites = |fake: &snowball::testkit::discord::FakeDiscord| {
        let g = guild_spec().id;
        fake.create_invite(g, "alice1", Some(ALICE), 0);
        fake.create_invite(g, "bob1", Some(BOB), 0);
        fake.create_invite(g, "carol1", Some(CAROL), 1);
    };
    // A window wide enough that the simultaneous pair shares it even on a loaded machine.
    let Some(bot) = Bot::start_with(guild_spec(), backend, invites, |c| c.attribution.window_ms = 500).await else {
        return;
    };

    // Alone: exactly one invite went up.
    bot.fake.member_join(bot.guild, UserSpec::new(U[0], "u0"), Some("alice1"));
    let a = joined(&bot, U[0]).await.attribution;
    assert_eq!((a.source, a.confidence, a.inviter), (Source::Referral, Confidence::Exact, Some(ALICE as i64)), "{a:?}");
    assert_eq!(a.invite.as_deref(), Some("alice1"));

    // Together: Alice's and Bob's invites each went up once for two joins; nobody can say who
    // used which, so both are ambiguous between Alice and Bob.
    bot.fake.simultaneous_joins(
        bot.guild,
        vec![Join::new(UserSpec::new(U[1], "u1"), Some("alice1")), Join::new(UserSpec::new(U[2], "u2"), Some("bob1"))],
    );
    for user in [U[1], U[2]] {
        let a = joined(&bot, user).await.attribution;
        assert_eq!(a.confidence, Confidence::Ambiguous, "{user}: {a:?}");
        assert_eq!(a.inviter, None, "{user}: never a guess presented as fact");
        let mut candidates = a.candidates.clone();
        candidates.sort_unstable();
        assert_eq!(candidates, vec![ALICE as i64, BOB as i64], "{user}: {a:?}");
    }

    // Single use: Carol's invite vanished with the join; crediting her rests on one stated
    // assumption (used up, not deleted by hand), so it is inferred, never exact.
    let outcome = bot.fake.member_join(bot.guild, UserSpec::new(U[3], "u3"), Some("carol1"));
    assert!(outcome.invite_deleted);
    let a = joined(&bot, U[3]).await.attribution;
    assert_eq!(
        (a.source, a.confidence, a.inviter),
        (Source::Referral, Confidence::Inferred, Some(CAROL as i64)),
        "{a:?}"
    );

    // Through no invite (Discovery): no increment, so unknown.
    bot.fake.member_join(bot.guild, UserSpec::new(U[4], "u4"), None);
    let a = joined(&bot, U[4]).await.attribution;
    assert_eq!((a.source, a.confidence, a.inviter), (Source::Unknown, Confidence::Unknown, None), "{a:?}");

    // Joins share fetches: at most one per join (plus the first snapshot).
    assert!(bot.fake.request_count(routes::GUILD_INVITES) <= 5, "{:?}", bot.fake.request_counts());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joins_are_attributed_honestly_sqlite() {
    joins_are_attributed_honestly(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joins_are_attributed_honestly_postgres() {
    joins_are_attributed_honestly(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thanks_in_a_reply_is_value_and_shows_on_the_leaderboard_sqlite() {
    thanks_in_a_reply_is_value_and_shows_on_the_leaderboard(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thanks_in_a_reply_is_value_and_shows_on_the_leaderboard_postgres() {
    thanks_in_a_reply_is_value_and_shows_on_the_leaderboard(Backend::Postgres).await;
}

/// Bob thanks Alice in a reply to her answer: value from Alice to Bob is recorded, and the
/// helpers leaderboard shows her.
async fn thanks_in_a_reply_is_value_and_shows_on_the_leaderboard(backend: Backend) {
    let Some(bot) = Bot::start(guild_spec(), backend, |_| {}).await else { return };
    let community = bot.community().await;
    let answer =
        bot.fake.post_message(PostMessage::new(bot.channel, UserSpec::new(ALICE, "alice"), "Use the --release flag."));
    let thanks = bot.fake.post_message(
        PostMessage::new(bot.channel, UserSpec::new(BOB, "bob"), "thank you so much, that fixed it!")
            .reply_to(answer.id),
    );
    let exchange = bot
        .until("the thanks recorded", async |s: &Store| {
            s.value_exchanges(community).await.ok().and_then(|v| v.into_iter().next())
        })
        .await;
    assert_eq!((exchange.giver, exchange.receiver), (ALICE as i64, BOB as i64));
    assert_eq!(exchange.message_id, Some(thanks.id as i64), "deleting the thanks would withdraw it");

    let board = bot.run(CAROL, "leaderboard", &[("board", json!("helpers")), ("period", json!("all"))]).await;
    assert!(!board.ephemeral, "a leaderboard is for everyone to see");
    let text = text_of(&board);
    assert!(text.contains(&format!("<@{ALICE}>")), "{text}");
    assert!(text.contains("1."), "{text}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_is_for_managers_only_sqlite() {
    customer_is_for_managers_only(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_is_for_managers_only_postgres() {
    customer_is_for_managers_only(Backend::Postgres).await;
}

/// `/customer` by a member is refused privately and changes nothing; by the owner, it works.
async fn customer_is_for_managers_only(backend: Backend) {
    let Some(bot) = Bot::start(guild_spec(), backend, |_| {}).await else { return };
    let community = bot.community().await;
    let registered = bot.fake.wait_for_command("customer").await;
    assert_eq!(registered["default_member_permissions"], json!("32"), "hidden from members by Discord too");

    let refused = bot.run(ALICE, "customer", &[("member", json!(BOB.to_string()))]).await;
    assert!(refused.ephemeral);
    assert!(text_of(&refused).contains("for community managers"), "{}", text_of(&refused));

    // A bad amount is explained privately, and changes nothing either.
    let bad = bot.run(OWNER, "customer", &[("member", json!(BOB.to_string())), ("amount", json!("lots"))]).await;
    assert!(bad.ephemeral);
    assert!(text_of(&bad).contains("isn't an amount"), "{}", text_of(&bad));
    // Refusals return before anything is submitted: there is nothing to wait for.
    assert!(bot.store.sales(community, None).await.unwrap().is_empty());

    let done = bot
        .run(
            OWNER,
            "customer",
            &[("member", json!(BOB.to_string())), ("amount", json!("49.90")), ("currency", json!("EUR"))],
        )
        .await;
    assert!(text_of(&done).contains("marked as a customer"), "{}", text_of(&done));
    let sales = bot.store.sales(community, None).await.unwrap();
    assert_eq!(sales.len(), 1, "{sales:?}");
    assert_eq!(
        (sales[0].user, sales[0].amount_minor, sales[0].currency.as_deref()),
        (BOB as i64, Some(4990), Some("EUR"))
    );
    assert_eq!(sales[0].marked_by, Some(OWNER as i64));
    bot.stop().await;
}

/// `/settings digest_channel` then `/digest now`: deferred (slow work), and the digest lands in
/// the configured channel.
/// A channel where the bot may not attach files still gets the digest, without its chart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_attach_files_the_digest_is_posted_without_its_chart() {
    use snowball::testkit::discord::permissions::{ATTACH_FILES, EVERYONE_DEFAULT, MANAGE_GUILD};
    let mut spec = guild_spec();
    spec.everyone_permissions = EVERYONE_DEFAULT & !ATTACH_FILES;
    spec.bot_permissions = (EVERYONE_DEFAULT | MANAGE_GUILD) & !ATTACH_FILES;
    let bot = Bot::start(spec, Backend::Sqlite, |_| {}).await.unwrap();
    let set = bot
        .run(OWNER, "settings", &[("key", json!("digest_channel")), ("value", json!(bot.admin_channel.to_string()))])
        .await;
    assert!(text_of(&set).contains("Saved: digest_channel"), "{}", text_of(&set));
    let response = bot.run(OWNER, "digest now", &[]).await;
    assert!(text_of(&response).contains("was posted"), "{}", text_of(&response));
    let posted = bot.fake.wait_for_bot_messages(bot.admin_channel, 1).await;
    assert_eq!(posted.len(), 1);
    assert!(posted[0].embed_titles().iter().any(|t| t.contains("makers")), "{:?}", posted[0].embed_titles());
    assert!(posted[0].attachments.is_empty());
    assert!(posted[0].embeds[0].get("image").is_none(), "no picture promised: {:?}", posted[0].embeds[0]);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digest_now_posts_to_the_configured_channel() {
    let bot = Bot::start(guild_spec(), Backend::Sqlite, |_| {}).await.unwrap();
    let set = bot
        .run(OWNER, "settings", &[("key", json!("digest_channel")), ("value", json!(bot.admin_channel.to_string()))])
        .await;
    assert!(text_of(&set).contains("Saved: digest_channel"), "{}", text_of(&set));

    let handle = bot.command(OWNER, "digest now", &[]);
    let response = bot.fake.await_response(&handle).await;
    assert_eq!(response.kind, CallbackKind::Deferred, "slow commands defer within Discord's 3 seconds");
    assert!(response.ephemeral);
    assert!(text_of(&response).contains("was posted"), "{}", text_of(&response));

    let posted = bot.fake.wait_for_bot_messages(bot.admin_channel, 1).await;
    let titles = posted[0].embed_titles();
    assert!(titles.iter().any(|t| t.contains("makers")), "{titles:?}");
    assert!(bot.fake.bot_messages_in(bot.channel).is_empty(), "nothing in the members' channel");
    bot.stop().await;
}
