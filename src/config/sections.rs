use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// Where the store lives and how writes are batched.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite://path` (embedded, created on first run) or `postgres://user@host/db`.
    pub url: String,
    pub max_connections: u32,
    /// Connections `snowball run` keeps open even when idle (at most `max_connections`; by
    /// default all of them), so a command never waits for a new one to be set up.
    pub min_connections: u32,
    /// Group commit: the writer commits when this many events wait…
    pub batch_max_events: usize,
    /// …or when the oldest waiting event is this old (the crash-loss window on Discord).
    pub batch_max_delay_ms: u64,
    /// Events waiting for the database (e.g. while it is down); past this they are dropped,
    /// counted and logged.
    pub queue_capacity: usize,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: "sqlite://data/snowball.db".into(),
            max_connections: 8,
            min_connections: 8,
            batch_max_events: 5000,
            batch_max_delay_ms: 50,
            queue_capacity: 100_000,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Human,
    Json,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// `human` or `json` (also `--log-format`).
    pub format: LogFormat,
    /// A `tracing` filter; `RUST_LOG` overrides it.
    pub filter: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            format: LogFormat::Human,
            filter: "info,serenity=warn,poise=warn,teloxide=warn,teloxide_core=warn,sqlx=warn,hyper=warn,h2=warn,rustls=warn,tungstenite=warn,tokio_tungstenite=warn".into(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiscordConfig {
    /// Bot token; Discord is enabled when it is set. Also `DISCORD_TOKEN`.
    #[serde(serialize_with = "serialize_secret")]
    pub token: Option<SecretString>,
    /// Base URL for REST calls. Anything but the default sends every call through
    /// serenity's proxy mode, which disables serenity's own rate limiter: the proxy must
    /// rate-limit (e.g. twilight's http-proxy).
    pub api_url: String,
    /// Shards this process runs, as `[first, last]` (inclusive); empty = all.
    pub shards: Vec<u32>,
    /// Total shards across all processes; 0 = ask Discord.
    pub shard_total: u32,
    /// Role ids whose holders are managers (owner and Manage Server always are).
    pub manager_roles: Vec<u64>,
    /// Role ids whose holders are professionals.
    pub professional_roles: Vec<u64>,
    /// Role ids whose holders are customers.
    pub customer_roles: Vec<u64>,
}

impl Default for DiscordConfig {
    fn default() -> Self {
        Self {
            token: None,
            api_url: "https://discord.com".into(),
            shards: Vec::new(),
            shard_total: 0,
            manager_roles: Vec::new(),
            professional_roles: Vec::new(),
            customer_roles: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelegramConfig {
    /// Bot token; Telegram is enabled when it is set. Also `TELOXIDE_TOKEN`.
    #[serde(serialize_with = "serialize_secret")]
    pub token: Option<SecretString>,
    /// Bot API base URL (a local Bot API server works too).
    pub api_url: String,
    /// How long a chat's administrator list is trusted before it is fetched again.
    pub admin_cache_secs: u64,
    /// Long-polling timeout passed to `getUpdates`.
    pub poll_timeout_secs: u32,
}

impl Default for TelegramConfig {
    fn default() -> Self {
        Self { token: None, api_url: "https://api.telegram.org".into(), admin_cache_secs: 60, poll_timeout_secs: 25 }
    }
}

/// The attribution engine's windows and quality rules.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AttributionConfig {
    /// Joins in a community within this window are resolved together with one invite fetch.
    pub window_ms: u64,
    /// The longest a join's gateway event may lag the join (and the invite use it made): a
    /// fetch is only trusted to show which joins it counted this long after it returned.
    pub settle_ms: u64,
    /// A join's answer is given at most about this long after its event arrived; windows are
    /// resolved together only while that holds (longer waits can be more exact in busy times).
    pub max_wait_ms: u64,
    /// Accounts younger than this are flagged `suspect`.
    pub suspect_account_days: u32,
    /// A referral is `pending` until the invitee stayed this long, then `validated`.
    pub validation_days: u32,
}

impl Default for AttributionConfig {
    fn default() -> Self {
        Self { window_ms: 500, settle_ms: 1000, max_wait_ms: 2000, suspect_account_days: 7, validation_days: 7 }
    }
}

/// The value ledger: what counts as thanks, which reactions credit, and anti-abuse limits.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LedgerConfig {
    /// Words and phrases that thank (matched case-insensitively as whole words).
    pub thanks_words: Vec<String>,
    /// Reactions that credit the message's author.
    pub reaction_emoji: Vec<String>,
    /// At most this many mentioned members are credited by one thanks.
    pub max_mentions: usize,
    /// The same giver → receiver pair is credited at most once per this many seconds.
    pub cooldown_secs: u64,
    /// A member records (as the thanker, reactor, answerer or `/thanks` author) at most this
    /// many exchanges in any 24 hours. A manager's logged value is exempt from both limits.
    pub daily_cap: u32,
}

impl Default for LedgerConfig {
    fn default() -> Self {
        Self {
            thanks_words: [
                "thanks",
                "thank you",
                "thank u",
                "thx",
                "thnx",
                "tnx",
                "ty",
                "tysm",
                "appreciate",
                "appreciated",
                "cheers",
                "תודה",
                "תודה רבה",
                "תודה ענקית",
                "תודות",
                "תנקס",
                "תנקיו",
                "מעריך",
                "מעריכה",
                "🙏",
            ]
            .map(String::from)
            .to_vec(),
            reaction_emoji: ["🙏", "❤️", "🔥", "💯", "👏"].map(String::from).to_vec(),
            max_mentions: 3,
            cooldown_secs: 600,
            daily_cap: 20,
        }
    }
}

/// The funnel's stage rules and the activity status.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FunnelConfig {
    /// engaged = this many messages…
    pub engaged_messages: u32,
    /// …within this many days of joining.
    pub engaged_window_days: u32,
    /// contributor = value given this many times…
    pub contributor_exchanges: u32,
    /// …to at least this many distinct members…
    pub contributor_distinct: u32,
    /// …within this many days.
    pub contributor_window_days: u32,
    /// ambassador = this many validated referrals…
    pub ambassador_validated_referrals: u32,
    /// …or this many referrals who became customers.
    pub ambassador_customer_referrals: u32,
    /// Quiet this many days → `at_risk`.
    pub at_risk_days: u32,
    /// Quiet this many days → `dormant`.
    pub dormant_days: u32,
    /// Leave managers and professionals out of funnel statistics.
    pub exclude_staff: bool,
}

impl Default for FunnelConfig {
    fn default() -> Self {
        Self {
            engaged_messages: 3,
            engaged_window_days: 14,
            contributor_exchanges: 3,
            contributor_distinct: 2,
            contributor_window_days: 30,
            ambassador_validated_referrals: 2,
            ambassador_customer_referrals: 1,
            at_risk_days: 14,
            dormant_days: 45,
            exclude_staff: true,
        }
    }
}

/// Defaults for each community's digest; `/settings` overrides them per community.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DigestConfig {
    /// `mon` … `sun`.
    pub weekday: String,
    /// Local time, `HH:MM`.
    pub time: String,
    /// IANA time zone, e.g. `Asia/Jerusalem`.
    pub timezone: String,
    /// `en` or `he`.
    pub language: String,
    /// How often the scheduler looks for due digests.
    pub check_interval_secs: u64,
}

impl Default for DigestConfig {
    fn default() -> Self {
        Self {
            weekday: "mon".into(),
            time: "09:00".into(),
            timezone: "UTC".into(),
            language: "en".into(),
            check_interval_secs: 60,
        }
    }
}

/// The local HTTP endpoint for `/metrics` and `/healthz`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    /// e.g. `127.0.0.1:9090`; empty = off.
    pub listen: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacyConfig {
    /// Delete raw events older than this many days (projections are kept); 0 = keep.
    pub retain_events_days: u32,
}

fn serialize_secret<S: serde::Serializer>(value: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    // Secrets are never written back out.
    match value {
        Some(_) => s.serialize_str("<redacted>"),
        None => s.serialize_none(),
    }
}
