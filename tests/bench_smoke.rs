//! `snowball-bench all --json --size tiny` runs and reports every figure of the issue as a
//! finite number (the figures themselves are the benchmark's business, not a test's).

use serde_json::Value;

/// Every figure, as a JSON pointer below a backend (`/backends/<name>`) or the root.
const PER_BACKEND: &[&str] = &[
    "/ingest/events",
    "/ingest/snowball_events_per_s",
    "/ingest/raw_batched_events_per_s",
    "/ingest/autocommit_events_per_s",
    "/ingest/ratio_vs_raw_batched",
    "/ingest/ratio_vs_autocommit",
    "/ingest/log_only_events_per_s",
    "/ingest/ratio_log_only_vs_raw_batched",
    "/ingest/per_event_commit_events_per_s",
    "/ingest/ratio_vs_per_event_commit",
    "/digest/short_ms",
    "/digest/long_ms",
    "/digest/history_ratio",
    "/digest/ratio_long_vs_short",
    "/leaderboard/small/projection_p50_ms",
    "/leaderboard/large/projection_p50_ms",
    "/leaderboard/large/projection_p99_ms",
    "/leaderboard/large/aggregation_median_ms",
    "/leaderboard/large_vs_small_projection_p50",
    "/leaderboard/aggregation_vs_projection_at_large",
    "/digest_at_scale/members",
    "/digest_at_scale/short_ms",
    "/digest_at_scale/long_ms",
    "/digest_at_scale/ratio_long_vs_short",
    "/commands/members",
    "/commands/commands/me/p50_ms",
    "/commands/commands/me/p99_ms",
    "/commands/commands/leaderboard/p50_ms",
    "/commands/commands/leaderboard/p99_ms",
];
const GLOBAL: &[&str] = &[
    "/join_burst/joins",
    "/join_burst/fetches",
    "/join_burst/max_fetches_per_window",
    "/join_burst/max_resolution_delay_ms",
    "/join_burst/p99_resolution_delay_ms",
    "/join_burst/correct_pct",
    "/join_burst/exact_pct",
    "/memory/members_and_invites/peak_rss_mb",
    "/memory/members_and_invites/bytes_per_member",
    "/memory/members_and_invites/bytes_per_invite",
    "/memory/idle/bytes_per_community",
];

fn finite(report: &Value, pointer: &str) -> f64 {
    let v = report.pointer(pointer).unwrap_or_else(|| panic!("{pointer} is missing: {report:#}"));
    let n = v.as_f64().unwrap_or_else(|| panic!("{pointer} is not a number: {v}"));
    assert!(n.is_finite(), "{pointer} = {n}");
    n
}

#[test]
fn a_tiny_run_reports_every_figure() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_snowball-bench"))
        .args(["all", "--json", "--size", "tiny"])
        .output()
        .expect("run snowball-bench");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let backends = report["backends"].as_object().expect("backends");
    assert!(backends.contains_key("sqlite"), "{report:#}");
    if std::env::var("SNOWBALL_TEST_POSTGRES_URL").is_ok() {
        assert!(backends.contains_key("postgres"), "{report:#}");
    }
    for name in backends.keys() {
        for p in PER_BACKEND {
            let value = finite(&report, &format!("/backends/{name}{p}"));
            assert!(value >= 0.0, "{name}{p} = {value}");
        }
        assert_eq!(
            report.pointer(&format!("/backends/{name}/leaderboard/large/top10_agree")),
            Some(&Value::Bool(true))
        );
        assert_eq!(report.pointer(&format!("/backends/{name}/ingest/queue_full_retries")), Some(&Value::from(0)));
        // The digest at scale: its history was seeded in full, and the week's figures do not
        // depend on the history before it.
        let at_scale = |p: &str| finite(&report, &format!("/backends/{name}/digest_at_scale{p}"));
        assert_eq!(at_scale("/long/seeded/members"), at_scale("/members"));
        let rows = ["messages", "value_exchanges", "transitions"]
            .map(|k| at_scale(&format!("/long/seeded/{k}")))
            .iter()
            .sum::<f64>();
        assert_eq!(rows, at_scale("/long_history_rows"));
        assert!(at_scale("/week/joins") > 0.0 && at_scale("/week/messages") > 0.0, "{report:#}");
        assert_eq!(
            report.pointer(&format!("/backends/{name}/digest_at_scale/same_week_figures")),
            Some(&Value::Bool(true)),
            "{report:#}"
        );
    }
    for p in GLOBAL {
        finite(&report, p);
    }
    // Correctness, not speed: every join answered, none credited wrongly, and serenity's cache
    // configured as the bot configures it (no member, no guild: the guild book keeps the facts).
    assert_eq!(report.pointer("/join_burst/wrong"), Some(&Value::from(0)), "{report:#}");
    assert_eq!(report.pointer("/join_burst/unanswered"), Some(&Value::from(0)), "{report:#}");
    assert!(finite(&report, "/join_burst/joins") > 500.0, "a burst of joins: {report:#}");
    assert!(finite(&report, "/memory/members_and_invites/members") > 0.0);
    assert_eq!(finite(&report, "/memory/members_and_invites/members_in_cache"), 0.0, "no member kept");
    assert_eq!(finite(&report, "/memory/idle/guilds_in_serenity_cache"), 0.0, "serenity keeps no guild");
    assert_eq!(finite(&report, "/memory/idle/guilds_in_book"), finite(&report, "/memory/idle/communities"));
    // Idle communities hold no resolver task: their state is parked.
    assert_eq!(finite(&report, "/memory/idle/resolver_parked"), finite(&report, "/memory/idle/communities"));
    assert_eq!(finite(&report, "/memory/idle/resolver_tasks"), 0.0);
}
