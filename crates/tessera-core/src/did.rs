//! Decentralised identifiers: `did:key` (Ed25519, P-256) and `did:jwk` resolve offline;
//! `did:web` documents come through [`crate::net::Fetch`] (fetched when online checks are
//! on, from the wallet's cache otherwise) with the time they were fetched.

use ed25519_dalek::VerifyingKey;

use crate::jose::{b64url_decode, PublicKey};

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum DidError {
    #[error("{id} is not a did:key")]
    NotDidKey { id: String },
    #[error("{id} is not a valid did:key: {reason}")]
    Malformed { id: String, reason: String },
    #[error("{id} uses a key type Tessera cannot check (did:key supports Ed25519 and P-256)")]
    UnsupportedKeyType { id: String },
    #[error("{url} does not name a key of {did}")]
    FragmentMismatch { url: String, did: String },
    /// The DID document could not be obtained (offline, no cache, network error): could
    /// not check.
    #[error("the DID document of {id} could not be obtained: {reason}")]
    Unavailable { id: String, reason: String },
    /// The DID document was obtained and is not usable: checked, invalid.
    #[error("the DID document of {id} is not usable: {reason}")]
    BadDocument { id: String, reason: String },
    /// The DID document does not list the key for issuing (`assertionMethod`).
    #[error("the DID document of {did} does not list {url} as a key for issuing credentials")]
    KeyNotListed { url: String, did: String },
}

impl DidError {
    /// True when the key could not be obtained at all (a check is `unknown`, not `fail`).
    pub fn could_not_check(&self) -> bool {
        matches!(
            self,
            DidError::NotDidKey { .. } | DidError::Unavailable { .. }
        )
    }
}

const ED25519_PUB: [u8; 2] = [0xed, 0x01];
/// Multicodec `p256-pub` (0x1200) as an unsigned varint.
const P256_PUB: [u8; 2] = [0x80, 0x24];

/// The DID part of a DID URL (before `#` or `?`).
pub fn did_of(url: &str) -> &str {
    url.split(['#', '?']).next().unwrap_or(url)
}

/// Decodes a base58btc multibase (`z...`) string.
pub fn multibase_decode(value: &str) -> Result<Vec<u8>, String> {
    let rest = value
        .strip_prefix('z')
        .ok_or_else(|| "only base58btc multibase ('z') is supported".to_owned())?;
    bs58::decode(rest)
        .into_vec()
        .map_err(|e| format!("bad base58: {e}"))
}

pub fn multibase_encode(bytes: &[u8]) -> String {
    format!("z{}", bs58::encode(bytes).into_string())
}

/// The Ed25519 public key of a DID or DID URL that resolves offline (see
/// [`resolve_offline`]). A fragment, when present, must name the DID's own key.
pub fn resolve_did_key(url: &str) -> Result<VerifyingKey, DidError> {
    match resolve_offline(url)? {
        PublicKey::Ed25519(k) => Ok(k),
        _ => Err(DidError::UnsupportedKeyType {
            id: did_of(url).to_owned(),
        }),
    }
}

/// The public key of a DID or DID URL that resolves offline: `did:key` (Ed25519 and
/// P-256, compressed) and `did:jwk`. Other methods are [`DidError::NotDidKey`] (they need
/// a network or a cache: "could not check", not "invalid").
pub fn resolve_offline(url: &str) -> Result<PublicKey, DidError> {
    let did = did_of(url);
    if let Some(encoded) = did.strip_prefix("did:jwk:") {
        let malformed = |reason: String| DidError::Malformed {
            id: did.to_owned(),
            reason,
        };
        if let Some((_, fragment)) = url.split_once('#') {
            if fragment != "0" {
                return Err(DidError::FragmentMismatch {
                    url: url.to_owned(),
                    did: did.to_owned(),
                });
            }
        }
        let bytes = b64url_decode(encoded, "did:jwk").map_err(|e| malformed(e.to_string()))?;
        let jwk: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| malformed(e.to_string()))?;
        if jwk.get("d").is_some() {
            return Err(malformed("it contains a private key".into()));
        }
        return PublicKey::from_jwk(&jwk).map_err(|e| malformed(e.to_string()));
    }
    let mb = did
        .strip_prefix("did:key:")
        .ok_or_else(|| DidError::NotDidKey { id: url.to_owned() })?;
    if let Some((_, fragment)) = url.split_once('#') {
        if fragment != mb {
            return Err(DidError::FragmentMismatch {
                url: url.to_owned(),
                did: did.to_owned(),
            });
        }
    }
    let bytes = multibase_decode(mb).map_err(|reason| DidError::Malformed {
        id: did.to_owned(),
        reason,
    })?;
    let malformed = |reason: String| DidError::Malformed {
        id: did.to_owned(),
        reason,
    };
    key_from_multicodec(&bytes).map_err(|e| match e {
        None => DidError::UnsupportedKeyType { id: did.to_owned() },
        Some(reason) => malformed(reason),
    })
}

/// A multicodec-prefixed public key: Ed25519 or compressed P-256. `Err(None)`: another
/// key type.
fn key_from_multicodec(bytes: &[u8]) -> Result<PublicKey, Option<String>> {
    let malformed = |reason: String| Some(reason);
    match bytes.get(..2) {
        Some(codec) if codec == P256_PUB => p256::ecdsa::VerifyingKey::from_sec1_bytes(&bytes[2..])
            .map(PublicKey::P256)
            .map_err(|e| malformed(format!("not a P-256 point: {e}"))),
        Some(codec) if codec == ED25519_PUB => {
            let key: [u8; 32] = bytes[2..].try_into().map_err(|_| {
                malformed(format!(
                    "an Ed25519 key is 32 bytes, this one is {}",
                    bytes.len() - 2
                ))
            })?;
            VerifyingKey::from_bytes(&key)
                .map(PublicKey::Ed25519)
                .map_err(|e| malformed(e.to_string()))
        }
        _ => Err(None),
    }
}

/// A resolved key and, for a fetched DID document, where and when it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub key: PublicKey,
    /// For `did:web`: "DID document fetched just now" / "... last checked 3 days ago (...)".
    pub source: Option<String>,
}

/// The `https` address of a `did:web` DID's document (did:web method specification:
/// `did:web:host%3Aport:path:seg` → `https://host:port/path/seg/did.json`, no path →
/// `/.well-known/did.json`).
pub fn web_url(did: &str) -> Result<String, DidError> {
    let malformed = |reason: &str| DidError::Malformed {
        id: did.to_owned(),
        reason: reason.to_owned(),
    };
    let msid = did
        .strip_prefix("did:web:")
        .ok_or_else(|| DidError::NotDidKey { id: did.to_owned() })?;
    let mut parts = msid.split(':');
    let host = parts
        .next()
        .unwrap_or_default()
        .replace("%3A", ":")
        .replace("%3a", ":");
    if host.is_empty()
        || !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
    {
        return Err(malformed("its host is not a valid domain name"));
    }
    let path: Vec<&str> = parts.collect();
    for seg in &path {
        if seg.is_empty()
            || *seg == "."
            || *seg == ".."
            || !seg
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b))
        {
            return Err(malformed("its path has an empty or invalid segment"));
        }
    }
    Ok(if path.is_empty() {
        format!("https://{host}/.well-known/did.json")
    } else {
        format!("https://{host}/{}/did.json", path.join("/"))
    })
}

/// The key named by a DID URL (or a DID), for issuing: `did:key` and `did:jwk` offline,
/// `did:web` from its DID document obtained through `env.net`. The key must be listed
/// under `assertionMethod`.
pub fn resolve(url: &str, env: &crate::Env) -> Result<Resolved, DidError> {
    let did = did_of(url);
    if !did.starts_with("did:web:") {
        return resolve_offline(url).map(|key| Resolved { key, source: None });
    }
    let doc_url = web_url(did)?;
    let fetched = env
        .net
        .fetch(&doc_url, crate::net::Resource::DidDocument)
        .map_err(|e| DidError::Unavailable {
            id: did.to_owned(),
            reason: e.sentence(),
        })?;
    let key = key_in_document(url, &fetched.body)?;
    Ok(Resolved {
        key,
        source: Some(format!(
            "its DID document ({doc_url}) {}",
            crate::net::provenance(&fetched, env.now)
        )),
    })
}

/// The issuing key `url` in a DID document's bytes.
fn key_in_document(url: &str, body: &[u8]) -> Result<PublicKey, DidError> {
    use serde_json::Value;
    let did = did_of(url);
    let bad = |reason: String| DidError::BadDocument {
        id: did.to_owned(),
        reason,
    };
    let doc: Value =
        serde_json::from_slice(body).map_err(|e| bad(format!("it is not JSON ({e})")))?;
    if doc.get("id").and_then(Value::as_str) != Some(did) {
        return Err(bad(format!(
            "its id is {}, not {did}",
            doc.get("id")
                .map(Value::to_string)
                .unwrap_or_else(|| "missing".into())
        )));
    }
    let absolute = |id: &str| {
        if id.starts_with('#') {
            format!("{did}{id}")
        } else {
            id.to_owned()
        }
    };
    let listed: Vec<&Value> = match doc.get("assertionMethod") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ (Value::String(_) | Value::Object(_))) => vec![v],
        _ => Vec::new(),
    };
    let methods: Vec<&Value> = match doc.get("verificationMethod") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => Vec::new(),
    };
    let id_of = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(absolute(s)),
            Value::Object(o) => o.get("id").and_then(Value::as_str).map(absolute),
            _ => None,
        }
    };
    // The wanted method: the one named, or the only issuing key when only the DID is given.
    let wanted = if url.contains('#') {
        url.to_owned()
    } else if listed.len() == 1 {
        id_of(listed[0]).ok_or_else(|| bad("its assertionMethod entry has no id".into()))?
    } else {
        return Err(DidError::KeyNotListed {
            url: url.to_owned(),
            did: did.to_owned(),
        });
    };
    let Some(entry) = listed
        .iter()
        .find(|v| id_of(v).as_deref() == Some(wanted.as_str()))
    else {
        return Err(DidError::KeyNotListed {
            url: wanted,
            did: did.to_owned(),
        });
    };
    let method = match entry {
        Value::Object(_) => *entry,
        _ => methods
            .into_iter()
            .find(|m| id_of(m).as_deref() == Some(wanted.as_str()))
            .ok_or_else(|| {
                bad(format!(
                    "it lists {wanted} for issuing but does not describe it"
                ))
            })?,
    };
    if let Some(c) = method.get("controller").and_then(Value::as_str) {
        if c != did {
            return Err(bad(format!(
                "the key {wanted} is controlled by {c}, not by {did}"
            )));
        }
    }
    if let Some(jwk) = method.get("publicKeyJwk") {
        if jwk.get("d").is_some() {
            return Err(bad("it publishes a private key".into()));
        }
        return PublicKey::from_jwk(jwk).map_err(|e| bad(format!("the key {wanted}: {e}")));
    }
    if let Some(mb) = method.get("publicKeyMultibase").and_then(Value::as_str) {
        let bytes = multibase_decode(mb).map_err(|e| bad(format!("the key {wanted}: {e}")))?;
        return key_from_multicodec(&bytes).map_err(|e| match e {
            None => DidError::UnsupportedKeyType { id: wanted.clone() },
            Some(r) => bad(format!("the key {wanted}: {r}")),
        });
    }
    if let Some(b58) = method.get("publicKeyBase58").and_then(Value::as_str) {
        let bytes = bs58::decode(b58)
            .into_vec()
            .map_err(|e| bad(format!("the key {wanted}: bad base58: {e}")))?;
        let key: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| bad(format!("the key {wanted} is not a 32-byte Ed25519 key")))?;
        return VerifyingKey::from_bytes(&key)
            .map(PublicKey::Ed25519)
            .map_err(|e| bad(format!("the key {wanted}: {e}")));
    }
    Err(bad(format!(
        "the key {wanted} has no public key material Tessera reads"
    )))
}

/// The `did:key` DID of a P-256 public key (compressed point).
pub fn did_key_for_p256(key: &p256::ecdsa::VerifyingKey) -> String {
    let mut bytes = P256_PUB.to_vec();
    bytes.extend_from_slice(key.to_encoded_point(true).as_bytes());
    format!("did:key:{}", multibase_encode(&bytes))
}

/// The `did:jwk` DID of a public key.
pub fn did_jwk_for(key: &PublicKey) -> String {
    format!(
        "did:jwk:{}",
        crate::jose::b64url(key.to_jwk().to_string().as_bytes())
    )
}

/// The `did:key` DID of an Ed25519 public key.
pub fn did_key_for(key: &VerifyingKey) -> String {
    let mut bytes = ED25519_PUB.to_vec();
    bytes.extend_from_slice(key.as_bytes());
    format!("did:key:{}", multibase_encode(&bytes))
}

/// The verification method URL of an Ed25519 `did:key`: `did:key:z…#z…`.
pub fn did_key_vm(key: &VerifyingKey) -> String {
    let did = did_key_for(key);
    let mb = did.trim_start_matches("did:key:").to_owned();
    format!("{did}#{mb}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_an_ed25519_did_key() {
        let sk = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
        let did = did_key_for(&sk.verifying_key());
        assert!(did.starts_with("did:key:z6Mk"), "{did}");
        let vm = did_key_vm(&sk.verifying_key());
        assert_eq!(resolve_did_key(&vm).unwrap(), sk.verifying_key());
        assert_eq!(resolve_did_key(&did).unwrap(), sk.verifying_key());
    }

    #[test]
    fn refuses_a_fragment_that_names_another_key() {
        let a = did_key_for(&ed25519_dalek::SigningKey::from_bytes(&[1u8; 32]).verifying_key());
        let b = did_key_for(&ed25519_dalek::SigningKey::from_bytes(&[2u8; 32]).verifying_key());
        let url = format!("{a}#{}", b.trim_start_matches("did:key:"));
        assert!(matches!(
            resolve_did_key(&url),
            Err(DidError::FragmentMismatch { .. })
        ));
    }

    #[test]
    fn resolves_p256_did_keys_and_did_jwk() {
        let sk = p256::ecdsa::SigningKey::from_slice(&[9u8; 32]).unwrap();
        let vk = *sk.verifying_key();
        let did = did_key_for_p256(&vk);
        assert!(did.starts_with("did:key:zDn"), "{did}");
        assert_eq!(resolve_offline(&did).unwrap(), PublicKey::P256(vk));
        let jwk_did = did_jwk_for(&PublicKey::P256(vk));
        assert_eq!(
            resolve_offline(&format!("{jwk_did}#0")).unwrap(),
            PublicKey::P256(vk)
        );
        let ed = ed25519_dalek::SigningKey::from_bytes(&[3u8; 32]).verifying_key();
        assert_eq!(
            resolve_offline(&did_key_for(&ed)).unwrap(),
            PublicKey::Ed25519(ed)
        );
        assert!(matches!(
            resolve_offline("did:web:example.org"),
            Err(DidError::NotDidKey { .. })
        ));
    }

    #[test]
    fn malformed_did_keys_are_errors_not_panics() {
        for bad in [
            "did:key:",
            "did:key:z",
            "did:key:zzzz",
            "did:key:abc",
            "did:web:x",
        ] {
            assert!(resolve_did_key(bad).is_err(), "{bad}");
        }
    }
}
