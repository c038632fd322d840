//! Parsing commands written as text (Telegram) and validating arguments (both platforms).
//!
//! Members are given by mention or by replying to their message. The adapter rewrites every
//! resolved mention in the text to the token `@#<user id>` before parsing; a mention it could
//! not resolve stays `@username` and is refused with a hint.

use super::command::{Board, Command, ExportKind, FunnelPeriod, Money, Period};
use crate::domain::{UserId, ValueKind, Word};
use crate::settings::parse_currency;

/// Longest `/thanks` note.
pub const MAX_NOTE_CHARS: usize = 200;
/// Longest campaign name (Telegram invite link names are at most 32 characters and snowball
/// prefixes them).
pub const MAX_CAMPAIGN_CHARS: usize = 24;
/// Largest sale amount accepted, in major units.
pub const MAX_AMOUNT_MAJOR: i64 = 1_000_000_000;

/// What was wrong with a command; rendered in the user's language with the command's usage.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("not a command")]
    NotACommand,
    #[error("unknown command /{0}")]
    UnknownCommand(String),
    #[error("/{command} needs a member")]
    MissingMember { command: &'static str },
    #[error("/{command}: @{username} is not someone I know yet")]
    UnknownMention { command: &'static str, username: String },
    #[error("/{command}: `{got}` is not one of {choices:?}")]
    BadChoice { command: &'static str, got: String, choices: Vec<&'static str> },
    /// `what` names the missing argument: message `missing-<what>`.
    #[error("/{command} needs {what}")]
    Missing { command: &'static str, what: &'static str },
    #[error("/{command}: unexpected `{got}`")]
    Unexpected { command: &'static str, got: String },
    #[error("`{got}` is not an amount")]
    BadAmount { got: String },
    #[error("`{got}` is not a currency")]
    BadCurrency { got: String },
    #[error("the note is longer than {max} characters")]
    NoteTooLong { max: usize },
    #[error("campaign names are 1-{max} letters, digits, `-` or `_`")]
    BadCampaignName { max: usize },
    #[error("`{got}` is not a period")]
    BadPeriod { got: String },
}

impl ParseError {
    /// The command the error is about, to show its usage.
    pub fn command(&self) -> Option<&'static str> {
        match self {
            ParseError::MissingMember { command }
            | ParseError::UnknownMention { command, .. }
            | ParseError::BadChoice { command, .. }
            | ParseError::Missing { command, .. }
            | ParseError::Unexpected { command, .. } => Some(command),
            ParseError::BadAmount { .. } | ParseError::BadCurrency { .. } => Some("customer"),
            ParseError::NoteTooLong { .. } => Some("thanks"),
            ParseError::BadCampaignName { .. } => Some("campaign"),
            ParseError::BadPeriod { .. } => Some("funnel"),
            ParseError::NotACommand | ParseError::UnknownCommand(_) => None,
        }
    }
}

/// A command written as text, with the member it replies to (if any).
#[derive(Clone, Debug, Default)]
pub struct TextInput<'a> {
    pub text: &'a str,
    /// The bot's username, so `/cmd@this_bot` is ours and `/cmd@other_bot` is not.
    pub bot_username: Option<&'a str>,
    /// The author of the message this one replies to.
    pub reply_to: Option<UserId>,
}

/// Parses `/name[@bot] args…`. `Ok(None)` = a command for another bot.
pub fn parse_text(input: &TextInput<'_>) -> Result<Option<Command>, ParseError> {
    let text = input.text.trim();
    let Some(rest) = text.strip_prefix('/') else { return Err(ParseError::NotACommand) };
    let (head, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let (name, addressee) = head.split_once('@').unwrap_or((head, ""));
    if !addressee.is_empty() && input.bot_username.is_some_and(|b| !b.eq_ignore_ascii_case(addressee)) {
        return Ok(None);
    }
    let spec =
        super::catalogue::find(name).ok_or_else(|| ParseError::UnknownCommand(name.chars().take(32).collect()))?;
    let mut args = Args::new(spec.name, args, input.reply_to);
    let cmd = match spec.name {
        "invite" => Command::Invite,
        "me" => Command::Me { export: args.flag("export") },
        "leaderboard" => {
            let mut board = Board::Referrals;
            let mut period = Period::Month;
            while let Some(word) = args.word() {
                if let Ok(b) = word.parse::<Board>() {
                    board = b;
                } else if let Ok(p) = word.parse::<Period>() {
                    period = p;
                } else {
                    return Err(choice("leaderboard", &word, &["referrals", "helpers", "week", "month", "all"]));
                }
            }
            Command::Leaderboard { board, period }
        }
        "thanks" => {
            let member = args.member()?;
            let mut kind = ValueKind::Support;
            if let Some(word) = args.peek_word()
                && let Ok(k) = word.parse::<ValueKind>()
            {
                kind = k;
                args.word();
            }
            let note = note(args.rest())?;
            return Ok(Some(Command::Thanks { member, kind, note }));
        }
        "help" => Command::Help { command: args.word().map(|w| w.trim_start_matches('/').to_lowercase()) },
        "member" => Command::Member { member: args.member()? },
        "funnel" => Command::Funnel { period: args.word().map_or(Ok(FunnelPeriod::Month), |w| funnel_period(&w))? },
        "customer" => {
            let member = args.member()?;
            let sale = match args.word() {
                None => None,
                Some(amount) => Some(money(&amount, args.word().as_deref())?),
            };
            Command::Customer { member, sale }
        }
        "professional" => {
            let add = match args.word().as_deref().map(str::to_lowercase).as_deref() {
                Some("add") => true,
                Some("remove") => false,
                Some(other) => return Err(choice("professional", other, &["add", "remove"])),
                None => return Err(ParseError::Missing { command: "professional", what: "add-or-remove" }),
            };
            Command::Professional { add, member: args.member()? }
        }
        "campaign" => match args.word().as_deref().map(str::to_lowercase).as_deref() {
            Some("create") => {
                let name = args.word().ok_or(ParseError::Missing { command: "campaign", what: "name" })?;
                let paid = match args.word().as_deref().map(str::to_lowercase).as_deref() {
                    None | Some("organic") => false,
                    Some("paid") => true,
                    Some(other) => return Err(choice("campaign", other, &["paid", "organic"])),
                };
                Command::CampaignCreate { name: campaign_name(&name)?, paid }
            }
            Some("list") | None => Command::CampaignList,
            Some(other) => return Err(choice("campaign", other, &["create", "list"])),
        },
        "digest" => match args.word().as_deref().map(str::to_lowercase).as_deref() {
            Some("preview") | None => Command::DigestPreview,
            Some("now") => Command::DigestNow,
            Some(other) => return Err(choice("digest", other, &["preview", "now"])),
        },
        "settings" => {
            let change = args.word().map(|key| (key.to_lowercase(), args.rest()));
            if let Some((_, value)) = &change
                && value.is_empty()
            {
                return Err(ParseError::Missing { command: "settings", what: "value" });
            }
            return Ok(Some(Command::Settings { change }));
        }
        "export" => {
            let word = args.word().ok_or(ParseError::Missing { command: "export", what: "export-kind" })?;
            let what = word
                .parse::<ExportKind>()
                .map_err(|_| choice("export", &word, &["members", "joins", "value", "customers"]))?;
            Command::Export { what }
        }
        "forget" => Command::Forget { member: args.member()? },
        "setup" => Command::Setup,
        other => return Err(ParseError::UnknownCommand(other.into())),
    };
    args.finish()?;
    Ok(Some(cmd))
}

fn choice(command: &'static str, got: &str, choices: &[&'static str]) -> ParseError {
    ParseError::BadChoice { command, got: got.chars().take(40).collect(), choices: choices.to_vec() }
}

/// The argument words of one command, with the reply target as a fallback member.
struct Args<'a> {
    command: &'static str,
    words: std::iter::Peekable<std::str::SplitWhitespace<'a>>,
    rest: &'a str,
    reply_to: Option<UserId>,
}

impl<'a> Args<'a> {
    fn new(command: &'static str, text: &'a str, reply_to: Option<UserId>) -> Self {
        Self { command, words: text.split_whitespace().peekable(), rest: text, reply_to }
    }

    fn advance(&mut self, word: &str) {
        if let Some(pos) = self.rest.find(word) {
            self.rest = &self.rest[pos + word.len()..];
        }
    }

    fn word(&mut self) -> Option<String> {
        let w = self.words.next()?;
        self.advance(w);
        Some(w.to_string())
    }

    fn peek_word(&mut self) -> Option<&str> {
        self.words.peek().copied()
    }

    fn flag(&mut self, name: &str) -> bool {
        if self.peek_word().is_some_and(|w| w.eq_ignore_ascii_case(name)) {
            self.word();
            true
        } else {
            false
        }
    }

    /// A member: a `@#<id>` token, else the replied-to author.
    fn member(&mut self) -> Result<UserId, ParseError> {
        let command = self.command;
        if let Some(word) = self.peek_word() {
            if let Some(id) = word.strip_prefix("@#").and_then(|d| d.parse::<UserId>().ok()) {
                self.word();
                return Ok(id);
            }
            if let Some(username) = word.strip_prefix('@') {
                return Err(ParseError::UnknownMention { command, username: username.chars().take(40).collect() });
            }
        }
        self.reply_to.ok_or(ParseError::MissingMember { command: self.command })
    }

    fn rest(&mut self) -> String {
        let rest = self.rest.trim().to_string();
        self.rest = "";
        while self.words.next().is_some() {}
        rest
    }

    fn finish(mut self) -> Result<(), ParseError> {
        match self.words.next() {
            Some(extra) => Err(ParseError::Unexpected { command: self.command, got: extra.chars().take(40).collect() }),
            None => Ok(()),
        }
    }
}

/// A `/thanks` note: trimmed, at most [`MAX_NOTE_CHARS`], control characters removed.
pub fn note(text: String) -> Result<Option<String>, ParseError> {
    let clean: String = text.chars().filter(|c| !c.is_control() || *c == ' ').collect();
    let clean = clean.trim();
    if clean.chars().count() > MAX_NOTE_CHARS {
        return Err(ParseError::NoteTooLong { max: MAX_NOTE_CHARS });
    }
    Ok((!clean.is_empty()).then(|| clean.to_string()))
}

/// A campaign name: 1-24 ASCII letters, digits, `-` or `_`, stored lower case.
pub fn campaign_name(name: &str) -> Result<String, ParseError> {
    let name = name.trim();
    let ok = !name.is_empty()
        && name.len() <= MAX_CAMPAIGN_CHARS
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        return Err(ParseError::BadCampaignName { max: MAX_CAMPAIGN_CHARS });
    }
    Ok(name.to_ascii_lowercase())
}

/// An amount like `49`, `49.90`, `49,90`, `1,299.00`, `$49`, `49₪`, with an optional currency
/// word after it. Minor units assume two decimals.
pub fn money(amount: &str, currency: Option<&str>) -> Result<Money, ParseError> {
    let bad = || ParseError::BadAmount { got: amount.chars().take(40).collect() };
    let mut digits = amount.trim();
    let mut symbol = None;
    for sym in ["$", "€", "₪", "£", "¥"] {
        if let Some(rest) = digits.strip_prefix(sym).or_else(|| digits.strip_suffix(sym)) {
            digits = rest.trim();
            symbol = Some(sym);
        }
    }
    let (major, minor) = split_decimal(digits).ok_or_else(bad)?;
    if major > MAX_AMOUNT_MAJOR {
        return Err(bad());
    }
    let currency = match (currency, symbol) {
        (Some(c), _) => Some(parse_currency(c).map_err(|_| ParseError::BadCurrency { got: c.to_string() })?),
        (None, Some(sym)) => Some(parse_currency(sym).map_err(|_| ParseError::BadCurrency { got: sym.to_string() })?),
        (None, None) => None,
    };
    Ok(Money { minor: major * 100 + minor, currency })
}

/// `1,299.50` → (1299, 50); `49,9` → (49, 90). Thousands separators only with a decimal point.
fn split_decimal(s: &str) -> Option<(i64, i64)> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    let (int, frac) = match (s.rfind('.'), s.rfind(',')) {
        (Some(d), _) => (s[..d].replace(',', ""), &s[d + 1..]),
        (None, Some(c)) if s.len() - c - 1 <= 2 && s.matches(',').count() == 1 => (s[..c].to_string(), &s[c + 1..]),
        (None, Some(_)) => (s.replace(',', ""), ""),
        (None, None) => (s.to_string(), ""),
    };
    if int.is_empty() || int.contains('.') || frac.len() > 2 || frac.contains([',', '.']) {
        return None;
    }
    let major: i64 = int.parse().ok()?;
    let minor: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    Some((major, minor))
}

/// `week`, `month`, `quarter` or an ISO week such as `2026-W47`.
pub fn funnel_period(word: &str) -> Result<FunnelPeriod, ParseError> {
    let w = word.trim().to_lowercase();
    match w.as_str() {
        "week" => Ok(FunnelPeriod::Week),
        "month" => Ok(FunnelPeriod::Month),
        "quarter" => Ok(FunnelPeriod::Quarter),
        _ => {
            let bad = || ParseError::BadPeriod { got: word.chars().take(40).collect() };
            let (y, wk) = w.split_once("-w").ok_or_else(bad)?;
            let year: i32 = y.parse().map_err(|_| bad())?;
            let week: u32 = wk.parse().map_err(|_| bad())?;
            chrono::NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon).ok_or_else(bad)?;
            Ok(FunnelPeriod::IsoWeek { year, week })
        }
    }
}

/// The words a choice accepts, for help and errors.
pub fn words_of<T: Word>() -> Vec<&'static str> {
    T::ALL.iter().map(|v| v.word()).collect()
}
