//! Public keys and JSON Web Signatures (RFC 7515 compact serialisation) for the JWT-based
//! formats: EdDSA (Ed25519), ES256 (P-256) and RS256 / PS256 (RSA).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;

/// A public key Tessera can verify signatures with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    Ed25519(ed25519_dalek::VerifyingKey),
    P256(p256::ecdsa::VerifyingKey),
    Rsa(Box<rsa::RsaPublicKey>),
}

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum JoseError {
    #[error("the JWT is not three base64url parts separated by dots")]
    NotCompact,
    #[error("the JWT's {part} is not base64url-encoded JSON: {reason}")]
    BadPart { part: &'static str, reason: String },
    #[error("the key is not usable: {reason}")]
    BadKey { reason: String },
    #[error("the signature algorithm {alg} is not supported")]
    UnsupportedAlg { alg: String },
    #[error("the {alg} signature cannot be checked with a {key} key")]
    KeyMismatch { alg: String, key: &'static str },
}

pub fn b64url_decode(part: &str, what: &'static str) -> Result<Vec<u8>, JoseError> {
    URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|e| JoseError::BadPart {
            part: what,
            reason: e.to_string(),
        })
}

pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

impl PublicKey {
    pub fn kind(&self) -> &'static str {
        match self {
            PublicKey::Ed25519(_) => "Ed25519",
            PublicKey::P256(_) => "P-256",
            PublicKey::Rsa(_) => "RSA",
        }
    }

    /// Reads a public JWK (`OKP`/`Ed25519`, `EC`/`P-256`, `RSA`). Private members are
    /// ignored, never used.
    pub fn from_jwk(jwk: &Value) -> Result<PublicKey, JoseError> {
        let field = |name: &str| -> Result<Vec<u8>, JoseError> {
            let s = jwk
                .get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| JoseError::BadKey {
                    reason: format!("the JWK has no \"{name}\""),
                })?;
            URL_SAFE_NO_PAD
                .decode(s.trim_end_matches('='))
                .map_err(|e| JoseError::BadKey {
                    reason: format!("the JWK's \"{name}\" is not base64url: {e}"),
                })
        };
        let kty = jwk.get("kty").and_then(Value::as_str).unwrap_or("");
        let crv = jwk.get("crv").and_then(Value::as_str).unwrap_or("");
        match (kty, crv) {
            ("OKP", "Ed25519") => {
                let x: [u8; 32] = field("x")?.try_into().map_err(|_| JoseError::BadKey {
                    reason: "an Ed25519 key is 32 bytes".into(),
                })?;
                ed25519_dalek::VerifyingKey::from_bytes(&x)
                    .map(PublicKey::Ed25519)
                    .map_err(|e| JoseError::BadKey {
                        reason: e.to_string(),
                    })
            }
            ("EC", "P-256") => {
                let (x, y) = (field("x")?, field("y")?);
                if x.len() != 32 || y.len() != 32 {
                    return Err(JoseError::BadKey {
                        reason: "P-256 coordinates are 32 bytes each".into(),
                    });
                }
                let mut sec1 = vec![0x04];
                sec1.extend_from_slice(&x);
                sec1.extend_from_slice(&y);
                p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1)
                    .map(PublicKey::P256)
                    .map_err(|e| JoseError::BadKey {
                        reason: format!("not a point on P-256: {e}"),
                    })
            }
            ("RSA", _) => {
                let n = rsa::BigUint::from_bytes_be(&field("n")?);
                let e = rsa::BigUint::from_bytes_be(&field("e")?);
                rsa::RsaPublicKey::new(n, e)
                    .map(|k| PublicKey::Rsa(Box::new(k)))
                    .map_err(|e| JoseError::BadKey {
                        reason: e.to_string(),
                    })
            }
            _ => Err(JoseError::BadKey {
                reason: format!("unsupported key type {kty} {crv}"),
            }),
        }
    }

    /// The public JWK of this key.
    pub fn to_jwk(&self) -> Value {
        match self {
            PublicKey::Ed25519(k) => {
                serde_json::json!({"kty": "OKP", "crv": "Ed25519", "x": b64url(k.as_bytes())})
            }
            PublicKey::P256(k) => {
                let p = k.to_encoded_point(false);
                serde_json::json!({
                    "kty": "EC", "crv": "P-256",
                    "x": b64url(p.x().map(|x| x.as_slice()).unwrap_or_default()),
                    "y": b64url(p.y().map(|y| y.as_slice()).unwrap_or_default()),
                })
            }
            PublicKey::Rsa(k) => {
                use rsa::traits::PublicKeyParts;
                serde_json::json!({"kty": "RSA", "n": b64url(&k.n().to_bytes_be()), "e": b64url(&k.e().to_bytes_be())})
            }
        }
    }

    /// Verifies `sig` over `data` with the JWS algorithm `alg`. `Ok(false)` means checked
    /// and not matching; `Err` means it could not be checked with this key.
    pub fn verify_jws(&self, alg: &str, data: &[u8], sig: &[u8]) -> Result<bool, JoseError> {
        use sha2::{Digest, Sha256};
        match (alg, self) {
            ("EdDSA" | "Ed25519", PublicKey::Ed25519(k)) => {
                use ed25519_dalek::Verifier;
                Ok(ed25519_dalek::Signature::from_slice(sig)
                    .map(|s| k.verify(data, &s).is_ok())
                    .unwrap_or(false))
            }
            ("ES256", PublicKey::P256(k)) => {
                use p256::ecdsa::signature::Verifier;
                Ok(p256::ecdsa::Signature::from_slice(sig)
                    .map(|s| k.verify(data, &s).is_ok())
                    .unwrap_or(false))
            }
            ("RS256", PublicKey::Rsa(k)) => Ok(k
                .verify(
                    rsa::Pkcs1v15Sign::new::<Sha256>(),
                    &Sha256::digest(data),
                    sig,
                )
                .is_ok()),
            ("PS256", PublicKey::Rsa(k)) => Ok(k
                .verify(rsa::Pss::new::<Sha256>(), &Sha256::digest(data), sig)
                .is_ok()),
            ("EdDSA" | "Ed25519" | "ES256" | "RS256" | "PS256", key) => {
                Err(JoseError::KeyMismatch {
                    alg: alg.to_owned(),
                    key: key.kind(),
                })
            }
            _ => Err(JoseError::UnsupportedAlg {
                alg: alg.to_owned(),
            }),
        }
    }
}

/// A compact JWS, split and decoded (not yet verified).
#[derive(Debug, Clone, PartialEq)]
pub struct CompactJws {
    pub header: Value,
    pub payload: Value,
    /// `base64url(header) "." base64url(payload)`: the bytes that were signed.
    pub signing_input: String,
    pub signature: Vec<u8>,
}

impl CompactJws {
    pub fn parse(text: &str) -> Result<CompactJws, JoseError> {
        let parts: Vec<&str> = text.trim().split('.').collect();
        if parts.len() != 3 || parts.iter().take(2).any(|p| p.is_empty()) {
            return Err(JoseError::NotCompact);
        }
        let json = |p: &str, what: &'static str| -> Result<Value, JoseError> {
            serde_json::from_slice(&b64url_decode(p, what)?).map_err(|e| JoseError::BadPart {
                part: what,
                reason: e.to_string(),
            })
        };
        let header = json(parts[0], "header")?;
        if !header.is_object() {
            return Err(JoseError::BadPart {
                part: "header",
                reason: "not a JSON object".into(),
            });
        }
        Ok(CompactJws {
            header,
            payload: json(parts[1], "payload")?,
            signing_input: format!("{}.{}", parts[0], parts[1]),
            signature: b64url_decode(parts[2], "signature")?,
        })
    }

    pub fn alg(&self) -> &str {
        self.header.get("alg").and_then(Value::as_str).unwrap_or("")
    }

    /// Verifies the signature with `key` using the header's `alg` (never `none`).
    pub fn verify(&self, key: &PublicKey) -> Result<bool, JoseError> {
        key.verify_jws(self.alg(), self.signing_input.as_bytes(), &self.signature)
    }
}
