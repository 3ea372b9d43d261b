//! The printable share sheet: one A4 PDF page with the presentation's QR code(s) and, in
//! words, what it discloses, to whom, until when. Written with `pdf-writer`; the text is set
//! in DejaVu Sans, embedded (compressed) with a ToUnicode map, so any name prints as written
//! and the text can be copied or searched; bold is the same font filled and stroked. Each QR
//! module is a filled square, so the code prints sharply at any size.
//!
//! Pure: bytes in, bytes out.

use std::collections::BTreeMap;
use std::io::Write;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};

use crate::share_qr::Grid;

/// What the sheet says.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The credential(s) shared, by title.
    pub titles: Vec<String>,
    /// Who issued them (names).
    pub issuers: Vec<String>,
    pub audience: String,
    /// `YYYY-MM-DD HH:MM UTC`.
    pub created: String,
    pub expires: String,
    pub nonce: String,
    /// True when the credentials are shared whole (nothing could be kept back).
    pub whole: bool,
    /// The claims disclosed: (path, value in words).
    pub claims: Vec<(String, String)>,
    /// The QR code(s), in order.
    pub codes: Vec<Grid>,
    /// True when the codes use Tessera's compact encoding.
    pub compact: bool,
}

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 48.0;

const FONT: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// The embedded font: glyphs and advance widths (1/1000 em).
struct Font {
    face: Option<ttf_parser::Face<'static>>,
}

impl Font {
    fn load() -> Font {
        Font {
            face: ttf_parser::Face::parse(FONT, 0).ok(),
        }
    }

    fn glyph(&self, c: char) -> u16 {
        self.face
            .as_ref()
            .and_then(|f| f.glyph_index(c))
            .map_or(0, |g| g.0)
    }

    fn advance(&self, glyph: u16) -> f32 {
        match &self.face {
            Some(f) => {
                let upem = f32::from(f.units_per_em().max(1));
                f32::from(f.glyph_hor_advance(ttf_parser::GlyphId(glyph)).unwrap_or(0)) * 1000.0
                    / upem
            }
            None => 556.0,
        }
    }
}

thread_local! {
    static FONT_FACE: Font = Font::load();
}

fn char_width(c: char, bold: bool) -> f32 {
    let w = FONT_FACE.with(|f| f.advance(f.glyph(c)));
    if bold {
        w * 1.03
    } else {
        w
    }
}

fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    text.chars().map(|c| char_width(c, bold)).sum::<f32>() * size / 1000.0
}

/// Breaks `text` into lines no wider than `width` (long words are cut).
fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size, bold) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than the line: cut it.
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if text_width(&piece, size, bold) > width {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        line = piece;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

struct Writer {
    content: Content,
    y: f32,
    /// Glyphs used, with the character each shows (for widths and the ToUnicode map).
    used: BTreeMap<u16, char>,
}

const FONT_NAME: Name<'static> = Name(b"F1");

impl Writer {
    fn text(&mut self, x: f32, text: &str, size: f32, bold: bool, grey: f32) {
        let mut bytes = Vec::with_capacity(text.len() * 2);
        FONT_FACE.with(|f| {
            for c in text.chars().filter(|c| !c.is_control()) {
                let g = f.glyph(c);
                self.used.entry(g).or_insert(c);
                bytes.extend_from_slice(&g.to_be_bytes());
            }
        });
        self.content.set_fill_gray(grey);
        self.content.begin_text();
        if bold {
            self.content.set_stroke_gray(grey);
            self.content.set_line_width(size * 0.035);
            self.content
                .set_text_rendering_mode(TextRenderingMode::FillStroke);
        }
        self.content.set_font(FONT_NAME, size);
        self.content.next_line(x, self.y);
        self.content.show(Str(&bytes));
        if bold {
            self.content
                .set_text_rendering_mode(TextRenderingMode::Fill);
        }
        self.content.end_text();
    }

    /// A wrapped paragraph from the current line down; returns nothing, moves `y`.
    fn paragraph(&mut self, x: f32, width: f32, text: &str, size: f32, bold: bool, grey: f32) {
        for line in wrap(text, size, bold, width) {
            self.text(x, &line, size, bold, grey);
            self.y -= size * 1.35;
        }
    }

    fn rule(&mut self) {
        self.content.set_stroke_gray(0.8);
        self.content.set_line_width(0.6);
        self.content.move_to(MARGIN, self.y);
        self.content.line_to(PAGE_W - MARGIN, self.y);
        self.content.stroke();
    }

    /// One code with its quiet zone, `side` points wide, top-left at (`x`, `top`).
    fn code(&mut self, g: &Grid, x: f32, top: f32, side: f32) {
        let modules = g.size as f32 + 8.0;
        let m = side / modules;
        self.content.set_fill_gray(0.0);
        for row in 0..g.size {
            let mut col = 0;
            while col < g.size {
                if g.dark[row * g.size + col] {
                    let start = col;
                    while col < g.size && g.dark[row * g.size + col] {
                        col += 1;
                    }
                    let run = (col - start) as f32;
                    self.content.rect(
                        x + (start as f32 + 4.0) * m,
                        top - (row as f32 + 5.0) * m,
                        run * m,
                        m,
                    );
                } else {
                    col += 1;
                }
            }
        }
        self.content.fill_nonzero();
    }
}

/// The sheet as a one-page PDF.
pub fn pdf(sheet: &Sheet) -> Vec<u8> {
    let width = PAGE_W - 2.0 * MARGIN;
    let mut w = Writer {
        content: Content::new(),
        y: PAGE_H - MARGIN - 10.0,
        used: BTreeMap::new(),
    };
    w.text(MARGIN, "Shared credential", 10.0, true, 0.35);
    w.y -= 24.0;
    let title = sheet.titles.join(" · ");
    w.paragraph(MARGIN, width, &title, 20.0, true, 0.05);
    if !sheet.issuers.is_empty() {
        w.paragraph(
            MARGIN,
            width,
            &format!("Issued by {}", sheet.issuers.join(", ")),
            11.0,
            false,
            0.3,
        );
    }
    w.y -= 6.0;
    w.rule();
    w.y -= 18.0;
    for (label, value) in [
        ("For", sheet.audience.as_str()),
        ("Made", sheet.created.as_str()),
        ("Valid until", sheet.expires.as_str()),
        ("Verifier's code (nonce)", sheet.nonce.as_str()),
    ] {
        w.text(MARGIN, label, 10.0, true, 0.25);
        let lines = wrap(value, 10.0, false, width - 140.0);
        for (i, line) in lines.iter().enumerate() {
            w.text(MARGIN + 140.0, line, 10.0, false, 0.05);
            if i + 1 < lines.len() {
                w.y -= 13.5;
            }
        }
        w.y -= 15.0;
    }
    w.y -= 4.0;

    // The code(s): one large, or a grid with captions.
    let n = sheet.codes.len().max(1);
    let columns = match n {
        1 => 1,
        2..=4 => 2,
        _ => 3,
    };
    let rows = n.div_ceil(columns);
    let caption = if n > 1 { 14.0 } else { 0.0 };
    let max_side = if n == 1 {
        300.0
    } else {
        width / columns as f32 - 10.0
    };
    // Leave room below for the claims.
    let available = (w.y - MARGIN - 190.0).max(160.0);
    let side = max_side.min(available / rows as f32 - caption);
    let total_w = columns as f32 * side + (columns - 1) as f32 * 10.0;
    let left = MARGIN + (width - total_w) / 2.0;
    let top = w.y;
    for (k, g) in sheet.codes.iter().enumerate() {
        let (col, row) = (k % columns, k / columns);
        let x = left + col as f32 * (side + 10.0);
        let t = top - row as f32 * (side + caption);
        w.code(g, x, t, side);
        if n > 1 {
            let label = format!("{} of {}", k + 1, n);
            let saved = w.y;
            w.y = t - side - 2.0;
            let lw = text_width(&label, 9.0, false);
            w.text(x + (side - lw) / 2.0, &label, 9.0, false, 0.3);
            w.y = saved;
        }
    }
    w.y = top - rows as f32 * (side + caption) - 14.0;
    let how = if sheet.compact {
        format!(
            "Scan {} with Tessera (tessera verify-presentation reads photos or scans of them, in any order).",
            if n > 1 { "every code" } else { "the code" }
        )
    } else {
        "Scan the code with any SD-JWT or Verifiable Presentation verifier, or check it with tessera verify-presentation.".to_owned()
    };
    w.paragraph(MARGIN, width, &how, 9.5, false, 0.3);
    w.y -= 6.0;
    w.rule();
    w.y -= 18.0;

    // What is disclosed.
    w.text(MARGIN, "What this discloses", 12.0, true, 0.05);
    w.y -= 17.0;
    if sheet.whole {
        w.paragraph(
            MARGIN,
            width,
            "Shared whole: everything in the credential is disclosed, including what is not listed here.",
            10.0,
            true,
            0.15,
        );
        w.y -= 2.0;
    }
    let mut shown = 0;
    for (path, value) in &sheet.claims {
        if w.y < MARGIN + 40.0 {
            break;
        }
        let key_lines = wrap(&path.replace('.', ". "), 9.5, true, 180.0);
        let lines = wrap(value, 9.5, false, width - 190.0);
        let y0 = w.y;
        for (i, line) in key_lines.iter().take(2).enumerate() {
            w.y = y0 - i as f32 * 12.5;
            w.text(MARGIN, &line.replace(". ", "."), 9.5, true, 0.25);
        }
        w.y = y0;
        for (i, line) in lines.iter().take(3).enumerate() {
            w.text(MARGIN + 190.0, line, 9.5, false, 0.05);
            if i + 1 < lines.len().min(3) {
                w.y -= 12.5;
            }
        }
        if key_lines.len() > 1 && lines.len() < 2 {
            w.y -= 12.5;
        }
        w.y -= 14.0;
        shown += 1;
    }
    if shown < sheet.claims.len() {
        w.paragraph(
            MARGIN,
            width,
            &format!(
                "and {} more claims (all in the code).",
                sheet.claims.len() - shown
            ),
            9.5,
            false,
            0.3,
        );
    }
    if !sheet.whole {
        w.paragraph(
            MARGIN,
            width,
            "Nothing else from the credential is in the code.",
            9.5,
            false,
            0.3,
        );
    }

    // Footer.
    w.y = MARGIN - 10.0;
    w.text(
        MARGIN,
        "Made with Tessera by the learner. The signatures inside the code are what prove it; this sheet only carries it.",
        8.0,
        false,
        0.45,
    );

    let mut pdf = Pdf::new();
    let (catalog, tree, page, type0, cid, descriptor, file, cmap, content) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
        Ref::new(6),
        Ref::new(7),
        Ref::new(8),
        Ref::new(9),
    );
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
    p.parent(tree);
    p.contents(content);
    p.resources().fonts().pair(FONT_NAME, type0);
    p.finish();

    let base = Name(b"DejaVuSans");
    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let mut c = pdf.cid_font(cid);
    c.subtype(CidFontType::Type2);
    c.base_font(base);
    c.system_info(info);
    c.font_descriptor(descriptor);
    c.default_width(0.0);
    c.cid_to_gid_map_predefined(Name(b"Identity"));
    {
        let mut widths = c.widths();
        FONT_FACE.with(|f| {
            for &g in w.used.keys() {
                widths.consecutive(g, [f.advance(g)]);
            }
        });
    }
    c.finish();
    let (bbox, ascent, descent, cap) = FONT_FACE.with(|f| match &f.face {
        Some(face) => {
            let k = 1000.0 / f32::from(face.units_per_em().max(1));
            let b = face.global_bounding_box();
            (
                Rect::new(
                    f32::from(b.x_min) * k,
                    f32::from(b.y_min) * k,
                    f32::from(b.x_max) * k,
                    f32::from(b.y_max) * k,
                ),
                f32::from(face.ascender()) * k,
                f32::from(face.descender()) * k,
                f32::from(face.capital_height().unwrap_or(face.ascender())) * k,
            )
        }
        None => (Rect::new(0.0, -250.0, 1000.0, 950.0), 950.0, -250.0, 700.0),
    });
    pdf.font_descriptor(descriptor)
        .name(base)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(bbox)
        .italic_angle(0.0)
        .ascent(ascent)
        .descent(descent)
        .cap_height(cap)
        .stem_v(80.0)
        .font_file2(file);
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = enc.write_all(FONT);
    let compressed = enc.finish().unwrap_or_default();
    pdf.stream(file, &compressed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), FONT.len() as i32);
    let mut map = UnicodeCmap::new(Name(b"Tessera-UCS"), info);
    for (&g, &ch) in &w.used {
        map.pair(g, ch);
    }
    pdf.cmap(cmap, &map.finish());
    pdf.stream(content, &w.content.finish());
    pdf.finish()
}

/// The claims of a revealed-claims object as `(path, value in words)`, nested objects and
/// arrays flattened with cli.md paths; technical claims (`cnf`, `_sd_alg`, `iss`, `iat`,
/// `exp`, `nbf`, `vct`, `status`, `@context`, `proof`, `type`) left out.
pub fn claims_of(revealed: &serde_json::Value) -> Vec<(String, String)> {
    const TECHNICAL: &[&str] = &[
        "cnf",
        "_sd_alg",
        "iss",
        "iat",
        "exp",
        "nbf",
        "vct",
        "status",
        "@context",
        "proof",
        "type",
        "credentialStatus",
        "credentialSchema",
    ];
    fn walk(v: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    if path.is_empty() && TECHNICAL.contains(&k.as_str()) {
                        continue;
                    }
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(x, &p, out);
                }
            }
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, &format!("{path}.{i}"), out);
                }
            }
            serde_json::Value::String(s) => out.push((path.to_owned(), s.clone())),
            serde_json::Value::Null => out.push((path.to_owned(), "(none)".to_owned())),
            other => out.push((path.to_owned(), other.to_string())),
        }
    }
    let mut out = Vec::new();
    walk(revealed, "", &mut out);
    out
}
