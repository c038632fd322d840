//! The shared command layer, driven directly (the platform tests drive it through the real
//! clients).

#[path = "commands/harness.rs"]
mod harness;

use harness::Harness;
use snowball::commands::{self, CATALOGUE, Command, Money, Tone, parse_text};
use snowball::domain::{CommunityKey, ValueKind};

/// One instance of every manager command.
fn manager_commands() -> Vec<Command> {
    let mut out = Vec::new();
    for spec in CATALOGUE.iter().filter(|c| c.access == commands::Access::Managers) {
        let text = spec.example.replace("@dana", "@#2");
        let cmd = parse_text(&commands::TextInput { text: &text, bot_username: None, reply_to: None })
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .unwrap();
        out.push(cmd);
    }
    out.push(Command::DigestNow);
    out.push(Command::CampaignList);
    out
}

#[tokio::test]
async fn every_manager_command_refuses_members_and_changes_nothing() {
    let h = Harness::new().await;
    let before = h.events().await;
    let settings_before = h
        .app
        .store
        .community_settings_json(h.app.community_id(&CommunityKey::demo("cmds")).await.unwrap())
        .await
        .unwrap();
    for cmd in manager_commands() {
        let name = cmd.name();
        let reply = h.run(1, false, cmd).await;
        assert_eq!(reply.tone, Tone::Warning, "{name}");
        assert!(reply.private, "{name}: refusals are private");
        assert!(reply.plain().contains(&format!("/{name} is for community managers")), "{name}: {}", reply.plain());
    }
    assert_eq!(h.events().await, before, "a refused command wrote events");
    let settings_after = h
        .app
        .store
        .community_settings_json(h.app.community_id(&CommunityKey::demo("cmds")).await.unwrap())
        .await
        .unwrap();
    assert_eq!(settings_before, settings_after);
    assert!(h.ops.invites.lock().unwrap().is_empty());
    assert!(h.ops.posts.lock().unwrap().is_empty());
}

#[tokio::test]
async fn refusals_speak_the_callers_language() {
    let h = Harness::new().await;
    let reply = commands::run(&h.app, &h.ops, &h.inv(1, false, "he-IL"), Command::Setup).await;
    assert!(reply.plain().contains("מיועדת למנהלי הקהילה"), "{}", reply.plain());
    assert!(reply.rtl);
}

#[tokio::test]
async fn thanks_records_value_and_refuses_self_thanks() {
    let h = Harness::new().await;
    let ok =
        h.run(1, false, Command::Thanks { member: 2, kind: ValueKind::Content, note: Some("great post".into()) }).await;
    assert_eq!(ok.tone, Tone::Success, "{}", ok.plain());
    assert!(ok.plain().contains("you thanked #2 for content"), "{}", ok.plain());
    assert_eq!(h.events().await, 1);
    let selfish = h.run(1, false, Command::Thanks { member: 1, kind: ValueKind::Support, note: None }).await;
    assert_eq!(selfish.tone, Tone::Warning);
    assert_eq!(h.events().await, 1, "self-thanks changes nothing");
}

#[tokio::test]
async fn settings_change_validates_and_persists() {
    let h = Harness::new().await;
    let r = h.run(9, true, Command::Settings { change: Some(("timezone".into(), "Asia/Jerusalem".into())) }).await;
    assert_eq!(r.tone, Tone::Success, "{}", r.plain());
    assert!(r.plain().contains("Asia/Jerusalem"));
    let bad = h.run(9, true, Command::Settings { change: Some(("timezone".into(), "Nowhere/Land".into())) }).await;
    assert_eq!(bad.tone, Tone::Warning);
    assert!(bad.plain().contains("IANA"), "{}", bad.plain());
    let unknown = h.run(9, true, Command::Settings { change: Some(("colour".into(), "red".into())) }).await;
    assert!(unknown.plain().contains("There is no setting"), "{}", unknown.plain());
    let id = h.app.community_id(&CommunityKey::demo("cmds")).await.unwrap();
    let stored = h.app.store.community_settings_json(id).await.unwrap();
    assert!(stored.contains("Asia/Jerusalem") && !stored.contains("Nowhere"), "{stored}");
}

#[tokio::test]
async fn customer_uses_the_community_currency_by_default() {
    let h = Harness::new().await;
    h.run(9, true, Command::Settings { change: Some(("currency".into(), "ILS".into())) }).await;
    let r = h.run(9, true, Command::Customer { member: 5, sale: Some(Money { minor: 4990, currency: None }) }).await;
    assert!(r.plain().contains("49.90 ILS"), "{}", r.plain());
    assert_eq!(h.events().await, 1);
}

#[tokio::test]
async fn the_rate_limit_refuses_bursts_politely() {
    let h = Harness::new().await;
    let mut limited = 0;
    for _ in 0..(snowball::app::RATE_LIMIT + 3) {
        let r = h.run(3, false, Command::Help { command: None }).await;
        if r.plain().contains("a bit fast") {
            limited += 1;
        }
    }
    assert_eq!(limited, 3);
}

#[tokio::test]
async fn setup_lists_what_is_missing_with_the_fix() {
    let h = Harness::new().await;
    *h.ops.checks.lock().unwrap() = vec![
        commands::SetupCheck { what: "setup-title", ok: true, fix: None },
        commands::SetupCheck { what: "help-title", ok: false, fix: Some("help-more") },
    ];
    let r = h.run(9, true, Command::Setup).await;
    assert_eq!(r.tone, Tone::Warning);
    let text = r.plain();
    assert!(text.contains("❌ snowball commands") && text.contains("Write /help"), "{text}");
}

#[tokio::test]
async fn exports_are_private_csv_files_and_me_export_holds_only_my_rows() {
    let h = Harness::new().await;
    for user in [5, 6] {
        let join = snowball::domain::Event::MemberJoined(snowball::domain::Join {
            user,
            name: Some(format!("m{user}")),
            is_bot: false,
            account_created: None,
            attribution: snowball::domain::Attribution::unknown(),
            quality: Default::default(),
        });
        let env = snowball::domain::Envelope::new(
            CommunityKey::demo("cmds"),
            format!("join:{user}"),
            h.app.clock.now(),
            join,
        );
        h.app.ingest.submit_and_wait(env).await.unwrap();
    }
    let r = h.run(9, true, Command::Export { what: commands::ExportKind::Members }).await;
    assert!(r.private);
    let file = r.attachment.expect("a file");
    assert!(file.file_name.ends_with(".csv"));
    assert!(String::from_utf8(file.bytes).unwrap().starts_with("user_id,name,role"));
    let mine = h.run(5, false, Command::Me { export: true }).await;
    assert!(mine.private);
    let text = String::from_utf8(mine.attachment.unwrap().bytes).unwrap();
    assert!(text.contains("\n5,"), "{text}");
    assert!(!text.contains("\n6,"), "another member's rows leaked: {text}");
}

#[tokio::test]
async fn a_communitys_thanks_words_apply_to_its_messages() {
    let h = Harness::new().await;
    h.run(9, true, Command::Settings { change: Some(("thanks_words".into(), "merci".into())) }).await;
    let key = CommunityKey::demo("cmds");
    let msg = |id: i64, author: i64, reply_author: i64, text: &str| {
        snowball::domain::Envelope::new(
            key.clone(),
            format!("msg:{id}"),
            h.app.clock.now() + chrono::Duration::seconds(id),
            snowball::domain::Event::MessagePosted(snowball::domain::Message {
                message_id: id,
                author,
                author_is_bot: false,
                reply_to: Some(snowball::domain::ReplyRef { message_id: 1, author: Some(reply_author) }),
                mentions: vec![],
                text: Some(text.into()),
                signals: Default::default(),
            }),
        )
    };
    h.app.ingest.submit_and_wait(msg(1, 2, 3, "here is how")).await.unwrap();
    h.app.ingest.submit_and_wait(msg(2, 3, 2, "thanks!")).await.unwrap();
    h.app.ingest.submit_and_wait(msg(3, 4, 2, "merci!")).await.unwrap();
    assert_eq!(h.app.store.count_rows("value_exchanges").await.unwrap(), 1, "only this community's word counts");
}
