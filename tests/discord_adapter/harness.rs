//! `snowball run` in-process against the fake Discord, with its own store per test.

use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use serde_json::Value;
use snowball::clock::Clock;
use snowball::config::Config;
use snowball::domain::CommunityKey;
use snowball::store::testing::TestStore;
use snowball::store::{Backend, CommunityId, Store};
use snowball::testkit::discord::{
    FakeDiscord, GuildSpec, InteractionHandle, MemberSpec, RecordedResponse, SlashCommand, UserSpec, guild_id_on_shard,
};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub const OWNER: u64 = 7_000_000_001;
pub const ALICE: u64 = 7_000_000_002;
pub const BOB: u64 = 7_000_000_003;
pub const CAROL: u64 = 7_000_000_004;
/// Joiners.
pub const U: [u64; 6] = [7_100_000_001, 7_100_000_002, 7_100_000_003, 7_100_000_004, 7_100_000_005, 7_100_000_006];

/// How long a condition on the store may take.
const WAIT: Duration = Duration::from_secs(30);

pub struct Bot {
    pub fake: FakeDiscord,
    pub store: Store,
    pub guild: u64,
    /// `general`, where members talk and run commands.
    pub channel: u64,
    /// `admins`, for the digest.
    pub admin_channel: u64,
    pub config: Config,
    clock: Arc<dyn Clock>,
    stop: CancellationToken,
    task: Option<JoinHandle<anyhow::Result<()>>>,
    _db: TestStore,
}

/// A guild with an owner and three members.
pub fn guild_spec() -> GuildSpec {
    let guild = guild_id_on_shard(0, 1, 7);
    GuildSpec::new(guild, "makers", OWNER)
        .member(MemberSpec::new(UserSpec::new(OWNER, "owner")))
        .member(MemberSpec::new(UserSpec::new(ALICE, "alice")))
        .member(MemberSpec::new(UserSpec::new(BOB, "bob")))
        .member(MemberSpec::new(UserSpec::new(CAROL, "carol")))
        .channel(snowball::testkit::discord::ChannelSpec::text(guild + 2, "admins"))
}

impl Bot {
    /// Starts the fake with `spec` (after `before` set up its world), then `snowball run`
    /// against it; returns once the guild's members are recorded (after its invites were
    /// snapshotted) and the commands are registered. `None` when the backend is PostgreSQL and
    /// no server is configured.
    pub async fn start(spec: GuildSpec, backend: Backend, before: impl FnOnce(&FakeDiscord)) -> Option<Bot> {
        Self::start_with(spec, backend, before, |_| {}).await
    }

    /// As [`start`](Self::start), with changes to the configuration.
    pub async fn start_with(
        spec: GuildSpec,
        backend: Backend,
        before: impl FnOnce(&FakeDiscord),
        configure: impl FnOnce(&mut Config),
    ) -> Option<Bot> {
        Self::start_clocked(spec, backend, before, configure, snowball::app::App::system_clock()).await
    }

    /// As [`start_with`](Self::start_with), with the app's clock.
    pub async fn start_clocked(
        spec: GuildSpec,
        backend: Backend,
        before: impl FnOnce(&FakeDiscord),
        configure: impl FnOnce(&mut Config),
        clock: Arc<dyn Clock>,
    ) -> Option<Bot> {
        let _ = tracing_subscriber::fmt()
            .with_env_filter("warn,snowball=info,snowball::testkit=warn")
            .with_test_writer()
            .try_init();
        let db = TestStore::new(backend).await?;
        let fake = FakeDiscord::start().await;
        let (guild, channel) = (spec.id, spec.id + 1);
        let members: Vec<u64> = spec.members.iter().map(|m| m.user.id).collect();
        fake.add_guild(spec);
        before(&fake);

        let mut config = Config::default();
        config.database.url = db.url.clone();
        config.database.batch_max_delay_ms = 5;
        config.discord.token = Some(SecretString::from(fake.token().to_string()));
        config.discord.api_url = fake.base_url().to_string();
        config.attribution.window_ms = 150;
        config.digest.check_interval_secs = 3600;
        configure(&mut config);

        let mut bot = Bot {
            fake,
            store: db.store.clone(),
            guild,
            channel,
            admin_channel: guild + 2,
            config,
            clock,
            stop: CancellationToken::new(),
            task: None,
            _db: db,
        };
        bot.launch();
        bot.fake.wait_until_ready(1).await;
        bot.fake.wait_for_command("setup").await;
        let community = bot.community().await;
        for user in members {
            bot.until("the guild's members", async |s: &Store| s.member(community, user as i64).await.ok().flatten())
                .await;
        }
        Some(bot)
    }

    fn launch(&mut self) {
        self.stop = CancellationToken::new();
        let run = snowball::runtime::run(self.config.clone(), self.clock.clone(), self.stop.clone());
        self.task = Some(tokio::spawn(run));
    }

    /// Stops `snowball run` (as SIGTERM would), lets `offline` happen while it is away, and
    /// starts it again on the same store; returns once it is connected again.
    pub async fn restart(&mut self, offline: impl FnOnce(&FakeDiscord)) {
        self.shutdown().await;
        offline(&self.fake);
        let identified = self.fake.identifies().len();
        self.launch();
        self.fake.wait_for("a new session", |f| (f.identifies().len() > identified).then_some(())).await;
        self.fake.wait_until_ready(1).await;
    }

    pub fn key(&self) -> CommunityKey {
        CommunityKey::discord(self.guild)
    }

    /// The guild's community id (waits until the bot created it).
    pub async fn community(&self) -> CommunityId {
        let key = self.key();
        self.until("the community in the store", async |s: &Store| s.find_community(&key).await.ok().flatten()).await
    }

    /// Waits until `check` answers `Some`, polling the store.
    pub async fn until<T>(&self, what: &str, mut check: impl AsyncFnMut(&Store) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Some(v) = check(&self.store).await {
                return v;
            }
            if tokio::time::Instant::now() > deadline {
                panic!("timed out after {WAIT:?} waiting for {what}; requests: {:?}", self.fake.request_counts());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// A member runs a slash command (`name` may hold a subcommand: `"digest now"`).
    pub fn command(&self, user: u64, name: &str, options: &[(&str, Value)]) -> InteractionHandle {
        let mut c = SlashCommand::new(self.guild, self.channel, user, name);
        for (k, v) in options {
            c = c.option(*k, v.clone());
        }
        self.fake.slash_command(c).expect("the command is registered")
    }

    /// Runs a command and waits for its visible answer.
    pub async fn run(&self, user: u64, name: &str, options: &[(&str, Value)]) -> RecordedResponse {
        let handle = self.command(user, name, options);
        self.fake.await_response(&handle).await
    }

    /// Stops `snowball run` as SIGTERM would, and waits for it to finish.
    pub async fn stop(mut self) {
        self.shutdown().await;
    }

    async fn shutdown(&mut self) {
        self.stop.cancel();
        if let Some(task) = self.task.take() {
            let result = tokio::time::timeout(Duration::from_secs(30), task).await;
            result.expect("snowball run stops").expect("the run task").expect("snowball run ends cleanly");
        }
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// Every embed's title and text of a response, as one string for `contains` checks (Discord
/// markdown escapes removed).
pub fn text_of(r: &RecordedResponse) -> String {
    let mut out = r.content();
    for e in r.embeds() {
        for key in ["title", "description"] {
            if let Some(s) = e.get(key).and_then(Value::as_str) {
                out.push('\n');
                out.push_str(s);
            }
        }
        for f in e.get("fields").and_then(Value::as_array).into_iter().flatten() {
            for key in ["name", "value"] {
                if let Some(s) = f.get(key).and_then(Value::as_str) {
                    out.push('\n');
                    out.push_str(s);
                }
            }
        }
    }
    out.replace('\\', "")
}
