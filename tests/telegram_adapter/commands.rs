//! Scenarios 3 and 4: manager commands refused to members, accepted from admins and anonymous
//! admins; malformed commands explained; `/digest now` posted to the group.

use snowball::testkit::telegram::{AdminSpec, ChatSpec, Sender, SentKind};

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
    // Unknown commands are answered only when they name this bot: others may be another bot's.
    let anyones = fake.user_message(CHAT, &alice(), "/frobnicate");
    let ours = fake.user_message(CHAT, &alice(), "/frobnicate@snowball_test_bot");
    assert!(plain(&bot.reply_to(ours).await).contains("I don't know the command /frobnicate"));
    let answered = fake.sent_messages(CHAT);
    assert!(answered.iter().all(|m| m.reply_to_message_id != Some(anyones)), "{answered:?}");

    let now = fake.user_message(CHAT, &owner(), "/digest now");
    let digest = fake
        .wait_for_message(CHAT, |m| plain(m).contains("Weekly digest · "), WAIT)
        .await
        .expect("the digest is posted to the group");
    assert_eq!(digest.parse_mode.as_deref(), Some("HTML"));
    assert!(plain(&bot.reply_to(now).await).contains("was posted"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_digest_goes_to_a_configured_admin_chat() {
    const ADMINS: i64 = -1_002_000_000_002;
    let bot = Running::start(chat_spec()).await;
    let fake = &bot.fake;
    fake.add_chat(ChatSpec::supergroup(ADMINS, "Growth Lab admins").admin(AdminSpec::owner(owner())));
    let set = fake.user_message(CHAT, &owner(), format!("/settings digest_channel {ADMINS}"));
    assert!(plain(&bot.reply_to(set).await).contains("Saved: digest_channel"));
    let now = fake.user_message(CHAT, &owner(), "/digest now");
    assert!(plain(&bot.reply_to(now).await).contains("was posted"));
    let digest = fake.sent_messages(ADMINS);
    assert_eq!(digest.len(), 2, "the digest, then its chart: {digest:?}");
    assert!(plain(&digest[0]).contains("Weekly digest · "));
    assert!(fake.sent_messages(CHAT).iter().all(|m| !plain(m).contains("Weekly digest · ")));
    // The chart is a photo (a picture in the chat, not a file to download), after the text.
    assert_eq!((digest[0].kind, digest[1].kind), (SentKind::Text, SentKind::Photo));
    let file = digest[1].file.as_ref().expect("the photo carries the chart");
    assert_eq!(file.file_name(), Some("digest-chart.png"));
    let picture = snowball::testkit::picture::decode_png(file.bytes().expect("uploaded")).expect("a PNG");
    assert_eq!((picture.width, picture.height), (snowball::chart::WIDTH, snowball::chart::HEIGHT));
    assert!(picture.colours > 4, "{picture:?}");
    assert!(plain(&digest[1]).contains("Weekly digest · "), "captioned: {:?}", digest[1].plain_text);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_stops_snowball_run_with_a_clear_error() {
    let fake = snowball::testkit::telegram::FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&fake, &format!("sqlite://{}/snowball.db", dir.path().display()));
    config.telegram.token = Some(secrecy::SecretString::from("123:wrong".to_string()));
    let clock = std::sync::Arc::new(snowball::clock::SystemClock);
    let run = snowball::runtime::run(config, clock, tokio_util::sync::CancellationToken::new());
    let err = tokio::time::timeout(WAIT, run).await.expect("fails at once").expect_err("a refused token is an error");
    let text = format!("{err:#}");
    assert!(text.contains("refused the bot token"), "{text}");
    assert!(!text.contains("wrong"), "the token is not shown: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_says_what_the_bot_lacks_in_a_group_where_it_is_no_admin() {
    let bot = Running::start(chat_spec().bot_is_admin(false)).await;
    let fake = &bot.fake;
    let ask = fake.user_message(CHAT, &owner(), "/setup");
    let text = plain(&bot.reply_to(ask).await);
    assert!(text.contains("❌ snowball is an administrator of this group"), "{text}");
    assert!(text.contains("Make snowball an administrator"), "{text}");
    // And /invite explains the missing right instead of failing silently.
    let invite = fake.user_message(CHAT, &alice(), "/invite");
    let text = plain(&bot.reply_to(invite).await);
    assert!(fake.created_links().is_empty());
    assert!(text.contains("I need the invite users via link permission") && text.contains("/setup"), "{text}");
    bot.stop().await;

    let bot = Running::start(chat_spec()).await;
    let ask = bot.fake.user_message(CHAT, &owner(), "/setup");
    let text = plain(&bot.reply_to(ask).await);
    assert!(
        text.contains("✅ snowball can create invite links") && text.contains("Everything snowball needs"),
        "{text}"
    );
    bot.stop().await;
}

/// Every manager command of the catalogue (each written as its `/help` example, the member
/// given by replying), sent by a member: a polite refusal, and nothing changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_manager_command_refuses_a_member_and_changes_nothing() {
    use snowball::commands::{Access, CATALOGUE};

    let bot = Running::start(chat_spec()).await;
    let fake = &bot.fake;
    let hello = fake.message(CHAT, bob(), "hello").push();
    bot.committed(&hello).await;
    let bobs = hello.message_id();
    let mut texts: Vec<String> =
        CATALOGUE.iter().filter(|c| c.access == Access::Managers).map(|c| c.example.replace(" @dana", "")).collect();
    texts.extend(["/digest now".to_string(), "/campaign list".to_string(), "/professional remove".to_string()]);
    let community = bot.community().await;
    let settings = bot.store.community_settings_json(community).await.unwrap();
    for text in &texts {
        let sent = fake.message(CHAT, alice(), text).reply_to(bobs).push();
        let reply = plain(&bot.reply_to(sent.message_id()).await);
        assert!(reply.contains("for community managers"), "{text}: {reply}");
        bot.committed(&sent).await;
    }
    let bob_row = bot.member(201).await;
    assert!(!bob_row.professional && bob_row.customer_at.is_none(), "{bob_row:?}");
    for table in ["customers", "campaigns", "personal_invites", "value_exchanges"] {
        assert_eq!(bot.store.count_rows(table).await.unwrap(), 0, "{table}");
    }
    assert_eq!(bot.store.community_settings_json(community).await.unwrap(), settings);
    assert!(fake.calls("createChatInviteLink").is_empty(), "no invite link was made");
    assert!(fake.calls("sendDocument").is_empty(), "no export was sent");
    bot.stop().await;
}

/// A manager who never started the bot privately still gets `/digest preview`, in the group as
/// before it had a chart: the text, without the picture (only a private answer carries it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_preview_falls_back_to_the_group_as_text() {
    let bot = Running::start(chat_spec()).await;
    let fake = &bot.fake;
    let ask = fake.user_message(CHAT, &owner(), "/digest preview");
    let reply = bot.reply_to(ask).await;
    assert!(plain(&reply).contains("Weekly digest · "), "{reply:?}");
    assert_eq!(reply.kind, SentKind::Text);
    let tries = fake.calls("sendMessage");
    assert!(tries.iter().any(|c| c.params["chat_id"].to_string().trim_matches('"') == "100"), "tried privately first");
    assert!(fake.sent_messages(CHAT).iter().all(|m| m.file.is_none()), "no picture in the group");
    bot.stop().await;
}
