//! Shared fixtures: users, a chat, and a real teloxide `Dispatcher` polling the fake.

use std::time::Duration;

use snowball::testkit::telegram::{AdminSpec, ChatSpec, FakeTelegram, FakeUser};
use teloxide::dispatching::ShutdownToken;
use teloxide::dispatching::{DefaultKey, UpdateHandler};
use teloxide::dptree::di::DependencyMap;
use teloxide::prelude::*;
use teloxide::types::{InputFile, ParseMode, ReplyParameters};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Seen = mpsc::UnboundedSender<Update>;

/// A generous bound for waits that normally end in milliseconds (never a timing assertion).
pub const WAIT: Duration = Duration::from_secs(20);

pub const CHAT: i64 = -1_001_000_000_001;
pub const FORUM: i64 = -1_001_000_000_002;

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
    FakeUser::new(202, "Carol").with_last_name("<Admin>")
}

/// A supergroup with an owner, an anonymous admin, Alice, and the bot as admin.
pub fn chat_spec() -> ChatSpec {
    ChatSpec::supergroup(CHAT, "Growth Lab")
        .admin(AdminSpec::owner(owner()))
        .admin(AdminSpec::admin(anon_admin()).anonymous().titled("Editor"))
        .member(alice())
}

/// Records every update it gets; on `/digest` first replies in HTML and sends a photo.
pub fn recording_handler() -> UpdateHandler<Error> {
    dptree::entry()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_edited_message().endpoint(record))
        .branch(Update::filter_chat_member().endpoint(record))
        .branch(Update::filter_message_reaction_updated().endpoint(record))
}

async fn record(update: Update, seen: Seen) -> Result<(), Error> {
    seen.send(update)?;
    Ok(())
}

async fn on_message(bot: Bot, msg: Message, update: Update, seen: Seen) -> Result<(), Error> {
    if msg.text() == Some("/digest") {
        let name = msg.from.as_ref().map(|u| u.full_name()).unwrap_or_default();
        let html = format!("<b>Weekly digest</b> for {} &amp; friends", teloxide::utils::html::escape(&name));
        bot.send_message(msg.chat.id, html)
            .parse_mode(ParseMode::Html)
            .reply_parameters(ReplyParameters::new(msg.id))
            .await?;
        let chart = InputFile::memory(vec![0x89, b'P', b'N', b'G', 1, 2, 3]).file_name("chart.png");
        bot.send_photo(msg.chat.id, chart).caption("<i>joins</i>").parse_mode(ParseMode::Html).await?;
    }
    seen.send(update)?;
    Ok(())
}

/// A `Dispatcher` running with teloxide's default polling listener.
pub struct Running {
    pub updates: mpsc::UnboundedReceiver<Update>,
    shutdown: ShutdownToken,
    task: JoinHandle<()>,
}

impl Running {
    pub async fn next(&mut self) -> Update {
        tokio::time::timeout(WAIT, self.updates.recv()).await.expect("no update reached the bot").expect("bot stopped")
    }

    /// Graceful shutdown (teloxide sends its last `getUpdates` with the final offset).
    pub async fn stop(self) {
        let _ = self.shutdown.shutdown().map(drop);
        tokio::time::timeout(WAIT, self.task).await.expect("dispatcher did not stop").expect("dispatcher panicked");
    }
}

pub fn dispatcher(
    fake: &FakeTelegram,
    handler: UpdateHandler<Error>,
    deps: DependencyMap,
) -> Dispatcher<Bot, Error, DefaultKey> {
    Dispatcher::builder(fake.bot(), handler).dependencies(deps).build()
}

/// Start the recording handler with the default polling listener.
pub fn start(fake: &FakeTelegram) -> Running {
    let (tx, updates) = mpsc::unbounded_channel();
    let mut dispatcher = dispatcher(fake, recording_handler(), dptree::deps![tx]);
    let shutdown = dispatcher.shutdown_token();
    let task = tokio::spawn(async move { dispatcher.dispatch().await });
    Running { updates, shutdown, task }
}
