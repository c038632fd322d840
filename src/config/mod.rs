//! Layered configuration: built-in defaults → `config/snowball.toml` (or `--config PATH`) →
//! `SNOWBALL_*` environment variables (`__` for nesting) and the conventional `DISCORD_TOKEN` /
//! `TELOXIDE_TOKEN`.
//!
//! Unknown keys and bad values fail at start with a message that names the key. Tokens are
//! [`SecretString`]s: they never show in `Debug` output or logs.

mod sections;
pub mod validate;

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

pub use sections::*;

/// The whole configuration. Every section has defaults, so an empty file is valid.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub database: DatabaseConfig,
    pub log: LogConfig,
    pub discord: DiscordConfig,
    pub telegram: TelegramConfig,
    pub attribution: AttributionConfig,
    pub ledger: LedgerConfig,
    pub funnel: FunnelConfig,
    pub digest: DigestConfig,
    pub http: HttpConfig,
    pub privacy: PrivacyConfig,
}

/// The file read when `--config` is not given (it is fine for it not to exist).
pub const DEFAULT_CONFIG_PATH: &str = "config/snowball.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {0} does not exist")]
    MissingFile(PathBuf),
    #[error("configuration: {0}")]
    Load(Box<figment::Error>),
    #[error("configuration key `{key}`: {reason}")]
    Invalid { key: &'static str, reason: String },
}

impl Config {
    /// Loads the configuration the way `snowball` does at start. With `path = None` the default
    /// file is read if it exists; an explicit path must exist.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        let file = match path {
            Some(p) if !p.exists() => return Err(ConfigError::MissingFile(p.to_path_buf())),
            Some(p) => p.to_path_buf(),
            None => PathBuf::from(DEFAULT_CONFIG_PATH),
        };
        Self::from_figment(Self::figment(&file))
    }

    /// The provider stack, lowest precedence first.
    pub fn figment(file: &Path) -> Figment {
        Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(file))
            .merge(Env::raw().only(&["DISCORD_TOKEN"]).map(|_| "discord.token".into()))
            .merge(Env::raw().only(&["TELOXIDE_TOKEN"]).map(|_| "telegram.token".into()))
            // Only nested keys (`SNOWBALL_SECTION__KEY`): other `SNOWBALL_*` variables, such as
            // `SNOWBALL_TEST_POSTGRES_URL`, are not configuration.
            .merge(Env::prefixed("SNOWBALL_").filter(|k| k.as_str().contains("__")).split("__"))
    }

    pub fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        let config: Config = figment.extract().map_err(|e| ConfigError::Load(Box::new(e)))?;
        config.validate()?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests;
