//! European Digital Credentials (ELM v3): sealed with JAdES, or unsigned.
//!
//! A sealed EDC is a JAdES JSON serialisation (ETSI TS 119 182-1):
//! `{"payload": "<credential JSON>", "signatures": [{"protected", "header", "signature"}]}`.
//! Each seal is checked offline:
//!
//! - `seal`: the signature over `ASCII(protected) "." payload` (with `b64: false` the
//!   payload's UTF-8 bytes as they are; otherwise its base64url text) with the key of the
//!   leaf certificate in `x5c` (RS256, PS256, ES256); `x5t#S256` must be the SHA-256 of
//!   that certificate; every `crit` entry must be one Tessera understands (below).
//! - `certificate`: the leaf certificate's validity window at the claimed signing time
//!   `sigT`. The chain to a trust anchor and revocation are not checked offline.
//! - `registry`: `unknown`, trust in the EU trusted lists is not checked offline.
//!
//! `crit` entries accepted: `b64` (RFC 7797, applied), `sigT` (judged), and the JAdES
//! signed header parameters that only describe the seal and do not change what was signed:
//! `x5t#o`, `sigX5ts`, `srCms`, `sigPl`, `srAts`, `adoTst`, `sigPId`. `sigD` (a detached
//! payload made of other documents) and anything else are refused by name: what they
//! require is not done here, so the seal would be reported on something it does not cover.

mod cert;
mod elm;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::jose::{b64url, b64url_decode, JoseError};
use crate::model::{Check, CheckResult, Examined, Format, Verdict};
use crate::normalize::rfc3339;
use crate::verify::{check, CoreError, Env};

/// `crit` header parameters Tessera understands (see the module comment).
const KNOWN_CRIT: &[&str] = &[
    "b64", "sigT", "x5t#o", "sigX5ts", "srCms", "sigPl", "srAts", "adoTst", "sigPId",
];

/// Whether a JSON document is a JAdES JSON serialisation (`payload` + `signatures`).
pub fn is_jades(doc: &Value) -> bool {
    doc.get("payload").is_some_and(Value::is_string)
        && doc.get("signatures").is_some_and(Value::is_array)
}

/// Whether a JSON document is an ELM credential (context `edc-ap`).
pub fn is_elm(doc: &Value) -> bool {
    crate::jsonld::context_urls(doc)
        .iter()
        .any(|u| u.starts_with("http://data.europa.eu/snb/model/context/edc-ap"))
}

/// Examines a European Digital Credential: a JAdES-sealed one or an unsigned ELM document.
pub fn examine(doc: &Value, env: &Env) -> Result<Examined, CoreError> {
    if is_jades(doc) {
        return examine_sealed(doc, env);
    }
    if !doc.is_object() {
        return Err(CoreError::NotACredential {
            reason: "it is not a JSON object".to_owned(),
        });
    }
    let checks = vec![check(
        "signature",
        CheckResult::Unknown,
        "The credential carries no seal, so nothing shows who issued it.".to_owned(),
        env,
    )];
    finish(doc, checks, Verdict::Unsigned, env)
}

/// The outcome of one seal.
struct SealReport {
    seal: (CheckResult, String),
    certificate: (CheckResult, String),
}

impl SealReport {
    fn seal_only(result: CheckResult, detail: String) -> Self {
        SealReport {
            seal: (result, detail),
            certificate: (
                CheckResult::Unknown,
                "The seal certificate was not examined.".to_owned(),
            ),
        }
    }
}

fn examine_sealed(doc: &Value, env: &Env) -> Result<Examined, CoreError> {
    let payload = doc.get("payload").and_then(Value::as_str).unwrap_or("");
    let signatures = doc
        .get("signatures")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();

    // The credential: the payload as it is (b64 false), else base64url-decoded. The first
    // readable seal header decides (a seal that disagrees fails below); with none, a JSON
    // object payload is taken as it is.
    let b64 = match signatures
        .iter()
        .find_map(|s| protected_header(s).ok())
        .map(|(h, _)| h.get("b64").cloned())
    {
        Some(b) => b != Some(Value::Bool(false)),
        None => !payload.trim_start().starts_with('{'),
    };
    let credential_text = if b64 {
        let bytes = URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .map_err(|e| CoreError::NotACredential {
                reason: format!(
                    "the sealed payload is neither the credential's JSON nor base64url ({e})"
                ),
            })?;
        String::from_utf8(bytes).map_err(|_| CoreError::NotACredential {
            reason: "the sealed payload is not UTF-8 text".to_owned(),
        })?
    } else {
        payload.to_owned()
    };
    let credential: Value =
        serde_json::from_str(&credential_text).map_err(|e| CoreError::NotJson {
            reason: format!("the sealed payload: {e}"),
        })?;
    if !credential.is_object() {
        return Err(CoreError::NotACredential {
            reason: "the sealed payload is not a JSON object".to_owned(),
        });
    }

    let mut checks = Vec::new();
    if signatures.is_empty() {
        checks.push(check(
            "seal",
            CheckResult::Unknown,
            "The credential's list of seals is empty, so nothing shows who issued it.".to_owned(),
            env,
        ));
        return finish(&credential, checks, Verdict::Unsigned, env);
    }
    let several = signatures.len() > 1;
    let (mut any_fail, mut any_unknown) = (false, false);
    for (i, sig) in signatures.iter().enumerate() {
        let prefix = if several {
            format!("Seal {} of {}: ", i + 1, signatures.len())
        } else {
            String::new()
        };
        let report = examine_seal(sig, payload, b64, env);
        for (name, (result, detail)) in [("seal", report.seal), ("certificate", report.certificate)]
        {
            any_fail |= result == CheckResult::Fail;
            any_unknown |= result == CheckResult::Unknown;
            checks.push(check(name, result, format!("{prefix}{detail}"), env));
        }
    }
    checks.push(check(
        "registry",
        CheckResult::Unknown,
        "Not checked: trust in the EU trusted lists is not checked offline.".to_owned(),
        env,
    ));
    let verdict = if any_fail {
        Verdict::Invalid
    } else if any_unknown {
        Verdict::Unknown
    } else {
        Verdict::Valid
    };
    finish(&credential, checks, verdict, env)
}

/// The decoded protected header of one signature.
fn protected_header(sig: &Value) -> Result<(Value, &str), String> {
    let raw = sig
        .get("protected")
        .and_then(Value::as_str)
        .ok_or("the seal has no protected header")?;
    let bytes = b64url_decode(raw, "protected header")
        .map_err(|e| format!("the seal's protected header is not base64url: {e}"))?;
    let header: Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("the seal's protected header is not JSON: {e}"))?;
    if !header.is_object() {
        return Err("the seal's protected header is not a JSON object".to_owned());
    }
    Ok((header, raw))
}

fn day_time(d: DateTime<Utc>) -> String {
    d.format("%-d %B %Y %H:%M UTC").to_string()
}

fn examine_seal(sig: &Value, payload: &str, b64: bool, env: &Env) -> SealReport {
    use CheckResult::{Fail, Pass, Unknown};
    let (header, protected) = match protected_header(sig) {
        Ok(h) => h,
        Err(e) => return SealReport::seal_only(Fail, format!("The seal is malformed: {e}.")),
    };
    let alg = header.get("alg").and_then(Value::as_str).unwrap_or("");
    if alg.is_empty() || alg.eq_ignore_ascii_case("none") {
        return SealReport::seal_only(
            Fail,
            "The seal names no signature algorithm (alg).".to_owned(),
        );
    }

    // crit: every entry understood, and present in the header (RFC 7515 §4.1.11).
    let crit: Vec<&str> = match header.get("crit") {
        None => Vec::new(),
        Some(Value::Array(a)) if !a.is_empty() && a.iter().all(Value::is_string) => {
            a.iter().filter_map(Value::as_str).collect()
        }
        Some(_) => {
            return SealReport::seal_only(
                Fail,
                "The seal's crit header is not a non-empty list of names.".to_owned(),
            )
        }
    };
    if let Some(unknown) = crit.iter().find(|c| !KNOWN_CRIT.contains(c)) {
        return SealReport::seal_only(
            Fail,
            format!(
                "The seal requires the header parameter \"{unknown}\" (crit), which Tessera does not support."
            ),
        );
    }
    if let Some(missing) = crit.iter().find(|c| header.get(c).is_none()) {
        return SealReport::seal_only(
            Fail,
            format!("The seal lists \"{missing}\" as critical (crit) but does not carry it."),
        );
    }
    let this_b64 = match header.get("b64") {
        None => true,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return SealReport::seal_only(
                Fail,
                "The seal's b64 header is not true or false.".into(),
            )
        }
    };
    if !this_b64 && !crit.contains(&"b64") {
        return SealReport::seal_only(
            Fail,
            "The seal sets b64 to false without listing it as critical (RFC 7797).".to_owned(),
        );
    }
    if this_b64 != b64 {
        return SealReport::seal_only(
            Fail,
            "The seals disagree on whether the payload is base64url-encoded (b64).".to_owned(),
        );
    }

    let signature = match sig
        .get("signature")
        .and_then(Value::as_str)
        .ok_or_else(|| "the seal has no signature value".to_owned())
        .and_then(|s| b64url_decode(s, "signature").map_err(|e| e.to_string()))
    {
        Ok(s) => s,
        Err(e) => return SealReport::seal_only(Fail, format!("The seal is malformed: {e}.")),
    };

    // The seal certificate: the first of x5c. It is never fetched.
    let chain = match header.get("x5c") {
        Some(Value::Array(a)) if !a.is_empty() => a,
        Some(_) => {
            return SealReport::seal_only(
                Fail,
                "The seal's certificate list (x5c) is not a non-empty list.".to_owned(),
            )
        }
        None => {
            return SealReport::seal_only(
                Unknown,
                "The seal carries no certificate (x5c), and certificates are not fetched offline, so its key is unknown."
                    .to_owned(),
            )
        }
    };
    let leaf_der = match chain[0].as_str().map(|s| STANDARD.decode(s.trim())) {
        Some(Ok(d)) => d,
        Some(Err(e)) => {
            return SealReport::seal_only(
                Fail,
                format!("The seal certificate (x5c) is not base64: {e}."),
            )
        }
        None => {
            return SealReport::seal_only(
                Fail,
                "The seal certificate (x5c) is not a string.".to_owned(),
            )
        }
    };
    let leaf = match cert::parse(&leaf_der) {
        Ok(c) => c,
        Err(e) => {
            return SealReport::seal_only(Fail, format!("The seal certificate (x5c) is {e}."))
        }
    };
    if let Some(t) = header.get("x5t#S256") {
        let expected = b64url(&Sha256::digest(&leaf_der));
        if t.as_str().map(|s| s.trim_end_matches('=')) != Some(expected.as_str()) {
            return SealReport::seal_only(
                Fail,
                "The seal's certificate thumbprint (x5t#S256) does not match its certificate (x5c)."
                    .to_owned(),
            );
        }
    }

    let signing_input = {
        let mut v = Vec::with_capacity(protected.len() + 1 + payload.len());
        v.extend_from_slice(protected.as_bytes());
        v.push(b'.');
        v.extend_from_slice(payload.as_bytes());
        v
    };
    let holder = leaf.holder();
    let seal = match &leaf.key {
        Err(e) => (
            Unknown,
            format!("The seal cannot be checked: the certificate's key: {e}."),
        ),
        Ok(key) => match key.verify_jws(alg, &signing_input, &signature) {
            Ok(true) => (
                Pass,
                format!("The {alg} seal of {holder} matches the credential."),
            ),
            Ok(false) => (
                Fail,
                format!(
                    "The {alg} seal of {holder} does not match: the credential was changed after it was sealed, or the seal is damaged."
                ),
            ),
            Err(e @ JoseError::UnsupportedAlg { .. }) => (Unknown, format!("The seal cannot be checked: {e}.")),
            Err(e) => (Fail, format!("The seal does not fit its certificate: {e}.")),
        },
    };

    let window = format!(
        "valid from {} until {}",
        day_time(leaf.not_before),
        day_time(leaf.not_after)
    );
    let cn = leaf
        .cn
        .as_deref()
        .map(|c| format!(" \"{c}\""))
        .unwrap_or_default();
    let trust = "Its chain to a trust anchor is not checked offline.";
    let certificate = match header.get("sigT") {
        Some(Value::String(s)) => match crate::normalize::parse_date(s) {
            Some(t) if t < leaf.not_before || t > leaf.not_after => (
                Fail,
                format!(
                    "Sealed by {holder}, but the certificate{cn} was not valid at the signing time {} (sigT): it is {window}.",
                    day_time(t)
                ),
            ),
            Some(t) => (
                Pass,
                format!(
                    "Sealed by {holder}: the certificate{cn} was valid at the signing time {} (sigT; {window}). {trust}",
                    day_time(t)
                ),
            ),
            None => (
                Fail,
                format!("The seal's signing time (sigT) \"{s}\" is not a date."),
            ),
        },
        Some(_) => (Fail, "The seal's signing time (sigT) is not a date.".to_owned()),
        None if env.now < leaf.not_before || env.now > leaf.not_after => (
            Fail,
            format!(
                "Sealed by {holder}, but the seal states no signing time (sigT) and the certificate{cn} is not valid now: it is {window}."
            ),
        ),
        None => (
            Pass,
            format!(
                "Sealed by {holder}: the seal states no signing time (sigT); the certificate{cn} is valid now ({window}, checked {}). {trust}",
                rfc3339(env.now)
            ),
        ),
    };
    SealReport { seal, certificate }
}

/// Normalises the credential and adds the validity and status checks.
fn finish(
    credential: &Value,
    mut checks: Vec<Check>,
    verdict: Verdict,
    env: &Env,
) -> Result<Examined, CoreError> {
    let (facts, critical) = elm::normalize(credential);
    let (validity, mut status) = crate::verify::validity(credential, env);
    checks.push(validity);
    crate::status::vc_checks(credential, &facts.issuer, env, &mut checks, &mut status);
    Ok(Examined {
        format: Format::Edc,
        facts,
        critical,
        checks,
        verdict,
        status,
        selective: None,
    })
}
