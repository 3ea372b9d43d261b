//! Status checks: has the issuer revoked or suspended the credential?
//!
//! - VCs: W3C Bitstring Status List (`BitstringStatusListEntry`) and its predecessor
//!   StatusList2021 (`StatusList2021Entry`). The list is a credential of its own, signed by
//!   the same issuer; `encodedList` is the GZIP-compressed bitstring, base64url (Bitstring:
//!   as multibase, with a `u` prefix). Bit order: index 0 is the most significant bit of
//!   the first byte.
//! - SD-JWT VC: the IETF Token Status List (`status.status_list {idx, uri}`), a JWT of type
//!   `statuslist+jwt` whose `status_list.lst` is the ZLIB-compressed byte array, base64url,
//!   with `bits` (1, 2, 4 or 8) per entry. Its own bit order: entry `i` lives in byte
//!   `i * bits / 8`, starting at the least significant bit. Values: 0 valid, 1 invalid
//!   (revoked), 2 suspended.
//!
//! The list is obtained through [`crate::net::Fetch`]: fetched when online checks are on,
//! the last cached copy otherwise (its result stands, with its age), and with neither the
//! check is `unknown`. A list that cannot be read, is not authentic or is not the issuer's
//! gives `unknown` too: nothing is `fail` without evidence (cli.md).

use std::io::Read;

use base64::Engine;
use serde_json::Value;

use crate::jose::{b64url_decode, CompactJws};
use crate::model::{Check, CheckResult, Status, Verdict};
use crate::net::{provenance, Fetched, Resource};
use crate::normalize::{self, rfc3339};
use crate::verify::{check, Env};

/// Largest decompressed status list (bits / 8) read: 16 MiB, 134 million entries.
const MAX_LIST_BYTES: u64 = 16 * 1024 * 1024;

fn status_check(result: CheckResult, detail: String, purpose: &str, env: &Env) -> Check {
    let mut c = check("status", result, detail, env);
    c.purpose = Some(purpose.to_owned());
    c
}

/// Finds the key of a status list token from its header and issuer.
pub(crate) type KeyFor<'k> =
    dyn Fn(&Value, Option<&str>, &Env) -> Result<crate::jose::PublicKey, String> + 'k;

/// One `status` check per `credentialStatus` entry of a VC, with its purpose; an otherwise
/// active credential becomes `revoked` / `suspended` on evidence, `unknown` when a status
/// could not be checked.
pub(crate) fn vc_checks(
    doc: &Value,
    issuer: &str,
    env: &Env,
    checks: &mut Vec<Check>,
    status: &mut Status,
) {
    let entries = normalize::many(doc.get("credentialStatus"));
    for entry in &entries {
        checks.push(vc_entry(entry, issuer, env));
    }
    settle(checks, status);
}

/// The lifecycle status after status checks: revoked or suspended on a `fail`, unknown when
/// an otherwise active credential has a status that could not be checked.
pub(crate) fn settle(checks: &[Check], status: &mut Status) {
    let statuses: Vec<&Check> = checks.iter().filter(|c| c.check == "status").collect();
    if statuses
        .iter()
        .any(|c| c.result == CheckResult::Fail && c.purpose.as_deref() != Some("suspension"))
    {
        *status = Status::Revoked;
    } else if statuses.iter().any(|c| c.result == CheckResult::Fail) {
        *status = Status::Suspended;
    } else if *status == Status::Active && statuses.iter().any(|c| c.result == CheckResult::Unknown)
    {
        *status = Status::Unknown;
    }
}

fn types(v: Option<&Value>) -> Vec<String> {
    normalize::many(v)
        .into_iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

fn index_of(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok()
        }
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// What a status value means for the learner, per purpose.
fn words(purpose: &str, set: bool) -> &'static str {
    match (purpose, set) {
        ("suspension", true) => "suspended",
        ("suspension", false) => "not suspended",
        (_, true) => "revoked",
        (_, false) => "not revoked",
    }
}

/// The sentence for a status read from a list: fresh ("Not revoked: ... checked just now")
/// or cached ("Last known: not revoked, last checked 12 days ago ...").
fn read_sentence(state: &str, list: &str, fetched: &Fetched, env: &Env) -> String {
    let when = provenance(fetched, env.now);
    if fetched.fresh {
        let mut s = state.to_owned();
        s[..1].make_ascii_uppercase();
        format!("{s}: the issuer's status list ({list}) says so, {when}.")
    } else {
        format!("Last known: {state}. The issuer's status list ({list}) was {when}.")
    }
}

fn vc_entry(entry: &Value, issuer: &str, env: &Env) -> Check {
    let purpose = entry
        .get("statusPurpose")
        .and_then(Value::as_str)
        .unwrap_or("revocation")
        .to_owned();
    let unknown = |detail: String| status_check(CheckResult::Unknown, detail, &purpose, env);
    let kinds = types(entry.get("type"));
    let kind = if kinds.iter().any(|t| t == "BitstringStatusListEntry") {
        "BitstringStatusList"
    } else if kinds.iter().any(|t| t == "StatusList2021Entry") {
        "StatusList2021"
    } else {
        return unknown(format!(
            "Not checked: the status entry is of a kind Tessera cannot read ({}).",
            if kinds.is_empty() {
                "no type".to_owned()
            } else {
                kinds.join(", ")
            }
        ));
    };
    let Some(url) = entry.get("statusListCredential").and_then(Value::as_str) else {
        return unknown("Not checked: the status entry names no status list.".to_owned());
    };
    let Some(index) = index_of(entry.get("statusListIndex")) else {
        return unknown(format!(
            "Not checked: the status entry's index ({}) is not a whole number.",
            entry
                .get("statusListIndex")
                .map(Value::to_string)
                .unwrap_or_else(|| "missing".into())
        ));
    };
    let size = match entry.get("statusSize") {
        None => 1,
        Some(v) => match v.as_u64() {
            Some(n @ 1..=8) => n,
            _ => {
                return unknown(format!(
                    "Not checked: the status entry's statusSize {v} is not 1 to 8 bits."
                ))
            }
        },
    };
    if env.depth > 0 {
        return unknown(format!(
            "Not checked: this is the status of a status list itself ({url}), which is not followed further."
        ));
    }
    let fetched = match env.net.fetch(url, Resource::StatusList) {
        Ok(f) => f,
        Err(e) => {
            return unknown(format!(
                "Not checked: whether the issuer has withdrawn it ({purpose}) is read from its status list at {url}, and {}.",
                e.sentence()
            ))
        }
    };
    let mut c = match read_vc_list(&fetched, kind, &purpose, issuer, index, size, env) {
        Ok(value) => {
            let set = value != 0;
            let meaningful = purpose == "revocation" || purpose == "suspension";
            let result = match (meaningful, set) {
                (true, true) => CheckResult::Fail,
                _ => CheckResult::Pass,
            };
            let detail = if meaningful {
                read_sentence(words(&purpose, set), url, &fetched, env)
            } else {
                format!(
                    "The issuer's status list ({url}) gives the value {value} for its {purpose} status, {}.",
                    provenance(&fetched, env.now)
                )
            };
            status_check(result, detail, &purpose, env)
        }
        Err(why) => unknown(format!("Not checked: the status list at {url} {why}.")),
    };
    c.checked_at = rfc3339(fetched.fetched_at);
    c
}

/// The value at `index` of a fetched Bitstring / StatusList2021 credential, after checking
/// that it is authentic, the issuer's, of the right kind and purpose. `Err`: why it is not
/// usable ("... is not ..."), to follow "the status list at URL".
#[allow(clippy::too_many_arguments)]
fn read_vc_list(
    fetched: &Fetched,
    kind: &str,
    purpose: &str,
    issuer: &str,
    index: u64,
    size: u64,
    env: &Env,
) -> Result<u64, String> {
    // Judge the list as it was when fetched.
    let list_env = Env {
        now: fetched.fetched_at,
        ..env.nested()
    };
    let examined = crate::verify::examine(&fetched.body, &list_env)
        .map_err(|e| format!("could not be read ({e})"))?;
    if examined.verdict != Verdict::Valid {
        let why = examined
            .checks
            .iter()
            .find(|c| {
                (c.check == "signature" || c.check == "issuer-key") && c.result != CheckResult::Pass
            })
            .map(|c| format!(": {}", c.detail))
            .unwrap_or_default();
        return Err(format!(
            "is not shown to be authentic ({}){why}",
            examined.verdict.as_str()
        ));
    }
    if examined.facts.issuer != issuer {
        return Err(format!(
            "is issued by {}, not by the credential's issuer {issuer}",
            examined.facts.issuer
        ));
    }
    let doc = document(&fetched.body).ok_or("could not be read")?;
    let subject = normalize::many(doc.get("credentialSubject"))
        .into_iter()
        .next()
        .cloned()
        .unwrap_or(Value::Null);
    if !types(subject.get("type")).iter().any(|t| t == kind) {
        return Err(format!("is not a {kind}"));
    }
    let purposes = types(subject.get("statusPurpose"));
    if !purposes.is_empty() && !purposes.iter().any(|p| p == purpose) {
        return Err(format!("is for {}, not for {purpose}", purposes.join(", ")));
    }
    let encoded = subject
        .get("encodedList")
        .and_then(Value::as_str)
        .ok_or("has no encodedList")?;
    let bits = decode_encoded_list(encoded)?;
    read_msb_first(&bits, index, size).ok_or_else(|| {
        format!(
            "has {} entries, fewer than the credential's index {index}",
            bits.len() as u64 * 8 / size
        )
    })
}

/// The credential in a fetched status list: JSON, or the payload of a VC-JWT.
fn document(body: &[u8]) -> Option<Value> {
    let text = std::str::from_utf8(body).ok()?.trim();
    if text.starts_with('{') {
        return serde_json::from_str(text).ok();
    }
    let payload: Value =
        serde_json::from_slice(&b64url_decode(text.split('.').nth(1)?, "payload").ok()?).ok()?;
    Some(payload.get("vc").cloned().unwrap_or(payload))
}

/// `encodedList`: GZIP bytes, base64url with or without the multibase `u` prefix (the
/// Bitstring spec uses multibase, StatusList2021 plain base64url). Which one it is shows in
/// the GZIP magic number, so a plain list starting with `u` is not misread.
fn decode_encoded_list(encoded: &str) -> Result<Vec<u8>, String> {
    let decode = |s: &str| -> Option<Vec<u8>> {
        let s = s.trim_end_matches('=');
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(s))
            .ok()
    };
    let gz = [encoded.strip_prefix('u'), Some(encoded)]
        .into_iter()
        .flatten()
        .filter_map(decode)
        .find(|b| b.starts_with(&[0x1f, 0x8b]))
        .ok_or("has an encodedList that is not GZIP-compressed base64url")?;
    inflate(flate2::read::GzDecoder::new(gz.as_slice()))
}

fn inflate(reader: impl Read) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    reader
        .take(MAX_LIST_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("has a list that does not decompress ({e})"))?;
    if out.len() as u64 > MAX_LIST_BYTES {
        return Err(format!(
            "is larger than {MAX_LIST_BYTES} bytes uncompressed"
        ));
    }
    Ok(out)
}

/// Bitstring order: entry `index` of `size` bits starts at bit `index * size`, bit 0 being
/// the most significant bit of byte 0.
pub fn read_msb_first(bytes: &[u8], index: u64, size: u64) -> Option<u64> {
    let start = index.checked_mul(size)?;
    if start.checked_add(size)? > bytes.len() as u64 * 8 {
        return None;
    }
    let mut value = 0u64;
    for bit in start..start + size {
        let byte = bytes[(bit / 8) as usize];
        value = (value << 1) | u64::from((byte >> (7 - bit % 8)) & 1);
    }
    Some(value)
}

/// Token Status List order: entry `index` of `bits` bits lives in byte `index * bits / 8`,
/// starting at the least significant bit.
pub fn read_lsb_first(bytes: &[u8], index: u64, bits: u64) -> Option<u64> {
    let start = index.checked_mul(bits)?;
    let byte = *bytes.get(usize::try_from(start / 8).ok()?)?;
    Some(u64::from(byte >> (start % 8)) & ((1u64 << bits) - 1))
}

/// The `status` check of an SD-JWT VC's `status` claim (IETF Token Status List).
/// `key_for` finds the key of a status list token from its header and issuer (the same
/// rules as for the credential itself).
pub(crate) fn token_check(claim: &Value, iss: Option<&str>, env: &Env, key_for: &KeyFor) -> Check {
    let Some(list) = claim.get("status_list") else {
        return status_check(
            CheckResult::Unknown,
            "Not checked: it has a status entry of a kind Tessera cannot read.".to_owned(),
            "revocation",
            env,
        );
    };
    let uri = list.get("uri").and_then(Value::as_str);
    let idx = list.get("idx").and_then(Value::as_u64);
    let (Some(uri), Some(idx)) = (uri, idx) else {
        return status_check(
            CheckResult::Unknown,
            "Not checked: its status entry lacks a list address (uri) or a whole-number index (idx).".to_owned(),
            "revocation",
            env,
        );
    };
    let fetched = match env.net.fetch(uri, Resource::StatusList) {
        Ok(f) => f,
        Err(e) => {
            return status_check(
                CheckResult::Unknown,
                format!(
                    "Not checked: whether the issuer has withdrawn it is read from its status list ({uri}, entry {idx}), and {}.",
                    e.sentence()
                ),
                "revocation",
                env,
            )
        }
    };
    let mut c = match read_token(&fetched, uri, idx, iss, env, key_for) {
        Ok(0) => status_check(
            CheckResult::Pass,
            read_sentence("not revoked or suspended", uri, &fetched, env),
            "revocation",
            env,
        ),
        Ok(1) => status_check(
            CheckResult::Fail,
            read_sentence(words("revocation", true), uri, &fetched, env),
            "revocation",
            env,
        ),
        Ok(2) => status_check(
            CheckResult::Fail,
            read_sentence(words("suspension", true), uri, &fetched, env),
            "suspension",
            env,
        ),
        Ok(v) => status_check(
            CheckResult::Warn,
            format!(
                "The issuer's status list ({uri}) gives the value {v}, which has a meaning only the issuer defines; {}.",
                provenance(&fetched, env.now)
            ),
            "revocation",
            env,
        ),
        Err(why) => status_check(
            CheckResult::Unknown,
            format!("Not checked: the status list at {uri} {why}."),
            "revocation",
            env,
        ),
    };
    c.checked_at = rfc3339(fetched.fetched_at);
    c
}

fn read_token(
    fetched: &Fetched,
    uri: &str,
    idx: u64,
    iss: Option<&str>,
    env: &Env,
    key_for: &KeyFor,
) -> Result<u64, String> {
    let text = std::str::from_utf8(&fetched.body)
        .map_err(|_| "is not text".to_owned())?
        .trim();
    let jws = CompactJws::parse(text).map_err(|e| format!("is not a status list token ({e})"))?;
    if jws.header.get("typ").and_then(Value::as_str) != Some("statuslist+jwt") {
        return Err("is not a status list token (its typ is not statuslist+jwt)".to_owned());
    }
    let p = &jws.payload;
    if p.get("sub").and_then(Value::as_str) != Some(uri) {
        return Err("is about another list (its sub is not this address)".to_owned());
    }
    let token_iss = p.get("iss").and_then(Value::as_str);
    if let (Some(t), Some(i)) = (token_iss, iss) {
        if t != i {
            return Err(format!(
                "is issued by {t}, not by the credential's issuer {i}"
            ));
        }
    }
    let list_env = Env {
        now: fetched.fetched_at,
        ..env.nested()
    };
    let key = key_for(&jws.header, iss.or(token_iss), &list_env)?;
    match jws.verify(&key) {
        Ok(true) => {}
        Ok(false) => return Err("has a signature that does not verify".to_owned()),
        Err(e) => return Err(format!("has a signature that cannot be checked ({e})")),
    }
    if let Some(exp) = p.get("exp").and_then(Value::as_i64) {
        if exp < fetched.fetched_at.timestamp() {
            return Err("had expired when it was fetched".to_owned());
        }
    }
    let sl = p.get("status_list").ok_or("has no status_list")?;
    let bits = match sl.get("bits").and_then(Value::as_u64) {
        Some(b @ (1 | 2 | 4 | 8)) => b,
        _ => return Err("has bits that are not 1, 2, 4 or 8".to_owned()),
    };
    let lst = sl.get("lst").and_then(Value::as_str).ok_or("has no lst")?;
    let z = b64url_decode(lst, "lst").map_err(|e| format!("has an unreadable lst ({e})"))?;
    let bytes = inflate(flate2::read::ZlibDecoder::new(z.as_slice()))?;
    read_lsb_first(&bytes, idx, bits).ok_or_else(|| {
        format!(
            "has {} entries, fewer than the credential's index {idx}",
            bytes.len() as u64 * 8 / bits
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_orders_follow_their_specs() {
        // Bitstring: index 0 is the most significant bit of byte 0.
        let b = [0b1000_0000u8, 0b0000_0001];
        assert_eq!(read_msb_first(&b, 0, 1), Some(1));
        assert_eq!(read_msb_first(&b, 1, 1), Some(0));
        assert_eq!(read_msb_first(&b, 15, 1), Some(1));
        assert_eq!(read_msb_first(&b, 16, 1), None);
        assert_eq!(read_msb_first(&b, 7, 2), Some(0b01));
        // Token Status List, spec example: bits 1, byte 0 = 0xB9 = 1011 1001 → entries
        // 0..8 = 1,0,0,1,1,1,0,1.
        let t = [0xB9u8, 0xA3];
        let got: Vec<u64> = (0..8).map(|i| read_lsb_first(&t, i, 1).unwrap()).collect();
        assert_eq!(got, [1, 0, 0, 1, 1, 1, 0, 1]);
        // bits 2: byte 0xC9 = 11 00 10 01 → entries 0..4 = 1, 2, 0, 3.
        let t2 = [0xC9u8];
        let got: Vec<u64> = (0..4).map(|i| read_lsb_first(&t2, i, 2).unwrap()).collect();
        assert_eq!(got, [1, 2, 0, 3]);
        assert_eq!(read_lsb_first(&t2, 4, 2), None);
        assert_eq!(read_msb_first(&b, u64::MAX, 8), None);
    }

    #[test]
    fn encoded_lists_with_and_without_multibase_prefix() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&[0u8, 0x10, 0, 0]).unwrap();
        let bytes = gz.finish().unwrap();
        let plain = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
        for enc in [format!("u{plain}"), plain.clone()] {
            let list = decode_encoded_list(&enc).unwrap();
            assert_eq!(list, [0, 0x10, 0, 0]);
            assert_eq!(read_msb_first(&list, 11, 1), Some(1));
        }
        assert!(decode_encoded_list("not base64 !!").is_err());
        assert!(decode_encoded_list("uAAAA").is_err());
    }
}
