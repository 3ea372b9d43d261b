//! The database key wrapped by a passphrase: Argon2id derives a key-encryption key from the
//! passphrase, XChaCha20-Poly1305 encrypts the database key with it.

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::AeadInOut;
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use rand::rngs::OsRng;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use tessera_store::DbKey;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::error::KeyError;

/// `version` of the wrapped-key format this build writes and reads.
pub const WRAPPED_KEY_VERSION: u32 = 1;
/// `kdf` value: Argon2id, version 0x13.
pub const KDF_ARGON2ID: &str = "argon2id";
/// `cipher` value: XChaCha20-Poly1305 (24-byte nonce, 16-byte tag).
pub const CIPHER_XCHACHA20POLY1305: &str = "xchacha20poly1305";

const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const KEY_LEN: usize = 32;
const TAG_LEN: usize = 16;

/// Upper bounds accepted when reading a wrapped key, so a tampered file cannot make Tessera
/// allocate or compute without limit: 4 GiB of memory, 64 passes, 64 lanes.
const MAX_M_KIB: u32 = 4 * 1024 * 1024;
const MAX_T: u32 = 64;
const MAX_P: u32 = 64;

/// Argon2id cost parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB (`m`).
    pub memory_kib: u32,
    /// Passes (`t`).
    pub iterations: u32,
    /// Lanes (`p`).
    pub parallelism: u32,
}

impl Default for KdfParams {
    /// OWASP-level Argon2id: m = 65536 KiB (64 MiB), t = 3, p = 1.
    fn default() -> Self {
        KdfParams {
            memory_kib: 65_536,
            iterations: 3,
            parallelism: 1,
        }
    }
}

impl KdfParams {
    /// **For tests only.** m = 1024 KiB, t = 1, p = 1: fast, and far too weak to protect a
    /// real wallet. Never use it for a wallet a person keeps.
    pub fn testing() -> Self {
        KdfParams {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        }
    }

    fn validate(&self) -> Result<Params, KeyError> {
        let bad = |reason: String| KeyError::InvalidKdfParams { reason };
        if self.parallelism == 0 || self.parallelism > MAX_P {
            return Err(bad(format!(
                "p = {} (allowed 1..={MAX_P})",
                self.parallelism
            )));
        }
        if self.iterations == 0 || self.iterations > MAX_T {
            return Err(bad(format!(
                "t = {} (allowed 1..={MAX_T})",
                self.iterations
            )));
        }
        let min_m = 8 * self.parallelism;
        if self.memory_kib < min_m || self.memory_kib > MAX_M_KIB {
            return Err(bad(format!(
                "m = {} KiB (allowed {min_m}..={MAX_M_KIB})",
                self.memory_kib
            )));
        }
        Params::new(
            self.memory_kib,
            self.iterations,
            self.parallelism,
            Some(KEY_LEN),
        )
        .map_err(|e| bad(e.to_string()))
    }
}

/// A database key wrapped by a passphrase; the caller keeps it as JSON in the wallet folder:
///
/// ```json
/// { "kdf": "argon2id", "m": 65536, "t": 3, "p": 1, "salt": "<b64>",
///   "cipher": "xchacha20poly1305", "nonce": "<b64>", "ciphertext": "<b64>", "version": 1 }
/// ```
///
/// Base64 is the standard alphabet with padding. The passphrase is NFC-normalised before
/// Argon2id. The AEAD's associated data binds the version, KDF, its parameters and the cipher
/// name, so none of them can be altered without the unwrap failing.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrappedKey {
    pub kdf: String,
    /// Argon2 memory, KiB.
    pub m: u32,
    /// Argon2 passes.
    pub t: u32,
    /// Argon2 lanes.
    pub p: u32,
    pub salt: String,
    pub cipher: String,
    pub nonce: String,
    /// The encrypted 32-byte key followed by the 16-byte tag.
    pub ciphertext: String,
    pub version: u32,
}

impl std::fmt::Debug for WrappedKey {
    /// Leaves out salt, nonce and ciphertext: together they allow offline guessing.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WrappedKey")
            .field("version", &self.version)
            .field("kdf", &self.kdf)
            .field("m", &self.m)
            .field("t", &self.t)
            .field("p", &self.p)
            .field("cipher", &self.cipher)
            .finish_non_exhaustive()
    }
}

impl WrappedKey {
    /// The KDF parameters recorded in the wrapped key.
    pub fn kdf_params(&self) -> KdfParams {
        KdfParams {
            memory_kib: self.m,
            iterations: self.t,
            parallelism: self.p,
        }
    }

    /// Pretty JSON, as kept in the wallet folder.
    pub fn to_json(&self) -> String {
        // Serialising a struct of strings and integers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads the JSON written by [`WrappedKey::to_json`].
    pub fn from_json(text: &str) -> Result<WrappedKey, KeyError> {
        serde_json::from_str(text).map_err(|e| KeyError::InvalidWrappedKey {
            reason: e.to_string(),
        })
    }

    fn associated_data(&self) -> Vec<u8> {
        format!(
            "tessera-wrapped-key/v{}/{}/m={}/t={}/p={}/{}",
            self.version, self.kdf, self.m, self.t, self.p, self.cipher
        )
        .into_bytes()
    }
}

fn check_passphrase(passphrase: &str) -> Result<Zeroizing<String>, KeyError> {
    if passphrase.is_empty() {
        return Err(KeyError::EmptyPassphrase);
    }
    Ok(Zeroizing::new(passphrase.nfc().collect()))
}

fn derive_kek(
    passphrase: &str,
    salt: &[u8],
    params: &KdfParams,
) -> Result<Zeroizing<[u8; KEY_LEN]>, KeyError> {
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.validate()?);
    let mut kek = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, kek.as_mut())
        .map_err(|e| KeyError::Crypto {
            op: "Argon2id key derivation",
            reason: e.to_string(),
        })?;
    Ok(kek)
}

fn cipher_for(kek: &[u8; KEY_LEN]) -> Result<XChaCha20Poly1305, KeyError> {
    XChaCha20Poly1305::new_from_slice(kek).map_err(|e| KeyError::Crypto {
        op: "setting up XChaCha20-Poly1305",
        reason: e.to_string(),
    })
}

fn random_bytes<const N: usize>() -> Result<[u8; N], KeyError> {
    let mut b = [0u8; N];
    OsRng.try_fill_bytes(&mut b).map_err(|e| KeyError::Crypto {
        op: "reading the OS random number generator",
        reason: e.to_string(),
    })?;
    Ok(b)
}

/// Wraps `key` with `passphrase` (Argon2id with `params`, then XChaCha20-Poly1305 with a fresh
/// random salt and nonce). An empty or blank passphrase is [`KeyError::EmptyPassphrase`].
pub fn wrap_with_passphrase(
    key: &DbKey,
    passphrase: &str,
    params: KdfParams,
) -> Result<WrappedKey, KeyError> {
    if passphrase.trim().is_empty() {
        return Err(KeyError::EmptyPassphrase);
    }
    let passphrase = check_passphrase(passphrase)?;
    params.validate()?;
    let salt: [u8; SALT_LEN] = random_bytes()?;
    let nonce: [u8; NONCE_LEN] = random_bytes()?;
    let mut wrapped = WrappedKey {
        kdf: KDF_ARGON2ID.to_string(),
        m: params.memory_kib,
        t: params.iterations,
        p: params.parallelism,
        salt: B64.encode(salt),
        cipher: CIPHER_XCHACHA20POLY1305.to_string(),
        nonce: B64.encode(nonce),
        ciphertext: String::new(),
        version: WRAPPED_KEY_VERSION,
    };
    let kek = derive_kek(&passphrase, &salt, &params)?;
    let cipher = cipher_for(&kek)?;
    let mut buf = Zeroizing::new(Vec::with_capacity(KEY_LEN + TAG_LEN));
    buf.extend_from_slice(key.expose());
    cipher
        .encrypt_in_place(&XNonce::from(nonce), &wrapped.associated_data(), &mut *buf)
        .map_err(|_| KeyError::Crypto {
            op: "encrypting the database key",
            reason: "AEAD encryption failed".into(),
        })?;
    wrapped.ciphertext = B64.encode(&*buf);
    Ok(wrapped)
}

fn decode_exact<const N: usize>(field: &'static str, b64: &str) -> Result<[u8; N], KeyError> {
    let bytes = B64.decode(b64).map_err(|e| KeyError::InvalidWrappedKey {
        reason: format!("{field} is not base64: {e}"),
    })?;
    <[u8; N]>::try_from(bytes.as_slice()).map_err(|_| KeyError::InvalidWrappedKey {
        reason: format!("{field} has {} bytes, expected {N}", bytes.len()),
    })
}

/// Unwraps the database key. A wrong passphrase, and any tampering with the ciphertext, nonce,
/// salt or parameters, is [`KeyError::WrongPassphrase`] (the AEAD tag does not verify).
pub fn unwrap_with_passphrase(wrapped: &WrappedKey, passphrase: &str) -> Result<DbKey, KeyError> {
    if wrapped.version != WRAPPED_KEY_VERSION {
        return Err(KeyError::UnsupportedWrappedKey {
            field: "version",
            value: wrapped.version.to_string(),
        });
    }
    if wrapped.kdf != KDF_ARGON2ID {
        return Err(KeyError::UnsupportedWrappedKey {
            field: "kdf",
            value: wrapped.kdf.clone(),
        });
    }
    if wrapped.cipher != CIPHER_XCHACHA20POLY1305 {
        return Err(KeyError::UnsupportedWrappedKey {
            field: "cipher",
            value: wrapped.cipher.clone(),
        });
    }
    let passphrase = check_passphrase(passphrase)?;
    let params = wrapped.kdf_params();
    params.validate()?;
    let salt: [u8; SALT_LEN] = decode_exact("salt", &wrapped.salt)?;
    let nonce: [u8; NONCE_LEN] = decode_exact("nonce", &wrapped.nonce)?;
    let ct: [u8; KEY_LEN + TAG_LEN] = decode_exact("ciphertext", &wrapped.ciphertext)?;

    let kek = derive_kek(&passphrase, &salt, &params)?;
    let cipher = cipher_for(&kek)?;
    let mut buf = Zeroizing::new(ct.to_vec());
    cipher
        .decrypt_in_place(&XNonce::from(nonce), &wrapped.associated_data(), &mut *buf)
        .map_err(|_| KeyError::WrongPassphrase)?;
    let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
    if buf.len() != KEY_LEN {
        return Err(KeyError::InvalidWrappedKey {
            reason: format!("the key inside has {} bytes, expected {KEY_LEN}", buf.len()),
        });
    }
    bytes.copy_from_slice(&buf);
    Ok(DbKey::from_bytes(*bytes))
}
