//! `snowball demo`: the digest it prints is the one `snowball digest` reports for the same
//! period, through the library on both backends and through the real binary.

use chrono::{Duration, TimeZone, Utc};
use chrono_tz::Tz;
use snowball::demo::{self, DemoOptions};
use snowball::digest::{self, render_json, render_text};
use snowball::domain::Stage;
use snowball::engine::Rules;
use snowball::ingest::advance_community;
use snowball::store::Store;

fn small() -> DemoOptions {
    DemoOptions { members: 240, weeks: 3, seed: 11, name: "tiny".into() }
}

async fn the_demo_digest_is_the_stored_digest(store: Store) {
    let rules = Rules::default();
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap(); // a Wednesday in W48
    let out = demo::run(&store, &rules, &small(), Tz::UTC, now).await.unwrap();
    assert_eq!(out.period.to_string(), "2026-W47");
    assert_eq!(out.key.to_string(), "demo:tiny");
    assert_eq!(store.event_count(out.community).await.unwrap(), out.events as i64);

    // Days later, after the scheduler settled more referrals, the same period reads the same.
    let later = now + Duration::days(3);
    advance_community(&store, &rules, out.community, later).await.unwrap();
    let again = digest::build(&store, out.community, out.period, &rules, Tz::UTC, later).await.unwrap();
    assert_eq!(render_json(&again), render_json(&out.digest));
    assert_eq!(render_text(&again), render_text(&out.digest));

    // The numbers hold together, and every section has something to show.
    let g = &out.digest;
    assert!(!g.quiet);
    assert_eq!(g.growth.joins.value, g.growth.by_source.iter().map(|s| s.joins.value).sum::<i64>());
    assert_eq!(g.growth.joins.value, g.data_quality.joins);
    assert_eq!(g.growth.net.value, g.growth.joins.value - g.growth.leaves.value);
    let entered: i64 = g.funnel.stages.iter().map(|s| s.entered.value).sum();
    assert_eq!(entered, g.moves.len() as i64);
    assert!(g.funnel.stages.iter().filter(|s| s.stage != Stage::Newcomer).all(|s| s.members > 0), "{:?}", g.funnel);
    assert!(g.value.exchanges.value > 0 && !g.top_helpers.is_empty() && !g.professionals.is_empty());
    assert_eq!(g.value.exchanges.value, g.value.edges.iter().map(|e| e.exchanges).sum::<i64>());
    assert_eq!(g.value.exchanges.value, g.value.by_origin.iter().map(|o| o.exchanges).sum::<i64>());
    assert!(g.impact.sales >= g.impact.new_customers.value);
    assert_eq!(g.impact.new_customers.value, g.impact.by_source.iter().map(|s| s.customers).sum::<i64>());

    // Running it again replaces the community with the very same one.
    let twice = demo::run(&store, &rules, &small(), Tz::UTC, now).await.unwrap();
    assert_eq!(twice.events, out.events);
    assert_eq!(render_json(&twice.digest), render_json(&out.digest));
    assert_eq!(store.event_count(twice.community).await.unwrap(), out.events as i64);

    insta::assert_snapshot!("tiny_demo_text", render_text(&out.digest));
}

snowball::store_tests!(the_demo_digest_is_the_stored_digest);

/// Runs the real binary with its own database and no configuration file.
fn snowball(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_snowball"))
        .args(args)
        .current_dir(dir)
        .env("SNOWBALL_DATABASE__URL", format!("sqlite://{}/demo.db", dir.display()))
        .env_remove("RUST_LOG")
        .output()
        .expect("snowball runs");
    assert!(out.status.success(), "snowball {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn the_command_line_demo_agrees_with_the_digest_command() {
    let dir = tempfile::tempdir().unwrap();
    let printed = snowball(dir.path(), &["demo", "--members", "150", "--weeks", "2", "--seed", "5"]);
    // "Week 2026-W47: …" names the period the demo reported.
    let period = printed
        .lines()
        .find_map(|l| l.strip_prefix("Week ").and_then(|r| r.split(':').next()))
        .expect("the demo prints a week")
        .to_string();
    let text = snowball(dir.path(), &["digest", "--community", "demo:acme", "--period", &period]);
    assert!(printed.contains(&text), "the demo printed:\n{printed}\n\nthe digest command printed:\n{text}");
    let json: serde_json::Value = serde_json::from_str(&snowball(
        dir.path(),
        &["digest", "--community", "demo:acme", "--period", &period, "--format", "json"],
    ))
    .unwrap();
    assert_eq!(json["period"], period.as_str());
    let joins = json["growth"]["joins"]["value"].as_i64().unwrap();
    let messages = json["activity"]["messages"]["value"].as_i64().unwrap();
    let moves = json["moves"].as_array().unwrap().len();
    assert!(printed.contains(&format!("{joins} joined")), "{printed}");
    assert!(printed.contains(&format!("{messages} messages")), "{printed}");
    assert!(printed.contains(&format!("Who moved ({moves})")), "{printed}");
    assert!(printed.contains("Try next:"));
    let list = snowball(dir.path(), &["communities"]);
    assert!(list.contains("demo:acme"), "{list}");
}
