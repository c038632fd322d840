//! Logging, set up once: human output by default, JSON on request, a default filter that quiets
//! the platform libraries, and `RUST_LOG` on top.

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::config::LogFormat;

/// Installs the global subscriber. Later calls do nothing (tests may call it repeatedly).
pub fn init(format: LogFormat, default_filter: &str) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(default_filter))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Human => builder.with_target(false).try_init(),
        LogFormat::Json => builder.json().with_current_span(true).with_span_events(FmtSpan::NONE).try_init(),
    };
}

/// Writes an error and its whole cause chain to the log.
pub fn log_error_chain(context: &str, err: &(dyn std::error::Error + 'static)) {
    let mut chain = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    tracing::error!(error = %chain, "{context}");
}
