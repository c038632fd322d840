//! The update handler tree: one branch per kind of update snowball reads. teloxide derives
//! `allowed_updates` from it, so every kind listed here is requested from Telegram (and only
//! those). Updates no branch takes reach the dispatcher's default handler, which settles them.

use std::sync::Arc;

use futures::future::BoxFuture;
use teloxide::dispatching::UpdateHandler;
use teloxide::error_handlers::ErrorHandler;
use teloxide::prelude::*;

use super::{members, messages, reactions};

pub fn schema() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(Update::filter_message().endpoint(messages::on_message))
        .branch(Update::filter_edited_message().endpoint(messages::on_edit))
        .branch(Update::filter_chat_member().endpoint(members::on_chat_member))
        .branch(Update::filter_my_chat_member().endpoint(members::on_my_chat_member))
        .branch(Update::filter_chat_join_request().endpoint(members::on_join_request))
        .branch(Update::filter_message_reaction_updated().endpoint(reactions::on_reaction))
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
