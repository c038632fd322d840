//! `snowball-bench`: snowball at community scale, measured against baselines in the same run.
//!
//! ```sh
//! cargo run --release --bin snowball-bench -- all --json [--size tiny|small|medium|large] \
//!     [--postgres postgres://postgres@127.0.0.1:5432/test]
//! ```
//!
//! Prints one JSON object with every figure (ratios within one run are what count: shared
//! machines are noisy). Progress goes to stderr. See `docs/performance.md`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::Command;
use std::sync::atomic::Ordering;

use clap::{Parser, Subcommand};
use serde_json::{Value, json};
use snowball::bench::{self, Size};
use snowball::store::testing::{POSTGRES_ENV, TestStore};

/// The system allocator, counting live bytes for the memory figures.
struct Counting;

// SAFETY: every call is forwarded to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            bench::memory::LIVE_BYTES.fetch_add(layout.size() as i64, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) };
        bench::memory::LIVE_BYTES.fetch_sub(layout.size() as i64, Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract is passed on.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            bench::memory::LIVE_BYTES.fetch_add(new_size as i64 - layout.size() as i64, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[derive(Parser)]
#[command(name = "snowball-bench", about = "snowball at community scale, against baselines in the same run")]
struct Cli {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Every figure: ingest, leaderboard, digest (SQLite and, with a URL, PostgreSQL), join
    /// burst, memory.
    All {
        /// Print JSON (the only format; the flag is accepted for clarity in scripts).
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value = "small")]
        size: Size,
        /// A PostgreSQL server to benchmark too (a fresh database is created on it and dropped
        /// after); defaults to SNOWBALL_TEST_POSTGRES_URL.
        #[arg(long, env = POSTGRES_ENV)]
        postgres: Option<String>,
        /// Skip SQLite (run PostgreSQL only).
        #[arg(long)]
        no_sqlite: bool,
        /// Only the leaderboard figures (a quick before/after).
        #[arg(long)]
        leaderboard_only: bool,
    },
    /// The join burst only (the attribution engine on the simulator).
    Joins,
    /// Ingest only (for profiling): SQLite, or PostgreSQL with `--postgres`.
    Ingest {
        #[arg(long, value_enum, default_value = "small")]
        size: Size,
        /// Events per batch (`database.batch_max_events`; default: the configured default).
        #[arg(long)]
        batch: Option<usize>,
        /// Run on a fresh PostgreSQL database there instead of SQLite.
        #[arg(long)]
        postgres: Option<String>,
    },
    /// `/me` and `/leaderboard` end to end only, at a chosen member count.
    Commands {
        #[arg(long, default_value_t = 100_000)]
        members: i64,
        #[arg(long, default_value_t = 200)]
        requests: usize,
        /// Run on a fresh PostgreSQL database there instead of SQLite.
        #[arg(long)]
        postgres: Option<String>,
    },
    /// The weekly digest at scale only: two communities of `members` members with `history`
    /// and `history / 10` rows of bulk-seeded history, the same week ingested into both.
    Digest {
        #[arg(long, default_value_t = 1_000_000)]
        members: i64,
        #[arg(long, default_value_t = 10_000_000)]
        history: i64,
        /// Run on a fresh PostgreSQL database there instead of SQLite.
        #[arg(long)]
        postgres: Option<String>,
    },
    /// Memory only, in this process (what `all` runs in a child process).
    Memory {
        #[arg(long, default_value_t = 0)]
        members: usize,
        #[arg(long, default_value_t = 0)]
        invites: usize,
        #[arg(long, default_value_t = 0)]
        idle: usize,
    },
}

/// Runs `snowball-bench memory …` in a child process and reads its JSON.
fn memory_child(args: &[String]) -> anyhow::Result<Value> {
    let exe = std::env::current_exe()?;
    let out = Command::new(exe).arg("memory").args(args).output()?;
    anyhow::ensure!(out.status.success(), "memory child failed: {}", String::from_utf8_lossy(&out.stderr));
    Ok(serde_json::from_slice(&out.stdout)?)
}

/// A fresh database: on the PostgreSQL server at `postgres`, else an SQLite file.
async fn fresh_store(postgres: Option<&str>) -> TestStore {
    match postgres {
        Some(url) => TestStore::postgres_at(url).await,
        None => TestStore::sqlite().await,
    }
}

/// The figures measured on their own fresh database of the same backend (their bulk seeding
/// would weigh on the others): `/me` and `/leaderboard` end to end at the plan's large member
/// count, and the digest at scale.
async fn on_fresh_stores(figures: &mut Value, plan: &bench::Plan, postgres: Option<&str>) -> anyhow::Result<()> {
    let db = fresh_store(postgres).await;
    let commands =
        bench::commands::run(&db, plan.board_members.1, plan.exchanges_per_member, plan.board_requests * 5).await?;
    drop(db);
    let db = fresh_store(postgres).await;
    let (members, history) = plan.digest_scale;
    let digest = bench::digest_scale::run(&db.store, members, history).await?;
    if let Value::Object(m) = figures {
        m.insert("commands".into(), commands);
        m.insert("digest_at_scale".into(), digest);
    }
    Ok(())
}

async fn all(size: Size, postgres: Option<String>, no_sqlite: bool, only: bool) -> anyhow::Result<Value> {
    let plan = size.plan();
    let started = std::time::Instant::now();
    let mut backends = serde_json::Map::new();
    if !no_sqlite {
        eprintln!("SQLite (file, WAL)…");
        let db = TestStore::sqlite().await;
        let mut figures = bench::run_backend(&db.store, &plan, only).await?;
        if !only {
            on_fresh_stores(&mut figures, &plan, None).await?;
        }
        backends.insert("sqlite".into(), figures);
    }
    match postgres {
        Some(url) => {
            eprintln!("PostgreSQL…");
            let db = TestStore::postgres_at(&url).await;
            let mut figures = bench::run_backend(&db.store, &plan, only).await?;
            if !only {
                on_fresh_stores(&mut figures, &plan, Some(&url)).await?;
            }
            backends.insert("postgres".into(), figures);
        }
        None => eprintln!("no PostgreSQL URL (--postgres or {POSTGRES_ENV}): PostgreSQL skipped"),
    }
    eprintln!("join burst…");
    let joins = bench::joins::run();
    eprintln!(
        "memory ({} members, {} invites; {} idle communities)…",
        plan.memory_members, plan.memory_invites, plan.idle_communities
    );
    let members = memory_child(&[
        "--members".into(),
        plan.memory_members.to_string(),
        "--invites".into(),
        plan.memory_invites.to_string(),
    ])?;
    let idle = memory_child(&["--idle".into(), plan.idle_communities.to_string()])?;
    let cpus = std::thread::available_parallelism().map(std::num::NonZero::get).unwrap_or(1);
    Ok(json!({
        "size": format!("{size:?}").to_lowercase(),
        "cpus": cpus,
        "release_build": !cfg!(debug_assertions),
        "backends": backends,
        "join_burst": joins,
        "memory": { "members_and_invites": members["members_and_invites"], "idle": idle["idle"] },
        "elapsed_s": started.elapsed().as_secs_f64(),
    }))
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // The bot's warnings and errors (the command phase runs `snowball run`) go to stderr.
    snowball::telemetry::init(snowball::config::LogFormat::Human, "warn");
    match cli.what {
        What::Memory { members, invites, idle } => {
            let mut out = serde_json::Map::new();
            if members > 0 || invites > 0 {
                out.insert("members_and_invites".into(), bench::memory::members_and_invites(members, invites)?);
            }
            if idle > 0 {
                out.insert("idle".into(), bench::memory::idle_communities(idle)?);
            }
            println!("{}", Value::Object(out));
        }
        What::Joins => println!("{}", serde_json::to_string_pretty(&bench::joins::run())?),
        What::Ingest { size, batch, postgres } => {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            let report = runtime.block_on(async {
                let db = fresh_store(postgres.as_deref()).await;
                let mut plan = size.plan();
                if let Some(batch) = batch {
                    plan.batch_events = batch;
                }
                bench::ingest::run(&db.store, &plan).await
            })?;
            println!("{}", serde_json::to_string_pretty(&report.json)?);
        }
        What::Commands { members, requests, postgres } => {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            let report = runtime.block_on(async {
                let db = fresh_store(postgres.as_deref()).await;
                bench::commands::run(&db, members, 10, requests).await
            })?;
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        What::Digest { members, history, postgres } => {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            let report = runtime.block_on(async {
                let db = fresh_store(postgres.as_deref()).await;
                bench::digest_scale::run(&db.store, members, history).await
            })?;
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        What::All { json: _, size, postgres, no_sqlite, leaderboard_only } => {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            let report = runtime.block_on(all(size, postgres, no_sqlite, leaderboard_only))?;
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
    }
    Ok(())
}
