//! W3C Data Integrity proofs: `DataIntegrityProof` with cryptosuite `eddsa-rdfc-2022`
//! (Ed25519 over RDFC-1.0 canonical N-Quads), as in the W3C vc-di-eddsa specification.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::did;
use crate::jsonld::{self, JsonLdError};

/// The outcome of one proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass(String),
    Fail(String),
    /// Could not be checked (the key could not be obtained offline, an unsupported suite).
    Unknown(String),
}

/// What was concluded about one proof of a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofReport {
    pub suite: String,
    pub verification_method: String,
    /// Does the signature verify over the credential?
    pub signature: Outcome,
    /// Does the proof key belong to the issuer?
    pub issuer_key: Outcome,
}

pub const EDDSA_RDFC_2022: &str = "eddsa-rdfc-2022";

/// Data Integrity cryptosuites registered with the W3C.
const KNOWN_CRYPTOSUITES: &[&str] = &[
    "eddsa-rdfc-2022",
    "eddsa-jcs-2022",
    "ecdsa-rdfc-2019",
    "ecdsa-jcs-2019",
    "ecdsa-sd-2023",
    "bbs-2023",
];

/// Linked Data proof types in use before Data Integrity.
const KNOWN_PROOF_TYPES: &[&str] = &[
    "Ed25519Signature2020",
    "Ed25519Signature2018",
    "JsonWebSignature2020",
    "EcdsaSecp256k1Signature2019",
    "EcdsaSecp256r1Signature2019",
    "RsaSignature2018",
    "BbsBlsSignature2020",
];

/// The proofs of a secured document (one object or a set).
pub fn proofs(doc: &Value) -> Vec<&Value> {
    match doc.get("proof") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(p @ Value::Object(_)) => vec![p],
        _ => Vec::new(),
    }
}

fn hash_data(
    unsecured: &Map<String, Value>,
    proof_config: &Map<String, Value>,
) -> Result<Vec<u8>, JsonLdError> {
    let transformed = jsonld::canonicalize(&Value::Object(unsecured.clone()))?;
    let canonical_config = jsonld::canonicalize(&Value::Object(proof_config.clone()))?;
    let mut out = Sha256::digest(canonical_config.as_bytes()).to_vec();
    out.extend_from_slice(&Sha256::digest(transformed.as_bytes()));
    Ok(out)
}

/// Verifies every proof of `doc`, each against the document without its `proof`
/// (a proof set). `issuer` is the credential's issuer id. Context and JSON-LD
/// problems that stop any check are returned as errors; everything else is a report.
pub fn verify(doc: &Value, issuer: &str) -> Result<Vec<ProofReport>, JsonLdError> {
    let Some(obj) = doc.as_object() else {
        return Ok(Vec::new());
    };
    let mut unsecured = obj.clone();
    unsecured.remove("proof");
    let mut reports = Vec::new();
    for proof in proofs(doc) {
        reports.push(verify_one(&unsecured, proof, issuer)?);
    }
    Ok(reports)
}

fn verify_one(
    unsecured: &Map<String, Value>,
    proof: &Value,
    issuer: &str,
) -> Result<ProofReport, JsonLdError> {
    let ptype = proof.get("type").and_then(Value::as_str).unwrap_or("");
    let suite = proof
        .get("cryptosuite")
        .and_then(Value::as_str)
        .unwrap_or(ptype)
        .to_owned();
    let vm = proof
        .get("verificationMethod")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let report = |signature, issuer_key| ProofReport {
        suite: suite.clone(),
        verification_method: vm.clone(),
        signature,
        issuer_key,
    };
    if ptype != "DataIntegrityProof" || suite != EDDSA_RDFC_2022 {
        // A registered proof type or cryptosuite Tessera does not check yet: could not
        // check. A name nobody registered: not a proof at all.
        let known = if ptype == "DataIntegrityProof" {
            KNOWN_CRYPTOSUITES.contains(&suite.as_str())
        } else {
            KNOWN_PROOF_TYPES.contains(&ptype)
        };
        let what = if ptype == "DataIntegrityProof" {
            format!("the cryptosuite {suite}")
        } else {
            format!("the proof type {ptype}")
        };
        return Ok(if known {
            report(
                Outcome::Unknown(format!("Tessera cannot check {what} yet.")),
                Outcome::Unknown("Not checked: the proof type is not supported.".to_owned()),
            )
        } else {
            report(
                Outcome::Fail(format!(
                    "The proof uses {what}, which is not a known signature method."
                )),
                Outcome::Fail("Not a recognised proof.".to_owned()),
            )
        });
    }
    let purpose = proof.get("proofPurpose").and_then(Value::as_str);
    if purpose != Some("assertionMethod") {
        return Ok(report(
            Outcome::Fail(format!(
                "The proof's purpose is {}, not assertionMethod: it was not made to issue a credential.",
                purpose.unwrap_or("missing")
            )),
            Outcome::Fail("The proof was not made for issuing.".to_owned()),
        ));
    }
    // The key. Only did:key resolves offline here; other methods arrive with online checks.
    let key = match did::resolve_did_key(&vm) {
        Ok(k) => k,
        Err(did::DidError::NotDidKey { .. }) => {
            return Ok(report(
                Outcome::Unknown(format!(
                    "The issuer's key {vm} cannot be obtained offline, so the signature could not be checked."
                )),
                Outcome::Unknown("Could not check who owns the key offline.".to_owned()),
            ))
        }
        Err(e) => {
            return Ok(report(
                Outcome::Fail(format!("The proof names a key that cannot be used: {e}.")),
                Outcome::Fail("The proof's key is not usable.".to_owned()),
            ))
        }
    };
    let issuer_key = if did::did_of(&vm) == issuer {
        Outcome::Pass(format!("The signing key belongs to the issuer {issuer}."))
    } else {
        Outcome::Fail(format!(
            "The signing key belongs to {}, not to the issuer {issuer}.",
            did::did_of(&vm)
        ))
    };

    let Some(proof_obj) = proof.as_object() else {
        return Ok(report(
            Outcome::Fail("The proof is not an object.".to_owned()),
            issuer_key,
        ));
    };
    let Some(proof_value) = proof_obj.get("proofValue").and_then(Value::as_str) else {
        return Ok(report(
            Outcome::Fail("The proof has no proofValue.".to_owned()),
            issuer_key,
        ));
    };
    let sig_bytes = match did::multibase_decode(proof_value) {
        Ok(b) => b,
        Err(e) => {
            return Ok(report(
                Outcome::Fail(format!("The signature value is malformed: {e}.")),
                issuer_key,
            ))
        }
    };
    let Ok(sig) = Signature::from_slice(&sig_bytes) else {
        return Ok(report(
            Outcome::Fail(format!(
                "The signature is {} bytes; an Ed25519 signature is 64.",
                sig_bytes.len()
            )),
            issuer_key,
        ));
    };
    let mut config = proof_obj.clone();
    config.remove("proofValue");
    let mut unsecured = unsecured.clone();
    if let Some(pctx) = config.get("@context").cloned() {
        // The proof's context must be a prefix of the document's (vc-di-eddsa 3.3.2).
        let doc_ctx = as_list(unsecured.get("@context"));
        let p_list = as_list(Some(&pctx));
        if doc_ctx.len() < p_list.len() || doc_ctx[..p_list.len()] != p_list[..] {
            return Ok(report(
                Outcome::Fail("The proof's @context does not match the credential's.".to_owned()),
                issuer_key,
            ));
        }
        unsecured.insert("@context".to_owned(), pctx);
    } else if let Some(ctx) = unsecured.get("@context") {
        config.insert("@context".to_owned(), ctx.clone());
    }
    let data = match hash_data(&unsecured, &config) {
        Ok(d) => d,
        Err(e @ JsonLdError::UndefinedTerm { .. }) => {
            return Ok(report(Outcome::Fail(format!("{e}.")), issuer_key))
        }
        Err(e) => return Err(e),
    };
    let signature = match key.verify(&data, &sig) {
        Ok(()) => Outcome::Pass(
            "The issuer's Ed25519 signature (eddsa-rdfc-2022) matches the credential's content."
                .to_owned(),
        ),
        Err(_) => Outcome::Fail(
            "The signature does not match the credential's content: it was changed after it was signed, or signed with another key."
                .to_owned(),
        ),
    };
    Ok(report(signature, issuer_key))
}

fn as_list(v: Option<&Value>) -> Vec<Value> {
    match v {
        Some(Value::Array(a)) => a.clone(),
        Some(other) => vec![other.clone()],
        None => Vec::new(),
    }
}

/// Adds an `eddsa-rdfc-2022` proof to `unsecured` (tests' own issuer and, later,
/// holder presentations). `created` is an XSD dateTime; `purpose` e.g. `assertionMethod`.
pub fn sign(
    unsecured: &Value,
    key: &SigningKey,
    verification_method: &str,
    created: &str,
    purpose: &str,
) -> Result<Value, JsonLdError> {
    let Some(obj) = unsecured.as_object() else {
        return Err(JsonLdError::Invalid {
            reason: "a credential must be a JSON object".to_owned(),
        });
    };
    let mut doc = obj.clone();
    doc.remove("proof");
    let mut config = Map::new();
    config.insert("type".into(), "DataIntegrityProof".into());
    config.insert("cryptosuite".into(), EDDSA_RDFC_2022.into());
    config.insert("created".into(), created.into());
    config.insert("verificationMethod".into(), verification_method.into());
    config.insert("proofPurpose".into(), purpose.into());
    let mut with_ctx = config.clone();
    if let Some(ctx) = doc.get("@context") {
        with_ctx.insert("@context".into(), ctx.clone());
    }
    let data = hash_data(&doc, &with_ctx)?;
    let sig = key.sign(&data);
    config.insert(
        "proofValue".into(),
        did::multibase_encode(&sig.to_bytes()).into(),
    );
    doc.insert("proof".into(), Value::Object(config));
    Ok(Value::Object(doc))
}
