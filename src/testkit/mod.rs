//! Test support shared by the crate's tests, integration tests and benchmarks: fake platform
//! servers and a recording [`PlatformOps`](crate::commands::PlatformOps).

pub mod ops;
