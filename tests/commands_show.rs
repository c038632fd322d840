//! The commands that show data or make links, through the shared command layer: `/invite`,
//! `/campaign`, `/me`, `/member`, `/leaderboard`, `/funnel`, `/digest`.

#[path = "commands/harness.rs"]
mod harness;

use harness::Harness;
use snowball::commands::{Board, Command, FunnelPeriod, Period, Tone};
use snowball::domain::{Attribution, CommunityKey, Confidence, Envelope, Event, Join, ValueKind};

fn key() -> CommunityKey {
    CommunityKey::demo("cmds")
}

async fn join(h: &Harness, user: i64, attribution: Attribution) {
    let event = Event::MemberJoined(Join {
        user,
        name: Some(format!("m{user}")),
        is_bot: false,
        account_created: None,
        attribution,
        quality: Default::default(),
    });
    let env = Envelope::new(key(), format!("join:{user}"), h.app.clock.now(), event);
    h.app.ingest.submit_and_wait(env).await.unwrap();
}

fn referral(inviter: i64) -> Attribution {
    Attribution::referral(inviter, Some(format!("inv{inviter}")), Confidence::Exact)
}

#[tokio::test]
async fn invite_makes_one_personal_link_and_reuses_it() {
    let h = Harness::new().await;
    join(&h, 3, Attribution::unknown()).await;
    let first = h.run(3, false, Command::Invite).await;
    assert_eq!(first.tone, Tone::Success, "{}", first.plain());
    assert!(first.private, "a personal link is shown only to its owner");
    assert!(first.plain().contains("https://invite.example/1"), "{}", first.plain());
    join(&h, 10, referral(3)).await;
    let second = h.run(3, false, Command::Invite).await;
    assert!(second.plain().contains("https://invite.example/1"), "{}", second.plain());
    assert!(second.plain().contains("0 validated, 1 still within their first 7 days"), "{}", second.plain());
    assert_eq!(h.ops.invites.lock().unwrap().len(), 1, "the link is created once");
    let id = h.app.community_id(&key()).await.unwrap();
    assert_eq!(h.app.store.personal_invite(id, 3).await.unwrap().as_deref(), Some("https://invite.example/1"));
}

#[tokio::test]
async fn campaigns_are_created_once_and_listed_with_their_joins() {
    let h = Harness::new().await;
    let made = h.run(9, true, Command::CampaignCreate { name: "newsletter".into(), paid: false }).await;
    assert_eq!(made.tone, Tone::Success, "{}", made.plain());
    assert!(made.plain().contains("newsletter (organic) is ready: https://invite.example/1"), "{}", made.plain());
    let again = h.run(9, true, Command::CampaignCreate { name: "newsletter".into(), paid: true }).await;
    assert_eq!(again.tone, Tone::Warning);
    assert!(again.plain().contains("already a campaign called newsletter"), "{}", again.plain());
    assert_eq!(h.ops.invites.lock().unwrap().len(), 1, "a refused duplicate makes no link");

    join(&h, 20, Attribution::campaign("newsletter".into(), false, Some("https://invite.example/1".into()))).await;
    let list = h.run(9, true, Command::CampaignList).await;
    assert!(list.plain().contains("newsletter (organic) 1 joins, 0 customers"), "{}", list.plain());
    let empty = Harness::new().await.run(9, true, Command::CampaignList).await;
    assert!(empty.plain().contains("No campaigns yet"), "{}", empty.plain());
}

#[tokio::test]
async fn leaderboards_show_helpers_and_can_be_switched_off() {
    let h = Harness::new().await;
    join(&h, 1, Attribution::unknown()).await;
    join(&h, 2, Attribution::unknown()).await;
    let thanks = h.run(2, false, Command::Thanks { member: 1, kind: ValueKind::Support, note: None }).await;
    assert_eq!(thanks.tone, Tone::Success, "{}", thanks.plain());
    let board = h.run(2, false, Command::Leaderboard { board: Board::Helpers, period: Period::All }).await;
    assert!(board.plain().contains("1. m1 — one point of value given"), "{}", board.plain());
    h.run(9, true, Command::Settings { change: Some(("leaderboards".into(), "off".into())) }).await;
    let off = h.run(2, false, Command::Leaderboard { board: Board::Referrals, period: Period::Week }).await;
    assert_eq!(off.tone, Tone::Warning);
    assert!(off.plain().contains("switched off"), "{}", off.plain());
}

#[tokio::test]
async fn profiles_show_the_stage_and_the_referral_tree() {
    let h = Harness::new().await;
    let unknown = h.run(5, false, Command::Me { export: false }).await;
    assert_eq!(unknown.tone, Tone::Warning, "{}", unknown.plain());
    join(&h, 3, Attribution::unknown()).await;
    join(&h, 10, referral(3)).await;
    join(&h, 11, referral(10)).await;
    let me = h.run(10, false, Command::Me { export: false }).await;
    assert!(me.private);
    assert!(me.plain().contains("m10 is newcomer"), "{}", me.plain());
    let member = h.run(9, true, Command::Member { member: 3 }).await;
    let text = member.plain();
    assert!(text.contains("Brought in 1 directly and 2 in all, 2 levels deep"), "{text}");
    assert!(text.contains("└ m10") && text.contains("  └ m11"), "{text}");
}

#[tokio::test]
async fn funnel_and_digest_preview_are_private_and_digest_now_posts() {
    let h = Harness::new().await;
    join(&h, 3, Attribution::unknown()).await;
    let funnel = h.run(9, true, Command::Funnel { period: FunnelPeriod::Month }).await;
    assert!(funnel.plain().contains("Funnel — last 30 days"), "{}", funnel.plain());
    let week = h.run(9, true, Command::Funnel { period: FunnelPeriod::IsoWeek { year: 2026, week: 47 } }).await;
    assert!(week.plain().contains("Funnel — 2026-W47"), "{}", week.plain());
    let preview = h.run(9, true, Command::DigestPreview).await;
    assert!(preview.private);
    assert!(preview.title.as_deref().unwrap_or_default().contains("Weekly digest"), "{:?}", preview.title);
    assert!(h.ops.posts.lock().unwrap().is_empty(), "a preview posts nothing");
    // Both carry the chart.
    let chart = preview.attachment.as_ref().expect("the preview has its chart");
    assert_eq!((chart.file_name.as_str(), chart.mime), ("digest-chart.png", "image/png"));
    assert!(snowball::testkit::picture::decode_png(&chart.bytes).is_ok());
    let now = h.run(9, true, Command::DigestNow).await;
    assert_eq!(now.tone, Tone::Success, "{}", now.plain());
    assert!(now.plain().contains("The digest for 2026-W46 was posted"), "{}", now.plain());
    let posts = h.ops.posts.lock().unwrap();
    assert_eq!(posts.len(), 1);
    let posted = posts[0].2.attachment.as_ref().expect("the posted digest has its chart");
    assert_eq!(posted.file_name, "digest-chart.png");
}
