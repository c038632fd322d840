//! Bot API methods called directly with teloxide's `Bot`, and the raw HTTP protocol.

use serde_json::{Value, json};
use snowball::testkit::telegram::{CommandScope, FakeTelegram, LinkRef, SentKind};
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, ChatMemberKind, MessageId, Recipient, ReplyParameters};
use teloxide::{ApiError, RequestError};

use crate::support::*;

async fn fake_with_chat() -> FakeTelegram {
    let fake = FakeTelegram::start().await;
    fake.add_chat(chat_spec());
    fake
}

fn unknown_error(result: Result<impl std::fmt::Debug, RequestError>) -> String {
    match result {
        Err(RequestError::Api(ApiError::Unknown(description))) => description,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn invite_links_round_trip() {
    let fake = fake_with_chat().await;
    let bot = fake.bot();
    let name = "r".repeat(32);
    let link = bot.create_chat_invite_link(ChatId(CHAT)).name(name.clone()).await.expect("32 characters is fine");
    assert!(link.invite_link.starts_with("https://t.me/+") && link.invite_link.len() == "https://t.me/+".len() + 16);
    assert_eq!((link.name.as_deref(), link.creator.id), (Some(name.as_str()), UserId(fake.bot_user().id as u64)));
    assert!(!link.is_primary && !link.is_revoked && !link.creates_join_request);

    let too_long = unknown_error(bot.create_chat_invite_link(ChatId(CHAT)).name("r".repeat(33)).await);
    assert!(too_long.contains("too long"), "{too_long}");
    let both = bot.create_chat_invite_link(ChatId(CHAT)).creates_join_request(true).member_limit(5).await;
    assert!(unknown_error(both).contains("member limit"));

    let edited = bot.edit_chat_invite_link(ChatId(CHAT), &link.invite_link).name("renamed").await.expect("edited");
    assert_eq!((edited.invite_link.as_str(), edited.name.as_deref()), (link.invite_link.as_str(), Some("renamed")));
    let revoked = bot.revoke_chat_invite_link(ChatId(CHAT), &link.invite_link).await.expect("revoked");
    assert!(revoked.is_revoked);

    let created = fake.created_links();
    assert_eq!(created.len(), 1);
    assert_eq!((created[0].name.as_deref(), created[0].is_revoked), (Some("renamed"), true));
    assert!(unknown_error(bot.edit_chat_invite_link(ChatId(CHAT), "https://t.me/+nope").await).contains("INVITE_HASH"));

    // Deterministic: the same seed gives the same links.
    let again = fake_with_chat().await;
    let same = again.bot().create_chat_invite_link(ChatId(CHAT)).await.expect("link");
    assert_eq!(same.invite_link, link.invite_link);
}

#[tokio::test]
async fn a_bot_that_is_no_admin_cannot_create_links() {
    let fake = FakeTelegram::start().await;
    fake.add_chat(chat_spec().bot_is_admin(false));
    let refused = unknown_error(fake.bot().create_chat_invite_link(ChatId(CHAT)).await);
    assert!(refused.contains("not enough rights"), "{refused}");
}

#[tokio::test]
async fn administrators_members_and_chat_info() {
    let fake = fake_with_chat().await;
    let bot = fake.bot();
    let admins = bot.get_chat_administrators(ChatId(CHAT)).await.expect("admins");
    let summary: Vec<(u64, bool, bool)> =
        admins.iter().map(|m| (m.user.id.0, m.kind.is_owner(), m.kind.is_anonymous())).collect();
    let bot_id = fake.bot_user().id as u64;
    assert_eq!(summary, vec![(100, true, false), (101, false, true), (bot_id, false, false)]);
    assert_eq!(admins[1].kind.custom_title(), Some("Editor"));

    let alice_member = bot.get_chat_member(ChatId(CHAT), UserId(200)).await.expect("alice");
    assert!(matches!(alice_member.kind, ChatMemberKind::Member(_)));
    match bot.get_chat_member(ChatId(CHAT), UserId(999)).await {
        Err(RequestError::Api(ApiError::UserNotFound)) => {}
        other => panic!("expected UserNotFound, got {other:?}"),
    }
    assert_eq!(bot.get_chat_member_count(ChatId(CHAT)).await.expect("count"), 4);
    let info = bot.get_chat(ChatId(CHAT)).await.expect("chat");
    assert_eq!(info.title(), Some("Growth Lab"));
    assert!(info.is_supergroup());
    let me = bot.get_me().await.expect("me");
    assert_eq!(me.username.as_deref(), Some("snowball_test_bot"));
    assert!(!me.can_read_all_group_messages, "privacy mode is on by default");
}

#[tokio::test]
async fn commands_are_kept_per_scope_and_language() {
    let fake = fake_with_chat().await;
    let bot = fake.bot();
    let everyone = vec![BotCommand::new("invite", "Your personal invite link")];
    let admins = vec![BotCommand::new("digest", "Weekly digest"), BotCommand::new("funnel", "Member funnel")];
    let admin_scope = BotCommandScope::ChatAdministrators { chat_id: Recipient::Id(ChatId(CHAT)) };
    bot.set_my_commands(everyone.clone()).await.expect("default scope");
    bot.set_my_commands(admins.clone()).scope(admin_scope.clone()).language_code("de").await.expect("admin scope");

    assert_eq!(bot.get_my_commands().await.expect("default"), everyone);
    let german = bot.get_my_commands().scope(admin_scope.clone()).language_code("de").await.expect("de");
    assert_eq!(german, admins);
    assert!(bot.get_my_commands().scope(admin_scope.clone()).await.expect("no language").is_empty());
    let stored = fake.commands(&CommandScope::chat_administrators(CHAT), Some("de")).expect("stored");
    assert_eq!(stored.iter().map(|c| c.command.as_str()).collect::<Vec<_>>(), ["digest", "funnel"]);

    bot.delete_my_commands().scope(admin_scope).language_code("de").await.expect("deleted");
    assert_eq!(fake.command_lists().len(), 1);
    let invalid = bot.set_my_commands(vec![BotCommand::new("Bad-Name", "x")]).await;
    assert!(unknown_error(invalid).contains("BOT_COMMAND_INVALID"));
}

#[tokio::test]
async fn message_errors_map_to_teloxide_api_errors() {
    let fake = fake_with_chat().await;
    let bot = fake.bot();
    match bot.send_message(ChatId(-5), "anyone?").await {
        Err(RequestError::Api(ApiError::ChatNotFound)) => {}
        other => panic!("expected ChatNotFound, got {other:?}"),
    }
    match bot.send_message(ChatId(CHAT), "  ").await {
        Err(RequestError::Api(ApiError::MessageTextIsEmpty)) => {}
        other => panic!("expected MessageTextIsEmpty, got {other:?}"),
    }
    match bot.send_message(ChatId(CHAT), "x".repeat(4097)).await {
        Err(RequestError::Api(ApiError::MessageIsTooLong)) => {}
        other => panic!("expected MessageIsTooLong, got {other:?}"),
    }
    let missing = bot.send_message(ChatId(CHAT), "re").reply_parameters(ReplyParameters::new(MessageId(77)));
    match missing.await {
        Err(RequestError::Api(ApiError::MessageToReplyNotFound)) => {}
        other => panic!("expected MessageToReplyNotFound, got {other:?}"),
    }
    let lenient = ReplyParameters::new(MessageId(77)).allow_sending_without_reply();
    let sent = bot.send_message(ChatId(CHAT), "re").reply_parameters(lenient).await.expect("sent without reply");
    assert!(sent.reply_to_message().is_none());

    bot.leave_chat(ChatId(CHAT)).await.expect("left");
    assert_eq!(fake.bot_status(CHAT), snowball::testkit::telegram::BotStatus::Left);
    let after = bot.send_message(ChatId(CHAT), "hello?").await;
    assert!(unknown_error(after).contains("not a member"));
    assert_eq!(fake.pending_updates()[0]["my_chat_member"]["new_chat_member"]["status"], "left");
}

#[tokio::test]
async fn documents_are_uploaded_as_multipart() {
    let fake = fake_with_chat().await;
    let csv = b"member,invites\nalice,3\n".to_vec();
    let file = teloxide::types::InputFile::memory(csv.clone()).file_name("ledger.csv");
    let sent = fake.bot().send_document(ChatId(CHAT), file).caption("ledger").await.expect("sent");
    assert_eq!(sent.document().and_then(|d| d.file_name.as_deref()), Some("ledger.csv"));
    let recorded = &fake.sent_messages(CHAT)[0];
    assert_eq!(recorded.kind, SentKind::Document);
    assert_eq!(recorded.file.as_ref().and_then(|f| f.bytes()), Some(&csv[..]));
}

async fn raw(fake: &FakeTelegram, token: &str, method: &str, body: Option<Value>) -> (u16, Value) {
    let client = reqwest::Client::builder().no_proxy().build().expect("client");
    let url = format!("{}/bot{token}/{method}", fake.base_url());
    let request = match body {
        Some(body) => client.post(url).json(&body),
        None => client.get(url),
    };
    let response = request.send().await.expect("fake answers");
    (response.status().as_u16(), response.json().await.expect("JSON body"))
}

#[tokio::test]
async fn raw_protocol_answers_and_records_every_call() {
    let fake = fake_with_chat().await;
    let token = fake.token().to_owned();
    let (status, body) = raw(&fake, &token, "getMe", None).await;
    assert_eq!((status, body["ok"].clone(), body["result"]["is_bot"].clone()), (200, json!(true), json!(true)));

    let (status, body) = raw(&fake, &token, "banChatSenderChat", Some(json!({"chat_id": CHAT}))).await;
    assert_eq!((status, body["ok"].clone(), body["error_code"].clone()), (400, json!(false), json!(400)));
    assert_eq!(fake.unknown_methods(), ["banChatSenderChat"]);

    let (status, body) = raw(&fake, "1:wrong", "getMe", None).await;
    assert_eq!((status, body["description"].clone()), (401, json!("Unauthorized")));

    // Form-encoded parameters work too; method names are case-insensitive.
    let client = reqwest::Client::builder().no_proxy().build().expect("client");
    let url = format!("{}/bot{token}/sendmessage", fake.base_url());
    let form = [("chat_id", CHAT.to_string()), ("text", "from a form".to_owned())];
    let response = client.post(url).form(&form).send().await.expect("answer");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(fake.sent_messages(CHAT)[0].text.as_deref(), Some("from a form"));
    let methods: Vec<String> = fake.all_calls().into_iter().map(|c| c.method).collect();
    assert_eq!(methods, ["getMe", "banChatSenderChat", "getMe", "sendmessage"]);
}

#[tokio::test]
async fn join_requests_through_a_link_are_approved_by_the_bot() {
    let fake = fake_with_chat().await;
    let bot = fake.bot();
    let link = bot.create_chat_invite_link(ChatId(CHAT)).creates_join_request(true).name("apply").await.expect("link");
    let request = fake.join_request(CHAT, &bob(), Some(LinkRef::created(&link.invite_link)));
    let pending = fake.pending_updates();
    assert_eq!(pending[0]["update_id"], request.update_id());
    assert_eq!(pending[0]["chat_join_request"]["invite_link"]["name"], "apply");
    assert_eq!(fake.pending_join_requests(CHAT), [201]);

    bot.approve_chat_join_request(ChatId(CHAT), UserId(201)).await.expect("approved");
    let joined = &fake.pending_updates()[1]["chat_member"];
    assert_eq!(joined["from"]["id"], fake.bot_user().id);
    assert_eq!(joined["invite_link"]["invite_link"], link.invite_link.as_str());
    assert!(joined.get("via_join_request").is_none(), "a request through a link carries the link instead");
    assert_eq!(fake.member(CHAT, 201).expect("member")["status"], "member");
    assert_eq!(fake.created_links()[0].joined, 1);
    let again = bot.approve_chat_join_request(ChatId(CHAT), UserId(201)).await;
    assert!(unknown_error(again).contains("HIDE_REQUESTER_MISSING"));
}

#[tokio::test]
async fn callback_queries_are_answered() {
    let fake = fake_with_chat().await;
    let bot = fake.bot();
    let sent = bot.send_message(ChatId(CHAT), "Was this useful?").await.expect("sent");
    let pressed = fake.callback_query(CHAT, sent.id.0, &alice(), "useful:yes");
    let query_id = pressed.callback_query_id.clone().expect("query id");
    let update = &fake.pending_updates()[0]["callback_query"];
    assert_eq!((update["id"].as_str(), update["data"].as_str()), (Some(query_id.as_str()), Some("useful:yes")));
    bot.answer_callback_query(teloxide::types::CallbackQueryId(query_id)).text("Thanks!").await.expect("answered");
    assert_eq!(fake.calls("answerCallbackQuery")[0].params["text"], "Thanks!");
}
