//! Test support shared by the crates' tests: a deterministic Ed25519 test issuer that
//! signs fixture templates with Tessera's own `eddsa-rdfc-2022` signer, and a walker
//! that yields every tampered variant of a signed credential.

use ed25519_dalek::SigningKey;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// An issuer with a did:key made from a fixed seed.
pub struct TestIssuer {
    pub key: SigningKey,
    pub did: String,
    pub vm: String,
}

impl TestIssuer {
    pub fn from_seed(seed: u8) -> Self {
        let key = SigningKey::from_bytes(&[seed; 32]);
        let did = tessera_core::did::did_key_for(&key.verifying_key());
        let vm = tessera_core::did::did_key_vm(&key.verifying_key());
        TestIssuer { key, did, vm }
    }

    /// Replaces `{{ISSUER}}` in a template with this issuer's DID.
    pub fn fill(&self, template: &str) -> Value {
        serde_json::from_str(&template.replace("{{ISSUER}}", &self.did))
            .expect("fixture template is JSON")
    }

    pub fn sign(&self, unsigned: &Value) -> Value {
        tessera_core::di::sign(
            unsigned,
            &self.key,
            &self.vm,
            "2026-03-01T09:00:00Z",
            "assertionMethod",
        )
        .expect("fixture signs")
    }

    /// Signs with another Data Integrity suite (Ed25519 suites: eddsa-rdfc-2022,
    /// eddsa-jcs-2022, Ed25519Signature2020).
    pub fn sign_with(&self, unsigned: &Value, suite: tessera_core::di::Suite) -> Value {
        tessera_core::di::sign_with_suite(
            unsigned,
            &self.key,
            suite,
            &self.vm,
            "2026-03-01T09:00:00Z",
            "assertionMethod",
        )
        .expect("fixture signs")
    }

    /// Fills and signs a fixture template by name (from `fixtures_dir()`).
    pub fn issue_fixture(&self, name: &str) -> Value {
        self.sign(&self.fill(&read_fixture(name)))
    }
}

/// `crates/tessera-core/tests/fixtures`.
impl TestIssuer {
    /// A signed OB 3.0 micro-credential (from `ob3-microcredential.json`) with its own id
    /// (number `n`), title, ESCO skills, ECTS credits, EQF level 6, and `validUntil`.
    pub fn microcredential(
        &self,
        n: u8,
        title: &str,
        skills: &[&str],
        credits: f64,
        valid_until: &str,
    ) -> Value {
        let mut doc = self.fill(&read_fixture("ob3-microcredential.json"));
        doc["id"] = format!("urn:uuid:00000000-0000-4000-8000-0000000001{n:02x}").into();
        doc["validUntil"] = valid_until.into();
        let a = &mut doc["credentialSubject"]["achievement"];
        a["id"] = format!("https://uni.example/achievements/{n}").into();
        a["name"] = title.into();
        a["creditsAvailable"] = credits.into();
        let mut alignment: Vec<Value> = vec![serde_json::json!({
            "type": ["Alignment"], "targetName": "EQF level 6",
            "targetUrl": "http://data.europa.eu/snb/eqf/6",
            "targetFramework": "European Qualifications Framework"})];
        for s in skills {
            alignment.push(serde_json::json!({"type": ["Alignment"], "targetName": s,
                "targetUrl": s, "targetFramework": "ESCO"}));
        }
        a["alignment"] = Value::Array(alignment);
        self.sign(&doc)
    }
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tessera-core")
        .join("tests")
        .join("fixtures")
}

pub fn read_fixture(name: &str) -> String {
    let p = fixtures_dir().join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Examines every one-leaf change of `doc` (see [`tampered_variants`]) and asserts that
/// each is refused: verdict `invalid`, or, for a changed `@context`, `type` or `issuer`
/// that makes it unreadable, an error; and that at least 80 % are judged `invalid` (not
/// merely unreadable). `name` labels failures. Returns the variants, for further checks.
pub fn assert_every_leaf_change_refused(
    name: &str,
    doc: &Value,
    env: &tessera_core::Env,
) -> Vec<(String, Value)> {
    let variants = tampered_variants(doc);
    let mut invalid = 0;
    for (path, v) in &variants {
        let raw = serde_json::to_vec(v).expect("JSON");
        match tessera_core::examine(&raw, env) {
            Ok(x) => {
                assert_eq!(
                    x.verdict,
                    tessera_core::Verdict::Invalid,
                    "{name}: changing {path} gave {:?}: {:#?}",
                    x.verdict,
                    x.checks
                );
                invalid += 1;
            }
            // A changed @context URL, type or issuer can make it unreadable: also refused.
            Err(e) => assert!(
                path.starts_with("/@context")
                    || path.starts_with("/type")
                    || path.starts_with("/issuer"),
                "{name}: changing {path} gave an error instead of invalid: {e}"
            ),
        }
    }
    // Most changes are judged (invalid), not merely unreadable.
    assert!(
        invalid * 10 >= variants.len() * 8,
        "{name}: {invalid} of {} invalid",
        variants.len()
    );
    variants
}

/// Every variant of `doc` with exactly one leaf value changed (strings get a character
/// appended, numbers grow by one, booleans flip), each with the JSON path it changed.
pub fn tampered_variants(doc: &Value) -> Vec<(String, Value)> {
    let mut paths = Vec::new();
    collect_leaves(doc, String::new(), &mut paths);
    paths
        .into_iter()
        .map(|path| {
            let mut copy = doc.clone();
            let leaf = copy.pointer_mut(&path).expect("path exists");
            *leaf = match leaf.take() {
                Value::String(s) => Value::String(format!("{s}X")),
                Value::Number(n) => {
                    if let Some(i) = n.as_i64() {
                        Value::from(i + 1)
                    } else {
                        Value::from(n.as_f64().unwrap_or(0.0) + 1.0)
                    }
                }
                Value::Bool(b) => Value::Bool(!b),
                other => other,
            };
            (path, copy)
        })
        .collect()
}

fn collect_leaves(v: &Value, path: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                let k = k.replace('~', "~0").replace('/', "~1");
                collect_leaves(x, format!("{path}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                collect_leaves(x, format!("{path}/{i}"), out);
            }
        }
        Value::Null => {}
        _ => out.push(path),
    }
}

impl TestIssuer {
    /// Signs even a document with terms its contexts do not define (by signing the
    /// document without them), to build credentials a careless issuer might produce.
    pub fn sign_lenient(&self, doc: &Value) -> Value {
        // Sign a copy without the undefined term, then put it back: exactly what a
        // processor that silently drops undefined terms would accept.
        let mut stripped = doc.clone();
        strip_unknown(&mut stripped);
        let mut signed = self.sign(&stripped);
        signed["credentialSubject"] = doc["credentialSubject"].clone();
        signed
    }
}

fn strip_unknown(v: &mut Value) {
    if let Some(a) = v.pointer_mut("/credentialSubject/achievement") {
        if let Some(o) = a.as_object_mut() {
            o.remove("secretGrade");
        }
    }
}

pub mod https;
pub mod interop;
pub mod present;
pub mod references;

/// SHA-256 (hex) of every file under `dir`, by relative path: to show that an operation
/// changed no file (WAL and SHM included).
pub fn hash_tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, String> {
    use sha2::Digest;
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<PathBuf, String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.insert(
                    p.strip_prefix(root).unwrap().to_owned(),
                    hex::encode(sha2::Sha256::digest(bytes)),
                );
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}
pub mod secret_service;
pub mod web;
