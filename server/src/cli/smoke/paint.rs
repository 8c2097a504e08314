//! What a reader sees, in pixels: the browser's own picture of a band of the page as the
//! viewport shows it (`Page.captureScreenshot` with a clip), and how much of an area changed
//! between two pictures of the same band. Found by
//! attack (round 22): a page veiled in white (an overlay a click goes through), made fully
//! transparent, or with its text made transparent answered every probe through the DOM, and a
//! reader saw nothing change.

use super::cdp::Browser;
use serde_json::json;
use std::time::Instant;

/// A picture of a band of the document as the viewport shows it: RGBA pixels, row by row.
pub struct Picture {
    width: usize,
    height: usize,
    rgba: Vec<u8>,
    /// The part of the document pictured, within the viewport.
    band: Area,
}

/// A rectangle of the document, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// How far a colour channel must move (of 255) for a pixel to count as changed: a veil left
/// 98 % opaque moves a pixel by 5 at most, a line of text drawn or removed by over 100.
const SEEN_STEP: u8 = 48;

impl Browser {
    /// `band` of the document (within the viewport) as the browser paints it now: a clip of
    /// the band only, so the PNG to decode stays small (the release smoke took 7.4 s with whole
    /// 1280×1000 pictures and 7.0–8.0 s with bands: no measured gain in time).
    pub fn picture(&mut self, band: Area, deadline: Instant) -> Result<Picture, String> {
        use base64::Engine;
        let clip = json!({ "x": band.left, "y": band.top, "width": band.width, "height": band.height, "scale": 1 });
        let params = json!({ "format": "png", "clip": clip, "captureBeyondViewport": false });
        let shot = self.call("Page.captureScreenshot", params, deadline)?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap_or_default())
            .map_err(|e| format!("the browser sent a picture that is not base64: {e}"))?;
        let (width, height, rgba) = decode(&png)?;
        Ok(Picture {
            width,
            height,
            rgba,
            band,
        })
    }
}

impl Picture {
    /// The part of the document pictured, within the viewport.
    pub fn band(&self) -> Area {
        self.band
    }

    /// The mean lightness of its pixels (Rec. 709 luma, 0 to 255).
    pub fn lightness(&self) -> f64 {
        let pixels = self.rgba.chunks_exact(4);
        let count = pixels.len().max(1) as f64;
        let luma = |p: &[u8]| {
            0.2126 * f64::from(p[0]) + 0.7152 * f64::from(p[1]) + 0.0722 * f64::from(p[2])
        };
        pixels.map(luma).sum::<f64>() / count
    }
}

/// The width, height and pixels of a PNG, as RGBA whatever its colour type.
fn decode(png_bytes: &[u8]) -> Result<(usize, usize, Vec<u8>), String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder
        .read_info()
        .map_err(|e| format!("the browser's picture is not a PNG: {e}"))?;
    let mut pixels = vec![0; reader.output_buffer_size()];
    let frame = reader
        .next_frame(&mut pixels)
        .map_err(|e| format!("the browser's picture is not a PNG: {e}"))?;
    let channels = frame.color_type.samples();
    let rgba = pixels[..frame.buffer_size()]
        .chunks_exact(channels)
        .flat_map(|p| match p {
            [v] | [v, _] => [*v, *v, *v, 255],
            [r, g, b] => [*r, *g, *b, 255],
            [r, g, b, a, ..] => [*r, *g, *b, *a],
            [] => [0, 0, 0, 0],
        })
        .collect();
    Ok((frame.width as usize, frame.height as usize, rgba))
}

/// How many pixels of `area` (the document's CSS pixels) differ visibly between `before`
/// and `after`, two pictures of one band, and how many pixels of the area the band holds.
pub fn changed(before: &Picture, after: &Picture, area: Area) -> (usize, usize) {
    let band = after.band;
    let same = before.band == band && (before.width, before.height) == (after.width, after.height);
    if !same || band.width <= 0.0 {
        return (0, 0);
    }
    let scale = after.width as f64 / band.width;
    let span = |start: f64, length: f64, limit: usize| {
        let from = (start * scale).floor().clamp(0.0, limit as f64) as usize;
        let to = ((start + length) * scale).ceil().clamp(0.0, limit as f64) as usize;
        from..to
    };
    let columns = span(area.left - band.left, area.width, after.width);
    let rows = span(area.top - band.top, area.height, after.height);
    let mut seen = 0;
    for y in rows.clone() {
        for x in columns.clone() {
            let at = (y * after.width + x) * 4;
            let moved =
                (0..3).any(|c| before.rgba[at + c].abs_diff(after.rgba[at + c]) >= SEEN_STEP);
            seen += usize::from(moved);
        }
    }
    (seen, rows.len() * columns.len())
}
