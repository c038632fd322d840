//! The value ledger through the real ingest, on SQLite and PostgreSQL: each origin of value,
//! each anti-abuse rule, withdrawals, and the leaderboard counters.

mod common;

use common::{DAY, HOUR, Sim, at};
use snowball::config::LedgerConfig;
use snowball::domain::{Origin, Role, ValueKind};
use snowball::engine::Rules;
use snowball::engine::leaderboard::{Board, Period};
use snowball::store::{Store, ValueRow};

fn summary(v: &ValueRow) -> (i64, i64, i64, Origin, ValueKind, bool) {
    (v.actor, v.giver, v.receiver, v.origin, v.kind, v.withdrawn_at.is_some())
}

async fn thanks_in_text_credits_the_replied_to_author_and_mentions(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("thanks");
    sim.join(0, 1, None).join(0, 2, None).join(0, 3, None).join(0, 4, None);
    sim.say(10, 100, 2, "here is how you do it", None, &[]);
    // English, replying to 2 and mentioning 3 (and themselves, which never counts).
    sim.say(20, 101, 1, "Thanks a lot!", Some((100, Some(2))), &[3, 1]);
    // Hebrew with a prefix letter, the reply author found in the message map (Telegram-like).
    sim.say(30, 102, 4, "ותודה רבה", Some((100, None)), &[]);
    // Not thanks.
    sim.say(40, 103, 4, "no thanks, I'm fine", Some((100, Some(2))), &[]);
    let id = sim.apply(&store, &rules).await;

    let v = store.value_exchanges(id).await.unwrap();
    let got: Vec<_> = v.iter().map(summary).collect();
    assert_eq!(
        got,
        vec![
            (1, 2, 1, Origin::Thanks, ValueKind::Support, false),
            (1, 3, 1, Origin::Thanks, ValueKind::Support, false),
            (4, 2, 4, Origin::Thanks, ValueKind::Support, false),
        ]
    );
    assert!(v.iter().all(|x| x.weight == 1 && x.giver_role == Role::Member && x.receiver_role == Role::Member));
    assert_eq!(v[0].message_id, Some(101));
    let m2 = store.member(id, 2).await.unwrap().unwrap();
    assert_eq!((m2.value_given, m2.value_received), (2, 0));
    let m1 = store.member(id, 1).await.unwrap().unwrap();
    assert_eq!((m1.value_given, m1.value_received), (0, 2));
    // The text never reaches the store; the signals do.
    let mut payloads = Vec::new();
    store
        .for_each_event(id, |e| {
            payloads.push(serde_json::to_string(&e.event).unwrap());
            Ok(())
        })
        .await
        .unwrap();
    assert!(payloads.iter().all(|p| !p.contains("Thanks a lot") && !p.contains("תודה")), "{payloads:?}");
    assert!(payloads.iter().any(|p| p.contains("\"thanks\":true")));
}

async fn thanks_credits_at_most_max_mentions(store: Store) {
    let rules = Rules { ledger: LedgerConfig { max_mentions: 2, ..LedgerConfig::default() }, ..Rules::default() };
    let mut sim = Sim::new("mentions");
    for u in 1..=5 {
        sim.join(0, u, None);
    }
    sim.say(5, 100, 1, "thx @all", None, &[2, 3, 4, 5]);
    let id = sim.apply(&store, &rules).await;
    let givers: Vec<_> = store.value_exchanges(id).await.unwrap().iter().map(|v| v.giver).collect();
    assert_eq!(givers, vec![2, 3]);
}

async fn reactions_credit_the_author_with_configured_emoji_only(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("reactions");
    sim.join(0, 1, None).join(0, 2, None).join(0, 3, None);
    sim.say(10, 100, 2, "a useful link", None, &[]);
    sim.react(11, 100, 1, Some(2), "🔥"); // Discord says who wrote it
    sim.react(12, 100, 3, None, "❤️"); // Telegram: from the message map
    sim.react(13, 100, 3, None, "👍"); // not configured
    sim.react(14, 999, 3, None, "🔥"); // unknown message, unknown author
    sim.react(15, 100, 2, None, "🔥"); // own message
    let id = sim.apply(&store, &rules).await;
    let got: Vec<_> = store.value_exchanges(id).await.unwrap().iter().map(summary).collect();
    assert_eq!(
        got,
        vec![
            (1, 2, 1, Origin::Reaction, ValueKind::Content, false),
            (3, 2, 3, Origin::Reaction, ValueKind::Content, false)
        ]
    );
    // Removing the reaction withdraws it.
    sim.unreact(30, 100, 3, "❤️");
    sim.unreact(31, 100, 1, "👍"); // not a counted reaction: nothing to withdraw
    sim.apply(&store, &rules).await;
    let got: Vec<_> = store.value_exchanges(id).await.unwrap().iter().map(summary).collect();
    assert!(!got[0].5);
    assert!(got[1].5);
    assert_eq!(store.member(id, 2).await.unwrap().unwrap().value_given, 1);
}

async fn replies_to_questions_credit_support(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("replies");
    sim.join(0, 1, None).join(0, 2, None).join(0, 3, None);
    sim.say(10, 100, 1, "How do I reset my password?", None, &[]);
    sim.say(12, 101, 2, "Settings, then Security.", Some((100, Some(1))), &[]);
    sim.say(13, 102, 3, "Did you try turning it off?", Some((100, Some(1))), &[]); // a counter-question
    sim.say(14, 103, 3, "nice weather", None, &[]);
    sim.say(15, 104, 2, "agreed", Some((103, Some(3))), &[]); // not a question
    let id = sim.apply(&store, &rules).await;
    let got: Vec<_> = store.value_exchanges(id).await.unwrap().iter().map(summary).collect();
    assert_eq!(got, vec![(2, 2, 1, Origin::Reply, ValueKind::Support, false)]);
}

async fn manual_value_records_roles_at_that_time(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("manual");
    sim.join(0, 9, None).join(0, 5, None).join(0, 1, None);
    sim.role(1, 9, Role::Manager);
    sim.professional(2, 5, 9);
    // A manager gives a professional the stage (twice in a minute: managers are not limited).
    sim.value(10, 9, 5, Some(9), ValueKind::Stage, 5);
    sim.value(11, 9, 5, Some(9), ValueKind::Exposure, 1);
    // A member's /thanks @5 for a connection.
    sim.value(12, 5, 1, None, ValueKind::Connections, 1);
    let id = sim.apply(&store, &rules).await;
    let v = store.value_exchanges(id).await.unwrap();
    let got: Vec<_> =
        v.iter().map(|v| (v.actor, v.giver, v.receiver, v.giver_role, v.receiver_role, v.kind, v.weight)).collect();
    assert_eq!(
        got,
        vec![
            (9, 9, 5, Role::Manager, Role::Professional, ValueKind::Stage, 5),
            (9, 9, 5, Role::Manager, Role::Professional, ValueKind::Exposure, 1),
            (1, 5, 1, Role::Professional, Role::Member, ValueKind::Connections, 1),
        ]
    );
    assert!(v.iter().all(|v| v.origin == Origin::Manual));
    // Roles are those at the time: 5 stops being a professional, old rows keep the role.
    sim.push(20, snowball::domain::Event::ProfessionalSet { user: 5, by: 9, on: false });
    sim.value(30, 5, 1, Some(1), ValueKind::Support, 1);
    sim.apply(&store, &rules).await;
    let v = store.value_exchanges(id).await.unwrap();
    assert_eq!(v[2].giver_role, Role::Professional);
    assert_eq!(v[3].giver_role, Role::Member);
}

async fn no_self_credit_and_bots_never_count(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("abuse");
    sim.join(0, 1, None).join(0, 2, None).bot_joins(0, 50);
    sim.say(5, 100, 1, "thanks me", None, &[1]); // self
    sim.value(6, 1, 1, None, ValueKind::Support, 1); // self, by hand
    sim.say(7, 101, 50, "I am a bot", None, &[]);
    sim.say(8, 102, 2, "thanks bot!", Some((101, Some(50))), &[]); // crediting a bot
    sim.react(9, 101, 1, Some(50), "🔥");
    sim.say(10, 103, 2, "an answer", None, &[]);
    sim.react(11, 103, 50, Some(2), "🔥"); // a bot reacting
    let id = sim.apply(&store, &rules).await;
    assert!(store.value_exchanges(id).await.unwrap().is_empty());
}

async fn cooldown_per_pair_and_daily_cap_per_actor(store: Store) {
    let rules = Rules {
        ledger: LedgerConfig { cooldown_secs: 600, daily_cap: 3, ..LedgerConfig::default() },
        ..Rules::default()
    };
    let mut sim = Sim::new("limits");
    for u in 1..=6 {
        sim.join(0, u, None);
    }
    sim.say(1, 200, 2, "tip", None, &[]);
    sim.say(10, 100, 1, "thanks", Some((200, Some(2))), &[]); // 1 credits 2
    sim.react(15, 200, 1, Some(2), "🔥"); // same pair within 10 min: cooldown
    sim.react(20, 200, 1, Some(2), "💯"); // exactly 10 min later: counts
    sim.say(21, 101, 1, "ty", None, &[3]); // 3rd credit by actor 1 today
    sim.say(22, 102, 1, "ty", None, &[4]); // 4th: over the daily cap
    let id = sim.apply(&store, &rules).await;
    let got: Vec<_> = store.value_exchanges(id).await.unwrap().iter().map(|v| (v.giver, v.origin)).collect();
    assert_eq!(got, vec![(2, Origin::Thanks), (2, Origin::Reaction), (3, Origin::Thanks)]);
    // The cap is over any 24 hours: a day after the first credit, actor 1 can credit again.
    // Limits also hold across batches (recent exchanges are loaded from the store).
    sim.say(10 + DAY, 103, 1, "ty", None, &[4]);
    sim.say(10 + DAY + 1, 104, 1, "ty", None, &[5]);
    sim.apply(&store, &rules).await;
    let got: Vec<_> = store.value_exchanges(id).await.unwrap().iter().map(|v| v.giver).collect();
    assert_eq!(got, vec![2, 2, 3, 4], "one slot freed at +1 day; the next is capped again");
}

async fn deleted_messages_withdraw_what_they_credited(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("deleted");
    sim.join(0, 1, None).join(0, 2, None).join(0, 3, None);
    sim.say(1, 100, 2, "a guide", None, &[]);
    sim.react(2, 100, 3, None, "🔥"); // on the message that will be deleted
    sim.say(3, 101, 1, "thank you", Some((100, Some(2))), &[]);
    let id = sim.apply(&store, &rules).await;
    assert_eq!(store.member(id, 2).await.unwrap().unwrap().value_given, 2);
    let lb = store.leaderboard(id, Board::Helpers, Period::All, at(10), 2, 10).await.unwrap();
    assert_eq!(lb.rows[0].score, 2);

    sim.delete(HOUR, 101); // the thanks goes
    sim.apply(&store, &rules).await;
    let v = store.value_exchanges(id).await.unwrap();
    assert_eq!(v.iter().map(|v| v.withdrawn_at.is_some()).collect::<Vec<_>>(), vec![false, true]);
    assert_eq!(v[1].withdrawn_at, Some(snowball::store::to_millis(at(HOUR))));
    assert_eq!(store.member(id, 2).await.unwrap().unwrap().value_given, 1);
    assert_eq!(store.member(id, 1).await.unwrap().unwrap().value_received, 0);

    sim.delete(2 * HOUR, 100); // the guide goes: the reaction on it is withdrawn too
    sim.apply(&store, &rules).await;
    assert!(store.value_exchanges(id).await.unwrap().iter().all(|v| v.withdrawn_at.is_some()));
    assert_eq!(store.member(id, 2).await.unwrap().unwrap().value_given, 0);
    let lb = store.leaderboard(id, Board::Helpers, Period::All, at(10), 2, 10).await.unwrap();
    assert!(lb.rows.is_empty() && lb.viewer.is_none(), "{lb:?}");
}

async fn edits_credit_once_and_can_withdraw(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("edits");
    sim.join(0, 1, None).join(0, 2, None);
    sim.say(1, 100, 2, "answer", None, &[]);
    sim.say(2, 101, 1, "ok", Some((100, Some(2))), &[]);
    sim.edit(3, 101, 1, "ok, thanks!", Some((100, Some(2))), &[]); // thanks added: credits
    sim.edit(4, 101, 1, "ok, thanks!!", Some((100, Some(2))), &[]); // again: never twice
    let id = sim.apply(&store, &rules).await;
    assert_eq!(store.value_exchanges(id).await.unwrap().len(), 1);
    sim.edit(5, 101, 1, "ok", Some((100, Some(2))), &[]); // thanks removed: withdrawn
    sim.apply(&store, &rules).await;
    let v = store.value_exchanges(id).await.unwrap();
    assert_eq!(v.len(), 1);
    assert!(v[0].withdrawn_at.is_some());
}

async fn leaderboards_rank_by_bucket_with_ties_and_the_viewer(store: Store) {
    let rules = Rules { ledger: LedgerConfig { cooldown_secs: 0, ..LedgerConfig::default() }, ..Rules::default() };
    let mut sim = Sim::new("boards");
    for u in 1..=6 {
        sim.join(0, u, None);
    }
    // Week 45: 2 helps three times, 3 twice, 4 twice, 5 once.
    let mut id = 100;
    for (giver, times) in [(2, 3), (3, 2), (4, 2), (5, 1)] {
        for k in 0..times {
            id += 1;
            sim.say(10 + id, id, giver, "tip", None, &[]);
            sim.react(11 + id, id, 1 + k % 2 * 5, Some(giver), "🔥"); // from member 1 or 6
        }
    }
    // Week 46: 5 helps four times.
    for k in 0..4 {
        id += 1;
        sim.say(7 * DAY + k, id, 5, "tip", None, &[]);
        sim.react(7 * DAY + k + 1, id, 1 + k % 2 * 5, Some(5), "🔥");
    }
    let cid = sim.apply(&store, &rules).await;
    let week45 = store.leaderboard(cid, Board::Helpers, Period::Week, at(DAY), 5, 10).await.unwrap();
    assert_eq!(week45.bucket, "w2026-W45");
    let rows: Vec<_> = week45.rows.iter().map(|r| (r.rank, r.user, r.score)).collect();
    assert_eq!(rows, vec![(1, 2, 3), (2, 3, 2), (2, 4, 2), (4, 5, 1)]);
    assert_eq!(week45.rows[0].name.as_deref(), Some("user2"));
    let top2 = store.leaderboard(cid, Board::Helpers, Period::Week, at(DAY), 5, 2).await.unwrap();
    assert_eq!(top2.rows.len(), 2);
    let viewer = top2.viewer.unwrap();
    assert_eq!((viewer.rank, viewer.user, viewer.score), (4, 5, 1), "the viewer's row outside the top");
    let week46 = store.leaderboard(cid, Board::Helpers, Period::Week, at(8 * DAY), 1, 10).await.unwrap();
    assert_eq!(week46.rows.iter().map(|r| (r.user, r.score)).collect::<Vec<_>>(), vec![(5, 4)]);
    assert_eq!(week46.viewer, None, "member 1 gave nothing");
    let all = store.leaderboard(cid, Board::Helpers, Period::All, at(8 * DAY), 5, 10).await.unwrap();
    assert_eq!(all.rows.iter().map(|r| (r.rank, r.user, r.score)).collect::<Vec<_>>()[0], (1, 5, 5));
    let month = store.leaderboard(cid, Board::Helpers, Period::Month, at(8 * DAY), 5, 10).await.unwrap();
    assert_eq!(month.bucket, "m2026-11");
    assert_eq!(month.rows, all.rows);
}

snowball::store_tests!(
    thanks_in_text_credits_the_replied_to_author_and_mentions,
    thanks_credits_at_most_max_mentions,
    reactions_credit_the_author_with_configured_emoji_only,
    replies_to_questions_credit_support,
    manual_value_records_roles_at_that_time,
    no_self_credit_and_bots_never_count,
    cooldown_per_pair_and_daily_cap_per_actor,
    deleted_messages_withdraw_what_they_credited,
    edits_credit_once_and_can_withdraw,
    leaderboards_rank_by_bucket_with_ties_and_the_viewer,
);
