#![allow(clippy::result_large_err)] // figment::Jail closures return figment::Error by design

use std::path::Path;

use figment::Jail;
use secrecy::ExposeSecret;

use super::*;

fn load(jail: &Jail, file: &str) -> Result<Config, ConfigError> {
    let _ = jail;
    Config::from_figment(Config::figment(Path::new(file)))
}

#[test]
fn defaults_apply_without_a_file() {
    Jail::expect_with(|jail| {
        let c = load(jail, "missing.toml").unwrap();
        assert_eq!(c.database.url, "sqlite://data/snowball.db");
        assert_eq!(c.digest.weekday, "mon");
        assert!(!c.discord_enabled());
        assert!(!c.telegram_enabled());
        Ok(())
    });
}

#[test]
fn file_overrides_defaults_and_environment_overrides_file() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "s.toml",
            r#"
            [database]
            url = "sqlite://from-file.db"
            batch_max_events = 200
            [digest]
            timezone = "Asia/Jerusalem"
            "#,
        )?;
        jail.set_env("SNOWBALL_DATABASE__URL", "postgres://postgres@127.0.0.1/x");
        jail.set_env("SNOWBALL_FUNNEL__AT_RISK_DAYS", "10");
        let c = load(jail, "s.toml").unwrap();
        assert_eq!(c.database.url, "postgres://postgres@127.0.0.1/x");
        assert_eq!(c.database.batch_max_events, 200, "file value kept where env is silent");
        assert_eq!(c.digest.timezone, "Asia/Jerusalem");
        assert_eq!(c.funnel.at_risk_days, 10);
        assert_eq!(c.funnel.dormant_days, 45, "default kept");
        Ok(())
    });
}

#[test]
fn conventional_token_variables_enable_platforms_and_snowball_ones_win() {
    Jail::expect_with(|jail| {
        jail.set_env("DISCORD_TOKEN", "conventional");
        jail.set_env("TELOXIDE_TOKEN", "tg-token");
        let c = load(jail, "none.toml").unwrap();
        assert!(c.discord_enabled() && c.telegram_enabled());
        assert_eq!(c.discord.token.as_ref().unwrap().expose_secret(), "conventional");
        jail.set_env("SNOWBALL_DISCORD__TOKEN", "specific");
        let c = load(jail, "none.toml").unwrap();
        assert_eq!(c.discord.token.as_ref().unwrap().expose_secret(), "specific");
        Ok(())
    });
}

#[test]
fn an_empty_token_does_not_enable_a_platform() {
    Jail::expect_with(|jail| {
        jail.set_env("SNOWBALL_TELEGRAM__TOKEN", "\"\"");
        let c = load(jail, "none.toml").unwrap();
        assert!(!c.telegram_enabled());
        Ok(())
    });
}

#[test]
fn tokens_never_show_in_debug_output() {
    Jail::expect_with(|jail| {
        jail.set_env("SNOWBALL_DISCORD__TOKEN", "super-secret-token");
        jail.set_env("SNOWBALL_TELEGRAM__TOKEN", "123:also-secret");
        let c = load(jail, "none.toml").unwrap();
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("super-secret-token"), "{dbg}");
        assert!(!dbg.contains("also-secret"), "{dbg}");
        let json = serde_json::to_string(&c).unwrap();
        assert!(!json.contains("super-secret-token") && !json.contains("also-secret"), "{json}");
        Ok(())
    });
}

#[test]
fn unknown_keys_fail_naming_the_key() {
    Jail::expect_with(|jail| {
        jail.create_file("s.toml", "[database]\nurll = \"sqlite://x.db\"\n")?;
        let err = load(jail, "s.toml").unwrap_err().to_string();
        assert!(err.contains("urll"), "{err}");
        Ok(())
    });
    Jail::expect_with(|jail| {
        jail.set_env("SNOWBALL_DATABSE__URL", "sqlite://x.db");
        let err = load(jail, "none.toml").unwrap_err().to_string();
        assert!(err.contains("databse"), "{err}");
        Ok(())
    });
}

#[test]
fn other_snowball_variables_are_not_configuration() {
    Jail::expect_with(|jail| {
        jail.set_env("SNOWBALL_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1/test");
        assert!(load(jail, "none.toml").is_ok());
        Ok(())
    });
}

#[test]
fn bad_values_fail_naming_the_key() {
    let cases = [
        ("[database]\nbatch_max_events = \"many\"\n", "batch_max_events"),
        ("[database]\nurl = \"mysql://x\"\n", "database.url"),
        ("[digest]\ntimezone = \"Mars/Olympus\"\n", "digest.timezone"),
        ("[digest]\ntime = \"25:00\"\n", "digest.time"),
        ("[digest]\nweekday = \"someday\"\n", "digest.weekday"),
        ("[digest]\nlanguage = \"fr\"\n", "digest.language"),
        ("[funnel]\nat_risk_days = 30\ndormant_days = 20\n", "funnel.dormant_days"),
        ("[discord]\napi_url = \"ftp://x\"\n", "discord.api_url"),
        ("[discord]\nshards = [0, 3]\nshard_total = 2\n", "discord.shards"),
        ("[http]\nlisten = \"nowhere\"\n", "http.listen"),
        ("[log]\nformat = \"xml\"\n", "format"),
    ];
    for (toml, key) in cases {
        Jail::expect_with(|jail| {
            jail.create_file("s.toml", toml)?;
            let err = load(jail, "s.toml").unwrap_err().to_string();
            assert!(err.contains(key), "{toml:?}: {err}");
            Ok(())
        });
    }
}

#[test]
fn an_explicit_config_path_must_exist() {
    let err = Config::load(Some(Path::new("/definitely/not/here.toml"))).unwrap_err();
    assert!(matches!(err, ConfigError::MissingFile(_)));
}

#[test]
fn the_example_file_documents_the_defaults() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/config/snowball.example.toml");
    let from_file: Config = Config::from_figment(
        figment::Figment::from(figment::providers::Serialized::defaults(Config::default()))
            .merge(figment::providers::Toml::file_exact(example)),
    )
    .unwrap();
    let a = serde_json::to_value(&from_file).unwrap();
    let b = serde_json::to_value(Config::default()).unwrap();
    assert_eq!(a, b, "config/snowball.example.toml disagrees with the built-in defaults");
    // Every key of the defaults appears in the example, so the file documents each one.
    let text = std::fs::read_to_string(example).unwrap();
    for (section, keys) in b.as_object().unwrap() {
        assert!(text.contains(&format!("[{section}]")), "section [{section}] missing");
        for key in keys.as_object().unwrap().keys() {
            assert!(
                text.contains(&format!("\n{key} =")) || text.contains(&format!("\n# {key} =")),
                "key {section}.{key} missing"
            );
        }
    }
}

mod arbitrary {
    use figment::Figment;
    use figment::providers::{Format, Serialized, Toml};
    use proptest::prelude::*;

    use super::*;

    /// Every key of the configuration, as `section.key`.
    fn keys() -> Vec<String> {
        let json = serde_json::to_value(Config::default()).unwrap();
        let mut out = Vec::new();
        for (section, table) in json.as_object().unwrap() {
            for key in table.as_object().unwrap().keys() {
                out.push(format!("{section}.{key}"));
            }
        }
        out
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            any::<bool>().prop_map(|b| b.to_string()),
            "\\PC{0,24}".prop_map(|s| format!("{s:?}")),
            Just("[]".to_string()),
            Just("[1, -2, 3]".to_string()),
            Just("\"Asia/Jerusalem\"".to_string()),
            Just("{ nested = 1 }".to_string()),
        ]
    }

    fn load(doc: &str) -> Result<Config, ConfigError> {
        Config::from_figment(Figment::from(Serialized::defaults(Config::default())).merge(Toml::string(doc)))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        /// Any value for any key: a valid configuration or an error that names the key; never a
        /// panic.
        #[test]
        fn any_value_for_any_key_is_accepted_or_named(
            key in prop::sample::select(keys()),
            value in value(),
        ) {
            let (section, name) = key.split_once('.').unwrap();
            let doc = format!("[{section}]\n{name} = {value}\n");
            if let Err(e) = load(&doc) {
                let msg = e.to_string();
                prop_assert!(msg.contains(name) || msg.contains(section), "{doc} → {msg}");
            }
        }

        /// Arbitrary text is either TOML snowball understands or a clear error.
        #[test]
        fn arbitrary_text_never_panics(doc in "\\PC{0,120}") {
            if let Err(e) = load(&doc) {
                prop_assert!(!e.to_string().is_empty());
            }
        }

        /// An unknown key is refused, naming it.
        #[test]
        fn unknown_keys_are_refused_by_name(
            section in prop::sample::select(vec!["database", "discord", "telegram", "digest", "funnel"]),
            key in "[a-z]{3,12}_x",
        ) {
            let e = load(&format!("[{section}]\n{key} = 1\n")).unwrap_err().to_string();
            prop_assert!(e.contains(&key), "{e}");
        }
    }
}
