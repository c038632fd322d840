use chrono::{NaiveTime, Weekday};
use secrecy::ExposeSecret;

use super::{Config, ConfigError};

fn invalid(key: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid { key, reason: reason.into() }
}

/// The languages snowball speaks.
pub const LANGUAGES: &[&str] = &["en", "he"];

impl Config {
    /// Checks what types alone cannot, naming the key at fault.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let db = &self.database;
        if !(db.url.starts_with("sqlite:") || db.url.starts_with("postgres://") || db.url.starts_with("postgresql://"))
        {
            return Err(invalid("database.url", format!("`{}` must start with sqlite:// or postgres://", db.url)));
        }
        if db.max_connections == 0 {
            return Err(invalid("database.max_connections", "must be at least 1"));
        }
        if db.batch_max_events == 0 || db.batch_max_events > 10_000 {
            return Err(invalid("database.batch_max_events", "must be between 1 and 10000"));
        }
        if db.batch_max_delay_ms == 0 || db.batch_max_delay_ms > 10_000 {
            return Err(invalid("database.batch_max_delay_ms", "must be between 1 and 10000"));
        }
        if db.queue_capacity < db.batch_max_events {
            return Err(invalid("database.queue_capacity", "must be at least database.batch_max_events"));
        }
        check_url("discord.api_url", &self.discord.api_url)?;
        check_url("telegram.api_url", &self.telegram.api_url)?;
        match self.discord.shards.as_slice() {
            [] => {}
            [first, last] if first <= last => {
                if self.discord.shard_total == 0 || *last >= self.discord.shard_total {
                    return Err(invalid(
                        "discord.shards",
                        "a shard range needs discord.shard_total greater than its last shard",
                    ));
                }
            }
            _ => return Err(invalid("discord.shards", "write it as [first, last] with first <= last")),
        }
        if self.telegram.poll_timeout_secs > 50 {
            return Err(invalid("telegram.poll_timeout_secs", "Telegram allows at most 50"));
        }
        let a = &self.attribution;
        if a.window_ms == 0 || a.window_ms > 60_000 {
            return Err(invalid("attribution.window_ms", "must be between 1 and 60000"));
        }
        if a.settle_ms > 60_000 {
            return Err(invalid("attribution.settle_ms", "must be at most 60000"));
        }
        if a.max_wait_ms <= a.settle_ms {
            return Err(invalid("attribution.max_wait_ms", "must be greater than attribution.settle_ms"));
        }
        let ledger = &self.ledger;
        if ledger.thanks_words.iter().any(|w| w.trim().is_empty()) {
            return Err(invalid("ledger.thanks_words", "contains an empty word"));
        }
        if ledger.max_mentions == 0 {
            return Err(invalid("ledger.max_mentions", "must be at least 1"));
        }
        let f = &self.funnel;
        for (key, v) in [
            ("funnel.engaged_messages", f.engaged_messages),
            ("funnel.engaged_window_days", f.engaged_window_days),
            ("funnel.contributor_exchanges", f.contributor_exchanges),
            ("funnel.contributor_distinct", f.contributor_distinct),
            ("funnel.contributor_window_days", f.contributor_window_days),
            ("funnel.ambassador_validated_referrals", f.ambassador_validated_referrals),
            ("funnel.ambassador_customer_referrals", f.ambassador_customer_referrals),
            ("funnel.at_risk_days", f.at_risk_days),
        ] {
            if v == 0 {
                return Err(invalid(key, "must be at least 1"));
            }
        }
        if f.dormant_days <= f.at_risk_days {
            return Err(invalid("funnel.dormant_days", "must be greater than funnel.at_risk_days"));
        }
        let d = &self.digest;
        parse_weekday(&d.weekday).map_err(|r| invalid("digest.weekday", r))?;
        parse_time(&d.time).map_err(|r| invalid("digest.time", r))?;
        parse_timezone(&d.timezone).map_err(|r| invalid("digest.timezone", r))?;
        if !LANGUAGES.contains(&d.language.as_str()) {
            return Err(invalid("digest.language", format!("`{}` is not one of: en, he", d.language)));
        }
        if d.check_interval_secs == 0 {
            return Err(invalid("digest.check_interval_secs", "must be at least 1"));
        }
        if !self.http.listen.is_empty() && self.http.listen.parse::<std::net::SocketAddr>().is_err() {
            return Err(invalid(
                "http.listen",
                format!("`{}` is not an address like 127.0.0.1:9090", self.http.listen),
            ));
        }
        Ok(())
    }

    /// Whether Discord runs: its token is set and not empty.
    pub fn discord_enabled(&self) -> bool {
        self.discord.token.as_ref().is_some_and(|t| !t.expose_secret().trim().is_empty())
    }

    /// Whether Telegram runs: its token is set and not empty.
    pub fn telegram_enabled(&self) -> bool {
        self.telegram.token.as_ref().is_some_and(|t| !t.expose_secret().trim().is_empty())
    }
}

fn check_url(key: &'static str, value: &str) -> Result<(), ConfigError> {
    let url = url::Url::parse(value).map_err(|e| invalid(key, format!("`{value}` is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(key, format!("`{value}` must be an http:// or https:// URL")));
    }
    Ok(())
}

/// `mon`…`sun` (or full English names).
pub fn parse_weekday(s: &str) -> Result<Weekday, String> {
    s.trim().parse::<Weekday>().map_err(|_| format!("`{s}` is not a weekday (mon, tue, … sun)"))
}

/// `HH:MM`, 24-hour.
pub fn parse_time(s: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| format!("`{s}` is not a time like 09:00"))
}

/// An IANA time zone such as `Asia/Jerusalem` or `UTC`.
pub fn parse_timezone(s: &str) -> Result<chrono_tz::Tz, String> {
    s.trim()
        .parse::<chrono_tz::Tz>()
        .map_err(|_| format!("`{s}` is not an IANA time zone (e.g. Asia/Jerusalem, America/New_York, UTC)"))
}
