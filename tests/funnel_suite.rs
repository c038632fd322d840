//! The funnel, referral validation, impact return, recompute, profiles and the funnel report
//! through the real ingest, on SQLite and PostgreSQL.

mod common;

use common::{DAY, HOUR, Sim, at};
use snowball::config::{FunnelConfig, LedgerConfig};
use snowball::domain::{Activity, Attribution, Confidence, Event, Role, Source, Stage, ValueKind};
use snowball::engine::Rules;
use snowball::engine::funnel::StageReason;
use snowball::engine::leaderboard::{Board, Period};
use snowball::ingest::{advance_community, advance_time};
use snowball::store::{CommunityId, ReferralStatus, Store, to_millis};

fn ms(minutes: i64) -> i64 {
    to_millis(at(minutes))
}

async fn moves(store: &Store, id: CommunityId) -> Vec<(i64, i64, Stage, Stage, StageReason)> {
    store.transitions(id).await.unwrap().into_iter().map(|t| (t.at, t.user, t.from, t.to, t.reason)).collect()
}

async fn engaged_needs_messages_soon_after_joining(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("engaged");
    sim.join(0, 1, None).join(0, 2, None);
    for (k, d) in [1, 2, 3].into_iter().enumerate() {
        sim.say(d * DAY, 100 + k as i64, 1, "hello", None, &[]);
    }
    for (k, d) in [1, 2, 15].into_iter().enumerate() {
        sim.say(d * DAY, 200 + k as i64, 2, "hello", None, &[]); // the third is past the 14-day window
    }
    // Member 3 was there before snowball (no join): counted from when first seen.
    for k in 0..3 {
        sim.say(20 * DAY + k * HOUR, 300 + k, 3, "hi", None, &[]);
    }
    let id = sim.apply(&store, &rules).await;
    let engaged = StageReason::Messages { messages: 3, days: 14 };
    assert_eq!(
        moves(&store, id).await,
        vec![
            (ms(3 * DAY), 1, Stage::Newcomer, Stage::Engaged, engaged),
            (ms(20 * DAY + 2 * HOUR), 3, Stage::Newcomer, Stage::Engaged, engaged),
        ]
    );
    let m1 = store.member(id, 1).await.unwrap().unwrap();
    assert_eq!((m1.stage, m1.stage_at), (Stage::Engaged, Some(ms(3 * DAY))));
    assert_eq!(store.member(id, 2).await.unwrap().unwrap().stage, Stage::Newcomer);
}

async fn contributor_gives_value_to_distinct_members(store: Store) {
    let rules = Rules { ledger: LedgerConfig { cooldown_secs: 0, ..LedgerConfig::default() }, ..Rules::default() };
    let mut sim = Sim::new("contributor");
    sim.join(0, 1, None).join(0, 2, None).join(0, 3, None);
    sim.say(10, 100, 2, "tip one", None, &[]);
    sim.react(11, 100, 1, None, "🔥"); // 2 → 1
    sim.react(12, 100, 1, None, "🙏"); // 2 → 1 again (cooldown off)
    sim.react(13, 100, 3, None, "🔥"); // 2 → 3: three times, two members
    let id = sim.apply(&store, &rules).await;
    assert_eq!(
        moves(&store, id).await,
        vec![(
            ms(13),
            2,
            Stage::Newcomer,
            Stage::Contributor,
            StageReason::GaveValue { exchanges: 3, members: 2, days: 30 }
        )]
    );
}

async fn customers_by_mark_or_role_and_ambassadors_by_customer_referral(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("customers");
    sim.join(0, 9, None).join(0, 1, None).join(0, 2, Some(1)).join(0, 3, None);
    sim.role(1, 9, Role::Manager);
    sim.sale(DAY, 2, 9, Some(4900), Some("usd"));
    sim.push(2 * DAY, Event::MemberSeen { user: 3, name: None, is_bot: false, role: None, customer_role: true });
    let id = sim.apply(&store, &rules).await;
    assert_eq!(
        moves(&store, id).await,
        vec![
            (ms(DAY), 1, Stage::Newcomer, Stage::Ambassador, StageReason::CustomerReferrals { referrals: 1 }),
            (ms(DAY), 2, Stage::Newcomer, Stage::Customer, StageReason::MarkedCustomer { by: Some(9) }),
            (ms(2 * DAY), 3, Stage::Newcomer, Stage::Customer, StageReason::CustomerRole),
        ]
    );
    let sales = store.sales(id, None).await.unwrap();
    assert_eq!(sales.len(), 2);
    assert_eq!(
        (sales[0].amount_minor, sales[0].currency.as_deref(), sales[0].marked_by),
        (Some(4900), Some("USD"), Some(9))
    );
    assert_eq!((sales[1].amount_minor, sales[1].marked_by), (None, None));
    assert_eq!(store.member(id, 1).await.unwrap().unwrap().referrals_customers, 1);
}

async fn referrals_validate_after_the_stay_and_make_ambassadors(store: Store) {
    let rules = Rules::default(); // 7 days
    let mut sim = Sim::new("referrals");
    sim.join(0, 1, None).join(0, 2, Some(1)).join(DAY, 3, Some(1)).join(DAY, 4, Some(1));
    sim.leave(3 * DAY, 4); // leaves before validation
    sim.join(2 * DAY, 5, Some(5)); // self-invite: never counts
    let id = sim.apply(&store, &rules).await;
    assert!(store.transitions(id).await.unwrap().is_empty());

    // Nothing is due yet at day 6.
    let a = advance_community(&store, &rules, id, at(6 * DAY)).await.unwrap();
    assert_eq!(a.transitions, 0);
    // The scheduler ticks late, at day 9: both referrals validate at their due time and the
    // promotion is dated when the second one validated.
    let a = advance_time(&store, &rules, at(9 * DAY)).await.unwrap();
    assert_eq!((a.communities, a.transitions), (1, 1));
    assert_eq!(
        moves(&store, id).await,
        vec![(ms(8 * DAY), 1, Stage::Newcomer, Stage::Ambassador, StageReason::ValidatedReferrals { referrals: 2 })]
    );
    let r: Vec<_> = store.referrals(id).await.unwrap().into_iter().map(|r| (r.user, r.status, r.settled_at)).collect();
    assert_eq!(
        r,
        vec![
            (2, ReferralStatus::Validated, Some(ms(7 * DAY))),
            (3, ReferralStatus::Validated, Some(ms(8 * DAY))),
            (4, ReferralStatus::Left, Some(ms(3 * DAY))),
        ]
    );
    let counts = store.referral_counts(id, 1).await.unwrap();
    assert_eq!((counts.pending, counts.validated, counts.left, counts.customers), (0, 2, 1, 0));
    // Validated referrals score on the board in the week they validated (W46).
    let lb = store.leaderboard(id, Board::Referrals, Period::Week, at(8 * DAY), 1, 10).await.unwrap();
    assert_eq!(lb.rows.iter().map(|r| (r.user, r.score)).collect::<Vec<_>>(), vec![(1, 2)]);
    let lb = store.leaderboard(id, Board::Referrals, Period::Week, at(DAY), 1, 10).await.unwrap();
    assert!(lb.rows.is_empty());
    // Ticking again changes nothing.
    assert_eq!(advance_time(&store, &rules, at(10 * DAY)).await.unwrap().transitions, 0);
}

async fn an_event_after_the_due_time_validates_first(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("due");
    sim.join(0, 1, None).join(0, 2, Some(1)).join(0, 3, Some(1));
    sim.apply(&store, &rules).await;
    // No tick: the next event (any event) settles what fell due before it.
    sim.say(10 * DAY, 100, 2, "still here", None, &[]);
    let id = sim.apply(&store, &rules).await;
    assert_eq!(
        moves(&store, id).await,
        vec![(ms(7 * DAY), 1, Stage::Newcomer, Stage::Ambassador, StageReason::ValidatedReferrals { referrals: 2 })]
    );
}

/// A small history touching every rule, applied in the given number of batches, with ticks.
fn history(sim: &mut Sim) {
    sim.join(0, 9, None).join(0, 1, None).join(HOUR, 2, Some(1)).join(2 * HOUR, 3, Some(1)).join(DAY, 4, Some(2));
    sim.role(5, 9, Role::Manager);
    for k in 0..3 {
        sim.say(DAY + k * HOUR, 100 + k, 2, "How does this work?", None, &[]);
        sim.say(DAY + k * HOUR + 5, 200 + k, 1, "like this", Some((100 + k, Some(2))), &[]);
    }
    sim.say(2 * DAY, 300, 3, "thanks @1 and @2", None, &[1, 2]);
    sim.say(2 * DAY + 1, 301, 3, "one more", None, &[]);
    sim.sale(5 * DAY, 4, 9, Some(10000), Some("ILS"));
    sim.say(12 * DAY, 400, 4, "hi", None, &[]);
}

async fn recompute_rebuilds_the_same_and_follows_rule_changes(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("recompute");
    history(&mut sim);
    let id = sim.apply_one_by_one(&store, &rules).await;
    advance_time(&store, &rules, at(20 * DAY)).await.unwrap();
    let live = moves(&store, id).await;
    let live_members = store.member(id, 1).await.unwrap();
    let live_value = store.value_exchanges(id).await.unwrap();
    assert_eq!(
        live.iter().map(|m| (m.1, m.3)).collect::<Vec<_>>(),
        vec![
            (2, Stage::Engaged),
            (1, Stage::Engaged),
            (1, Stage::Contributor),
            (2, Stage::Ambassador),
            (4, Stage::Customer),
            (1, Stage::Ambassador)
        ]
    );

    // Same rules: the same projections.
    let report = store.recompute(id, &rules, at(20 * DAY)).await.unwrap();
    assert_eq!(report.events, 16);
    assert_eq!(report.transitions, 6);
    assert_eq!(moves(&store, id).await, live);
    assert_eq!(store.member(id, 1).await.unwrap(), live_members);
    let rebuilt: Vec<_> = store.value_exchanges(id).await.unwrap().into_iter().map(|v| ValueKey::from(&v)).collect();
    assert_eq!(rebuilt, live_value.iter().map(ValueKey::from).collect::<Vec<_>>());

    // Stricter engagement, laxer contributor rule: the stages follow.
    let changed = Rules {
        funnel: FunnelConfig {
            engaged_messages: 4,
            contributor_exchanges: 1,
            contributor_distinct: 1,
            ..FunnelConfig::default()
        },
        ..Rules::default()
    };
    store.recompute(id, &changed, at(20 * DAY)).await.unwrap();
    let after: Vec<_> = moves(&store, id).await.into_iter().map(|m| (m.1, m.2, m.3)).collect();
    assert_eq!(
        after,
        vec![
            (1, Stage::Newcomer, Stage::Contributor),
            (2, Stage::Newcomer, Stage::Contributor),
            (2, Stage::Contributor, Stage::Ambassador),
            (4, Stage::Newcomer, Stage::Customer),
            (1, Stage::Contributor, Stage::Ambassador),
        ]
    );
    assert_eq!(store.member(id, 2).await.unwrap().unwrap().stage, Stage::Ambassador);
    // And back.
    store.recompute(id, &rules, at(20 * DAY)).await.unwrap();
    assert_eq!(moves(&store, id).await, live);
}

/// An exchange without its database id, for comparisons across rebuilds.
#[derive(Debug, PartialEq)]
struct ValueKey(i64, i64, i64, i64, ValueKind, Option<i64>);
impl From<&snowball::store::ValueRow> for ValueKey {
    fn from(v: &snowball::store::ValueRow) -> Self {
        ValueKey(v.at, v.actor, v.giver, v.receiver, v.kind, v.withdrawn_at)
    }
}

async fn batching_does_not_change_the_outcome(store: Store) {
    let rules = Rules::default();
    let mut one = Sim::new("one-batch");
    history(&mut one);
    let a = one.apply(&store, &rules).await;
    let mut many = Sim::new("many-batches");
    history(&mut many);
    let b = many.apply_one_by_one(&store, &rules).await;
    let one_batch = moves(&store, a).await;
    assert_eq!(one_batch.len(), 6);
    assert_eq!(one_batch, moves(&store, b).await);
}

async fn sales_are_credited_to_the_source(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("sales");
    sim.join(0, 9, None).join(0, 1, None).join(0, 2, Some(1));
    sim.join_with(0, 3, Attribution::campaign("linkedin-ads".into(), true, Some("ads".into())));
    sim.join_with(0, 4, Attribution::campaign("newsletter".into(), false, None));
    sim.join(0, 5, None);
    sim.join_with(0, 6, Attribution::ambiguous(vec![1, 2]));
    sim.join_with(0, 7, Attribution::referral(2, None, Confidence::Inferred));
    sim.say(HOUR, 100, 2, "I love this place", None, &[]); // 2 was active before buying
    for (user, amount) in [(2, 1000), (3, 2000), (4, 3000), (5, 4000), (6, 5000), (7, 6000)] {
        sim.sale(DAY, user, 9, Some(amount), Some("EUR"));
    }
    sim.sale(2 * DAY, 2, 9, Some(500), Some("EUR")); // a repeat sale
    let id = sim.apply(&store, &rules).await;
    let got: Vec<_> = store
        .sales(id, None)
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.user, s.source, s.inviter, s.campaign, s.influenced))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, Source::Referral, Some(1), None, true),
            (3, Source::CampaignPaid, None, Some("linkedin-ads".into()), false),
            (4, Source::CampaignOrganic, None, Some("newsletter".into()), false),
            (5, Source::Unknown, None, None, false),
            (6, Source::Referral, None, None, false), // ambiguous: nobody is credited
            (7, Source::Referral, Some(2), None, false),
            (2, Source::Referral, Some(1), None, true),
        ]
    );
    // The repeat sale does not make a second customer (or a second customer referral).
    assert_eq!(store.member(id, 1).await.unwrap().unwrap().referrals_customers, 1);
    let m2 = store.member(id, 2).await.unwrap().unwrap();
    assert_eq!((m2.customer_at, m2.referrals_customers, m2.stage), (Some(ms(DAY)), 1, Stage::Ambassador));
}

async fn member_profiles_tell_the_whole_story(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("profile");
    history(&mut sim);
    let id = sim.apply(&store, &rules).await;
    let now = at(20 * DAY);
    advance_time(&store, &rules, now).await.unwrap();
    let p = store.member_profile(id, 1, now, &rules.funnel).await.unwrap().unwrap();
    assert_eq!((p.name.as_deref(), p.role, p.stage), (Some("user1"), Role::Member, Stage::Ambassador));
    assert_eq!(
        p.transitions.iter().map(|t| t.to).collect::<Vec<_>>(),
        vec![Stage::Engaged, Stage::Contributor, Stage::Ambassador]
    );
    assert_eq!(p.transitions[1].reason, StageReason::GaveValue { exchanges: 4, members: 2, days: 30 });
    assert_eq!(p.stage_at, Some(at(7 * DAY + 2 * HOUR)));
    // Last active at day 1 + 2h + 5min: 18 days quiet at day 20.
    assert_eq!((p.activity, p.quiet_days), (Activity::AtRisk, Some(18)));
    assert_eq!((p.source, p.inviter.as_ref()), (Some(Source::Unknown), None));
    let support = |v: &[snowball::store::KindTotal]| v.iter().find(|k| k.kind == ValueKind::Support).unwrap().weight;
    assert_eq!((support(&p.value_given), p.value_given_total), (4, 4)); // 3 answers + 1 thanks
    assert_eq!(p.value_received_total, 0);
    assert_eq!((p.referrals.validated, p.referrals.pending), (2, 0));
    assert_eq!(p.messages, 3);
    assert!(p.customer.is_none());

    let p4 = store.member_profile(id, 4, now, &rules.funnel).await.unwrap().unwrap();
    assert_eq!(p4.inviter.as_ref().map(|i| (i.user, i.name.as_deref())), Some((2, Some("user2"))));
    let c = p4.customer.unwrap();
    assert_eq!((c.since, c.sales, c.source, c.influenced), (at(5 * DAY), 1, Source::Referral, false));
    assert_eq!(c.revenue.len(), 1);
    assert_eq!((c.revenue[0].currency.as_str(), c.revenue[0].amount_minor), ("ILS", 10000));
    assert_eq!(p4.activity, Activity::Active);
    assert!(store.member_profile(id, 12345, now, &rules.funnel).await.unwrap().is_none());
}

async fn the_funnel_report_counts_stages_moves_and_conversions(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("report");
    history(&mut sim);
    sim.join(3 * DAY, 8, None); // a newcomer who stays quiet
    sim.join(3 * DAY, 50, None);
    sim.push(3 * DAY, Event::MemberSeen { user: 50, name: None, is_bot: true, role: None, customer_role: false });
    let id = sim.apply(&store, &rules).await;
    advance_time(&store, &rules, at(20 * DAY)).await.unwrap();
    // Week 46 (days 7 to 14): 1 and 2 became ambassadors (validations on days 7 and 8).
    let r = store.funnel_report(id, at(7 * DAY), at(14 * DAY), &rules.funnel).await.unwrap();
    let stages: Vec<_> = r.stages.iter().map(|s| (s.stage, s.members, s.entered)).collect();
    // Counted: 1, 2, 3, 4, 8 (9 is a manager, 50 a bot).
    assert_eq!(
        stages,
        vec![
            (Stage::Newcomer, 2, 0),
            (Stage::Engaged, 0, 0),
            (Stage::Contributor, 0, 0),
            (Stage::Customer, 1, 0),
            (Stage::Ambassador, 2, 1),
        ]
    );
    assert_eq!(r.members, 5);
    let conv: Vec<_> = r.conversions.iter().map(|c| (c.reached_from, c.reached_to, c.percent)).collect();
    assert_eq!(conv, vec![(5, 3, Some(60.0)), (3, 3, Some(100.0)), (3, 3, Some(100.0)), (3, 2, Some(66.7))]);
    // At day 14 everyone was last seen less than 14 days before (1 and 2 on day 1, 12.9 days).
    assert_eq!((r.activity.active, r.activity.at_risk, r.activity.dormant), (5, 0, 0));
    let later = store.funnel_report(id, at(14 * DAY), at(16 * DAY), &rules.funnel).await.unwrap();
    // At day 16: 1 and 2 (quiet since day 1 + 2 hours) are at risk; 3 spoke at day 2 + 1 minute
    // (13.99 days), 4 on day 12, 8 joined on day 3: active.
    assert_eq!((later.activity.active, later.activity.at_risk, later.activity.dormant), (3, 2, 0));
    // As it was at day 1.5 (before anyone became a contributor): 1 and 2 engaged.
    let early = store.funnel_report(id, at(0), at(DAY + 12 * HOUR), &rules.funnel).await.unwrap();
    let stages: Vec<_> = early.stages.iter().map(|s| (s.stage, s.members)).collect();
    assert_eq!(
        stages,
        vec![
            (Stage::Newcomer, 2),
            (Stage::Engaged, 2),
            (Stage::Contributor, 0),
            (Stage::Customer, 0),
            (Stage::Ambassador, 0)
        ]
    );
    // Staff included when configured.
    let all = FunnelConfig { exclude_staff: false, ..FunnelConfig::default() };
    assert_eq!(store.funnel_report(id, at(7 * DAY), at(14 * DAY), &all).await.unwrap().members, 6);
}

async fn the_writer_advances_time_between_batches(store: Store) {
    use snowball::ingest::{Ingest, WriterConfig};
    let rules = std::sync::Arc::new(Rules::default());
    let (ingest, handle) = Ingest::start(
        store.clone(),
        rules.clone(),
        WriterConfig {
            batch_max_events: 100,
            batch_max_delay: std::time::Duration::from_millis(5),
            queue_capacity: 1000,
        },
    );
    let mut sim = Sim::new("writer");
    sim.join(0, 1, None).join(0, 2, Some(1)).join(0, 3, Some(1));
    for e in sim.take() {
        ingest.submit(e).unwrap();
    }
    let advanced = ingest.advance_time(at(8 * DAY)).await.unwrap();
    assert_eq!(advanced.transitions, 1);
    drop(ingest);
    handle.await.unwrap();
    let id = store.find_community(&sim.key).await.unwrap().unwrap();
    assert_eq!(store.member(id, 1).await.unwrap().unwrap().stage, Stage::Ambassador);
}

snowball::store_tests!(
    engaged_needs_messages_soon_after_joining,
    contributor_gives_value_to_distinct_members,
    customers_by_mark_or_role_and_ambassadors_by_customer_referral,
    referrals_validate_after_the_stay_and_make_ambassadors,
    an_event_after_the_due_time_validates_first,
    recompute_rebuilds_the_same_and_follows_rule_changes,
    batching_does_not_change_the_outcome,
    sales_are_credited_to_the_source,
    member_profiles_tell_the_whole_story,
    the_funnel_report_counts_stages_moves_and_conversions,
    the_writer_advances_time_between_batches,
);
