//! The command line: `snowball run | migrate | demo | digest | export | communities | recompute`.

mod args;

use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;
use chrono_tz::Tz;
use clap::Parser;

pub use args::{Cli, Command, OutputFormat};

use crate::config::Config;
use crate::demo::{DemoOptions, tour};
use crate::digest::{DigestPeriod, num, render_json, render_markdown, render_text};
use crate::domain::CommunityKey;
use crate::engine::Rules;
use crate::i18n::Lang;
use crate::settings::CommunitySettings;
use crate::store::{CommunityId, Store};

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("snowball: {e}");
            return ExitCode::from(2);
        }
    };
    let format = cli.log_format.unwrap_or(config.log.format);
    crate::telemetry::init(format, &config.log.filter);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("snowball: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(dispatch(cli.command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("snowball: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn dispatch(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Migrate => {
            let store = open_store(&config).await?;
            emitln(format!("migrations applied to {}", crate::store::redact_url(&config.database.url)))?;
            store.close().await;
            Ok(())
        }
        Command::Communities { format } => {
            let store = open_store(&config).await?;
            let list = store.communities().await?;
            match format {
                OutputFormat::Json => emitln(serde_json::to_string_pretty(&list)?)?,
                _ if list.is_empty() => emitln("no communities yet (try `snowball demo`)".into())?,
                _ => {
                    for c in list {
                        emitln(format!(
                            "{:<32} {:>8} members {:>10} events  {}",
                            c.key.to_string(),
                            c.members,
                            c.events,
                            c.name.unwrap_or_default()
                        ))?;
                    }
                }
            }
            Ok(())
        }
        Command::Run => {
            let stop = crate::runtime::shutdown_on_signals();
            crate::runtime::run(config, crate::app::App::system_clock(), stop).await
        }
        Command::Demo { members, weeks, seed, name } => {
            if !(1..=1_000_000).contains(&members) || !(1..=520).contains(&weeks) {
                anyhow::bail!("--members must be 1…1000000 and --weeks 1…520");
            }
            let store = open_store(&config).await?;
            let rules = Rules::from_config(&config);
            let tz = timezone(&config)?;
            let started = std::time::Instant::now();
            let opts = DemoOptions { members, weeks, seed, name };
            let outcome = crate::demo::run(&store, &rules, &opts, tz, Utc::now()).await?;
            emitln(format!(
                "Generated {}: {} members and {} events over {} weeks (seed {}) in {:.1} s, stored in {}.\n",
                outcome.key,
                num(i64::from(members)),
                num(outcome.events as i64),
                weeks,
                seed,
                started.elapsed().as_secs_f64(),
                crate::store::redact_url(&config.database.url)
            ))?;
            emitln(render_text(&outcome.digest))?;
            emit(tour(&outcome.key, outcome.period))?;
            store.close().await;
            Ok(())
        }
        Command::Digest { community, period, format, lang, chart } => {
            let store = open_store(&config).await?;
            let id = find(&store, &community).await?;
            let tz = timezone(&config)?;
            let now = Utc::now();
            let period = match period {
                Some(p) => p.parse::<DigestPeriod>()?,
                None => DigestPeriod::last_complete_week(now, tz),
            };
            let digest = crate::digest::build(&store, id, period, &Rules::from_config(&config), tz, now).await?;
            match (format, lang) {
                (OutputFormat::Json, _) => emitln(render_json(&digest))?,
                (_, Some(lang)) => emit(crate::commands::views::digest(lang, &digest).plain())?,
                (OutputFormat::Text, None) => emit(render_text(&digest))?,
                (OutputFormat::Markdown, None) => emit(render_markdown(&digest))?,
            }
            if let Some(path) = chart {
                let lang = chart_language(&store, id, lang, &config).await?;
                let png = crate::digest::chart(&store, id, &digest, lang).await?;
                std::fs::write(&path, png).with_context(|| format!("writing {}", path.display()))?;
                eprintln!("chart written to {}", path.display());
            }
            store.close().await;
            Ok(())
        }
        Command::Export { what, community, out } => {
            let store = open_store(&config).await?;
            let id = store
                .find_community(&community)
                .await?
                .with_context(|| format!("no community {community} in the store (see `snowball communities`)"))?;
            let table = export_table(what);
            let rows = match out {
                Some(path) => {
                    let file = std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
                    crate::export::write_csv(&store, id, table, None, std::io::BufWriter::new(file)).await?
                }
                None => crate::export::write_csv(&store, id, table, None, std::io::stdout().lock()).await?,
            };
            eprintln!("{rows} rows exported");
            Ok(())
        }
        Command::Recompute { community } => {
            let store = open_store(&config).await?;
            let id = find(&store, &community).await?;
            let started = std::time::Instant::now();
            let r = store.recompute(id, &Rules::from_config(&config), Utc::now()).await?;
            emitln(format!(
                "Recomputed {community} from {} events in {:.1} s: {} members, {} value exchanges, {} stage transitions, \
                 {} sales, {} referrals.",
                num(r.events as i64),
                started.elapsed().as_secs_f64(),
                num(r.members),
                num(r.value_exchanges),
                num(r.transitions),
                num(r.customers),
                num(r.referrals)
            ))?;
            store.close().await;
            Ok(())
        }
    }
}

/// Writes to standard output; a reader that went away (`snowball digest | head`) ends the
/// output quietly instead of failing.
fn emit(text: String) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn emitln(text: String) -> anyhow::Result<()> {
    emit(text + "\n")
}

/// The digest time zone from the configuration (`digest.timezone`).
fn timezone(config: &Config) -> anyhow::Result<Tz> {
    crate::config::validate::parse_timezone(&config.digest.timezone)
        .map_err(|e| anyhow::anyhow!("digest.timezone: {e}"))
}

/// A community's id, or an error that says how to find the right one.
async fn find(store: &Store, key: &CommunityKey) -> anyhow::Result<CommunityId> {
    store
        .find_community(key)
        .await?
        .with_context(|| format!("{key} is not in the store (`snowball communities` lists those that are)"))
}

fn export_table(kind: args::ExportKind) -> crate::store::export::ExportTable {
    use crate::store::export::ExportTable;
    match kind {
        args::ExportKind::Members => ExportTable::Members,
        args::ExportKind::Joins => ExportTable::Joins,
        args::ExportKind::Value => ExportTable::Value,
        args::ExportKind::Customers => ExportTable::Customers,
    }
}

/// `--lang`, else the community's language setting, else `digest.language`.
async fn chart_language(store: &Store, id: CommunityId, lang: Option<Lang>, config: &Config) -> anyhow::Result<Lang> {
    if let Some(l) = lang {
        return Ok(l);
    }
    let settings = CommunitySettings::from_json(&store.community_settings_json(id).await?).unwrap_or_default();
    Ok(settings.language_or(config))
}

/// Opens the configured store and applies migrations.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    Store::connect(&config.database.url, config.database.max_connections)
        .await
        .with_context(|| format!("opening the store at {}", crate::store::redact_url(&config.database.url)))
}
