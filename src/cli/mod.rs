//! The command line: `snowball run | migrate | demo | digest | export | communities | recompute`.

mod args;

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

pub use args::{Cli, Command, OutputFormat};

use crate::config::Config;
use crate::store::Store;

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
            println!("migrations applied to {}", crate::store::redact_url(&config.database.url));
            store.close().await;
            Ok(())
        }
        Command::Communities { format } => {
            let store = open_store(&config).await?;
            let list = store.communities().await?;
            match format {
                OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&list)?),
                _ if list.is_empty() => println!("no communities yet (try `snowball demo`)"),
                _ => {
                    for c in list {
                        println!(
                            "{:<32} {:>8} members {:>10} events  {}",
                            c.key.to_string(),
                            c.members,
                            c.events,
                            c.name.unwrap_or_default()
                        );
                    }
                }
            }
            Ok(())
        }
        Command::Run => not_yet("run", "the Discord and Telegram adapters"),
        Command::Demo { .. } => not_yet("demo", "the demo community generator"),
        Command::Digest { .. } => not_yet("digest", "the digest"),
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
        Command::Recompute { .. } => not_yet("recompute", "recompute"),
    }
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

fn not_yet(command: &str, what: &str) -> anyhow::Result<()> {
    anyhow::bail!("`snowball {command}` is not available yet: {what} has not landed in this build")
}

/// Opens the configured store and applies migrations.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    Store::connect(&config.database.url, config.database.max_connections)
        .await
        .with_context(|| format!("opening the store at {}", crate::store::redact_url(&config.database.url)))
}
