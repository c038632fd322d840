//! The Telegram adapter (teloxide): updates in, domain events and commands out, replies
//! rendered as HTML.

pub mod render;

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::app::App;
use crate::runtime::Running;

/// Connects to the Bot API and runs until `stop` is cancelled.
pub async fn start(_app: Arc<App>, _stop: CancellationToken) -> anyhow::Result<Running> {
    anyhow::bail!("the Telegram adapter has not landed in this build yet")
}
