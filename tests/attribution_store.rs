//! The attribution engine's tables and queries, on SQLite and PostgreSQL: invite snapshots,
//! campaigns, personal invites, referral counts, the referral tree and the k-factor.

use chrono::{Duration, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use snowball::domain::{Attribution, CommunityKey, Confidence, Envelope, Event, Join, JoinQuality, Ts, Word};
use snowball::engine::Rules;
use snowball::engine::attribution::discord::{InviteInfo, InviteList, Vanity};
use snowball::engine::attribution::referrals::{ReferralCounts, ReferralStatus, TreeStats, referral_status};
use snowball::ingest::apply_batch;
use snowball::store::Store;

fn t0() -> Ts {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

fn day(d: f64) -> Ts {
    t0() + Duration::milliseconds((d * 86_400_000.0) as i64)
}

fn key() -> CommunityKey {
    CommunityKey::demo("attribution")
}

fn join_at(user: i64, at: Ts, attribution: Attribution, account_age_days: Option<i64>) -> Envelope {
    Envelope::new(
        key(),
        format!("join:{user}:{}", at.timestamp_millis()),
        at,
        Event::MemberJoined(Join {
            user,
            name: None,
            is_bot: false,
            account_created: account_age_days.map(|d| at - Duration::days(d)),
            attribution,
            quality: JoinQuality::default(),
        }),
    )
}

fn referral(user: i64, inviter: i64, at: Ts) -> Envelope {
    join_at(user, at, Attribution::referral(inviter, Some(format!("inv{inviter}")), Confidence::Exact), Some(400))
}

fn left(user: i64, at: Ts) -> Envelope {
    Envelope::new(key(), format!("left:{user}:{}", at.timestamp_millis()), at, Event::MemberLeft { user })
}

async fn invite_snapshots_round_trip(store: Store) {
    let c = store.community_id(&CommunityKey::discord(42)).await.unwrap();
    assert_eq!(store.invite_snapshot(c).await.unwrap(), None);
    let mut limited = InviteInfo::new("lim", Some(7), 2, 5);
    limited.expires_at = Some(day(1.0));
    limited.temporary = true;
    let list = InviteList {
        invites: vec![InviteInfo::new("abc", Some(1), 10, 0), limited.clone()],
        vanity: Some(Vanity { code: "acme".into(), uses: 99 }),
    };
    store.save_invite_snapshot(c, &list, t0()).await.unwrap();
    let snap = store.invite_snapshot(c).await.unwrap().expect("a snapshot");
    assert!(!snap.trusted, "a stored snapshot is never trusted");
    assert_eq!(snap.at, Some(t0()));
    assert_eq!(snap.invites.len(), 2);
    assert_eq!(snap.invites["lim"], limited);
    assert_eq!(snap.vanity, Some(Vanity { code: "acme".into(), uses: 99 }));
    // The next save drops vanished invites (kept as deleted rows).
    let list = InviteList { invites: vec![InviteInfo::new("abc", Some(1), 11, 0)], vanity: None };
    store.save_invite_snapshot(c, &list, day(0.5)).await.unwrap();
    let snap = store.invite_snapshot(c).await.unwrap().unwrap();
    assert_eq!(snap.invites.keys().collect::<Vec<_>>(), vec!["abc"]);
    assert_eq!(snap.invites["abc"].uses, 11);
    assert_eq!(snap.vanity, None);
    assert_eq!(store.count_rows("invites").await.unwrap(), 3);
}

async fn campaigns_are_created_once(store: Store) {
    let c = store.community_id(&key()).await.unwrap();
    let (row, created) = store.create_campaign(c, "newsletter", false, None, Some(1), t0()).await.unwrap();
    assert!(created);
    assert_eq!((row.name.as_str(), row.paid, row.invite.as_deref()), ("newsletter", false, None));
    let (again, created) = store.create_campaign(c, "newsletter", true, Some("x"), Some(2), day(1.0)).await.unwrap();
    assert!(!created, "never overwritten");
    assert_eq!(again, row);
    assert!(store.set_campaign_invite(c, "newsletter", "https://t.me/+news").await.unwrap());
    assert!(!store.set_campaign_invite(c, "nope", "x").await.unwrap());
    store.create_campaign(c, "fb-ads", true, Some("tg:42:Facebook ad"), Some(1), day(1.0)).await.unwrap();
    let by_invite = store.campaign_by_invite(c, "tg:42:Facebook ad").await.unwrap().unwrap();
    assert_eq!((by_invite.name.as_str(), by_invite.paid), ("fb-ads", true));
    let all: Vec<String> = store.campaigns(c).await.unwrap().into_iter().map(|r| r.name).collect();
    assert_eq!(all, vec!["newsletter", "fb-ads"]);
    assert_eq!(store.campaign(c, "newsletter").await.unwrap().unwrap().invite.as_deref(), Some("https://t.me/+news"));
}

async fn personal_invites_are_reused(store: Store) {
    let c = store.community_id(&key()).await.unwrap();
    assert_eq!(store.personal_invite(c, 7).await.unwrap(), None);
    assert_eq!(store.save_personal_invite(c, 7, "https://t.me/+seven", t0()).await.unwrap(), "https://t.me/+seven");
    // A second creation (a race) keeps the first link.
    assert_eq!(store.save_personal_invite(c, 7, "https://t.me/+other", t0()).await.unwrap(), "https://t.me/+seven");
    store.save_personal_invite(c, 8, "https://t.me/+eight", t0()).await.unwrap();
    assert_eq!(store.personal_invite_owner(c, "https://t.me/+eight").await.unwrap(), Some(8));
    assert_eq!(store.personal_invite_owner(c, "https://t.me/+other").await.unwrap(), None);
    assert_eq!(
        store.personal_invites(c).await.unwrap(),
        vec![(7, "https://t.me/+seven".to_string()), (8, "https://t.me/+eight".to_string())]
    );
}

/// Member 1 brings 2 (stays), 3 (leaves on day 2), 4 (day 8: pending on day 10), 5 (a
/// one-day-old account: suspect); 6 uses their own invite; 2 leaves on day 9 and comes back
/// through 1 (a rejoin); 4 brings 8; an ambiguous join credits nobody.
async fn history(store: &Store) -> i64 {
    let rules = Rules::default();
    let batch = vec![
        join_at(1, day(-1.0), Attribution::unknown(), None),
        referral(2, 1, day(0.0)),
        referral(3, 1, day(0.5)),
        left(3, day(2.0)),
        join_at(5, day(1.0), Attribution::referral(1, None, Confidence::Exact), Some(1)),
        referral(6, 6, day(3.0)),
        referral(4, 1, day(8.0)),
        left(2, day(9.0)),
        referral(2, 1, day(9.5)),
        referral(8, 4, day(9.0)),
        join_at(9, day(9.2), Attribution::ambiguous(vec![1, 4]), None),
    ];
    apply_batch(store, &rules, &batch).await.unwrap();
    store.community_id(&key()).await.unwrap()
}

async fn referral_counts_follow_the_quality_rules(store: Store) {
    let c = history(&store).await;
    store.add_referral_bonus(c, 1, 2, Some("ran the meetup"), Some(99), day(9.0)).await.unwrap();
    store.add_referral_bonus(c, 7, 1, None, Some(99), day(9.0)).await.unwrap();
    assert!(store.add_referral_bonus(c, 7, 0, None, None, day(9.0)).await.is_err());
    let now = day(10.0);
    let counts = store.referral_standings(c, now, 7).await.unwrap();
    let one = ReferralCounts { user: 1, validated: 1, pending: 1, left: 1, suspect: 1, bonus: 2 };
    assert_eq!(counts[0], one);
    assert_eq!(one.total(), 3);
    assert_eq!(store.referral_counts_of(c, 1, now, 7).await.unwrap(), one);
    let users: Vec<i64> = counts.iter().map(|c| c.user).collect();
    assert_eq!(users, vec![1, 7, 4], "best first; self-invites and ambiguous joins credit nobody");
    assert_eq!(counts[2], ReferralCounts { user: 4, pending: 1, ..ReferralCounts::default() });
    let statuses: Vec<(i64, ReferralStatus)> =
        store.referrals_of(c, 1, now, 7).await.unwrap().into_iter().map(|r| (r.user, r.status)).collect();
    assert_eq!(
        statuses,
        vec![
            (2, ReferralStatus::Validated),
            (3, ReferralStatus::Left),
            (5, ReferralStatus::Suspect),
            (4, ReferralStatus::Pending)
        ]
    );
    // A week later 4 is validated too.
    assert_eq!(store.referral_counts_of(c, 1, day(20.0), 7).await.unwrap().validated, 2);
}

async fn the_referral_tree_and_k_factor(store: Store) {
    let c = history(&store).await;
    let tree = store.referral_tree(c).await.unwrap();
    assert_eq!(tree.stats(1), TreeStats { direct: 4, indirect: 1, depth: 2 });
    assert_eq!(tree.stats(1).size(), 5);
    assert_eq!(tree.generation(8), 2);
    assert_eq!(tree.generation(1), 0);
    assert_eq!(tree.generation(6), 0, "a self-invite is no edge");
    assert_eq!(tree.direct(4), &[8]);
    // What /member reads for one member (their subtree and their inviters) says the same.
    for member in 1..=9 {
        let around = store.referral_tree_around(c, member).await.unwrap();
        assert_eq!(around.stats(member), tree.stats(member), "member {member}");
        assert_eq!(around.generation(member), tree.generation(member), "member {member}");
        assert_eq!(around.descendants(member), tree.descendants(member), "member {member}");
    }
    // Period [day 7, day 14): referred joins 4 and 8 (2's rejoin does not count); previous
    // period [day 0, day 7): new members 2, 3, 5, 6; 8 was brought by 4, who joined on day 8:
    // not the previous cohort.
    let k = store.k_factor(c, day(7.0), day(14.0)).await.unwrap();
    assert_eq!((k.referred, k.previous_cohort, k.referred_by_cohort), (2, 4, 0));
    assert_eq!(k.k(), Some(0.5));
    // Period [day 0.5, day 9.5) with the previous [day -8.5, day 0.5): cohort 1 and 2;
    // referred 3, 5, 4, 8 of which 3, 5, 4 by member 1 of that cohort.
    let k = store.k_factor(c, day(0.5), day(9.5)).await.unwrap();
    assert_eq!((k.referred, k.previous_cohort, k.referred_by_cohort), (4, 2, 3));
}

/// Counts in SQL agree with the pure status rule on random histories.
async fn sql_counts_match_the_pure_rules(store: Store) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
    let rules = Rules::default();
    let mut batch = Vec::new();
    for user in 100..160 {
        let at = day(rng.random_range(0.0..20.0));
        let inviter = rng.random_range(1..5);
        let age = if rng.random_bool(0.2) { 2 } else { 300 };
        batch.push(join_at(user, at, Attribution::referral(inviter, None, Confidence::Exact), Some(age)));
        if rng.random_bool(0.4) {
            batch.push(left(user, at + Duration::hours(rng.random_range(1..400))));
        }
    }
    batch.sort_by_key(|e| e.at);
    apply_batch(&store, &rules, &batch).await.unwrap();
    let c = store.community_id(&key()).await.unwrap();
    let now = day(21.0);
    for (vd, counts) in [
        (3, store.referral_standings(c, now, 3).await.unwrap()),
        (7, store.referral_standings(c, now, 7).await.unwrap()),
    ] {
        assert!(!counts.is_empty());
        for row in counts {
            let mut expected = ReferralCounts::new(row.user);
            for j in store.joins_between(c, day(-1.0), day(30.0)).await.unwrap() {
                if j.attribution.inviter == Some(row.user) {
                    expected.add(referral_status(j.at, j.left_at, j.quality.suspect, now.timestamp_millis(), vd));
                }
            }
            assert_eq!(row, expected, "validation_days {vd}");
        }
    }
    assert_eq!(ReferralStatus::Validated.word(), "validated");
}

snowball::store_tests!(
    invite_snapshots_round_trip,
    campaigns_are_created_once,
    personal_invites_are_reused,
    referral_counts_follow_the_quality_rules,
    the_referral_tree_and_k_factor,
    sql_counts_match_the_pure_rules,
);
