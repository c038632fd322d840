//! Every command answers through Discord: a smoke test of the whole catalogue, the CSV export
//! as a private file, and a leaderboard switched off.

use serde_json::{Value, json};
use snowball::store::Backend;

use super::harness::{ALICE, BOB, Bot, OWNER, guild_spec, text_of};

/// Who runs which command with which options.
type Call = (u64, &'static str, Vec<(&'static str, Value)>);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_answers() {
    let bot = Bot::start(guild_spec(), Backend::Sqlite, |_| {}).await.unwrap();
    let member = |id: u64| ("member", json!(id.to_string()));
    let calls: Vec<Call> = vec![
        (ALICE, "help", vec![]),
        (ALICE, "help", vec![("command", json!("thanks"))]),
        (ALICE, "me", vec![]),
        (ALICE, "leaderboard", vec![]),
        (ALICE, "thanks", vec![member(BOB), ("kind", json!("content")), ("note", json!("the great guide"))]),
        (OWNER, "member", vec![member(ALICE)]),
        (OWNER, "funnel", vec![("period", json!("quarter"))]),
        (OWNER, "professional add", vec![member(BOB)]),
        (OWNER, "digest preview", vec![]),
        (OWNER, "settings", vec![]),
        (OWNER, "setup", vec![]),
    ];
    for (user, name, options) in calls {
        let r = bot.run(user, name, &options).await;
        let text = text_of(&r);
        assert!(!r.embeds().is_empty(), "/{name}: an embed");
        if name == "digest preview" {
            let files: Vec<_> = r.followups.iter().chain(&r.original).flat_map(|m| m.attachments.clone()).collect();
            let chart = files.iter().find(|f| f.filename == "digest-chart.png").expect("the preview has its chart");
            let picture = snowball::testkit::picture::decode_png(&chart.data).expect("a PNG");
            assert_eq!((picture.width, picture.height), (snowball::chart::WIDTH, snowball::chart::HEIGHT));
        }
        for bad in ["went wrong", "not available", "isn't something", "doesn't take"] {
            assert!(!text.contains(bad), "/{name}: {text}");
        }
    }
    let thanks = bot.run(ALICE, "thanks", &[member(ALICE)]).await;
    assert!(thanks.ephemeral && text_of(&thanks).contains("can't thank yourself"), "{}", text_of(&thanks));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_are_private_csv_files() {
    let bot = Bot::start(guild_spec(), Backend::Sqlite, |_| {}).await.unwrap();
    let r = bot.run(OWNER, "export", &[("what", json!("members"))]).await;
    assert!(r.deferred && r.ephemeral);
    let file = r.followups.iter().chain(&r.original).flat_map(|m| m.attachments.clone()).next().expect("a file");
    assert!(file.filename.starts_with("snowball-members-") && file.filename.ends_with(".csv"), "{}", file.filename);
    let csv = String::from_utf8(file.data).unwrap();
    assert!(csv.lines().count() >= 5, "a header and the four members: {csv}");

    let refused = bot.run(ALICE, "export", &[("what", json!("members"))]).await;
    assert!(refused.ephemeral && text_of(&refused).contains("for community managers"));
    assert!(refused.followups.iter().chain(&refused.original).all(|m| m.attachments.is_empty()));

    let off = bot.run(OWNER, "settings", &[("key", json!("leaderboards")), ("value", json!("off"))]).await;
    assert!(text_of(&off).contains("Saved"), "{}", text_of(&off));
    let board = bot.run(ALICE, "leaderboard", &[]).await;
    assert!(board.ephemeral && text_of(&board).contains("switched off"), "{}", text_of(&board));
    bot.stop().await;
}

/// Every manager command refuses a member, privately, and changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_manager_command_refuses_members() {
    use snowball::commands::{Access, CATALOGUE};
    let bot = Bot::start(guild_spec(), Backend::Sqlite, |_| {}).await.unwrap();
    let community = bot.community().await;
    let before = bot.store.event_count(community).await.unwrap();
    let member = || ("member", json!(BOB.to_string()));
    let mut tried = Vec::new();
    for spec in CATALOGUE.iter().filter(|c| c.access == Access::Managers) {
        let calls: Vec<(String, Vec<(&str, Value)>)> = match spec.name {
            "member" | "forget" => vec![(spec.name.into(), vec![member()])],
            "customer" => vec![(spec.name.into(), vec![member(), ("amount", json!("10"))])],
            "professional" => {
                vec![("professional add".into(), vec![member()]), ("professional remove".into(), vec![member()])]
            }
            "campaign" => {
                vec![("campaign create".into(), vec![("name", json!("ads"))]), ("campaign list".into(), vec![])]
            }
            "digest" => vec![("digest preview".into(), vec![]), ("digest now".into(), vec![])],
            "settings" => vec![(spec.name.into(), vec![("key", json!("leaderboards")), ("value", json!("off"))])],
            "export" => vec![(spec.name.into(), vec![("what", json!("joins"))])],
            name => vec![(name.into(), vec![])],
        };
        for (name, options) in calls {
            // The refusal comes before the per-user rate limit, so one member can try them all.
            let r = bot.run(ALICE, &name, &options).await;
            let text = text_of(&r);
            assert!(r.ephemeral, "/{name}: private");
            assert!(text.contains("for community managers"), "/{name}: {text}");
            assert!(r.followups.iter().chain(&r.original).all(|m| m.attachments.is_empty()), "/{name}: no file");
            tried.push(name);
        }
    }
    assert_eq!(tried.len(), 13, "every manager command and subcommand: {tried:?}");
    assert_eq!(bot.store.event_count(community).await.unwrap(), before, "nothing changed");
    assert!(bot.fake.bot_messages_in(bot.channel).iter().all(|m| m.interaction_id.is_some()), "nothing posted");
    assert!(bot.fake.bot_messages_in(bot.admin_channel).is_empty());
    assert!(bot.fake.invites(bot.guild).is_empty(), "no campaign link");
    bot.stop().await;
}

/// Discord has no Hebrew client: an English locale says nothing, so a community that chose
/// Hebrew gets Hebrew.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_community_language_wins_over_an_english_locale() {
    let bot = Bot::start(guild_spec(), Backend::Sqlite, |_| {}).await.unwrap();
    bot.run(OWNER, "settings", &[("key", json!("language")), ("value", json!("he"))]).await;
    let help = bot.run(ALICE, "help", &[]).await;
    assert!(text_of(&help).contains("הפקודות של snowball"), "{}", text_of(&help));
    let refused = bot.run(ALICE, "setup", &[]).await;
    assert!(text_of(&refused).contains("מיועדת למנהלי הקהילה"), "{}", text_of(&refused));
    bot.stop().await;
}
