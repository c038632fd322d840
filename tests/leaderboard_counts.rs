//! `leaderboard_counts` (members per score, which gives a member's own rank without counting
//! every member above them) always agrees with `leaderboard_scores`: after the demo community's
//! history (thanks, reactions, withdrawals by deleted messages) and after a recompute.

use chrono::{TimeZone, Utc};
use snowball::demo::DemoOptions;
use snowball::engine::Rules;
use snowball::engine::leaderboard::{Board, Period};
use snowball::store::testing::TestStore;
use snowball::store::{Backend, CommunityId, Store};
use sqlx::Row;

type Histogram = Vec<(String, String, i64, i64)>;

async fn histograms(url: &str, community: CommunityId) -> (Histogram, Histogram) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let read = async |sql: &str| -> Histogram {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .bind(community)
            .fetch_all(&pool)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect()
    };
    let expected = read(
        "SELECT board, bucket, score, COUNT(*) FROM leaderboard_scores WHERE community_id = $1 AND score > 0 \
         GROUP BY board, bucket, score ORDER BY board, bucket, score",
    )
    .await;
    let kept = read(
        "SELECT board, bucket, score, members FROM leaderboard_counts WHERE community_id = $1 \
         ORDER BY board, bucket, score",
    )
    .await;
    pool.close().await;
    (expected, kept)
}

/// Every member's rank the slow way: 1 + members with a higher score.
async fn check_ranks(store: &Store, community: CommunityId, now: chrono::DateTime<Utc>) {
    let top = store.leaderboard(community, Board::Helpers, Period::All, now, 0, 1_000).await.unwrap();
    assert!(top.rows.len() > 10, "the demo has helpers: {}", top.rows.len());
    for row in &top.rows {
        let own = store.leaderboard(community, Board::Helpers, Period::All, now, row.user, 0).await.unwrap();
        let viewer = own.viewer.expect("a member with a score has a rank");
        let above = top.rows.iter().filter(|r| r.score > row.score).count();
        assert_eq!(viewer.rank as usize, above + 1, "{row:?}");
    }
}

async fn counts_follow_the_scores(backend: Backend) {
    let Some(db) = TestStore::new(backend).await else { return };
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    let rules = Rules::default();
    let opts = DemoOptions { members: 400, weeks: 4, seed: 3, name: "counts".into() };
    let demo = snowball::demo::run(&db.store, &rules, &opts, chrono_tz::UTC, now).await.unwrap();
    let (expected, kept) = histograms(&db.url, demo.community).await;
    assert!(!expected.is_empty());
    assert_eq!(kept, expected, "members per score after ingest");
    check_ranks(&db.store, demo.community, now).await;

    db.store.recompute(demo.community, &rules, now).await.unwrap();
    let (expected_after, kept_after) = histograms(&db.url, demo.community).await;
    assert_eq!(kept_after, expected_after, "members per score after a recompute");
    assert_eq!(expected_after, expected, "a recompute gives the same scores");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counts_follow_the_scores_sqlite() {
    counts_follow_the_scores(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counts_follow_the_scores_postgres() {
    counts_follow_the_scores(Backend::Postgres).await;
}
