//! More of what the adapter reads: mentions, edits, leaves, a basic group's migration, exports
//! sent privately, Hebrew replies, and a graceful stop that confirms what it committed.

use serde_json::json;
use snowball::domain::{CommunityKey, Origin, Role};
use snowball::testkit::telegram::{AdminSpec, ChatSpec, Join};

use crate::support::*;

async fn exchanges(bot: &Running) -> Vec<(Origin, i64, i64)> {
    let id = bot.community().await;
    bot.store.value_exchanges(id).await.unwrap().into_iter().map(|v| (v.origin, v.giver, v.receiver)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentions_and_an_edit_that_adds_thanks_credit_once() {
    let bot = Running::start(chat_spec()).await;
    let fake = &bot.fake;
    // The bot learns @alice_w from her message; Carol is a text mention.
    fake.user_message(CHAT, &alice(), "I wrote a guide to onboarding");
    let pushed = fake.message(CHAT, bob(), "thanks @alice_w and Carol!").text_mention("Carol", &carol()).push();
    bot.committed(&pushed).await;
    let got = exchanges(&bot).await;
    assert!(got.contains(&(Origin::Thanks, 200, 201)) && got.contains(&(Origin::Thanks, 202, 201)), "{got:?}");

    let tip = fake.user_message(CHAT, &carol(), "Pin the rules message");
    let answer = fake.message(CHAT, owner(), "good idea").reply_to(tip).push().message_id();
    let edited = fake.edit_message(CHAT, answer, "good idea, thanks");
    bot.committed(&edited).await;
    let again = fake.edit_message(CHAT, answer, "good idea, thanks a lot");
    bot.committed(&again).await;
    let got = exchanges(&bot).await;
    assert_eq!(got.iter().filter(|e| **e == (Origin::Thanks, 202, 100)).count(), 1, "{got:?}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leave_is_recorded_and_a_basic_group_keeps_its_community_as_a_supergroup() {
    const OLD: i64 = -5001;
    const NEW: i64 = -1_005_001;
    let spec = ChatSpec::group(OLD, "Old group").admin(AdminSpec::owner(owner())).member(alice()).member(bob());
    let bot = Running::start(spec).await;
    let fake = &bot.fake;
    let first = fake.message(OLD, alice(), "hello from the basic group").push();
    let joined = fake.member_joined(OLD, &newcomer(400, "Noa"), Join::public());
    bot.committed(&first).await;
    bot.committed(&joined).await;
    let old_id = bot.store.find_community(&CommunityKey::telegram(OLD)).await.unwrap().expect("community");

    let moved = fake.migrate_to_supergroup(OLD, NEW, &owner());
    bot.committed(&moved).await;
    let later = fake.message(NEW, alice(), "hello from the supergroup").push();
    let left = fake.member_left(NEW, &newcomer(400, "Noa"));
    bot.committed(&later).await;
    bot.committed(&left).await;

    let new_id = bot.store.find_community(&CommunityKey::telegram(NEW)).await.unwrap();
    assert_eq!(new_id, Some(old_id), "the supergroup is the same community");
    let alice_row = bot.store.member(old_id, 200).await.unwrap().unwrap();
    assert_eq!(alice_row.messages, 2);
    let noa = bot.store.member(old_id, 400).await.unwrap().unwrap();
    assert!(noa.left_at.is_some(), "{noa:?}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_goes_only_to_a_private_chat_and_the_group_is_told_when_that_fails() {
    let bot = Running::start(chat_spec()).await;
    let fake = &bot.fake;
    // The fake has no private chats: like a manager who never started the bot.
    let ask = fake.user_message(CHAT, &owner(), "/export members");
    let reply = bot.reply_to(ask).await;
    assert!(plain(&reply).contains("couldn't send you that privately"), "{reply:?}");
    let tries = fake.calls("sendDocument");
    assert_eq!(tries.len(), 1);
    assert_eq!(tries[0].params["chat_id"].to_string().trim_matches('"'), "100", "{tries:?}");
    assert!(fake.sent_messages(CHAT).iter().all(|m| m.file.is_none()), "no file in the group");
    // The bot remembers it cannot write to them for a while: no failing call every time.
    let again = fake.user_message(CHAT, &owner(), "/export joins");
    assert!(plain(&bot.reply_to(again).await).contains("couldn't send you that privately"));
    assert_eq!(fake.calls("sendDocument").len(), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hebrew_speaker_is_answered_in_hebrew() {
    let bot = Running::start(chat_spec()).await;
    let fake = &bot.fake;
    let dana = newcomer(210, "Dana").with_language("he");
    let ask = fake.user_message(CHAT, &dana, "/leaderboard everyone");
    let text = plain(&bot.reply_to(ask).await);
    assert!(text.contains("/leaderboard [referrals|helpers] [week|month|all]"), "{text}");
    assert!(text.chars().any(|c| ('\u{05D0}'..='\u{05EA}').contains(&c)), "Hebrew: {text}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graceful_stop_commits_and_confirms_what_the_bot_was_handling() {
    let bot = Running::start(chat_spec()).await;
    let pushed = bot.fake.message(CHAT, alice(), "/help").push();
    // Replied: the update is in the bot's hands (its events may not be committed yet).
    bot.reply_to(pushed.message_id()).await;
    let stopped = bot.stop().await;
    assert!(stopped.fake.is_confirmed(pushed.update_id()), "confirmed at the stop, so a restart does not run it again");
    let community = stopped.store.find_community(&CommunityKey::telegram(CHAT)).await.unwrap().unwrap();
    let alice_row = stopped.store.member(community, 200).await.unwrap().expect("committed before the stop");
    assert_eq!(alice_row.name.as_deref(), Some("Alice"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_metrics_report_telegram_and_the_events_it_brought() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let bot = Running::start_with(chat_spec(), |c| c.http.listen = listen.clone()).await;
    let pushed = bot.fake.message(CHAT, alice(), "hello").push();
    bot.committed(&pushed).await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let health: serde_json::Value =
        client.get(format!("http://{listen}/healthz")).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["platforms"]["telegram"], "connected", "{health}");
    let metrics = client.get(format!("http://{listen}/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("snowball_events_ingested_total{kind=\"message_posted\"} 1"), "{metrics}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_are_recorded_as_managers_and_so_is_a_promotion() {
    let bot = Running::start(chat_spec()).await;
    let fake = &bot.fake;
    let first = fake.message(CHAT, alice(), "hi all").push();
    bot.committed(&first).await;
    assert_eq!(bot.member(100).await.platform_role, Role::Manager, "the owner");
    assert_eq!(bot.member(101).await.platform_role, Role::Manager, "an anonymous admin");
    assert_eq!(bot.member(200).await.platform_role, Role::Member);

    let bob = json!({ "id": 201, "is_bot": false, "first_name": "Bob" });
    let promoted = json!({
        "status": "administrator", "user": bob, "can_be_edited": true, "is_anonymous": false,
        "can_manage_chat": true, "can_delete_messages": true, "can_manage_video_chats": true,
        "can_restrict_members": false, "can_promote_members": false, "can_change_info": false,
        "can_invite_users": true, "can_post_stories": false, "can_edit_stories": false,
        "can_delete_stories": false, "can_pin_messages": true, "can_manage_topics": false
    });
    let update = fake.push_raw_update(
        "chat_member",
        Some(CHAT),
        json!({
            "chat": fake.chat_json(CHAT), "from": { "id": 100, "is_bot": false, "first_name": "Olga" },
            "date": fake.now(), "old_chat_member": { "status": "member", "user": bob }, "new_chat_member": promoted
        }),
    );
    fake.wait_for_confirmation(update, WAIT).await.unwrap();
    assert_eq!(bot.member(201).await.platform_role, Role::Manager);
    assert_eq!(fake.calls("getChatAdministrators").len(), 1, "asked once per group, then kept up to date");
    bot.stop().await;
}

/// Added to a group, the bot tells the managers what it does and what is missing (it is not an
/// administrator yet); made an administrator, it says again what it sees — and being removed
/// says nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn being_added_and_promoted_posts_a_welcome_with_what_is_missing() {
    use snowball::testkit::telegram::BotStatus;
    let bot = Running::start(chat_spec().bot_is_admin(false)).await;
    let welcomes = |bot: &Running| {
        bot.fake.sent_messages(CHAT).into_iter().filter(|m| plain(m).contains("snowball is here")).collect::<Vec<_>>()
    };
    let removed = bot.fake.set_bot_status(CHAT, BotStatus::Left, &owner());
    bot.committed(&removed).await;
    let added = bot.fake.set_bot_status(CHAT, BotStatus::Member, &owner());
    bot.committed(&added).await;
    let first = bot.fake.wait_for_message(CHAT, |m| plain(m).contains("snowball is here"), WAIT).await.unwrap();
    let text = plain(&first);
    assert!(text.contains("❌ snowball is an administrator of this group"), "{text}");
    assert!(text.contains("Make snowball an administrator"), "the fix is named: {text}");
    // Privacy mode is on (as for a new bot) and it is no admin: it cannot see thanks.
    assert!(text.contains("❌ snowball sees ordinary messages"), "{text}");
    assert!(text.contains("Group Privacy"), "{text}");
    let promoted = bot.fake.set_bot_status(CHAT, BotStatus::Administrator, &owner());
    bot.committed(&promoted).await;
    bot.fake
        .wait_for_message(CHAT, |m| plain(m).contains("snowball is here") && plain(m).contains("Everything"), WAIT)
        .await
        .unwrap();
    assert_eq!(welcomes(&bot).len(), 2, "one welcome when added, one when promoted, none when removed");
    bot.stop().await;
}
