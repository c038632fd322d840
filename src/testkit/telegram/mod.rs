//! A fake Telegram Bot API server on 127.0.0.1 that the real teloxide client can poll.
//!
//! Start one per test ([`FakeTelegram::start`]), describe the chats ([`FakeTelegram::add_chat`]),
//! point a bot at it ([`FakeTelegram::bot`], or `Bot::set_api_url(fake.api_url())`, or
//! `TELOXIDE_API_URL`), push what users do (messages, joins, reactions, ...) and assert on what the
//! bot did (sent messages, API calls, invite links, commands, confirmed updates).
//!
//! # Wire protocol
//! - Requests arrive at `{api_url}/bot{token}/{Method}`; teloxide sends PascalCase method names
//!   (`SendMessage`), Telegram matches them case-insensitively and so does the fake. Bodies are
//!   JSON (teloxide), multipart (`sendPhoto`, `sendDocument`), form-urlencoded or query strings.
//! - Answers are `{"ok":true,"result":...}`; errors are HTTP 400 (401 for a wrong token, 403 for
//!   "Forbidden", 409 for a conflicting `getUpdates`) with `{"ok":false,"error_code",
//!   "description"}` in Telegram's words, so teloxide maps them to the same `ApiError`s. The fake
//!   never answers 5xx: on a 5xx teloxide sleeps 10 s before reading the body.
//! - Unknown methods answer 400 (`method "X" is not implemented by the fake Telegram server`)
//!   and are recorded like any call.
//!
//! # Long polling
//! `getUpdates` honours `offset` (updates below it are confirmed and forgotten; a negative offset
//! keeps only the last `-offset` updates), `limit` (1-100) and `timeout`: the request is held
//! until an update is queued or the timeout passes, capped at
//! [`FakeTelegramBuilder::max_poll_wait`] (1 s by default) so tests never hang. Every call is
//! recorded ([`FakeTelegram::get_updates_calls`]). A `getUpdates` arriving while another waits
//! terminates the older one with HTTP 409 `Conflict: terminated by other getUpdates request; make
//! sure that only one bot instance is running`, as Telegram does; a bot must run one poller.
//!
//! `allowed_updates` is remembered across calls (teloxide sends it only on its first call). Where
//! Telegram filters when an update is *created*, the fake filters when it is *delivered*, with
//! the setting in force then: so a test may push updates before the bot's first poll. Filtered
//! updates are recorded as dropped ([`DropReason::NotAllowed`]). Unset or `[]` means every type
//! except `chat_member`, `message_reaction` and `message_reaction_count`.
//!
//! Updates Telegram would never create are dropped at push time and recorded: `chat_member`,
//! `chat_join_request` and `message_reaction` need the bot to be an admin; nothing reaches a bot
//! that left; with privacy mode on (the default, as for a new bot) a non-admin bot only gets
//! messages starting with `/`, replies to its own messages and service messages.
//!
//! Update ids start at [`FakeTelegramBuilder::first_update_id`] (1) and grow by one; message ids
//! are per chat from 1; every `date` is the fake's clock ([`FakeTelegram::set_clock`]), which only
//! moves when told; invite link hashes come from a seeded generator: everything is deterministic.
//!
//! # When teloxide confirms an update (finding, teloxide 0.17)
//! Telegram forgets an update once `getUpdates` is called with an `offset` above its id. In
//! teloxide's `Polling` stream (`update_listeners/polling.rs`), when a `getUpdates` answer
//! arrives the stream sets its offset to `last_id + 1` at once and buffers the batch; it yields
//! the buffered updates one by one and sends the next `getUpdates` (carrying that offset) as soon
//! as the consumer asks for the item after the last buffered one. The `Dispatcher` does not wait
//! for handlers: `process_update` only pushes the update into a per-chat worker queue
//! (`tokio::mpsc`, 64 deep by default) and immediately polls the stream again. So **the offset
//! that confirms a batch is sent right after the batch is handed to the workers, before, during
//! or after the handlers run — nothing orders it after them**. A handler that is still writing to
//! the database when the process dies loses its update: Telegram will not send it again. (Only a
//! full worker queue delays the next poll.) A graceful shutdown is no different: the stream's
//! last `getUpdates` (`limit=1, timeout=0`) carries the final offset, and only then does the
//! `Dispatcher` wait for its workers. Updates of different chats run in different workers, so they
//! finish out of order; updates without a chat run concurrently in one default worker; updates
//! teloxide cannot parse (`UpdateKind::Error`) are logged and never reach a handler.
//! `tests/fake_telegram/polling.rs` shows the behaviour with a handler that blocks: the fake sees
//! the confirming offset while the handler is still blocked.
//!
//! To confirm only what is committed, use a custom `UpdateListener` whose stream fetches a batch
//! with `offset = first unconfirmed id`, yields it, and sends the next `getUpdates` (with
//! `offset = last_id + 1`) only after the application reports the batch committed (e.g. through
//! a `tokio::sync::watch` of the highest committed update id). Do not re-poll with the old offset
//! while waiting: Telegram answers at once with the same unconfirmed updates, a busy loop. The
//! watermark must be contiguous (workers finish out of order), every update must be committed or
//! marked skipped (give the `Dispatcher` a `default_handler` that does so; treat
//! `UpdateKind::Error` updates as skipped in the listener). After a crash the uncommitted batch is
//! delivered again, so processing must be idempotent per `update_id`.
//! `tests/fake_telegram/confirming_listener.rs` has such a listener and a test.

mod api;
mod entities;
mod html;
mod json;
mod members;
mod model;
mod observe;
mod push;
mod records;
mod server;
mod state;
mod world;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use tokio::sync::{oneshot, watch};

pub use model::{
    AdminSpec, BotStatus, ChatKind, ChatSpec, CommandScope, FakeUser, ForeignLink, GROUP_ANONYMOUS_BOT_ID, Join,
    LinkRef, Pushed, Sender,
};
pub use push::MessageBuilder;
pub use records::{
    ApiCall, BotCommandSpec, CallError, CommandList, CreatedLink, DropReason, DroppedUpdate, GetUpdatesCall,
    PollOutcome, SentFile, SentKind, SentMessage, UploadedFile, WaitTimeout,
};

use state::{Config, State};

/// The state shared by the server and the test-facing handle.
pub(crate) struct Shared {
    state: Mutex<State>,
    changes: watch::Sender<u64>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Read without waking anyone.
    fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&self.lock())
    }

    /// Change the state and wake every waiter (parked pollers, wait helpers).
    fn write<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let out = f(&mut self.lock());
        self.notify();
        out
    }

    fn notify(&self) {
        self.changes.send_modify(|v| *v = v.wrapping_add(1));
    }
}

/// Options for [`FakeTelegram`]; see [`FakeTelegram::builder`].
#[derive(Debug, Clone)]
pub struct FakeTelegramBuilder {
    token: String,
    bot: FakeUser,
    max_poll_wait: Duration,
    privacy_mode: bool,
    first_update_id: i64,
    seed: u64,
    clock: i64,
    message_history: usize,
}

impl Default for FakeTelegramBuilder {
    fn default() -> Self {
        Self {
            token: "1234567890:AAFakeTokenForSnowballTests".to_owned(),
            bot: FakeUser::bot(1234567890, "Snowball", "snowball_test_bot"),
            max_poll_wait: Duration::from_secs(1),
            privacy_mode: true,
            first_update_id: 1,
            seed: 0,
            clock: 1_767_225_600, // 2026-01-01T00:00:00Z
            message_history: 50_000,
        }
    }
}

impl FakeTelegramBuilder {
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = token.into();
        self
    }

    /// The bot's own user (`getMe`).
    pub fn bot_user(mut self, bot: FakeUser) -> Self {
        self.bot = bot;
        self
    }

    /// Longest time a `getUpdates` is held open, whatever its `timeout` (default 1 s).
    pub fn max_poll_wait(mut self, wait: Duration) -> Self {
        self.max_poll_wait = wait;
        self
    }

    /// Privacy mode of the bot (default on, as for a new bot); matters only where it is no admin.
    pub fn privacy_mode(mut self, on: bool) -> Self {
        self.privacy_mode = on;
        self
    }

    pub fn first_update_id(mut self, id: i64) -> Self {
        self.first_update_id = id;
        self
    }

    /// Seed of the invite link hash generator (default 0).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Initial clock, Unix seconds (default 2026-01-01T00:00:00Z).
    pub fn clock(mut self, unix_seconds: i64) -> Self {
        self.clock = unix_seconds;
        self
    }

    /// Messages remembered per chat for replies, edits and callback queries (default 50 000;
    /// bounds memory in long benchmarks). Replying to a forgotten message panics in the test.
    pub fn message_history(mut self, per_chat: usize) -> Self {
        self.message_history = per_chat;
        self
    }

    /// Bind 127.0.0.1 on a free port and serve in a task of the current tokio runtime.
    pub async fn start(self) -> FakeTelegram {
        let config = Config {
            token: self.token.clone(),
            bot: self.bot,
            max_poll_wait: self.max_poll_wait,
            privacy_mode: self.privacy_mode,
            message_history: self.message_history,
        };
        let state = State::new(config, ChaCha8Rng::seed_from_u64(self.seed), self.first_update_id, self.clock);
        let shared = Arc::new(Shared { state: Mutex::new(state), changes: watch::channel(0).0 });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("fake Telegram: cannot bind 127.0.0.1 on a free port");
        let addr = listener.local_addr().expect("fake Telegram: no local address");
        let (shutdown, signal) = oneshot::channel();
        tokio::spawn(server::serve(Arc::clone(&shared), listener, signal));
        FakeTelegram { shared, base_url: format!("http://{addr}"), token: self.token, shutdown: Some(shutdown) }
    }
}

/// A running fake Bot API server. Dropping it stops the server and releases waiting pollers.
pub struct FakeTelegram {
    shared: Arc<Shared>,
    base_url: String,
    token: String,
    shutdown: Option<oneshot::Sender<()>>,
}

impl FakeTelegram {
    /// Start with the defaults (see [`FakeTelegramBuilder`]).
    pub async fn start() -> Self {
        Self::builder().start().await
    }

    pub fn builder() -> FakeTelegramBuilder {
        FakeTelegramBuilder::default()
    }

    /// `http://127.0.0.1:PORT`, the value for `Bot::set_api_url` / `TELOXIDE_API_URL`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn api_url(&self) -> url::Url {
        url::Url::parse(&self.base_url).expect("fake Telegram: base URL is a valid URL")
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// The bot's user as `getMe` answers it.
    pub fn bot_user(&self) -> FakeUser {
        self.shared.read(|st| st.config.bot.clone())
    }

    /// A teloxide `Bot` with this token, pointed at the fake (its HTTP client ignores proxies).
    pub fn bot(&self) -> teloxide::Bot {
        let client = teloxide::net::default_reqwest_settings()
            .no_proxy()
            .build()
            .expect("fake Telegram: cannot build the HTTP client");
        teloxide::Bot::with_client(&self.token, client).set_api_url(self.api_url())
    }
}

impl Drop for FakeTelegram {
    fn drop(&mut self) {
        self.shared.write(|st| st.shutting_down = true);
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
