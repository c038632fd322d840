//! Command menus (`setMyCommands`): members see the commands everyone may run; administrators
//! see every command. A menu only hides; permissions are checked on our side.

use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope};

use crate::commands::{Access, CATALOGUE};
use crate::i18n::{Lang, t};

fn menu(lang: Lang, managers: bool) -> Vec<BotCommand> {
    CATALOGUE
        .iter()
        .filter(|c| managers || c.access == Access::Everyone)
        .map(|c| BotCommand::new(c.name, t(lang, &format!("cmd-{}-desc", c.name))))
        .collect()
}

/// Sets the menus in English (the default) and Hebrew. Failures are logged: the bot works
/// without menus.
pub async fn set(bot: &Bot) {
    for (scope, managers) in [(BotCommandScope::AllGroupChats, false), (BotCommandScope::AllChatAdministrators, true)] {
        for lang in [Lang::En, Lang::He] {
            let mut request = bot.set_my_commands(menu(lang, managers)).scope(scope.clone());
            if lang != Lang::En {
                request = request.language_code(lang.to_string());
            }
            if let Err(e) = request.await {
                tracing::warn!(error = %super::bot::describe(&e), scope = ?scope, %lang, "could not set the command menu");
            }
        }
    }
}
