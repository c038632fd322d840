//! Every reply of the command catalogue, in English and in Hebrew, pinned by snapshots: the
//! texts a member or manager actually reads (through the shared command layer, so the same
//! on Discord and Telegram), including refusals, bad input and the digest.

#[path = "commands/harness.rs"]
mod harness;

use std::fmt::Write;

use harness::Harness;
use snowball::commands::{
    self, Board, Command, ExportKind, FunnelPeriod, Money, Period, Rendered, SetupCheck, TextInput, parse_text,
};
use snowball::domain::{
    Attribution, CommunityKey, Confidence, Envelope, Event, Join, Message, MessageSignals, ReplyRef, ValueKind,
};

const OWNER: i64 = 1;
const DANA: i64 = 2;
const EYAL: i64 = 3;
const NOA: i64 = 4;
const OMER: i64 = 5;

fn key() -> CommunityKey {
    CommunityKey::demo("cmds")
}

async fn submit(h: &Harness, id: String, event: Event) {
    let env = Envelope::new(key(), id, h.app.clock.now(), event);
    h.app.ingest.submit_and_wait(env).await.unwrap();
}

async fn join(h: &Harness, user: i64, name: &str, attribution: Attribution) {
    let join = Join {
        user,
        name: Some(name.into()),
        is_bot: false,
        account_created: None,
        attribution,
        quality: Default::default(),
    };
    submit(h, format!("join:{user}"), Event::MemberJoined(join)).await;
}

async fn say(h: &Harness, id: i64, author: i64, text: &str, reply_to: Option<(i64, i64)>) {
    let message = Message {
        message_id: id,
        author,
        author_is_bot: false,
        reply_to: reply_to.map(|(message_id, author)| ReplyRef { message_id, author: Some(author) }),
        mentions: Vec::new(),
        text: Some(text.into()),
        signals: MessageSignals::default(),
    };
    submit(h, format!("msg:{id}"), Event::MessagePosted(message)).await;
}

/// A small community, a week old: Dana brought Eyal, Noa came through a paid campaign, Omer
/// came by himself; Eyal asked, Dana answered and was thanked; Noa bought.
async fn community() -> Harness {
    let h = Harness::new().await;
    h.ops.checks.lock().unwrap().extend([
        SetupCheck { what: "setup-manage-guild", ok: true, fix: None },
        SetupCheck { what: "setup-digest-channel", ok: false, fix: Some("setup-digest-channel-fix") },
    ]);
    h.clock.advance(chrono::Duration::days(-8));
    join(&h, OWNER, "Olga", Attribution::unknown()).await;
    join(&h, DANA, "Dana", Attribution::unknown()).await;
    h.clock.advance(chrono::Duration::days(1));
    join(&h, EYAL, "Eyal", Attribution::referral(DANA, Some("dana1".into()), Confidence::Exact)).await;
    join(&h, NOA, "Noa", Attribution::campaign("podcast".into(), true, Some("https://invite.example/p".into()))).await;
    join(&h, OMER, "Omer", Attribution::unknown()).await;
    h.clock.advance(chrono::Duration::days(6));
    say(&h, 100, EYAL, "How do I export the report?", None).await;
    say(&h, 101, DANA, "Use the export button on the dashboard.", Some((100, EYAL))).await;
    say(&h, 102, EYAL, "thanks, that worked!", Some((101, DANA))).await;
    say(&h, 103, EYAL, "One more question: can I schedule it?", None).await;
    h.clock.advance(chrono::Duration::days(1));
    h
}

/// One reply as the snapshot shows it: how it is sent, then its text.
fn show(label: &str, r: &Rendered) -> String {
    let mut s = format!("### {label} — {:?}", r.tone);
    if r.private {
        s.push_str(", private");
    }
    if let Some(a) = &r.attachment {
        let _ = write!(s, ", file {} ({})", a.file_name, a.mime);
    }
    let _ = writeln!(s, "\n{}", r.plain().trim_end());
    if let Some(a) = r.attachment.as_ref().filter(|a| a.mime.starts_with("text/")) {
        let text = String::from_utf8_lossy(&a.bytes);
        let _ = writeln!(s, "--- {}\n{}", a.file_name, text.lines().next().unwrap_or_default());
    }
    s
}

/// Every command, as the member or manager who would run it.
fn script() -> Vec<(&'static str, i64, bool, Command)> {
    use Command::*;
    vec![
        ("/help", OMER, false, Help { command: None }),
        ("/help thanks", OMER, false, Help { command: Some("thanks".into()) }),
        ("/invite", DANA, false, Invite),
        ("/me", DANA, false, Me { export: false }),
        ("/me export", EYAL, false, Me { export: true }),
        ("/leaderboard referrals all", OMER, false, Leaderboard { board: Board::Referrals, period: Period::All }),
        ("/leaderboard helpers week", OMER, false, Leaderboard { board: Board::Helpers, period: Period::Week }),
        ("/thanks @Dana support", EYAL, false, Thanks { member: DANA, kind: ValueKind::Support, note: None }),
        ("/thanks @Eyal (self)", EYAL, false, Thanks { member: EYAL, kind: ValueKind::Content, note: None }),
        ("/funnel by a member", OMER, false, Funnel { period: FunnelPeriod::Week }),
        ("/member @Dana", OWNER, true, Member { member: DANA }),
        ("/member of a stranger", OWNER, true, Member { member: 999 }),
        ("/funnel week", OWNER, true, Funnel { period: FunnelPeriod::Week }),
        (
            "/customer @Noa 49.90 USD",
            OWNER,
            true,
            Customer { member: NOA, sale: Some(Money { minor: 4990, currency: Some("USD".into()) }) },
        ),
        ("/professional add @Dana", OWNER, true, Professional { add: true, member: DANA }),
        ("/campaign create newsletter", OWNER, true, CampaignCreate { name: "newsletter".into(), paid: false }),
        ("/campaign list", OWNER, true, CampaignList),
        ("/settings", OWNER, true, Settings { change: None }),
        (
            "/settings timezone Asia/Jerusalem",
            OWNER,
            true,
            Settings { change: Some(("timezone".into(), "Asia/Jerusalem".into())) },
        ),
        (
            "/settings timezone Mars/Olympus",
            OWNER,
            true,
            Settings { change: Some(("timezone".into(), "Mars/Olympus".into())) },
        ),
        ("/digest preview", OWNER, true, DigestPreview),
        ("/digest now", OWNER, true, DigestNow),
        ("/export members", OWNER, true, Export { what: ExportKind::Members }),
        ("/setup", OWNER, true, Setup),
        ("/forget @Omer", OWNER, true, Forget { member: OMER }),
    ]
}

/// Commands typed wrongly: the explanation and the usage.
const MISTYPED: [&str; 3] = ["/customer @#4 lots", "/leaderboard everyone", "/campaign create"];

async fn transcript(locale: &str) -> String {
    let h = community().await;
    let mut out = String::new();
    // The community speaks the transcript's language (the digest posts in it).
    let lang_code = &locale[..2];
    let mut steps = vec![(
        "/settings language",
        OWNER,
        true,
        Command::Settings { change: Some(("language".into(), lang_code.into())) },
    )];
    steps.extend(script());
    for (label, caller, manager, cmd) in steps {
        // Half a minute apart, as a person types them (the per-user rate limit is real).
        h.clock.advance(chrono::Duration::seconds(30));
        let reply = commands::run(&h.app, &h.ops, &h.inv(caller, manager, locale), cmd).await;
        let _ = writeln!(out, "{}", show(label, &reply));
    }
    let lang = snowball::i18n::Lang::from_locale(Some(locale), snowball::i18n::Lang::En);
    for text in MISTYPED {
        let e = parse_text(&TextInput { text, bot_username: None, reply_to: None }).expect_err(text);
        let _ = writeln!(out, "{}", show(text, &commands::parse_error(lang, &e)));
    }
    let posted = h.ops.posts.lock().unwrap().clone();
    for (i, p) in posted.iter().enumerate() {
        let _ = writeln!(out, "{}", show(&format!("posted #{}", i + 1), &p.2));
    }
    out
}

#[tokio::test]
async fn every_reply_in_english() {
    insta::assert_snapshot!("replies_en", transcript("en").await);
}

#[tokio::test]
async fn every_reply_in_hebrew() {
    let text = transcript("he").await;
    // Inserted names and numbers are isolated, so they read right inside Hebrew sentences.
    assert!(text.contains("\u{2068}Dana\u{2069}"), "{text}");
    insta::assert_snapshot!("replies_he", text);
}
