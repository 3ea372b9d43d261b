//! From bytes to an [`Examined`] record: detect the format, verify every proof, judge
//! the validity dates and status entries, normalise.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::di;
use crate::jsonld::JsonLdError;
use crate::model::{Check, CheckResult, Examined, Format, Status, Verdict};
use crate::net::{Fetch, NoNetwork};
use crate::normalize::{self, parse_date, rfc3339};
use crate::registry::Registry;

/// Largest credential accepted (embedded images make real ones up to ~1 MB).
pub const MAX_CREDENTIAL_BYTES: usize = 16 * 1024 * 1024;

/// What the core needs from outside: the clock (injected, so tests choose the time), where
/// documents from the web come from ([`crate::net::Fetch`]: nothing, by default) and the
/// learner's trust registries.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub now: DateTime<Utc>,
    pub net: &'a dyn Fetch,
    pub registries: &'a [Registry],
    /// How deep in documents fetched for another check this is (a status list credential
    /// is examined at depth 1, and its own status entries are not followed).
    pub depth: u8,
}

impl std::fmt::Debug for Env<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env")
            .field("now", &self.now)
            .field("registries", &self.registries.len())
            .field("depth", &self.depth)
            .finish_non_exhaustive()
    }
}

impl Env<'static> {
    /// Offline, no registries, at `now`.
    pub fn at(now: DateTime<Utc>) -> Self {
        Env {
            now,
            net: &NoNetwork,
            registries: &[],
            depth: 0,
        }
    }
}

impl<'a> Env<'a> {
    /// The same, fetching documents through `net`.
    pub fn with_net<'b>(self, net: &'b dyn Fetch) -> Env<'b>
    where
        'a: 'b,
    {
        Env { net, ..self }
    }
    /// The same, with the learner's trust registries (most authoritative first).
    pub fn with_registries<'b>(self, registries: &'b [Registry]) -> Env<'b>
    where
        'a: 'b,
    {
        Env { registries, ..self }
    }
    /// For a document fetched to check another one.
    pub(crate) fn nested(self) -> Env<'a> {
        Env {
            depth: self.depth.saturating_add(1),
            ..self
        }
    }
}

/// Input the core could not examine at all ("could not check"; CLI exit 2). A
/// credential that was checked and failed is not an error: it is verdict `invalid`.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum CoreError {
    #[error("the input is empty")]
    Empty,
    #[error("the input is {size} bytes; Tessera accepts credentials up to {max} bytes")]
    TooLarge { size: usize, max: usize },
    #[error("the input is not a credential Tessera can read: {reason}")]
    Unrecognised { reason: String },
    #[error("the input is not valid JSON: {reason}")]
    NotJson { reason: String },
    #[error("this is not a verifiable credential: {reason}")]
    NotACredential { reason: String },
    #[error("{what} is not supported yet")]
    Unsupported { what: String },
    #[error(transparent)]
    JsonLd(#[from] JsonLdError),
}

pub(crate) fn check(name: &str, result: CheckResult, detail: String, env: &Env) -> Check {
    Check {
        check: name.to_owned(),
        result,
        detail,
        checked_at: rfc3339(env.now),
        purpose: None,
    }
}

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A PNG: a baked badge (iTXt), else a QR code holding a credential.
fn examine_png(png: &[u8], env: &Env) -> Result<Examined, CoreError> {
    if let Some(baked) = crate::ob2::extract_png(png)? {
        return examine_bytes(baked.as_bytes(), env);
    }
    if let Some(text) = crate::qr::decode(png)? {
        if text.as_bytes().starts_with(PNG_MAGIC) {
            return Err(CoreError::Unrecognised {
                reason: "the QR code holds another image".to_owned(),
            });
        }
        return examine_bytes(text.as_bytes(), env);
    }
    Err(CoreError::Unrecognised {
        reason: "it is an image with neither a baked badge nor a QR code in it".to_owned(),
    })
}

/// The JSON payload of a compact JWS, if it decodes.
fn jws_payload(jws: &str) -> Option<Value> {
    let part = jws.split('.').nth(1)?;
    serde_json::from_slice(&crate::jose::b64url_decode(part, "payload").ok()?).ok()
}

fn looks_like_jwt(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// Detects, verifies and normalises one credential; at the top level (not for a document
/// fetched to check another), the issuer is looked up in the learner's trust registries.
pub fn examine(raw: &[u8], env: &Env) -> Result<Examined, CoreError> {
    let mut examined = examine_bytes(raw, env)?;
    if env.depth == 0 {
        crate::registry::apply(&mut examined, env);
    }
    Ok(examined)
}

fn examine_bytes(raw: &[u8], env: &Env) -> Result<Examined, CoreError> {
    if raw.len() > MAX_CREDENTIAL_BYTES {
        return Err(CoreError::TooLarge {
            size: raw.len(),
            max: MAX_CREDENTIAL_BYTES,
        });
    }
    if raw.starts_with(PNG_MAGIC) {
        return examine_png(raw, env);
    }
    let text = std::str::from_utf8(raw).map_err(|_| CoreError::Unrecognised {
        reason: "it is neither text nor a PNG image".to_owned(),
    })?;
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(CoreError::Empty);
    }
    if trimmed.starts_with('[') {
        return Err(CoreError::NotACredential {
            reason: "it is a JSON list, not one credential".to_owned(),
        });
    }
    if !trimmed.starts_with('{') {
        if trimmed.contains('~') {
            return crate::sdjwt::examine(trimmed, env);
        }
        if looks_like_jwt(trimmed) {
            if jws_payload(trimmed).is_some_and(|p| crate::ob2::is_assertion(&p)) {
                return crate::ob2::examine_signed(trimmed, env);
            }
            return crate::vcjwt::examine(trimmed, env);
        }
        if trimmed.starts_with("https://") || trimmed.starts_with("http://") {
            return Err(CoreError::Unsupported {
                what: "a badge given only by its web address (fetching it needs online checks)"
                    .to_owned(),
            });
        }
        if trimmed.starts_with('<') {
            return match crate::ob2::extract_svg(trimmed)? {
                Some(baked) => examine_bytes(baked.as_bytes(), env),
                None => Err(CoreError::Unrecognised {
                    reason: "it is an image (SVG) with no badge baked into it".to_owned(),
                }),
            };
        }
        return Err(CoreError::Unrecognised {
            reason: "it is neither JSON nor a JWT".to_owned(),
        });
    }
    let doc: Value = serde_json::from_str(trimmed).map_err(|e| CoreError::NotJson {
        reason: e.to_string(),
    })?;
    examine_json(&doc, env)
}

fn examine_json(doc: &Value, env: &Env) -> Result<Examined, CoreError> {
    if !doc.is_object() {
        return Err(CoreError::NotACredential {
            reason: "it is not a JSON object".to_owned(),
        });
    }
    if crate::edc::is_jades(doc) || crate::edc::is_elm(doc) {
        return crate::edc::examine(doc, env);
    }
    if crate::ob2::is_assertion(doc) {
        return crate::ob2::examine_assertion(doc, env);
    }
    if doc.get("@context").is_none() {
        return Err(CoreError::NotACredential {
            reason: "it has no @context".to_owned(),
        });
    }
    let types: Vec<&str> = normalize::many(doc.get("type"))
        .into_iter()
        .filter_map(Value::as_str)
        .collect();
    if !types.contains(&"VerifiableCredential") {
        return Err(CoreError::NotACredential {
            reason: "its type does not include VerifiableCredential".to_owned(),
        });
    }
    let issuer = normalize::issuer_id(doc).ok_or_else(|| CoreError::NotACredential {
        reason: "it names no issuer".to_owned(),
    })?;
    if doc.get("credentialSubject").is_none() {
        return Err(CoreError::NotACredential {
            reason: "it has no credentialSubject".to_owned(),
        });
    }
    // Every context must be one Tessera carries, signed or not: nothing is fetched.
    for url in crate::jsonld::context_urls(doc) {
        if crate::contexts::get(&url).is_none() {
            return Err(JsonLdError::UnknownContext { url }.into());
        }
    }
    let format = if normalize::is_open_badge(doc) {
        Format::Ob3Di
    } else {
        Format::VcDi
    };

    let mut checks = Vec::new();
    let reports = di::verify_with(doc, &issuer, env)?;
    let verdict = if reports.is_empty() {
        checks.push(check(
            "signature",
            CheckResult::Unknown,
            "The credential carries no signature, so nothing shows who issued it.".to_owned(),
            env,
        ));
        Verdict::Unsigned
    } else {
        let several = reports.len() > 1;
        let mut any_fail = false;
        let mut any_unknown = false;
        for (i, r) in reports.iter().enumerate() {
            let prefix = if several {
                format!("Proof {} of {} ({}): ", i + 1, reports.len(), r.suite)
            } else {
                String::new()
            };
            for (name, outcome) in [("signature", &r.signature), ("issuer-key", &r.issuer_key)] {
                let (result, detail) = outcome.split();
                any_fail |= result == CheckResult::Fail;
                any_unknown |= result == CheckResult::Unknown;
                checks.push(check(name, result, format!("{prefix}{detail}"), env));
            }
        }
        if any_fail {
            Verdict::Invalid
        } else if any_unknown {
            Verdict::Unknown
        } else {
            Verdict::Valid
        }
    };

    let (facts, critical) = normalize::normalize(doc);
    let (validity, mut status) = validity(doc, env);
    checks.push(validity);
    crate::status::vc_checks(doc, &issuer, env, &mut checks, &mut status);
    Ok(Examined {
        format,
        facts,
        critical,
        checks,
        verdict,
        status,
        selective: None,
    })
}

/// The `validity` check of a VC (VC 2.0 `validFrom`/`validUntil`, VC 1.1
/// `issuanceDate`/`expirationDate`) and the status it implies.
pub(crate) fn validity(doc: &Value, env: &Env) -> (Check, Status) {
    let from_raw = doc
        .get("validFrom")
        .or_else(|| doc.get("issuanceDate"))
        .and_then(Value::as_str);
    let until_raw = doc
        .get("validUntil")
        .or_else(|| doc.get("expirationDate"))
        .and_then(Value::as_str);
    let from = from_raw.map(|s| (s, parse_date(s)));
    let until = until_raw.map(|s| (s, parse_date(s)));
    for (s, parsed) in [from, until].into_iter().flatten() {
        if parsed.is_none() {
            return (
                check(
                    "validity",
                    CheckResult::Fail,
                    format!("The validity date \"{s}\" is not a date."),
                    env,
                ),
                Status::Unknown,
            );
        }
    }
    window_check(from.and_then(|(_, d)| d), until.and_then(|(_, d)| d), env)
}

/// The `validity` check for a validity window already read as dates, and the status it
/// implies. Shared by every format.
pub(crate) fn window_check(
    from: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    env: &Env,
) -> (Check, Status) {
    let day = |d: DateTime<Utc>| d.format("%-d %B %Y").to_string();
    if let Some(f) = from {
        if env.now < f {
            return (
                check(
                    "validity",
                    CheckResult::Fail,
                    format!("Not valid yet: it becomes valid on {}.", day(f)),
                    env,
                ),
                Status::NotYetValid,
            );
        }
    }
    if let Some(u) = until {
        if env.now > u {
            return (
                check(
                    "validity",
                    CheckResult::Fail,
                    format!("Expired on {}.", day(u)),
                    env,
                ),
                Status::Expired,
            );
        }
    }
    let detail = match (from, until) {
        (Some(f), Some(u)) => format!("Valid from {} until {}.", day(f), day(u)),
        (Some(f), None) => format!("Valid since {}, with no end date.", day(f)),
        (None, Some(u)) => format!("Valid until {}.", day(u)),
        (None, None) => "The credential states no validity dates.".to_owned(),
    };
    (
        check("validity", CheckResult::Pass, detail, env),
        Status::Active,
    )
}

/// The lifecycle status of an already examined credential at another time: the
/// validity window is judged again, status evidence in its checks is kept.
pub fn status_at(examined: &Examined, now: DateTime<Utc>) -> Status {
    let evidence = examined
        .checks
        .iter()
        .filter(|c| c.check == "status")
        .map(|c| (c.result, c.purpose.as_deref()))
        .collect::<Vec<_>>();
    if evidence
        .iter()
        .any(|(r, p)| *r == CheckResult::Fail && *p != Some("suspension"))
    {
        return Status::Revoked;
    }
    if evidence.iter().any(|(r, _)| *r == CheckResult::Fail) {
        return Status::Suspended;
    }
    let f = &examined.facts;
    if f.unreadable_dates {
        return Status::Unknown;
    }
    let from = f
        .valid_from
        .as_deref()
        .or(f.issued.as_deref())
        .and_then(parse_date);
    if let Some(u) = f.expires.as_deref().and_then(parse_date) {
        if now > u {
            return Status::Expired;
        }
    }
    if let Some(fr) = from {
        if now < fr {
            return Status::NotYetValid;
        }
    }
    if evidence.iter().any(|(r, _)| *r == CheckResult::Unknown) {
        return Status::Unknown;
    }
    Status::Active
}
