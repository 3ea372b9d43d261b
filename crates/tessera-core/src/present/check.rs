//! The verifier's side: `verify-presentation`.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::holder::sd_hash;
use super::vp::without_proof;
use super::{
    verdict_of, KeyAlg, PresentError, PresentationFormat, PresentationReport, CLOCK_SKEW_SECONDS,
};
use crate::di::{self, Outcome, AUTHENTICATION};
use crate::did;
use crate::jose::{CompactJws, PublicKey};
use crate::model::{Check, CheckResult, Examined};
use crate::normalize::{many, parse_date, rfc3339};
use crate::verify::{check, Env, MAX_CREDENTIAL_BYTES};

fn unreadable(reason: impl Into<String>) -> PresentError {
    PresentError::Unreadable {
        reason: reason.into(),
    }
}

/// Checks a presentation (an SD-JWT with a Key Binding JWT, or a Verifiable Presentation)
/// as its recipient: the credentials' own checks, then `holder-binding`, `audience`,
/// `nonce` and `expiry`. `audience` / `nonce`: what the verifier expects; `None` is not
/// compared (the check is `warn` and says so). An error means it could not be read at all.
pub fn verify(
    presentation: &str,
    audience: Option<&str>,
    nonce: Option<&str>,
    env: &Env,
) -> Result<PresentationReport, PresentError> {
    if presentation.len() > MAX_CREDENTIAL_BYTES {
        return Err(unreadable(format!(
            "it is {} bytes; Tessera reads presentations up to {MAX_CREDENTIAL_BYTES} bytes",
            presentation.len()
        )));
    }
    let text = presentation.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(unreadable("it is empty"));
    }
    let expected = Expected { audience, nonce };
    if text.starts_with('{') {
        verify_vp(text, &expected, env)
    } else if text.contains('~') {
        verify_sd_jwt(text, &expected, env)
    } else {
        Err(unreadable(
            "it is neither an SD-JWT presentation nor a Verifiable Presentation",
        ))
    }
}

struct Expected<'a> {
    audience: Option<&'a str>,
    nonce: Option<&'a str>,
}

/// A check result and its sentence.
struct Judged(CheckResult, String);

fn pass(s: impl Into<String>) -> Judged {
    Judged(CheckResult::Pass, s.into())
}
fn fail(s: impl Into<String>) -> Judged {
    Judged(CheckResult::Fail, s.into())
}
fn warn(s: impl Into<String>) -> Judged {
    Judged(CheckResult::Warn, s.into())
}
fn unknown(s: impl Into<String>) -> Judged {
    Judged(CheckResult::Unknown, s.into())
}

fn push(checks: &mut Vec<Check>, name: &str, j: Judged, env: &Env) {
    checks.push(check(name, j.0, j.1, env));
}

/// Shown values are cut short, so that a hostile presentation cannot flood the screen.
fn shown(s: &str) -> String {
    const MAX: usize = 200;
    if s.chars().count() <= MAX {
        format!("\"{s}\"")
    } else {
        format!("\"{}…\"", s.chars().take(MAX).collect::<String>())
    }
}

/// The `audience` or `nonce` check of a stated value against the expected one.
fn compare(
    stated: Option<&Value>,
    expected: Option<&str>,
    what: &str,
    field: &str,
    mismatch: &str,
) -> Judged {
    let stated = match stated {
        None | Some(Value::Null) => {
            return fail(format!("The presentation states no {what} ({field})."))
        }
        Some(Value::String(s)) => s,
        Some(_) => {
            return fail(format!(
                "The presentation's {what} ({field}) is not one text, so it cannot be matched."
            ))
        }
    };
    match expected {
        Some(e) if e == stated => pass(format!("Its {what} is {}, as expected.", shown(stated))),
        Some(e) => fail(format!(
            "Its {what} is {}, not {}: {mismatch}",
            shown(stated),
            shown(e)
        )),
        None => warn(format!(
            "Its {what} is {}; no {what} was expected, so it was not compared.",
            shown(stated)
        )),
    }
}

fn audience_check(stated: Option<&Value>, expected: Option<&str>, field: &str) -> Judged {
    compare(
        stated,
        expected,
        "audience",
        field,
        "it was made for someone else.",
    )
}

fn nonce_check(stated: Option<&Value>, expected: Option<&str>, field: &str) -> Judged {
    compare(
        stated,
        expected,
        "nonce",
        field,
        "it was not made for this request (it may be a copy of an earlier presentation).",
    )
}

/// A time the presentation states: absent, a time, or there but unreadable.
enum When {
    Absent,
    At(DateTime<Utc>),
    Unreadable,
}

fn numeric_date(v: Option<&Value>) -> When {
    let Some(v) = v else { return When::Absent };
    let secs = v.as_i64().or_else(|| {
        v.as_f64()
            .filter(|f| f.is_finite() && f.abs() < 1e15)
            .map(|f| f.floor() as i64)
    });
    match secs.and_then(|s| DateTime::from_timestamp(s, 0)) {
        Some(d) => When::At(d),
        None => When::Unreadable,
    }
}

fn text_date(v: Option<&Value>) -> When {
    match v {
        None => When::Absent,
        Some(v) => match v.as_str().and_then(parse_date) {
            Some(d) => When::At(d),
            None => When::Unreadable,
        },
    }
}

fn at(d: DateTime<Utc>) -> String {
    d.format("%-d %B %Y, %H:%M:%S UTC").to_string()
}

/// When a presentation was made: required (a KB-JWT's `iat`) or optional (a Data
/// Integrity proof's `created`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Made {
    Required,
    Optional,
}

/// The `expiry` check: made (`made`) not more than the clock skew in the future, and not
/// expired (`until` after now; absent is `warn`).
fn expiry_check(made: When, until: When, fields: (&str, &str), need: Made, env: &Env) -> Judged {
    let (made_field, until_field) = fields;
    let made = match made {
        When::At(d) => Some(d),
        When::Absent if need == Made::Optional => None,
        When::Absent => {
            return fail(format!(
                "The presentation does not say when it was made ({made_field})."
            ))
        }
        When::Unreadable => {
            return fail(format!(
                "The time the presentation was made ({made_field}) is not a date."
            ))
        }
    };
    if let Some(m) = made {
        if m > env.now + chrono::Duration::seconds(CLOCK_SKEW_SECONDS) {
            return fail(format!(
                "The presentation says it was made on {}, which is in the future.",
                at(m)
            ));
        }
    }
    let made_on = |sep: &str| match made {
        Some(m) => format!("{sep}made on {}", at(m)),
        None => String::new(),
    };
    match until {
        When::At(u) if env.now < u => pass(format!("Valid until {}{}.", at(u), made_on(", "))),
        When::At(u) => fail(format!(
            "The presentation expired on {}{}.",
            at(u),
            made_on("; it was ")
        )),
        When::Absent => warn(format!(
            "The presentation states no expiry ({until_field}){}.",
            made_on("; it was ")
        )),
        When::Unreadable => fail(format!(
            "The presentation's expiry ({until_field}) is not a date."
        )),
    }
}

fn report_time(w: &When) -> Option<String> {
    match w {
        When::At(d) => Some(rfc3339(*d)),
        _ => None,
    }
}

// ------------------------------------------------------------------------ SD-JWT

fn verify_sd_jwt(
    text: &str,
    expected: &Expected<'_>,
    env: &Env,
) -> Result<PresentationReport, PresentError> {
    let cut = text.rfind('~').map(|i| i + 1).unwrap_or(text.len());
    let (presented, kb) = text.split_at(cut);
    let examined = crate::verify::examine(presented.as_bytes(), env)?;
    let Some(selective) = examined.selective.clone() else {
        return Err(unreadable("it is not an SD-JWT"));
    };

    let mut holder = None;
    let not_checked = |why: &str| unknown(format!("Not checked: {why}"));
    let (binding, audience, nonce, expiry, stated) = 'judge: {
        let key = match selective.holder_key.as_ref().map(PublicKey::from_jwk) {
            None => {
                let why = "the credential is not bound to a holder key (it has no cnf), so anyone with a copy of it could present it.";
                let no = "there is no holder key to check the Key Binding JWT with.";
                break 'judge (
                    fail(format!("Not bound: {why}")),
                    not_checked(no),
                    not_checked(no),
                    not_checked(no),
                    None,
                );
            }
            Some(Err(e)) => {
                let no = "the holder key cannot be read.";
                break 'judge (
                    fail(format!("The holder key the issuer bound the credential to (cnf.jwk) cannot be read: {e}.")),
                    not_checked(no), not_checked(no), not_checked(no), None,
                );
            }
            Some(Ok(k)) => k,
        };
        holder = Some(did::did_jwk_for(&key));
        if kb.is_empty() {
            let no = "there is no Key Binding JWT.";
            break 'judge (
                fail("There is no Key Binding JWT: nothing shows that the person presenting it holds the key the credential was issued to (it may be a copy)."),
                not_checked(no), not_checked(no), not_checked(no), None,
            );
        }
        let jws = match CompactJws::parse(kb) {
            Ok(j) => j,
            Err(e) => {
                let no = "the Key Binding JWT cannot be read.";
                break 'judge (
                    fail(format!("The Key Binding JWT cannot be read: {e}.")),
                    not_checked(no),
                    not_checked(no),
                    not_checked(no),
                    None,
                );
            }
        };
        let Some(payload) = jws.payload.as_object() else {
            let no = "the Key Binding JWT's payload is not a JSON object.";
            break 'judge (
                fail("The Key Binding JWT's payload is not a JSON object."),
                not_checked(no),
                not_checked(no),
                not_checked(no),
                None,
            );
        };
        let binding = key_binding(&jws, payload.get("sd_hash"), &key, presented);
        let audience = audience_check(payload.get("aud"), expected.audience, "aud");
        let nonce = nonce_check(payload.get("nonce"), expected.nonce, "nonce");
        let exp = numeric_date(payload.get("exp"));
        let stated = Stated {
            audience: payload
                .get("aud")
                .and_then(Value::as_str)
                .map(str::to_owned),
            nonce: payload
                .get("nonce")
                .and_then(Value::as_str)
                .map(str::to_owned),
            expires: report_time(&exp),
        };
        let expiry = expiry_check(
            numeric_date(payload.get("iat")),
            exp,
            ("iat", "exp"),
            Made::Required,
            env,
        );
        (binding, audience, nonce, expiry, Some(stated))
    };

    let mut checks = examined.checks.clone();
    push(&mut checks, "holder-binding", binding, env);
    push(&mut checks, "audience", audience, env);
    push(&mut checks, "nonce", nonce, env);
    push(&mut checks, "expiry", expiry, env);
    let stated = stated.unwrap_or_default();
    Ok(PresentationReport {
        verdict: verdict_of(&checks),
        format: PresentationFormat::SdJwt,
        checks,
        disclosed: vec![selective.claims],
        credentials: vec![examined],
        holder,
        audience: stated.audience,
        nonce: stated.nonce,
        expires: stated.expires,
    })
}

#[derive(Default)]
struct Stated {
    audience: Option<String>,
    nonce: Option<String>,
    expires: Option<String>,
}

/// The `holder-binding` judgement of a Key Binding JWT.
fn key_binding(
    jws: &CompactJws,
    stated_hash: Option<&Value>,
    key: &PublicKey,
    presented: &str,
) -> Judged {
    let typ = jws.header.get("typ").and_then(Value::as_str);
    if typ != Some("kb+jwt") {
        return fail(format!(
            "The last part is not a Key Binding JWT: its typ is {}, not kb+jwt.",
            typ.map(shown).unwrap_or_else(|| "missing".to_owned())
        ));
    }
    if let Some(crit) = jws.header.get("crit") {
        return fail(format!(
            "The Key Binding JWT requires header parameters Tessera does not understand (crit {crit})."
        ));
    }
    let alg = jws.alg();
    let Some(kind) = KeyAlg::of(key) else {
        return fail(format!(
            "The holder key is an {} key, which Tessera does not accept for key binding.",
            key.kind()
        ));
    };
    let fits = match kind {
        KeyAlg::Ed25519 => alg == "EdDSA" || alg == "Ed25519",
        KeyAlg::P256 => alg == "ES256",
    };
    if !fits {
        return fail(format!(
            "The Key Binding JWT is signed with {}, but the holder key is {kind}, which signs with {}.",
            shown(alg),
            kind.jws_alg()
        ));
    }
    match jws.verify(key) {
        Ok(true) => {}
        Ok(false) => return fail("The Key Binding JWT's signature does not match the holder key the issuer bound the credential to: it was made with another key, or changed."),
        Err(e) => return fail(format!("The Key Binding JWT's signature cannot be checked: {e}.")),
    }
    let want = sd_hash(presented);
    match stated_hash {
        Some(Value::String(h)) if *h == want => pass(format!(
            "The holder's {kind} key (cnf) signed this presentation, over exactly the disclosures presented."
        )),
        Some(Value::String(_)) => fail("The Key Binding JWT was made for other disclosures than the ones presented (its sd_hash does not match): disclosures were added, removed or changed."),
        _ => fail("The Key Binding JWT has no sd_hash, so it does not say which disclosures it was made for."),
    }
}

// ------------------------------------------------------------------------ VP

fn verify_vp(
    text: &str,
    expected: &Expected<'_>,
    env: &Env,
) -> Result<PresentationReport, PresentError> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| unreadable(format!("it is not valid JSON ({e})")))?;
    let Some(obj) = doc.as_object() else {
        return Err(unreadable("it is not a JSON object"));
    };
    let types: Vec<&str> = many(obj.get("type"))
        .into_iter()
        .filter_map(Value::as_str)
        .collect();
    if !types.contains(&"VerifiablePresentation") {
        return Err(unreadable(if types.contains(&"VerifiableCredential") {
            "it is a credential, not a presentation (verify it as a credential)"
        } else {
            "its type does not include VerifiablePresentation"
        }));
    }
    if obj.get("@context").is_none() {
        return Err(unreadable("it has no @context"));
    }
    for url in crate::jsonld::context_urls(&doc) {
        if crate::contexts::get(&url).is_none() {
            return Err(PresentError::Unsupported {
                what: format!(
                    "the JSON-LD context {url} (Tessera has none but its bundled contexts offline)"
                ),
            });
        }
    }

    // The credentials, each on its own.
    let embedded = many(obj.get("verifiableCredential"));
    if embedded.is_empty() {
        return Err(unreadable("it carries no credential"));
    }
    let mut credentials: Vec<Examined> = Vec::with_capacity(embedded.len());
    for (i, c) in embedded.iter().enumerate() {
        let number = i + 1;
        if !c.is_object() {
            return Err(PresentError::Unsupported {
                what: format!("credential {number} of the presentation, which is not a JSON object (an enveloped credential)"),
            });
        }
        let enveloped = many(c.get("type"))
            .iter()
            .any(|t| t.as_str() == Some("EnvelopedVerifiableCredential"));
        if enveloped {
            return Err(PresentError::Unsupported {
                what: format!(
                    "credential {number} of the presentation, an EnvelopedVerifiableCredential"
                ),
            });
        }
        let raw = serde_json::to_vec(c).map_err(|e| unreadable(e.to_string()))?;
        let x = crate::verify::examine(&raw, env)
            .map_err(|source| PresentError::Credential { number, source })?;
        credentials.push(x);
    }

    let holder = match obj.get("holder") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(o)) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };

    let mut checks: Vec<Check> = credentials.iter().flat_map(|x| x.checks.clone()).collect();
    let proofs = di::proofs(&doc);
    let proof = proofs.first().copied().filter(|_| proofs.len() == 1);
    let no = "the presentation carries no proof of its holder.";
    let not_checked = |why: &str| unknown(format!("Not checked: {why}"));

    // holder-binding: the proof.
    let binding = match (&holder, proofs.len()) {
        (_, 0) => fail("The presentation is not signed: nothing shows that the person presenting it is the holder."),
        (_, n) if n > 1 => fail(format!("The presentation carries {n} proofs; Tessera accepts one, by its holder.")),
        (None, _) => fail("The presentation names no holder, so nothing ties its signature to the learner."),
        (Some(h), _) => {
            let reports = di::verify_for_purpose(&doc, h, AUTHENTICATION, env)
                .map_err(|e| PresentError::Core(e.into()))?;
            match reports.first() {
                None => fail("The presentation's proof cannot be read."),
                Some(r) => proof_judgement(r, h),
            }
        }
    };
    push(&mut checks, "holder-binding", binding, env);
    // holder-binding: each credential was issued to the holder.
    let several = credentials.len() > 1;
    for (i, c) in embedded.iter().enumerate() {
        let name = if several {
            format!("Credential {}", i + 1)
        } else {
            "The credential".to_owned()
        };
        push(
            &mut checks,
            "holder-binding",
            subject_binding(c, holder.as_deref(), &name),
            env,
        );
    }

    let (audience, nonce, expiry, stated) = match proof {
        None => (
            not_checked(no),
            not_checked(no),
            not_checked(no),
            Stated::default(),
        ),
        Some(p) => {
            let expires = text_date(p.get("expires"));
            let stated = Stated {
                audience: p.get("domain").and_then(Value::as_str).map(str::to_owned),
                nonce: p
                    .get("challenge")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                expires: report_time(&expires),
            };
            (
                audience_check(p.get("domain"), expected.audience, "domain"),
                nonce_check(p.get("challenge"), expected.nonce, "challenge"),
                expiry_check(
                    text_date(p.get("created")),
                    expires,
                    ("created", "expires"),
                    Made::Optional,
                    env,
                ),
                stated,
            )
        }
    };
    push(&mut checks, "audience", audience, env);
    push(&mut checks, "nonce", nonce, env);
    push(&mut checks, "expiry", expiry, env);

    Ok(PresentationReport {
        verdict: verdict_of(&checks),
        format: PresentationFormat::Vp,
        checks,
        disclosed: embedded.iter().map(|c| without_proof(c)).collect(),
        credentials,
        holder,
        audience: stated.audience,
        nonce: stated.nonce,
        expires: stated.expires,
    })
}

/// The `holder-binding` judgement of the presentation's proof.
fn proof_judgement(r: &di::ProofReport, holder: &str) -> Judged {
    let signer = did::did_of(&r.verification_method);
    match (&r.signature, &r.issuer_key) {
        (Outcome::Fail(d), _) => fail(format!("The holder's proof on the presentation does not verify. {d}")),
        (_, Outcome::Fail(_)) if signer != holder && !signer.is_empty() => fail(format!(
            "The presentation is signed with a key of {signer}, not of its holder {holder}."
        )),
        (_, Outcome::Fail(d)) => fail(format!("The presentation's signing key is not its holder's. {d}")),
        (Outcome::Unknown(d), _) | (_, Outcome::Unknown(d)) => {
            unknown(format!("The holder's proof could not be checked. {d}"))
        }
        (Outcome::Pass(_), Outcome::Pass(_)) => pass(format!(
            "The holder {holder} signed the presentation ({}), and the signature matches its content.",
            r.suite
        )),
    }
}

/// The `holder-binding` judgement of one credential: was it issued to the holder?
fn subject_binding(credential: &Value, holder: Option<&str>, name: &str) -> Judged {
    let ids: Vec<&str> = many(credential.get("credentialSubject"))
        .iter()
        .filter_map(|s| s.get("id").and_then(Value::as_str))
        .collect();
    let Some(holder) = holder else {
        return unknown(format!(
            "Not checked: the presentation names no holder to compare {} subject with.",
            if name == "The credential" {
                "the credential's".to_owned()
            } else {
                format!("{name}'s")
            }
        ));
    };
    if ids.is_empty() {
        return warn(format!(
            "{name} names no subject (credentialSubject.id), so it cannot be shown to have been issued to the holder."
        ));
    }
    if let Some(other) = ids
        .iter()
        .find(|id| id.starts_with("did:") && **id != holder)
    {
        return fail(format!(
            "{name} was issued to {other}, not to {holder}, who presented it."
        ));
    }
    if ids.contains(&holder) {
        return pass(format!("{name} was issued to the holder {holder}."));
    }
    warn(format!(
        "{name} names its subject as {}, which is not a DID, so it cannot be shown to have been issued to the holder.",
        shown(ids[0])
    ))
}
