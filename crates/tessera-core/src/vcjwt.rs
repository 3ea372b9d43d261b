//! VCs secured as JWTs (VC-JWT, the Open Badges 3.0 JWT proof format).
//!
//! Two payload shapes are read:
//! - **VC 2.0 "VC-JOSE"** (`typ` `vc+jwt`): the payload *is* the credential (`@context`,
//!   `type`, `issuer`, `credentialSubject`, `validFrom`/`validUntil`).
//! - **VC 1.1 JWT encoding** (`typ` `JWT`), which Open Badges 3.0 uses: the credential is
//!   the `vc` claim, next to `iss`, `sub`, `nbf`, `exp` and `jti`. These claims stand
//!   "instead of" credential properties (VC 1.1 §6.3.1), so a credential that leaves them
//!   out gets them back from the claims before it is normalised: `iss` → `issuer`,
//!   `jti` → `id`, `sub` → `credentialSubject.id`, `nbf`/`exp` → the validity dates.
//!
//! Checks (names from shared/design/cli.md):
//! - `signature`: the JWS over the exact bytes, with EdDSA (Ed25519), ES256 (P-256),
//!   RS256 or PS256 (RSA). `alg: none`, MAC algorithms (`HS*`), unknown names and
//!   unknown `crit` header parameters are refused (fail); registered asymmetric
//!   algorithms Tessera cannot check yet are `unknown`.
//! - `issuer-key`: the key belongs to the issuer. The key comes from a `kid` that is a DID
//!   URL resolving offline (`did:key` Ed25519/P-256, `did:jwk`; a `kid` starting with `#`
//!   is relative to the issuer's DID), or from the `jwk` header, which only counts when
//!   the issuer's own DID resolves offline to exactly that key (a `did:jwk` of it, or a
//!   `did:key` of the same key). With neither, the key of an offline-resolvable issuer DID
//!   is used. A key that can only be fetched (an https `kid`, `did:web`, an https issuer)
//!   is `unknown`, never `invalid`; a DID `kid` naming someone else is a fail.
//! - `claims`: `iss`, `sub` and `jti`, when present, agree with the credential's issuer,
//!   subject id and id (made when the JWT has any of them).
//! - `context`: `warn` when the credential names a JSON-LD context Tessera does not carry.
//! - `validity`: the credential's dates, narrowed by the JWT's `nbf`/`exp`.
//! - `status`: one per `credentialStatus` entry, `unknown` while online checks are off.
//!
//! Verdict: any fail among `signature`, `issuer-key` and `claims` → invalid; else any
//! unknown → unknown; else valid. Dates and status decide the status, not the verdict.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::di::Outcome;
use crate::did::{self, DidError};
use crate::jose::{CompactJws, PublicKey};
use crate::model::{CheckResult, Examined, Format, Status, Verdict};
use crate::normalize::{self, parse_date, rfc3339};
use crate::verify::{check, validity, CoreError, Env};

/// The two payload shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// VC 2.0 VC-JOSE: the payload is the credential.
    VcJose,
    /// VC 1.1 JWT encoding: the credential is the `vc` claim.
    Vc11,
}

/// Examines a compact JWT credential.
pub fn examine(jwt: &str, env: &Env) -> Result<Examined, CoreError> {
    let jws = CompactJws::parse(jwt).map_err(|e| CoreError::Unrecognised {
        reason: e.to_string(),
    })?;
    check_typ(&jws.header)?;
    let payload = jws
        .payload
        .as_object()
        .ok_or_else(|| CoreError::NotACredential {
            reason: "the JWT's payload is not a JSON object".to_owned(),
        })?;

    let (shape, mut vc) = match payload.get("vc") {
        Some(v @ Value::Object(_)) => (Shape::Vc11, v.clone()),
        Some(_) => {
            return Err(CoreError::NotACredential {
                reason: "the JWT's vc claim is not a JSON object".to_owned(),
            })
        }
        None if payload.contains_key("@context") => (Shape::VcJose, jws.payload.clone()),
        None if payload.contains_key("vp") => {
            return Err(CoreError::NotACredential {
                reason: "it is a presentation JWT (vp claim), not a credential".to_owned(),
            })
        }
        None => {
            return Err(CoreError::NotACredential {
                reason: "the JWT carries no credential: it has neither a vc claim nor an @context"
                    .to_owned(),
            })
        }
    };
    let nbf = numeric_date(payload.get("nbf"));
    let exp = numeric_date(payload.get("exp"));
    if shape == Shape::Vc11 {
        restore_from_claims(&mut vc, &jws.payload, &nbf, &exp);
    }

    // What makes it a credential at all (keys, not values: a changed value is a matter
    // for the signature).
    if vc.get("@context").is_none() {
        return Err(CoreError::NotACredential {
            reason: "its credential has no @context".to_owned(),
        });
    }
    if vc.get("credentialSubject").is_none() {
        return Err(CoreError::NotACredential {
            reason: "its credential has no credentialSubject".to_owned(),
        });
    }
    let issuer = normalize::issuer_id(&vc).ok_or_else(|| CoreError::NotACredential {
        reason: "it names no issuer (neither the credential's issuer nor a JWT iss claim)"
            .to_owned(),
    })?;

    let key = find_key(&jws.header, &issuer, env);
    let (signature, issuer_key) = match judge_alg(&jws.header) {
        AlgJudgement::Refused(why) => (
            Outcome::Fail(why),
            Outcome::Fail(
                "No key can be matched to the issuer: the JWT has no acceptable signature."
                    .to_owned(),
            ),
        ),
        AlgJudgement::Unsupported(why) => (
            Outcome::Unknown(why),
            issuer_key_outcome(&key, &issuer, env),
        ),
        AlgJudgement::Supported => (
            signature_outcome(&jws, &key),
            issuer_key_outcome(&key, &issuer, env),
        ),
    };

    let types: Vec<&str> = normalize::many(vc.get("type"))
        .into_iter()
        .filter_map(Value::as_str)
        .collect();
    // A document whose signature fails is invalid, whatever it claims to be; one that is
    // signed (or could not be checked) but is no credential is not ours to judge.
    if !types.contains(&"VerifiableCredential") && !matches!(signature, Outcome::Fail(_)) {
        return Err(CoreError::NotACredential {
            reason: "its type does not include VerifiableCredential".to_owned(),
        });
    }

    let mut checks = Vec::new();
    let mut any_fail = false;
    let mut any_unknown = false;
    let mut push = |name: &str, outcome: Outcome, checks: &mut Vec<_>| {
        let (result, detail) = outcome.split();
        any_fail |= result == CheckResult::Fail;
        any_unknown |= result == CheckResult::Unknown;
        checks.push(check(name, result, detail.to_owned(), env));
    };
    push("signature", signature, &mut checks);
    push("issuer-key", issuer_key, &mut checks);
    if let Some(claims) = claims_outcome(&jws.payload, &vc, &issuer) {
        push("claims", claims, &mut checks);
    }
    let verdict = if any_fail {
        Verdict::Invalid
    } else if any_unknown {
        Verdict::Unknown
    } else {
        Verdict::Valid
    };

    // Contexts. A Data Integrity proof is made over the JSON-LD expansion, which needs
    // every context, so verify.rs refuses a context it does not carry. A JWT's signature
    // covers its exact bytes: nothing is expanded or canonicalised to check it, so an
    // unbundled context does not stop the check and is never fetched. It is still
    // reported, because the meaning of the terms it defines is then the issuer's word.
    let unbundled: Vec<String> = crate::jsonld::context_urls(&vc)
        .into_iter()
        .filter(|u| crate::contexts::get(u).is_none())
        .collect();
    if !unbundled.is_empty() {
        checks.push(check(
            "context",
            CheckResult::Warn,
            format!(
                "The credential uses the JSON-LD context{} {}, which Tessera does not carry. It was not fetched and was not needed: a JWT's signature covers its exact bytes. The terms it defines are shown as the issuer wrote them.",
                if unbundled.len() > 1 { "s" } else { "" },
                unbundled.join(", ")
            ),
            env,
        ));
    }

    let (mut facts, critical) = normalize::normalize(&vc);
    let (validity_check, mut status) = jwt_validity(&vc, &nbf, &exp, &mut facts, env);
    checks.push(validity_check);

    let issuer_id = facts.issuer.clone();
    crate::status::vc_checks(&vc, &issuer_id, env, &mut checks, &mut status);

    Ok(Examined {
        format: Format::VcJwt,
        facts,
        critical,
        checks,
        verdict,
        status,
        selective: None,
    })
}

/// The `typ` header: absent, `JWT` or a VC media type. Presentations and other JWTs are
/// not credentials.
fn check_typ(header: &Value) -> Result<(), CoreError> {
    let typ = match header.get("typ") {
        None => return Ok(()),
        Some(Value::String(t)) => t.to_ascii_lowercase(),
        Some(_) => {
            return Err(CoreError::Unrecognised {
                reason: "the JWT's typ header is not a text".to_owned(),
            })
        }
    };
    let typ = typ.strip_prefix("application/").unwrap_or(&typ);
    match typ {
        "jwt" | "vc+jwt" | "vc+ld+json+jwt" | "vc+ld+jwt" => Ok(()),
        "vp+jwt" | "vp+ld+json+jwt" | "vp+ld+jwt" => Err(CoreError::NotACredential {
            reason: format!("the JWT's typ is {typ}: it is a presentation, not a credential"),
        }),
        "dc+sd-jwt" | "vc+sd-jwt" | "sd-jwt" => Err(CoreError::Unrecognised {
            reason: format!(
                "the JWT's typ is {typ}, but it has no ~ separator: an SD-JWT always ends with ~"
            ),
        }),
        other => Err(CoreError::NotACredential {
            reason: format!("the JWT's typ is {other}, not a verifiable credential"),
        }),
    }
}

/// A JWT NumericDate claim: absent, a date, or the raw text of a value that is not one.
type ClaimDate = Option<Result<DateTime<Utc>, String>>;

fn numeric_date(v: Option<&Value>) -> ClaimDate {
    let v = v?;
    let secs = match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite())
                .map(|f| f.floor() as i64)
        }),
        _ => None,
    };
    Some(
        secs.and_then(|s| DateTime::from_timestamp(s, 0))
            .ok_or_else(|| v.to_string()),
    )
}

/// VC 1.1 §6.3.1: claims that stand "instead of" credential properties fill them in when
/// the credential leaves them out. Where both are there, [`claims_outcome`] compares them.
fn restore_from_claims(vc: &mut Value, payload: &Value, nbf: &ClaimDate, exp: &ClaimDate) {
    let v2 = crate::jsonld::context_urls(vc)
        .iter()
        .any(|u| u == "https://www.w3.org/ns/credentials/v2");
    let Some(obj) = vc.as_object_mut() else {
        return;
    };
    let text = |k: &str| payload.get(k).and_then(Value::as_str).map(str::to_owned);
    if let Some(iss) = text("iss") {
        obj.entry("issuer").or_insert(Value::String(iss));
    }
    if let Some(jti) = text("jti") {
        obj.entry("id").or_insert(Value::String(jti));
    }
    if let Some(sub) = text("sub") {
        let first = match obj.get_mut("credentialSubject") {
            Some(Value::Array(a)) => a.first_mut(),
            Some(cs) => Some(cs),
            None => None,
        };
        if let Some(Value::Object(cs)) = first {
            cs.entry("id").or_insert(Value::String(sub));
        }
    }
    let (from_key, until_key) = if v2 {
        ("validFrom", "validUntil")
    } else {
        ("issuanceDate", "expirationDate")
    };
    let has = |o: &serde_json::Map<String, Value>, a: &str, b: &str| {
        o.contains_key(a) || o.contains_key(b)
    };
    if let Some(Ok(d)) = nbf {
        if !has(obj, "validFrom", "issuanceDate") {
            obj.insert(from_key.to_owned(), Value::String(rfc3339(*d)));
        }
    }
    if let Some(Ok(d)) = exp {
        if !has(obj, "validUntil", "expirationDate") {
            obj.insert(until_key.to_owned(), Value::String(rfc3339(*d)));
        }
    }
}

enum AlgJudgement {
    Supported,
    /// A registered algorithm Tessera cannot check yet: could not check.
    Unsupported(String),
    /// Never acceptable: no signature, a shared secret, an unknown name, a critical
    /// header Tessera does not understand.
    Refused(String),
}

fn judge_alg(header: &Value) -> AlgJudgement {
    if let Some(crit) = header.get("crit") {
        let names: Vec<String> = normalize::many(Some(crit))
            .into_iter()
            .map(|n| n.as_str().map_or_else(|| n.to_string(), str::to_owned))
            .collect();
        return AlgJudgement::Refused(format!(
            "The JWT marks {} as critical header parameters, which Tessera does not understand; such a JWT must be refused (RFC 7515).",
            names.join(", ")
        ));
    }
    match header.get("alg") {
        None => {
            return AlgJudgement::Refused(
                "The JWT's header names no signature algorithm (alg).".to_owned(),
            )
        }
        Some(Value::String(_)) => {}
        Some(_) => return AlgJudgement::Refused("The JWT's alg header is not a text.".to_owned()),
    }
    let alg = header["alg"].as_str().unwrap_or_default();
    match alg {
        "EdDSA" | "Ed25519" | "ES256" | "RS256" | "PS256" => AlgJudgement::Supported,
        _ if alg.eq_ignore_ascii_case("none") => AlgJudgement::Refused(format!(
            "The JWT declares alg \"{alg}\": it carries no signature, and Tessera never accepts an unsigned JWT as signed."
        )),
        "HS256" | "HS384" | "HS512" => AlgJudgement::Refused(format!(
            "The JWT uses {alg}, a shared-secret code rather than a signature: whoever can check it can also make it, so it cannot show who issued the credential."
        )),
        "ES384" | "ES512" | "ES256K" | "RS384" | "RS512" | "PS384" | "PS512" | "Ed448" => {
            AlgJudgement::Unsupported(format!(
                "Tessera cannot check {alg} signatures yet (it checks EdDSA, ES256, RS256 and PS256)."
            ))
        }
        other => AlgJudgement::Refused(format!(
            "The JWT's signature algorithm \"{other}\" is not a known JWS algorithm."
        )),
    }
}

/// Who a key belongs to, as far as the JWT shows.
#[derive(Debug)]
enum Owner {
    /// The DID the key was resolved from, and for a fetched DID document where it came
    /// from and when.
    Did(String, Option<String>),
    /// The key travels in the JWT's own `jwk` header.
    Header,
}

#[derive(Debug)]
enum Key {
    Usable {
        key: PublicKey,
        owner: Owner,
    },
    /// Exists, but cannot be obtained or used offline (could not check).
    Unavailable {
        owner: Option<String>,
        reason: String,
    },
    /// Named, but not a usable key (malformed, a private key, contradictory).
    Broken(String),
}

fn key_from_did(url: &str, env: &Env) -> Key {
    let did_part = did::did_of(url).to_owned();
    match did::resolve(url, env) {
        Ok(r) => Key::Usable {
            key: r.key,
            owner: Owner::Did(did_part, r.source),
        },
        Err(DidError::Unavailable { reason, .. }) => Key::Unavailable {
            reason: format!(
                "The issuer's key {url} could not be obtained ({reason}), so the signature could not be checked."
            ),
            owner: Some(did_part),
        },
        Err(DidError::NotDidKey { .. }) => Key::Unavailable {
            reason: format!(
                "The issuer's key {url} uses a kind of identifier Tessera cannot look up, so the signature could not be checked."
            ),
            owner: Some(did_part),
        },
        Err(DidError::UnsupportedKeyType { .. }) => Key::Unavailable {
            reason: format!(
                "The key {did_part} is of a type Tessera cannot check yet (it reads Ed25519 and P-256 keys)."
            ),
            owner: Some(did_part),
        },
        Err(e) => Key::Broken(format!("The JWT names a key that cannot be used: {e}.")),
    }
}

/// The key the JWT says it was signed with.
fn find_key(header: &Value, issuer: &str, env: &Env) -> Key {
    let kid = match header.get("kid") {
        None => None,
        Some(Value::String(k)) => Some(k.as_str()),
        Some(_) => return Key::Broken("The JWT's kid header is not a text.".to_owned()),
    };
    let jwk = match header.get("jwk") {
        None => None,
        Some(j @ Value::Object(o)) => {
            if o.contains_key("d") {
                return Key::Broken(
                    "The JWT's header contains a private key: it has been disclosed, so anyone could have signed this."
                        .to_owned(),
                );
            }
            Some(j)
        }
        Some(_) => return Key::Broken("The JWT's jwk header is not a JSON object.".to_owned()),
    };
    let header_key = match jwk.map(PublicKey::from_jwk) {
        None => None,
        Some(Ok(k)) => Some(k),
        Some(Err(e)) => return Key::Broken(format!("The key in the JWT's header: {e}.")),
    };
    let did_url = match kid {
        Some(k) if k.starts_with("did:") => Some(k.to_owned()),
        Some(k) if k.starts_with('#') && issuer.starts_with("did:") => {
            Some(format!("{}{k}", did::did_of(issuer)))
        }
        _ => None,
    };
    if let Some(url) = did_url {
        let found = key_from_did(&url, env);
        if let (Key::Usable { key, .. }, Some(hk)) = (&found, &header_key) {
            if key != hk {
                return Key::Broken(format!(
                    "The JWT's header names two different keys: kid {url} and another key in jwk."
                ));
            }
        }
        return found;
    }
    if let Some(key) = header_key {
        return Key::Usable {
            key,
            owner: Owner::Header,
        };
    }
    if let Some(k) = kid {
        return Key::Unavailable {
            owner: None,
            reason: format!(
                "The signing key {k} can only be fetched online, so the signature could not be checked offline."
            ),
        };
    }
    let other: Vec<&str> = ["x5c", "x5u", "jku"]
        .into_iter()
        .filter(|h| header.get(*h).is_some())
        .collect();
    if !other.is_empty() {
        return Key::Unavailable {
            owner: None,
            reason: format!(
                "The JWT gives its key only as {}, which Tessera cannot check offline.",
                other.join(" and ")
            ),
        };
    }
    if issuer.starts_with("did:") {
        // No kid and no jwk: a DID that resolves offline (did:key, did:jwk) has exactly
        // one key, which is then the one.
        return key_from_did(issuer, env);
    }
    Key::Unavailable {
        owner: None,
        reason: format!(
            "The JWT names no key, and the keys of the issuer {issuer} can only be obtained online."
        ),
    }
}

fn signature_outcome(jws: &CompactJws, key: &Key) -> Outcome {
    let key = match key {
        Key::Usable { key, .. } => key,
        Key::Unavailable { reason, .. } => return Outcome::Unknown(reason.clone()),
        Key::Broken(reason) => return Outcome::Fail(reason.clone()),
    };
    let alg = jws.alg();
    match jws.verify(key) {
        Ok(true) => Outcome::Pass(format!(
            "The issuer's {} signature ({alg}) matches the JWT exactly.",
            key.kind()
        )),
        Ok(false) => Outcome::Fail(
            "The signature does not match the JWT: it was changed after it was signed, or signed with another key."
                .to_owned(),
        ),
        Err(crate::jose::JoseError::KeyMismatch { alg, key }) => Outcome::Fail(format!(
            "The JWT says it is signed with {alg}, but its key is a {key} key."
        )),
        Err(e) => Outcome::Fail(format!("The signature could not be checked: {e}.")),
    }
}

fn issuer_key_outcome(key: &Key, issuer: &str, env: &Env) -> Outcome {
    match key {
        Key::Usable {
            owner: Owner::Did(d, source),
            ..
        } => {
            if d == issuer {
                Outcome::Pass(match source {
                    Some(src) => format!("The signing key belongs to the issuer {issuer}: {src}."),
                    None => format!("The signing key belongs to the issuer {issuer}."),
                })
            } else {
                Outcome::Fail(format!(
                    "The signing key belongs to {d}, not to the issuer {issuer}."
                ))
            }
        }
        Key::Usable {
            key,
            owner: Owner::Header,
        } => {
            if !issuer.starts_with("did:") {
                return Outcome::Unknown(format!(
                    "The JWT carries its own key, which by itself shows nothing about who issued it, and the keys of the issuer {issuer} can only be obtained online."
                ));
            }
            match did::resolve(issuer, env).map(|r| r.key) {
                Ok(ik) if ik == *key => Outcome::Pass(format!(
                    "The key in the JWT's header is the issuer's own: the issuer {issuer} is that key's DID."
                )),
                Ok(_) => Outcome::Fail(format!(
                    "The key in the JWT's header is not the key of the issuer {issuer}."
                )),
                Err(DidError::NotDidKey { .. })
                | Err(DidError::Unavailable { .. })
                | Err(DidError::UnsupportedKeyType { .. }) => {
                    Outcome::Unknown(format!(
                        "The JWT carries its own key, which by itself shows nothing about who issued it, and the key of the issuer {issuer} cannot be obtained offline."
                    ))
                }
                Err(e) => Outcome::Fail(format!("The issuer's DID cannot be used: {e}.")),
            }
        }
        Key::Unavailable { owner: Some(d), .. } if d != issuer => Outcome::Fail(format!(
            "The JWT's key belongs to {d}, not to the issuer {issuer}."
        )),
        Key::Unavailable { .. } => {
            Outcome::Unknown("Could not check offline who owns the key.".to_owned())
        }
        Key::Broken(_) => Outcome::Fail("The JWT's key is not usable.".to_owned()),
    }
}

/// `iss`, `sub` and `jti` against the credential; `None` when the JWT has none of them.
fn claims_outcome(payload: &Value, vc: &Value, issuer: &str) -> Option<Outcome> {
    let names: Vec<&str> = ["iss", "sub", "jti"]
        .into_iter()
        .filter(|k| payload.get(*k).is_some())
        .collect();
    if names.is_empty() {
        return None;
    }
    let mut problems = Vec::new();
    let subject_id = normalize::many(vc.get("credentialSubject"))
        .into_iter()
        .next()
        .and_then(|cs| cs.get("id"))
        .and_then(Value::as_str);
    let expected = [
        ("iss", Some(issuer), "the credential's issuer"),
        ("sub", subject_id, "the credential's subject"),
        (
            "jti",
            vc.get("id").and_then(Value::as_str),
            "the credential's id",
        ),
    ];
    for (claim, want, what) in expected {
        match payload.get(claim) {
            None => {}
            Some(Value::String(got)) => match want {
                Some(w) if w == got => {}
                Some(w) => problems.push(format!("{claim} is {got}, but {what} is {w}")),
                None => problems.push(format!("{claim} is {got}, but {what} has no id")),
            },
            Some(other) => problems.push(format!("{claim} is {other}, which is not a text")),
        }
    }
    Some(if problems.is_empty() {
        Outcome::Pass(format!(
            "The JWT's {} agree{} with the credential.",
            names.join(", "),
            if names.len() == 1 { "s" } else { "" }
        ))
    } else {
        Outcome::Fail(format!(
            "The JWT contradicts the credential it carries: {}.",
            problems.join("; ")
        ))
    })
}

/// The credential's validity window, narrowed by the JWT's `nbf` and `exp`; updates
/// the facts' dates to the window that applies.
fn jwt_validity(
    vc: &Value,
    nbf: &ClaimDate,
    exp: &ClaimDate,
    facts: &mut crate::model::Facts,
    env: &Env,
) -> (crate::model::Check, Status) {
    let (vc_check, status) = validity(vc, env);
    // Unreadable credential dates stand: no window can be known.
    if status == Status::Unknown || (nbf.is_none() && exp.is_none()) {
        return (vc_check, status);
    }
    for (name, claim) in [("nbf", nbf), ("exp", exp)] {
        if let Some(Err(raw)) = claim {
            facts.unreadable_dates = true;
            return (
                check(
                    "validity",
                    CheckResult::Fail,
                    format!(
                        "The JWT's {name} claim {raw} is not a date (a number of seconds since 1970)."
                    ),
                    env,
                ),
                Status::Unknown,
            );
        }
    }
    let date = |a: &str, b: &str| {
        vc.get(a)
            .or_else(|| vc.get(b))
            .and_then(Value::as_str)
            .and_then(parse_date)
    };
    let jwt = |c: &ClaimDate| c.as_ref().and_then(|r| r.as_ref().ok().copied());
    let from = match (date("validFrom", "issuanceDate"), jwt(nbf)) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let until = match (date("validUntil", "expirationDate"), jwt(exp)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let mut window = serde_json::Map::new();
    if let Some(f) = from {
        let f = rfc3339(f);
        facts.valid_from = (Some(&f) != facts.issued.as_ref()).then(|| f.clone());
        window.insert("validFrom".into(), f.into());
    }
    if let Some(u) = until {
        let u = rfc3339(u);
        facts.expires = Some(u.clone());
        window.insert("validUntil".into(), u.into());
    }
    // One window inside both the credential's dates and the JWT's, judged as one: the
    // stricter date is the one reported, and the facts keep it for later re-judging.
    validity(&Value::Object(window), env)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::b64url;
    use serde_json::json;

    fn env() -> Env<'static> {
        Env::at(parse_date("2027-01-01T00:00:00Z").unwrap())
    }

    fn ed(seed: u8) -> ed25519_dalek::SigningKey {
        ed25519_dalek::SigningKey::from_bytes(&[seed; 32])
    }

    fn ed_did(seed: u8) -> String {
        did::did_key_for(&ed(seed).verifying_key())
    }

    fn ed_kid(seed: u8) -> String {
        did::did_key_vm(&ed(seed).verifying_key())
    }

    fn encode(header: &Value, payload: &Value) -> String {
        format!(
            "{}.{}",
            b64url(header.to_string().as_bytes()),
            b64url(payload.to_string().as_bytes())
        )
    }

    fn sign_ed(header: Value, payload: &Value, seed: u8) -> String {
        use ed25519_dalek::Signer;
        let input = encode(&header, payload);
        let sig = ed(seed).sign(input.as_bytes());
        format!("{input}.{}", b64url(&sig.to_bytes()))
    }

    fn sign_p256(header: Value, payload: &Value, seed: u8) -> String {
        use p256::ecdsa::signature::Signer;
        let sk = p256::ecdsa::SigningKey::from_slice(&[seed; 32]).unwrap();
        let input = encode(&header, payload);
        let sig: p256::ecdsa::Signature = sk.sign(input.as_bytes());
        format!("{input}.{}", b64url(&sig.to_bytes()))
    }

    fn credential(issuer: &str) -> Value {
        json!({
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
            ],
            "id": "urn:uuid:3f1c1d0e-0000-4000-8000-000000000001",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": issuer, "type": ["Profile"], "name": "Test University"},
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {
                "id": "did:example:learner",
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": "urn:uuid:3f1c1d0e-0000-4000-8000-000000000002",
                    "type": ["Achievement"],
                    "name": "Unit Testing",
                    "creditsAvailable": 2,
                    "alignment": [{
                        "type": ["Alignment"],
                        "targetName": "EQF level 5",
                        "targetUrl": "http://data.europa.eu/snb/eqf/5"
                    }]
                }
            }
        })
    }

    fn vc11(issuer: &str) -> Value {
        json!({
            "iss": issuer,
            "sub": "did:example:learner",
            "jti": "urn:uuid:3f1c1d0e-0000-4000-8000-000000000001",
            "nbf": 1767225600,
            "vc": credential(issuer),
        })
    }

    fn run(jwt: &str) -> Result<Examined, CoreError> {
        // Through the public entry point, as the wallet calls it.
        crate::verify::examine(jwt.as_bytes(), &env())
    }

    fn result(x: &Examined, name: &str) -> CheckResult {
        x.checks
            .iter()
            .find(|c| c.check == name)
            .unwrap_or_else(|| panic!("no {name} check: {:#?}", x.checks))
            .result
    }

    #[test]
    fn a_well_made_jwt_is_valid_in_both_shapes() {
        let h = json!({"alg": "EdDSA", "typ": "vc+jwt", "kid": ed_kid(1)});
        let x = run(&sign_ed(h, &credential(&ed_did(1)), 1)).unwrap();
        assert_eq!(x.verdict, Verdict::Valid, "{:#?}", x.checks);
        assert_eq!(x.format, Format::VcJwt);
        assert_eq!(x.facts.title, "Unit Testing");
        assert_eq!(x.facts.eqf_level, Some(5));
        assert_eq!(x.status, Status::Active);

        let h = json!({"alg": "EdDSA", "typ": "JWT", "kid": ed_kid(1)});
        let x = run(&sign_ed(h, &vc11(&ed_did(1)), 1)).unwrap();
        assert_eq!(x.verdict, Verdict::Valid, "{:#?}", x.checks);
        assert_eq!(result(&x, "claims"), CheckResult::Pass);
    }

    #[test]
    fn alg_none_is_refused_with_or_without_a_signature() {
        let payload = credential(&ed_did(1));
        let h = json!({"alg": "none", "typ": "vc+jwt", "kid": ed_kid(1)});
        let unsigned = format!("{}.", encode(&h, &payload));
        let x = run(&unsigned).unwrap();
        assert_eq!(x.verdict, Verdict::Invalid);
        let sig = x.checks.iter().find(|c| c.check == "signature").unwrap();
        assert_eq!(sig.result, CheckResult::Fail);
        assert!(sig.detail.contains("\"none\""), "{}", sig.detail);

        // A genuine EdDSA signature over the same bytes does not make alg none acceptable.
        let real = sign_ed(h.clone(), &payload, 1);
        assert_eq!(run(&real).unwrap().verdict, Verdict::Invalid);
        for alg in ["None", "NONE"] {
            let h = json!({"alg": alg, "kid": ed_kid(1)});
            assert_eq!(
                run(&sign_ed(h, &payload, 1)).unwrap().verdict,
                Verdict::Invalid,
                "{alg}"
            );
        }
        // No alg at all, or not a text.
        for h in [
            json!({"kid": ed_kid(1)}),
            json!({"alg": 1, "kid": ed_kid(1)}),
        ] {
            assert_eq!(
                run(&sign_ed(h, &payload, 1)).unwrap().verdict,
                Verdict::Invalid
            );
        }
    }

    #[test]
    fn other_algorithms_are_refused_or_unknown_never_valid() {
        let payload = credential(&ed_did(1));
        for (alg, want) in [
            ("HS256", Verdict::Invalid),
            ("HS512", Verdict::Invalid),
            ("XYZ", Verdict::Invalid),
            ("ES512", Verdict::Unknown),
            ("RS384", Verdict::Unknown),
            // Declares ES256 but the key is Ed25519.
            ("ES256", Verdict::Invalid),
        ] {
            let h = json!({"alg": alg, "kid": ed_kid(1)});
            let x = run(&sign_ed(h, &payload, 1)).unwrap();
            assert_eq!(x.verdict, want, "{alg}: {:#?}", x.checks);
        }
        // An unknown critical header parameter.
        let h = json!({"alg": "EdDSA", "kid": ed_kid(1), "crit": ["b64"], "b64": false});
        assert_eq!(
            run(&sign_ed(h, &payload, 1)).unwrap().verdict,
            Verdict::Invalid
        );
    }

    #[test]
    fn malformed_jwts_are_errors_not_panics() {
        let good = sign_ed(
            json!({"alg": "EdDSA", "kid": ed_kid(1)}),
            &credential(&ed_did(1)),
            1,
        );
        let parts: Vec<&str> = good.split('.').collect();
        let b = |v: &str| b64url(v.as_bytes());
        let cases = vec![
            "a.b".to_owned(),
            "a.b.c.d".to_owned(),
            format!(".{}.{}", parts[1], parts[2]),
            format!("{}..{}", parts[0], parts[2]),
            format!("{}.{}.***", parts[0], parts[1]),
            format!("{}.{}.{}", b("not json"), parts[1], parts[2]),
            format!("{}.{}.{}", parts[0], b("{\"vc\": "), parts[2]),
            format!("{}.{}.{}", b("[1,2]"), parts[1], parts[2]),
            format!("{}.{}.{}", parts[0], b("[1,2]"), parts[2]),
            format!("{}.{}.{}", parts[0], b("\"text\""), parts[2]),
            format!("{}.{}.{}", parts[0], b("{}"), parts[2]),
            format!("{}.{}.{}", parts[0], b("{\"vc\": 3}"), parts[2]),
            format!("{}.{}.{}", parts[0], b("{\"vp\": {}}"), parts[2]),
            format!(
                "{}.{}.{}",
                b("{\"alg\":\"EdDSA\",\"typ\":\"vp+jwt\"}"),
                parts[1],
                parts[2]
            ),
            format!(
                "{}.{}.{}",
                b("{\"alg\":\"EdDSA\",\"typ\":7}"),
                parts[1],
                parts[2]
            ),
        ];
        for jwt in &cases {
            assert!(examine(jwt, &env()).is_err(), "{jwt}");
        }
        // Every prefix of a good JWT: an error or invalid, never valid, never a panic.
        for end in 0..good.len() {
            if let Ok(x) = examine(&good[..end], &env()) {
                assert_ne!(x.verdict, Verdict::Valid, "prefix of {end} bytes");
            }
        }
        assert_eq!(examine(&good, &env()).unwrap().verdict, Verdict::Valid);
    }

    #[test]
    fn a_kid_of_someone_else_is_an_issuer_key_fail() {
        // Signed by key 2, which the kid names, for a credential of issuer 1.
        let h = json!({"alg": "EdDSA", "kid": ed_kid(2)});
        let x = run(&sign_ed(h, &credential(&ed_did(1)), 2)).unwrap();
        assert_eq!(x.verdict, Verdict::Invalid);
        assert_eq!(result(&x, "signature"), CheckResult::Pass);
        assert_eq!(result(&x, "issuer-key"), CheckResult::Fail);

        // The kid names the issuer but another key signed.
        let h = json!({"alg": "EdDSA", "kid": ed_kid(1)});
        let x = run(&sign_ed(h, &credential(&ed_did(1)), 2)).unwrap();
        assert_eq!(x.verdict, Verdict::Invalid);
        assert_eq!(result(&x, "signature"), CheckResult::Fail);

        // A did:web kid of another party: not fetched, and not the issuer's anyway.
        let h = json!({"alg": "EdDSA", "kid": "did:web:elsewhere.example#k"});
        let x = run(&sign_ed(h, &credential(&ed_did(1)), 1)).unwrap();
        assert_eq!(x.verdict, Verdict::Invalid);
        assert_eq!(result(&x, "signature"), CheckResult::Unknown);
        assert_eq!(result(&x, "issuer-key"), CheckResult::Fail);

        // A did:key fragment that names another key.
        let kid = format!("{}#{}", ed_did(1), ed_did(2).trim_start_matches("did:key:"));
        let x = run(&sign_ed(
            json!({"alg": "EdDSA", "kid": kid}),
            &credential(&ed_did(1)),
            1,
        ))
        .unwrap();
        assert_eq!(x.verdict, Verdict::Invalid);
    }

    #[test]
    fn keys_that_can_only_be_fetched_are_unknown() {
        let issuer = "did:web:issuer.example";
        let h = json!({"alg": "EdDSA", "kid": "did:web:issuer.example#key-1"});
        let x = run(&sign_ed(h, &credential(issuer), 1)).unwrap();
        assert_eq!(x.verdict, Verdict::Unknown, "{:#?}", x.checks);

        let issuer = "https://issuer.example/profile";
        for h in [
            json!({"alg": "EdDSA", "kid": "https://issuer.example/keys/1"}),
            json!({"alg": "EdDSA"}),
            json!({"alg": "EdDSA", "x5c": ["MIIB"]}),
            // A key in the header shows nothing about an https issuer.
            json!({"alg": "EdDSA", "jwk": PublicKey::Ed25519(ed(1).verifying_key()).to_jwk()}),
        ] {
            let x = run(&sign_ed(h.clone(), &credential(issuer), 1)).unwrap();
            assert_eq!(x.verdict, Verdict::Unknown, "{h}: {:#?}", x.checks);
        }
    }

    #[test]
    fn a_jwk_header_counts_only_when_the_issuer_is_that_key() {
        let jwk = |seed: u8| PublicKey::Ed25519(ed(seed).verifying_key()).to_jwk();
        let did_jwk = |seed: u8| did::did_jwk_for(&PublicKey::Ed25519(ed(seed).verifying_key()));

        let h = json!({"alg": "EdDSA", "jwk": jwk(1)});
        let x = run(&sign_ed(h, &credential(&did_jwk(1)), 1)).unwrap();
        assert_eq!(x.verdict, Verdict::Valid, "{:#?}", x.checks);
        // The same key as a did:key issuer is bound too.
        let h = json!({"alg": "EdDSA", "jwk": jwk(1)});
        assert_eq!(
            run(&sign_ed(h, &credential(&ed_did(1)), 1))
                .unwrap()
                .verdict,
            Verdict::Valid
        );

        // Key 2 in the header, signed with key 2, issuer is key 1 (did:jwk or did:key).
        for issuer in [did_jwk(1), ed_did(1)] {
            let h = json!({"alg": "EdDSA", "jwk": jwk(2)});
            let x = run(&sign_ed(h, &credential(&issuer), 2)).unwrap();
            assert_eq!(x.verdict, Verdict::Invalid, "{issuer}");
            assert_eq!(result(&x, "signature"), CheckResult::Pass);
            assert_eq!(result(&x, "issuer-key"), CheckResult::Fail);
        }

        // A private key in the header, and a header key that contradicts the kid.
        let mut private = jwk(1);
        private["d"] = b64url(&[1u8; 32]).into();
        let h = json!({"alg": "EdDSA", "jwk": private});
        assert_eq!(
            run(&sign_ed(h, &credential(&did_jwk(1)), 1))
                .unwrap()
                .verdict,
            Verdict::Invalid
        );
        let h = json!({"alg": "EdDSA", "kid": ed_kid(1), "jwk": jwk(2)});
        assert_eq!(
            run(&sign_ed(h, &credential(&ed_did(1)), 1))
                .unwrap()
                .verdict,
            Verdict::Invalid
        );
    }

    #[test]
    fn claims_that_contradict_the_credential_make_it_invalid() {
        let h = json!({"alg": "EdDSA", "typ": "JWT", "kid": ed_kid(1)});
        for (claim, value) in [
            ("iss", json!(ed_did(2))),
            ("sub", json!("did:example:someone-else")),
            ("jti", json!("urn:uuid:other")),
            ("iss", json!(7)),
        ] {
            let mut p = vc11(&ed_did(1));
            p[claim] = value;
            let x = run(&sign_ed(h.clone(), &p, 1)).unwrap();
            assert_eq!(x.verdict, Verdict::Invalid, "{claim}: {:#?}", x.checks);
            assert_eq!(result(&x, "claims"), CheckResult::Fail, "{claim}");
            assert_eq!(result(&x, "signature"), CheckResult::Pass, "{claim}");
        }
        // In the VC-JOSE shape too.
        let mut p = credential(&ed_did(1));
        p["iss"] = json!(ed_did(2));
        let h = json!({"alg": "EdDSA", "typ": "vc+jwt", "kid": ed_kid(1)});
        assert_eq!(run(&sign_ed(h, &p, 1)).unwrap().verdict, Verdict::Invalid);
    }

    #[test]
    fn vc11_claims_stand_in_for_missing_credential_properties() {
        let issuer = ed_did(1);
        let mut p = vc11(&issuer);
        let vc = p["vc"].as_object_mut().unwrap();
        vc.remove("id");
        vc.remove("validFrom");
        vc.remove("issuer");
        vc["credentialSubject"]
            .as_object_mut()
            .unwrap()
            .remove("id");
        p["exp"] = json!(1830297600); // 2028-01-01
        let h = json!({"alg": "EdDSA", "typ": "JWT", "kid": ed_kid(1)});
        let x = run(&sign_ed(h.clone(), &p, 1)).unwrap();
        assert_eq!(x.verdict, Verdict::Valid, "{:#?}", x.checks);
        let f = &x.facts;
        assert_eq!(f.issuer, issuer);
        assert_eq!(
            f.credential_id.as_deref(),
            Some("urn:uuid:3f1c1d0e-0000-4000-8000-000000000001")
        );
        assert_eq!(f.learner.as_deref(), Some("did:example:learner"));
        assert_eq!(f.issued.as_deref(), Some("2026-01-01T00:00:00Z"));
        assert_eq!(f.expires.as_deref(), Some("2028-01-01T00:00:00Z"));
        assert_eq!(x.status, Status::Active);

        // exp in the past expires it even when the credential has no end date.
        let mut p = vc11(&issuer);
        p["exp"] = json!(1798761599); // 2026-12-31T23:59:59Z
        let x = run(&sign_ed(h.clone(), &p, 1)).unwrap();
        assert_eq!(x.verdict, Verdict::Valid);
        assert_eq!(x.status, Status::Expired);
        assert_eq!(x.facts.expires.as_deref(), Some("2026-12-31T23:59:59Z"));
        assert_eq!(crate::verify::status_at(&x, env().now), Status::Expired);

        // nbf later than validFrom makes it not yet valid.
        let mut p = vc11(&issuer);
        p["nbf"] = json!(1830297600);
        let x = run(&sign_ed(h.clone(), &p, 1)).unwrap();
        assert_eq!(x.status, Status::NotYetValid);
        assert_eq!(crate::verify::status_at(&x, env().now), Status::NotYetValid);

        // Not yet valid by the credential, and exp ends it before its validUntil: the
        // facts keep the narrower window, so judging it again later agrees.
        let mut p = vc11(&issuer);
        p["vc"]["validFrom"] = json!("2028-01-01T00:00:00Z");
        p["vc"]["validUntil"] = json!("2030-01-01T00:00:00Z");
        p["exp"] = json!(1861920000); // 2029-01-01
        let x = run(&sign_ed(h.clone(), &p, 1)).unwrap();
        assert_eq!(x.status, Status::NotYetValid);
        assert_eq!(x.facts.expires.as_deref(), Some("2029-01-01T00:00:00Z"));
        let later = parse_date("2029-06-01T00:00:00Z").unwrap();
        assert_eq!(crate::verify::status_at(&x, later), Status::Expired);

        // An exp that is not a NumericDate.
        let mut p = vc11(&issuer);
        p["exp"] = json!("tomorrow");
        let x = run(&sign_ed(h, &p, 1)).unwrap();
        assert_eq!(result(&x, "validity"), CheckResult::Fail);
        assert_eq!(x.status, Status::Unknown);
        assert!(x.facts.unreadable_dates);
    }

    #[test]
    fn an_unbundled_context_is_reported_but_does_not_stop_the_check() {
        let mut p = credential(&ed_did(1));
        p["@context"]
            .as_array_mut()
            .unwrap()
            .push(json!("https://example.org/not-bundled/v1"));
        let h = json!({"alg": "EdDSA", "kid": ed_kid(1)});
        let x = run(&sign_ed(h, &p, 1)).unwrap();
        assert_eq!(x.verdict, Verdict::Valid);
        let c = x.checks.iter().find(|c| c.check == "context").unwrap();
        assert_eq!(c.result, CheckResult::Warn);
        assert!(c.detail.contains("https://example.org/not-bundled/v1"));
    }

    #[test]
    fn p256_and_relative_kids_and_status_entries() {
        let sk = p256::ecdsa::SigningKey::from_slice(&[5u8; 32]).unwrap();
        let issuer = did::did_key_for_p256(sk.verifying_key());
        let mut p = credential(&issuer);
        p["credentialStatus"] = json!([
            {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"},
            {"type": "BitstringStatusListEntry", "statusPurpose": "suspension"}
        ]);
        let kid = format!("#{}", issuer.trim_start_matches("did:key:"));
        let x = run(&sign_p256(json!({"alg": "ES256", "kid": kid}), &p, 5)).unwrap();
        assert_eq!(x.verdict, Verdict::Valid, "{:#?}", x.checks);
        assert_eq!(x.status, Status::Unknown);
        let purposes: Vec<_> = x
            .checks
            .iter()
            .filter(|c| c.check == "status")
            .map(|c| (c.result, c.purpose.clone().unwrap()))
            .collect();
        assert_eq!(
            purposes,
            [
                (CheckResult::Unknown, "revocation".to_owned()),
                (CheckResult::Unknown, "suspension".to_owned())
            ]
        );
        // No kid: the issuer's did:key is the only key it can be.
        let x = run(&sign_p256(json!({"alg": "ES256"}), &p, 5)).unwrap();
        assert_eq!(x.verdict, Verdict::Valid, "{:#?}", x.checks);
    }

    #[test]
    fn not_a_credential_when_signed_invalid_when_not() {
        let mut p = credential(&ed_did(1));
        p["type"] = json!(["Something"]);
        let h = json!({"alg": "EdDSA", "kid": ed_kid(1)});
        let signed = sign_ed(h, &p, 1);
        assert!(matches!(
            run(&signed),
            Err(CoreError::NotACredential { .. })
        ));
        // The same bytes with a signature that does not match them: invalid.
        let forged = format!(
            "{}.{}",
            signed.rsplit_once('.').unwrap().0,
            b64url(&[0u8; 64])
        );
        assert_eq!(run(&forged).unwrap().verdict, Verdict::Invalid);
    }
}
