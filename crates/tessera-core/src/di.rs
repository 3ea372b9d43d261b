//! W3C Data Integrity proofs (`DataIntegrityProof` with the cryptosuites `eddsa-rdfc-2022`,
//! `eddsa-jcs-2022`, `ecdsa-rdfc-2019` and `ecdsa-jcs-2019`) and the Linked Data proof
//! `Ed25519Signature2020` of VC 1.1 credentials. What each suite signs is in `di/suite.rs`.
//!
//! Rules:
//! - every proof a credential carries is checked, each against the document without its
//!   proofs (a proof set), or with the proofs it names in `previousProof` (a proof chain);
//! - a proof type or cryptosuite nobody registered is a failed check; a registered one
//!   Tessera cannot check (yet), or a key that cannot be obtained offline, is `unknown`;
//! - the key must belong to the issuer: the DID of the verification method is the
//!   credential's issuer.

use ed25519_dalek::SigningKey;
use serde_json::{Map, Value};

use crate::did;
use crate::jsonld::JsonLdError;

mod suite;

use suite::{Curve, DocumentHashes, HashFailure};
pub use suite::{IssuerKey, Suite, DATA_INTEGRITY_PROOF, ED25519_2020_CONTEXT};

/// The outcome of one proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass(String),
    Fail(String),
    /// Could not be checked (the key could not be obtained offline, an unsupported suite).
    Unknown(String),
}

impl Outcome {
    /// The check result and its sentence.
    pub fn split(&self) -> (crate::model::CheckResult, &str) {
        use crate::model::CheckResult;
        match self {
            Outcome::Pass(d) => (CheckResult::Pass, d),
            Outcome::Fail(d) => (CheckResult::Fail, d),
            Outcome::Unknown(d) => (CheckResult::Unknown, d),
        }
    }
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

/// Verifies every proof of `doc`, each against the document without its `proof`
/// (a proof set). `issuer` is the credential's issuer id. Context and JSON-LD
/// problems that stop any check are returned as errors; everything else is a report.
pub fn verify(doc: &Value, issuer: &str) -> Result<Vec<ProofReport>, JsonLdError> {
    verify_with(doc, issuer, &crate::Env::at(chrono::DateTime::UNIX_EPOCH))
}

/// [`verify`], resolving keys that are not offline (`did:web`) through `env.net`.
pub fn verify_with(
    doc: &Value,
    issuer: &str,
    env: &crate::Env,
) -> Result<Vec<ProofReport>, JsonLdError> {
    verify_for_purpose(doc, issuer, ASSERTION_METHOD, env)
}

/// The proof purpose of a credential's proof (issuing).
pub const ASSERTION_METHOD: &str = "assertionMethod";
/// The proof purpose of a holder's proof on a Verifiable Presentation.
pub const AUTHENTICATION: &str = "authentication";

/// [`verify_with`] for proofs made for `purpose` (`assertionMethod` for credentials,
/// `authentication` for a holder's presentation): every proof must name that purpose, and
/// the key must belong to `controller` (the issuer, or the presentation's holder; the
/// `issuer_key` outcome of each report says whether it does).
pub fn verify_for_purpose(
    doc: &Value,
    controller: &str,
    purpose: &str,
    env: &crate::Env,
) -> Result<Vec<ProofReport>, JsonLdError> {
    let issuer = controller;
    let Some(obj) = doc.as_object() else {
        return Ok(Vec::new());
    };
    let all = proofs(doc);
    let mut unsecured = obj.clone();
    unsecured.remove("proof");
    let mut hashes = DocumentHashes::default();
    let mut reports = Vec::with_capacity(all.len());
    for proof in &all {
        reports.push(verify_one(
            &unsecured,
            &all,
            proof,
            (issuer, purpose),
            &mut hashes,
            env,
        )?);
    }
    Ok(reports)
}

fn fail(s: impl Into<String>) -> Outcome {
    Outcome::Fail(s.into())
}

fn verify_one(
    unsecured: &Map<String, Value>,
    all_proofs: &[&Value],
    proof: &Value,
    (issuer, expected_purpose): (&str, &str),
    hashes: &mut DocumentHashes,
    env: &crate::Env,
) -> Result<ProofReport, JsonLdError> {
    let ptype = proof.get("type").and_then(Value::as_str).unwrap_or("");
    let cryptosuite = proof.get("cryptosuite").and_then(Value::as_str);
    let suite_name = match (ptype, cryptosuite) {
        (DATA_INTEGRITY_PROOF, Some(cs)) => cs,
        _ => ptype,
    }
    .to_owned();
    let vm = match proof.get("verificationMethod") {
        Some(Value::String(s)) => s.clone(),
        // An embedded method is looked up by its id, never trusted as given.
        Some(Value::Object(o)) => o.get("id").and_then(Value::as_str).unwrap_or("").to_owned(),
        _ => String::new(),
    };
    let report = |signature, issuer_key| ProofReport {
        suite: suite_name.clone(),
        verification_method: vm.clone(),
        signature,
        issuer_key,
    };
    let Some(proof_obj) = proof.as_object() else {
        return Ok(report(
            fail("The proof is not an object."),
            fail("Not a recognised proof."),
        ));
    };
    let Some(suite) = Suite::from_proof(ptype, cryptosuite) else {
        // A registered proof type or cryptosuite Tessera does not check yet: could not
        // check. A name nobody registered: not a proof at all.
        let (known, what) = if ptype == DATA_INTEGRITY_PROOF {
            (
                cryptosuite.is_some_and(|cs| KNOWN_CRYPTOSUITES.contains(&cs)),
                format!("the cryptosuite {}", cryptosuite.unwrap_or("(none)")),
            )
        } else {
            (
                KNOWN_PROOF_TYPES.contains(&ptype),
                format!("the proof type {ptype}"),
            )
        };
        return Ok(if known {
            report(
                Outcome::Unknown(format!("Tessera cannot check {what} yet.")),
                Outcome::Unknown("Not checked: the proof type is not supported.".to_owned()),
            )
        } else {
            report(
                fail(format!(
                    "The proof uses {what}, which is not a known signature method."
                )),
                fail("Not a recognised proof."),
            )
        });
    };
    let purpose = proof.get("proofPurpose").and_then(Value::as_str);
    if purpose != Some(expected_purpose) {
        let (made_for, short) = if expected_purpose == ASSERTION_METHOD {
            ("issue a credential", "The proof was not made for issuing.")
        } else {
            (
                "present credentials",
                "The proof was not made for presenting.",
            )
        };
        return Ok(report(
            fail(format!(
                "The proof's purpose is {}, not {expected_purpose}: it was not made to {made_for}.",
                purpose.unwrap_or("missing")
            )),
            fail(short),
        ));
    }

    // The key. did:key and did:jwk resolve offline; did:web through env.net (fetched or
    // cached); other methods cannot be checked.
    let (key, source) = match did::resolve(&vm, env) {
        Ok(r) => (r.key, r.source),
        Err(e @ did::DidError::Unavailable { .. }) => {
            return Ok(report(
                Outcome::Unknown(format!(
                    "The issuer's key {vm} could not be obtained ({}), so the signature could not be checked.",
                    match &e { did::DidError::Unavailable { reason, .. } => reason.clone(), _ => e.to_string() }
                )),
                Outcome::Unknown("Could not check who owns the key.".to_owned()),
            ))
        }
        Err(did::DidError::NotDidKey { .. }) => {
            return Ok(report(
                Outcome::Unknown(format!(
                    "The issuer's key {vm} uses a kind of identifier Tessera cannot look up, so the signature could not be checked."
                )),
                Outcome::Unknown("Could not check who owns the key.".to_owned()),
            ))
        }
        // ECDSA also allows P-384, which Tessera does not check yet.
        Err(e @ did::DidError::UnsupportedKeyType { .. }) if suite.curve() == Curve::P256 => {
            return Ok(report(
                Outcome::Unknown(format!(
                    "Tessera cannot check this signature yet: {e}."
                )),
                Outcome::Unknown("Not checked: the key type is not supported.".to_owned()),
            ))
        }
        Err(e) => {
            return Ok(report(
                fail(format!("The proof names a key that cannot be used: {e}.")),
                fail("The proof's key is not usable."),
            ))
        }
    };
    let signer = did::did_of(&vm);
    let issuer_key = if signer == issuer {
        Outcome::Pass(match &source {
            Some(src) => format!("The signing key belongs to the issuer {issuer}: {src}."),
            None => format!("The signing key belongs to the issuer {issuer}."),
        })
    } else {
        fail(format!(
            "The signing key belongs to {signer}, not to the issuer {issuer}."
        ))
    };
    if !suite.curve().fits(&key) {
        return Ok(report(
            fail(format!(
                "A {} proof is signed with an {} key, and the proof names a {} key.",
                suite.name(),
                suite.curve().name(),
                key.kind()
            )),
            issuer_key,
        ));
    }

    let Some(proof_value) = proof_obj.get("proofValue").and_then(Value::as_str) else {
        return Ok(report(fail("The proof has no proofValue."), issuer_key));
    };
    let sig_bytes = match did::multibase_decode(proof_value) {
        Ok(b) => b,
        Err(e) => {
            return Ok(report(
                fail(format!("The signature value is malformed: {e}.")),
                issuer_key,
            ))
        }
    };

    let (document, config) = match inputs(suite, unsecured, proof_obj, all_proofs) {
        Ok(x) => x,
        Err(why) => return Ok(report(fail(why), issuer_key)),
    };
    let data = match suite::hash_data(suite, &document, &config, hashes) {
        Ok(d) => d,
        Err(HashFailure::Fail(why)) => return Ok(report(fail(why), issuer_key)),
        Err(HashFailure::Error(e)) => return Err(e),
    };
    let signature = match suite::verify_signature(suite, &key, &data, &sig_bytes) {
        Ok(true) => Outcome::Pass(format!(
            "The issuer's {} signature ({}) matches the credential's content.",
            suite.signature_name(),
            suite.name()
        )),
        Ok(false) => fail(
            "The signature does not match the credential's content: it was changed after it was signed, or signed with another key.",
        ),
        Err(why) => fail(why),
    };
    Ok(report(signature, issuer_key))
}

type Json = Map<String, Value>;

/// The document and the proof configuration a proof's signature is over.
fn inputs(
    suite: Suite,
    unsecured: &Json,
    proof: &Json,
    all_proofs: &[&Value],
) -> Result<(Json, Json), String> {
    let mut document = unsecured.clone();
    let mut config = proof.clone();
    config.remove("proofValue");

    if !suite.is_data_integrity() {
        // Ed25519Signature2020 (jsonld-signatures' LinkedDataSignature): the proof options
        // take the document's @context unless they carry their own; the document must name
        // the suite's context (the reference will not match the proof otherwise).
        config.remove("jws");
        config.remove("signatureValue");
        if !as_list(document.get("@context"))
            .iter()
            .any(|c| c.as_str() == Some(ED25519_2020_CONTEXT))
        {
            return Err(format!(
                "An Ed25519Signature2020 proof needs the credential to use the context {ED25519_2020_CONTEXT}, and it does not."
            ));
        }
        if !config.contains_key("@context") {
            if let Some(ctx) = document.get("@context") {
                config.insert("@context".to_owned(), ctx.clone());
            }
        }
        return Ok((document, config));
    }

    // Data Integrity: a proof's @context must be a prefix of the document's, and then is
    // the document's context for this proof (vc-di-eddsa and vc-di-ecdsa, Verify Proof).
    if let Some(pctx) = config.get("@context").cloned() {
        let doc_ctx = as_list(document.get("@context"));
        let p_list = as_list(Some(&pctx));
        if doc_ctx.len() < p_list.len() || doc_ctx[..p_list.len()] != p_list[..] {
            return Err("The proof's @context does not match the credential's.".to_owned());
        }
        document.insert("@context".to_owned(), pctx);
    } else if suite.canon() == suite::Canon::Rdfc {
        // RDFC: the proof configuration is read with the document's context. JCS signs
        // the proof as it is (the signer copies the context into the proof).
        if let Some(ctx) = document.get("@context") {
            config.insert("@context".to_owned(), ctx.clone());
        }
    }

    // A proof chain: the proofs this one endorses are part of what it signed.
    if let Some(previous) = config.get("previousProof") {
        let ids: Vec<&str> = match previous {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let wanted = match previous {
            Value::Array(a) => a.len(),
            _ => 1,
        };
        if ids.len() != wanted || ids.is_empty() {
            return Err("The proof's previousProof is not a proof id or a list of them.".into());
        }
        let mut matching = Vec::new();
        for id in ids {
            let found = all_proofs
                .iter()
                .find(|p| p.get("id").and_then(Value::as_str) == Some(id));
            match found {
                Some(p) => matching.push((*p).clone()),
                None => {
                    return Err(format!(
                        "The proof builds on the proof {id}, which the credential does not carry."
                    ))
                }
            }
        }
        document.insert("proof".to_owned(), Value::Array(matching));
    }
    Ok((document, config))
}

fn as_list(v: Option<&Value>) -> Vec<Value> {
    match v {
        Some(Value::Array(a)) => a.clone(),
        Some(other) => vec![other.clone()],
        None => Vec::new(),
    }
}

/// What a new proof says besides its signature.
#[derive(Debug, Clone, Copy)]
pub struct ProofOptions<'a> {
    pub suite: Suite,
    /// The verification method URL (`did:key:z…#z…`).
    pub verification_method: &'a str,
    /// An XSD dateTime.
    pub created: &'a str,
    /// e.g. `assertionMethod`.
    pub purpose: &'a str,
    /// An `id` for the proof, so that a later proof can build on it.
    pub id: Option<&'a str>,
    /// The `id` of a proof of the document this proof builds on (a proof chain).
    pub previous_proof: Option<&'a str>,
    /// A presentation's `challenge` (the verifier's nonce).
    pub challenge: Option<&'a str>,
    /// A presentation's `domain` (the audience it is meant for).
    pub domain: Option<&'a str>,
    /// When the proof stops being valid (an XSD dateTime).
    pub expires: Option<&'a str>,
}

impl<'a> ProofOptions<'a> {
    pub fn new(suite: Suite, verification_method: &'a str, created: &'a str) -> Self {
        ProofOptions {
            suite,
            verification_method,
            created,
            purpose: "assertionMethod",
            id: None,
            previous_proof: None,
            challenge: None,
            domain: None,
            expires: None,
        }
    }
}

/// Adds a proof to `doc`, keeping any proofs it already carries (a proof set; a chain
/// with [`ProofOptions::previous_proof`]). Like the reference signer, a context the
/// suite's terms need is added to the document first when it is missing
/// (`data-integrity/v2` for a VC 1.1 document, `ed25519-2020/v1` for Ed25519Signature2020).
pub fn add_proof<'k>(
    doc: &Value,
    key: impl Into<IssuerKey<'k>>,
    options: &ProofOptions<'_>,
) -> Result<Value, JsonLdError> {
    let key = key.into();
    let suite = options.suite;
    let Some(obj) = doc.as_object() else {
        return Err(JsonLdError::Invalid {
            reason: "a credential must be a JSON object".to_owned(),
        });
    };
    let mut unsecured = obj.clone();
    let existing: Vec<Value> = proofs(doc).into_iter().cloned().collect();
    unsecured.remove("proof");
    add_suite_context(&mut unsecured, suite);

    let mut proof = Map::new();
    if let Some(id) = options.id {
        proof.insert("id".into(), id.into());
    }
    proof.insert("type".into(), suite.proof_type().into());
    if let Some(cs) = suite.cryptosuite() {
        proof.insert("cryptosuite".into(), cs.into());
    }
    proof.insert("created".into(), options.created.into());
    proof.insert(
        "verificationMethod".into(),
        options.verification_method.into(),
    );
    proof.insert("proofPurpose".into(), options.purpose.into());
    if let Some(prev) = options.previous_proof {
        proof.insert("previousProof".into(), prev.into());
    }
    if let Some(expires) = options.expires {
        proof.insert("expires".into(), expires.into());
    }
    if let Some(challenge) = options.challenge {
        proof.insert("challenge".into(), challenge.into());
    }
    if let Some(domain) = options.domain {
        proof.insert("domain".into(), domain.into());
    }
    if suite.canon() == suite::Canon::Jcs {
        // vc-di-eddsa / vc-di-ecdsa Create Proof (JCS): the proof carries the context.
        if let Some(ctx) = unsecured.get("@context") {
            proof.insert("@context".into(), ctx.clone());
        }
    }
    let all: Vec<&Value> = existing.iter().collect();
    let (document, config) =
        inputs(suite, &unsecured, &proof, &all).map_err(|reason| JsonLdError::Invalid {
            reason: reason.to_owned(),
        })?;
    let data = match suite::hash_data(suite, &document, &config, &mut DocumentHashes::default()) {
        Ok(d) => d,
        Err(HashFailure::Error(e)) => return Err(e),
        Err(HashFailure::Fail(reason)) => return Err(JsonLdError::Invalid { reason }),
    };
    let sig = suite::sign_bytes(suite, key, &data)?;
    proof.insert("proofValue".into(), did::multibase_encode(&sig).into());

    let mut out = unsecured;
    let proof = Value::Object(proof);
    out.insert(
        "proof".into(),
        if existing.is_empty() {
            proof
        } else {
            let mut set = existing;
            set.push(proof);
            Value::Array(set)
        },
    );
    Ok(Value::Object(out))
}

/// The context a suite's proof terms need, added to the document when it has none that
/// defines them (what the reference signer does by default).
fn add_suite_context(doc: &mut Map<String, Value>, suite: Suite) {
    let list = as_list(doc.get("@context"));
    let has = |url: &str| list.iter().any(|c| c.as_str() == Some(url));
    let needed = if suite.is_data_integrity() {
        if has(suite::CREDENTIALS_V2_CONTEXT) || has(suite::DATA_INTEGRITY_V2_CONTEXT) {
            return;
        }
        suite::DATA_INTEGRITY_V2_CONTEXT
    } else {
        if has(ED25519_2020_CONTEXT) {
            return;
        }
        ED25519_2020_CONTEXT
    };
    let mut list = list;
    list.push(needed.into());
    doc.insert("@context".into(), Value::Array(list));
}

/// Signs `unsecured` (any proof it has is replaced) with one proof of `suite`.
pub fn sign_with_suite<'k>(
    unsecured: &Value,
    key: impl Into<IssuerKey<'k>>,
    suite: Suite,
    verification_method: &str,
    created: &str,
    purpose: &str,
) -> Result<Value, JsonLdError> {
    let mut doc = unsecured.clone();
    if let Some(o) = doc.as_object_mut() {
        o.remove("proof");
    }
    let mut options = ProofOptions::new(suite, verification_method, created);
    options.purpose = purpose;
    add_proof(&doc, key, &options)
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
    sign_with_suite(
        unsecured,
        key,
        Suite::EddsaRdfc2022,
        verification_method,
        created,
        purpose,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CREATED: &str = "2026-03-01T09:00:00Z";

    /// An issuer of either key type: (key, DID, verification method).
    enum TestKey {
        Ed(ed25519_dalek::SigningKey),
        P256(p256::ecdsa::SigningKey),
    }

    impl TestKey {
        fn ed(seed: u8) -> Self {
            TestKey::Ed(ed25519_dalek::SigningKey::from_bytes(&[seed; 32]))
        }
        fn p256(seed: u8) -> Self {
            TestKey::P256(p256::ecdsa::SigningKey::from_slice(&[seed; 32]).unwrap())
        }
        fn for_suite(suite: Suite, seed: u8) -> Self {
            match suite.curve() {
                Curve::Ed25519 => TestKey::ed(seed),
                Curve::P256 => TestKey::p256(seed),
            }
        }
        fn did(&self) -> String {
            match self {
                TestKey::Ed(k) => did::did_key_for(&k.verifying_key()),
                TestKey::P256(k) => did::did_key_for_p256(k.verifying_key()),
            }
        }
        fn vm(&self) -> String {
            let did = self.did();
            let mb = did.trim_start_matches("did:key:").to_owned();
            format!("{did}#{mb}")
        }
        fn key(&self) -> IssuerKey<'_> {
            match self {
                TestKey::Ed(k) => IssuerKey::Ed25519(k),
                TestKey::P256(k) => IssuerKey::P256(k),
            }
        }
        fn sign(&self, doc: &Value, suite: Suite) -> Value {
            sign_with_suite(
                doc,
                self.key(),
                suite,
                &self.vm(),
                CREATED,
                "assertionMethod",
            )
            .unwrap_or_else(|e| panic!("{}: {e}", suite.name()))
        }
    }

    fn credential(issuer: &str, vc11: bool) -> Value {
        let mut doc: Value = serde_json::from_str(
            &include_str!("../tests/fixtures/ob3-microcredential.json")
                .replace("{{ISSUER}}", issuer),
        )
        .unwrap();
        if vc11 {
            // The shape of the Digital Credentials Consortium's VC 1.1 Open Badges.
            let o = doc.as_object_mut().unwrap();
            o.insert(
                "@context".into(),
                json!([
                    "https://www.w3.org/2018/credentials/v1",
                    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"
                ]),
            );
            let from = o.remove("validFrom").unwrap();
            o.insert("issuanceDate".into(), from);
            if let Some(until) = o.remove("validUntil") {
                o.insert("expirationDate".into(), until);
            }
        }
        doc
    }

    fn only(reports: Vec<ProofReport>) -> ProofReport {
        assert_eq!(reports.len(), 1, "{reports:?}");
        reports.into_iter().next().unwrap()
    }

    fn passes(r: &ProofReport) -> bool {
        matches!(r.signature, Outcome::Pass(_)) && matches!(r.issuer_key, Outcome::Pass(_))
    }

    #[test]
    fn every_suite_signs_and_verifies_in_both_data_models() {
        for suite in Suite::ALL {
            for vc11 in [false, true] {
                let k = TestKey::for_suite(suite, 31);
                let signed = k.sign(&credential(&k.did(), vc11), suite);
                let r = only(verify(&signed, &k.did()).unwrap());
                assert!(passes(&r), "{} vc11={vc11}: {r:?}", suite.name());
                assert_eq!(r.suite, suite.name());
                // Changed content fails.
                let mut changed = signed.clone();
                changed["credentialSubject"]["achievement"]["name"] = "Something else".into();
                let r = only(verify(&changed, &k.did()).unwrap());
                assert!(
                    matches!(&r.signature, Outcome::Fail(d) if d.contains("changed")),
                    "{}: {r:?}",
                    suite.name()
                );
            }
        }
    }

    #[test]
    fn the_legacy_and_jcs_proofs_have_the_reference_shape() {
        let k = TestKey::ed(32);
        let doc = credential(&k.did(), true);
        let s = k.sign(&doc, Suite::Ed25519Signature2020);
        assert_eq!(s["proof"]["type"], "Ed25519Signature2020");
        assert!(s["proof"].get("cryptosuite").is_none());
        assert!(s["proof"].get("@context").is_none());
        assert_eq!(s["@context"][2], ED25519_2020_CONTEXT);
        let j = k.sign(&credential(&k.did(), false), Suite::EddsaJcs2022);
        assert_eq!(j["proof"]["cryptosuite"], "eddsa-jcs-2022");
        assert_eq!(j["proof"]["@context"], j["@context"]);
        let r = k.sign(&doc, Suite::EddsaRdfc2022);
        assert_eq!(
            r["@context"][2],
            "https://w3id.org/security/data-integrity/v2"
        );
    }

    #[test]
    fn jcs_reads_numbers_as_javascript_does() {
        // RFC 8785 serialises numbers as ECMAScript does, so the same value written
        // differently canonicalises the same: the issuer's JSON.stringify output and a
        // re-serialised copy verify alike.
        for (written, js) in [
            ("2.5", "2.5"),
            ("5", "5"),
            ("5.0", "5"),
            ("2.50", "2.5"),
            ("25e-1", "2.5"),
            ("0.1", "0.1"),
            ("1e21", "1e+21"),
            ("1E-7", "1e-7"),
            ("0.000001", "0.000001"),
            ("-0", "0"),
            ("9007199254740993", "9007199254740992"),
            ("123456789012345678901", "123456789012345680000"),
            ("4.35", "4.35"),
            ("0.30000000000000004", "0.30000000000000004"),
        ] {
            let v: Value = serde_json::from_str(&format!("{{\"n\":{written}}}")).unwrap();
            assert_eq!(
                serde_json_canonicalizer::to_string(&v).unwrap(),
                format!("{{\"n\":{js}}}"),
                "{written}"
            );
        }
        let k = TestKey::ed(33);
        let mut doc = credential(&k.did(), false);
        doc["credentialSubject"]["achievement"]["creditsAvailable"] = json!(5);
        let signed = k.sign(&doc, Suite::EddsaJcs2022);
        let text = serde_json::to_string(&signed).unwrap();
        assert!(text.contains("\"creditsAvailable\":5,"), "{text}");
        for (from, to, ok) in [
            ("\"creditsAvailable\":5,", "\"creditsAvailable\":5.0,", true),
            ("\"creditsAvailable\":5,", "\"creditsAvailable\":5e0,", true),
            (
                "\"creditsAvailable\":5,",
                "\"creditsAvailable\":5.000001,",
                false,
            ),
            (
                "\"creditsAvailable\":5,",
                "\"creditsAvailable\":\"5\",",
                false,
            ),
        ] {
            let v: Value = serde_json::from_str(&text.replacen(from, to, 1)).unwrap();
            let r = only(verify(&v, &k.did()).unwrap());
            assert_eq!(matches!(r.signature, Outcome::Pass(_)), ok, "{to}: {r:?}");
        }
    }

    #[test]
    fn malformed_proofs_fail_and_never_panic() {
        for suite in Suite::ALL {
            let k = TestKey::for_suite(suite, 34);
            let signed = k.sign(&credential(&k.did(), false), suite);
            let good = signed["proof"]["proofValue"].as_str().unwrap().to_owned();
            let sig = did::multibase_decode(&good).unwrap();
            let mut values: Vec<Value> = vec![
                json!(""),
                json!("z"),
                json!("abc"),
                json!("z0OIl"),
                json!("u3q2-7w"),
                json!("m"),
                json!("z\u{00e9}\u{1F600}"),
                json!(did::multibase_encode(&sig[..63])),
                json!(did::multibase_encode(&[sig.as_slice(), &[0]].concat())),
                json!(did::multibase_encode(&[0u8; 64])),
                json!(did::multibase_encode(&[0xffu8; 64])),
                json!(did::multibase_encode(&[7u8; 4096])),
                json!(format!("{good}X")),
                json!(5),
                json!(null),
                json!(["z1"]),
                json!({"z": 1}),
            ];
            // The good value with one byte flipped.
            let mut flipped = sig.clone();
            flipped[10] ^= 1;
            values.push(json!(did::multibase_encode(&flipped)));
            for v in values {
                let mut doc = signed.clone();
                doc["proof"]["proofValue"] = v.clone();
                let r = only(verify(&doc, &k.did()).unwrap());
                assert!(
                    matches!(r.signature, Outcome::Fail(_)),
                    "{} proofValue {v}: {r:?}",
                    suite.name()
                );
            }
            let mut doc = signed.clone();
            doc["proof"].as_object_mut().unwrap().remove("proofValue");
            assert!(matches!(
                only(verify(&doc, &k.did()).unwrap()).signature,
                Outcome::Fail(_)
            ));
            // Other members of the proof, replaced by odd values.
            for member in [
                "verificationMethod",
                "proofPurpose",
                "type",
                "cryptosuite",
                "created",
                "@context",
            ] {
                for v in [
                    json!(null),
                    json!(1),
                    json!([]),
                    json!({}),
                    json!("did:key:z"),
                    json!("did:key:zDn"),
                    json!("did:key:z6Mk"),
                    json!(format!("{}#other", k.did())),
                ] {
                    let mut doc = signed.clone();
                    doc["proof"][member] = v.clone();
                    // A malformed proof is a failed check, not an unreadable credential;
                    // only a context Tessera does not have is an error.
                    match verify(&doc, &k.did()) {
                        Ok(reports) => {
                            let r = only(reports);
                            assert!(!passes(&r), "{} {member}={v}: {r:?}", suite.name());
                        }
                        Err(JsonLdError::UnknownContext { .. }) if member == "@context" => {}
                        Err(e) => panic!("{} {member}={v}: {e}", suite.name()),
                    }
                }
            }
        }
        // Proofs that are not objects, or empty.
        let k = TestKey::ed(35);
        let doc = credential(&k.did(), false);
        for proof in [json!(["x"]), json!([1, null]), json!([{}]), json!([[]])] {
            let mut d = doc.clone();
            d["proof"] = proof.clone();
            for r in verify(&d, &k.did()).unwrap() {
                assert!(matches!(r.signature, Outcome::Fail(_)), "{proof}: {r:?}");
            }
        }
    }

    #[test]
    fn a_key_of_the_wrong_type_or_owner_fails() {
        let ed = TestKey::ed(36);
        let p = TestKey::p256(36);
        let doc = credential(&ed.did(), false);
        // An Ed25519 proof whose method names a P-256 key, and the other way round.
        let mut a = ed.sign(&doc, Suite::EddsaRdfc2022);
        a["proof"]["verificationMethod"] = p.vm().into();
        let r = only(verify(&a, &ed.did()).unwrap());
        assert!(
            matches!(r.signature, Outcome::Fail(ref d) if d.contains("P-256")),
            "{r:?}"
        );
        let mut b = p.sign(&doc, Suite::EcdsaRdfc2019);
        b["proof"]["verificationMethod"] = ed.vm().into();
        assert!(matches!(
            only(verify(&b, &ed.did()).unwrap()).signature,
            Outcome::Fail(_)
        ));
        // Signed by a P-256 key that is not the issuer's.
        let other = TestKey::p256(37);
        let c = other.sign(&doc, Suite::EcdsaJcs2019);
        let r = only(verify(&c, &ed.did()).unwrap());
        assert!(matches!(r.signature, Outcome::Pass(_)), "{r:?}");
        assert!(matches!(r.issuer_key, Outcome::Fail(_)), "{r:?}");
    }

    #[test]
    fn registered_suites_tessera_cannot_check_are_unknown_others_fail() {
        let k = TestKey::ed(38);
        let signed = k.sign(&credential(&k.did(), false), Suite::EddsaRdfc2022);
        for (ptype, cs, unknown) in [
            ("DataIntegrityProof", Some("ecdsa-sd-2023"), true),
            ("DataIntegrityProof", Some("bbs-2023"), true),
            ("Ed25519Signature2018", None, true),
            ("JsonWebSignature2020", None, true),
            ("DataIntegrityProof", Some("eddsa-2099"), false),
            ("DataIntegrityProof", None, false),
            ("MadeUpSignature2024", None, false),
        ] {
            let mut d = signed.clone();
            d["proof"]["type"] = ptype.into();
            match cs {
                Some(c) => d["proof"]["cryptosuite"] = c.into(),
                None => {
                    d["proof"].as_object_mut().unwrap().remove("cryptosuite");
                }
            }
            let r = only(verify(&d, &k.did()).unwrap());
            if unknown {
                assert!(
                    matches!(r.signature, Outcome::Unknown(_)),
                    "{ptype} {cs:?}: {r:?}"
                );
            } else {
                assert!(
                    matches!(r.signature, Outcome::Fail(_)),
                    "{ptype} {cs:?}: {r:?}"
                );
            }
        }
        // ECDSA with a P-384 did:key (multicodec 0x1201): registered, not checked yet.
        let mut p384 = vec![0x81, 0x24, 0x02];
        p384.extend_from_slice(&[5u8; 48]);
        let did = format!("did:key:{}", did::multibase_encode(&p384));
        let p = TestKey::p256(39);
        let mut d = p.sign(&credential(&did, false), Suite::EcdsaRdfc2019);
        let mb = did.trim_start_matches("did:key:").to_owned();
        d["proof"]["verificationMethod"] = format!("{did}#{mb}").into();
        let r = only(verify(&d, &did).unwrap());
        assert!(matches!(r.signature, Outcome::Unknown(_)), "{r:?}");
        // A did:web key cannot be fetched offline.
        let mut d = signed.clone();
        d["proof"]["verificationMethod"] = "did:web:example.org#key-1".into();
        let r = only(verify(&d, "did:web:example.org").unwrap());
        assert!(matches!(r.signature, Outcome::Unknown(_)), "{r:?}");
    }

    #[test]
    fn proof_sets_of_different_suites_check_every_proof() {
        let ed = TestKey::ed(40);
        let doc = credential(&ed.did(), true);
        let mut both = add_proof(
            &doc,
            ed.key(),
            &ProofOptions::new(Suite::Ed25519Signature2020, &ed.vm(), CREATED),
        )
        .unwrap();
        for suite in [Suite::EddsaRdfc2022, Suite::EddsaJcs2022] {
            both = add_proof(
                &both,
                ed.key(),
                &ProofOptions::new(suite, &ed.vm(), CREATED),
            )
            .unwrap();
        }
        let reports = verify(&both, &ed.did()).unwrap();
        assert_eq!(reports.len(), 3);
        assert!(reports.iter().all(passes), "{reports:?}");
        for i in 0..3 {
            let mut bad = both.clone();
            bad["proof"][i]["created"] = "2026-03-02T09:00:00Z".into();
            let reports = verify(&bad, &ed.did()).unwrap();
            for (j, r) in reports.iter().enumerate() {
                assert_eq!(
                    matches!(r.signature, Outcome::Pass(_)),
                    i != j,
                    "{i} {j}: {r:?}"
                );
            }
        }
    }

    #[test]
    fn a_proof_chain_signs_the_proofs_it_builds_on() {
        let ed = TestKey::ed(41);
        let p = TestKey::p256(41);
        let doc = credential(&ed.did(), false);
        let ed_vm = ed.vm();
        let mut first = ProofOptions::new(Suite::EddsaRdfc2022, &ed_vm, CREATED);
        first.id = Some("urn:uuid:0c6a3e56-first");
        let one = add_proof(&doc, ed.key(), &first).unwrap();
        for suite in [Suite::EcdsaRdfc2019, Suite::EcdsaJcs2019] {
            let vm = p.vm();
            let mut second = ProofOptions::new(suite, &vm, CREATED);
            second.previous_proof = Some("urn:uuid:0c6a3e56-first");
            let two = add_proof(&one, p.key(), &second).unwrap();
            let reports = verify(&two, &ed.did()).unwrap();
            assert!(
                matches!(reports[0].signature, Outcome::Pass(_)),
                "{reports:?}"
            );
            assert!(
                matches!(reports[1].signature, Outcome::Pass(_)),
                "{reports:?}"
            );
            // The endorsed proof changed: the chained one no longer matches.
            let mut changed = two.clone();
            changed["proof"][0]["created"] = "2026-03-02T09:00:00Z".into();
            let reports = verify(&changed, &ed.did()).unwrap();
            assert!(reports
                .iter()
                .all(|r| matches!(r.signature, Outcome::Fail(_))));
            // The endorsed proof removed.
            let mut alone = two.clone();
            alone["proof"] = two["proof"][1].clone();
            let r = only(verify(&alone, &ed.did()).unwrap());
            assert!(
                matches!(r.signature, Outcome::Fail(ref d) if d.contains("urn:uuid:0c6a3e56-first")),
                "{r:?}"
            );
        }
    }

    #[test]
    fn proof_contexts_must_prefix_the_documents() {
        let k = TestKey::ed(42);
        let signed = k.sign(&credential(&k.did(), false), Suite::EddsaJcs2022);
        let mut d = signed.clone();
        d["proof"]["@context"] = json!(["https://www.w3.org/2018/credentials/v1"]);
        let r = only(verify(&d, &k.did()).unwrap());
        assert!(
            matches!(r.signature, Outcome::Fail(ref s) if s.contains("@context")),
            "{r:?}"
        );
        // The Ed25519Signature2020 context must be in the document.
        let s = k.sign(&credential(&k.did(), true), Suite::Ed25519Signature2020);
        let mut d = s.clone();
        d["@context"].as_array_mut().unwrap().pop();
        let r = only(verify(&d, &k.did()).unwrap());
        assert!(
            matches!(r.signature, Outcome::Fail(ref s) if s.contains(ED25519_2020_CONTEXT)),
            "{r:?}"
        );
    }

    #[test]
    fn signing_refuses_a_key_of_the_wrong_type() {
        let ed = TestKey::ed(43);
        let p = TestKey::p256(43);
        let doc = credential(&ed.did(), false);
        assert!(sign_with_suite(
            &doc,
            p.key(),
            Suite::EddsaJcs2022,
            &ed.vm(),
            CREATED,
            "assertionMethod"
        )
        .is_err());
        assert!(sign_with_suite(
            &doc,
            ed.key(),
            Suite::EcdsaRdfc2019,
            &p.vm(),
            CREATED,
            "assertionMethod"
        )
        .is_err());
        assert!(sign_with_suite(
            &json!([1]),
            ed.key(),
            Suite::EddsaRdfc2022,
            &ed.vm(),
            CREATED,
            "assertionMethod"
        )
        .is_err());
        assert!(format!("{:?}", ed.key()).contains(".."));
    }
}
