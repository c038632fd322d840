//! The one command catalogue both platforms share: names, who may run them, how to write them.
//! Descriptions and help live in the Fluent files (`cmd-<name>-desc`, `cmd-<name>-help`).

/// Who may run a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Everyone,
    /// Managers only: platform owner/admins (Discord: Manage Server) or a configured role.
    /// Adapters also register these with `default_member_permissions` / the admin command
    /// scope, but the check that counts is on our side.
    Managers,
}

/// One command of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommandSpec {
    pub name: &'static str,
    pub access: Access,
    /// How to write it (Telegram form; Discord shows the same options).
    pub usage: &'static str,
    /// An example line for `/help`.
    pub example: &'static str,
    /// The work may take longer than Discord's 3 seconds: defer first.
    pub slow: bool,
    /// The reply is shown only to the caller (Discord ephemeral; Telegram answers in private
    /// where it can).
    pub private: bool,
}

const fn spec(
    name: &'static str,
    access: Access,
    usage: &'static str,
    example: &'static str,
    slow: bool,
    private: bool,
) -> CommandSpec {
    CommandSpec { name, access, usage, example, slow, private }
}

use Access::{Everyone, Managers};

/// Every command, in the order `/help` lists them.
pub const CATALOGUE: &[CommandSpec] = &[
    spec("invite", Everyone, "/invite", "/invite", true, true),
    spec("me", Everyone, "/me [export]", "/me", false, true),
    spec(
        "leaderboard",
        Everyone,
        "/leaderboard [referrals|helpers] [week|month|all]",
        "/leaderboard helpers month",
        false,
        false,
    ),
    spec("thanks", Everyone, "/thanks @member [kind] [note]", "/thanks @dana support for the review", false, false),
    spec("help", Everyone, "/help [command]", "/help thanks", false, true),
    spec("member", Managers, "/member @member", "/member @dana", false, true),
    spec("funnel", Managers, "/funnel [week|month|quarter|YYYY-Www]", "/funnel month", true, true),
    spec("customer", Managers, "/customer @member [amount] [currency]", "/customer @dana 49.90 USD", false, true),
    spec("professional", Managers, "/professional add|remove @member", "/professional add @dana", false, true),
    spec(
        "campaign",
        Managers,
        "/campaign create <name> [paid] | /campaign list",
        "/campaign create newsletter-nov",
        true,
        true,
    ),
    spec("digest", Managers, "/digest preview|now", "/digest preview", true, true),
    spec("settings", Managers, "/settings [key] [value]", "/settings timezone Asia/Jerusalem", false, true),
    spec("export", Managers, "/export members|joins|value|customers", "/export joins", true, true),
    spec("forget", Managers, "/forget @member", "/forget @dana", false, true),
    spec("setup", Managers, "/setup", "/setup", true, true),
];

/// The catalogue entry for a command name (without the slash, case-insensitive).
pub fn find(name: &str) -> Option<&'static CommandSpec> {
    let name = name.trim_start_matches('/');
    CATALOGUE.iter().find(|c| c.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, has};

    #[test]
    fn every_command_is_described_in_both_languages() {
        for c in CATALOGUE {
            for lang in [Lang::En, Lang::He] {
                assert!(has(lang, &format!("cmd-{}-desc", c.name)), "{lang}: cmd-{}-desc", c.name);
                assert!(has(lang, &format!("cmd-{}-help", c.name)), "{lang}: cmd-{}-help", c.name);
            }
            // Discord: 1-32 lowercase characters.
            assert!(c.name.len() <= 32 && c.name.chars().all(|ch| ch.is_ascii_lowercase()), "{}", c.name);
        }
    }

    #[test]
    fn finds_commands_with_or_without_slash() {
        assert_eq!(find("/Customer").unwrap().access, Access::Managers);
        assert_eq!(find("thanks").unwrap().access, Access::Everyone);
        assert!(find("nope").is_none());
    }
}
