//! The update handler tree: one branch per kind of update snowball reads. teloxide derives
//! `allowed_updates` from it, so every kind listed here is requested from Telegram (and only
//! those). Updates no branch takes reach the dispatcher's default handler, which settles them.

use std::sync::Arc;

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use futures::future::BoxFuture;
use teloxide::dispatching::UpdateHandler;
use teloxide::error_handlers::ErrorHandler;
use teloxide::prelude::*;

use teloxide::types::{ChatJoinRequest, ChatMemberUpdated, MessageReactionUpdated};

use super::context::Adapter;
use super::{members, messages, reactions};

pub fn schema() -> UpdateHandler<anyhow::Error> {
    type Ad = Arc<Adapter>;
    dptree::entry()
        .branch(
            Update::filter_message()
                .endpoint(|ad: Ad, u: Update, m: Message| contained(messages::on_message(ad, u, m))),
        )
        .branch(
            Update::filter_edited_message()
                .endpoint(|ad: Ad, u: Update, m: Message| contained(messages::on_edit(ad, u, m))),
        )
        .branch(
            Update::filter_chat_member()
                .endpoint(|ad: Ad, u: Update, c: ChatMemberUpdated| contained(members::on_chat_member(ad, u, c))),
        )
        .branch(
            Update::filter_my_chat_member()
                .endpoint(|ad: Ad, u: Update, c: ChatMemberUpdated| contained(members::on_my_chat_member(ad, u, c))),
        )
        .branch(
            Update::filter_chat_join_request()
                .endpoint(|ad: Ad, u: Update, r: ChatJoinRequest| contained(members::on_join_request(ad, u, r))),
        )
        .branch(
            Update::filter_message_reaction_updated()
                .endpoint(|ad: Ad, u: Update, r: MessageReactionUpdated| contained(reactions::on_reaction(ad, u, r))),
        )
}

/// Runs a handler, turning a panic into an error: teloxide's per-chat worker dies with a
/// panicking handler, and the next update of that chat would take the whole dispatcher down.
/// The update's [`Pending`](super::commits::Pending) guard settles it while unwinding.
async fn contained(handler: impl Future<Output = anyhow::Result<()>>) -> anyhow::Result<()> {
    match AssertUnwindSafe(handler).catch_unwind().await {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(anyhow::anyhow!("an update handler panicked: {what}"))
        }
    }
}

/// Logs handler and polling errors with their causes, tokens redacted.
pub struct LogErrors;

impl<E> ErrorHandler<E> for LogErrors
where
    E: std::fmt::Debug + Send + 'static,
    E: AsDynError,
{
    fn handle_error(self: Arc<Self>, error: E) -> BoxFuture<'static, ()> {
        tracing::error!(error = %super::bot::describe(error.as_dyn()), "Telegram");
        Box::pin(async {})
    }
}

/// Errors as `dyn Error`, for [`LogErrors`].
pub trait AsDynError {
    fn as_dyn(&self) -> &(dyn std::error::Error + 'static);
}

impl AsDynError for anyhow::Error {
    fn as_dyn(&self) -> &(dyn std::error::Error + 'static) {
        self.as_ref()
    }
}

impl AsDynError for teloxide::RequestError {
    fn as_dyn(&self) -> &(dyn std::error::Error + 'static) {
        self
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn a_panicking_handler_becomes_an_error() {
        let err = super::contained(async { panic!("boom") }).await.unwrap_err();
        assert!(err.to_string().contains("boom"), "{err}");
        assert!(super::contained(async { Ok(()) }).await.is_ok());
    }
}
