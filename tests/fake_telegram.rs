//! The fake Telegram Bot API driven by the real teloxide 0.17 client: a `Dispatcher` with the
//! default long-polling listener receives what the test pushes and its replies are recorded.

#[path = "fake_telegram/api_methods.rs"]
mod api_methods;
#[path = "fake_telegram/confirming_listener.rs"]
mod confirming_listener;
#[path = "fake_telegram/polling.rs"]
mod polling;
#[path = "fake_telegram/support.rs"]
mod support;

use snowball::testkit::telegram::{
    AdminSpec, ChatSpec, FakeTelegram, FakeUser, ForeignLink, GROUP_ANONYMOUS_BOT_ID, Join, LinkRef, SentKind,
};
use support::*;
use teloxide::prelude::*;
use teloxide::types::{ChatMemberKind, MessageEntityKind, ReactionType, UpdateKind};
use teloxide::{ApiError, RequestError};

fn message(update: Update) -> Message {
    match update.kind {
        UpdateKind::Message(m) => m,
        other => panic!("expected a message, got {other:?}"),
    }
}

fn chat_member(update: Update) -> ChatMemberUpdated {
    match update.kind {
        UpdateKind::ChatMember(m) => m,
        other => panic!("expected a chat_member update, got {other:?}"),
    }
}

#[tokio::test]
async fn dispatcher_receives_messages_with_replies_mentions_and_anonymous_admins() {
    let fake = FakeTelegram::start().await;
    fake.add_chat(chat_spec());
    let mut bot = start(&fake);

    let hello = fake.user_message(CHAT, &alice(), "hello everyone");
    let thanks =
        fake.message(CHAT, bob(), "thanks @alice_w and Carol!").reply_to(hello).text_mention("Carol", &carol()).push();
    fake.anonymous_admin_message(CHAT, "Admins here");

    let m = message(bot.next().await);
    assert_eq!((m.id.0, m.text()), (hello, Some("hello everyone")));
    assert_eq!(m.from.as_ref().map(|u| u.id), Some(UserId(200)));

    let m = message(bot.next().await);
    assert_eq!(m.id.0, thanks.message_id());
    assert_eq!(m.reply_to_message().map(|r| r.id.0), Some(hello));
    // A reply in a supergroup without topics belongs to the reply chain's thread, not a topic.
    assert_eq!(m.thread_id.map(|t| t.0.0), Some(hello));
    assert!(!m.is_topic_message);
    let entities = m.entities().expect("entities");
    assert_eq!((&entities[0].kind, entities[0].offset, entities[0].length), (&MessageEntityKind::Mention, 7, 8));
    match &entities[1].kind {
        MessageEntityKind::TextMention { user } => assert_eq!(user.id, UserId(202)),
        other => panic!("expected a text mention, got {other:?}"),
    }

    let m = message(bot.next().await);
    assert_eq!(m.from.as_ref().map(|u| u.id.0), Some(GROUP_ANONYMOUS_BOT_ID as u64));
    assert_eq!(m.sender_chat.as_ref().map(|c| c.id), Some(ChatId(CHAT)));

    // teloxide derived allowed_updates from the handler tree and sent them on its first poll.
    let polls = fake.get_updates_calls();
    let allowed = polls[0].allowed_updates.clone().expect("first getUpdates carries allowed_updates");
    for kind in ["message", "edited_message", "chat_member", "message_reaction"] {
        assert!(allowed.iter().any(|a| a == kind), "{kind} missing from {allowed:?}");
    }
    assert!(!allowed.iter().any(|a| a == "callback_query"), "{allowed:?}");
    assert!(polls.iter().skip(1).all(|p| p.allowed_updates.is_none()), "teloxide sends allowed_updates once");
    assert_eq!(fake.allowed_updates(), Some(allowed));
    assert_eq!(fake.calls("getWebhookInfo").len(), 1, "polling_default checks for a webhook first");
    bot.stop().await;
}

#[tokio::test]
async fn chat_member_updates_name_the_invite_link_used() {
    let fake = FakeTelegram::start().await;
    fake.add_chat(chat_spec().join_service_messages(false));
    let link = fake.bot().create_chat_invite_link(ChatId(CHAT)).name("ref:alice").await.expect("link created");
    let mut bot = start(&fake);
    let (dave, erin, finn) = (FakeUser::new(203, "Dave"), FakeUser::new(204, "Erin"), FakeUser::new(205, "Finn"));

    fake.member_joined(CHAT, &bob(), Join::via_link(LinkRef::created(&link.invite_link)));
    let joined = chat_member(bot.next().await);
    let used = joined.invite_link.expect("the link is named");
    assert_eq!((used.invite_link.as_str(), used.name.as_deref()), (link.invite_link.as_str(), Some("ref:alice")));
    assert_eq!(used.creator.id, UserId(fake.bot_user().id as u64));
    assert!(matches!(joined.old_chat_member.kind, ChatMemberKind::Left));
    assert!(matches!(joined.new_chat_member.kind, ChatMemberKind::Member(_)));
    assert_eq!(joined.from.id, UserId(201));

    // A link of another admin arrives cut, with its creator and name.
    let foreign = ForeignLink::new(owner()).named("newsletter");
    fake.member_joined(CHAT, &carol(), Join::via_link(LinkRef::foreign(foreign)));
    let used = chat_member(bot.next().await).invite_link.expect("foreign link");
    assert!(
        used.invite_link.starts_with("https://t.me/+") && used.invite_link.ends_with("..."),
        "{}",
        used.invite_link
    );
    assert_eq!((used.creator.id, used.name.as_deref()), (UserId(100), Some("newsletter")));

    fake.member_joined(CHAT, &dave, Join::via_chat_folder());
    let folder = chat_member(bot.next().await);
    assert!(folder.via_chat_folder_invite_link && folder.invite_link.is_none());

    fake.member_joined(CHAT, &erin, Join::added_by(alice()));
    let added = chat_member(bot.next().await);
    assert_eq!((added.from.id, added.new_chat_member.user.id), (UserId(200), UserId(204)));

    fake.member_joined(CHAT, &finn, Join::approved(None, owner()));
    let approved = chat_member(bot.next().await);
    assert!(approved.via_join_request && approved.invite_link.is_none());
    assert_eq!(approved.from.id, UserId(100));

    fake.member_left(CHAT, &bob());
    let left = chat_member(bot.next().await);
    assert!(matches!(left.new_chat_member.kind, ChatMemberKind::Left));

    assert_eq!(fake.created_links()[0].joined, 1);
    bot.stop().await;
}

#[tokio::test]
async fn joins_also_produce_service_messages_when_the_chat_shows_them() {
    let fake = FakeTelegram::start().await;
    fake.add_chat(chat_spec());
    let mut bot = start(&fake);
    let pushed = fake.member_joined(CHAT, &bob(), Join::public());
    assert_eq!(pushed.update_ids.len(), 2);
    assert!(chat_member(bot.next().await).invite_link.is_none());
    let service = message(bot.next().await);
    assert_eq!(service.new_chat_members().map(|m| m[0].id), Some(UserId(201)));
    bot.stop().await;
}

#[tokio::test]
async fn reactions_and_edits_reach_the_bot() {
    let fake = FakeTelegram::start().await;
    fake.add_chat(chat_spec());
    let mut bot = start(&fake);
    let post = fake.user_message(CHAT, &alice(), "my first post");
    assert_eq!(message(bot.next().await).id.0, post);

    fake.reaction(CHAT, post, &bob(), "👍");
    fake.set_reactions(CHAT, post, bob(), &["🔥"]);
    fake.edit_message(CHAT, post, "my first post, edited");

    let thumbs = ReactionType::Emoji { emoji: "👍".to_owned() };
    let fire = ReactionType::Emoji { emoji: "🔥".to_owned() };
    for (old, new) in [(vec![], vec![thumbs.clone()]), (vec![thumbs], vec![fire])] {
        match bot.next().await.kind {
            UpdateKind::MessageReaction(r) => {
                assert_eq!(r.message_id.0, post);
                assert_eq!(r.actor.user().map(|u| u.id), Some(UserId(201)));
                assert_eq!((r.old_reaction, r.new_reaction), (old, new));
            }
            other => panic!("expected a reaction, got {other:?}"),
        }
    }
    match bot.next().await.kind {
        UpdateKind::EditedMessage(m) => {
            assert_eq!(m.text(), Some("my first post, edited"));
            assert!(m.edit_date().is_some());
        }
        other => panic!("expected an edit, got {other:?}"),
    }
    bot.stop().await;
}

#[tokio::test]
async fn forum_topics_and_group_migration() {
    let fake = FakeTelegram::start().await;
    fake.add_chat(ChatSpec::forum(FORUM, "Forum").admin(AdminSpec::owner(owner())));
    fake.add_chat(ChatSpec::group(-42, "Old group").admin(AdminSpec::owner(owner())));
    let mut bot = start(&fake);

    let topic = fake.create_topic(FORUM, &owner(), "Introductions").message_id();
    let created = message(bot.next().await);
    assert_eq!(created.forum_topic_created().map(|t| t.name.as_str()), Some("Introductions"));
    let intro = fake.message(FORUM, alice(), "hi, I'm Alice").in_topic(topic).push().message_id();
    let m = message(bot.next().await);
    assert_eq!((m.id.0, m.thread_id.map(|t| t.0.0), m.is_topic_message), (intro, Some(topic), true));
    // Telegram makes a topic message without a reply "reply" to the topic's creation message.
    assert!(m.reply_to_message().and_then(|r| r.forum_topic_created()).is_some());

    let new_id = -1_009_000_000_042;
    fake.migrate_to_supergroup(-42, new_id, &owner());
    assert_eq!(message(bot.next().await).migrate_to_chat_id(), Some(&ChatId(new_id)));
    let from = message(bot.next().await);
    assert_eq!((from.chat.id, from.migrate_from_chat_id()), (ChatId(new_id), Some(&ChatId(-42))));
    match fake.bot().send_message(ChatId(-42), "still there?").await {
        Err(RequestError::MigrateToChatId(to)) => assert_eq!(to, ChatId(new_id)),
        other => panic!("expected MigrateToChatId, got {other:?}"),
    }
    bot.stop().await;
}

#[tokio::test]
async fn digest_command_is_answered_in_html_with_a_photo() {
    let fake = FakeTelegram::start().await;
    fake.add_chat(chat_spec());
    let mut bot = start(&fake);
    let command = fake.user_message(CHAT, &carol(), "/digest");
    assert_eq!(message(bot.next().await).id.0, command);

    fake.wait_for_message(CHAT, |m| m.kind == SentKind::Photo, WAIT).await.expect("the photo was sent");
    let sent = fake.sent_messages(CHAT);
    assert_eq!(sent.len(), 2);
    let text = &sent[0];
    assert_eq!(text.kind, SentKind::Text);
    assert_eq!(text.parse_mode.as_deref(), Some("HTML"));
    assert_eq!(text.text.as_deref(), Some("<b>Weekly digest</b> for Carol &lt;Admin&gt; &amp; friends"));
    assert_eq!(text.plain_text.as_deref(), Some("Weekly digest for Carol <Admin> & friends"));
    assert_eq!(text.entities[0], serde_json::json!({"type": "bold", "offset": 0, "length": 13}));
    assert_eq!(text.reply_to_message_id, Some(command));

    let photo = &sent[1];
    assert_eq!(photo.kind, SentKind::Photo);
    let file = photo.file.as_ref().expect("uploaded");
    assert_eq!(file.file_name(), Some("chart.png"));
    assert_eq!(file.bytes(), Some(&[0x89, b'P', b'N', b'G', 1, 2, 3][..]));
    assert_eq!(photo.plain_text.as_deref(), Some("joins"));
    assert_eq!(fake.calls("sendPhoto")[0].files.len(), 1, "sendPhoto arrives as multipart");
    bot.stop().await;
}

#[tokio::test]
async fn malformed_html_is_rejected_as_telegram_does() {
    let fake = FakeTelegram::start().await;
    fake.add_chat(chat_spec());
    let bot = fake.bot();
    let unescaped =
        bot.send_message(ChatId(CHAT), "Top inviter: Carol <Admin>").parse_mode(teloxide::types::ParseMode::Html);
    match unescaped.await {
        Err(RequestError::Api(ApiError::CantParseEntities(e))) => assert!(e.contains("Unsupported start tag"), "{e}"),
        other => panic!("expected CantParseEntities, got {other:?}"),
    }
    assert!(fake.sent_messages(CHAT).is_empty());
}
