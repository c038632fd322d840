//! Scenarios 3 and 4: manager commands refused to members, accepted from admins and anonymous
//! admins; malformed commands explained; `/digest now` posted to the group.

use snowball::testkit::telegram::Sender;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_is_refused_to_members_and_works_for_admins_and_anonymous_admins() {
    let bot = Running::start(chat_spec()).await;
    let fake = &bot.fake;
    let bobs = fake.user_message(CHAT, &bob(), "I'd like to buy the course");
    let carols = fake.user_message(CHAT, &carol(), "Me too");

    let by_member = fake.message(CHAT, alice(), "/customer").reply_to(bobs).push();
    let refusal = bot.reply_to(by_member.message_id()).await;
    assert!(plain(&refusal).contains("for community managers"), "{refusal:?}");
    bot.committed(&by_member).await;
    assert_eq!(bot.member(201).await.customer_at, None, "a member's /customer changes nothing");

    let by_owner = fake.message(CHAT, owner(), "/customer 49.90 USD").reply_to(bobs).push();
    let ok = bot.reply_to(by_owner.message_id()).await;
    assert!(plain(&ok).contains("marked as a customer") && plain(&ok).contains("49.90 USD"), "{ok:?}");
    assert!(bot.member(201).await.customer_at.is_some());
    assert!(!fake.calls("getChatAdministrators").is_empty(), "admins are asked of Telegram");

    let by_anonymous = fake.message(CHAT, Sender::AnonymousAdmin, "/customer").reply_to(carols).push();
    let ok = bot.reply_to(by_anonymous.message_id()).await;
    assert!(plain(&ok).contains("marked as a customer"), "{ok:?}");
    assert!(bot.member(202).await.customer_at.is_some());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_command_gets_its_usage_and_digest_now_posts_to_the_group() {
    let bot = Running::start(chat_spec()).await;
    let fake = &bot.fake;
    let bobs = fake.user_message(CHAT, &bob(), "hello");

    let bad = fake.message(CHAT, owner(), "/customer lots of money").reply_to(bobs).push();
    let reply = bot.reply_to(bad.message_id()).await;
    let text = plain(&reply);
    assert!(text.contains("\"lots\" isn't an amount"), "{text}");
    assert!(text.contains("Usage: /customer @member [amount] [currency]"), "{text}");
    assert_eq!(reply.parse_mode.as_deref(), Some("HTML"));

    let missing = fake.user_message(CHAT, &owner(), "/customer");
    assert!(plain(&bot.reply_to(missing).await).contains("needs a member"));
    let unknown = fake.user_message(CHAT, &alice(), "/frobnicate");
    assert!(plain(&bot.reply_to(unknown).await).contains("I don't know the command /frobnicate"));

    let now = fake.user_message(CHAT, &owner(), "/digest now");
    let digest = fake
        .wait_for_message(CHAT, |m| plain(m).contains("Weekly digest · "), WAIT)
        .await
        .expect("the digest is posted to the group");
    assert_eq!(digest.parse_mode.as_deref(), Some("HTML"));
    assert!(plain(&bot.reply_to(now).await).contains("was posted"));
    bot.stop().await;
}
