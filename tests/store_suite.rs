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

async fn leaves_in_one_batch_close_each_join_at_its_own_leave(store: Store) {
    let rules = Rules::default();
    let leave = |user: i64, minutes: i64| {
        Envelope::new(
            community(),
            format!("leave:{user}:{minutes}"),
            t0() + Duration::minutes(minutes),
            Event::MemberLeft { user },
        )
    };
    let again = |user: i64, minutes: i64| {
        let mut j = join(user, None, minutes);
        j.source_id = format!("join:{user}:{minutes}:again");
        j
    };
    // Member 2 joined in an earlier batch; the next batch has two leaves and a rejoin of theirs,
    // and a join and leave of member 3; member 1 stays.
    apply_batch(&store, &rules, &[join(1, None, 0), join(2, Some(1), 1)]).await.unwrap();
    let batch = [leave(2, 10), again(2, 20), join(3, None, 25), leave(2, 30), leave(3, 40), again(3, 50)];
    apply_batch(&store, &rules, &batch).await.unwrap();

    let id = store.find_community(&community()).await.unwrap().unwrap();
    let ms = |minutes: i64| Some(snowball::store::to_millis(t0() + Duration::minutes(minutes)));
    let left = |joins: Vec<snowball::store::JoinRow>| joins.iter().map(|j| j.left_at).collect::<Vec<_>>();
    assert_eq!(left(store.joins_of(id, 1).await.unwrap()), [None]);
    assert_eq!(left(store.joins_of(id, 2).await.unwrap()), [ms(10), ms(30)]);
    assert_eq!(left(store.joins_of(id, 3).await.unwrap()), [ms(40), None]);
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
    leaves_in_one_batch_close_each_join_at_its_own_leave,
    communities_are_listed_with_counts,
);

mod digest_claims {
    use snowball::domain::CommunityKey;
    use snowball::store::{Claim, Store};

    async fn a_period_is_claimed_once_and_a_stale_claim_is_taken_over(store: Store) {
        let c = store.community_id(&CommunityKey::demo("claims")).await.unwrap();
        let lease = 600_000;
        assert_eq!(store.claim_digest(c, "2026-W47", "a", 1_000, lease).await.unwrap(), Claim::Won { payload: None });
        assert_eq!(store.claim_digest(c, "2026-W47", "b", 2_000, lease).await.unwrap(), Claim::Lost, "live claim");
        assert!(store.save_digest_payload(c, "2026-W47", "a", "{\"built\":1}").await.unwrap());
        // "a" crashed before posting; after the lease "b" takes over and gets what "a" built.
        let later = 1_000 + lease + 1;
        assert_eq!(
            store.claim_digest(c, "2026-W47", "b", later, lease).await.unwrap(),
            Claim::Won { payload: Some("{\"built\":1}".into()) }
        );
        assert!(!store.mark_digest_posted(c, "2026-W47", "a", later).await.unwrap(), "a lost its claim");
        assert!(store.mark_digest_posted(c, "2026-W47", "b", later).await.unwrap());
        assert_eq!(store.claim_digest(c, "2026-W47", "a", later * 10, lease).await.unwrap(), Claim::Lost, "posted");
        // A released claim can be claimed again.
        assert!(matches!(store.claim_digest(c, "2026-W48", "a", 5, lease).await.unwrap(), Claim::Won { .. }));
        store.release_digest(c, "2026-W48", "a").await.unwrap();
        assert!(matches!(store.claim_digest(c, "2026-W48", "b", 6, lease).await.unwrap(), Claim::Won { .. }));
        assert_eq!(store.posted_digests(c).await.unwrap(), vec![("2026-W47".to_string(), later)]);
    }

    async fn concurrent_claimers_get_one_winner(store: Store) {
        let c = store.community_id(&CommunityKey::demo("race")).await.unwrap();
        let mut tasks = Vec::new();
        for i in 0..8 {
            let s = store.clone();
            tasks.push(tokio::spawn(async move { s.claim_digest(c, "2026-W01", &format!("p{i}"), 10, 600_000).await }));
        }
        let mut winners = 0;
        for t in tasks {
            if matches!(t.await.unwrap().unwrap(), Claim::Won { .. }) {
                winners += 1;
            }
        }
        assert_eq!(winners, 1);
    }

    snowball::store_tests!(
        a_period_is_claimed_once_and_a_stale_claim_is_taken_over,
        concurrent_claimers_get_one_winner
    );
}

mod exports {
    use super::*;
    use snowball::store::export::ExportTable;

    async fn exports_write_documented_columns_and_one_members_rows(store: Store) {
        let rules = Rules::default();
        apply_batch(&store, &rules, &[join(1, None, 0), join(2, Some(1), 1), message(10, 2, 2)]).await.unwrap();
        let id = store.find_community(&community()).await.unwrap().unwrap();
        let csv = snowball::export::csv_bytes(&store, id, ExportTable::Joins, None).await.unwrap();
        let mut r = csv::Reader::from_reader(csv.as_slice());
        let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let expected: Vec<&str> = ExportTable::Joins.columns().iter().map(|(c, _)| *c).collect();
        assert_eq!(headers, expected);
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[1][0], "2");
        assert_eq!(&rows[1][1], "2026-11-02T09:01:00Z");
        assert_eq!(&rows[1][2], "referral");
        assert_eq!(&rows[1][3], "exact");
        assert_eq!(&rows[1][4], "1");
        assert_eq!(&rows[1][11], "", "still here: no left_at");

        let mine = snowball::export::csv_bytes(&store, id, ExportTable::Members, Some(2)).await.unwrap();
        let text = String::from_utf8(mine).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(text.lines().nth(1).unwrap().starts_with("2,user2,member,"), "{text}");
    }

    snowball::store_tests!(exports_write_documented_columns_and_one_members_rows);
}
