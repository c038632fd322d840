//! Every statement snowball sends to SQLite is answered from an index, not by walking a table
//! that grows with the community — unless it is listed below as by design, with its reason.
//!
//! SQLite plans without statistics (nobody runs `ANALYZE` on a bot's database), so a query that
//! is fast today can turn into a walk after a schema change: the sixth session found `/me` at
//! 175 ms on 1M members that way, and this test found the seventh's. It records the SQL sqlx
//! actually runs (its `sqlx::query` log events) while the demo community is ingested and
//! digested, every command form runs against it, a recompute replays it and the adapters',
//! scheduler's and housekeeping's store calls run; then it asks SQLite for each plan.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use chrono::{Duration, TimeZone, Utc};
use chrono_tz::Tz;
use snowball::app::App;
use snowball::clock::ManualClock;
use snowball::commands::{self, CATALOGUE, Invocation, TextInput, Tone, parse_text};
use snowball::config::Config;
use snowball::demo::{self, DemoOptions};
use snowball::domain::{CommunityKey, Platform};
use snowball::engine::Rules;
use snowball::engine::attribution::discord::{InviteInfo, InviteList};
use snowball::ingest::advance_time;
use snowball::store::testing::TestStore;
use snowball::testkit::ops::RecordingOps;
use sqlx::{AssertSqlSafe, Connection, Row, SqliteConnection};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};

/// Tables that grow with the members or the history: a statement may not walk one of them.
const GROWING: &[&str] = &[
    "events",
    "members",
    "messages",
    "joins",
    "value_exchanges",
    "transitions",
    "referrals",
    "referral_bonuses",
    "customers",
    "leaderboard_scores",
    "leaderboard_counts",
    "personal_invites",
    "invites",
];

/// Statements that read a community's rows whole by design, and why that is acceptable: each
/// is named here so a new one is a decision, not an accident.
const BY_DESIGN: &[(&str, &str)] = &[
    // The digest and /funnel: counts per stage, the professionals and the members at risk are
    // O(members) once per digest or /funnel (docs/performance.md); last activity changes with
    // every message, so an index on it would cost every message a write.
    ("SELECT COUNT(*), COUNT(*) FILTER (WHERE m.platform_role = 'member'", "the census of a period"),
    ("AND (m.professional = 1 OR m.platform_role = 'professional')", "the digest's professionals"),
    ("COALESCE(m.last_active_at, m.joined_at, m.first_seen_at) AS seen FROM members m", "the members at risk"),
    // /export of the whole community (a manager's deferred command) reads it whole.
    ("FROM members WHERE community_id = $1 ORDER BY user_id", "/export members"),
    ("FROM joins WHERE community_id = $1 ORDER BY at, id", "/export joins"),
    ("FROM value_exchanges WHERE community_id = $1 ORDER BY at, id", "/export value"),
    ("FROM customers WHERE community_id = $1 ORDER BY at, id", "/export customers"),
    // The Discord adapter loads a guild's invites and personal invites at start (the resolver's
    // baseline and code book) and writes the fetched list back: once per guild start.
    ("FROM invites WHERE community_id = $1 AND deleted_at IS NULL ORDER BY code", "the stored invite baseline"),
    ("UPDATE invites SET deleted_at = $1, updated_at = $1 WHERE community_id = $2 AND deleted_at IS NULL", "saving it"),
    ("SELECT user_id, invite FROM personal_invites WHERE community_id = $1 ORDER BY user_id", "the code book"),
    // MIN over the community's time index reads its first entry, not the range the plan names.
    ("(SELECT MIN(e.at) FROM events e WHERE e.community_id = c.id)", "a community's first event"),
    // The scheduler's due referrals: a partial index of pending ones (the last validation
    // period's joins), not of all referrals.
    ("FROM referrals WHERE status = 'pending' AND due_at <= $1", "referrals due in any community"),
    // /forget rewrites every mention of a person: the log (ids inside JSON payloads), the
    // candidate lists and the columns no index leads with. Rare, deferred, one transaction.
    ("FROM events WHERE community_id = $1 AND (payload LIKE $2 OR source_id LIKE $2)", "/forget's log rewrite"),
    ("FROM joins WHERE community_id = $1 AND candidates LIKE $2", "/forget's candidate lists"),
    ("DELETE FROM messages WHERE community_id = $1 AND author_id = $2", "/forget's messages"),
];

/// `/forget`'s rewrite of one id column (`store/privacy.rs`): `UPDATE t SET c = $1 WHERE
/// community_id = $2 AND c = $3`, for columns that no index leads with.
fn forget_rewrite(sql: &str) -> bool {
    sql.starts_with("UPDATE ") && sql.contains(" = $1 WHERE community_id = $2 AND ") && sql.ends_with(" = $3")
}

/// A recompute deletes every projection row of the community and counts what it rebuilt
/// (`store/recompute.rs`): `DELETE FROM t` / `SELECT COUNT(*) FROM t` of the community alone.
fn recompute_whole(sql: &str) -> bool {
    (sql.starts_with("DELETE FROM ") || sql.starts_with("SELECT COUNT(*) FROM "))
        && sql.ends_with(" WHERE community_id = $1")
        && sql.split_whitespace().count() == if sql.starts_with("DELETE") { 7 } else { 8 }
}

fn by_design(sql: &str) -> bool {
    forget_rewrite(sql) || recompute_whole(sql) || BY_DESIGN.iter().any(|(needle, _)| sql.contains(needle))
}

/// The statements sqlx ran while capturing is on (`None`: off).
static CAPTURED: Mutex<Option<BTreeSet<String>>> = Mutex::new(None);

struct Capture;

#[derive(Default)]
struct Fields {
    summary: String,
    statement: String,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_string(),
            "db.statement" => self.statement = value.to_string(),
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if matches!(field.name(), "summary" | "db.statement") {
            let text = format!("{value:?}");
            self.record_str(field, text.trim_matches('"'));
        }
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Capture {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        // sqlx logs short statements whole as the summary, longer ones under `db.statement`.
        let sql = if fields.statement.trim().is_empty() { fields.summary } else { fields.statement };
        if let Some(set) = CAPTURED.lock().unwrap().as_mut() {
            set.insert(sql.trim().to_string());
        }
    }
}

fn capturing(on: bool) -> BTreeSet<String> {
    let mut guard = CAPTURED.lock().unwrap();
    let taken = guard.take().unwrap_or_default();
    if on {
        *guard = Some(BTreeSet::new());
    }
    taken
}

/// How many parameters a statement binds: `$n` (numbered) or `?` (positional) outside quotes.
fn parameters(sql: &str) -> usize {
    let mut numbered = 0;
    let mut positional = 0;
    let mut quoted = false;
    let bytes = sql.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\'' => quoted = !quoted,
            b'?' if !quoted => positional += 1,
            b'$' if !quoted => {
                let digits: String = sql[i + 1..].chars().take_while(char::is_ascii_digit).collect();
                if let Ok(n) = digits.parse::<usize>() {
                    numbered = numbered.max(n);
                }
            }
            _ => {}
        }
    }
    numbered.max(positional)
}

/// A statement with a plan (not a PRAGMA or a transaction's BEGIN/COMMIT).
fn is_query(sql: &str) -> bool {
    let first = sql.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
    matches!(first.as_str(), "SELECT" | "WITH" | "INSERT" | "UPDATE" | "DELETE" | "REPLACE")
}

/// The tables a statement names, by the name its plan shows them under (an alias or the table).
fn tables(sql: &str) -> Vec<(String, &'static str)> {
    let words: Vec<&str> =
        sql.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if !matches!(w.to_ascii_uppercase().as_str(), "FROM" | "JOIN" | "UPDATE" | "INTO") {
            continue;
        }
        let Some(&table) = words.get(i + 1).and_then(|t| GROWING.iter().find(|g| **g == *t)) else { continue };
        let mut next = i + 2;
        if words.get(next).is_some_and(|w| w.eq_ignore_ascii_case("AS")) {
            next += 1;
        }
        let alias = words.get(next).filter(|a| !is_keyword(a)).map_or(table.to_string(), |a| a.to_string());
        out.push((alias, table));
    }
    out
}

fn is_keyword(word: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "WHERE",
        "ON",
        "LEFT",
        "JOIN",
        "INNER",
        "CROSS",
        "SET",
        "GROUP",
        "ORDER",
        "LIMIT",
        "USING",
        "VALUES",
        "SELECT",
        "UNION",
        "EXCEPT",
        "INTERSECT",
        "HAVING",
        "WINDOW",
        "DEFAULT",
        "RETURNING",
    ];
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word))
}

/// A plan line that reads a growing table whole (`SCAN`), or a community's part of it whole
/// (`SEARCH` constrained by the community alone).
fn walks(detail: &str, tables: &[(String, &'static str)]) -> bool {
    let mut words = detail.split_whitespace();
    let (Some(op), Some(name)) = (words.next(), words.next()) else { return false };
    if !tables.iter().any(|(alias, _)| alias == name) {
        return false;
    }
    match op {
        "SCAN" => true,
        "SEARCH" => detail.ends_with("(community_id=?)"),
        _ => false,
    }
}

/// The plan's lines that walk a growing table.
async fn scans(conn: &mut SqliteConnection, sql: &str) -> Result<Vec<String>, sqlx::Error> {
    let mut query = sqlx::query(AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")));
    for _ in 0..parameters(sql) {
        query = query.bind(None::<i64>);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    if let Some(r) = rows.iter().find(|r| r.len() != 4) {
        panic!("not a query plan ({} columns): {sql}", r.len());
    }
    Ok(rows.iter().map(|r| r.get::<String, _>(3)).filter(|detail| walks(detail, &tables(sql))).collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_statement_of_the_engine_or_the_commands_walks_a_growing_table() {
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(Capture)).unwrap();
    let db = TestStore::sqlite().await;
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap();
    let rules = Rules::default();
    capturing(true);

    // The engine: ingest, the scheduler's settling, the digest.
    let opts = DemoOptions { members: 300, weeks: 4, seed: 5, name: "plans".into() };
    demo::run(&db.store, &rules, &opts, Tz::UTC, now).await.unwrap();

    // Every command of the catalogue, by a manager of the demo community, about a member of it.
    let clock = Arc::new(ManualClock::new(now));
    let (app, _writer) = App::start(Config::default(), db.store.clone(), clock);
    let ops = RecordingOps::default();
    let examples = CATALOGUE.iter().map(|spec| spec.example.replace("@dana", "@#7"));
    // The catalogue's examples, and the other forms that read differently; /forget and /setup last.
    let others = [
        "/me export",
        "/leaderboard referrals all",
        "/leaderboard helpers week",
        "/funnel quarter",
        "/funnel 2026-W47",
        "/campaign list",
        "/professional remove @#7",
        "/customer @#8",
        "/digest now",
        "/settings",
        "/export members",
        "/export value",
        "/export customers",
    ];
    let (last, first): (Vec<String>, Vec<String>) =
        examples.partition(|t| t.starts_with("/forget") || t.starts_with("/setup"));
    let texts = first.into_iter().chain(others.iter().map(|t| t.to_string())).chain(last);
    for (n, text) in texts.enumerate() {
        let cmd = parse_text(&TextInput { text: &text, bot_username: None, reply_to: None })
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .unwrap();
        // Each from another member of the demo community (the rate limit is per member).
        let inv = Invocation {
            community: CommunityKey::demo("plans"),
            caller: 10 + n as i64,
            caller_name: None,
            is_manager: true,
            locale: Some("en".into()),
            source_id: format!("cmd:{n}"),
        };
        let reply = commands::run(&app, &ops, &inv, cmd).await;
        assert!(matches!(reply.tone, Tone::Info | Tone::Success), "{text}: {}", reply.plain());
    }
    app.ingest.flush().await.unwrap();

    // What the adapters, the scheduler and the housekeeping ask of the store.
    let community = db.store.community_id(&CommunityKey::demo("plans")).await.unwrap();
    let invite = |code: &str, inviter: i64| InviteInfo {
        code: code.into(),
        inviter: Some(inviter),
        uses: 3,
        max_uses: 0,
        expires_at: None,
        temporary: false,
    };
    let list = InviteList { invites: vec![invite("abc", 7), invite("def", 8)], vanity: None };
    db.store.save_invite_snapshot(community, &list, now).await.unwrap();
    assert!(db.store.invite_snapshot(community).await.unwrap().is_some());
    db.store.personal_invites(community).await.unwrap();
    db.store.campaigns(community).await.unwrap();
    db.store.personal_invite_owner(community, "abc").await.unwrap();
    db.store.campaign_by_invite(community, "abc").await.unwrap();
    db.store.communities_on(Platform::Demo).await.unwrap();
    advance_time(&db.store, &rules, now + Duration::days(1)).await.unwrap();
    // A manager's recompute replays the log page by page (before retention prunes it).
    let report = db.store.recompute(community, &rules, now).await.unwrap();
    assert!(report.events > 1_000, "{report:?}");
    assert!(db.store.prune_events(now - Duration::days(14)).await.unwrap() > 0);
    let statements = capturing(false);
    assert!(statements.len() > 40, "only {} statements captured: is sqlx's log on?", statements.len());

    for (needle, why) in BY_DESIGN {
        assert!(statements.iter().any(|s| s.contains(needle)), "{why}: no statement contains {needle:?} any more");
    }
    let mut conn = SqliteConnection::connect(&db.url).await.unwrap();
    let mut walks = Vec::new();
    for sql in statements.iter().filter(|s| is_query(s) && !by_design(s)) {
        match scans(&mut conn, sql).await {
            Ok(lines) if lines.is_empty() => {}
            Ok(lines) => walks.push(format!("{}\n  -> {}", sql, lines.join("\n  -> "))),
            Err(e) => panic!("cannot plan a captured statement ({e}):\n{sql}"),
        }
    }
    assert!(
        walks.is_empty(),
        "{} of {} statements walk a growing table:\n\n{}",
        walks.len(),
        statements.len(),
        walks.join("\n\n")
    );
}
