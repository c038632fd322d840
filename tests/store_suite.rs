//! The store suite: every test runs on SQLite and on PostgreSQL (when
//! `SNOWBALL_TEST_POSTGRES_URL` is set; `.ci/run` sets it).

use chrono::{Duration, TimeZone, Utc};
use snowball::domain::{
    Attribution, CommunityKey, Confidence, Envelope, Event, Join, JoinQuality, Message, MessageSignals, Stage, Ts,
};
use snowball::engine::Rules;
use snowball::ingest::{Applied, apply_batch};
use snowball::store::Store;

fn t0() -> Ts {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

fn community() -> CommunityKey {
    CommunityKey::demo("suite")
}

fn join(user: i64, inviter: Option<i64>, minutes: i64) -> Envelope {
    let attribution = match inviter {
        Some(i) => Attribution::referral(i, Some(format!("inv{i}")), Confidence::Exact),
        None => Attribution::unknown(),
    };
    Envelope::new(
        community(),
        format!("join:{user}:{minutes}"),
        t0() + Duration::minutes(minutes),
        Event::MemberJoined(Join {
            user,
            name: Some(format!("user{user}")),
            is_bot: false,
            account_created: None,
            attribution,
            quality: JoinQuality::default(),
        }),
    )
}

fn message(id: i64, author: i64, minutes: i64) -> Envelope {
    Envelope::new(
        community(),
        format!("msg:{id}"),
        t0() + Duration::minutes(minutes),
        Event::MessagePosted(Message {
            message_id: id,
            author,
            author_is_bot: false,
            reply_to: None,
            mentions: vec![],
            text: None,
            signals: MessageSignals::default(),
        }),
    )
}

async fn count(store: &Store, table: &str) -> i64 {
    store.count_rows(table).await.unwrap()
}

async fn migrations_apply_on_an_empty_database(store: Store) {
    // TestStore ran the migrations; running them again is a no-op.
    store.migrate().await.unwrap();
    for table in [
        "communities",
        "events",
        "members",
        "joins",
        "messages",
        "value_exchanges",
        "transitions",
        "customers",
        "digests",
        "invites",
        "campaigns",
        "personal_invites",
    ] {
        assert_eq!(count(&store, table).await, 0, "{table} starts empty");
    }
}

async fn ingest_is_idempotent(store: Store) {
    let rules = Rules::default();
    let batch = vec![join(1, None, 0), join(2, Some(1), 1), message(10, 2, 2), message(11, 2, 3)];
    let first = apply_batch(&store, &rules, &batch).await.unwrap();
    assert!(first.iter().all(|a| matches!(a, Applied::New(_))), "{first:?}");
    let again = apply_batch(&store, &rules, &batch).await.unwrap();
    assert!(again.iter().all(|a| *a == Applied::Duplicate), "{again:?}");
    // The same event twice inside one batch counts once.
    let dup = apply_batch(&store, &rules, &[message(12, 1, 4), message(12, 1, 4)]).await.unwrap();
    assert!(matches!(dup[0], Applied::New(_)));
    assert_eq!(dup[1], Applied::Duplicate);

    let id = store.find_community(&community()).await.unwrap().unwrap();
    assert_eq!(store.event_count(id).await.unwrap(), 5);
    let m2 = store.member(id, 2).await.unwrap().unwrap();
    assert_eq!(m2.messages, 2, "messages counted once");
    assert_eq!(m2.early_messages, 2);
    assert_eq!(m2.inviter, Some(1));
    assert_eq!(m2.stage, Stage::Newcomer);
    assert_eq!(count(&store, "joins").await, 2);
    assert_eq!(count(&store, "messages").await, 3);
}

async fn a_batch_that_fails_midway_leaves_nothing_written(store: Store) {
    let rules = Rules::default();
    let mut bad = join(3, None, 5);
    if let Event::MemberJoined(j) = &mut bad.event {
        // Violates the store's integrity rule for names (adapters cap them at 256).
        j.name = Some("x".repeat(300));
    }
    let batch = vec![join(1, None, 0), message(10, 1, 1), bad, message(11, 1, 6)];
    let err = apply_batch(&store, &rules, &batch).await.unwrap_err();
    assert!(!err.is_transient(), "a data error is not retried: {err:?}");
    for table in ["events", "members", "joins", "messages"] {
        assert_eq!(count(&store, table).await, 0, "{table} has rows from a failed batch");
    }
}

async fn rejoins_keep_the_first_source_and_leaves_close_the_join(store: Store) {
    let rules = Rules::default();
    let leave = Envelope::new(community(), "leave:2", t0() + Duration::hours(1), Event::MemberLeft { user: 2 });
    apply_batch(&store, &rules, &[join(1, None, 0), join(2, Some(1), 1)]).await.unwrap();
    apply_batch(&store, &rules, std::slice::from_ref(&leave)).await.unwrap();
    let mut rejoin = join(2, Some(7), 120);
    rejoin.source_id = "join:2:again".into();
    apply_batch(&store, &rules, &[rejoin]).await.unwrap();

    let id = store.find_community(&community()).await.unwrap().unwrap();
    let m = store.member(id, 2).await.unwrap().unwrap();
    assert_eq!(m.inviter, Some(1), "a rejoin is not a new referral");
    assert_eq!(m.join_count, 2);
    assert!(m.present());
    let joins = store.joins_of(id, 2).await.unwrap();
    assert_eq!(joins.len(), 2);
    assert_eq!(joins[0].left_at, Some(snowball::store::to_millis(t0() + Duration::hours(1))));
    assert!(!joins[0].quality.rejoin);
    assert!(joins[1].quality.rejoin);
    assert_eq!(joins[1].left_at, None);
}

async fn communities_are_listed_with_counts(store: Store) {
    apply_batch(&store, &Rules::default(), &[join(1, None, 0), join(2, None, 1), message(5, 1, 2)]).await.unwrap();
    let list = store.communities().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].key, community());
    assert_eq!(list[0].members, 2);
    assert_eq!(list[0].events, 3);
}

snowball::store_tests!(
    migrations_apply_on_an_empty_database,
    ingest_is_idempotent,
    a_batch_that_fails_midway_leaves_nothing_written,
    rejoins_keep_the_first_source_and_leaves_close_the_join,
    communities_are_listed_with_counts,
);
