use proptest::prelude::*;

use super::parse::{MAX_NOTE_CHARS, money};
use super::*;
use crate::domain::ValueKind;

fn p(text: &str) -> Result<Option<Command>, ParseError> {
    parse_text(&TextInput { text, bot_username: Some("snowball_bot"), reply_to: None })
}

fn reply(text: &str, to: i64) -> Result<Option<Command>, ParseError> {
    parse_text(&TextInput { text, bot_username: Some("snowball_bot"), reply_to: Some(to) })
}

#[test]
fn parses_every_command() {
    assert_eq!(p("/invite").unwrap(), Some(Command::Invite));
    assert_eq!(p("/me export").unwrap(), Some(Command::Me { export: true }));
    assert_eq!(
        p("/leaderboard helpers week").unwrap(),
        Some(Command::Leaderboard { board: Board::Helpers, period: Period::Week })
    );
    assert_eq!(
        p("/leaderboard").unwrap(),
        Some(Command::Leaderboard { board: Board::Referrals, period: Period::Month })
    );
    assert_eq!(
        p("/thanks @#42 content for the great thread").unwrap(),
        Some(Command::Thanks { member: 42, kind: ValueKind::Content, note: Some("for the great thread".into()) })
    );
    assert_eq!(reply("/thanks", 7).unwrap(), Some(Command::Thanks { member: 7, kind: ValueKind::Support, note: None }));
    assert_eq!(p("/member @#9").unwrap(), Some(Command::Member { member: 9 }));
    assert_eq!(
        p("/funnel 2026-W47").unwrap(),
        Some(Command::Funnel { period: FunnelPeriod::IsoWeek { year: 2026, week: 47 } })
    );
    assert_eq!(
        p("/customer @#5 1,299.50 usd").unwrap(),
        Some(Command::Customer { member: 5, sale: Some(Money { minor: 129_950, currency: Some("USD".into()) }) })
    );
    assert_eq!(
        p("/customer @#5 49₪").unwrap(),
        Some(Command::Customer { member: 5, sale: Some(Money { minor: 4900, currency: Some("ILS".into()) }) })
    );
    assert_eq!(reply("/customer", 5).unwrap(), Some(Command::Customer { member: 5, sale: None }));
    assert_eq!(p("/professional add @#3").unwrap(), Some(Command::Professional { add: true, member: 3 }));
    assert_eq!(
        p("/campaign create Newsletter-Nov paid").unwrap(),
        Some(Command::CampaignCreate { name: "newsletter-nov".into(), paid: true })
    );
    assert_eq!(p("/campaign list").unwrap(), Some(Command::CampaignList));
    assert_eq!(p("/digest now").unwrap(), Some(Command::DigestNow));
    assert_eq!(p("/settings").unwrap(), Some(Command::Settings { change: None }));
    assert_eq!(
        p("/settings timezone Asia/Jerusalem").unwrap(),
        Some(Command::Settings { change: Some(("timezone".into(), "Asia/Jerusalem".into())) })
    );
    assert_eq!(p("/export joins").unwrap(), Some(Command::Export { what: ExportKind::Joins }));
    assert_eq!(p("/forget @#8").unwrap(), Some(Command::Forget { member: 8 }));
    assert_eq!(p("/setup@snowball_bot").unwrap(), Some(Command::Setup));
    assert_eq!(p("/help thanks").unwrap(), Some(Command::Help { command: Some("thanks".into()) }));
}

#[test]
fn commands_for_other_bots_are_not_ours() {
    assert_eq!(p("/invite@other_bot").unwrap(), None);
}

#[test]
fn malformed_commands_say_what_is_wrong() {
    assert_eq!(p("/customer").unwrap_err(), ParseError::MissingMember { command: "customer" });
    assert!(matches!(p("/customer @#5 lots").unwrap_err(), ParseError::BadAmount { .. }));
    assert!(matches!(p("/customer @#5 10 dollars").unwrap_err(), ParseError::BadCurrency { .. }));
    assert!(
        matches!(p("/customer @dana 10").unwrap_err(), ParseError::UnknownMention { username, .. } if username == "dana")
    );
    assert!(matches!(p("/leaderboard everyone").unwrap_err(), ParseError::BadChoice { command: "leaderboard", .. }));
    assert!(matches!(p("/professional promote @#3").unwrap_err(), ParseError::BadChoice { .. }));
    assert!(matches!(p("/campaign create bad!name").unwrap_err(), ParseError::BadCampaignName { .. }));
    assert!(matches!(p("/invite now please").unwrap_err(), ParseError::Unexpected { command: "invite", .. }));
    assert!(matches!(p("/frobnicate").unwrap_err(), ParseError::UnknownCommand(_)));
    assert!(matches!(p("/funnel 2026-W60").unwrap_err(), ParseError::BadPeriod { .. }));
    assert!(matches!(p("/settings timezone").unwrap_err(), ParseError::Missing { command: "settings", .. }));
    let long = format!("/thanks @#4 {}", "a".repeat(MAX_NOTE_CHARS + 1));
    assert_eq!(p(&long).unwrap_err(), ParseError::NoteTooLong { max: MAX_NOTE_CHARS });
    assert_eq!(p("hello").unwrap_err(), ParseError::NotACommand);
}

#[test]
fn amounts_parse_in_common_forms() {
    assert_eq!(money("49", None).unwrap().minor, 4900);
    assert_eq!(money("49.9", None).unwrap().minor, 4990);
    assert_eq!(money("49,90", None).unwrap().minor, 4990);
    assert_eq!(money("1,299", None).unwrap().minor, 129_900);
    assert_eq!(money("$5", None).unwrap().currency.as_deref(), Some("USD"));
    assert!(money("-5", None).is_err());
    assert!(money("1.2.3", None).is_err());
    assert!(money("4.999", None).is_err());
    assert!(money("99999999999", None).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,80}", reply_to in proptest::option::of(any::<i64>())) {
        let _ = parse_text(&TextInput { text: &text, bot_username: Some("snowball_bot"), reply_to });
    }

    #[test]
    fn arbitrary_commands_never_panic(
        name in prop::sample::select(catalogue::CATALOGUE.iter().map(|c| c.name).collect::<Vec<_>>()),
        args in "[ -~א-ת₪$€@#0-9]{0,60}",
    ) {
        let text = format!("/{name} {args}");
        let _ = parse_text(&TextInput { text: &text, bot_username: None, reply_to: None });
    }

    #[test]
    fn arbitrary_settings_never_panic(key in "[a-z_]{0,20}", value in "\\PC{0,40}") {
        let mut s = crate::settings::CommunitySettings::default();
        let before = s.clone();
        if s.set(&key, &value).is_err() {
            prop_assert_eq!(s, before);
        }
    }
}

/// Every setting key and every missing-argument name has its explanation in both languages
/// (the reply would otherwise show a message id).
#[test]
fn setting_and_missing_argument_explanations_exist_in_both_languages() {
    use crate::i18n::{Lang, t};
    let missing = ["add-or-remove", "name", "value", "key", "export-kind", "amount"];
    for lang in [Lang::En, Lang::He] {
        for key in crate::settings::KEYS {
            let id = format!("setting-expect-{}", key.replace('_', "-"));
            assert_ne!(t(lang, &id), id, "{lang}: {id}");
        }
        for what in missing {
            let id = format!("missing-{what}");
            assert_ne!(t(lang, &id), id, "{lang}: {id}");
        }
    }
    // The names the parsers use are among those checked.
    let sources = [include_str!("parse.rs"), include_str!("../discord/commands/options.rs")];
    for source in sources {
        for part in source.split("what: \"").skip(1) {
            let what = part.split('"').next().unwrap();
            assert!(missing.contains(&what), "missing-{what} is not checked");
        }
    }
}
