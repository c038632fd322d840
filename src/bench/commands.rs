//! `/me` and `/leaderboard` end to end at community scale: `snowball run` (in this process)
//! against the fake Discord on 127.0.0.1, its store seeded with a community of many members
//! and 10 value exchanges each (the leaderboard bench's seeding), and each member's join, two
//! stage changes and, for one in twenty, a sale. Each command is sent as an
//! interaction over the gateway and timed until its answer reaches the fake's REST API: what a
//! member waits for, minus Discord's own network.

use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use secrecy::SecretString;
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

use super::leaderboard::{FIRST, seed_community};
use super::{median_ms, quantile_ms};
use crate::config::Config;
use crate::domain::CommunityKey;
use crate::store::testing::TestStore;
use crate::testkit::discord::{
    ChannelSpec, FakeDiscord, GuildSpec, MemberSpec, SlashCommand, UserSpec, guild_id_on_shard,
};

/// Seeds `members` members into a fresh community, starts the bot on `db` against the fake
/// Discord and times `requests` of each command.
pub async fn run(db: &TestStore, members: i64, per_member: i64, requests: usize) -> anyhow::Result<Value> {
    let guild = guild_id_on_shard(0, 1, 11);
    let channel = guild + 1;
    eprintln!("  commands: seeding {members} members…");
    let community = seed_community(&db.store, &CommunityKey::discord(guild), members, per_member).await?;
    // Their joins, stage changes and sales, which /me reads (from 2024 on, one join a second).
    db.store.bench_seed_member_histories(community, FIRST, members, 1_704_067_200_000).await?;
    db.store.bench_settle().await?;
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    // Members who run the commands (they are also in the guild the fake serves): one per request,
    // so the per-member rate limit (8 commands in 20 s) never answers instead of the command.
    let mut viewers: Vec<u64> = Vec::with_capacity(requests + 2);
    let mut seen = std::collections::HashSet::new();
    while viewers.len() < (requests + 2).min(usize::try_from(members).unwrap_or(usize::MAX)) {
        let v = (FIRST + rng.random_range(0..members)) as u64;
        if seen.insert(v) {
            viewers.push(v);
        }
    }
    let owner = viewers[0];
    let mut spec = GuildSpec::new(guild, "bench", owner).channel(ChannelSpec::text(channel, "general"));
    for (i, v) in viewers.iter().enumerate() {
        spec = spec.member(MemberSpec::new(UserSpec::new(*v, format!("member{i}"))));
    }
    let fake = FakeDiscord::start().await;
    fake.add_guild(spec);

    let mut config = Config::default();
    config.database.url = db.url.clone();
    config.discord.token = Some(SecretString::from(fake.token().to_string()));
    config.discord.api_url = fake.base_url().to_string();
    config.digest.check_interval_secs = 3600;
    let stop = CancellationToken::new();
    let task = tokio::spawn(crate::runtime::run(config, crate::app::App::system_clock(), stop.clone()));
    fake.wait_until_ready(1).await;
    fake.wait_for_command("setup").await;
    // Let GUILD_CREATE's work (members, invite snapshot) finish before timing.
    tokio::time::sleep(Duration::from_secs(1)).await;

    let rate_limited = crate::i18n::t(crate::i18n::Lang::En, "error-rate-limited");
    let mut out = serde_json::Map::new();
    for (name, options) in
        [("me", vec![]), ("leaderboard", vec![("board", json!("helpers")), ("period", json!("all"))])]
    {
        let mut times = Vec::with_capacity(requests);
        let mut sample = String::new();
        for i in 0..requests + 2 {
            let user = viewers[i % viewers.len()];
            let mut command = SlashCommand::new(guild, channel, user, name);
            for (k, v) in &options {
                command = command.option(*k, v.clone());
            }
            let started = Instant::now();
            let handle = fake.slash_command(command).map_err(|e| anyhow::anyhow!("/{name}: {e:?}"))?;
            let reply = fake.await_response(&handle).await;
            anyhow::ensure!(
                !reply.callback.to_string().contains(&rate_limited),
                "/{name} was answered by the rate limit, not the command"
            );
            // The first two warm caches and connections.
            if i >= 2 {
                times.push(started.elapsed());
            }
            sample = reply.callback.to_string();
        }
        out.insert(
            name.to_string(),
            json!({
                "requests": requests,
                "p50_ms": median_ms(times.clone()),
                "p99_ms": quantile_ms(times.clone(), 0.99),
                "max_ms": times.iter().max().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
                // What the last one answered (to see it is the real reply, not an error).
                "sample_reply": sample.chars().take(300).collect::<String>(),
            }),
        );
    }
    stop.cancel();
    let _ = tokio::time::timeout(Duration::from_secs(30), task).await;
    Ok(json!({
        "members": members,
        "exchanges": members * per_member,
        "commands": Value::Object(out),
        "target_p99_ms": 50,
    }))
}
