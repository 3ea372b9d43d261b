//! The proof suites Tessera checks, and what each one signs: how the document and the
//! proof configuration are canonicalised and hashed, and which signature is over them.
//!
//! | suite | proof `type` | canonical form | key | signature over |
//! |---|---|---|---|---|
//! | `eddsa-rdfc-2022` (vc-di-eddsa) | `DataIntegrityProof` | RDFC-1.0 N-Quads | Ed25519 | `sha256(config) ‖ sha256(doc)` |
//! | `eddsa-jcs-2022` (vc-di-eddsa) | `DataIntegrityProof` | JCS (RFC 8785) | Ed25519 | same |
//! | `ecdsa-rdfc-2019` (vc-di-ecdsa) | `DataIntegrityProof` | RDFC-1.0 N-Quads | P-256 | same, as the message of ECDSA-SHA-256 |
//! | `ecdsa-jcs-2019` (vc-di-ecdsa) | `DataIntegrityProof` | JCS (RFC 8785) | P-256 | same, as the message of ECDSA-SHA-256 |
//! | `Ed25519Signature2020` (CCG report, VC 1.1 era) | itself | URDNA2015 (= RDFC-1.0) | Ed25519 | same |
//!
//! ECDSA: vc-di-ecdsa signs the 64-byte hash data with ECDSA over P-256 and SHA-256, so the
//! hash data is hashed once more inside the signature (as WebCrypto's `ECDSA`/`SHA-256`
//! does in the reference implementation). The signature is the 64-byte IEEE P1363 `r ‖ s`.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::jose::PublicKey;
use crate::jsonld::{self, JsonLdError};

/// A proof suite Tessera can verify and (for its own tests and, later, presentations) sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Suite {
    EddsaRdfc2022,
    EddsaJcs2022,
    EcdsaRdfc2019,
    EcdsaJcs2019,
    /// The Linked Data proof type of VC 1.1 credentials (Digital Credentials Consortium).
    Ed25519Signature2020,
}

/// How a suite turns JSON into the bytes it hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Canon {
    /// RDF Dataset Canonicalization (RDFC-1.0, formerly URDNA2015) of the JSON-LD.
    Rdfc,
    /// The JSON Canonicalization Scheme (RFC 8785).
    Jcs,
}

/// The key type a suite signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Curve {
    Ed25519,
    P256,
}

pub const DATA_INTEGRITY_PROOF: &str = "DataIntegrityProof";
pub const ED25519_2020_CONTEXT: &str = "https://w3id.org/security/suites/ed25519-2020/v1";
pub(crate) const DATA_INTEGRITY_V2_CONTEXT: &str = "https://w3id.org/security/data-integrity/v2";
pub(crate) const CREDENTIALS_V2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";

impl Suite {
    pub const ALL: [Suite; 5] = [
        Suite::EddsaRdfc2022,
        Suite::EddsaJcs2022,
        Suite::EcdsaRdfc2019,
        Suite::EcdsaJcs2019,
        Suite::Ed25519Signature2020,
    ];

    /// The cryptosuite name (`eddsa-jcs-2022`), or the proof type of a legacy suite.
    pub fn name(self) -> &'static str {
        match self {
            Suite::EddsaRdfc2022 => "eddsa-rdfc-2022",
            Suite::EddsaJcs2022 => "eddsa-jcs-2022",
            Suite::EcdsaRdfc2019 => "ecdsa-rdfc-2019",
            Suite::EcdsaJcs2019 => "ecdsa-jcs-2019",
            Suite::Ed25519Signature2020 => "Ed25519Signature2020",
        }
    }

    /// The proof's `type`.
    pub fn proof_type(self) -> &'static str {
        match self {
            Suite::Ed25519Signature2020 => "Ed25519Signature2020",
            _ => DATA_INTEGRITY_PROOF,
        }
    }

    /// The proof's `cryptosuite` (Data Integrity suites only).
    pub fn cryptosuite(self) -> Option<&'static str> {
        match self {
            Suite::Ed25519Signature2020 => None,
            s => Some(s.name()),
        }
    }

    /// The suite named by a proof's `type` and `cryptosuite`, if Tessera checks it.
    pub fn from_proof(proof_type: &str, cryptosuite: Option<&str>) -> Option<Suite> {
        if proof_type == DATA_INTEGRITY_PROOF {
            let cs = cryptosuite?;
            Suite::ALL.into_iter().find(|s| s.cryptosuite() == Some(cs))
        } else if proof_type == "Ed25519Signature2020" {
            Some(Suite::Ed25519Signature2020)
        } else {
            None
        }
    }

    pub(crate) fn canon(self) -> Canon {
        match self {
            Suite::EddsaJcs2022 | Suite::EcdsaJcs2019 => Canon::Jcs,
            _ => Canon::Rdfc,
        }
    }

    pub(crate) fn curve(self) -> Curve {
        match self {
            Suite::EcdsaRdfc2019 | Suite::EcdsaJcs2019 => Curve::P256,
            _ => Curve::Ed25519,
        }
    }

    pub(crate) fn is_data_integrity(self) -> bool {
        self != Suite::Ed25519Signature2020
    }

    /// How the signature is described to a learner.
    pub(crate) fn signature_name(self) -> &'static str {
        match self.curve() {
            Curve::Ed25519 => "Ed25519",
            Curve::P256 => "P-256 ECDSA",
        }
    }
}

impl Curve {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Curve::Ed25519 => "Ed25519",
            Curve::P256 => "P-256",
        }
    }

    pub(crate) fn fits(self, key: &PublicKey) -> bool {
        matches!(
            (self, key),
            (Curve::Ed25519, PublicKey::Ed25519(_)) | (Curve::P256, PublicKey::P256(_))
        )
    }
}

/// Why hash data could not be made.
#[derive(Debug)]
pub(crate) enum HashFailure {
    /// The credential cannot be what was signed (a term its contexts do not define, JSON
    /// that has no canonical form): the signature check fails.
    Fail(String),
    /// The credential could not be processed at all (an unknown context, invalid JSON-LD).
    Error(JsonLdError),
}

impl From<JsonLdError> for HashFailure {
    fn from(e: JsonLdError) -> Self {
        match e {
            JsonLdError::UndefinedTerm { .. } => HashFailure::Fail(format!("{e}.")),
            other => HashFailure::Error(other),
        }
    }
}

/// The canonical form of `value` under `canon`.
pub(crate) fn canonical(canon: Canon, value: &Value) -> Result<String, HashFailure> {
    match canon {
        Canon::Rdfc => Ok(jsonld::canonicalize(value)?),
        Canon::Jcs => serde_json_canonicalizer::to_string(value).map_err(|e| {
            HashFailure::Fail(format!("The credential has no canonical JSON form: {e}."))
        }),
    }
}

/// SHA-256 of the canonical document, remembered for the other proofs of the same
/// document (a proof set signs the same bytes several times).
#[derive(Default)]
pub(crate) struct DocumentHashes {
    seen: Vec<(Canon, Value, [u8; 32])>,
}

impl DocumentHashes {
    pub(crate) fn get(&mut self, canon: Canon, doc: &Value) -> Result<[u8; 32], HashFailure> {
        if let Some((_, _, h)) = self.seen.iter().find(|(c, d, _)| *c == canon && d == doc) {
            return Ok(*h);
        }
        let h: [u8; 32] = Sha256::digest(canonical(canon, doc)?.as_bytes()).into();
        self.seen.push((canon, doc.clone(), h));
        Ok(h)
    }
}

/// `hashData`: SHA-256 of the canonical proof configuration, then of the canonical
/// document (both suites families and the legacy suite put them in this order).
pub(crate) fn hash_data(
    suite: Suite,
    document: &Map<String, Value>,
    config: &Map<String, Value>,
    hashes: &mut DocumentHashes,
) -> Result<Vec<u8>, HashFailure> {
    let canon = suite.canon();
    // A proof that JSON-LD cannot read is a malformed proof (the credential itself may be
    // fine); only a context Tessera does not have stays an error that names it.
    let canonical_config = match canonical(canon, &Value::Object(config.clone())) {
        Ok(c) => c,
        Err(HashFailure::Error(JsonLdError::Invalid { reason })) => {
            return Err(HashFailure::Fail(format!(
                "The proof cannot be read as JSON-LD: {reason}."
            )))
        }
        Err(e) => return Err(e),
    };
    let config_hash = Sha256::digest(canonical_config.as_bytes());
    let doc_hash = hashes.get(canon, &Value::Object(document.clone()))?;
    let mut out = config_hash.to_vec();
    out.extend_from_slice(&doc_hash);
    Ok(out)
}

/// Checks `signature` over `data`. `Err` says why the signature bytes are not a signature
/// of this suite at all; `Ok(false)` is a well-formed signature that does not match.
pub(crate) fn verify_signature(
    suite: Suite,
    key: &PublicKey,
    data: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    match (suite.curve(), key) {
        (Curve::Ed25519, PublicKey::Ed25519(k)) => {
            use ed25519_dalek::Verifier;
            let sig = ed25519_dalek::Signature::from_slice(signature).map_err(|_| {
                format!(
                    "The signature is {} bytes; an Ed25519 signature is 64.",
                    signature.len()
                )
            })?;
            Ok(k.verify(data, &sig).is_ok())
        }
        (Curve::P256, PublicKey::P256(k)) => {
            use p256::ecdsa::signature::Verifier;
            if signature.len() != 64 {
                return Err(format!(
                    "The signature is {} bytes; a P-256 signature (r and s) is 64.",
                    signature.len()
                ));
            }
            let sig = p256::ecdsa::Signature::from_slice(signature)
                .map_err(|_| "The signature is not a valid P-256 signature.".to_owned())?;
            Ok(k.verify(data, &sig).is_ok())
        }
        (curve, key) => Err(format!(
            "{} needs an {} key, and the proof names a {} key.",
            suite.name(),
            curve.name(),
            key.kind()
        )),
    }
}

/// A private key Tessera signs with (tests' own issuers; later, holder presentations).
#[derive(Clone, Copy)]
pub enum IssuerKey<'a> {
    Ed25519(&'a ed25519_dalek::SigningKey),
    P256(&'a p256::ecdsa::SigningKey),
}

impl<'a> From<&'a ed25519_dalek::SigningKey> for IssuerKey<'a> {
    fn from(k: &'a ed25519_dalek::SigningKey) -> Self {
        IssuerKey::Ed25519(k)
    }
}

impl<'a> From<&'a p256::ecdsa::SigningKey> for IssuerKey<'a> {
    fn from(k: &'a p256::ecdsa::SigningKey) -> Self {
        IssuerKey::P256(k)
    }
}

impl std::fmt::Debug for IssuerKey<'_> {
    // Never prints key material.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IssuerKey::Ed25519(_) => f.write_str("IssuerKey::Ed25519(..)"),
            IssuerKey::P256(_) => f.write_str("IssuerKey::P256(..)"),
        }
    }
}

/// Signs `data` for `suite` (deterministic: Ed25519, and RFC 6979 ECDSA).
pub(crate) fn sign_bytes(
    suite: Suite,
    key: IssuerKey<'_>,
    data: &[u8],
) -> Result<Vec<u8>, JsonLdError> {
    match (suite.curve(), key) {
        (Curve::Ed25519, IssuerKey::Ed25519(k)) => {
            use ed25519_dalek::Signer;
            Ok(k.sign(data).to_bytes().to_vec())
        }
        (Curve::P256, IssuerKey::P256(k)) => {
            use p256::ecdsa::signature::Signer;
            let sig: p256::ecdsa::Signature = k.sign(data);
            Ok(sig.to_bytes().to_vec())
        }
        (curve, _) => Err(JsonLdError::Invalid {
            reason: format!("{} signs with an {} key", suite.name(), curve.name()),
        }),
    }
}
