//! What tests check of a picture a bot sent: that it decodes as a PNG, its size, and that it
//! is not blank.

use std::collections::HashSet;

/// A decoded PNG, summarised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    /// Distinct colours among its pixels (a blank picture has one).
    pub colours: usize,
}

/// Decodes `bytes` as a PNG; `Err` says why it is not one.
pub fn decode_png(bytes: &[u8]) -> Result<Picture, String> {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let mut buf = vec![0; reader.output_buffer_size().ok_or("the picture is too large")?];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let channels = info.color_type.samples();
    if info.bit_depth != png::BitDepth::Eight {
        return Err(format!("unexpected bit depth {:?}", info.bit_depth));
    }
    let pixels = &buf[..info.buffer_size()];
    let colours: HashSet<&[u8]> = pixels.chunks_exact(channels).collect();
    Ok(Picture { width: info.width, height: info.height, colours: colours.len() })
}
