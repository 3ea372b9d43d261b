//! The online half of Open Badges 2.0 verification (OB 2.0 "Verification"): a hosted
//! assertion is fetched from its `id` and compared; a signed one's key is fetched from
//! `verification.creator`, and the issuer Profile (fetched from its own `id`) must list it;
//! the issuer's `revocationList` says whether the badge was revoked. Everything goes through
//! [`crate::net::Fetch`], so offline the last cached copies are used with their age, and with
//! none the checks are `unknown`.

use serde_json::Value;

use crate::model::{Check, CheckResult};
use crate::net::{provenance, FetchError, Fetched, Resource};
use crate::verify::{check, Env};

use super::{id_of, text};

/// A JSON document from the web, with when it was fetched.
pub(super) fn fetch_json(url: &str, env: &Env) -> Result<(Value, Fetched), String> {
    let f = env
        .net
        .fetch(url, Resource::Ob2Document)
        .map_err(|e| e.sentence())?;
    let v: Value = serde_json::from_slice(&f.body)
        .map_err(|e| format!("the document at {url} is not JSON ({e})"))?;
    if !v.is_object() {
        return Err(format!("the document at {url} is not a JSON object"));
    }
    Ok((v, f))
}

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&url[..scheme.len() + 3 + end])
}

/// The BadgeClass and issuer Profile an assertion points to: embedded objects as given,
/// URLs fetched. The Profile is always taken from its own address when it has an https
/// one (it is the issuer's word on its keys and revocations), with the time it was fetched.
pub(super) struct Linked {
    pub class: Option<Value>,
    pub issuer_id: Option<String>,
    pub profile: Result<(Value, Fetched), String>,
}

pub(super) fn linked(doc: &Value, env: &Env) -> Linked {
    let class = match doc.get("badge") {
        Some(Value::Object(_)) => doc.get("badge").cloned(),
        Some(Value::String(u)) => fetch_json(u, env).ok().map(|(v, _)| v),
        _ => None,
    };
    let issuer_id = class.as_ref().and_then(|c| id_of(c.get("issuer")));
    let profile = match &issuer_id {
        Some(id) if id.starts_with("https://") => fetch_json(id, env),
        Some(id) => Err(format!(
            "the issuer's profile {id} is not at an https address"
        )),
        None => Err("the badge does not say who issued it".to_owned()),
    };
    Linked {
        class,
        issuer_id,
        profile,
    }
}

/// The assertion with its BadgeClass and issuer Profile filled in (for the facts shown).
pub(super) fn enriched(doc: &Value, l: &Linked) -> Value {
    let mut out = doc.clone();
    if let Some(class) = &l.class {
        let mut class = class.clone();
        if let (Ok((p, _)), Some(obj)) = (&l.profile, class.as_object_mut()) {
            if !obj.get("issuer").is_some_and(Value::is_object) {
                obj.insert("issuer".into(), p.clone());
            }
        }
        out["badge"] = class;
    }
    out
}

fn status(result: CheckResult, detail: String, env: &Env) -> Check {
    let mut c = check("status", result, detail, env);
    c.purpose = Some("revocation".to_owned());
    c
}

/// The `status` check from the issuer's revocation list, when its profile names one.
pub(super) fn revocation(assertion_id: Option<&str>, l: &Linked, env: &Env) -> Option<Check> {
    let (profile, _) = l.profile.as_ref().ok()?;
    let list_url = text(profile.get("revocationList"))?;
    let Some(id) = assertion_id else {
        return Some(status(
            CheckResult::Unknown,
            "Not checked: the badge has no id to look up in the issuer's revocation list."
                .to_owned(),
            env,
        ));
    };
    Some(match fetch_json(&list_url, env) {
        Err(e) => status(
            CheckResult::Unknown,
            format!("Not checked: whether the issuer revoked it is read from its revocation list at {list_url}, and {e}."),
            env,
        ),
        Ok((list, f)) => {
            let revoked = super::many(list.get("revokedAssertions"))
                .into_iter()
                .find(|r| id_of(Some(r)).as_deref() == Some(id));
            let when = provenance(&f, env.now);
            let mut c = match revoked {
                Some(r) => status(
                    CheckResult::Fail,
                    format!(
                        "{}: the issuer's revocation list ({list_url}) lists it, {when}.{}",
                        if f.fresh { "Revoked" } else { "Last known: revoked" },
                        text(r.get("revocationReason"))
                            .map(|x| format!(" Reason given: {x}"))
                            .unwrap_or_default()
                    ),
                    env,
                ),
                None => status(
                    CheckResult::Pass,
                    format!(
                        "{}: the issuer's revocation list ({list_url}) does not list it, {when}.",
                        if f.fresh { "Not revoked" } else { "Last known: not revoked" }
                    ),
                    env,
                ),
            };
            c.checked_at = crate::normalize::rfc3339(f.fetched_at);
            c
        }
    })
}

/// Signature and issuer-key judgements of a signed assertion whose key document is at
/// `creator`.
pub(super) fn signed_checks(
    jws: &crate::jose::CompactJws,
    creator: &str,
    l: &Linked,
    env: &Env,
) -> (Check, Check) {
    let alg = jws.alg().to_owned();
    let unknown = |why: String| {
        (
            check(
                "signature",
                CheckResult::Unknown,
                format!("Not checked: the badge is signed ({alg}) with a key published at {creator}, and {why}."),
                env,
            ),
            check(
                "issuer-key",
                CheckResult::Unknown,
                format!("Not checked: whether the key at {creator} belongs to the issuer could not be checked ({why})."),
                env,
            ),
        )
    };
    let (keydoc, f) = match fetch_json(creator, env) {
        Ok(x) => x,
        Err(e) => return unknown(e),
    };
    let when = provenance(&f, env.now);
    let Some(pem) = text(keydoc.get("publicKeyPem")) else {
        return unknown(format!("the key document at {creator} has no publicKeyPem"));
    };
    let key = match super::public_key_from_pem(&pem) {
        Ok(k) => k,
        Err(e) => return unknown(e.to_string()),
    };
    let signature = match jws.verify(&key) {
        Ok(true) => check(
            "signature",
            CheckResult::Pass,
            format!("The {alg} signature verifies with the issuer's key from {creator} (key {when})."),
            env,
        ),
        Ok(false) => check(
            "signature",
            CheckResult::Fail,
            "The signature does not match: the badge was changed after it was signed, or it was not signed with the key it names.".to_owned(),
            env,
        ),
        Err(e) => check(
            "signature",
            CheckResult::Fail,
            format!("The signature cannot be checked with the key it names: {e}."),
            env,
        ),
    };
    let owner = text(keydoc.get("owner"));
    let key_id = text(keydoc.get("id"));
    let issuer_key = match (&owner, &l.issuer_id) {
        _ if key_id.as_deref().is_some_and(|k| k != creator) => check(
            "issuer-key",
            CheckResult::Fail,
            format!("The key document at {creator} says it is another key ({}).", key_id.unwrap_or_default()),
            env,
        ),
        (None, _) => check(
            "issuer-key",
            CheckResult::Fail,
            format!("The key document at {creator} names no owner, so nothing ties it to the issuer."),
            env,
        ),
        (Some(o), Some(i)) if o != i => check(
            "issuer-key",
            CheckResult::Fail,
            format!("The key belongs to {o}, not to the badge's issuer {i}."),
            env,
        ),
        (Some(o), _) => match &l.profile {
            Err(e) => check(
                "issuer-key",
                CheckResult::Unknown,
                format!("Not checked: the key names {o} as its owner, but the issuer's profile could not be obtained ({e})."),
                env,
            ),
            Ok((p, pf)) => {
                let listed = super::many(p.get("publicKey"))
                    .into_iter()
                    .any(|k| id_of(Some(k)).as_deref() == Some(creator));
                if listed {
                    check(
                        "issuer-key",
                        CheckResult::Pass,
                        format!("The issuer's profile ({o}) lists this key as its own (profile {}).", provenance(pf, env.now)),
                        env,
                    )
                } else {
                    check(
                        "issuer-key",
                        CheckResult::Fail,
                        format!("The issuer's profile ({o}) does not list the key {creator} as its own."),
                        env,
                    )
                }
            }
        },
    };
    (signature, issuer_key)
}

/// Signature (the hosted copy) and issuer-key (hosted on the issuer's own site) judgements
/// of a hosted assertion, and a `status` check when the issuer has withdrawn it.
pub(super) fn hosted_checks(doc: &Value, l: &Linked, env: &Env) -> Vec<Check> {
    let Some(id) = text(doc.get("id")) else {
        return vec![check(
            "signature",
            CheckResult::Unknown,
            "Not checked: the badge does not say where it is hosted (no id), so it cannot be compared with the issuer's copy.".to_owned(),
            env,
        )];
    };
    let unknown = |why: String| {
        check(
            "signature",
            CheckResult::Unknown,
            format!("Not checked: the badge is checked by fetching it from the issuer at {id}, and {why}."),
            env,
        )
    };
    let f = match env.net.fetch(&id, Resource::Ob2Document) {
        Ok(f) => f,
        Err(e @ FetchError::Status { code: 410, .. }) => {
            return vec![
                unknown(e.sentence()),
                status(
                    CheckResult::Fail,
                    format!("Revoked: the issuer no longer hosts it ({id} answers 410 Gone), checked just now."),
                    env,
                ),
            ]
        }
        Err(e) => return vec![unknown(e.sentence())],
    };
    let copy: Value = match serde_json::from_slice(&f.body) {
        Ok(v @ Value::Object(_)) => v,
        _ => {
            return vec![unknown(format!(
                "the document at {id} is not a JSON object"
            ))]
        }
    };
    let when = provenance(&f, env.now);
    let differs: Vec<&str> = ["id", "recipient", "badge", "issuedOn", "expires"]
        .into_iter()
        .filter(|k| {
            let a = doc.get(*k);
            let b = copy.get(*k);
            match (a, b) {
                (Some(Value::Object(_)), Some(Value::String(s)))
                | (Some(Value::String(s)), Some(Value::Object(_))) => {
                    id_of(a).as_deref() != Some(s.as_str())
                        || id_of(b).as_deref() != Some(s.as_str())
                }
                _ => a != b,
            }
        })
        .collect();
    let mut out = vec![if differs.is_empty() {
        check(
            "signature",
            CheckResult::Pass,
            format!("The issuer's web site hosts this same badge at {id} (fetched {when})."),
            env,
        )
    } else {
        check(
            "signature",
            CheckResult::Fail,
            format!("The badge differs from the one the issuer hosts at {id} ({}), so it was changed or is not genuine.", differs.join(", ")),
            env,
        )
    }];
    let allowed: Vec<String> = l
        .profile
        .as_ref()
        .ok()
        .map(|(p, _)| {
            super::many(p.get("verification").and_then(|v| v.get("allowedOrigins")))
                .into_iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    out.push(match (&l.issuer_id, origin(&id)) {
        (Some(iss), Some(o)) if origin(iss) == Some(o) || allowed.iter().any(|a| a == o || o.ends_with(&format!("//{a}"))) => check(
            "issuer-key",
            CheckResult::Pass,
            format!("It is hosted on the issuer's own web site ({o})."),
            env,
        ),
        (Some(iss), Some(o)) => check(
            "issuer-key",
            CheckResult::Fail,
            format!("It is hosted at {o}, which is not the web site of its issuer {iss}."),
            env,
        ),
        _ => check(
            "issuer-key",
            CheckResult::Unknown,
            "Not checked: the badge's issuer could not be determined, so where it is hosted proves nothing.".to_owned(),
            env,
        ),
    });
    if copy.get("revoked").and_then(Value::as_bool) == Some(true) {
        out.push(status(
            CheckResult::Fail,
            format!(
                "Revoked: the issuer's hosted copy says so ({when}).{}",
                text(copy.get("revocationReason"))
                    .map(|r| format!(" Reason given: {r}"))
                    .unwrap_or_default()
            ),
            env,
        ));
    }
    out
}
