//! Presentations to and from files: the presentation as QR code images (PNG, one per code,
//! or one SVG grid), and reading a presentation back from a text file or QR images. Shared
//! by the CLI and the app.

use std::path::{Path, PathBuf};

use tessera_core::share_qr::{self, Ec};

use crate::WalletError;

fn unreadable(reason: impl Into<String>) -> WalletError {
    WalletError::Unreadable {
        reason: reason.into(),
    }
}

fn bad(reason: impl Into<String>) -> WalletError {
    WalletError::ShareRequest {
        reason: reason.into(),
    }
}

/// The QR codes of a presentation as PNG images (one per code, `scale` pixels a module),
/// and whether the compact encoding was needed.
pub fn qr_pngs(text: &str, ec: Ec, scale: usize) -> Result<(Vec<Vec<u8>>, bool), WalletError> {
    let (grids, compact) = codes(text, ec)?;
    Ok((
        grids.iter().map(|g| share_qr::png(g, scale)).collect(),
        compact,
    ))
}

/// The modules of every code of `text` at level `ec`, and whether the compact encoding was
/// needed.
fn codes(text: &str, ec: Ec) -> Result<(Vec<share_qr::Grid>, bool), WalletError> {
    let plan = share_qr::plan(text, ec).map_err(|e| bad(e.to_string()))?;
    let grids = plan
        .parts
        .iter()
        .map(|p| share_qr::grid(p, ec))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(e.to_string()))?;
    Ok((grids, plan.compact))
}

/// Writes the QR code image(s) of `text` to `target`: `FILE.png` for one code, `FILE-1.png`,
/// `FILE-2.png`, ... for several; one `FILE.svg` (a grid) either way. Returns the files
/// written and whether the compact encoding was needed.
pub fn write_qr(text: &str, target: &Path, ec: Ec) -> Result<(Vec<PathBuf>, bool), WalletError> {
    let ext = target
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let write = |path: &Path, bytes: &[u8]| {
        std::fs::write(path, bytes).map_err(WalletError::io("write", path))
    };
    let mut written = Vec::new();
    match ext.as_str() {
        "svg" => {
            let (grids, compact) = codes(text, ec)?;
            write(target, share_qr::svg(&grids, 3).as_bytes())?;
            written.push(target.to_owned());
            Ok((written, compact))
        }
        "png" => {
            let (pngs, compact) = qr_pngs(text, ec, 6)?;
            if pngs.len() == 1 {
                write(target, &pngs[0])?;
                written.push(target.to_owned());
            } else {
                let stem = target.with_extension("");
                for (i, png) in pngs.iter().enumerate() {
                    let path = PathBuf::from(format!("{}-{}.png", stem.display(), i + 1));
                    write(&path, png)?;
                    written.push(path);
                }
            }
            Ok((written, compact))
        }
        _ => Err(bad(format!(
            "{}: a QR image must be a .png or .svg file",
            target.display()
        ))),
    }
}

fn is_png(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
}

fn is_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    head.trim_start().starts_with("<svg") || (head.contains("<?xml") && head.contains("<svg"))
}

/// Largest presentation file read (text or image).
pub const MAX_INPUT_BYTES: usize = 40 << 20;

/// The presentation in `inputs` (`(name, bytes)`): one text file, or the QR codes of one or
/// more images (PNG or Tessera's SVG), in any order.
pub fn read_presentation(inputs: &[(String, Vec<u8>)]) -> Result<String, WalletError> {
    let mut texts = Vec::new();
    let mut codes = Vec::new();
    for (name, bytes) in inputs {
        if bytes.len() > MAX_INPUT_BYTES {
            return Err(unreadable(format!(
                "{name} is too large to be a presentation"
            )));
        }
        if is_png(bytes) {
            let found = tessera_core::qr::decode_all(bytes)
                .map_err(|e| unreadable(format!("{name}: {e}")))?;
            if found.is_empty() {
                return Err(unreadable(format!(
                    "{name}: no QR code was found in the image"
                )));
            }
            codes.extend(found);
        } else if is_svg(bytes) {
            let svg = String::from_utf8_lossy(bytes);
            codes.extend(share_qr::read_svg(&svg).map_err(|e| unreadable(format!("{name}: {e}")))?);
        } else {
            let text = std::str::from_utf8(bytes).map_err(|_| {
                unreadable(format!(
                    "{name} is not a presentation (not text, PNG or SVG)"
                ))
            })?;
            texts.push(text.trim().to_owned());
        }
    }
    match (texts.len(), codes.is_empty()) {
        (1, true) => Ok(texts.remove(0)),
        (0, false) => share_qr::join(&codes).map_err(|e| unreadable(e.to_string())),
        (0, true) => Err(unreadable(
            "nothing to check: give a presentation file or its QR image(s)",
        )),
        _ => Err(unreadable(
            "give one presentation: one file, or the QR image(s) of one presentation",
        )),
    }
}

/// The printable share sheet (one-page PDF) of a presentation Tessera made: its QR code(s)
/// and, read from the presentation itself, what it discloses, to whom and until when.
pub fn sheet_pdf(
    text: &str,
    ec: Ec,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, WalletError> {
    use tessera_core::share_sheet::{self, Sheet};
    let report = tessera_core::present::verify(text, None, None, &tessera_core::Env::at(now))
        .map_err(WalletError::Share)?;
    let (codes, compact) = codes(text, ec)?;
    let whole = report.format == tessera_core::present::PresentationFormat::Vp;
    let mut claims = Vec::new();
    let several = report.disclosed.len() > 1;
    let label = |i: usize, name: &str| {
        if several {
            format!("{}: {name}", i + 1)
        } else {
            name.to_owned()
        }
    };
    if whole {
        // Shared whole: the facts a reader looks for, in words (the code holds the rest).
        for (i, c) in report.credentials.iter().enumerate() {
            let f = &c.facts;
            let mut add = |name: &str, value: Option<String>| {
                if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
                    claims.push((label(i, name), v));
                }
            };
            add("Title", Some(f.title.clone()));
            add(
                "Issuer",
                Some(f.issuer_name.clone().unwrap_or_else(|| f.issuer.clone())),
            );
            add(
                "Issued",
                f.issued.as_deref().map(|t| t.chars().take(10).collect()),
            );
            add("Learner", f.learner.clone());
            add(
                "Credits",
                f.credits.map(|c| {
                    format!(
                        "{c} {}",
                        f.credit_unit.as_deref().unwrap_or("(unit not stated)")
                    )
                }),
            );
            add("EQF level", f.eqf_level.map(|l| l.to_string()));
            if !f.learning_outcomes.is_empty() {
                add("Learning outcomes", Some(f.learning_outcomes.join("; ")));
            }
        }
    } else {
        for (i, d) in report.disclosed.iter().enumerate() {
            for (path, value) in share_sheet::claims_of(d) {
                claims.push((label(i, &path), value));
            }
        }
    }
    let when = |t: Option<&str>| {
        t.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| {
                t.with_timezone(&chrono::Utc)
                    .format("%Y-%m-%d %H:%M UTC")
                    .to_string()
            })
            .unwrap_or_else(|| "not stated".to_owned())
    };
    let sheet = Sheet {
        titles: report
            .credentials
            .iter()
            .map(|c| c.facts.title.clone())
            .collect(),
        issuers: report.credentials.iter().fold(Vec::new(), |mut acc, c| {
            let name = c
                .facts
                .issuer_name
                .clone()
                .unwrap_or_else(|| c.facts.issuer.clone());
            if !acc.contains(&name) {
                acc.push(name);
            }
            acc
        }),
        audience: report.audience.clone().unwrap_or_default(),
        created: now.format("%Y-%m-%d %H:%M UTC").to_string(),
        expires: when(report.expires.as_deref()),
        nonce: report.nonce.clone().unwrap_or_default(),
        whole,
        claims,
        codes,
        compact,
    };
    Ok(share_sheet::pdf(&sheet))
}
