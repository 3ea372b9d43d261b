//! SD-JWT (RFC 9901) and SD-JWT VC (draft-ietf-oauth-sd-jwt-vc) credentials.
//!
//! An SD-JWT is `<issuer-signed JWT>~<disclosure>~...~`: the issuer signs a payload in
//! which selectively disclosable claims are replaced by digests (`_sd` lists in objects,
//! `{"...": digest}` array elements); each disclosure (`base64url([salt, name, value])`
//! for an object property, `base64url([salt, value])` for an array element) reveals one of
//! them. The learner holds every disclosure, so Tessera rebuilds the whole claim set and
//! remembers which claims can be revealed one by one ([`Selective`]).
//!
//! Stricter than the reference libraries (`@sd-jwt/*` 0.19 and Python `sd-jwt` 0.10 accept
//! disclosures that no digest references), every rule of RFC 9901 section 7.1 is enforced,
//! and a broken one makes the verdict `invalid` (check `disclosures`):
//! - a disclosure that is not base64url JSON `[salt, name, value]` / `[salt, value]` with
//!   string salt and name, or whose name is `_sd` or `...`;
//! - a disclosure no digest refers to (directly, or inside another disclosed value);
//! - the same disclosure twice, or the same digest in two places;
//! - a disclosed name that the object already has;
//! - a property disclosure referenced as an array element or the other way round;
//! - a malformed `_sd` (not a list of strings), `{"...": x}` with x not a digest, or
//!   `_sd_alg` anywhere but at the top;
//! - in an SD-JWT VC, a disclosure of `iss`, `nbf`, `exp`, `cnf`, `vct` or `status`
//!   (the draft forbids making them selectively disclosable; `@sd-jwt/sd-jwt-vc` refuses to
//!   issue that too).
//!
//! Digests are SHA-256 (`_sd_alg` absent or `sha-256`); any other `_sd_alg` is an error
//! naming it (unless the signature already fails: then it is simply `invalid`).
//!
//! A presentation (a Key Binding JWT after the last `~`) is accepted and read like the
//! SD-JWT it carries; the KB-JWT is ignored: it proves possession to a verifier, which
//! matters to `verify-presentation`, not to what the credential says.
//!
//! Issuer key, checked offline only (EdDSA and ES256; `none` never):
//! - header `kid` a DID URL (or `#fragment` of a DID `iss`) that resolves offline
//!   (`did:key`, `did:jwk`): that key, and its DID must be `iss` (else `issuer-key` fails);
//! - no DID `kid`, `iss` a `did:key` / `did:jwk`: that DID's one key;
//! - an `x5c` chain, an `https` `iss` (SD-JWT VC issuer metadata) or another DID method:
//!   `unknown` ("could not check offline"), never `invalid`.
//!
//! Facts and EU critical information. SD-JWT VC has no standard claim names for learning
//! credentials; these common ones are read from the rebuilt (fully disclosed) claims:
//!
//! | element | read from |
//! |---|---|
//! | title | `name`, `title`, `achievement.name`, `credential_name` (first non-empty); else "Untitled credential" (then not present in critical) |
//! | issuer | `iss` |
//! | issuerName | `issuer_name`, `iss_name`, `issuing_authority` |
//! | issued | `iat` (NumericDate), else `issuance_date` (a date string) |
//! | validFrom | `nbf`, when it differs from issued |
//! | expires | `exp` |
//! | credits / creditUnit | `ects` or `workload.ects` (unit ECTS); else `credits` or `credit_points`, unit from `credit_unit` (`ECTS` / `hours`) or null |
//! | eqfLevel | `eqf_level`, else `level`: 1-8 as a number, a string ("6", "EQF 6") or `http://data.europa.eu/snb/eqf/N` |
//! | skills | `skills[]`: URI strings, or the `id` / `uri` of objects |
//! | learner | `given_name` + `family_name`; else the `name` (or given + family) of `credentialSubject` / `subject`; else `sub` |
//! | description | `description` |
//! | achievementId | `achievement.id` |
//! | credential id | `jti` |
//! | country | `issuing_country` |
//! | awardingBody | `iss` with issuerName |
//! | learningOutcomes | `learning_outcomes[]` (strings) |
//! | workload | credits with their unit (present only when the unit is known) |
//! | level | the EQF level |
//! | assessment / participation / qualityAssurance | `assessment`, `participation`, `quality_assurance` (strings or lists of strings) |
//!
//! Selective-disclosure paths follow cli.md: dot-separated claim names from the top,
//! array elements by their index in the rebuilt array (`nationalities.1`). A claim name
//! containing a dot cannot be told apart in a path; such names are rare and kept as they are.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::did::{self, DidError};
use crate::jose::{self, CompactJws, JoseError, PublicKey};
use crate::model::{
    Check, CheckResult, Critical, CriticalElement, Examined, Facts, Format, Selective, Status,
    Verdict, UNIT_ECTS, UNIT_HOURS,
};
use crate::normalize::{parse_date, rfc3339};
use crate::verify::{check, CoreError, Env};

/// Deepest nesting of the rebuilt claims (disclosures inside disclosures included). The
/// wallet stores the claims as JSON, and JSON readers stop at 128 levels.
const MAX_DEPTH: usize = 64;

/// Claims an SD-JWT VC must not make selectively disclosable (draft-ietf-oauth-sd-jwt-vc).
const VC_NEVER_DISCLOSED: [&str; 6] = ["iss", "nbf", "exp", "cnf", "vct", "status"];

/// The signature algorithms Tessera checks in an SD-JWT.
const SUPPORTED_ALGS: [&str; 3] = ["EdDSA", "Ed25519", "ES256"];

const EQF_PREFIX: &str = "http://data.europa.eu/snb/eqf/";

/// Examines an SD-JWT (`<issuer-jwt>~<disclosure>~...~`, optionally followed by a Key
/// Binding JWT), finding the issuer's key offline.
pub fn examine(sd_jwt: &str, env: &Env) -> Result<Examined, CoreError> {
    examine_with(sd_jwt, None, env)
}

/// Examines an SD-JWT with an issuer key the caller obtained elsewhere (e.g. the issuer's
/// published metadata, or a key given next to specification examples). The key is
/// trusted as the issuer's: `issuer-key` passes, and everything else is checked as in
/// [`examine`].
pub fn verify_with_key(sd_jwt: &str, key: &PublicKey, env: &Env) -> Result<Examined, CoreError> {
    examine_with(sd_jwt, Some(key), env)
}

fn unreadable(reason: impl Into<String>) -> CoreError {
    CoreError::Unrecognised {
        reason: reason.into(),
    }
}

/// The parts of the compact serialisation.
struct Parts<'a> {
    jwt: &'a str,
    disclosures: Vec<&'a str>,
}

fn split(text: &str) -> Result<Parts<'_>, CoreError> {
    let text = text.trim();
    let mut parts: Vec<&str> = text.split('~').collect();
    if parts.len() < 2 {
        return Err(unreadable(
            "there is no '~' after the issuer-signed JWT, so it is not an SD-JWT",
        ));
    }
    let jwt = parts.remove(0);
    // The last part is empty for an SD-JWT, or a Key Binding JWT for a presentation. A
    // KB-JWT is accepted and ignored (it matters to a verifier of presentations only).
    let last = parts.pop().unwrap_or_default();
    if !last.is_empty() {
        let is_jwt = last.split('.').count() == 3
            && last
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
        if !is_jwt {
            return Err(unreadable(
                "the SD-JWT does not end with '~' and its last part is not a Key Binding JWT",
            ));
        }
    }
    Ok(Parts {
        jwt,
        disclosures: parts,
    })
}

/// One decoded disclosure.
struct Disclosure {
    /// 1-based position in the SD-JWT, for messages.
    number: usize,
    digest: String,
    /// `Some(name)` for an object property, `None` for an array element.
    name: Option<String>,
    value: Value,
}

impl Disclosure {
    fn describe(&self) -> String {
        match &self.name {
            Some(n) => format!("disclosure {} (\"{}\")", self.number, n),
            None => format!("disclosure {} (an array element)", self.number),
        }
    }
}

pub(crate) fn digest_of(disclosure: &str) -> String {
    jose::b64url(&Sha256::digest(disclosure.as_bytes()))
}

/// Decodes a disclosure; `Err` says what is wrong with its shape.
pub(crate) fn decode_disclosure(raw: &str) -> Result<(Option<String>, Value), String> {
    if raw.is_empty() {
        return Err("is empty".into());
    }
    // RFC 7515 base64url: no padding, nothing outside the alphabet.
    let alphabet = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    if !raw.bytes().all(alphabet) {
        return Err("is not base64url (without padding)".into());
    }
    let bytes =
        jose::b64url_decode(raw, "disclosure").map_err(|_| "is not base64url".to_owned())?;
    let v: Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("is not UTF-8 JSON ({e})"))?;
    let Value::Array(mut items) = v else {
        return Err("is not a JSON array".into());
    };
    match items.len() {
        2 | 3 => {}
        n => {
            return Err(format!(
                "has {n} elements (a disclosure is [salt, name, value] or [salt, value])"
            ))
        }
    }
    if !items[0].is_string() {
        return Err("has a salt that is not a string".into());
    }
    let value = items.pop().unwrap_or(Value::Null);
    if items.len() == 1 {
        return Ok((None, value));
    }
    match items.pop() {
        Some(Value::String(name)) => {
            if name == "_sd" || name == "..." {
                Err(format!("discloses the reserved name \"{name}\""))
            } else {
                Ok((Some(name), value))
            }
        }
        _ => Err("has a claim name that is not a string".into()),
    }
}

/// Rebuilds the claims from the signed payload and the disclosures (RFC 9901 7.1 step 3).
struct Rebuild<'a> {
    disclosures: &'a [Disclosure],
    by_digest: HashMap<&'a str, usize>,
    used: Vec<bool>,
    seen: HashSet<String>,
    problems: Vec<String>,
    disclosable: Vec<String>,
    /// Top-level names that came from a disclosure.
    disclosed_top: Vec<String>,
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn where_(path: &str) -> String {
    if path.is_empty() {
        "at the top of the payload".to_owned()
    } else {
        format!("in \"{path}\"")
    }
}

fn too_deep() -> CoreError {
    unreadable(format!(
        "its claims are nested more than {MAX_DEPTH} levels deep"
    ))
}

impl<'a> Rebuild<'a> {
    fn new(disclosures: &'a [Disclosure], duplicates: &HashSet<usize>) -> Self {
        let mut by_digest = HashMap::new();
        for (i, d) in disclosures.iter().enumerate() {
            if !duplicates.contains(&i) {
                by_digest.entry(d.digest.as_str()).or_insert(i);
            }
        }
        Rebuild {
            disclosures,
            by_digest,
            used: vec![false; disclosures.len()],
            seen: HashSet::new(),
            problems: Vec::new(),
            disclosable: Vec::new(),
            disclosed_top: Vec::new(),
        }
    }

    /// The disclosure a digest refers to, once: a digest seen before is a problem.
    fn take(&mut self, digest: &str, path: &str) -> Option<usize> {
        if !self.seen.insert(digest.to_owned()) {
            self.problems.push(format!(
                "the digest {digest} appears more than once (again {})",
                where_(path)
            ));
            return None;
        }
        let i = *self.by_digest.get(digest)?;
        self.used[i] = true;
        Some(i)
    }

    fn value(&mut self, v: &Value, path: &str, depth: usize) -> Result<Value, CoreError> {
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        Ok(match v {
            Value::Object(o) => self.object(o, path, depth)?,
            Value::Array(a) => self.array(a, path, depth)?,
            other => other.clone(),
        })
    }

    fn object(
        &mut self,
        o: &Map<String, Value>,
        path: &str,
        depth: usize,
    ) -> Result<Value, CoreError> {
        let mut out = Map::new();
        for (k, v) in o {
            match k.as_str() {
                "_sd" => {}
                "_sd_alg" => {
                    if depth > 0 {
                        self.problems.push(format!(
                            "\"_sd_alg\" appears {}; it is allowed only at the top",
                            where_(path)
                        ));
                    }
                }
                _ => {
                    let rebuilt = self.value(v, &join(path, k), depth + 1)?;
                    out.insert(k.clone(), rebuilt);
                }
            }
        }
        let digests = match o.get("_sd") {
            None => Vec::new(),
            Some(Value::Array(list)) if list.iter().all(Value::is_string) => {
                list.iter().filter_map(Value::as_str).collect()
            }
            Some(_) => {
                self.problems
                    .push(format!("\"_sd\" {} is not a list of digests", where_(path)));
                Vec::new()
            }
        };
        for digest in digests {
            let Some(i) = self.take(digest, path) else {
                continue;
            };
            let d = &self.disclosures[i];
            let Some(name) = &d.name else {
                self.problems.push(format!(
                    "{} is an array element but its digest is in an object's \"_sd\" {}",
                    d.describe(),
                    where_(path)
                ));
                continue;
            };
            if out.contains_key(name) {
                self.problems.push(format!(
                    "{} discloses \"{name}\", which is already there {}",
                    d.describe(),
                    where_(path)
                ));
                continue;
            }
            let claim_path = join(path, name);
            let rebuilt = self.value(&d.value, &claim_path, depth + 1)?;
            if depth == 0 {
                self.disclosed_top.push(name.clone());
            }
            self.disclosable.push(claim_path);
            out.insert(name.clone(), rebuilt);
        }
        Ok(Value::Object(out))
    }

    fn array(&mut self, a: &[Value], path: &str, depth: usize) -> Result<Value, CoreError> {
        let mut out = Vec::with_capacity(a.len());
        for element in a {
            let index = out.len().to_string();
            let element_path = join(path, &index);
            let placeholder = match element {
                Value::Object(o) if o.len() == 1 => o.get("..."),
                _ => None,
            };
            let Some(placeholder) = placeholder else {
                out.push(self.value(element, &element_path, depth + 1)?);
                continue;
            };
            let Some(digest) = placeholder.as_str() else {
                self.problems.push(format!(
                    "an array element {} has a \"...\" that is not a digest",
                    where_(path)
                ));
                continue;
            };
            // No disclosure: withheld by the holder, or a decoy. Either way it is removed.
            let Some(i) = self.take(digest, path) else {
                continue;
            };
            let d = &self.disclosures[i];
            if d.name.is_some() {
                self.problems.push(format!(
                    "{} is a claim but its digest is an array element {}",
                    d.describe(),
                    where_(path)
                ));
                continue;
            }
            let rebuilt = self.value(&d.value, &element_path, depth + 1)?;
            self.disclosable.push(element_path);
            out.push(rebuilt);
        }
        Ok(Value::Array(out))
    }
}

/// A check result and its sentence.
struct Judged {
    result: CheckResult,
    detail: String,
}

fn judged(result: CheckResult, detail: impl Into<String>) -> Judged {
    Judged {
        result,
        detail: detail.into(),
    }
}

/// Multicodec prefixes (unsigned varints) of public key types that `did:key` defines but
/// Tessera does not check yet: such a DID is "could not check"; any other prefix is not a
/// key at all.
const OTHER_DID_KEY_CODECS: [[u8; 2]; 10] = [
    [0xe7, 0x01], // secp256k1-pub
    [0xec, 0x01], // x25519-pub
    [0xea, 0x01], // bls12_381-g1-pub
    [0xeb, 0x01], // bls12_381-g2-pub
    [0x81, 0x24], // p384-pub
    [0x82, 0x24], // p521-pub
    [0x83, 0x24], // ed448-pub
    [0x84, 0x24], // x448-pub
    [0x85, 0x24], // rsa-pub
    [0x86, 0x24], // sm2-pub
];

/// How a DID or DID URL that did not resolve offline is judged: (could-not-check, why).
fn unresolved(url: &str, e: &DidError) -> (bool, String) {
    let did = did::did_of(url);
    match e {
        DidError::Unavailable { reason, .. } => (
            true,
            format!("Signed, but could not check: the DID document of {did} could not be obtained ({reason})."),
        ),
        DidError::NotDidKey { .. } => {
            let method = did.split(':').take(2).collect::<Vec<_>>().join(":");
            (
                true,
                format!("Signed, but could not check offline: the key of {method} issuers is fetched online, and online checks are off."),
            )
        }
        DidError::UnsupportedKeyType { .. } => {
            let known = did
                .strip_prefix("did:key:")
                .and_then(|mb| did::multibase_decode(mb).ok())
                .is_some_and(|b| {
                    b.len() > 2 && OTHER_DID_KEY_CODECS.iter().any(|c| b[..2] == c[..])
                });
            if known {
                (
                    true,
                    format!("Signed, but could not check offline: {did} is a key type Tessera cannot check yet."),
                )
            } else {
                (
                    false,
                    format!("{did} is not a did:key of any known key type."),
                )
            }
        }
        other => (false, format!("The issuer's key cannot be read: {other}.")),
    }
}

/// The key to check the signature with, and the `issuer-key` judgement; or why there is
/// none (`Err((could_not_check, detail))`).
fn issuer_key(
    header: &Value,
    iss: Option<&str>,
    env: &Env,
) -> Result<(PublicKey, Judged), (bool, String)> {
    let kid = header.get("kid").and_then(Value::as_str);
    let kid_url = match kid {
        Some(k) if k.starts_with("did:") => Some(k.to_owned()),
        Some(k) if k.starts_with('#') => iss
            .filter(|i| i.starts_with("did:"))
            .map(|i| format!("{i}{k}")),
        _ => None,
    };
    if let Some(url) = kid_url {
        // The key must be the issuer's, whether or not it can be had offline.
        let did = did::did_of(&url);
        let judgement = match iss {
            Some(i) if i == did => judged(
                CheckResult::Pass,
                format!("The signing key {url} belongs to the issuer {i}."),
            ),
            Some(i) => judged(
                CheckResult::Fail,
                format!("The signing key belongs to {did}, not to the issuer {i}."),
            ),
            None => judged(
                CheckResult::Fail,
                format!("The credential names no issuer (iss), so the signing key {url} cannot be shown to be the issuer's."),
            ),
        };
        return match did::resolve(&url, env) {
            Ok(r) => Ok((
                r.key,
                match r.source {
                    Some(src) if judgement.result == CheckResult::Pass => judged(
                        CheckResult::Pass,
                        format!("{} It was found in {src}.", judgement.detail),
                    ),
                    _ => judgement,
                },
            )),
            Err(_) if judgement.result == CheckResult::Fail => Err((false, judgement.detail)),
            Err(e) => Err(unresolved(&url, &e)),
        };
    }
    if header.get("x5c").is_some() {
        return Err((true, "Signed, but could not check offline: the issuer's key is in an X.509 certificate chain (x5c), which Tessera does not check offline.".into()));
    }
    match iss {
        Some(i) if i.starts_with("did:") => {
            let key = did::resolve(i, env)
                .map(|r| r.key)
                .map_err(|e| unresolved(i, &e))?;
            Ok((
                key,
                judged(
                    CheckResult::Pass,
                    format!("The signing key is the issuer's own ({}).", did::did_of(i)),
                ),
            ))
        }
        Some(i) if i.starts_with("https://") => Err((
            true,
            format!("Signed, but could not check offline: the key of the issuer {i} is published online (SD-JWT VC issuer metadata, {}), and online checks are off.", issuer_metadata_url(i)),
        )),
        Some(i) => Err((
            true,
            format!("Signed, but could not check offline: the issuer {i} names no key Tessera can find without a network."),
        )),
        None => Err((
            true,
            "Signed, but could not check offline: the credential names no issuer (iss) and no key Tessera can resolve.".into(),
        )),
    }
}

/// Where an `https` issuer publishes its SD-JWT VC issuer metadata: `/.well-known/jwt-vc-issuer`
/// inserted between the host and the path of `iss`.
fn issuer_metadata_url(iss: &str) -> String {
    let rest = iss.strip_prefix("https://").unwrap_or(iss);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        format!("https://{host}/.well-known/jwt-vc-issuer")
    } else {
        format!("https://{host}/.well-known/jwt-vc-issuer/{path}")
    }
}

/// The `signature` and `issuer-key` judgements.
fn judge_signature(
    jws: &CompactJws,
    iss: Option<&str>,
    given: Option<&PublicKey>,
    env: &Env,
) -> (Judged, Judged) {
    let alg = jws.alg();
    if alg.is_empty() || alg == "none" {
        return (
            judged(
                CheckResult::Fail,
                "The issuer-signed part says it is not signed (alg \"none\"), which is never accepted.",
            ),
            judged(
                CheckResult::Unknown,
                "Not checked: there is no signature to check a key against.",
            ),
        );
    }
    if let Some(crit) = jws.header.get("crit") {
        return (
            judged(
                CheckResult::Fail,
                format!("The signature requires header parameters Tessera does not understand (crit {crit})."),
            ),
            judged(CheckResult::Unknown, "Not checked: the signature cannot be accepted."),
        );
    }
    let (key, key_judgement) = match given {
        Some(k) => (
            k.clone(),
            judged(
                CheckResult::Pass,
                "The issuer's key was supplied for this check (not read from the credential).",
            ),
        ),
        None => match issuer_key(&jws.header, iss, env) {
            Ok(found) => found,
            Err((true, why)) => {
                return (
                    judged(CheckResult::Unknown, why.clone()),
                    judged(CheckResult::Unknown, why),
                )
            }
            Err((false, why)) => {
                return (
                    judged(
                        CheckResult::Unknown,
                        "Not checked: there is no key of the issuer to check it with.",
                    ),
                    judged(CheckResult::Fail, why),
                )
            }
        },
    };
    let signature = match jws.verify(&key) {
        Ok(true) => judged(
            CheckResult::Pass,
            format!("The issuer's {alg} signature over the credential verifies."),
        ),
        Ok(false) => judged(
            CheckResult::Fail,
            "The signature does not match: the credential was changed after it was signed, or signed with another key.",
        ),
        Err(e @ JoseError::KeyMismatch { .. }) => judged(
            CheckResult::Fail,
            format!("The signature cannot have been made with the issuer's key: {e}."),
        ),
        Err(e) => judged(CheckResult::Fail, format!("The signature cannot be checked: {e}.")),
    };
    (signature, key_judgement)
}

fn examine_with(text: &str, given: Option<&PublicKey>, env: &Env) -> Result<Examined, CoreError> {
    let parts = split(text)?;
    let jws = CompactJws::parse(parts.jwt)
        .map_err(|e| unreadable(format!("its issuer-signed JWT cannot be read: {e}")))?;
    let Value::Object(payload) = &jws.payload else {
        return Err(CoreError::NotACredential {
            reason: "the payload of its issuer-signed JWT is not a JSON object".to_owned(),
        });
    };
    let alg = jws.alg().to_owned();
    if !alg.is_empty() && alg != "none" && !SUPPORTED_ALGS.contains(&alg.as_str()) {
        return Err(CoreError::Unsupported {
            what: format!(
                "the signature algorithm {alg} in an SD-JWT (Tessera checks EdDSA and ES256)"
            ),
        });
    }

    // Any `_sd_alg` but sha-256 cannot be checked; that is an error unless the signature
    // already fails (then the credential is invalid whatever its digests).
    let unsupported_sd_alg = match payload.get("_sd_alg") {
        None => None,
        Some(Value::String(s)) if s == "sha-256" => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    };

    let mut problems = Vec::new();
    let mut disclosures = Vec::new();
    for (i, raw) in parts.disclosures.iter().enumerate() {
        match decode_disclosure(raw) {
            Ok((name, value)) => disclosures.push(Disclosure {
                number: i + 1,
                digest: digest_of(raw),
                name,
                value,
            }),
            Err(why) => problems.push(format!("disclosure {} {why}", i + 1)),
        }
    }
    let mut duplicates = HashSet::new();
    {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, d) in disclosures.iter().enumerate() {
            if let Some(&j) = first.get(d.digest.as_str()) {
                problems.push(format!(
                    "disclosure {} is the same as disclosure {}",
                    d.number, disclosures[j].number
                ));
                duplicates.insert(i);
            } else {
                first.insert(&d.digest, i);
            }
        }
    }
    let mut rebuild = Rebuild::new(&disclosures, &duplicates);
    let claims = rebuild.object(payload, "", 0)?;
    problems.append(&mut rebuild.problems);
    for (i, d) in disclosures.iter().enumerate() {
        if !rebuild.used[i] && !duplicates.contains(&i) {
            problems.push(format!(
                "{} is not referenced by any digest the issuer signed",
                d.describe()
            ));
        }
    }

    let iss = claims.get("iss").and_then(Value::as_str);
    let (signature, key_judgement) = judge_signature(&jws, iss, given, env);
    if let Some(sd_alg) = &unsupported_sd_alg {
        if signature.result != CheckResult::Fail && key_judgement.result != CheckResult::Fail {
            return Err(CoreError::Unsupported {
                what: format!("the digest algorithm \"{sd_alg}\" (_sd_alg) of an SD-JWT (Tessera checks sha-256)"),
            });
        }
    }

    let typ = jws.header.get("typ").and_then(Value::as_str).unwrap_or("");
    let format = if matches!(typ, "dc+sd-jwt" | "vc+sd-jwt")
        && claims.get("vct").and_then(Value::as_str).is_some()
    {
        Format::SdJwtVc
    } else {
        Format::SdJwt
    };
    if format == Format::SdJwtVc {
        for name in &rebuild.disclosed_top {
            if VC_NEVER_DISCLOSED.contains(&name.as_str()) {
                problems.push(format!(
                    "\"{name}\" is selectively disclosable, which an SD-JWT VC does not allow"
                ));
            }
        }
    }

    let n = parts.disclosures.len();
    let disclosures_check = if let Some(sd_alg) = unsupported_sd_alg {
        judged(
            CheckResult::Unknown,
            format!("Not checked: its digest algorithm \"{sd_alg}\" is not one Tessera supports."),
        )
    } else if problems.is_empty() {
        judged(
            CheckResult::Pass,
            match n {
                0 => "It carries no disclosures.".to_owned(),
                1 => "Its one disclosure matches a digest the issuer signed.".to_owned(),
                n => format!("All {n} disclosures match digests the issuer signed."),
            },
        )
    } else {
        let shown = problems
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        let more = problems.len().saturating_sub(5);
        let tail = if more > 0 {
            format!("; and {more} more")
        } else {
            String::new()
        };
        judged(
            CheckResult::Fail,
            format!("The disclosures do not match what the issuer signed: {shown}{tail}."),
        )
    };

    let mut checks: Vec<Check> = Vec::new();
    let mut verdict_from = Vec::new();
    for (name, j) in [
        ("signature", signature),
        ("issuer-key", key_judgement),
        ("disclosures", disclosures_check),
    ] {
        verdict_from.push(j.result);
        checks.push(check(name, j.result, j.detail, env));
    }
    let verdict = if verdict_from.contains(&CheckResult::Fail) {
        Verdict::Invalid
    } else if verdict_from.contains(&CheckResult::Unknown) {
        Verdict::Unknown
    } else {
        Verdict::Valid
    };

    let dates = Dates::read(&claims);
    let (facts, critical) = facts(&claims, &dates);
    let (validity, mut status) = validity(&dates, env);
    checks.push(validity);
    if let Some(s) = claims.get("status") {
        let key_for = |header: &Value, iss: Option<&str>, env: &Env| {
            issuer_key(header, iss, env)
                .map(|(k, _)| k)
                .map_err(|(_, why)| format!("cannot be checked: {why}"))
        };
        checks.push(crate::status::token_check(s, iss, env, &key_for));
        crate::status::settle(&checks, &mut status);
    }

    let holder_key = claims
        .get("cnf")
        .and_then(|c| c.get("jwk"))
        .filter(|j| j.is_object())
        .cloned();
    Ok(Examined {
        format,
        facts,
        critical,
        checks,
        verdict,
        status,
        selective: Some(Selective {
            claims,
            disclosable: rebuild.disclosable,
            holder_key,
        }),
    })
}

/// A NumericDate claim: absent, a time, or there but unreadable.
#[derive(Clone, Copy)]
enum Date {
    Absent,
    At(DateTime<Utc>),
    Unreadable,
}

impl Date {
    fn numeric(v: Option<&Value>) -> Date {
        let Some(v) = v else { return Date::Absent };
        let secs = v.as_i64().or_else(|| {
            v.as_f64()
                .filter(|f| f.is_finite() && f.abs() < 1e15)
                .map(|f| f.floor() as i64)
        });
        match secs.and_then(|s| DateTime::from_timestamp(s, 0)) {
            Some(d) => Date::At(d),
            None => Date::Unreadable,
        }
    }
    fn time(self) -> Option<DateTime<Utc>> {
        match self {
            Date::At(d) => Some(d),
            _ => None,
        }
    }
}

struct Dates {
    iat: Date,
    nbf: Date,
    exp: Date,
    /// `iat`, else `issuance_date`.
    issued: Option<DateTime<Utc>>,
}

impl Dates {
    fn read(claims: &Value) -> Dates {
        let iat = Date::numeric(claims.get("iat"));
        let issued = iat.time().or_else(|| {
            claims
                .get("issuance_date")
                .and_then(Value::as_str)
                .and_then(parse_date)
        });
        Dates {
            iat,
            nbf: Date::numeric(claims.get("nbf")),
            exp: Date::numeric(claims.get("exp")),
            issued,
        }
    }
    fn unreadable(&self) -> bool {
        [self.iat, self.nbf, self.exp]
            .iter()
            .any(|d| matches!(d, Date::Unreadable))
    }
}

/// The `validity` check (`iat` / `nbf` / `exp`), judged as [`crate::verify::status_at`]
/// judges the facts later: valid from `nbf`, else the issue date.
fn validity(dates: &Dates, env: &Env) -> (Check, Status) {
    if dates.unreadable() {
        let which = [("iat", dates.iat), ("nbf", dates.nbf), ("exp", dates.exp)]
            .iter()
            .filter(|(_, d)| matches!(d, Date::Unreadable))
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", ");
        return (
            check(
                "validity",
                CheckResult::Fail,
                format!(
                    "The validity date ({which}) is not a date (a JWT gives seconds since 1970)."
                ),
                env,
            ),
            Status::Unknown,
        );
    }
    crate::verify::window_check(dates.nbf.time().or(dates.issued), dates.exp.time(), env)
}

fn text(v: Option<&Value>) -> Option<String> {
    let s = v?.as_str()?.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn at<'a>(claims: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(claims, |v, k| v.get(k))
}

fn first_text(claims: &Value, paths: &[&str]) -> Option<String> {
    paths.iter().find_map(|p| text(at(claims, p)))
}

fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite() && *x >= 0.0)
}

fn eqf(v: Option<&Value>) -> Option<u8> {
    let level = match v? {
        Value::Number(n) => n.as_u64().and_then(|l| u8::try_from(l).ok()),
        Value::String(s) => {
            let s = s.trim();
            let rest = s
                .strip_prefix(EQF_PREFIX)
                .unwrap_or(s)
                .trim_end_matches('/');
            rest.trim_start_matches(|c: char| !c.is_ascii_digit())
                .parse::<u8>()
                .ok()
        }
        _ => None,
    };
    level.filter(|l| (1..=8).contains(l))
}

fn unit(v: Option<&Value>) -> Option<String> {
    let l = text(v)?.to_lowercase();
    if l == "ects" || l.contains("european credit transfer") {
        Some(UNIT_ECTS.to_owned())
    } else if matches!(l.as_str(), "hours" | "hour" | "h") {
        Some(UNIT_HOURS.to_owned())
    } else {
        None
    }
}

fn texts(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(|x| text(Some(x))).collect(),
        Some(x) => text(Some(x)).into_iter().collect(),
        None => Vec::new(),
    }
}

fn skills(v: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(list)) = v else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for item in list {
        let uri = match item {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Object(o) => text(o.get("id")).or_else(|| text(o.get("uri"))),
            _ => None,
        };
        let Some(uri) = uri else { continue };
        let is_uri = uri.split_once(':').is_some_and(|(scheme, rest)| {
            !rest.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
        if is_uri && !out.contains(&uri) {
            out.push(uri);
        }
    }
    out
}

fn person_name(v: &Value) -> Option<String> {
    let given = text(v.get("given_name"));
    let family = text(v.get("family_name"));
    match (given, family) {
        (Some(g), Some(f)) => Some(format!("{g} {f}")),
        (Some(x), None) | (None, Some(x)) => Some(x),
        (None, None) => None,
    }
}

fn facts(claims: &Value, dates: &Dates) -> (Facts, Critical) {
    let title = first_text(
        claims,
        &["name", "title", "achievement.name", "credential_name"],
    );
    let issuer = text(claims.get("iss"));
    let issuer_name = first_text(claims, &["issuer_name", "iss_name", "issuing_authority"]);
    let issued = dates.issued.map(rfc3339);
    let valid_from = dates
        .nbf
        .time()
        .map(rfc3339)
        .filter(|v| Some(v) != issued.as_ref());
    let expires = dates.exp.time().map(rfc3339);

    let (credits, credit_unit) = if let Some(c) = number(claims.get("ects")) {
        (Some(c), Some(UNIT_ECTS.to_owned()))
    } else if let Some(c) = number(at(claims, "workload.ects")) {
        (Some(c), Some(UNIT_ECTS.to_owned()))
    } else if let Some(c) =
        number(claims.get("credits")).or_else(|| number(claims.get("credit_points")))
    {
        (Some(c), unit(claims.get("credit_unit")))
    } else {
        (None, None)
    };
    let eqf_level = eqf(claims.get("eqf_level")).or_else(|| eqf(claims.get("level")));
    let skills = skills(claims.get("skills"));

    let subject = ["credentialSubject", "subject"]
        .iter()
        .find_map(|k| claims.get(*k).filter(|v| v.is_object()));
    let learner_name = person_name(claims)
        .or_else(|| subject.and_then(|s| text(s.get("name")).or_else(|| person_name(s))));
    let sub = text(claims.get("sub"));
    let learner = learner_name.clone().or_else(|| sub.clone());
    let mut learner_value = Map::new();
    if let Some(id) = &sub {
        learner_value.insert("id".into(), id.clone().into());
    }
    if let Some(n) = &learner_name {
        learner_value.insert("name".into(), n.clone().into());
    }
    let outcomes = texts(claims.get("learning_outcomes"));

    let facts = Facts {
        skill_names: Default::default(),
        registry: None,
        issuer_claimed_name: None,
        achievement_type: None,
        title: title
            .clone()
            .unwrap_or_else(|| "Untitled credential".to_owned()),
        issuer: issuer.clone().unwrap_or_default(),
        issuer_name: issuer_name.clone(),
        issued: issued.clone(),
        valid_from,
        achievement_id: text(at(claims, "achievement.id")),
        credits,
        credit_unit: credit_unit.clone(),
        eqf_level,
        skills,
        expires,
        description: text(claims.get("description")),
        criteria: None,
        learner,
        learning_outcomes: outcomes.clone(),
        image: None,
        credential_id: text(claims.get("jti")),
        unreadable_dates: dates.unreadable(),
    };

    let mut body = Map::new();
    if let Some(i) = &issuer {
        body.insert("id".into(), i.clone().into());
    }
    if let Some(n) = &issuer_name {
        body.insert("name".into(), n.clone().into());
    }
    let workload = match (credits, &credit_unit) {
        (Some(c), Some(u)) => CriticalElement::of(json!({ "credits": c, "unit": u })),
        (Some(c), None) => CriticalElement {
            present: false,
            value: json!({ "credits": c, "unit": null, "note": "the issuer does not say whether these are ECTS credits or hours" }),
        },
        _ => CriticalElement::missing(),
    };
    let list = |k: &str| {
        CriticalElement::of(Value::Array(
            texts(claims.get(k))
                .into_iter()
                .map(Value::String)
                .collect(),
        ))
    };
    let critical = Critical {
        learner: CriticalElement::of(Value::Object(learner_value)),
        title: CriticalElement::of(title.map(Value::String).unwrap_or(Value::Null)),
        country: CriticalElement::of(
            text(claims.get("issuing_country"))
                .map(Value::String)
                .unwrap_or(Value::Null),
        ),
        awarding_body: CriticalElement::of(Value::Object(body)),
        issued: CriticalElement::of(issued.map(Value::String).unwrap_or(Value::Null)),
        learning_outcomes: CriticalElement::of(Value::Array(
            outcomes.into_iter().map(Value::String).collect(),
        )),
        workload,
        level: CriticalElement::of(
            eqf_level
                .map(|l| json!({ "framework": "EQF", "eqf": l }))
                .unwrap_or(Value::Null),
        ),
        assessment: list("assessment"),
        participation: list("participation"),
        quality_assurance: list("quality_assurance"),
    };
    (facts, critical)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::status_at;
    use chrono::TimeZone;

    fn env() -> Env<'static> {
        Env::at(Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap())
    }

    fn ts(y: i32, m: u32, d: u32) -> i64 {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap().timestamp()
    }

    enum Signer {
        Ed(ed25519_dalek::SigningKey),
        P256(p256::ecdsa::SigningKey),
    }

    impl Signer {
        fn ed(seed: u8) -> Self {
            Signer::Ed(ed25519_dalek::SigningKey::from_bytes(&[seed; 32]))
        }
        fn p256(seed: u8) -> Self {
            Signer::P256(p256::ecdsa::SigningKey::from_slice(&[seed; 32]).unwrap())
        }
        fn public(&self) -> PublicKey {
            match self {
                Signer::Ed(k) => PublicKey::Ed25519(k.verifying_key()),
                Signer::P256(k) => PublicKey::P256(*k.verifying_key()),
            }
        }
        fn alg(&self) -> &'static str {
            match self {
                Signer::Ed(_) => "EdDSA",
                Signer::P256(_) => "ES256",
            }
        }
        fn did_jwk(&self) -> String {
            did::did_jwk_for(&self.public())
        }
        fn did_key(&self) -> String {
            match self {
                Signer::Ed(k) => did::did_key_for(&k.verifying_key()),
                Signer::P256(k) => did::did_key_for_p256(k.verifying_key()),
            }
        }
        fn sign(&self, data: &[u8]) -> Vec<u8> {
            match self {
                Signer::Ed(k) => {
                    use ed25519_dalek::Signer as _;
                    k.sign(data).to_bytes().to_vec()
                }
                Signer::P256(k) => {
                    use p256::ecdsa::signature::Signer as _;
                    let s: p256::ecdsa::Signature = k.sign(data);
                    s.to_bytes().to_vec()
                }
            }
        }
        /// A compact JWS over `header` and `payload`.
        fn jws(&self, header: &Value, payload: &Value) -> String {
            let input = format!(
                "{}.{}",
                jose::b64url(header.to_string().as_bytes()),
                jose::b64url(payload.to_string().as_bytes())
            );
            let sig = self.sign(input.as_bytes());
            format!("{input}.{}", jose::b64url(&sig))
        }
        /// An SD-JWT VC with `kid` = the did:jwk URL and `iss` its DID.
        fn issue(&self, payload: Value, disclosures: &[String]) -> String {
            let did = self.did_jwk();
            let mut p = payload;
            p["iss"] = did.clone().into();
            let header = json!({"alg": self.alg(), "typ": "dc+sd-jwt", "kid": format!("{did}#0")});
            sd(&self.jws(&header, &p), disclosures)
        }
    }

    fn sd(jwt: &str, disclosures: &[String]) -> String {
        let mut s = jwt.to_owned();
        for d in disclosures {
            s.push('~');
            s.push_str(d);
        }
        s.push('~');
        s
    }

    fn prop(salt: &str, name: &str, value: Value) -> String {
        jose::b64url(json!([salt, name, value]).to_string().as_bytes())
    }

    fn elem(salt: &str, value: Value) -> String {
        jose::b64url(json!([salt, value]).to_string().as_bytes())
    }

    fn dg(disclosure: &str) -> String {
        digest_of(disclosure)
    }

    fn result(x: &Examined, name: &str) -> CheckResult {
        x.checks
            .iter()
            .find(|c| c.check == name)
            .unwrap_or_else(|| panic!("no {name} check in {:#?}", x.checks))
            .result
    }

    fn detail<'a>(x: &'a Examined, name: &str) -> &'a str {
        &x.checks.iter().find(|c| c.check == name).unwrap().detail
    }

    fn sel(x: &Examined) -> &Selective {
        x.selective.as_ref().expect("selective")
    }

    fn invalid_disclosures(text: &str, why: &str) {
        let x = examine(text, &env()).unwrap();
        assert_eq!(x.verdict, Verdict::Invalid, "{why}: {:#?}", x.checks);
        assert_eq!(result(&x, "disclosures"), CheckResult::Fail, "{why}");
        assert_eq!(result(&x, "signature"), CheckResult::Pass, "{why}");
    }

    /// A typical learning credential: flat, nested (recursive) and array-element disclosures.
    fn sample(signer: &Signer) -> (String, Vec<String>) {
        let given = prop("s1", "given_name", "Ana".into());
        let family = prop("s2", "family_name", "Novak".into());
        let grade = prop("s3", "grade", "A".into());
        let country = prop("s4", "country", "SI".into());
        let address = prop(
            "s5",
            "address",
            json!({"locality": "Ljubljana", "_sd": [dg(&country)]}),
        );
        let skill0 = elem("s6", "http://data.europa.eu/esco/skill/aaa".into());
        let skill2 = elem("s7", "http://data.europa.eu/esco/skill/ccc".into());
        let disclosures = vec![given, family, grade, country, address, skill0, skill2];
        let d = &disclosures;
        let payload = json!({
            "vct": "https://credentials.example.org/micro-credential",
            "iat": ts(2026, 3, 1),
            "exp": ts(2030, 1, 1),
            "name": "Data Literacy – Grundlagen ✓",
            "issuer_name": "Hochschule Süd",
            "ects": 5,
            "eqf_level": 6,
            "cnf": {"jwk": {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}},
            "_sd": [dg(&d[0]), dg(&d[1]), dg(&d[4]), "decoyDecoyDecoyDecoyDecoyDecoyDecoyDecoyDec"],
            "degree": {"type": "micro-credential", "_sd": [dg(&d[2])]},
            "skills": [{"...": dg(&d[5])}, "http://data.europa.eu/esco/skill/bbb", {"...": dg(&d[6])}],
            "_sd_alg": "sha-256",
        });
        (signer.issue(payload, &disclosures), disclosures)
    }

    #[test]
    fn rebuilds_flat_nested_and_array_element_disclosures() {
        for signer in [Signer::ed(1), Signer::p256(2)] {
            let (text, _) = sample(&signer);
            let x = examine(&text, &env()).unwrap();
            assert_eq!(x.verdict, Verdict::Valid, "{:#?}", x.checks);
            assert_eq!(x.status, Status::Active);
            assert_eq!(x.format, Format::SdJwtVc);
            for c in ["signature", "issuer-key", "disclosures", "validity"] {
                assert_eq!(result(&x, c), CheckResult::Pass, "{c}");
            }
            let s = sel(&x);
            assert_eq!(
                s.disclosable,
                [
                    "degree.grade",
                    "skills.0",
                    "skills.2",
                    "given_name",
                    "family_name",
                    "address.country",
                    "address"
                ]
            );
            let c = &s.claims;
            assert_eq!(c["given_name"], "Ana");
            assert_eq!(
                c["address"],
                json!({"locality": "Ljubljana", "country": "SI"})
            );
            assert_eq!(
                c["degree"],
                json!({"type": "micro-credential", "grade": "A"})
            );
            assert_eq!(
                c["skills"],
                json!([
                    "http://data.europa.eu/esco/skill/aaa",
                    "http://data.europa.eu/esco/skill/bbb",
                    "http://data.europa.eu/esco/skill/ccc"
                ])
            );
            assert!(c.get("_sd").is_none() && c.get("_sd_alg").is_none());
            assert!(!c.to_string().contains("\"_sd\"") && !c.to_string().contains("\"...\""));
            assert_eq!(s.holder_key.as_ref().unwrap()["crv"], "Ed25519");

            let f = &x.facts;
            assert_eq!(f.title, "Data Literacy – Grundlagen ✓");
            assert_eq!(f.issuer, signer.did_jwk());
            assert_eq!(f.issuer_name.as_deref(), Some("Hochschule Süd"));
            assert_eq!(f.issued.as_deref(), Some("2026-03-01T00:00:00Z"));
            assert_eq!(f.expires.as_deref(), Some("2030-01-01T00:00:00Z"));
            assert_eq!(f.credits, Some(5.0));
            assert_eq!(f.credit_unit.as_deref(), Some("ECTS"));
            assert_eq!(f.eqf_level, Some(6));
            assert_eq!(f.skills.len(), 3);
            assert_eq!(f.learner.as_deref(), Some("Ana Novak"));
            let k = &x.critical;
            assert!(k.learner.present && k.title.present && k.awarding_body.present);
            assert!(k.workload.present && k.level.present && k.issued.present);
            assert!(!k.country.present && !k.assessment.present);
        }
    }

    #[test]
    fn withheld_disclosures_leave_fewer_claims_and_shift_array_indexes() {
        let signer = Signer::ed(3);
        let (text, d) = sample(&signer);
        // Drop skills.0 and given_name: still valid, those claims are simply absent.
        let dropped = text
            .replace(&format!("~{}~", d[5]), "~")
            .replace(&format!("~{}~", d[0]), "~");
        let x = examine(&dropped, &env()).unwrap();
        assert_eq!(x.verdict, Verdict::Valid, "{:#?}", x.checks);
        let s = sel(&x);
        assert!(s.claims.get("given_name").is_none());
        assert_eq!(s.claims["skills"].as_array().unwrap().len(), 2);
        assert!(s.disclosable.contains(&"skills.1".to_owned()));
        assert!(!s.disclosable.contains(&"given_name".to_owned()));
        assert_eq!(x.facts.learner.as_deref(), Some("Novak"));
        // No disclosures at all.
        let jwt = text.split('~').next().unwrap();
        let x = examine(&format!("{jwt}~"), &env()).unwrap();
        assert_eq!(x.verdict, Verdict::Valid);
        assert!(sel(&x).disclosable.is_empty());
        assert_eq!(
            sel(&x).claims["skills"],
            json!(["http://data.europa.eu/esco/skill/bbb"])
        );
    }

    #[test]
    fn an_unreferenced_disclosure_is_invalid() {
        let (text, _) = sample(&Signer::ed(4));
        invalid_disclosures(
            &format!("{text}{}~", prop("extra", "given_name", "Mallory".into())),
            "an extra disclosure",
        );
        invalid_disclosures(
            &format!(
                "{text}{}~",
                elem("extra", "http://evil.example/skill".into())
            ),
            "an extra array element",
        );
        let x = examine(
            &format!("{text}{}~", prop("x", "admin", true.into())),
            &env(),
        )
        .unwrap();
        assert!(
            detail(&x, "disclosures").contains("\"admin\""),
            "{}",
            detail(&x, "disclosures")
        );
        assert!(detail(&x, "disclosures").contains("not referenced"));
    }

    #[test]
    fn a_repeated_disclosure_or_digest_is_invalid() {
        let signer = Signer::p256(5);
        let (text, d) = sample(&signer);
        invalid_disclosures(&format!("{text}{}~", d[0]), "a disclosure twice");

        // One digest in two places of the payload.
        let a = prop("a", "given_name", "Ana".into());
        let payload = json!({"_sd": [dg(&a)], "nested": {"_sd": [dg(&a)]}});
        invalid_disclosures(
            &signer.issue(payload, std::slice::from_ref(&a)),
            "digest twice",
        );
        // ... also when its disclosure is withheld, and in an _sd list and an array.
        let payload = json!({"_sd": [dg(&a), dg(&a)]});
        invalid_disclosures(&signer.issue(payload, &[]), "withheld digest twice");
        let e = elem("e", "x".into());
        let payload = json!({"list": [{"...": dg(&e)}, {"...": dg(&e)}]});
        invalid_disclosures(&signer.issue(payload, &[e]), "array digest twice");
    }

    #[test]
    fn a_disclosed_name_that_exists_or_is_reserved_is_invalid() {
        let signer = Signer::ed(6);
        let a = prop("a", "name", "Other title".into());
        let payload = json!({"name": "Title", "_sd": [dg(&a)]});
        invalid_disclosures(&signer.issue(payload, &[a]), "name exists");
        for reserved in ["_sd", "..."] {
            let r = prop("r", reserved, json!(["x"]));
            let payload = json!({"_sd": [dg(&r)]});
            invalid_disclosures(&signer.issue(payload, &[r]), reserved);
        }
        // Two disclosures of the same name in one object.
        let b1 = prop("b1", "grade", "A".into());
        let b2 = prop("b2", "grade", "B".into());
        let payload = json!({"_sd": [dg(&b1), dg(&b2)]});
        invalid_disclosures(&signer.issue(payload, &[b1, b2]), "same name twice");
    }

    #[test]
    fn disclosures_of_the_wrong_shape_are_invalid() {
        let signer = Signer::ed(7);
        let raw = |v: Value| jose::b64url(v.to_string().as_bytes());
        let cases: Vec<(&str, String)> = vec![
            ("four elements", raw(json!(["s", "a", 1, 2]))),
            ("one element", raw(json!(["s"]))),
            ("an object", raw(json!({"salt": "s", "name": "a"}))),
            ("salt a number", raw(json!([1, "a", "v"]))),
            ("name a number", raw(json!(["s", 7, "v"]))),
            ("not JSON", jose::b64url(b"[\"s\", \"a\", ")),
            ("not UTF-8", jose::b64url(b"[\"s\", \"a\", \"\xff\"]")),
            ("not base64url", "WyJzIiwgImEiLCAidiJd!".to_owned()),
            ("padded base64", "WyJzIiwiYSIsInYiXQ==".to_owned()),
            ("empty", String::new()),
        ];
        for (why, d) in cases {
            let payload = json!({"_sd": [dg(&d)]});
            invalid_disclosures(&signer.issue(payload, &[d]), why);
        }
        // A property disclosure referenced as an array element, and the other way round.
        let p = prop("p", "a", 1.into());
        invalid_disclosures(
            &signer.issue(json!({"list": [{"...": dg(&p)}]}), &[p]),
            "property in array",
        );
        let e = elem("e", 1.into());
        invalid_disclosures(
            &signer.issue(json!({"_sd": [dg(&e)]}), &[e]),
            "element in _sd",
        );
        // Malformed digest containers.
        invalid_disclosures(&signer.issue(json!({"_sd": "abc"}), &[]), "_sd a string");
        invalid_disclosures(&signer.issue(json!({"_sd": [1, 2]}), &[]), "_sd numbers");
        invalid_disclosures(
            &signer.issue(json!({"l": [{"...": 5}]}), &[]),
            "... a number",
        );
        invalid_disclosures(
            &signer.issue(json!({"o": {"_sd_alg": "sha-256"}}), &[]),
            "nested _sd_alg",
        );
    }

    #[test]
    fn an_sd_jwt_vc_may_not_make_its_registered_claims_disclosable() {
        let signer = Signer::ed(8);
        for name in VC_NEVER_DISCLOSED {
            let d = prop("s", name, json!(ts(2031, 1, 1)));
            let mut payload = json!({"vct": "https://example.org/t", "_sd": [dg(&d)]});
            if name == "vct" {
                payload = json!({"_sd": [dg(&d)]});
            }
            let text = signer.issue(payload, &[d]);
            let x = examine(&text, &env()).unwrap();
            if name == "vct" || name == "iss" {
                // A disclosed vct makes it no VC by the draft's rules...
                assert!(
                    x.verdict == Verdict::Invalid || x.format == Format::SdJwt,
                    "{name}"
                );
                continue;
            }
            assert_eq!(x.verdict, Verdict::Invalid, "{name}: {:#?}", x.checks);
            assert!(detail(&x, "disclosures").contains(name));
        }
        // In a plain SD-JWT a disclosed exp is allowed, and still judged.
        let d = prop("s", "exp", json!(ts(2026, 1, 1)));
        let did = signer.did_jwk();
        let header = json!({"alg": "EdDSA", "typ": "example+sd-jwt", "kid": format!("{did}#0")});
        let text = sd(
            &signer.jws(&header, &json!({"iss": did, "_sd": [dg(&d)]})),
            &[d],
        );
        let x = examine(&text, &env()).unwrap();
        assert_eq!(
            (x.verdict, x.format, x.status),
            (Verdict::Valid, Format::SdJwt, Status::Expired)
        );
    }

    #[test]
    fn every_changed_byte_of_the_signed_part_is_refused() {
        let signer = Signer::p256(9);
        let (text, _) = sample(&signer);
        let jwt = text.split('~').next().unwrap();
        let (head, rest) = text.split_at(jwt.len());
        let payload_start = jwt.find('.').unwrap() + 1;
        let sig_start = jwt.rfind('.').unwrap() + 1;
        let mut judged = 0;
        for i in (payload_start..sig_start - 1)
            .step_by(7)
            .chain(sig_start..jwt.len())
        {
            let mut bytes = head.as_bytes().to_vec();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let tampered = format!("{}{rest}", String::from_utf8(bytes).unwrap());
            if let Ok(x) = examine(&tampered, &env()) {
                assert_eq!(x.verdict, Verdict::Invalid, "byte {i}");
                judged += 1;
            }
        }
        assert!(judged > 50, "{judged}");
    }

    #[test]
    fn issuer_keys_are_found_offline_or_reported_unknown() {
        let ed = Signer::ed(10);
        let p = Signer::p256(11);
        let payload =
            |iss: &str| json!({"iss": iss, "vct": "https://example.org/t", "iat": ts(2026, 1, 1)});
        let run = |s: &Signer, header: Value, iss: &str| {
            examine(&sd(&s.jws(&header, &payload(iss)), &[]), &env()).unwrap()
        };
        // kid = did:key URL; iss the same DID.
        for s in [&ed, &p] {
            let did = s.did_key();
            let mb = did.trim_start_matches("did:key:");
            let x = run(
                s,
                json!({"alg": s.alg(), "typ": "dc+sd-jwt", "kid": format!("{did}#{mb}")}),
                &did,
            );
            assert_eq!(x.verdict, Verdict::Valid, "{:#?}", x.checks);
            // No kid: the DID issuer's own key; a relative kid works too.
            let x = run(s, json!({"alg": s.alg()}), &s.did_jwk());
            assert_eq!(x.verdict, Verdict::Valid, "{:#?}", x.checks);
            assert_eq!(x.format, Format::SdJwt);
            let x = run(s, json!({"alg": s.alg(), "kid": "#0"}), &s.did_jwk());
            assert_eq!(x.verdict, Verdict::Valid, "{:#?}", x.checks);
        }
        // The signing key is not the issuer's.
        let x = run(
            &ed,
            json!({"alg": "EdDSA", "kid": format!("{}#0", ed.did_jwk())}),
            &p.did_jwk(),
        );
        assert_eq!(x.verdict, Verdict::Invalid);
        assert_eq!(result(&x, "issuer-key"), CheckResult::Fail);
        assert_eq!(result(&x, "signature"), CheckResult::Pass);
        // A kid of another DID, even one that cannot be resolved offline.
        let x = run(
            &ed,
            json!({"alg": "EdDSA", "kid": "did:web:elsewhere.example#k"}),
            &ed.did_jwk(),
        );
        assert_eq!(
            (x.verdict, result(&x, "issuer-key"), result(&x, "signature")),
            (Verdict::Invalid, CheckResult::Fail, CheckResult::Unknown)
        );
        // Signed by another key than the issuer DID's.
        let x = run(&ed, json!({"alg": "EdDSA"}), &Signer::ed(12).did_jwk());
        assert_eq!(
            (x.verdict, result(&x, "signature")),
            (Verdict::Invalid, CheckResult::Fail)
        );
        // Algorithm and key type disagree.
        let x = run(&ed, json!({"alg": "ES256"}), &ed.did_jwk());
        assert_eq!(
            (x.verdict, result(&x, "signature")),
            (Verdict::Invalid, CheckResult::Fail)
        );
        // A broken DID.
        let x = run(&ed, json!({"alg": "EdDSA"}), "did:jwk:bm90IGEga2V5");
        assert_eq!(
            (x.verdict, result(&x, "issuer-key")),
            (Verdict::Invalid, CheckResult::Fail)
        );
        // Keys that cannot be had offline: unknown, never invalid.
        for (header, iss) in [
            (
                json!({"alg": "ES256", "x5c": ["MIIB"]}),
                "https://issuer.example.org".to_owned(),
            ),
            (
                json!({"alg": "ES256", "kid": "key-1"}),
                "https://issuer.example.org".to_owned(),
            ),
            (
                json!({"alg": "ES256"}),
                "did:web:issuer.example.org".to_owned(),
            ),
            (
                json!({"alg": "ES256", "kid": "did:web:issuer.example.org#k1"}),
                "did:web:issuer.example.org".to_owned(),
            ),
            (json!({"alg": "ES256"}), "urn:example:issuer".to_owned()),
            // A did:key of a known type Tessera cannot check (secp256k1).
            (
                json!({"alg": "ES256"}),
                format!(
                    "did:key:{}",
                    did::multibase_encode(&[&[0xe7u8, 0x01][..], &[2u8; 33][..]].concat())
                ),
            ),
        ] {
            let x = run(&p, header.clone(), &iss);
            assert_eq!(
                x.verdict,
                Verdict::Unknown,
                "{header} {iss}: {:#?}",
                x.checks
            );
            assert_eq!(result(&x, "signature"), CheckResult::Unknown);
            assert!(
                detail(&x, "signature").contains("could not check"),
                "{}",
                detail(&x, "signature")
            );
        }
        let x = examine(
            &sd(&p.jws(&json!({"alg": "ES256"}), &json!({"vct": "x"})), &[]),
            &env(),
        )
        .unwrap();
        assert_eq!(x.verdict, Verdict::Unknown);
        // verify_with_key: the caller's key.
        let text = sd(
            &p.jws(
                &json!({"alg": "ES256"}),
                &payload("https://issuer.example.org"),
            ),
            &[],
        );
        let x = verify_with_key(&text, &p.public(), &env()).unwrap();
        assert_eq!(x.verdict, Verdict::Valid, "{:#?}", x.checks);
        let x = verify_with_key(&text, &Signer::p256(13).public(), &env()).unwrap();
        assert_eq!(x.verdict, Verdict::Invalid);
    }

    #[test]
    fn issuer_metadata_urls_follow_the_sd_jwt_vc_draft() {
        assert_eq!(
            issuer_metadata_url("https://issuer.example.org"),
            "https://issuer.example.org/.well-known/jwt-vc-issuer"
        );
        assert_eq!(
            issuer_metadata_url("https://example.org/tenant/1/"),
            "https://example.org/.well-known/jwt-vc-issuer/tenant/1"
        );
    }

    #[test]
    fn algorithms_other_than_eddsa_and_es256_are_refused() {
        let s = Signer::ed(14);
        let p = json!({"iss": s.did_jwk()});
        for alg in ["none", ""] {
            let input = format!(
                "{}.{}.",
                jose::b64url(json!({"alg": alg}).to_string().as_bytes()),
                jose::b64url(p.to_string().as_bytes())
            );
            let x = examine(&format!("{input}~"), &env()).unwrap();
            assert_eq!(
                (x.verdict, result(&x, "signature")),
                (Verdict::Invalid, CheckResult::Fail),
                "{alg}"
            );
        }
        for alg in ["RS256", "HS256", "ES384", "PS256"] {
            let text = sd(&s.jws(&json!({"alg": alg}), &p), &[]);
            match examine(&text, &env()) {
                Err(CoreError::Unsupported { what }) => assert!(what.contains(alg), "{what}"),
                other => panic!("{alg}: {other:?}"),
            }
        }
        // Critical header parameters Tessera does not know.
        let text = sd(
            &s.jws(&json!({"alg": "EdDSA", "crit": ["b64"], "b64": false}), &p),
            &[],
        );
        assert_eq!(examine(&text, &env()).unwrap().verdict, Verdict::Invalid);
    }

    #[test]
    fn only_sha_256_digests_are_supported() {
        let s = Signer::ed(15);
        let d = prop("s", "a", 1.into());
        let payload = json!({"_sd_alg": "sha-512", "_sd": [dg(&d)]});
        match examine(&s.issue(payload.clone(), std::slice::from_ref(&d)), &env()) {
            Err(CoreError::Unsupported { what }) => assert!(what.contains("sha-512"), "{what}"),
            other => panic!("{other:?}"),
        }
        // With a signature that fails it is simply invalid.
        let text = s.issue(payload, &[d]);
        let jwt = text.split('~').next().unwrap();
        let other = Signer::ed(16).issue(json!({}), &[]);
        let forged = text.replace(
            jwt.rsplit('.').next().unwrap(),
            other.split('~').next().unwrap().rsplit('.').next().unwrap(),
        );
        let x = examine(&forged, &env()).unwrap();
        assert_eq!(x.verdict, Verdict::Invalid);
        assert_eq!(result(&x, "disclosures"), CheckResult::Unknown);
        // sha-256 spelled out is the default.
        let d = prop("s", "a", 1.into());
        let x = examine(
            &s.issue(json!({"_sd_alg": "sha-256", "_sd": [dg(&d)]}), &[d]),
            &env(),
        )
        .unwrap();
        assert_eq!(x.verdict, Verdict::Valid);
    }

    #[test]
    fn validity_dates_and_status_lists() {
        let s = Signer::ed(17);
        let case = |extra: Value| {
            let mut p = json!({"vct": "https://example.org/t"});
            for (k, v) in extra.as_object().unwrap() {
                p[k] = v.clone();
            }
            let x = examine(&s.issue(p, &[]), &env()).unwrap();
            assert_eq!(x.verdict, Verdict::Valid, "{:#?}", x.checks);
            assert_eq!(status_at(&x, env().now), x.status, "status_at agrees");
            x
        };
        let x = case(json!({"iat": ts(2025, 1, 1), "exp": ts(2026, 6, 30)}));
        assert_eq!(
            (x.status, result(&x, "validity")),
            (Status::Expired, CheckResult::Fail)
        );
        assert!(detail(&x, "validity").contains("30 June 2026"));
        let x = case(json!({"iat": ts(2026, 1, 1), "nbf": ts(2028, 2, 29)}));
        assert_eq!(x.status, Status::NotYetValid);
        assert_eq!(x.facts.valid_from.as_deref(), Some("2028-02-29T00:00:00Z"));
        let x = case(json!({"iat": ts(2026, 1, 1) as f64 + 0.5, "exp": ts(2030, 1, 1)}));
        assert_eq!(x.status, Status::Active);
        assert_eq!(x.facts.issued.as_deref(), Some("2026-01-01T00:00:00Z"));
        let x = case(json!({"exp": "2030-01-01"}));
        assert_eq!(
            (x.status, result(&x, "validity")),
            (Status::Unknown, CheckResult::Fail)
        );
        assert!(x.facts.unreadable_dates);
        let x = case(json!({"iat": 1e300}));
        assert_eq!(x.status, Status::Unknown);
        let x = case(json!({}));
        assert_eq!(x.status, Status::Active);
        let x = case(
            json!({"iat": ts(2026, 1, 1), "status": {"status_list": {"idx": 7, "uri": "https://example.org/sl/1"}}}),
        );
        assert_eq!(x.status, Status::Unknown);
        let st = x.checks.iter().find(|c| c.check == "status").unwrap();
        assert_eq!(
            (st.result, st.purpose.as_deref()),
            (CheckResult::Unknown, Some("revocation"))
        );
        assert!(st.detail.contains("https://example.org/sl/1"));
        // Expired wins over an unchecked status list.
        let x = case(
            json!({"exp": ts(2026, 1, 1), "status": {"status_list": {"idx": 7, "uri": "https://example.org/sl/1"}}}),
        );
        assert_eq!(x.status, Status::Expired);
    }

    #[test]
    fn facts_from_other_claim_names() {
        let s = Signer::ed(18);
        let p = json!({
            "vct": "https://example.org/t",
            "achievement": {"id": "urn:uuid:1", "name": "Welding basics"},
            "issuing_authority": "Chamber of Crafts",
            "issuing_country": "AT",
            "workload": {"ects": "2.5"},
            "level": "http://data.europa.eu/snb/eqf/4",
            "skills": [{"id": "http://data.europa.eu/esco/skill/x"}, "not a uri", 5],
            "credentialSubject": {"given_name": "Jo", "family_name": "Bauer"},
            "issuance_date": "2026-05-05",
            "learning_outcomes": ["Welds safely"],
            "assessment": "practical exam",
            "jti": "urn:uuid:cred-1",
        });
        let x = examine(&s.issue(p, &[]), &env()).unwrap();
        let f = &x.facts;
        assert_eq!(f.title, "Welding basics");
        assert_eq!(f.achievement_id.as_deref(), Some("urn:uuid:1"));
        assert_eq!(f.issuer_name.as_deref(), Some("Chamber of Crafts"));
        assert_eq!(
            (f.credits, f.credit_unit.as_deref()),
            (Some(2.5), Some("ECTS"))
        );
        assert_eq!(f.eqf_level, Some(4));
        assert_eq!(f.skills, ["http://data.europa.eu/esco/skill/x"]);
        assert_eq!(f.learner.as_deref(), Some("Jo Bauer"));
        assert_eq!(f.issued.as_deref(), Some("2026-05-05T00:00:00Z"));
        assert_eq!(f.credential_id.as_deref(), Some("urn:uuid:cred-1"));
        assert_eq!(x.critical.country.value, "AT");
        assert!(x.critical.learning_outcomes.present && x.critical.assessment.present);
        assert!(!x.critical.participation.present);

        // Credits without a unit; sub as the learner; no title.
        let p = json!({"credits": 3, "eqf_level": 9, "sub": "did:example:ana", "title": "  "});
        let x = examine(&s.issue(p, &[]), &env()).unwrap();
        assert_eq!(
            (x.facts.credits, x.facts.credit_unit.as_deref()),
            (Some(3.0), None)
        );
        assert!(!x.critical.workload.present);
        assert_eq!(x.facts.eqf_level, None);
        assert_eq!(x.facts.learner.as_deref(), Some("did:example:ana"));
        assert_eq!(x.facts.title, "Untitled credential");
        assert!(!x.critical.title.present);
        let p = json!({"credit_points": 30, "credit_unit": "hours", "eqf_level": "EQF 5"});
        let x = examine(&s.issue(p, &[]), &env()).unwrap();
        assert_eq!(x.facts.credit_unit.as_deref(), Some("hours"));
        assert_eq!(x.facts.eqf_level, Some(5));
    }

    #[test]
    fn presentations_and_serialisation_edges() {
        let s = Signer::ed(19);
        let (text, _) = sample(&s);
        // A Key Binding JWT after the last '~' is accepted and ignored.
        let kb = s.jws(
            &json!({"alg": "EdDSA", "typ": "kb+jwt"}),
            &json!({"nonce": "n"}),
        );
        let x = examine(&format!("{text}{kb}"), &env()).unwrap();
        assert_eq!(x.verdict, Verdict::Valid);
        // Surrounding whitespace is fine; a last part that is no JWT is not.
        assert!(examine(&format!("\n {text}\r\n"), &env()).is_ok());
        let cut = text.trim_end_matches('~');
        assert!(matches!(
            examine(cut, &env()),
            Err(CoreError::Unrecognised { .. })
        ));
        // Through the format detection of the core.
        let x = crate::verify::examine(text.as_bytes(), &env()).unwrap();
        assert_eq!(x.format, Format::SdJwtVc);
    }

    #[test]
    fn malformed_input_is_an_error_never_a_panic() {
        let s = Signer::ed(20);
        let (text, _) = sample(&s);
        let b = |v: &str| jose::b64url(v.as_bytes());
        let header = b("{\"alg\":\"EdDSA\"}");
        let inputs = [
            "~".to_owned(),
            "~~".to_owned(),
            "a.b.c~".to_owned(),
            "..~".to_owned(),
            "x~y~z".to_owned(),
            format!("{header}.{}.AA~", b("[1,2]")),
            format!("{header}.{}.AA~", b("\"text\"")),
            format!("{header}.{}.AA~", b("{")),
            format!("{}.{}.AA~", b("[]"), b("{}")),
            format!("{}.{}.AA~", b("{\"alg\":5}"), b("{}")),
            format!("{header}.{}.!!~", b("{}")),
            "é~é".to_owned(),
            "\u{0}~\u{0}".to_owned(),
        ];
        for input in &inputs {
            let _ = examine(input, &env());
            let _ = crate::verify::examine(input.as_bytes(), &env());
        }
        // Every prefix of a real SD-JWT, and single-byte changes all along it.
        for i in (0..text.len()).step_by(3) {
            let _ = examine(&text[..i], &env());
            let mut bytes = text.as_bytes().to_vec();
            for c in [b'~', b'.', b'A', b'_'] {
                bytes[i] = c;
                if let Ok(t) = std::str::from_utf8(&bytes) {
                    if let Ok(x) = examine(t, &env()) {
                        assert_ne!(x.verdict, Verdict::Unsigned);
                    }
                }
            }
        }
        // Disclosures nested beyond any sensible depth: an error, no stack overflow.
        let mut inner = prop("s", "leaf", 1.into());
        let mut all = vec![inner.clone()];
        for i in 0..200 {
            inner = prop(
                &format!("s{i}"),
                &format!("n{i}"),
                json!({"_sd": [dg(&inner)]}),
            );
            all.push(inner.clone());
        }
        let deep = s.issue(json!({"_sd": [dg(&inner)]}), &all);
        assert!(matches!(
            examine(&deep, &env()),
            Err(CoreError::Unrecognised { .. })
        ));
        // Many unreferenced disclosures: one clear message, not thousands.
        let many: Vec<String> = (0..2000)
            .map(|i| prop(&i.to_string(), "x", i.into()))
            .collect();
        let x = examine(&s.issue(json!({}), &many), &env()).unwrap();
        assert_eq!(x.verdict, Verdict::Invalid);
        assert!(detail(&x, "disclosures").len() < 1000);
        assert!(detail(&x, "disclosures").contains("and 1995 more"));
    }
}
