//! Credentials shared as QR codes: the QR code in a PNG image is found and decoded in
//! Rust (`png` to read the pixels, `rqrr` to find and decode the code).

use crate::verify::CoreError;

/// Largest image Tessera reads a QR code from (pixels); a phone photo is about 12 MP.
pub const MAX_PIXELS: usize = 40_000_000;

fn unreadable(reason: impl std::fmt::Display) -> CoreError {
    CoreError::Unrecognised {
        reason: format!("the PNG image cannot be read: {reason}"),
    }
}

/// Grey levels (0-255) of a PNG, one byte a pixel, with its width and height.
fn greyscale(png: &[u8]) -> Result<(usize, usize, Vec<u8>), CoreError> {
    let mut decoder = png::Decoder::new_with_limits(
        std::io::Cursor::new(png),
        png::Limits {
            bytes: MAX_PIXELS * 8,
        },
    );
    // Palette and low bit depths to 8-bit samples; 16-bit to 8-bit.
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(unreadable)?;
    let (w, h) = {
        let info = reader.info();
        (info.width as usize, info.height as usize)
    };
    if w.saturating_mul(h) > MAX_PIXELS || w == 0 || h == 0 {
        return Err(unreadable(format!(
            "{w}×{h} pixels is not a size Tessera reads"
        )));
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| unreadable("its size overflows"))?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(unreadable)?;
    let channels = frame.color_type.samples();
    let line = frame.line_size;
    let mut grey = Vec::with_capacity(w * h);
    for y in 0..h {
        let row = buf
            .get(y * line..y * line + w * channels)
            .ok_or_else(|| unreadable("it is shorter than its size says"))?;
        for px in row.chunks_exact(channels) {
            let v = match channels {
                1 | 2 => px[0],
                _ => ((px[0] as u32 * 299 + px[1] as u32 * 587 + px[2] as u32 * 114) / 1000) as u8,
            };
            // Transparent pixels count as white (a code drawn on a transparent background).
            let v = match channels {
                2 if px[1] < 128 => 255,
                4 if px[3] < 128 => 255,
                _ => v,
            };
            grey.push(v);
        }
    }
    Ok((w, h, grey))
}

/// The texts of every QR code found in a PNG image (a grid of codes gives several).
pub fn decode_all(png: &[u8]) -> Result<Vec<String>, CoreError> {
    let (w, h, grey) = greyscale(png)?;
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| grey[y * w + x]);
    Ok(prepared
        .detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, text)| text))
        .collect())
}

/// The text of the first QR code found in a PNG image, if any.
pub fn decode(png: &[u8]) -> Result<Option<String>, CoreError> {
    let (w, h, grey) = greyscale(png)?;
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| grey[y * w + x]);
    for grid in prepared.detect_grids() {
        match grid.decode() {
            Ok((_, text)) => return Ok(Some(text)),
            Err(_) => continue,
        }
    }
    Ok(None)
}
