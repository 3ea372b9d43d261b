//! Trust registries the learner adds as files: lists of issuers someone vouches for.
//!
//! Two formats are read:
//! - the Digital Credentials Consortium's legacy `registry.json`:
//!   `{"meta": {"created", "updated"}, "registry": {"<issuer DID>": {"name", "location"?, "url"?}}}`
//!   (the file names no registry: the learner names it when adding it, or its file name is used);
//! - a Tessera issuer list:
//!   `{"type": "TesseraIssuerList", "name": "...", "issuers": [{"id": "...", "name": "...", "url"?, "location"?}]}`.
//!
//! A match gives the `registry` check `pass` and the registry's name for the issuer (not the
//! issuer's own claim); an issuer in no registry is a `warn`, never a failure.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::{CheckResult, Examined};
use crate::verify::{check, Env};

/// Largest registry file read.
pub const MAX_REGISTRY_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RegistryEntry {
    pub id: String,
    pub name: String,
    pub url: Option<String>,
    pub location: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Registry {
    /// The registry's name, shown with every match.
    pub name: String,
    /// `dcc-legacy` or `tessera`.
    pub format: String,
    pub entries: Vec<RegistryEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    #[error("the registry file is {size} bytes; Tessera reads registries up to {max} bytes")]
    TooLarge { size: usize, max: usize },
    #[error("the registry file is not valid JSON: {reason}")]
    NotJson { reason: String },
    #[error("this is not a trust registry Tessera reads: {reason}")]
    Unrecognised { reason: String },
    #[error("the registry's entry {entry} is not usable: {reason}")]
    BadEntry { entry: String, reason: String },
    #[error("the registry lists no issuers")]
    Empty,
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn entry(id: &str, body: &Map<String, Value>) -> Result<RegistryEntry, RegistryError> {
    let bad = |reason: &str| RegistryError::BadEntry {
        entry: id.to_owned(),
        reason: reason.to_owned(),
    };
    if id.trim().is_empty() {
        return Err(bad("it has an empty issuer id"));
    }
    let name = text(body.get("name")).ok_or_else(|| bad("it has no name"))?;
    Ok(RegistryEntry {
        id: id.to_owned(),
        name,
        url: text(body.get("url")),
        location: text(body.get("location")),
    })
}

/// Parses a registry file. `fallback_name` names a registry whose file names none (the DCC
/// legacy format).
pub fn parse(bytes: &[u8], fallback_name: &str) -> Result<Registry, RegistryError> {
    if bytes.len() > MAX_REGISTRY_BYTES {
        return Err(RegistryError::TooLarge {
            size: bytes.len(),
            max: MAX_REGISTRY_BYTES,
        });
    }
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| RegistryError::NotJson {
        reason: e.to_string(),
    })?;
    let Some(obj) = doc.as_object() else {
        return Err(RegistryError::Unrecognised {
            reason: "it is not a JSON object".to_owned(),
        });
    };
    let (name, format, entries) = if let Some(reg) = obj.get("registry") {
        let Some(map) = reg.as_object() else {
            return Err(RegistryError::Unrecognised {
                reason: "its \"registry\" is not an object of issuer ids".to_owned(),
            });
        };
        let mut entries = Vec::new();
        for (id, body) in map {
            let body = body.as_object().ok_or_else(|| RegistryError::BadEntry {
                entry: id.clone(),
                reason: "it is not an object".to_owned(),
            })?;
            entries.push(entry(id, body)?);
        }
        (
            text(obj.get("name")).unwrap_or_else(|| fallback_name.to_owned()),
            "dcc-legacy",
            entries,
        )
    } else if obj.get("type").and_then(Value::as_str) == Some("TesseraIssuerList") {
        let name = text(obj.get("name")).ok_or_else(|| RegistryError::Unrecognised {
            reason: "the issuer list has no \"name\"".to_owned(),
        })?;
        let Some(list) = obj.get("issuers").and_then(Value::as_array) else {
            return Err(RegistryError::Unrecognised {
                reason: "the issuer list has no \"issuers\" array".to_owned(),
            });
        };
        let mut entries = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let body = item.as_object().ok_or_else(|| RegistryError::BadEntry {
                entry: format!("number {}", i + 1),
                reason: "it is not an object".to_owned(),
            })?;
            let id = text(body.get("id")).ok_or_else(|| RegistryError::BadEntry {
                entry: format!("number {}", i + 1),
                reason: "it has no \"id\"".to_owned(),
            })?;
            entries.push(entry(&id, body)?);
        }
        (name, "tessera", entries)
    } else {
        return Err(RegistryError::Unrecognised {
            reason: "it has neither a \"registry\" object (DCC registry.json) nor \"type\": \"TesseraIssuerList\"".to_owned(),
        });
    };
    if entries.is_empty() {
        return Err(RegistryError::Empty);
    }
    Ok(Registry {
        name,
        format: format.to_owned(),
        entries,
    })
}

/// The first registry (in the order given: most authoritative first) listing `issuer`.
pub fn lookup<'r>(
    registries: &'r [Registry],
    issuer: &str,
) -> Option<(&'r Registry, &'r RegistryEntry)> {
    registries
        .iter()
        .find_map(|r| r.entries.iter().find(|e| e.id == issuer).map(|e| (r, e)))
}

/// Adds the `registry` check to an examined credential: `pass` with the registry's name
/// for the issuer when listed (and that name becomes the issuer name shown, the issuer's
/// own claim kept in `issuerClaimedName`), `warn` when not.
pub fn apply(examined: &mut Examined, env: &Env) {
    let issuer = examined.facts.issuer.clone();
    let c = match lookup(env.registries, &issuer) {
        Some((reg, e)) => {
            if examined.facts.issuer_name.as_deref() != Some(e.name.as_str()) {
                examined.facts.issuer_claimed_name = examined.facts.issuer_name.take();
            }
            examined.facts.issuer_name = Some(e.name.clone());
            examined.facts.registry = Some(reg.name.clone());
            check(
                "registry",
                CheckResult::Pass,
                format!("Listed in the trust registry \"{}\" as {}.", reg.name, e.name),
                env,
            )
        }
        None if env.registries.is_empty() => check(
            "registry",
            CheckResult::Warn,
            "Not looked up: you have not added any trust registry, so nothing here says the issuer is a recognised one.".to_owned(),
            env,
        ),
        None => check(
            "registry",
            CheckResult::Warn,
            format!(
                "The issuer {issuer} is not in any of your trust registries ({}). That does not make it fake; it means no registry you use vouches for it.",
                env.registries
                    .iter()
                    .map(|r| r.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            env,
        ),
    };
    examined.checks.push(c);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_formats_and_names_bad_entries() {
        let dcc = br#"{"meta": {"created": "2022-10-27T17:57:31+00:00"}, "registry": {
            "did:key:z6Mkabc": {"name": "Example University", "location": "Cambridge", "url": "https://example.edu"},
            "did:web:example.org": {"name": "Example Org"}}}"#;
        let r = parse(dcc, "DCC Sandbox").unwrap();
        assert_eq!(
            (r.name.as_str(), r.format.as_str(), r.entries.len()),
            ("DCC Sandbox", "dcc-legacy", 2)
        );
        assert_eq!(
            lookup(std::slice::from_ref(&r), "did:web:example.org")
                .unwrap()
                .1
                .name,
            "Example Org"
        );
        assert!(lookup(&[r], "did:web:other.org").is_none());

        let t = br#"{"type": "TesseraIssuerList", "name": "My school list", "issuers": [{"id": "https://uni.example", "name": "Uni"}]}"#;
        let r = parse(t, "ignored").unwrap();
        assert_eq!(
            (r.name.as_str(), r.format.as_str()),
            ("My school list", "tessera")
        );

        let cases: [(&[u8], &str); 6] = [
            (b"nope", "not valid JSON"),
            (b"[]", "not a JSON object"),
            (b"{}", "neither"),
            (
                br#"{"registry": {"did:x": {"url": "u"}}}"#,
                "did:x is not usable: it has no name",
            ),
            (br#"{"registry": {}}"#, "lists no issuers"),
            (
                br#"{"type": "TesseraIssuerList", "name": "n", "issuers": [{"name": "x"}]}"#,
                "number 1 is not usable: it has no \"id\"",
            ),
        ];
        for (bytes, want) in cases {
            let e = parse(bytes, "x").unwrap_err().to_string();
            assert!(e.contains(want), "{e}");
        }
    }
}
