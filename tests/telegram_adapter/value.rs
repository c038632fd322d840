//! Scenario 2: thanks in a reply, and a reaction credited to the message's author.

use snowball::domain::Origin;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hebrew_thanks_reply_and_a_reaction_credit_the_author() {
    let bot = Running::start(chat_spec()).await;
    let fake = &bot.fake;

    let tip = fake.user_message(CHAT, &alice(), "Use a staging bot token for tests");
    let thanks = fake.message(CHAT, bob(), "תודה!").reply_to(tip).push();
    bot.committed(&thanks).await;
    let alice_row = bot.member(200).await;
    assert_eq!(alice_row.value_given, 1, "{alice_row:?}");
    assert_eq!(bot.member(201).await.value_received, 1);

    let post = fake.user_message(CHAT, &alice(), "Here is my checklist for launches");
    let reaction = fake.reaction(CHAT, post, &carol(), "🔥");
    bot.committed(&reaction).await;
    assert_eq!(bot.member(200).await.value_given, 2);

    let exchanges = bot.store.value_exchanges(bot.community().await).await.unwrap();
    let origins: Vec<(Origin, i64, i64)> = exchanges.iter().map(|v| (v.origin, v.giver, v.receiver)).collect();
    assert!(origins.contains(&(Origin::Thanks, 200, 201)), "{origins:?}");
    assert!(origins.contains(&(Origin::Reaction, 200, 202)), "{origins:?}");
    // Names are learned from what people post.
    assert_eq!(bot.member(202).await.name.as_deref(), Some("Carol"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_in_a_forum_topic_is_not_a_reply_to_the_topic_creator() {
    let spec = chat_spec();
    let spec = snowball::testkit::telegram::ChatSpec { kind: snowball::testkit::telegram::ChatKind::Forum, ..spec };
    let bot = Running::start(spec).await;
    let fake = &bot.fake;
    let topic = fake.create_topic(CHAT, &alice(), "Launch questions").message_id();
    let thanks = fake.message(CHAT, bob(), "thanks everyone").in_topic(topic).push();
    bot.committed(&thanks).await;
    let exchanges = bot.store.value_exchanges(bot.community().await).await.unwrap();
    assert!(exchanges.is_empty(), "the topic's creator is not thanked: {exchanges:?}");
    // A real reply inside the topic is.
    let question = fake.message(CHAT, carol(), "where is the deck?").in_topic(topic).push().message_id();
    let thanks = fake.message(CHAT, bob(), "thanks!").in_topic(topic).reply_to(question).push();
    bot.committed(&thanks).await;
    let exchanges = bot.store.value_exchanges(bot.community().await).await.unwrap();
    let got: Vec<(i64, i64)> = exchanges.iter().map(|v| (v.giver, v.receiver)).collect();
    assert_eq!(got, vec![(202, 201)]);
    assert_eq!(bot.member(201).await.messages, 2);
    bot.stop().await;
}
