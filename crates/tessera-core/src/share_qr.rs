//! Presentations as QR codes, and back.
//!
//! **One code, unchanged.** When the presentation's bytes fit one QR code at the chosen
//! error-correction level (M unless told otherwise), the code holds exactly those bytes, so
//! any SD-JWT or VP verifier that scans it reads the standard presentation.
//!
//! **Compact encoding (`TS1`)**, used only when the bytes do not fit one code: the
//! presentation is compressed with raw DEFLATE (RFC 1951), the result is written in Base45
//! (RFC 9285, which uses only the QR alphanumeric alphabet, so codes stay in the dense
//! alphanumeric mode and scanners pass the text through unchanged), and cut into parts:
//!
//! ```text
//! TS1:<i>/<n>:<CHECK>:<chunk>
//! ```
//!
//! `i` counts from 1 to `n` (decimal); `CHECK` is the first 4 bytes of the SHA-256 of the
//! whole compressed payload in upper-case hex (8 characters) (it tells parts of different presentations apart
//! and proves the reassembly); `chunk` is the i-th slice of the Base45 text. Parts may be
//! scanned in any order. Each part is sized to fit a code of at most version
//! [`MAX_PART_VERSION`] (97 × 97 modules), so every code stays easy to scan from a
//! screen. `n` is 1 when the compressed form fits one code.
//!
//! Images: PNG (one code per file) and SVG (one file; several codes are laid out as a grid
//! with "1 of 3" captions). [`read_svg`] reads Tessera's own SVGs back by rasterising their
//! module rectangles and decoding each code with `rqrr`, like a PNG.
//!
//! Pure: no I/O. Decoding bounds every size (parts, Base45 text, inflated bytes).

use std::io::{Read, Write};

use qrcode::{EcLevel, QrCode, Version};
use sha2::{Digest, Sha256};

/// The prefix of compact parts.
pub const COMPACT_PREFIX: &str = "TS1:";
/// The largest QR version a compact part uses.
pub const MAX_PART_VERSION: i16 = 20;
/// The largest presentation [`join`] rebuilds (bytes after inflating).
pub const MAX_PRESENTATION_BYTES: usize = 1 << 20;
/// The most parts [`join`] accepts.
pub const MAX_PARTS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error("the presentation is too large for QR codes ({bytes} bytes even compressed; the most is {max} parts)")]
    TooLarge { bytes: usize, max: usize },
    #[error("these QR codes do not hold a Tessera presentation: {reason}")]
    BadPart { reason: String },
    #[error("part {missing} of {total} is missing: scan every code of the presentation")]
    MissingPart { missing: usize, total: usize },
    #[error("the codes belong to different presentations (their check values differ)")]
    Mixed,
    #[error("the QR codes were read but their content is damaged: {reason}")]
    Damaged { reason: String },
    #[error("no QR code was found in {what}")]
    NoCode { what: String },
}

/// QR error-correction levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Ec {
    L,
    M,
    Q,
    H,
}

impl Ec {
    fn level(self) -> EcLevel {
        match self {
            Ec::L => EcLevel::L,
            Ec::M => EcLevel::M,
            Ec::Q => EcLevel::Q,
            Ec::H => EcLevel::H,
        }
    }

    pub fn parse(text: &str) -> Option<Ec> {
        match text.to_ascii_uppercase().as_str() {
            "L" => Some(Ec::L),
            "M" => Some(Ec::M),
            "Q" => Some(Ec::Q),
            "H" => Some(Ec::H),
            _ => None,
        }
    }
}

/// One QR code's modules (true = dark), `size` × `size`, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub size: usize,
    pub dark: Vec<bool>,
    /// The QR version (1-40).
    pub version: i16,
}

impl Grid {
    fn at(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.size + x]
    }
}

/// What goes into the codes for one presentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrPlan {
    /// The text of each code, in order.
    pub parts: Vec<String>,
    /// False when the one code holds the presentation unchanged.
    pub compact: bool,
    pub ec: Ec,
}

fn code(data: &[u8], ec: Ec) -> Option<QrCode> {
    QrCode::with_error_correction_level(data, ec.level()).ok()
}

fn fits_part(data: &str, ec: Ec) -> bool {
    match code(data.as_bytes(), ec) {
        Some(c) => matches!(c.version(), Version::Normal(v) if v <= MAX_PART_VERSION),
        None => false,
    }
}

// ---------------------------------------------------------------- Base45 (RFC 9285)

const B45: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

pub fn base45_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() / 2 * 3 + 2);
    for pair in bytes.chunks(2) {
        if let [a, b] = pair {
            let n = u32::from(*a) * 256 + u32::from(*b);
            out.push(B45[(n % 45) as usize] as char);
            out.push(B45[(n / 45 % 45) as usize] as char);
            out.push(B45[(n / 2025) as usize] as char);
        } else {
            let n = u32::from(pair[0]);
            out.push(B45[(n % 45) as usize] as char);
            out.push(B45[(n / 45) as usize] as char);
        }
    }
    out
}

pub fn base45_decode(text: &str) -> Result<Vec<u8>, QrError> {
    let bad = |reason: &str| QrError::Damaged {
        reason: format!("not Base45 ({reason})"),
    };
    let values: Vec<u32> = text
        .bytes()
        .map(|c| {
            B45.iter()
                .position(|&x| x == c)
                .map(|p| p as u32)
                .ok_or_else(|| bad("a character outside its alphabet"))
        })
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(values.len() / 3 * 2 + 1);
    for chunk in values.chunks(3) {
        match chunk {
            [c, d, e] => {
                let n = c + d * 45 + e * 2025;
                if n > 0xFFFF {
                    return Err(bad("a triple above 65535"));
                }
                out.push((n / 256) as u8);
                out.push((n % 256) as u8);
            }
            [c, d] => {
                let n = c + d * 45;
                if n > 0xFF {
                    return Err(bad("a pair above 255"));
                }
                out.push(n as u8);
            }
            _ => return Err(bad("a dangling character")),
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- plan and join

fn check_of(compressed: &[u8]) -> String {
    // Upper-case hex: in the QR alphanumeric alphabet, and never the `:` separator.
    hex_upper(&Sha256::digest(compressed)[..4])
}

fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

/// The codes for `presentation` at level `ec`: itself in one code when it fits, else the
/// compact `TS1` parts.
pub fn plan(presentation: &str, ec: Ec) -> Result<QrPlan, QrError> {
    if code(presentation.as_bytes(), ec).is_some() {
        return Ok(QrPlan {
            parts: vec![presentation.to_owned()],
            compact: false,
            ec,
        });
    }
    let compressed = deflate(presentation.as_bytes());
    let b45 = base45_encode(&compressed);
    let check = check_of(&compressed);
    let header = |i: usize, n: usize| format!("{COMPACT_PREFIX}{i}/{n}:{check}:");
    // One compact code, when the compressed text fits a code of any version.
    let single = format!("{}{b45}", header(1, 1));
    if code(single.as_bytes(), ec).is_some() {
        return Ok(QrPlan {
            parts: vec![single],
            compact: true,
            ec,
        });
    }
    // Parts: the largest chunk whose worst-case header still fits the part version.
    let mut lo = 1usize;
    let mut hi = b45.len();
    let probe = |chunk: usize| {
        let n = b45.len().div_ceil(chunk);
        let text = format!("{}{}", header(n, n), &b45[..chunk.min(b45.len())]);
        fits_part(&text, ec)
    };
    if !probe(lo) {
        return Err(QrError::TooLarge {
            bytes: compressed.len(),
            max: MAX_PARTS,
        });
    }
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if probe(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let chunk = lo;
    let n = b45.len().div_ceil(chunk);
    if n > MAX_PARTS {
        return Err(QrError::TooLarge {
            bytes: compressed.len(),
            max: MAX_PARTS,
        });
    }
    // Base45 text is ASCII: byte slicing is on character boundaries.
    let parts = (0..n)
        .map(|i| {
            let end = ((i + 1) * chunk).min(b45.len());
            format!("{}{}", header(i + 1, n), &b45[i * chunk..end])
        })
        .collect();
    Ok(QrPlan {
        parts,
        compact: true,
        ec,
    })
}

struct Part<'a> {
    i: usize,
    n: usize,
    check: &'a str,
    chunk: &'a str,
}

fn parse_part(text: &str) -> Result<Part<'_>, QrError> {
    let bad = |reason: &str| QrError::BadPart {
        reason: reason.to_owned(),
    };
    let rest = text
        .strip_prefix(COMPACT_PREFIX)
        .ok_or_else(|| bad("a code does not start with TS1:"))?;
    let (count, rest) = rest
        .split_once(':')
        .ok_or_else(|| bad("a part has no count"))?;
    let (i, n) = count
        .split_once('/')
        .ok_or_else(|| bad("a part count is not i/n"))?;
    let i: usize = i
        .parse()
        .map_err(|_| bad("a part number is not a number"))?;
    let n: usize = n.parse().map_err(|_| bad("a part total is not a number"))?;
    if n == 0 || n > MAX_PARTS || i == 0 || i > n {
        return Err(bad("a part number is out of range"));
    }
    let (check, chunk) = rest
        .split_once(':')
        .filter(|(c, _)| c.len() == 8 && c.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| bad("a part has no check value"))?;
    Ok(Part { i, n, check, chunk })
}

/// Whether `text` (one scanned code) is a compact part.
pub fn is_compact(text: &str) -> bool {
    text.starts_with(COMPACT_PREFIX)
}

/// The presentation from the texts of its codes (any order). A single text that is not a
/// compact part is the presentation itself.
pub fn join(texts: &[String]) -> Result<String, QrError> {
    match texts {
        [] => {
            return Err(QrError::NoCode {
                what: "the images".to_owned(),
            })
        }
        [one] if !is_compact(one) => return Ok(one.clone()),
        _ => {}
    }
    let mut parts = Vec::new();
    for t in texts {
        let p = parse_part(t)?;
        // The same code scanned twice is fine.
        if !parts
            .iter()
            .any(|q: &Part<'_>| q.i == p.i && q.chunk == p.chunk)
        {
            parts.push(p);
        }
    }
    let n = parts[0].n;
    let check = parts[0].check;
    if parts.iter().any(|p| p.n != n || p.check != check) {
        return Err(QrError::Mixed);
    }
    let mut b45 = String::new();
    for i in 1..=n {
        let p = parts
            .iter()
            .find(|p| p.i == i)
            .ok_or(QrError::MissingPart {
                missing: i,
                total: n,
            })?;
        b45.push_str(p.chunk);
    }
    let compressed = base45_decode(&b45)?;
    if check_of(&compressed) != check {
        return Err(QrError::Damaged {
            reason: "the check value does not match the reassembled parts".to_owned(),
        });
    }
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(compressed.as_slice())
        .take(MAX_PRESENTATION_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| QrError::Damaged {
            reason: format!("it does not decompress ({e})"),
        })?;
    if out.len() > MAX_PRESENTATION_BYTES {
        return Err(QrError::Damaged {
            reason: "it decompresses to more than a presentation can be".to_owned(),
        });
    }
    String::from_utf8(out).map_err(|_| QrError::Damaged {
        reason: "it is not text".to_owned(),
    })
}

// ---------------------------------------------------------------- images

/// The modules of one code holding `text` at level `ec`.
pub fn grid(text: &str, ec: Ec) -> Result<Grid, QrError> {
    let c = code(text.as_bytes(), ec).ok_or(QrError::TooLarge {
        bytes: text.len(),
        max: 1,
    })?;
    let size = c.width();
    let dark = c
        .to_colors()
        .into_iter()
        .map(|m| m == qrcode::Color::Dark)
        .collect();
    let version = match c.version() {
        Version::Normal(v) | Version::Micro(v) => v,
    };
    Ok(Grid {
        size,
        dark,
        version,
    })
}

const QUIET: usize = 4;

/// A PNG of one code: black modules of `scale` pixels on white, with the 4-module quiet zone.
pub fn png(g: &Grid, scale: usize) -> Vec<u8> {
    let scale = scale.max(1);
    let side = (g.size + 2 * QUIET) * scale;
    let mut pixels = vec![255u8; side * side];
    for y in 0..g.size {
        for x in 0..g.size {
            if g.at(x, y) {
                for dy in 0..scale {
                    let row = ((y + QUIET) * scale + dy) * side;
                    let start = row + (x + QUIET) * scale;
                    pixels[start..start + scale].fill(0);
                }
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, side as u32, side as u32);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        if let Ok(mut w) = enc.write_header() {
            let _ = w.write_image_data(&pixels);
        }
    }
    out
}

/// One SVG with every code: a grid of up to `columns` codes a row, each captioned "i of n"
/// when there are several. Modules are `<rect>`s in a `<g class="qr">` per code.
pub fn svg(grids: &[Grid], columns: usize) -> String {
    let columns = columns.clamp(1, grids.len().max(1));
    let cell = grids.iter().map(|g| g.size + 2 * QUIET).max().unwrap_or(0);
    let caption = if grids.len() > 1 { 6 } else { 0 };
    let rows = grids.len().div_ceil(columns);
    let (w, h) = (columns * cell, rows * (cell + caption));
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{}\" height=\"{}\" shape-rendering=\"crispEdges\">\n<rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>\n",
        w * 8,
        h * 8
    );
    for (k, g) in grids.iter().enumerate() {
        let ox = (k % columns) * cell + QUIET;
        let oy = (k / columns) * (cell + caption) + QUIET;
        s.push_str(&format!(
            "<g class=\"qr\" data-size=\"{}\" transform=\"translate({ox} {oy})\">",
            g.size
        ));
        for y in 0..g.size {
            let mut x = 0;
            while x < g.size {
                if g.at(x, y) {
                    let start = x;
                    while x < g.size && g.at(x, y) {
                        x += 1;
                    }
                    s.push_str(&format!(
                        "<rect x=\"{start}\" y=\"{y}\" width=\"{}\" height=\"1\"/>",
                        x - start
                    ));
                } else {
                    x += 1;
                }
            }
        }
        s.push_str("</g>\n");
        if grids.len() > 1 {
            s.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-family=\"sans-serif\" font-size=\"3\" text-anchor=\"middle\">{} of {}</text>\n",
                ox + g.size / 2,
                oy + g.size + QUIET + 1,
                k + 1,
                grids.len()
            ));
        }
    }
    s.push_str("</svg>\n");
    s
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// The codes of an SVG Tessera wrote: each `<g class="qr">`'s module rectangles are
/// rasterised and decoded with `rqrr` (so a damaged or edited code fails to read like a bad
/// scan would). Returns the texts, in the file's order.
pub fn read_svg(svg: &str) -> Result<Vec<String>, QrError> {
    let mut texts = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<g class=\"qr\"") {
        let after = &rest[start..];
        let end = after.find("</g>").ok_or_else(|| QrError::BadPart {
            reason: "an unfinished code in the SVG".to_owned(),
        })?;
        let group = &after[..end];
        rest = &after[end..];
        let size: usize = attr(group, "data-size")
            .and_then(|s| s.parse().ok())
            .filter(|&s| (21..=177).contains(&s))
            .ok_or_else(|| QrError::BadPart {
                reason: "a code in the SVG has no valid size".to_owned(),
            })?;
        let scale = 4;
        let side = (size + 2 * QUIET) * scale;
        let mut px = vec![255u8; side * side];
        for tag in group.split("<rect").skip(1) {
            let num = |n: &str| attr(tag, n).and_then(|v| v.parse::<usize>().ok());
            let (Some(x), Some(y), Some(w), Some(h)) =
                (num("x"), num("y"), num("width"), num("height"))
            else {
                continue;
            };
            for yy in y..(y + h).min(size) {
                for xx in x..(x + w).min(size) {
                    for dy in 0..scale {
                        let row = ((yy + QUIET) * scale + dy) * side;
                        let s = row + (xx + QUIET) * scale;
                        px[s..s + scale].fill(0);
                    }
                }
            }
        }
        let mut prepared =
            rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| px[y * side + x]);
        let text = prepared
            .detect_grids()
            .into_iter()
            .find_map(|g| g.decode().ok().map(|(_, t)| t))
            .ok_or_else(|| QrError::Damaged {
                reason: "a code in the SVG cannot be decoded".to_owned(),
            })?;
        texts.push(text);
    }
    if texts.is_empty() {
        return Err(QrError::NoCode {
            what: "the SVG".to_owned(),
        });
    }
    Ok(texts)
}
