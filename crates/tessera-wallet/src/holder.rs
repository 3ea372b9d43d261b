//! The holder's keys: Ed25519 (made at `init`) and P-256 (for verifiers that accept only
//! ES256; made at `init`, or when an older wallet is first opened). The private halves stay
//! in the encrypted store and in this crate: only public keys leave it.

use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use tessera_core::jose::PublicKey;
use tessera_store::HolderKeyRecord;
use zeroize::Zeroizing;

use crate::{rfc3339, HolderInfo, HolderPublic, Wallet, WalletError, DB_FILE};

pub(crate) const ED25519: &str = "Ed25519";
pub(crate) const P256: &str = "P-256";

/// A fresh P-256 holder key record (secret scalar, SEC1 compressed public key).
pub(crate) fn new_p256(now: DateTime<Utc>) -> HolderKeyRecord {
    let sk = p256::ecdsa::SigningKey::random(&mut rand::rngs::OsRng);
    HolderKeyRecord {
        alg: P256.to_owned(),
        secret: Zeroizing::new(sk.to_bytes().to_vec()),
        public: sk
            .verifying_key()
            .to_encoded_point(true)
            .as_bytes()
            .to_vec(),
        created_at: rfc3339(now),
    }
}

impl Wallet {
    fn damaged(&self, reason: &str) -> WalletError {
        WalletError::Damaged {
            path: self.home.join(DB_FILE),
            reason: reason.to_owned(),
        }
    }

    fn holder_record(&self, alg: &str) -> Result<HolderKeyRecord, WalletError> {
        self.store
            .holder_key(alg)?
            .ok_or_else(|| self.damaged(&format!("the wallet has no {alg} holder key")))
    }

    /// The Ed25519 holder signing key (never leaves this crate).
    pub(crate) fn ed25519_signing(&self) -> Result<SigningKey, WalletError> {
        let rec = self.holder_record(ED25519)?;
        let secret: [u8; 32] = rec
            .secret
            .as_slice()
            .try_into()
            .map_err(|_| self.damaged("the Ed25519 holder key is malformed"))?;
        Ok(SigningKey::from_bytes(&secret))
    }

    /// The P-256 holder signing key (never leaves this crate).
    pub(crate) fn p256_signing(&self) -> Result<p256::ecdsa::SigningKey, WalletError> {
        let rec = self.holder_record(P256)?;
        p256::ecdsa::SigningKey::from_slice(&rec.secret)
            .map_err(|_| self.damaged("the P-256 holder key is malformed"))
    }

    /// The holder's public keys as did:key and JWK.
    pub fn holder(&self) -> Result<HolderInfo, WalletError> {
        let rec = self.holder_record(ED25519)?;
        let public: [u8; 32] = rec
            .public
            .as_slice()
            .try_into()
            .map_err(|_| self.damaged("the Ed25519 holder key is malformed"))?;
        let vk = ed25519_dalek::VerifyingKey::from_bytes(&public)
            .map_err(|_| self.damaged("the Ed25519 holder key is malformed"))?;
        let rec = self.holder_record(P256)?;
        let pk = p256::ecdsa::VerifyingKey::from_sec1_bytes(&rec.public)
            .map_err(|_| self.damaged("the P-256 holder key is malformed"))?;
        Ok(HolderInfo {
            did: tessera_core::did::did_key_for(&vk),
            jwk: PublicKey::Ed25519(vk).to_jwk(),
            p256: HolderPublic {
                did: tessera_core::did::did_key_for_p256(&pk),
                jwk: PublicKey::P256(pk).to_jwk(),
            },
        })
    }
}
