//! The digest of a small community, every number checked by hand, on SQLite and PostgreSQL;
//! and the renderers pinned by snapshots.
//!
//! The story (t0 = Monday 2026-11-02 09:00 UTC; W45 is the previous week, W46 the reported one,
//! 2026-11-09 00:00 to 2026-11-16 00:00 UTC):
//!
//! | when | what |
//! | --- | --- |
//! | W44, t0 − 10 d | 10 joins and posts 3 messages: engaged, then silent |
//! | W45, t0 | 9 (manager) and 1 join; 5 joins and is made a professional |
//! | W45, +1 h, +2 h | 2 and 3 join through 1's invite |
//! | W45, +1 d | 2 asks a question, 1 answers (reply: 1 → 2), 2 thanks 1 20 minutes later (thanks: 1 → 2) |
//! | W45, +2 d | 9 gives 5 the stage (weight 3) |
//! | W46, +7 d 1 h, +7 d 2 h | 2's and 3's referrals validate: 1 becomes an ambassador |
//! | W46, +8 d | 4 joins via a paid campaign, posts 3 messages (engaged), one a question; 5 answers (5 → 4); 3 reacts 🔥 to the answer (5 → 3); 1 reacts 👍 (not counted) |
//! | W46, +8 d 1 h | 6 joins, ambiguous between 1 and 2 |
//! | W46, +9 d | 7 joins via the newsletter (a 1-day-old account); a bot joins; 2 posts "thanks @1 @3" (engaged; 1 → 2 and 3 → 2) |
//! | W46, +9 d 1 h / +10 d | 8 joins (unknown) and leaves |
//! | W46, +10 d | 9 gives 5 exposure (weight 2) |
//! | W46, +11 d | 4 buys for USD 100.00 (paid campaign, influenced) |
//! | W46, +12 d | 2 buys for ILS 50.00 (referral by 1, influenced); 7 gets the customer role |
//! | W46, +13 d | 2 deletes the "thanks @1 @3" message: both thanks are withdrawn |

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::{DAY, HOUR, Sim, at};
use snowball::digest::{self, Delta, Digest, DigestPeriod, render_json, render_markdown, render_text};
use snowball::domain::{Attribution, Event, Join, JoinQuality, Origin, Role, Source, Stage, ValueKind};
use snowball::engine::Rules;
use snowball::engine::funnel::StageReason;
use snowball::store::Store;

fn story() -> Sim {
    let mut s = Sim::new("handchecked");
    // W44
    s.join(-10 * DAY, 10, None);
    for k in 0..3 {
        s.say(-10 * DAY + 10 * (k + 1), 10 + k, 10, "hello there", None, &[]);
    }
    // W45
    s.join(0, 9, None).join(0, 1, None).join(10, 5, None);
    s.role(11, 9, Role::Manager);
    s.professional(15, 5, 9);
    s.join(HOUR, 2, Some(1)).join(2 * HOUR, 3, Some(1));
    s.say(DAY, 100, 2, "How does billing work?", None, &[]);
    s.say(DAY + 5, 101, 1, "Settings, then Billing.", Some((100, Some(2))), &[]);
    s.say(DAY + 20, 102, 2, "thanks!", Some((101, Some(1))), &[]);
    s.value(2 * DAY, 9, 5, Some(9), ValueKind::Stage, 3);
    // W46
    s.join_with(8 * DAY, 4, Attribution::campaign("ads".into(), true, Some("ads".into())));
    s.say(8 * DAY + 10, 200, 4, "hi all", None, &[]);
    s.say(8 * DAY + 20, 201, 4, "How do I export my data?", None, &[]);
    s.say(8 * DAY + 30, 202, 4, "I looked everywhere", None, &[]);
    s.say(8 * DAY + 40, 203, 5, "Use the export button on the dashboard.", Some((201, Some(4))), &[]);
    s.react(8 * DAY + 50, 203, 3, None, "🔥");
    s.react(8 * DAY + 55, 203, 1, Some(5), "👍");
    s.join_with(8 * DAY + HOUR, 6, Attribution::ambiguous(vec![1, 2]));
    s.push(
        9 * DAY,
        Event::MemberJoined(Join {
            user: 7,
            name: Some("user7".into()),
            is_bot: false,
            account_created: Some(at(8 * DAY)),
            attribution: Attribution::campaign("newsletter".into(), false, None),
            quality: JoinQuality::default(),
        }),
    );
    s.bot_joins(9 * DAY, 50);
    s.say(9 * DAY, 204, 2, "thanks @user1 @user3", None, &[1, 3]);
    s.join(9 * DAY + HOUR, 8, None);
    s.leave(10 * DAY, 8);
    s.value(10 * DAY, 9, 5, Some(9), ValueKind::Exposure, 2);
    s.sale(11 * DAY, 4, 9, Some(10000), Some("USD"));
    s.sale(12 * DAY, 2, 9, Some(5000), Some("ILS"));
    s.push(12 * DAY, Event::MemberSeen { user: 7, name: None, is_bot: false, role: None, customer_role: true });
    s.delete(13 * DAY, 204);
    s
}

async fn build_w46(store: &Store) -> Digest {
    let rules = Rules::default();
    let mut sim = story();
    let id = sim.apply(store, &rules).await;
    let period: DigestPeriod = "2026-W46".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 17, 12, 0, 0).unwrap();
    digest::build(store, id, period, &rules, chrono_tz::Tz::UTC, now).await.unwrap()
}

fn d(value: i64, previous: i64) -> Delta {
    Delta::new(value, previous)
}

async fn the_digest_of_a_small_community_checked_by_hand(store: Store) {
    let g = build_w46(&store).await;
    let to = Utc.with_ymd_and_hms(2026, 11, 16, 0, 0, 0).unwrap();
    assert_eq!((g.period.as_str(), g.previous_period.as_str()), ("2026-W46", "2026-W45"));
    assert_eq!((g.from, g.to, g.as_of, g.complete, g.quiet), (to - Duration::days(7), to, to, true, false));
    assert_eq!(g.community, "demo:handchecked");

    // Present at the end: 9 1 5 2 3 10 4 6 7 (8 left, 50 is a bot); a week before: 9 1 5 2 3 10.
    assert_eq!(g.members, d(9, 6));
    // Joins: 4 6 7 8 (the bot is not counted) vs 9 1 5 2 3; leaves: 8.
    assert_eq!((g.growth.joins, g.growth.leaves, g.growth.net), (d(4, 5), d(1, 0), d(3, 5)));
    let by: Vec<_> = g.growth.by_source.iter().map(|s| (s.source, s.joins)).collect();
    assert_eq!(
        by,
        vec![
            (Source::Referral, d(1, 2)),        // 6 (ambiguous: a referral, nobody credited) vs 2, 3
            (Source::CampaignOrganic, d(1, 0)), // 7
            (Source::CampaignPaid, d(1, 0)),    // 4
            (Source::Vanity, d(0, 0)),
            (Source::Unknown, d(1, 3)), // 8 vs 9, 1, 5
        ]
    );
    // Messages 200 201 202 203 204 by 4, 5, 2 (deleted ones were still posted) vs 100 101 102.
    assert_eq!((g.activity.messages, g.activity.active_members), (d(5, 3), d(3, 2)));

    // Funnel, staff (9, 5) left out: 1 ambassador; 2, 4, 7 customers; 10 engaged; 3, 6 newcomers.
    assert!(g.funnel.staff_excluded);
    let stages: Vec<_> = g.funnel.stages.iter().map(|s| (s.stage, s.members, s.entered)).collect();
    assert_eq!(
        stages,
        vec![
            (Stage::Newcomer, 2, d(0, 0)),
            (Stage::Engaged, 1, d(2, 0)), // 4 and 2 entered
            (Stage::Contributor, 0, d(0, 0)),
            (Stage::Customer, 3, d(3, 0)),   // 4, 2, 7
            (Stage::Ambassador, 1, d(1, 0)), // 1
        ]
    );
    // Reached: newcomer 7, engaged 5, contributor 4, customer 4, ambassador 1.
    let conv: Vec<_> = g.funnel.conversions.iter().map(|c| (c.reached_from, c.reached_to, c.percent)).collect();
    assert_eq!(conv, vec![(7, 5, Some(71.4)), (5, 4, Some(80.0)), (4, 4, Some(100.0)), (4, 1, Some(25.0))]);

    let moves: Vec<_> = g.moves.iter().map(|m| (m.at, m.user, m.from, m.to, m.reason)).collect();
    assert_eq!(
        moves,
        vec![
            (
                at(7 * DAY + 2 * HOUR),
                1,
                Stage::Newcomer,
                Stage::Ambassador,
                StageReason::ValidatedReferrals { referrals: 2 }
            ),
            (at(8 * DAY + 30), 4, Stage::Newcomer, Stage::Engaged, StageReason::Messages { messages: 3, days: 14 }),
            (at(9 * DAY), 2, Stage::Newcomer, Stage::Engaged, StageReason::Messages { messages: 3, days: 14 }),
            (at(11 * DAY), 4, Stage::Engaged, Stage::Customer, StageReason::MarkedCustomer { by: Some(9) }),
            (at(12 * DAY), 2, Stage::Engaged, Stage::Customer, StageReason::MarkedCustomer { by: Some(9) }),
            (at(12 * DAY), 7, Stage::Newcomer, Stage::Customer, StageReason::CustomerRole),
        ]
    );
    assert_eq!(g.moves[0].name.as_deref(), Some("user1"));

    // 2's and 3's referrals validated in W46; 6's ambiguous join credits nobody.
    let refs: Vec<_> = g.top_referrers.iter().map(|r| (r.user, r.validated)).collect();
    assert_eq!(refs, vec![(1, 2)]);

    // Value given in W46 and not withdrawn by its end: 5 answered 4 and got a 🔥 from 3 (2 to 2
    // members); 9 gave 5 exposure (2). The thanks of message 204 were withdrawn on day 13.
    let helpers: Vec<_> = g.top_helpers.iter().map(|h| (h.user, h.weight, h.exchanges, h.members)).collect();
    assert_eq!(helpers, vec![(5, 2, 2, 2), (9, 2, 1, 1)]);
    assert_eq!((g.value.weight, g.value.exchanges), (d(4, 5), d(3, 3)));
    let edges: Vec<_> =
        g.value.edges.iter().filter(|e| e.weight != d(0, 0)).map(|e| (e.from, e.to, e.weight, e.exchanges)).collect();
    assert_eq!(
        edges,
        vec![
            (Role::Manager, Role::Professional, d(2, 3), 1), // exposure vs the stage
            (Role::Professional, Role::Member, d(2, 0), 2),
            (Role::Member, Role::Member, d(0, 2), 0), // W45: 1's answer and 2's thanks
        ]
    );
    assert_eq!(g.value.edges.len(), 9, "every edge is listed");
    let flows: Vec<_> = g.value.flows.iter().map(|f| (f.from, f.to, f.kind, f.weight, f.exchanges)).collect();
    assert_eq!(
        flows,
        vec![
            (Role::Manager, Role::Professional, ValueKind::Exposure, 2, 1),
            (Role::Professional, Role::Member, ValueKind::Content, 1, 1),
            (Role::Professional, Role::Member, ValueKind::Support, 1, 1),
        ]
    );
    let origins: Vec<_> = g.value.by_origin.iter().map(|o| (o.origin, o.weight, o.exchanges)).collect();
    assert_eq!(
        origins,
        vec![(Origin::Thanks, 0, 0), (Origin::Reaction, 1, 1), (Origin::Reply, 1, 1), (Origin::Manual, 2, 1)]
    );

    let pros: Vec<_> = g
        .professionals
        .iter()
        .map(|p| (p.user, p.stage, p.stage_received, p.exposure_received, p.value_given))
        .collect();
    assert_eq!(pros, vec![(5, Stage::Newcomer, 0, 2, 2)]);

    // 10 was last seen at t0 − 10 d + 30 min: 23 days quiet at the end of W46.
    assert_eq!((g.at_risk.at_risk, g.at_risk.dormant), (1, 0));
    let risk: Vec<_> = g.at_risk.members.iter().map(|m| (m.user, m.stage, m.last_active, m.quiet_days)).collect();
    assert_eq!(risk, vec![(10, Stage::Engaged, at(-10 * DAY + 30), 23)]);

    let i = &g.impact;
    assert_eq!((i.new_customers, i.sales, i.influenced, i.community_sourced), (d(3, 0), 3, 2, 2));
    assert_eq!(i.community_share_percent, Some(66.7)); // 2 (referral) and 4 (influenced) of 2, 4, 7
    let revenue: Vec<_> = i.revenue.iter().map(|m| (m.currency.as_str(), m.amount_minor)).collect();
    assert_eq!(revenue, vec![("ILS", 5000), ("USD", 10000)]);
    let by: Vec<_> = i
        .by_source
        .iter()
        .map(|s| {
            (s.source, s.customers, s.revenue.iter().map(|m| (m.currency.clone(), m.amount_minor)).collect::<Vec<_>>())
        })
        .collect();
    assert_eq!(
        by,
        vec![
            (Source::Referral, 1, vec![("ILS".to_string(), 5000)]),
            (Source::CampaignOrganic, 1, vec![]),
            (Source::CampaignPaid, 1, vec![("USD".to_string(), 10000)]),
        ]
    );
    let snow: Vec<_> = i.snowball.iter().map(|c| (c.user, c.name.as_deref(), c.direct, c.chain)).collect();
    assert_eq!(snow, vec![(1, Some("user1"), 1, 0)]);

    let q = &g.data_quality;
    assert_eq!(
        (q.joins, q.exact, q.inferred, q.ambiguous, q.unknown, q.suspect, q.self_invites, q.rejoins),
        (4, 2, 0, 1, 1, 1, 0, 0)
    );
}

async fn a_quiet_week_says_so(store: Store) {
    let rules = Rules::default();
    let mut sim = story();
    let id = sim.apply(&store, &rules).await;
    // W48: nothing happened.
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let g = digest::build(&store, id, "2026-W48".parse().unwrap(), &rules, chrono_tz::Tz::UTC, now).await.unwrap();
    assert!(g.quiet);
    assert_eq!(g.members, d(9, 9));
    let text = render_text(&g);
    assert!(text.contains("A quiet week"), "{text}");
    assert!(text.lines().count() <= 4, "{text}");
}

async fn renderers_are_pinned(store: Store) {
    let g = build_w46(&store).await;
    insta::assert_snapshot!("handchecked_text", render_text(&g));
    insta::assert_snapshot!("handchecked_markdown", render_markdown(&g));
    insta::assert_snapshot!("handchecked_json", render_json(&g));
    // JSON round-trips into the same digest.
    let back: Digest = serde_json::from_str(&render_json(&g)).unwrap();
    assert_eq!(back, g);
}

/// The chart's joins by source over recent weeks: the reported week agrees with the digest, and
/// weeks with nobody joining are there, empty.
async fn joins_by_source_over_recent_weeks(store: Store) {
    let rules = Rules::default();
    let mut sim = story();
    let id = sim.apply(&store, &rules).await;
    let period: DigestPeriod = "2026-W46".parse().unwrap();
    let h = digest::source_history(&store, id, period, 4, chrono_tz::Tz::UTC).await.unwrap();
    let weeks: Vec<String> = h.weeks.iter().map(|w| w.period.to_string()).collect();
    assert_eq!(weeks, ["2026-W43", "2026-W44", "2026-W45", "2026-W46"]);
    let counts = |i: usize| h.weeks[i].by_source.iter().map(|(_, n)| *n).collect::<Vec<_>>();
    // Referral, organic, paid, vanity, unknown.
    assert_eq!(counts(0), [0, 0, 0, 0, 1]); // 10, ten days before t0
    assert_eq!(counts(1), [0, 0, 0, 0, 0]);
    assert_eq!(counts(2), [2, 0, 0, 0, 3]); // 2, 3 vs 9, 1, 5
    assert_eq!(counts(3), [1, 1, 1, 0, 1]); // the bot is not counted
    let now = Utc.with_ymd_and_hms(2026, 11, 17, 12, 0, 0).unwrap();
    let g = digest::build(&store, id, period, &rules, chrono_tz::Tz::UTC, now).await.unwrap();
    let from_digest: Vec<i64> = g.growth.by_source.iter().map(|s| s.joins.value).collect();
    assert_eq!(counts(3), from_digest);
    let previous: Vec<i64> = g.growth.by_source.iter().map(|s| s.joins.previous).collect();
    assert_eq!(counts(2), previous);
    assert_eq!(h.max_total(), 5);
}

snowball::store_tests!(
    the_digest_of_a_small_community_checked_by_hand,
    a_quiet_week_says_so,
    renderers_are_pinned,
    joins_by_source_over_recent_weeks
);
