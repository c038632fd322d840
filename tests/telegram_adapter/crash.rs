//! Scenario 5 (issue 7): the real binary is killed with SIGKILL in the middle of an update stream
//! and restarted; every update ends up in the store exactly once, and Telegram was never told an
//! update was handled before it was committed.

use std::process::Stdio;
use std::time::Duration;

use snowball::domain::CommunityKey;
use snowball::store::Store;
use snowball::testkit::telegram::{FakeTelegram, FakeUser};
use tokio::process::{Child, Command};

use crate::support::*;

/// `snowball run` with `database` settings (e.g. the writer's batching) from `db`.
fn spawn(fake: &FakeTelegram, db_url: &str, dir: &std::path::Path, db: &[(&str, &str)]) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_snowball"));
    for (key, value) in db {
        command.env(format!("SNOWBALL_DATABASE__{key}"), value);
    }
    command
        .arg("run")
        .current_dir(dir)
        .env_remove("DISCORD_TOKEN")
        .env("TELOXIDE_TOKEN", fake.token())
        .env("SNOWBALL_TELEGRAM__API_URL", fake.base_url())
        .env("SNOWBALL_TELEGRAM__POLL_TIMEOUT_SECS", "1")
        .env("SNOWBALL_DATABASE__URL", db_url)
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start the snowball binary")
}

/// The `source_id`s of the community's `message_posted` events.
async fn posted(store: &Store) -> Vec<String> {
    let Some(id) = store.find_community(&CommunityKey::telegram(CHAT)).await.unwrap() else { return Vec::new() };
    let mut out = Vec::new();
    store
        .for_each_event(id, |e| {
            if e.event.kind() == "message_posted" {
                out.push(e.source_id);
            }
            Ok(())
        })
        .await
        .unwrap();
    out
}

/// Every message update below the fake's confirmed offset is in the store: Telegram was never
/// told an update was handled before it was committed. Returns how many were confirmed.
async fn confirmed_are_committed(fake: &FakeTelegram, store: &Store, messages: &[i64]) -> usize {
    let confirmed = fake.confirmed_offset();
    let stored = posted(store).await;
    let mut checked = 0;
    for id in messages.iter().filter(|id| **id < confirmed) {
        let source = format!("upd:{id}");
        assert!(
            stored.contains(&source),
            "update {id} was confirmed to Telegram (offset {confirmed}) but is not in the store"
        );
        checked += 1;
    }
    checked
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_stream_then_restart_stores_every_update_exactly_once() {
    let fake = FakeTelegram::start().await;
    fake.add_chat(chat_spec());
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/snowball.db", dir.path().display());
    let people: Vec<FakeUser> = (0..6).map(|i| FakeUser::new(500 + i, format!("P{i}"))).collect();
    let mut messages = Vec::new();
    let push = |n: usize, messages: &mut Vec<i64>| {
        for i in 0..n {
            let who = &people[i % people.len()];
            messages.push(fake.message(CHAT, who, format!("message {i} from {}", who.first_name)).push().update_id());
        }
    };

    // Small writer batches with a long window: a batch of updates is mostly committed at once,
    // and its tail waits 300 ms, so the bot often holds updates that are committed but not yet
    // confirmed to Telegram.
    let mut child = spawn(&fake, &url, dir.path(), &[("BATCH_MAX_DELAY_MS", "300"), ("BATCH_MAX_EVENTS", "7")]);
    fake.wait_for_parked_poll(WAIT).await.expect("the bot polls");
    let store = Store::connect(&url, 2).await.unwrap();
    // A steady stream. Once part of it is confirmed, kill the bot the moment it holds updates it
    // has committed but not confirmed: after the restart they come again and must not count twice.
    let deadline = tokio::time::Instant::now() + WAIT;
    let killed_with = loop {
        if messages.len() < 1000 {
            push(5, &mut messages);
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
        assert!(tokio::time::Instant::now() < deadline, "the bot never got far enough to be killed mid-stream");
        let confirmed = fake.confirmed_offset();
        if messages.len() <= 20 || confirmed <= messages[20] {
            continue;
        }
        let stored = posted(&store).await;
        let in_hand: Vec<i64> =
            messages.iter().copied().filter(|id| *id >= confirmed && stored.contains(&format!("upd:{id}"))).collect();
        if !in_hand.is_empty() {
            child.kill().await.expect("SIGKILL");
            break in_hand;
        }
    };
    let before = confirmed_are_committed(&fake, &store, &messages).await;
    let committed = posted(&store).await.len();
    eprintln!("killed after {} pushed: {before} confirmed, {committed} committed", messages.len());
    assert!(before > 0 && before < messages.len(), "killed mid-stream ({before} of {} confirmed)", messages.len());

    // More arrive while the bot is down; then it restarts.
    push(150, &mut messages);
    let mut child = spawn(&fake, &url, dir.path(), &[]);
    let last = *messages.last().unwrap();
    fake.wait_for_confirmation(last, WAIT).await.expect("everything is confirmed after the restart");
    confirmed_are_committed(&fake, &store, &messages).await;

    let n = messages.len();
    let stored = posted(&store).await;
    assert_eq!(stored.len(), n, "every message update once");
    for id in &messages {
        assert!(stored.contains(&format!("upd:{id}")), "update {id} is missing");
    }
    assert_eq!(store.count_rows("messages").await.unwrap(), n as i64);
    let community = store.find_community(&CommunityKey::telegram(CHAT)).await.unwrap().unwrap();
    let mut counted = 0;
    for p in &people {
        counted += store.member(community, p.id).await.unwrap().map_or(0, |m| m.messages);
    }
    assert_eq!(counted, n as i64, "no message counted twice");
    for id in &killed_with {
        assert!(fake.delivery_count(*id) > 1, "update {id}, committed but unconfirmed at the crash, came again");
    }

    // A clean stop (SIGTERM) exits with success.
    let pid = child.id().expect("running").to_string();
    let status = std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(status.success());
    let exit = tokio::time::timeout(WAIT, child.wait()).await.expect("stops on SIGTERM").unwrap();
    assert!(exit.success(), "{exit:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_database_is_locked_updates_wait_unconfirmed_and_nothing_is_lost() {
    use sqlx::Connection;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let bot = Running::start_with(chat_spec(), |c| c.http.listen = listen.clone()).await;
    let fake = &bot.fake;
    let before = fake.message(CHAT, alice(), "before the lock").push();
    bot.committed(&before).await;

    // Another process holds the database: every write fails with SQLITE_BUSY after its timeout.
    let url = bot.db_url.clone();
    let mut lock = sqlx::sqlite::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("BEGIN EXCLUSIVE").execute(&mut lock).await.unwrap();
    let during = fake.message(CHAT, bob(), "during the lock").push();
    fake.wait_for_delivery(during.update_id(), WAIT).await.unwrap();
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let metrics = client.get(format!("http://{listen}/metrics")).send().await.unwrap().text().await.unwrap();
        let errors = metrics
            .lines()
            .find_map(|l| l.strip_prefix("snowball_database_errors_total "))
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(0);
        if errors > 0 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the writer never met the lock");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(!fake.is_confirmed(during.update_id()), "nothing is confirmed that is not committed");

    sqlx::query("ROLLBACK").execute(&mut lock).await.unwrap();
    lock.close().await.unwrap();
    bot.committed(&during).await;
    assert_eq!(bot.member(201).await.messages, 1);
    assert_eq!(bot.member(200).await.messages, 1);
    bot.stop().await;
}
