//! The Discord adapter (serenity + poise): gateway events in, domain events and commands out,
//! replies rendered as embeds.

pub mod render;

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::app::App;
use crate::runtime::Running;

/// Connects to Discord and runs until `stop` is cancelled.
pub async fn start(_app: Arc<App>, _stop: CancellationToken) -> anyhow::Result<Running> {
    anyhow::bail!("the Discord adapter has not landed in this build yet")
}
