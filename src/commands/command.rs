//! A parsed command: what the caller asked for, with validated arguments. Adapters build it
//! (Discord from slash-command options, Telegram with [`super::parse`]).

use serde::{Deserialize, Serialize};

use crate::domain::{UserId, ValueKind, words};
pub use crate::engine::leaderboard::{Board, Period};

/// The period `/funnel` looks at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FunnelPeriod {
    Week,
    Month,
    Quarter,
    /// An ISO week such as `2026-W47`.
    IsoWeek {
        year: i32,
        week: u32,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Members,
    Joins,
    Value,
    Customers,
}
words!(ExportKind { Members => "members", Joins => "joins", Value => "value", Customers => "customers" });

/// A sale amount in minor units with its currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    /// `None` = the community's default currency.
    pub currency: Option<String>,
}

/// Every command of the catalogue with its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Invite,
    Me {
        export: bool,
    },
    Leaderboard {
        board: Board,
        period: Period,
    },
    Thanks {
        member: UserId,
        kind: ValueKind,
        note: Option<String>,
    },
    Help {
        command: Option<String>,
    },
    Member {
        member: UserId,
    },
    Funnel {
        period: FunnelPeriod,
    },
    Customer {
        member: UserId,
        sale: Option<Money>,
    },
    Professional {
        add: bool,
        member: UserId,
    },
    CampaignCreate {
        name: String,
        paid: bool,
    },
    CampaignList,
    DigestPreview,
    DigestNow,
    /// `None` shows the settings; `Some((key, value))` changes one.
    Settings {
        change: Option<(String, String)>,
    },
    Export {
        what: ExportKind,
    },
    Forget {
        member: UserId,
    },
    Setup,
}

impl Command {
    /// The catalogue name of the command.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Invite => "invite",
            Command::Me { .. } => "me",
            Command::Leaderboard { .. } => "leaderboard",
            Command::Thanks { .. } => "thanks",
            Command::Help { .. } => "help",
            Command::Member { .. } => "member",
            Command::Funnel { .. } => "funnel",
            Command::Customer { .. } => "customer",
            Command::Professional { .. } => "professional",
            Command::CampaignCreate { .. } | Command::CampaignList => "campaign",
            Command::DigestPreview | Command::DigestNow => "digest",
            Command::Settings { .. } => "settings",
            Command::Export { .. } => "export",
            Command::Forget { .. } => "forget",
            Command::Setup => "setup",
        }
    }

    pub fn spec(&self) -> &'static super::CommandSpec {
        super::catalogue::find(self.name()).expect("every command is in the catalogue")
    }
}
