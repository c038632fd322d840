//! `/invite` and `/campaign`: links created once, and joins through them credited to their
//! owner (the bot is the listed inviter; the resolver's code book knows better).

use serde_json::json;
use snowball::domain::{Confidence, Source};
use snowball::store::Backend;
use snowball::testkit::discord::UserSpec;

use super::harness::{ALICE, Bot, OWNER, U, guild_spec, text_of};
use super::joined;

fn code_in(text: &str) -> String {
    let start = text.find("https://discord.gg/").expect("a link") + "https://discord.gg/".len();
    text[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_and_campaign_links_credit_their_owner() {
    let bot = Bot::start(guild_spec(), Backend::Sqlite, |_| {}).await.unwrap();
    let community = bot.community().await;

    let first = bot.run(ALICE, "invite", &[]).await;
    assert!(first.deferred && first.ephemeral, "slow and private");
    let code = code_in(&text_of(&first));
    let again = bot.run(ALICE, "invite", &[]).await;
    assert_eq!(code_in(&text_of(&again)), code, "created once, then reused");
    assert_eq!(bot.fake.invites(bot.guild).len(), 1);
    assert_eq!(bot.fake.invite(&code).and_then(|i| i.inviter), Some(bot.fake.bot_user_id()));
    assert_eq!(
        bot.store.personal_invite(community, ALICE as i64).await.unwrap(),
        Some(format!("https://discord.gg/{code}"))
    );

    bot.fake.member_join(bot.guild, UserSpec::new(U[0], "u0"), Some(&code));
    let a = joined(&bot, U[0]).await.attribution;
    assert_eq!((a.source, a.confidence, a.inviter), (Source::Referral, Confidence::Exact, Some(ALICE as i64)), "{a:?}");

    let created = bot.run(OWNER, "campaign create", &[("name", json!("Podcast-Ep1")), ("paid", json!(true))]).await;
    let campaign_code = code_in(&text_of(&created));
    let listed = bot.run(OWNER, "campaign list", &[]).await;
    assert!(text_of(&listed).contains("podcast-ep1"), "{}", text_of(&listed));

    bot.fake.member_join(bot.guild, UserSpec::new(U[1], "u1"), Some(&campaign_code));
    let a = joined(&bot, U[1]).await.attribution;
    assert_eq!((a.source, a.confidence), (Source::CampaignPaid, Confidence::Exact), "{a:?}");
    assert_eq!(a.campaign.as_deref(), Some("podcast-ep1"));

    // A member may not create campaigns.
    let refused = bot.run(ALICE, "campaign create", &[("name", json!("mine"))]).await;
    assert!(refused.ephemeral && text_of(&refused).contains("for community managers"), "{}", text_of(&refused));
    assert!(bot.store.campaign(community, "mine").await.unwrap().is_none());
    bot.stop().await;
}

/// A link the bot made whose code the resolver does not know (the store was unreadable when
/// the guild became available) is credited by the store's record — never to the bot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joins_through_unregistered_bot_links_are_never_credited_to_the_bot() {
    let bot = Bot::start(guild_spec(), Backend::Sqlite, |_| {}).await.unwrap();
    let community = bot.community().await;
    let me = bot.fake.bot_user_id();
    bot.store
        .save_personal_invite(community, ALICE as i64, "https://discord.gg/late1", chrono::Utc::now())
        .await
        .unwrap();
    bot.fake.create_invite(bot.guild, "late1", Some(me), 0);
    bot.fake.create_invite(bot.guild, "stray1", Some(me), 0);

    bot.fake.member_join(bot.guild, UserSpec::new(U[0], "u0"), Some("late1"));
    let a = joined(&bot, U[0]).await.attribution;
    assert_eq!((a.source, a.confidence, a.inviter), (Source::Referral, Confidence::Exact, Some(ALICE as i64)), "{a:?}");

    bot.fake.member_join(bot.guild, UserSpec::new(U[1], "u1"), Some("stray1"));
    let a = joined(&bot, U[1]).await.attribution;
    assert_eq!((a.source, a.inviter, a.invite.as_deref()), (Source::Unknown, None, Some("stray1")), "{a:?}");
    bot.stop().await;
}
