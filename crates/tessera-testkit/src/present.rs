//! Test support for presentations: a deterministic SD-JWT VC issuer (Ed25519 or P-256,
//! `did:jwk`) whose selectively disclosable claims are named by path, holder keys from
//! seeds, and the decoded views of a presentation that the privacy tests search.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use tessera_core::jose::{b64url, b64url_decode, PublicKey};
use tessera_core::present::{HolderKey, P256SigningKey};

/// An Ed25519 or P-256 key from a seed (issuer or holder).
pub enum TestKey {
    Ed(ed25519_dalek::SigningKey),
    P256(P256SigningKey),
}

impl TestKey {
    pub fn ed25519(seed: u8) -> Self {
        TestKey::Ed(ed25519_dalek::SigningKey::from_bytes(&[seed; 32]))
    }
    pub fn p256(seed: u8) -> Self {
        TestKey::P256(P256SigningKey::from_slice(&[seed; 32]).expect("a P-256 scalar"))
    }
    /// The 32 seed bytes as hex (what the interop scripts take).
    pub fn seed_hex(&self) -> String {
        match self {
            TestKey::Ed(k) => hex::encode(k.to_bytes()),
            TestKey::P256(k) => hex::encode(k.to_bytes()),
        }
    }
    pub fn holder(&self) -> HolderKey<'_> {
        match self {
            TestKey::Ed(k) => HolderKey::Ed25519(k),
            TestKey::P256(k) => HolderKey::P256(k),
        }
    }
    pub fn public(&self) -> PublicKey {
        self.holder().public()
    }
    pub fn jwk(&self) -> Value {
        self.public().to_jwk()
    }
    pub fn alg(&self) -> &'static str {
        match self {
            TestKey::Ed(_) => "EdDSA",
            TestKey::P256(_) => "ES256",
        }
    }
    pub fn did_jwk(&self) -> String {
        tessera_core::did::did_jwk_for(&self.public())
    }
    pub fn sign(&self, data: &[u8]) -> Vec<u8> {
        self.holder().sign(data)
    }
    /// A compact JWS of `header` and `payload`.
    pub fn jws(&self, header: &Value, payload: &Value) -> String {
        let input = format!(
            "{}.{}",
            b64url(header.to_string().as_bytes()),
            b64url(payload.to_string().as_bytes())
        );
        format!("{input}.{}", b64url(&self.sign(input.as_bytes())))
    }

    /// An SD-JWT VC over `claims` (an object; `iss` is set to this key's did:jwk, header
    /// `kid` its `#0`), where every path in `disclosable` (cli.md paths: names by dots,
    /// array elements by index) becomes a disclosure. Salts are derived from `salt` and
    /// the path, so the same call gives the same text. `decoys` adds that many decoy
    /// digests to the top-level `_sd`.
    pub fn issue_sd_jwt(&self, claims: &Value, disclosable: &[&str], salt: &str) -> String {
        self.issue_sd_jwt_with(claims, disclosable, salt, 0)
    }

    pub fn issue_sd_jwt_with(
        &self,
        claims: &Value,
        disclosable: &[&str],
        salt: &str,
        decoys: usize,
    ) -> String {
        let wanted: BTreeSet<String> = disclosable.iter().map(|s| s.to_string()).collect();
        let mut disclosures = Vec::new();
        let mut used = BTreeSet::new();
        let mut payload = pack(claims, "", &wanted, salt, &mut disclosures, &mut used);
        let missing: Vec<&String> = wanted.difference(&used).collect();
        assert!(
            missing.is_empty(),
            "no such claims to make disclosable: {missing:?}"
        );
        let did = self.did_jwk();
        payload["iss"] = did.clone().into();
        for i in 0..decoys {
            let d = b64url(&Sha256::digest(format!("decoy {salt} {i}").as_bytes()));
            payload["_sd"]
                .as_array_mut()
                .expect("decoys need a top-level _sd")
                .push(d.into());
        }
        payload["_sd_alg"] = "sha-256".into();
        let header = json!({"alg": self.alg(), "typ": "dc+sd-jwt", "kid": format!("{did}#0")});
        let mut out = self.jws(&header, &payload);
        out.push('~');
        for d in disclosures {
            out.push_str(&d);
            out.push('~');
        }
        out
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn salt_for(salt: &str, path: &str) -> String {
    b64url(&Sha256::digest(format!("{salt}/{path}").as_bytes())[..16])
}

/// The digest of a disclosure (RFC 9901, sha-256).
pub fn digest(disclosure: &str) -> String {
    b64url(&Sha256::digest(disclosure.as_bytes()))
}

/// A property disclosure `[salt, name, value]`.
pub fn property(salt: &str, name: &str, value: &Value) -> String {
    b64url(json!([salt, name, value]).to_string().as_bytes())
}

fn pack(
    v: &Value,
    path: &str,
    wanted: &BTreeSet<String>,
    salt: &str,
    out: &mut Vec<String>,
    used: &mut BTreeSet<String>,
) -> Value {
    match v {
        Value::Object(o) => {
            let mut m = Map::new();
            let mut sd = Vec::new();
            for (k, x) in o {
                let p = join(path, k);
                let packed = pack(x, &p, wanted, salt, out, used);
                if wanted.contains(&p) {
                    used.insert(p.clone());
                    let d = property(&salt_for(salt, &p), k, &packed);
                    sd.push(Value::String(digest(&d)));
                    out.push(d);
                } else {
                    m.insert(k.clone(), packed);
                }
            }
            if !sd.is_empty() || path.is_empty() {
                sd.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                m.insert("_sd".into(), Value::Array(sd));
            }
            Value::Object(m)
        }
        Value::Array(a) => Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, x)| {
                    let p = join(path, &i.to_string());
                    let packed = pack(x, &p, wanted, salt, out, used);
                    if wanted.contains(&p) {
                        used.insert(p.clone());
                        let d = b64url(json!([salt_for(salt, &p), packed]).to_string().as_bytes());
                        let h = digest(&d);
                        out.push(d);
                        json!({"...": h})
                    } else {
                        packed
                    }
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Every readable view of an SD-JWT presentation, labelled: the raw text, the decoded
/// issuer-JWT header and payload, each decoded disclosure, and the decoded Key Binding
/// JWT header and payload. A part that does not decode is given as it is.
pub fn views(presentation: &str) -> Vec<(String, String)> {
    let mut out = vec![("raw text".to_owned(), presentation.to_owned())];
    // The decoded text as it is, and again re-serialised when it is JSON, so that a value
    // written with escapes (Python writes "\u010d" for "č") is found as well.
    let decode = |part: &str| -> String {
        let text = b64url_decode(part, "part")
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_else(|| part.to_owned());
        match serde_json::from_str::<Value>(&text) {
            Ok(v) => format!("{text}\n{v}"),
            Err(_) => text,
        }
    };
    let parts: Vec<&str> = presentation.trim().split('~').collect();
    let n = parts.len();
    for (i, part) in parts.iter().enumerate() {
        if i == 0 || (i == n - 1 && !part.is_empty()) {
            let label = if i == 0 {
                "issuer JWT"
            } else {
                "Key Binding JWT"
            };
            for (j, piece) in part.split('.').take(2).enumerate() {
                let what = if j == 0 { "header" } else { "payload" };
                out.push((format!("{label} {what}"), decode(piece)));
            }
        } else if !part.is_empty() {
            out.push((format!("disclosure {i}"), decode(part)));
        }
    }
    out
}

/// The forms a claim value may take in a view: its JSON text and, for a string, the
/// string itself (unescaped).
pub fn forms(value: &Value) -> Vec<String> {
    let mut f = vec![value.to_string()];
    if let Some(s) = value.as_str() {
        f.push(s.to_owned());
    }
    f
}

/// The views of `presentation` in which `value` appears.
pub fn found_in(presentation: &str, value: &Value) -> Vec<String> {
    let forms = forms(value);
    views(presentation)
        .into_iter()
        .filter(|(_, text)| forms.iter().any(|f| text.contains(f.as_str())))
        .map(|(label, _)| label)
        .collect()
}

/// Asserts the privacy rule: no value of `withheld` appears in any view of the
/// presentation, and every value of `revealed` appears in at least one (so the search is
/// shown to work on this very text). `label` names the case in failures.
pub fn assert_privacy(label: &str, presentation: &str, revealed: &[&Value], withheld: &[&Value]) {
    for v in withheld {
        let hits = found_in(presentation, v);
        assert!(
            hits.is_empty(),
            "{label}: the withheld value {v} appears in {hits:?}"
        );
    }
    for v in revealed {
        assert!(
            !found_in(presentation, v).is_empty(),
            "{label}: the disclosed value {v} is not found by the search"
        );
    }
}
