//! The digest scheduler on both backends: a digest per period exactly once across passes,
//! restarts and two processes sharing a database; nothing for a week the bot was not there
//! for; after downtime only the latest period, never a backlog.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use snowball::app::App;
use snowball::clock::{Clock, ManualClock};
use snowball::config::Config;
use snowball::digest::{self, DigestPeriod};
use snowball::domain::{CommunityKey, Envelope, Event, Ts};
use snowball::engine::Rules;
use snowball::ingest::apply_batch;
use snowball::runtime::Platforms;
use snowball::scheduler::{Posted, tick};
use snowball::store::{Claim, Store, to_millis};
use snowball::testkit::ops::RecordingOps;

fn utc(d: u32, hh: u32) -> Ts {
    Utc.with_ymd_and_hms(2026, 11, d, hh, 0, 0).unwrap()
}

fn key() -> CommunityKey {
    CommunityKey::demo("sched")
}

async fn seed(store: &Store, at: Ts) {
    let e = Envelope::new(key(), "seen:1", at, Event::MemberLeft { user: 7 });
    apply_batch(store, &Rules::default(), &[e]).await.unwrap();
}

fn start(store: &Store, clock: &Arc<ManualClock>) -> (Arc<App>, Arc<RecordingOps>, Platforms) {
    let (app, _writer) = App::start(Config::default(), store.clone(), clock.clone() as Arc<dyn Clock>);
    let ops = Arc::new(RecordingOps::default());
    let mut platforms = Platforms::default();
    platforms.insert(ops.clone());
    (app, ops, platforms)
}

fn periods(ops: &RecordingOps) -> usize {
    ops.posts.lock().unwrap().len()
}

async fn posted(app: &App, platforms: &Platforms) -> Vec<String> {
    tick(app, platforms)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|o| match o.result.unwrap() {
            Posted::Posted { period } => Some(period),
            Posted::AlreadyDone { .. } => None,
        })
        .collect()
}

async fn a_digest_is_posted_once_per_period_and_never_as_a_backlog(store: Store) {
    // The bot first saw the community on Wednesday 2026-11-04 (week 45).
    seed(&store, utc(4, 12)).await;
    let clock = Arc::new(ManualClock::new(utc(9, 8)));
    let (app, ops, platforms) = start(&store, &clock);

    // Monday 08:00 UTC: the latest due time (Monday 2 Nov 09:00) came before the bot was there.
    assert_eq!(posted(&app, &platforms).await, Vec::<String>::new());
    assert_eq!(periods(&ops), 0);

    // Monday 09:00 (the default schedule, UTC): week 45 is due; a second pass posts nothing.
    clock.set(utc(9, 9));
    assert_eq!(posted(&app, &platforms).await, vec!["2026-W45"]);
    assert!(ops.posts.lock().unwrap()[0].2.attachment.is_some(), "the digest comes with its chart");
    clock.set(utc(9, 10));
    assert_eq!(posted(&app, &platforms).await, Vec::<String>::new());
    assert_eq!(periods(&ops), 1);

    // A restart (a new process on the same database) does not post it again.
    let (app2, ops2, platforms2) = start(&store, &clock);
    assert_eq!(posted(&app2, &platforms2).await, Vec::<String>::new());
    assert_eq!(periods(&ops2), 0);

    // Three weeks of downtime: only the latest period (week 48) is posted, once.
    clock.set(utc(30, 10));
    assert_eq!(posted(&app2, &platforms2).await, vec!["2026-W48"]);
    assert_eq!(posted(&app2, &platforms2).await, Vec::<String>::new());
    assert_eq!(store.posted_digests(store.find_community(&key()).await.unwrap().unwrap()).await.unwrap().len(), 2);
}

async fn two_processes_sharing_a_database_post_one_digest(store: Store) {
    seed(&store, utc(4, 12)).await;
    let clock = Arc::new(ManualClock::new(utc(16, 9) + Duration::minutes(1)));
    let (a, ops_a, platforms_a) = start(&store, &clock);
    let (b, ops_b, platforms_b) = start(&store, &clock);
    let (ra, rb) = tokio::join!(posted(&a, &platforms_a), posted(&b, &platforms_b));
    assert_eq!(ra.len() + rb.len(), 1, "one of them posts: {ra:?} {rb:?}");
    assert_eq!(periods(&ops_a) + periods(&ops_b), 1);
    let posts =
        ops_a.posts.lock().unwrap().iter().chain(ops_b.posts.lock().unwrap().iter()).cloned().collect::<Vec<_>>();
    assert_eq!(posts[0].0, key());
}

async fn a_failed_post_is_retried_on_the_next_pass(store: Store) {
    seed(&store, utc(4, 12)).await;
    let clock = Arc::new(ManualClock::new(utc(9, 9)));
    let (app, ops, platforms) = start(&store, &clock);
    *ops.fail_posts.lock().unwrap() = true;
    let outcomes = tick(&app, &platforms).await.unwrap();
    assert!(outcomes[0].result.is_err(), "the platform refused");
    *ops.fail_posts.lock().unwrap() = false;
    assert_eq!(posted(&app, &platforms).await, vec!["2026-W45"]);
    assert_eq!(periods(&ops), 1);
}

/// A chart that cannot be drawn does not hold the digest back: here a crashed process left a
/// built digest whose time zone this build does not know.
async fn a_digest_whose_chart_fails_is_posted_without_it(store: Store) {
    seed(&store, utc(4, 12)).await;
    let now = utc(9, 9);
    let community = store.find_community(&key()).await.unwrap().unwrap();
    let period: DigestPeriod = "2026-W45".parse().unwrap();
    let mut built = digest::build(&store, community, period, &Rules::default(), chrono_tz::Tz::UTC, now).await.unwrap();
    built.timezone = "Nowhere/Atlantis".into();
    let lease = snowball::scheduler::CLAIM_LEASE_MS;
    let crashed_at = to_millis(now) - 2 * lease;
    assert!(matches!(
        store.claim_digest(community, "2026-W45", "crashed:1", crashed_at, lease).await.unwrap(),
        Claim::Won { .. }
    ));
    let json = serde_json::to_string(&built).unwrap();
    assert!(store.save_digest_payload(community, "2026-W45", "crashed:1", &json).await.unwrap());

    let clock = Arc::new(ManualClock::new(now));
    let (app, ops, platforms) = start(&store, &clock);
    assert_eq!(posted(&app, &platforms).await, vec!["2026-W45"]);
    let posts = ops.posts.lock().unwrap();
    assert_eq!(posts.len(), 1);
    assert!(posts[0].2.title.as_deref().unwrap_or_default().contains("Weekly digest"));
    assert_eq!(posts[0].2.attachment, None, "posted without the chart");
}

snowball::store_tests!(
    a_digest_is_posted_once_per_period_and_never_as_a_backlog,
    two_processes_sharing_a_database_post_one_digest,
    a_failed_post_is_retried_on_the_next_pass,
    a_digest_whose_chart_fails_is_posted_without_it,
);
