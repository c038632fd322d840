//! `snowball demo`: the digest it prints is the one `snowball digest` reports for the same
//! period, through the library on both backends and through the real binary.

use chrono::{Duration, TimeZone, Utc};
use chrono_tz::Tz;
use snowball::chart;
use snowball::demo::{self, DemoOptions};
use snowball::digest::{self, render_json, render_text};
use snowball::domain::Stage;
use snowball::engine::Rules;
use snowball::i18n::Lang;
use snowball::ingest::advance_community;
use snowball::store::Store;
use snowball::testkit::picture::decode_png;

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

/// The digest chart of the demo community, in English and in Hebrew: a PNG of the advertised
/// size with something on it, and the joins it shows for the reported week are the digest's.
async fn the_demo_chart_is_a_picture_in_both_languages(store: Store) {
    let rules = Rules::default();
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap();
    let out = demo::run(&store, &rules, &small(), Tz::UTC, now).await.unwrap();
    let history =
        digest::source_history(&store, out.community, out.period, digest::CHART_WEEKS, Tz::UTC).await.unwrap();
    assert_eq!(history.weeks.len(), digest::CHART_WEEKS);
    let reported = history.weeks.last().unwrap();
    assert_eq!(reported.period, out.period);
    let by_source: Vec<i64> = out.digest.growth.by_source.iter().map(|s| s.joins.value).collect();
    assert_eq!(reported.by_source.iter().map(|(_, n)| *n).collect::<Vec<_>>(), by_source);
    let earlier = &history.weeks[history.weeks.len() - 2];
    let previous: Vec<i64> = out.digest.growth.by_source.iter().map(|s| s.joins.previous).collect();
    assert_eq!(earlier.by_source.iter().map(|(_, n)| *n).collect::<Vec<_>>(), previous);

    let mut pictures = Vec::new();
    for lang in [Lang::En, Lang::He] {
        let png = digest::chart(&store, out.community, &out.digest, lang).await.unwrap();
        let picture = decode_png(&png).unwrap_or_else(|e| panic!("{lang:?}: not a PNG: {e}"));
        assert_eq!((picture.width, picture.height), (chart::WIDTH, chart::HEIGHT), "{lang:?}");
        // Background, panels, text, five stage and five source colours, anti-aliased edges.
        assert!(picture.colours >= 12, "{lang:?}: {picture:?}");
        pictures.push(png);
    }
    assert_ne!(pictures[0], pictures[1], "the Hebrew chart has its own labels and direction");
}

snowball::store_tests!(the_demo_digest_is_the_stored_digest, the_demo_chart_is_a_picture_in_both_languages);

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
    // `--chart` writes the picture next to the text.
    let png = dir.path().join("chart-he.png");
    let again = snowball(
        dir.path(),
        &["digest", "--community", "demo:acme", "--period", &period, "--chart", png.to_str().unwrap(), "--lang", "he"],
    );
    // `--lang` prints the digest as the chat shows it, in that language.
    assert!(again.starts_with("סיכום שבועי"), "{again}");
    assert!(again.contains(&format!("\u{2068}{joins}\u{2069} הצטרפו")), "{again}");
    let picture = decode_png(&std::fs::read(&png).unwrap()).unwrap();
    assert_eq!((picture.width, picture.height), (chart::WIDTH, chart::HEIGHT));
    let list = snowball(dir.path(), &["communities"]);
    assert!(list.contains("demo:acme"), "{list}");
}
