//! Presentations: what a learner shows a verifier, and the verifier's check of it.
//!
//! Two kinds (cli.md, "Presentations"):
//! - **SD-JWT** credentials are presented as a standard SD-JWT with a Key Binding JWT
//!   (RFC 9901): `<issuer-jwt>~<disclosure>~...~<kb-jwt>`, carrying exactly the
//!   disclosures the chosen claim paths need and nothing else. The KB-JWT has the header
//!   `{"alg": "EdDSA" | "ES256", "typ": "kb+jwt"}` and the payload
//!   `{"iat", "aud", "nonce", "sd_hash", "exp"}`, where `sd_hash` is the base64url SHA-256
//!   of the ASCII text `<issuer-jwt>~<d1>~...~<dn>~`. It is signed by the holder key the
//!   issuer bound the credential to (`cnf.jwk`: Ed25519 or P-256, [`holder_alg`]).
//! - **Data Integrity** credentials (no issuer-side selective disclosure) are presented
//!   whole inside one W3C Verifiable Presentation (VC Data Model 2.0) signed by the
//!   holder's Ed25519 `did:key` with `eddsa-rdfc-2022`: `proofPurpose` `authentication`,
//!   `challenge` = the verifier's nonce, `domain` = the audience, `expires`. Several
//!   credentials may go in one.
//!
//! Paths (`disclose`) follow cli.md: dot-separated claim names from the top of the claim
//! set the learner holds, array elements by their index in that (fully disclosed) array
//! (`nationalities.1`) — the paths of [`crate::model::Selective::disclosable`].
//! - a selectively disclosable path reveals its disclosure and the disclosures of the
//!   selectively disclosable claims it sits in (`address.country` needs `address` when
//!   `address` is itself selectively disclosable), and nothing below it that is
//!   selectively disclosable on its own;
//! - an always-visible claim needs no path (naming one changes nothing);
//! - a path inside a claim the issuer made one disclosure (`address.country` when
//!   `address` is one disclosure with `country` in it) is [`PresentError::OnlyWhole`];
//! - any other path is [`PresentError::PathNotFound`]; with no paths nothing selectively
//!   disclosable is revealed.
//!
//! The verifier's side, [`verify`], is stricter than the reference libraries: besides the
//! credential's own checks ([`crate::verify::examine`]: issuer signature, issuer key, every
//! RFC 9901 disclosure rule, validity, status), it checks
//! - `holder-binding`: SD-JWT: a Key Binding JWT is there, `typ` is `kb+jwt`, its `alg`
//!   fits the `cnf` key type, it is signed by the `cnf` key and its `sd_hash` is that of
//!   exactly the presented text; VP: the proof verifies with `proofPurpose`
//!   `authentication`, its key belongs to the VP's `holder`, and every credential whose
//!   subject is a DID was issued to that holder (no subject id: `warn`);
//! - `audience` (`aud` / `domain`) and `nonce` (`nonce` / `challenge`): equal to what the
//!   verifier expects; when it expects nothing the check is `warn` and says so;
//! - `expiry`: made (`iat` / `created`) no more than five minutes in the future, and not
//!   expired (`exp` / `expires` after `env.now`); no expiry at all is `warn`.
//!
//! The verdict is `invalid` when any check fails, `unknown` when one could not be made,
//! else `valid`. Everything is pure: times, nonces and keys are handed in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::jose::PublicKey;
use crate::model::{Check, Examined, Verdict};
use crate::verify::CoreError;

mod check;
mod holder;
mod vp;

pub use check::verify;
pub use holder::{disclosable_paths, holder_alg, key_binding_jwt, preview_sd_jwt, sd_jwt};
pub use vp::{only_whole, vp};

/// The P-256 holder key type (ECDSA), re-exported so that callers need not name the
/// `p256` crate themselves.
pub use p256::ecdsa::SigningKey as P256SigningKey;

/// How far in the future a presentation's issue time may be (clock skew).
pub const CLOCK_SKEW_SECONDS: i64 = 5 * 60;

/// The holder's signing key for one presentation.
#[derive(Clone, Copy)]
pub enum HolderKey<'a> {
    Ed25519(&'a ed25519_dalek::SigningKey),
    P256(&'a p256::ecdsa::SigningKey),
}

impl std::fmt::Debug for HolderKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the private key.
        write!(f, "HolderKey({})", self.alg())
    }
}

impl HolderKey<'_> {
    pub fn alg(&self) -> KeyAlg {
        match self {
            HolderKey::Ed25519(_) => KeyAlg::Ed25519,
            HolderKey::P256(_) => KeyAlg::P256,
        }
    }

    /// The public key.
    pub fn public(&self) -> PublicKey {
        match self {
            HolderKey::Ed25519(k) => PublicKey::Ed25519(k.verifying_key()),
            HolderKey::P256(k) => PublicKey::P256(*k.verifying_key()),
        }
    }

    /// The public JWK, as an issuer puts it in `cnf.jwk`.
    pub fn public_jwk(&self) -> Value {
        self.public().to_jwk()
    }

    /// A JWS signature over `data` (EdDSA: 64 bytes; ES256: `r || s`, 64 bytes).
    pub fn sign(&self, data: &[u8]) -> Vec<u8> {
        match self {
            HolderKey::Ed25519(k) => {
                use ed25519_dalek::Signer;
                k.sign(data).to_bytes().to_vec()
            }
            HolderKey::P256(k) => {
                use p256::ecdsa::signature::Signer;
                let s: p256::ecdsa::Signature = k.sign(data);
                s.to_bytes().to_vec()
            }
        }
    }
}

/// The type of a holder key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum KeyAlg {
    #[serde(rename = "Ed25519")]
    Ed25519,
    #[serde(rename = "P-256")]
    P256,
}

impl KeyAlg {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyAlg::Ed25519 => "Ed25519",
            KeyAlg::P256 => "P-256",
        }
    }

    /// The JWS `alg` a Key Binding JWT made with this key carries.
    pub fn jws_alg(self) -> &'static str {
        match self {
            KeyAlg::Ed25519 => "EdDSA",
            KeyAlg::P256 => "ES256",
        }
    }

    /// The type of a public key, when it is one a holder key can be.
    pub fn of(key: &PublicKey) -> Option<KeyAlg> {
        match key {
            PublicKey::Ed25519(_) => Some(KeyAlg::Ed25519),
            PublicKey::P256(_) => Some(KeyAlg::P256),
            PublicKey::Rsa(_) => None,
        }
    }
}

impl std::fmt::Display for KeyAlg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the verifier asked for, and the presentation's lifetime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Who the presentation is for (`aud` / `domain`).
    pub audience: String,
    /// The verifier's nonce (`nonce` / `challenge`).
    pub nonce: String,
    /// When it is made (`iat` / `created`).
    pub issued_at: DateTime<Utc>,
    /// When it stops being accepted (`exp` / `expires`).
    pub expires_at: DateTime<Utc>,
}

impl Request {
    pub fn new(
        audience: impl Into<String>,
        nonce: impl Into<String>,
        issued_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Self {
        Request {
            audience: audience.into(),
            nonce: nonce.into(),
            issued_at,
            expires_at,
        }
    }

    pub(crate) fn check(&self) -> Result<(), PresentError> {
        let bad = |reason: &str| {
            Err(PresentError::BadRequest {
                reason: reason.to_owned(),
            })
        };
        if self.audience.trim().is_empty() {
            return bad("the audience (who the presentation is for) is empty");
        }
        if self.nonce.trim().is_empty() {
            return bad("the nonce is empty");
        }
        if self.expires_at <= self.issued_at {
            return bad("it would expire before it is made");
        }
        Ok(())
    }
}

/// The two kinds of presentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum PresentationFormat {
    /// SD-JWT + Key Binding JWT (RFC 9901).
    #[serde(rename = "sd-jwt")]
    SdJwt,
    /// A W3C Verifiable Presentation with a Data Integrity proof.
    #[serde(rename = "vp")]
    Vp,
}

impl PresentationFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            PresentationFormat::SdJwt => "sd-jwt",
            PresentationFormat::Vp => "vp",
        }
    }
}

/// A presentation ready to share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Presentation {
    /// The exact text to share (a file, a QR code).
    pub text: String,
    pub format: PresentationFormat,
    /// What the recipient sees, one per credential.
    pub disclosed: Vec<Disclosure>,
}

/// What the recipient of a presentation sees of one credential.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Disclosure {
    /// The claims the recipient sees, as a JSON object: the always-visible claims and the
    /// chosen ones (for a credential shared whole: the credential without its proof).
    pub revealed: Value,
    /// The selectively disclosable paths revealed.
    pub paths: Vec<String>,
    /// The selectively disclosable paths not revealed.
    pub withheld: Vec<String>,
}

/// The verifier's conclusion about a presentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PresentationReport {
    pub verdict: Verdict,
    pub format: PresentationFormat,
    /// The credentials' own checks (as in `credentials`), then `holder-binding`,
    /// `audience`, `nonce` and `expiry`.
    pub checks: Vec<Check>,
    /// The claims revealed, one JSON object per credential.
    pub disclosed: Vec<Value>,
    /// Each credential as examined on its own.
    pub credentials: Vec<Examined>,
    /// Who presented it: the VP's `holder`, or the SD-JWT's `cnf` key as a `did:jwk`.
    pub holder: Option<String>,
    /// The audience, nonce and expiry the presentation states (not what was expected).
    pub audience: Option<String>,
    pub nonce: Option<String>,
    /// RFC 3339.
    pub expires: Option<String>,
}

/// Why a presentation could not be made, or could not be read at all.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum PresentError {
    #[error("this credential has no claim \"{path}\" (a path is claim names separated by dots, with array elements by their number from 0, e.g. nationalities.1)")]
    PathNotFound { path: String },
    #[error("\"{path}\" can only be revealed whole: the issuer made \"{whole}\" one disclosure, so reveal \"{whole}\" to show it")]
    OnlyWhole { path: String, whole: String },
    #[error("this credential can only be shared whole: it has no claims that can be revealed one by one, so everything in it is shown (choose \"all\")")]
    OnlyWholeCredential,
    #[error("this credential is not bound to a holder key (it has no cnf), so it cannot be presented with proof that it is yours")]
    NotBound,
    #[error("{}", key_mismatch(*.bound, *.given))]
    KeyMismatch { bound: KeyAlg, given: KeyAlg },
    #[error("{what} is not supported")]
    Unsupported { what: String },
    #[error("it cannot be read: {reason}")]
    Unreadable { reason: String },
    #[error("the presentation request is not usable: {reason}")]
    BadRequest { reason: String },
    #[error("a presentation needs at least one credential")]
    NoCredentials,
    #[error("credential {number} cannot go into a presentation: {reason}")]
    NotACredential { number: usize, reason: String },
    #[error("the presentation could not be signed: {reason}")]
    Sign { reason: String },
    #[error("credential {number} in the presentation could not be examined: {source}")]
    Credential { number: usize, source: CoreError },
    #[error("the credential in the presentation could not be examined: {0}")]
    Core(#[from] CoreError),
}

fn key_mismatch(bound: KeyAlg, given: KeyAlg) -> String {
    if bound == given {
        format!("this credential is bound to another {bound} holder key than the one given, so it cannot be presented with it")
    } else {
        format!("this credential is bound to a {bound} holder key, and the key given is {given}")
    }
}

/// The verdict of a list of checks.
pub(crate) fn verdict_of(checks: &[Check]) -> Verdict {
    use crate::model::CheckResult;
    if checks.iter().any(|c| c.result == CheckResult::Fail) {
        Verdict::Invalid
    } else if checks.iter().any(|c| c.result == CheckResult::Unknown) {
        Verdict::Unknown
    } else {
        Verdict::Valid
    }
}
