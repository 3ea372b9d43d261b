//! Reading the badge baked into an image (Open Badges Baking 2.0 / 3.0): the `iTXt` chunk of a
//! PNG, the `openbadges:assertion` element of an SVG. Only the baked text is read: nothing is
//! rendered or run, and a baked image says nothing about the integrity of its pixels.

use std::io::Read;

use quick_xml::events::Event;
use quick_xml::XmlVersion;

use crate::verify::{CoreError, MAX_CREDENTIAL_BYTES};

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
/// The largest chunk length the PNG specification allows (2^31 - 1).
const PNG_MAX_CHUNK: usize = 0x7fff_ffff;
/// The most a compressed baked text may inflate to.
pub const MAX_INFLATED_BYTES: usize = MAX_CREDENTIAL_BYTES;
/// Keywords of the baked chunk: Open Badges 2.0 and 3.0.
const KEYWORDS: [&[u8]; 2] = [b"openbadges", b"openbadgecredential"];

fn png_error(reason: String) -> CoreError {
    CoreError::Unrecognised {
        reason: format!("the PNG image is damaged: {reason}"),
    }
}

fn size_check(len: usize) -> Result<(), CoreError> {
    if len > MAX_CREDENTIAL_BYTES {
        return Err(CoreError::TooLarge {
            size: len,
            max: MAX_CREDENTIAL_BYTES,
        });
    }
    Ok(())
}

/// The badge text baked into a PNG, if any (see [`crate::ob2::extract_png`]).
pub fn extract_png(png: &[u8]) -> Result<Option<String>, CoreError> {
    size_check(png.len())?;
    if !png.starts_with(PNG_MAGIC) {
        return Err(CoreError::Unrecognised {
            reason: "it is not a PNG image (the PNG signature is missing)".to_owned(),
        });
    }
    let mut pos = PNG_MAGIC.len();
    let mut itxt: Option<String> = None;
    let mut text: Option<String> = None;
    let mut index = 0usize;
    loop {
        index += 1;
        let left = png.len() - pos;
        if left == 0 {
            return Err(png_error(
                "it is cut short: the file ends before its IEND chunk".to_owned(),
            ));
        }
        if left < 12 {
            return Err(png_error(format!(
                "it is cut short: chunk {index} needs at least 12 bytes and only {left} remain"
            )));
        }
        let length = u32::from_be_bytes([png[pos], png[pos + 1], png[pos + 2], png[pos + 3]]);
        let length = length as usize;
        let ctype = &png[pos + 4..pos + 8];
        if !ctype.iter().all(u8::is_ascii_alphabetic) {
            return Err(png_error(format!(
                "chunk {index} has a type that is not four letters"
            )));
        }
        let name = String::from_utf8_lossy(ctype).into_owned();
        if length > PNG_MAX_CHUNK {
            return Err(png_error(format!(
                "chunk {index} ({name}) declares {length} bytes, more than a PNG chunk may hold"
            )));
        }
        let data_start = pos + 8;
        let remaining = png.len() - data_start - 4;
        if length > remaining {
            return Err(png_error(format!(
                "chunk {index} ({name}) declares {length} bytes but only {remaining} remain in the file"
            )));
        }
        let data = &png[data_start..data_start + length];
        let crc_at = data_start + length;
        let crc = u32::from_be_bytes([
            png[crc_at],
            png[crc_at + 1],
            png[crc_at + 2],
            png[crc_at + 3],
        ]);
        pos = crc_at + 4;
        match ctype {
            b"IEND" => break,
            b"iTXt" if itxt.is_none() => {
                if let Some(t) = baked_itxt(data, &name, ctype, crc)? {
                    itxt = Some(t);
                }
            }
            b"tEXt" if text.is_none() => {
                if let Some(t) = baked_text(data, &name, ctype, crc)? {
                    text = Some(t);
                }
            }
            _ => {}
        }
    }
    // iTXt wins over the older tEXt, as in the reference bakery.
    Ok(itxt.or(text))
}

fn crc_check(ctype: &[u8], data: &[u8], crc: u32, name: &str) -> Result<(), CoreError> {
    let mut h = crc32fast::Hasher::new();
    h.update(ctype);
    h.update(data);
    if h.finalize() != crc {
        return Err(png_error(format!(
            "the {name} chunk holding the badge fails its CRC check"
        )));
    }
    Ok(())
}

/// Splits `keyword NUL rest` when the keyword is a baked-badge one.
fn badge_keyword(data: &[u8]) -> Option<&[u8]> {
    let nul = data.iter().position(|b| *b == 0)?;
    KEYWORDS.contains(&&data[..nul]).then(|| &data[nul + 1..])
}

fn baked_itxt(
    data: &[u8],
    name: &str,
    ctype: &[u8],
    crc: u32,
) -> Result<Option<String>, CoreError> {
    let Some(rest) = badge_keyword(data) else {
        return Ok(None);
    };
    crc_check(ctype, data, crc, name)?;
    let bad = |what: &str| png_error(format!("the baked iTXt chunk {what}"));
    let (&flag, rest) = rest
        .split_first()
        .ok_or_else(|| bad("ends after its keyword"))?;
    let (&method, rest) = rest
        .split_first()
        .ok_or_else(|| bad("ends after its compression flag"))?;
    let lang_end = rest
        .iter()
        .position(|b| *b == 0)
        .ok_or_else(|| bad("has no end to its language tag"))?;
    let rest = &rest[lang_end + 1..];
    let tk_end = rest
        .iter()
        .position(|b| *b == 0)
        .ok_or_else(|| bad("has no end to its translated keyword"))?;
    let body = &rest[tk_end + 1..];
    let bytes = match (flag, method) {
        (0, _) => body.to_vec(),
        (1, 0) => inflate(body)?,
        (1, m) => return Err(bad(&format!("uses an unknown compression method ({m})"))),
        (f, _) => return Err(bad(&format!("has an invalid compression flag ({f})"))),
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| bad("does not hold UTF-8 text"))
}

fn inflate(body: &[u8]) -> Result<Vec<u8>, CoreError> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(body)
        .take(MAX_INFLATED_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| png_error(format!("the baked iTXt chunk does not decompress: {e}")))?;
    if out.len() > MAX_INFLATED_BYTES {
        return Err(png_error(format!(
            "the baked iTXt chunk decompresses to more than {MAX_INFLATED_BYTES} bytes"
        )));
    }
    Ok(out)
}

fn baked_text(
    data: &[u8],
    name: &str,
    ctype: &[u8],
    crc: u32,
) -> Result<Option<String>, CoreError> {
    let Some(body) = badge_keyword(data) else {
        return Ok(None);
    };
    crc_check(ctype, data, crc, name)?;
    // tEXt is Latin-1.
    Ok(Some(body.iter().map(|b| char::from(*b)).collect()))
}

fn svg_error(reason: String) -> CoreError {
    CoreError::Unrecognised {
        reason: format!("the SVG image cannot be read safely: {reason}"),
    }
}

fn is_badge_element(name: &str) -> bool {
    name == "openbadges:assertion" || name == "openbadges:credential"
}

/// The badge text baked into an SVG, if any (see [`crate::ob2::extract_svg`]).
pub fn extract_svg(svg: &str) -> Result<Option<String>, CoreError> {
    size_check(svg.len())?;
    // No DTD and no entity is ever expanded: refuse them outright, naming what was found.
    let lower = svg.to_ascii_lowercase();
    for (needle, what) in [
        ("<!doctype", "a <!DOCTYPE> declaration"),
        ("<!entity", "an <!ENTITY> declaration"),
    ] {
        if lower.contains(needle) {
            return Err(svg_error(format!(
                "it contains {what}; Tessera does not read DTDs or entities"
            )));
        }
    }
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut seen_root = false;
    let mut open = 0usize;
    let mut found: Option<(Option<String>, String)> = None;
    // Inside the badge element: (nesting depth, verify attribute, text so far).
    let mut inside: Option<(usize, Option<String>, String)> = None;
    loop {
        let event = reader.read_event().map_err(|e| {
            svg_error(format!(
                "it is not well-formed XML (at byte {}): {e}",
                reader.error_position()
            ))
        })?;
        match event {
            Event::DocType(_) => {
                return Err(svg_error(
                    "it contains a <!DOCTYPE> declaration; Tessera does not read DTDs or entities"
                        .to_owned(),
                ))
            }
            Event::Start(e) if !seen_root => {
                seen_root = true;
                open += 1;
                root_check(&e)?;
            }
            Event::Empty(e) if !seen_root => {
                seen_root = true;
                root_check(&e)?;
            }
            Event::Start(e) => {
                open += 1;
                if let Some((depth, _, _)) = inside.as_mut() {
                    *depth += 1;
                } else if found.is_none() && is_badge_element(e.name().as_ref()) {
                    inside = Some((1, verify_attr(&e)?, String::new()));
                }
            }
            Event::Empty(e)
                if inside.is_none() && found.is_none() && is_badge_element(e.name().as_ref()) =>
            {
                found = Some((verify_attr(&e)?, String::new()));
            }
            Event::End(_) => {
                open = open.saturating_sub(1);
                if let Some((depth, _, _)) = inside.as_mut() {
                    *depth -= 1;
                    if *depth == 0 {
                        if let Some((_, verify, content)) = inside.take() {
                            found = Some((verify, content));
                        }
                    }
                }
            }
            Event::Text(t) => {
                if let Some((_, _, content)) = inside.as_mut() {
                    content.push_str(&t.xml_content(XmlVersion::Implicit1_0));
                }
            }
            Event::CData(c) => {
                if let Some((_, _, content)) = inside.as_mut() {
                    content.push_str(&c.xml_content(XmlVersion::Implicit1_0));
                }
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(ch)) => ch,
                    Ok(None) => match &*r {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "apos" => '\'',
                        "quot" => '"',
                        other => {
                            return Err(svg_error(format!(
                                "it uses the undefined entity &{other};"
                            )))
                        }
                    },
                    Err(e) => {
                        return Err(svg_error(format!("a character reference is invalid: {e}")))
                    }
                };
                if let Some((_, _, content)) = inside.as_mut() {
                    content.push(ch);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if open != 0 {
        return Err(svg_error(
            "it is not well-formed XML: it ends before all its elements are closed".to_owned(),
        ));
    }
    if !seen_root {
        return Err(CoreError::Unrecognised {
            reason: "it starts like XML but holds no element".to_owned(),
        });
    }
    let Some((verify, content)) = found else {
        return Ok(None);
    };
    let content = content.trim();
    if !content.is_empty() {
        return Ok(Some(content.to_owned()));
    }
    match verify {
        Some(v) if !v.trim().is_empty() => Ok(Some(v.trim().to_owned())),
        _ => Err(CoreError::NotACredential {
            reason: "the SVG's openbadges:assertion element is empty: it has neither a verify attribute nor content".to_owned(),
        }),
    }
}

fn root_check(e: &quick_xml::events::BytesStart<'_>) -> Result<(), CoreError> {
    if e.local_name().as_ref() != "svg" {
        return Err(CoreError::Unrecognised {
            reason: "it is XML but not an SVG image".to_owned(),
        });
    }
    Ok(())
}

fn verify_attr(e: &quick_xml::events::BytesStart<'_>) -> Result<Option<String>, CoreError> {
    let attr = e.try_get_attribute("verify").map_err(|err| {
        svg_error(format!(
            "the badge element's attributes are malformed: {err}"
        ))
    })?;
    match attr {
        None => Ok(None),
        Some(a) => a
            .normalized_value(XmlVersion::Implicit1_0)
            .map(|v| Some(v.into_owned()))
            .map_err(|err| svg_error(format!("the badge element's verify attribute: {err}"))),
    }
}
