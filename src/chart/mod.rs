//! The weekly digest's chart: a PNG drawn in-process with `plotters` (no system fonts: DejaVu
//! Sans is embedded). Two panels on a dark card that reads in Discord's and Telegram's dark and
//! light themes: the funnel (members per stage, with the period's arrivals into each stage), and
//! joins by source over recent weeks (stacked bars).
//!
//! Plain data in ([`ChartData`]), PNG bytes out. Labels come from the Fluent files; Hebrew is
//! laid out right to left (the whole picture is mirrored, and text is put in visual order).

mod funnel;
mod layout;
mod sources;
mod text;

use plotters::prelude::*;

use crate::digest::{Digest, SourceHistory};
use crate::domain::Stage;
use crate::i18n::Lang;

pub use layout::{HEIGHT, WIDTH};
pub use text::visual;

/// The chart's file name when attached to a message.
pub const FILE_NAME: &str = "digest-chart.png";

/// One bar of the funnel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunnelBar {
    pub stage: Stage,
    /// Members at the stage at the end of the period.
    pub members: i64,
    /// Members who arrived at the stage during the period: joins for newcomers, promotions
    /// for the other stages.
    pub arrived: i64,
}

/// What the chart shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartData {
    /// The community's name (or key).
    pub community: String,
    /// `2026-W47` or `2026-11`.
    pub period: String,
    /// Whether the period is a week (else a month).
    pub weekly: bool,
    /// The period is not over yet (a preview).
    pub complete: bool,
    pub funnel: Vec<FunnelBar>,
    pub sources: SourceHistory,
}

impl ChartData {
    /// The chart of a digest, with joins by source over the weeks up to its period.
    pub fn from_digest(d: &Digest, sources: SourceHistory) -> Self {
        Self {
            community: d.community_name.clone().unwrap_or_else(|| d.community.clone()),
            period: d.period.clone(),
            weekly: d.period.contains('W'),
            complete: d.complete,
            funnel: d
                .funnel
                .stages
                .iter()
                .map(|s| FunnelBar {
                    stage: s.stage,
                    members: s.members,
                    // Newcomers arrive by joining; the other stages by promotion.
                    arrived: if s.stage == Stage::Newcomer { d.growth.joins.value } else { s.entered.value },
                })
                .collect(),
            sources,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the embedded font could not be loaded")]
    Font,
    #[error("drawing the chart: {0}")]
    Draw(String),
    #[error("encoding the chart as PNG")]
    Encode(#[from] png::EncodingError),
}

fn draw_error<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError::Draw(format!("{e:?}"))
}

/// The chart as PNG bytes, `WIDTH` × `HEIGHT` pixels, labels in `lang`.
pub fn render(data: &ChartData, lang: Lang) -> Result<Vec<u8>, ChartError> {
    text::register_font()?;
    let (w, h) = (WIDTH, HEIGHT);
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        let canvas = layout::Canvas::new(&root, lang);
        layout::header(&canvas, data)?;
        funnel::draw(&canvas, &data.funnel, data.weekly)?;
        sources::draw(&canvas, &data.sources)?;
        root.present().map_err(draw_error)?;
    }
    encode(&rgb, w, h)
}

fn encode(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{SourceHistory, assemble_sources, recent_weeks};
    use crate::testkit::picture::decode_png;

    fn quiet() -> ChartData {
        let weeks = recent_weeks("2026-11".parse().unwrap(), 8);
        ChartData {
            community: "שקט · Quiet".into(),
            period: "2026-11".into(),
            weekly: false,
            complete: false,
            funnel: Vec::new(),
            sources: assemble_sources(&weeks, &[]),
        }
    }

    #[test]
    fn an_empty_community_still_gets_a_picture_in_both_languages() {
        for lang in [Lang::En, Lang::He] {
            for data in [quiet(), ChartData { sources: SourceHistory::default(), ..quiet() }] {
                let png = render(&data, lang).unwrap();
                let p = decode_png(&png).unwrap();
                assert_eq!((p.width, p.height), (WIDTH, HEIGHT));
                assert!(p.colours > 4, "{lang:?}: {p:?}");
            }
        }
    }
}
