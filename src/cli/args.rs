use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::LogFormat;
use crate::domain::CommunityKey;

/// snowball: who brought whom, who helps whom, and who is becoming a customer — for Discord
/// and Telegram communities.
#[derive(Debug, Parser)]
#[command(name = "snowball", version, about, long_about = None)]
pub struct Cli {
    /// Configuration file (default: config/snowball.toml if it exists).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Log format (overrides log.format).
    #[arg(long, global = true, value_enum)]
    pub log_format: Option<LogFormat>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bot on every platform that has a token.
    Run,
    /// Apply database migrations and exit.
    Migrate,
    /// Generate a seeded synthetic community through the real engine and print its digest.
    Demo {
        /// Members to generate.
        #[arg(long, default_value_t = 3000)]
        members: u32,
        /// Weeks of history.
        #[arg(long, default_value_t = 8)]
        weeks: u32,
        /// Random seed (the same seed gives the same community).
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Name of the demo community (`demo:<name>`).
        #[arg(long, default_value = "acme")]
        name: String,
    },
    /// Print a community's digest for a period.
    Digest {
        /// `discord:<guild id>`, `telegram:<chat id>` or `demo:<name>`.
        #[arg(long)]
        community: CommunityKey,
        /// ISO week such as 2026-W47 (default: the last complete week).
        #[arg(long)]
        period: Option<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// `en` or `he`: print the digest as it is posted in the chat, in this language,
        /// instead of the terminal layout; also the chart's language (the chart's default is
        /// the community's language, else `digest.language`).
        #[arg(long, value_name = "LANG")]
        lang: Option<crate::i18n::Lang>,
        /// Also write the digest chart (PNG) to this file.
        #[arg(long, value_name = "PATH")]
        chart: Option<PathBuf>,
    },
    /// Write a CSV export to standard output or a file.
    Export {
        #[arg(value_enum)]
        what: ExportKind,
        #[arg(long)]
        community: CommunityKey,
        /// Write here instead of standard output.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// List the communities in the store.
    Communities {
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Rebuild a community's projections (stages, value, counts) from its event log with the
    /// current rules.
    Recompute {
        #[arg(long)]
        community: CommunityKey,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    Members,
    Joins,
    Value,
    Customers,
}
