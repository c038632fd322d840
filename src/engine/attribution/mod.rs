//! Attribution: who brought whom, with honest confidence.

mod quality;

pub use quality::assess_quality;
