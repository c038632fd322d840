//! Scale-out (issue 8): two real `snowball run` processes share one PostgreSQL database, each
//! running one Discord shard of two against the same fake Discord. Every guild's events are
//! ingested once, each guild is handled by the process that owns its shard, and each guild's
//! due weekly digest is posted exactly once.

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::Duration;

use serde_json::json;
use snowball::domain::CommunityKey;
use snowball::settings::CommunitySettings;
use snowball::store::testing::TestStore;
use snowball::store::{Backend, CommunityId, Store};
use snowball::testkit::discord::{
    ChannelSpec, FakeDiscord, GuildSpec, MemberSpec, PostMessage, SlashCommand, UserSpec, guild_id_on_shard,
};
use sqlx::{Connection, Row};
use tokio::process::{Child, Command};

const SHARDS: u32 = 2;
const OWNER: u64 = 8_000_000_001;
const MEMBERS: [u64; 3] = [8_000_000_002, 8_000_000_003, 8_000_000_004];
const WAIT: Duration = Duration::from_secs(60);

/// One guild of the test and what the test does in it.
struct Guild {
    id: u64,
    shard: u32,
    /// How many members join (different per guild, so each process's own counters show which
    /// guilds it handled).
    joins: usize,
    /// How many messages members post.
    messages: usize,
}

impl Guild {
    fn general(&self) -> u64 {
        self.id + 1
    }
    fn admins(&self) -> u64 {
        self.id + 2
    }
    fn key(&self) -> CommunityKey {
        CommunityKey::discord(self.id)
    }
    fn spec(&self) -> GuildSpec {
        let mut spec = GuildSpec::new(self.id, format!("guild-{}", self.id), OWNER)
            .member(MemberSpec::new(UserSpec::new(OWNER, "owner")))
            .channel(ChannelSpec::text(self.admins(), "admins"));
        for m in MEMBERS {
            spec = spec.member(MemberSpec::new(UserSpec::new(m, format!("m{m}"))));
        }
        spec
    }
    fn joiner(&self, i: usize) -> u64 {
        // Distinct users per guild.
        9_000_000_000 + (self.id >> 22) % 1_000 * 100 + i as u64
    }
}

/// Two guilds on each shard, with 1, 2, 3 and 4 joins.
fn guilds() -> Vec<Guild> {
    let mut out = Vec::new();
    for shard in 0..SHARDS {
        for n in 0..2 {
            let i = out.len();
            out.push(Guild { id: guild_id_on_shard(shard, SHARDS, 10 + n), shard, joins: i + 1, messages: 2 * i + 3 });
        }
    }
    out
}

/// `snowball run` for shard `shard` of [`SHARDS`], configured by environment only.
fn spawn(fake: &FakeDiscord, db_url: &str, dir: &std::path::Path, shard: u32, listen: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_snowball"))
        .arg("run")
        .current_dir(dir)
        .env_remove("DISCORD_TOKEN")
        .env_remove("TELOXIDE_TOKEN")
        .env("HOSTNAME", format!("shard{shard}"))
        .env("SNOWBALL_DATABASE__URL", db_url)
        .env("SNOWBALL_DATABASE__BATCH_MAX_DELAY_MS", "5")
        .env("SNOWBALL_DISCORD__TOKEN", fake.token())
        .env("SNOWBALL_DISCORD__API_URL", fake.base_url())
        .env("SNOWBALL_DISCORD__SHARDS", format!("[{shard}, {shard}]"))
        .env("SNOWBALL_DISCORD__SHARD_TOTAL", SHARDS.to_string())
        .env("SNOWBALL_DIGEST__CHECK_INTERVAL_SECS", "1")
        .env("SNOWBALL_HTTP__LISTEN", listen)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start the snowball binary")
}

fn free_address() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    format!("127.0.0.1:{port}")
}

/// Polls `check` until it answers `Some`.
async fn until<T>(what: &str, mut check: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(tokio::time::Instant::now() < deadline, "timed out after {WAIT:?} waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The community's events by kind.
async fn events_by_kind(store: &Store, community: CommunityId) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    store
        .for_each_event(community, |e| {
            *out.entry(e.event.kind().to_string()).or_insert(0) += 1;
            Ok(())
        })
        .await
        .unwrap();
    out
}

/// A counter of a process's `/metrics` (0 when absent).
async fn metric(client: &reqwest::Client, listen: &str, series: &str) -> u64 {
    let text = client.get(format!("http://{listen}/metrics")).send().await.unwrap().text().await.unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|v| v.strip_prefix(' ')))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_split_the_shards_count_once_and_post_one_digest_per_guild() {
    let Some(db) = TestStore::new(Backend::Postgres).await else {
        eprintln!("NOTE: the scale-out test needs PostgreSQL (SNOWBALL_TEST_POSTGRES_URL); it did NOT run");
        return;
    };
    let fake = FakeDiscord::start().await;
    let guilds = guilds();
    for g in &guilds {
        fake.add_guild(g.spec());
        fake.create_invite(g.id, &format!("inv{}", g.id), Some(MEMBERS[0]), 0);
    }
    // Each guild's digest channel is set before either process starts, so both processes know
    // it: only shard ownership keeps a process from posting another shard's digest.
    for g in &guilds {
        let community = db.store.community_id(&g.key()).await.unwrap();
        let settings = CommunitySettings { digest_channel: Some(g.admins().to_string()), ..Default::default() };
        db.store.set_community_settings_json(community, &settings.to_json()).await.unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let listen: Vec<String> = (0..SHARDS).map(|_| free_address()).collect();
    let mut children: Vec<Child> =
        (0..SHARDS).map(|s| spawn(&fake, &db.url, dir.path(), s, &listen[s as usize])).collect();
    let pids: Vec<u32> = children.iter().map(|c| c.id().unwrap()).collect();
    fake.wait_until_ready(2).await;
    let mut identified: Vec<(u32, u32)> = fake.identifies().iter().map(|i| (i.shard_id, i.shard_total)).collect();
    identified.sort_unstable();
    assert_eq!(identified, vec![(0, 2), (1, 2)], "one session per shard, one shard per process");
    for session in fake.shards() {
        let mut expected: Vec<u64> = guilds.iter().filter(|g| g.shard == session.shard_id).map(|g| g.id).collect();
        let mut got = session.guilds.clone();
        expected.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, expected, "shard {} is sent only its own guilds", session.shard_id);
    }

    // Every guild set up (members recorded after the invite snapshot) by its process.
    let store = &db.store;
    let mut communities = Vec::new();
    for g in &guilds {
        let key = g.key();
        let community = until("the community", async || store.find_community(&key).await.ok().flatten()).await;
        for m in MEMBERS {
            until("the members", async || store.member(community, m as i64).await.ok().flatten()).await;
        }
        communities.push(community);
    }

    // Two weeks ago (so the latest weekly digest is due as soon as a channel is set): joins
    // through the guild's invite, and messages with replies.
    fake.set_now(Some(chrono::Utc::now() - chrono::Duration::days(14)));
    for g in &guilds {
        let invite = format!("inv{}", g.id);
        for i in 0..g.joins {
            fake.member_join(g.id, UserSpec::new(g.joiner(i), format!("j{i}")), Some(&invite));
        }
        let mut last = None;
        for i in 0..g.messages {
            let author = UserSpec::new(MEMBERS[i % MEMBERS.len()], "m");
            let mut post = PostMessage::new(g.general(), author, format!("message {i} in {}", g.id));
            if let Some(previous) = last {
                post = post.reply_to(previous);
            }
            last = Some(fake.post_message(post).id);
        }
    }
    fake.set_now(None);

    for (g, community) in guilds.iter().zip(&communities) {
        let counts = until("every event in the store", async || {
            let counts = events_by_kind(store, *community).await;
            let joined = counts.get("member_joined").copied().unwrap_or(0);
            let posted = counts.get("message_posted").copied().unwrap_or(0);
            (joined >= g.joins && posted >= g.messages).then_some(counts)
        })
        .await;
        assert_eq!(counts["member_joined"], g.joins, "guild {}: each join once: {counts:?}", g.id);
        assert_eq!(counts["message_posted"], g.messages, "guild {}: each message once: {counts:?}", g.id);
        let mut counted = 0;
        for m in MEMBERS {
            counted += store.member(*community, m as i64).await.unwrap().map_or(0, |r| r.messages);
        }
        assert_eq!(counted, g.messages as i64, "guild {}: no message counted twice", g.id);
        for i in 0..g.joins {
            let joins = store.joins_of(*community, g.joiner(i) as i64).await.unwrap();
            assert_eq!(joins.len(), 1, "guild {}: joiner {i} recorded once: {joins:?}", g.id);
        }
    }

    // Each process saw exactly the joins and messages of its own shard's guilds.
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    for shard in 0..SHARDS {
        let own = guilds.iter().filter(|g| g.shard == shard);
        let (joins, messages) = own.fold((0, 0), |(j, m), g| (j + g.joins as u64, m + g.messages as u64));
        let at = &listen[shard as usize];
        let seen_joins = metric(&client, at, "snowball_events_ingested_total{kind=\"member_joined\"}").await;
        let seen_messages = metric(&client, at, "snowball_events_ingested_total{kind=\"message_posted\"}").await;
        assert_eq!((seen_joins, seen_messages), (joins, messages), "process of shard {shard}");
    }

    // Each guild's owner sets the digest channel again (the command goes to the owning process;
    // the digest of the period is not posted again).
    for g in &guilds {
        let command = SlashCommand::new(g.id, g.general(), OWNER, "settings")
            .option("key", json!("digest_channel"))
            .option("value", json!(g.admins().to_string()));
        let handle = fake.slash_command(command).expect("the command is registered");
        let response = fake.await_response(&handle).await;
        // Discord markdown escapes removed.
        let text = format!("{} {:?}", response.content(), response.embeds()).replace('\\', "");
        assert!(text.contains("Saved: digest_channel"), "{text}");
    }
    for g in &guilds {
        let posted = fake.wait_for_bot_messages(g.admins(), 1).await;
        assert!(posted[0].embed_titles().iter().any(|t| t.contains("guild-")), "{:?}", posted[0].embed_titles());
    }
    // Both schedulers check every second: after several more checks, still one each.
    let expected_posts = guilds.len() as u64;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let mut digests_posted = 0;
    for at in &listen {
        digests_posted += metric(&client, at, "snowball_digests_posted_total").await;
    }
    assert_eq!(digests_posted, expected_posts, "one digest per guild across both processes");

    let mut pg = sqlx::PgConnection::connect(&db.url).await.unwrap();
    for (g, community) in guilds.iter().zip(&communities) {
        assert_eq!(fake.bot_messages_in(g.admins()).len(), 1, "guild {}: one digest message", g.id);
        let posted = store.posted_digests(*community).await.unwrap();
        assert_eq!(posted.len(), 1, "guild {}: one posted period: {posted:?}", g.id);
        let rows = sqlx::query("SELECT claimed_by FROM digests WHERE community_id = $1")
            .bind(*community)
            .fetch_all(&mut pg)
            .await
            .unwrap();
        let holders: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        let owner = format!("shard{}:{}", g.shard, pids[g.shard as usize]);
        assert_eq!(holders, vec![owner], "guild {}: claimed and posted by the process of its shard", g.id);
    }
    pg.close().await.ok();

    for child in &mut children {
        let pid = child.id().unwrap().to_string();
        assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    }
    for child in &mut children {
        let exit = tokio::time::timeout(WAIT, child.wait()).await.expect("stops on SIGTERM").unwrap();
        assert!(exit.success(), "{exit:?}");
    }
}
