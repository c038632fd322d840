//! A community's own settings, changed with `/settings` and stored with the community. Every
//! field is optional: unset means the global default from the configuration.

use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::config::validate::{parse_time, parse_timezone, parse_weekday};
use crate::config::{Config, DigestConfig};
use crate::engine::Rules;
use crate::i18n::Lang;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommunitySettings {
    /// Where the digest goes: a Discord channel id or a Telegram chat id (default: the
    /// group itself on Telegram; on Discord the digest waits until a channel is set).
    pub digest_channel: Option<String>,
    pub digest_weekday: Option<String>,
    pub digest_time: Option<String>,
    pub timezone: Option<String>,
    pub language: Option<Lang>,
    /// Leaderboards are on unless switched off (Discord's policy forbids rewarding invites;
    /// some communities do not want rankings at all).
    pub leaderboards: Option<bool>,
    /// ISO 4217 code used when `/customer` gives an amount without one.
    pub currency: Option<String>,
    pub engaged_messages: Option<u32>,
    pub at_risk_days: Option<u32>,
    pub validation_days: Option<u32>,
    pub daily_cap: Option<u32>,
    pub cooldown_minutes: Option<u32>,
    /// Replaces the configured thanks words for this community.
    pub thanks_words: Option<Vec<String>>,
}

/// A setting's key as written in `/settings <key> <value>`.
pub const KEYS: &[&str] = &[
    "digest_channel",
    "digest_day",
    "digest_time",
    "timezone",
    "language",
    "leaderboards",
    "currency",
    "engaged_messages",
    "at_risk_days",
    "validation_days",
    "daily_cap",
    "cooldown_minutes",
    "thanks_words",
];

/// Why a setting was refused; rendered in the user's language.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    #[error("unknown setting `{0}`")]
    UnknownKey(String),
    #[error("`{value}` is not a valid {key}: {reason}")]
    BadValue { key: &'static str, value: String, reason: String },
}

/// The schedule a community's digest follows, with defaults filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub weekday: Weekday,
    pub time: NaiveTime,
    pub timezone: chrono_tz::Tz,
}

impl CommunitySettings {
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("settings serialize")
    }

    /// Changes one setting from user input. `reset` (or `default`) clears it. Bad input changes
    /// nothing.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), SettingError> {
        let value = value.trim();
        let reset = value.eq_ignore_ascii_case("reset") || value.eq_ignore_ascii_case("default");
        let bad = |key: &'static str, reason: String| SettingError::BadValue { key, value: value.into(), reason };
        let number = |key: &'static str, max: u32| -> Result<Option<u32>, SettingError> {
            if reset {
                return Ok(None);
            }
            match value.parse::<u32>() {
                Ok(n) if (1..=max).contains(&n) => Ok(Some(n)),
                _ => Err(bad(key, format!("a whole number from 1 to {max}"))),
            }
        };
        match key.trim().to_ascii_lowercase().as_str() {
            "digest_channel" => {
                self.digest_channel = if reset {
                    None
                } else {
                    let id = value.trim_start_matches("<#").trim_end_matches('>');
                    if id.is_empty() || id.len() > 32 || !id.chars().all(|c| c.is_ascii_digit() || c == '-') {
                        return Err(bad("digest_channel", "a channel (mention it, e.g. #admins)".into()));
                    }
                    Some(id.to_string())
                }
            }
            "digest_day" => {
                self.digest_weekday = if reset {
                    None
                } else {
                    let d = parse_weekday(value).map_err(|r| bad("digest_day", r))?;
                    Some(weekday_word(d).into())
                }
            }
            "digest_time" => {
                self.digest_time = if reset {
                    None
                } else {
                    let t = parse_time(value).map_err(|r| bad("digest_time", r))?;
                    Some(t.format("%H:%M").to_string())
                }
            }
            "timezone" => {
                self.timezone = if reset {
                    None
                } else {
                    Some(parse_timezone(value).map_err(|r| bad("timezone", r))?.name().to_string())
                }
            }
            "language" => {
                self.language = if reset {
                    None
                } else {
                    Some(value.parse::<Lang>().map_err(|_| bad("language", "en or he".into()))?)
                }
            }
            "leaderboards" => {
                self.leaderboards = if reset {
                    None
                } else {
                    Some(match value.to_ascii_lowercase().as_str() {
                        "on" | "true" | "yes" | "1" => true,
                        "off" | "false" | "no" | "0" => false,
                        _ => return Err(bad("leaderboards", "on or off".into())),
                    })
                }
            }
            "currency" => {
                self.currency = if reset { None } else { Some(parse_currency(value).map_err(|r| bad("currency", r))?) }
            }
            "engaged_messages" => self.engaged_messages = number("engaged_messages", 1000)?,
            "at_risk_days" => self.at_risk_days = number("at_risk_days", 365)?,
            "validation_days" => self.validation_days = number("validation_days", 365)?,
            "daily_cap" => self.daily_cap = number("daily_cap", 10_000)?,
            "cooldown_minutes" => self.cooldown_minutes = number("cooldown_minutes", 10_080)?,
            "thanks_words" => {
                self.thanks_words = if reset {
                    None
                } else {
                    let words: Vec<String> =
                        value.split(',').map(|w| w.trim().to_string()).filter(|w| !w.is_empty()).collect();
                    if words.is_empty() || words.len() > 100 || words.iter().any(|w| w.chars().count() > 40) {
                        return Err(bad("thanks_words", "1-100 comma-separated words of at most 40 characters".into()));
                    }
                    Some(words)
                }
            }
            other => return Err(SettingError::UnknownKey(other.chars().take(40).collect())),
        }
        Ok(())
    }

    /// Whether any rule differs from the global ones.
    pub fn overrides_rules(&self) -> bool {
        self.engaged_messages.is_some()
            || self.at_risk_days.is_some()
            || self.validation_days.is_some()
            || self.daily_cap.is_some()
            || self.cooldown_minutes.is_some()
            || self.thanks_words.is_some()
    }

    /// The community's rules: the global ones with this community's overrides.
    pub fn rules(&self, base: &Rules) -> Rules {
        let mut r = base.clone();
        if let Some(v) = self.engaged_messages {
            r.funnel.engaged_messages = v;
        }
        if let Some(v) = self.at_risk_days {
            r.funnel.at_risk_days = v;
            r.funnel.dormant_days = r.funnel.dormant_days.max(v + 1);
        }
        if let Some(v) = self.validation_days {
            r.attribution.validation_days = v;
        }
        if let Some(v) = self.daily_cap {
            r.ledger.daily_cap = v;
        }
        if let Some(v) = self.cooldown_minutes {
            r.ledger.cooldown_secs = u64::from(v) * 60;
        }
        if let Some(words) = &self.thanks_words {
            r.ledger.thanks_words.clone_from(words);
        }
        r
    }

    /// The digest schedule with defaults from the configuration.
    pub fn schedule(&self, defaults: &DigestConfig) -> Schedule {
        let weekday = self
            .digest_weekday
            .as_deref()
            .and_then(|d| parse_weekday(d).ok())
            .or_else(|| parse_weekday(&defaults.weekday).ok())
            .unwrap_or(Weekday::Mon);
        let time = self
            .digest_time
            .as_deref()
            .and_then(|t| parse_time(t).ok())
            .or_else(|| parse_time(&defaults.time).ok())
            .unwrap_or(NaiveTime::from_hms_opt(9, 0, 0).expect("09:00"));
        let timezone = self
            .timezone
            .as_deref()
            .and_then(|z| parse_timezone(z).ok())
            .or_else(|| parse_timezone(&defaults.timezone).ok())
            .unwrap_or(chrono_tz::UTC);
        Schedule { weekday, time, timezone }
    }

    pub fn language_or(&self, config: &Config) -> Lang {
        self.language.unwrap_or_else(|| config.digest.language.parse().unwrap_or_default())
    }

    pub fn leaderboards_on(&self) -> bool {
        self.leaderboards.unwrap_or(true)
    }
}

fn weekday_word(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// An ISO 4217 code (three letters) or a common symbol (`$`, `€`, `₪`, `£`).
pub fn parse_currency(s: &str) -> Result<String, String> {
    let s = s.trim();
    let code = match s {
        "$" => "USD".to_string(),
        "€" => "EUR".to_string(),
        "₪" => "ILS".to_string(),
        "£" => "GBP".to_string(),
        "¥" => "JPY".to_string(),
        "ש\"ח" | "ש״ח" | "שח" => "ILS".to_string(),
        _ if s.len() == 3 && s.chars().all(|c| c.is_ascii_alphabetic()) => s.to_ascii_uppercase(),
        _ => return Err(format!("`{s}` is not a currency: use a three-letter code such as USD, EUR or ILS")),
    };
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_validated_and_bad_input_changes_nothing() {
        let mut s = CommunitySettings::default();
        s.set("timezone", "Asia/Jerusalem").unwrap();
        s.set("digest_day", "Sunday").unwrap();
        s.set("digest_time", "08:30").unwrap();
        s.set("leaderboards", "off").unwrap();
        s.set("language", "he").unwrap();
        s.set("digest_channel", "<#1234>").unwrap();
        s.set("currency", "₪").unwrap();
        let before = s.clone();
        assert!(matches!(s.set("timezone", "Mars/Base"), Err(SettingError::BadValue { key: "timezone", .. })));
        assert!(s.set("digest_time", "9am").is_err());
        assert!(s.set("at_risk_days", "0").is_err());
        assert!(s.set("leaderboards", "maybe").is_err());
        assert!(matches!(s.set("colour", "blue"), Err(SettingError::UnknownKey(_))));
        assert_eq!(s, before);
        assert_eq!(s.digest_weekday.as_deref(), Some("sun"));
        assert_eq!(s.currency.as_deref(), Some("ILS"));
        assert_eq!(s.digest_channel.as_deref(), Some("1234"));
        assert!(!s.leaderboards_on());
        s.set("leaderboards", "reset").unwrap();
        assert!(s.leaderboards_on());
        let back = CommunitySettings::from_json(&s.to_json()).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn overrides_apply_over_the_global_rules() {
        let mut s = CommunitySettings::default();
        s.set("engaged_messages", "5").unwrap();
        s.set("cooldown_minutes", "2").unwrap();
        s.set("thanks_words", "merci, danke").unwrap();
        s.set("at_risk_days", "60").unwrap();
        let r = s.rules(&Rules::default());
        assert_eq!(r.funnel.engaged_messages, 5);
        assert_eq!(r.ledger.cooldown_secs, 120);
        assert_eq!(r.ledger.thanks_words, vec!["merci", "danke"]);
        assert!(r.funnel.dormant_days > 60);
        let sched = s.schedule(&DigestConfig::default());
        assert_eq!(sched.weekday, Weekday::Mon);
        assert_eq!(sched.timezone, chrono_tz::UTC);
    }
}
