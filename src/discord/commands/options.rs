//! Slash-command options → a [`Command`], validated with the same rules as the text parser.
//! Pure: the adapter first turns serenity's resolved options into [`Opt`]s.

use serenity::all::{ResolvedOption, ResolvedValue};

use crate::commands::parse::{campaign_name, funnel_period, money, note};
use crate::commands::{Board, Command, ExportKind, FunnelPeriod, ParseError, Period};
use crate::domain::{UserId, ValueKind};

/// One option value as snowball reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opt {
    Str(String),
    Int(i64),
    Bool(bool),
    User(UserId),
    Other,
}

/// serenity's resolved options (of the leaf command) as `(name, value)` pairs.
pub fn read(options: &[ResolvedOption<'_>]) -> Vec<(String, Opt)> {
    options
        .iter()
        .map(|o| {
            let v = match &o.value {
                ResolvedValue::String(s) => Opt::Str((*s).to_string()),
                ResolvedValue::Integer(i) => Opt::Int(*i),
                ResolvedValue::Boolean(b) => Opt::Bool(*b),
                ResolvedValue::User(u, _) => Opt::User(super::super::shared::uid(u.id)),
                _ => Opt::Other,
            };
            (o.name.to_string(), v)
        })
        .collect()
}

struct Args<'a> {
    command: &'static str,
    opts: &'a [(String, Opt)],
}

impl Args<'_> {
    fn get(&self, name: &str) -> Option<&Opt> {
        self.opts.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    fn text(&self, name: &str) -> Option<String> {
        match self.get(name) {
            Some(Opt::Str(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Opt::Int(i)) => Some(i.to_string()),
            _ => None,
        }
    }

    fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some(Opt::Bool(true)))
    }

    fn member(&self) -> Result<UserId, ParseError> {
        match self.get("member") {
            Some(Opt::User(id)) => Ok(*id),
            _ => Err(ParseError::MissingMember { command: self.command }),
        }
    }

    /// A word among `choices`, parsed with `T::from_str`.
    fn choice<T: std::str::FromStr>(&self, name: &str, choices: &[&'static str]) -> Result<Option<T>, ParseError> {
        match self.text(name) {
            None => Ok(None),
            Some(w) => w.parse::<T>().map(Some).map_err(|_| ParseError::BadChoice {
                command: self.command,
                got: w.chars().take(40).collect(),
                choices: choices.to_vec(),
            }),
        }
    }
}

/// The command for root name `root`, subcommand `sub` (if any) and its options. `channel` is
/// where it was run (for `/settings digest_channel here`).
pub fn command(root: &str, sub: Option<&str>, opts: &[(String, Opt)], channel: u64) -> Result<Command, ParseError> {
    let spec = crate::commands::catalogue::find(root)
        .ok_or_else(|| ParseError::UnknownCommand(root.chars().take(32).collect()))?;
    let a = Args { command: spec.name, opts };
    Ok(match spec.name {
        "invite" => Command::Invite,
        "me" => Command::Me { export: a.flag("export") },
        "leaderboard" => Command::Leaderboard {
            board: a.choice::<Board>("board", &["referrals", "helpers"])?.unwrap_or(Board::Referrals),
            period: a.choice::<Period>("period", &["week", "month", "all"])?.unwrap_or(Period::Month),
        },
        "thanks" => Command::Thanks {
            member: a.member()?,
            kind: a
                .choice::<ValueKind>("kind", &["content", "connections", "support", "stage", "reward", "exposure"])?
                .unwrap_or(ValueKind::Support),
            note: note(a.text("note").unwrap_or_default())?,
        },
        "help" => Command::Help { command: a.text("command").map(|c| c.trim_start_matches('/').to_lowercase()) },
        "member" => Command::Member { member: a.member()? },
        "funnel" => {
            Command::Funnel { period: a.text("period").map_or(Ok(FunnelPeriod::Month), |p| funnel_period(&p))? }
        }
        "customer" => {
            let member = a.member()?;
            let sale = match a.text("amount") {
                Some(amount) => Some(money(&amount, a.text("currency").as_deref())?),
                None if a.text("currency").is_some() => {
                    return Err(ParseError::Missing { command: "customer", what: "amount" });
                }
                None => None,
            };
            Command::Customer { member, sale }
        }
        "professional" => match sub {
            Some("add") => Command::Professional { add: true, member: a.member()? },
            Some("remove") => Command::Professional { add: false, member: a.member()? },
            _ => return Err(ParseError::Missing { command: "professional", what: "add-or-remove" }),
        },
        "campaign" => match sub {
            Some("create") => {
                let name = a.text("name").ok_or(ParseError::Missing { command: "campaign", what: "name" })?;
                Command::CampaignCreate { name: campaign_name(&name)?, paid: a.flag("paid") }
            }
            _ => Command::CampaignList,
        },
        "digest" => match sub {
            Some("now") => Command::DigestNow,
            _ => Command::DigestPreview,
        },
        "settings" => match (a.text("key"), a.text("value")) {
            (None, None) => Command::Settings { change: None },
            (None, Some(_)) => return Err(ParseError::Missing { command: "settings", what: "key" }),
            (Some(_), None) => return Err(ParseError::Missing { command: "settings", what: "value" }),
            (Some(key), Some(value)) => {
                let key = key.to_lowercase();
                let value = if key == "digest_channel" && value.eq_ignore_ascii_case("here") {
                    channel.to_string()
                } else {
                    value
                };
                Command::Settings { change: Some((key, value)) }
            }
        },
        "export" => {
            let choices = &["members", "joins", "value", "customers"];
            let what = a
                .choice::<ExportKind>("what", choices)?
                .ok_or(ParseError::Missing { command: "export", what: "export-kind" })?;
            Command::Export { what }
        }
        "forget" => Command::Forget { member: a.member()? },
        "setup" => Command::Setup,
        other => return Err(ParseError::UnknownCommand(other.into())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::Money;

    fn s(v: &str) -> Opt {
        Opt::Str(v.into())
    }

    fn opts(list: &[(&str, Opt)]) -> Vec<(String, Opt)> {
        list.iter().map(|(n, v)| (n.to_string(), v.clone())).collect()
    }

    #[test]
    fn builds_commands_from_options() {
        let c = command(
            "customer",
            None,
            &opts(&[("member", Opt::User(5)), ("amount", s("49.90")), ("currency", s("eur"))]),
            1,
        );
        assert_eq!(
            c.unwrap(),
            Command::Customer { member: 5, sale: Some(Money { minor: 4990, currency: Some("EUR".into()) }) }
        );
        assert_eq!(
            command("leaderboard", None, &opts(&[("board", s("helpers"))]), 1).unwrap(),
            Command::Leaderboard { board: Board::Helpers, period: Period::Month }
        );
        assert_eq!(
            command("professional", Some("remove"), &opts(&[("member", Opt::User(3))]), 1).unwrap(),
            Command::Professional { add: false, member: 3 }
        );
        assert_eq!(
            command("campaign", Some("create"), &opts(&[("name", s("News")), ("paid", Opt::Bool(true))]), 1).unwrap(),
            Command::CampaignCreate { name: "news".into(), paid: true }
        );
        assert_eq!(command("digest", Some("now"), &[], 1).unwrap(), Command::DigestNow);
        assert_eq!(
            command("settings", None, &opts(&[("key", s("digest_channel")), ("value", s("here"))]), 77).unwrap(),
            Command::Settings { change: Some(("digest_channel".into(), "77".into())) }
        );
    }

    #[test]
    fn bad_options_say_what_is_wrong() {
        let bad = command("customer", None, &opts(&[("member", Opt::User(5)), ("amount", s("lots"))]), 1);
        assert!(matches!(bad, Err(ParseError::BadAmount { .. })));
        assert!(matches!(command("customer", None, &[], 1), Err(ParseError::MissingMember { .. })));
        assert!(matches!(
            command("export", None, &opts(&[("what", s("secrets"))]), 1),
            Err(ParseError::BadChoice { command: "export", .. })
        ));
        assert!(matches!(
            command("campaign", Some("create"), &opts(&[("name", s("bad name!"))]), 1),
            Err(ParseError::BadCampaignName { .. })
        ));
        assert!(matches!(
            command("settings", None, &opts(&[("key", s("timezone"))]), 1),
            Err(ParseError::Missing { .. })
        ));
    }
}
