//! Observability: metrics and the `/metrics` + `/healthz` endpoint.

pub mod http;
mod metrics;

pub use metrics::Metrics;
