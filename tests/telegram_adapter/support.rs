//! The real `snowball run` (in-process) against the fake Telegram Bot API, on a fresh SQLite
//! store per test.

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use secrecy::SecretString;
use snowball::clock::ManualClock;
use snowball::config::Config;
use snowball::domain::{CommunityKey, UserId};
use snowball::store::{CommunityId, JoinRow, MemberRow, Store};
use snowball::testkit::telegram::{AdminSpec, ChatSpec, FakeTelegram, FakeUser, Pushed, SentMessage};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// A generous bound for waits that normally end in milliseconds (never a timing assertion).
pub const WAIT: Duration = Duration::from_secs(20);

pub const CHAT: i64 = -1_001_000_000_001;

pub fn owner() -> FakeUser {
    FakeUser::new(100, "Olga").with_username("olga_owner")
}
pub fn anon_admin() -> FakeUser {
    FakeUser::new(101, "Anna")
}
pub fn alice() -> FakeUser {
    FakeUser::new(200, "Alice").with_username("alice_w")
}
pub fn bob() -> FakeUser {
    FakeUser::new(201, "Bob")
}
pub fn carol() -> FakeUser {
    FakeUser::new(202, "Carol").with_username("carol_c")
}
pub fn newcomer(id: i64, name: &str) -> FakeUser {
    FakeUser::new(id, name)
}

/// A supergroup with an owner, an anonymous admin and three members; the bot is an admin.
pub fn chat_spec() -> ChatSpec {
    ChatSpec::supergroup(CHAT, "Growth Lab")
        .admin(AdminSpec::owner(owner()))
        .admin(AdminSpec::admin(anon_admin()).anonymous())
        .member(alice())
        .member(bob())
        .member(carol())
}

/// The configuration `snowball run` gets: the fake's token and URL, a database file.
pub fn config(fake: &FakeTelegram, db_url: &str) -> Config {
    let mut config = Config::default();
    config.database.url = db_url.to_string();
    config.telegram.token = Some(SecretString::from(fake.token().to_string()));
    config.telegram.api_url = fake.base_url().to_string();
    config.telegram.poll_timeout_secs = 1;
    config
}

pub struct Running {
    pub fake: FakeTelegram,
    pub store: Store,
    /// The bot's database.
    pub db_url: String,
    stop: CancellationToken,
    task: JoinHandle<anyhow::Result<()>>,
    _dir: tempfile::TempDir,
}

impl Running {
    /// `snowball run` with the chat, once it polls.
    pub async fn start(chat: ChatSpec) -> Self {
        Self::start_with(chat, |_| {}).await
    }

    /// [`Running::start`] with a configuration change.
    pub async fn start_with(chat: ChatSpec, tweak: impl FnOnce(&mut Config)) -> Self {
        snowball::telemetry::init(snowball::config::LogFormat::Human, "info,snowball=debug");
        let fake = FakeTelegram::start().await;
        fake.add_chat(chat);
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}/snowball.db", dir.path().display());
        // The app's clock: a week after the fake's (2026-01-01), so last week has the events.
        let clock = Arc::new(ManualClock::new(Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0).unwrap()));
        let stop = CancellationToken::new();
        let mut config = config(&fake, &url);
        tweak(&mut config);
        let task = tokio::spawn(snowball::runtime::run(config, clock, stop.clone()));
        fake.wait_for_parked_poll(WAIT).await.expect("snowball run polls the fake");
        let store = Store::connect(&url, 2).await.expect("the bot's store");
        Running { fake, store, db_url: url, stop, task, _dir: dir }
    }

    /// Waits until every update of `pushed` is committed: the bot confirms an update to
    /// Telegram only after that.
    pub async fn committed(&self, pushed: &Pushed) {
        let last = *pushed.update_ids.iter().max().expect("the push created updates");
        self.fake.wait_for_confirmation(last, WAIT).await.expect("the update is committed and confirmed");
    }

    /// The bot's reply to a message.
    pub async fn reply_to(&self, message_id: i32) -> SentMessage {
        self.fake
            .wait_for_message(CHAT, |m| m.reply_to_message_id == Some(message_id), WAIT)
            .await
            .expect("the bot replies")
    }

    pub async fn community(&self) -> CommunityId {
        self.store.find_community(&CommunityKey::telegram(CHAT)).await.unwrap().expect("the community exists")
    }

    pub async fn member(&self, user: UserId) -> MemberRow {
        let id = self.community().await;
        self.store.member(id, user).await.unwrap().unwrap_or_else(|| panic!("member {user} is stored"))
    }

    pub async fn joins_of(&self, user: UserId) -> Vec<JoinRow> {
        let id = self.community().await;
        self.store.joins_of(id, user).await.unwrap()
    }

    /// Stops `snowball run` as SIGTERM would; the fake and the store stay for assertions.
    pub async fn stop(self) -> Stopped {
        self.stop.cancel();
        tokio::time::timeout(WAIT, self.task).await.expect("snowball run stops").expect("no panic").expect("no error");
        Stopped { fake: self.fake, store: self.store, _dir: self._dir }
    }
}

/// The plain text of a message the bot sent.
pub fn plain(m: &SentMessage) -> String {
    m.plain_text.clone().or_else(|| m.text.clone()).unwrap_or_default()
}

pub struct Stopped {
    pub fake: FakeTelegram,
    pub store: Store,
    _dir: tempfile::TempDir,
}
