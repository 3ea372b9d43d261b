//! Open Badges 2.0: hosted and signed assertions, and badges baked into PNG and SVG images.
//!
//! Offline, no OB 2.0 badge can be authenticated: a hosted assertion is checked by fetching it
//! from the issuer, and a signed one by fetching its key from `verification.creator`. Both are
//! verdict `unknown`, never `invalid`. [`verify_signed_with_pem`] is the real check of a signed
//! badge once the key is at hand (the online step fetches it).
//!
//! Field map: title ← BadgeClass `name` (else "Open Badge"); issuer ← the embedded Profile's
//! `id` (or the BadgeClass's `issuer` URL); issued ← `issuedOn`; expires ← `expires`;
//! criteria ← BadgeClass `criteria.narrative`; skills ← alignment `targetUrl`; learning
//! outcomes ← alignment `targetName`; learner ← `recipient` ("hashed e-mail" when hashed).

mod baked;
mod online;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::jose::{CompactJws, PublicKey};
use crate::model::{
    CheckResult, Critical, CriticalElement, Examined, Facts, Format, Status, Verdict,
};
use crate::normalize::{many, parse_date, rfc3339};
use crate::verify::{check, window_check, CoreError, Env};

pub use baked::MAX_INFLATED_BYTES;

/// Whether a JSON document is an Open Badges 2.0 assertion.
pub fn is_assertion(doc: &Value) -> bool {
    let ctx_ob2 = crate::jsonld::context_urls(doc)
        .iter()
        .any(|u| u.starts_with("https://w3id.org/openbadges/v2"));
    ctx_ob2 || (doc.get("recipient").is_some() && doc.get("badge").is_some())
}

/// The badge baked into a PNG image (iTXt chunk `openbadges` or `openbadgecredential`; the
/// older tEXt chunk too), if any: a URL, a JSON assertion or a JWS, as baked. Refuses a
/// truncated or damaged file, a chunk longer than the file and a compressed text that would
/// inflate beyond [`MAX_INFLATED_BYTES`].
pub fn extract_png(png: &[u8]) -> Result<Option<String>, CoreError> {
    baked::extract_png(png)
}

/// The badge baked into an SVG image (`openbadges:assertion` element: its content, else its
/// `verify` attribute), if any. Refuses DTDs and entity declarations.
pub fn extract_svg(svg: &str) -> Result<Option<String>, CoreError> {
    baked::extract_svg(svg)
}

fn not_assertion(reason: &str) -> CoreError {
    CoreError::NotACredential {
        reason: format!("it is not an Open Badges 2.0 assertion: {reason}"),
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    let s = v?.as_str()?.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn id_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => text(Some(&Value::String(s.clone()))),
        Value::Object(o) => text(o.get("id")),
        _ => None,
    }
}

fn embedded_image(v: Option<&Value>) -> Option<String> {
    let id = id_of(v)?;
    let lower = id.to_ascii_lowercase();
    ["png", "jpeg", "gif", "webp", "svg+xml"]
        .iter()
        .any(|t| lower.starts_with(&format!("data:image/{t};")))
        .then_some(id)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether the assertion was issued to `email`: the plain identity, or its `sha256$` /
/// `md5$` hash with the recipient's salt. For the learner's own check; nothing else.
pub fn recipient_matches(doc: &Value, email: &str) -> bool {
    let Some(r) = doc.get("recipient") else {
        return false;
    };
    let Some(identity) = r.get("identity").and_then(Value::as_str) else {
        return false;
    };
    let hashed = r.get("hashed").and_then(Value::as_bool).unwrap_or(false);
    let salt = r.get("salt").and_then(Value::as_str).unwrap_or("");
    let email = email.trim();
    let candidates = [email.to_owned(), email.to_lowercase()];
    if !hashed {
        return candidates
            .iter()
            .any(|c| c.eq_ignore_ascii_case(identity.trim()));
    }
    let Some((alg, digest)) = identity.split_once('$') else {
        return false;
    };
    candidates.iter().any(|c| {
        let input = format!("{c}{salt}");
        let computed = match alg.to_ascii_lowercase().as_str() {
            "sha256" => hex(&Sha256::digest(input.as_bytes())),
            "md5" => hex(&<md5::Md5 as sha2::Digest>::digest(input.as_bytes())),
            _ => return false,
        };
        computed.eq_ignore_ascii_case(digest.trim())
    })
}

/// The learner as the assertion names them: (display, critical value).
fn learner(doc: &Value) -> (Option<String>, Value) {
    let Some(r) = doc.get("recipient").filter(|r| r.is_object()) else {
        return (None, Value::Null);
    };
    let kind = text(r.get("type")).unwrap_or_else(|| "email".to_owned());
    let hashed = r.get("hashed").and_then(Value::as_bool).unwrap_or(false);
    let identity = text(r.get("identity"));
    let label = if kind == "email" { "e-mail" } else { &kind };
    let display = if hashed {
        Some(format!("hashed {label}"))
    } else {
        identity.clone()
    };
    let value = json!({
        "identityType": kind,
        "hashed": hashed,
        "value": if hashed { Value::Null } else { identity.map(Value::String).unwrap_or(Value::Null) },
    });
    (display, value)
}

/// Facts and critical information of an assertion.
fn normalize(doc: &Value) -> (Facts, Critical) {
    let null = Value::Null;
    let badge = doc.get("badge").unwrap_or(&null);
    let class = if badge.is_object() { badge } else { &null };
    let issuer = class.get("issuer").unwrap_or(&null);
    let profile = if issuer.is_object() { issuer } else { &null };

    let title = text(class.get("name")).unwrap_or_else(|| "Open Badge".to_owned());
    let issuer_id = id_of(Some(issuer)).unwrap_or_default();
    let issuer_name = text(profile.get("name"));
    let date = |k: &str| {
        doc.get(k)
            .and_then(Value::as_str)
            .and_then(parse_date)
            .map(rfc3339)
    };
    let issued = date("issuedOn");
    let expires = date("expires");
    let criteria = text(class.get("criteria").and_then(|c| c.get("narrative")));
    let mut skills = Vec::new();
    let mut outcomes = Vec::new();
    for a in many(class.get("alignment")) {
        if let Some(u) = text(a.get("targetUrl")) {
            if !skills.contains(&u) {
                skills.push(u);
            }
        }
        if let Some(n) = text(a.get("targetName")) {
            outcomes.push(n);
        }
    }
    if outcomes.is_empty() {
        if let Some(c) = &criteria {
            outcomes.push(c.clone());
        }
    }
    let (learner_display, learner_value) = learner(doc);
    let unreadable_dates = ["issuedOn", "expires"].iter().any(|k| match doc.get(*k) {
        None | Some(Value::Null) => false,
        Some(v) => v.as_str().and_then(parse_date).is_none(),
    });

    let facts = Facts {
        skill_names: Default::default(),
        registry: None,
        issuer_claimed_name: None,
        achievement_type: None,
        title: title.clone(),
        issuer: issuer_id.clone(),
        issuer_name: issuer_name.clone(),
        issued: issued.clone(),
        valid_from: None,
        achievement_id: id_of(Some(badge)),
        credits: None,
        credit_unit: None,
        eqf_level: None,
        skills,
        expires,
        description: text(class.get("description")),
        criteria,
        learner: learner_display,
        learning_outcomes: outcomes.clone(),
        image: embedded_image(doc.get("image")).or_else(|| embedded_image(class.get("image"))),
        credential_id: text(doc.get("id")),
        unreadable_dates,
    };

    let mut body = serde_json::Map::new();
    if !issuer_id.is_empty() {
        body.insert("id".into(), issuer_id.into());
    }
    if let Some(n) = issuer_name {
        body.insert("name".into(), n.into());
    }
    if let Some(u) = text(profile.get("url")) {
        body.insert("url".into(), u.into());
    }
    let critical = Critical {
        learner: CriticalElement::of(learner_value),
        title: CriticalElement::of(Value::String(title)),
        awarding_body: CriticalElement::of(Value::Object(body)),
        issued: CriticalElement::of(issued.map(Value::String).unwrap_or(Value::Null)),
        learning_outcomes: CriticalElement::of(Value::Array(
            outcomes.into_iter().map(Value::String).collect(),
        )),
        ..Critical::default()
    };
    (facts, critical)
}

/// The record of an assertion, with its authenticity already judged.
fn examined(
    doc: &Value,
    env: &Env,
    mut checks: Vec<crate::model::Check>,
    verdict: Verdict,
) -> Result<Examined, CoreError> {
    if !doc.is_object() {
        return Err(not_assertion("it is not a JSON object"));
    }
    if doc.get("recipient").is_none() {
        return Err(not_assertion("it has no recipient"));
    }
    if doc.get("badge").is_none() {
        return Err(not_assertion("it names no badge"));
    }
    let (facts, critical) = normalize(doc);
    let (validity, mut status) = if facts.unreadable_dates {
        let bad = ["issuedOn", "expires"]
            .iter()
            .filter_map(|k| doc.get(*k))
            .find(|v| v.as_str().and_then(parse_date).is_none())
            .map(|v| v.to_string())
            .unwrap_or_default();
        (
            check(
                "validity",
                CheckResult::Fail,
                format!("The validity date {bad} is not a date."),
                env,
            ),
            Status::Unknown,
        )
    } else {
        window_check(
            facts.issued.as_deref().and_then(parse_date),
            facts.expires.as_deref().and_then(parse_date),
            env,
        )
    };
    checks.push(validity);
    if doc.get("revoked").and_then(Value::as_bool) == Some(true) {
        let reason = text(doc.get("revocationReason"))
            .map(|r| format!(" Reason given: {r}"))
            .unwrap_or_default();
        let mut c = check(
            "status",
            CheckResult::Fail,
            format!("The badge says the issuer revoked it.{reason}"),
            env,
        );
        c.purpose = Some("revocation".to_owned());
        checks.push(c);
        status = Status::Revoked;
    }
    Ok(Examined {
        format: Format::Ob2,
        facts,
        critical,
        checks,
        verdict,
        status,
        selective: None,
    })
}

/// Examines an Open Badges 2.0 assertion given as JSON (hosted). Offline it cannot be
/// authenticated: verdict `unknown`.
pub fn examine_assertion(doc: &Value, env: &Env) -> Result<Examined, CoreError> {
    let l = online::linked(doc, env);
    let checks = online::hosted_checks(doc, &l, env);
    let verdict = verdict_of(&checks);
    let full = online::enriched(doc, &l);
    let revocation = online::revocation(text(doc.get("id")).as_deref(), &l, env);
    finish(&full, env, checks, verdict, revocation)
}

fn verdict_of(checks: &[crate::model::Check]) -> Verdict {
    let auth = checks
        .iter()
        .filter(|c| c.check == "signature" || c.check == "issuer-key");
    let results: Vec<CheckResult> = auth.map(|c| c.result).collect();
    if results.contains(&CheckResult::Fail) {
        Verdict::Invalid
    } else if results.is_empty() || results.contains(&CheckResult::Unknown) {
        Verdict::Unknown
    } else {
        Verdict::Valid
    }
}

/// [`examined`], plus status checks found online, settling the lifecycle status.
fn finish(
    doc: &Value,
    env: &Env,
    checks: Vec<crate::model::Check>,
    verdict: Verdict,
    revocation: Option<crate::model::Check>,
) -> Result<Examined, CoreError> {
    let mut x = examined(doc, env, checks, verdict)?;
    x.checks.extend(revocation);
    // Status checks before validity read better: keep validity where examined put it.
    crate::status::settle(&x.checks, &mut x.status);
    Ok(x)
}

const ALGS: [&str; 2] = ["RS256", "ES256"];

/// Parses a signed assertion: the JWS and its payload, which must be an assertion signed
/// with RS256 or ES256.
fn parse_signed(jws: &str) -> Result<CompactJws, CoreError> {
    let parsed = CompactJws::parse(jws).map_err(|e| CoreError::NotACredential {
        reason: format!("the signed Open Badges 2.0 badge is malformed: {e}"),
    })?;
    if !parsed.payload.is_object() || !is_assertion(&parsed.payload) {
        return Err(not_assertion("the JWS payload is not an assertion"));
    }
    let alg = parsed.alg();
    if !ALGS.contains(&alg) {
        return Err(CoreError::Unsupported {
            what: format!(
                "the signature algorithm \"{alg}\" in a signed Open Badges 2.0 badge (RS256 and ES256 are)"
            ),
        });
    }
    Ok(parsed)
}

fn creator(payload: &Value) -> Option<String> {
    text(
        payload
            .get("verification")
            .or_else(|| payload.get("verify"))
            .and_then(|v| v.get("creator")),
    )
}

/// Examines a signed Open Badges 2.0 assertion (compact JWS whose payload is the
/// assertion). Its key is a document at `verification.creator`, fetched online: offline the
/// verdict is `unknown`. A malformed JWS is an error.
pub fn examine_signed(jws: &str, env: &Env) -> Result<Examined, CoreError> {
    let parsed = parse_signed(jws)?;
    let alg = parsed.alg().to_owned();
    let l = online::linked(&parsed.payload, env);
    let checks = match creator(&parsed.payload) {
        Some(url) => {
            let (s, k) = online::signed_checks(&parsed, &url, &l, env);
            vec![s, k]
        }
        None => vec![
            check(
                "signature",
                CheckResult::Unknown,
                format!(
                    "Not checked: the badge is signed ({alg}) but does not say where its key is (no verification.creator)."
                ),
                env,
            ),
            check(
                "issuer-key",
                CheckResult::Unknown,
                "Not checked: the badge names no key, so nothing ties its signature to the issuer."
                    .to_owned(),
                env,
            ),
        ],
    };
    let verdict = verdict_of(&checks);
    let full = online::enriched(&parsed.payload, &l);
    let revocation = online::revocation(text(parsed.payload.get("id")).as_deref(), &l, env);
    finish(&full, env, checks, verdict, revocation)
}

fn key_error(reason: impl std::fmt::Display) -> CoreError {
    CoreError::Unrecognised {
        reason: format!("the key given for the Open Badges 2.0 signature is not usable: {reason}"),
    }
}

/// Reads a PEM public key: `PUBLIC KEY` (SPKI: RSA or P-256) or `RSA PUBLIC KEY` (PKCS#1).
fn public_key_from_pem(pem: &str) -> Result<PublicKey, CoreError> {
    use base64::Engine;
    let pem = pem.trim();
    let first = pem.lines().next().unwrap_or("").trim();
    let label = first
        .strip_prefix("-----BEGIN ")
        .and_then(|l| l.strip_suffix("-----"))
        .ok_or_else(|| key_error("it is not PEM (no -----BEGIN line)"))?;
    let end = format!("-----END {label}-----");
    let body: String = pem
        .lines()
        .skip(1)
        .take_while(|l| l.trim() != end)
        .map(str::trim)
        .collect();
    if !pem.lines().any(|l| l.trim() == end) {
        return Err(key_error(format!("the PEM has no {end} line")));
    }
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|e| key_error(format!("the PEM body is not base64: {e}")))?;
    match label {
        "PUBLIC KEY" => {
            use rsa::pkcs8::DecodePublicKey;
            if let Ok(k) = rsa::RsaPublicKey::from_public_key_der(&der) {
                return Ok(PublicKey::Rsa(Box::new(k)));
            }
            p256::ecdsa::VerifyingKey::from_public_key_der(&der)
                .map(PublicKey::P256)
                .map_err(|_| key_error("the public key is neither RSA nor P-256"))
        }
        "RSA PUBLIC KEY" => {
            use rsa::pkcs1::DecodeRsaPublicKey;
            rsa::RsaPublicKey::from_pkcs1_der(&der)
                .map(|k| PublicKey::Rsa(Box::new(k)))
                .map_err(|e| key_error(format!("the RSA public key does not decode: {e}")))
        }
        other => Err(key_error(format!(
            "a PEM \"{other}\" is not a public key (expected PUBLIC KEY or RSA PUBLIC KEY)"
        ))),
    }
}

/// Verifies a signed Open Badges 2.0 assertion with its key as PEM (the `publicKeyPem` of the
/// CryptographicKey document at `verification.creator`, which the caller fetched). The
/// signature is really checked: `valid` when it matches, `invalid` when not. That the key
/// belongs to the issuer (the key document's `owner` is the issuer Profile, which lists the
/// key) is for the caller who fetched it to confirm: the `issuer-key` check says so (`warn`).
pub fn verify_signed_with_pem(jws: &str, pem: &str, env: &Env) -> Result<Examined, CoreError> {
    let parsed = parse_signed(jws)?;
    let key = public_key_from_pem(pem)?;
    let alg = parsed.alg().to_owned();
    let (result, detail) = match parsed.verify(&key) {
        Ok(true) => (
            CheckResult::Pass,
            format!("The {alg} signature verifies with the {} key given.", key.kind()),
        ),
        Ok(false) => (
            CheckResult::Fail,
            "The signature does not match: the badge was changed after it was signed, or it was not signed with this key.".to_owned(),
        ),
        Err(e) => (CheckResult::Fail, format!("The signature cannot be checked with this key: {e}.")),
    };
    let verdict = if result == CheckResult::Pass {
        Verdict::Valid
    } else {
        Verdict::Invalid
    };
    let key_detail = match creator(&parsed.payload) {
        Some(url) => format!(
            "The key was supplied from outside the badge; the badge names its key at {url}, and that it belongs to the issuer was not checked here."
        ),
        None => "The key was supplied from outside the badge, which names no key (no verification.creator); that it belongs to the issuer was not checked here.".to_owned(),
    };
    let checks = vec![
        check("signature", result, detail, env),
        check("issuer-key", CheckResult::Warn, key_detail, env),
    ];
    examined(&parsed.payload, env, checks, verdict)
}
