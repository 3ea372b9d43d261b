//! Where Tessera's database key lives.
//!
//! The wallet database is encrypted with a random 256-bit [`DbKey`]. That key is kept either
//! in the OS keyring ([`store_in_keyring`], [`load_from_keyring`]; per wallet, service
//! `"Tessera"`, account `wallet-<wallet id>`), or wrapped by a passphrase ([`WrappedKey`]:
//! Argon2id + XChaCha20-Poly1305, kept by the caller as JSON in the wallet folder).
//! [`keyring_available`] tells, within a few seconds, whether the keyring can be used.
//!
//! Nothing here logs or `Debug`-prints a key or a passphrase.

mod error;
mod keyring;
mod passphrase;
mod strength;

pub use error::KeyError;
pub use keyring::{
    delete_from_keyring, keyring_account, keyring_available, load_from_keyring, store_in_keyring,
    KEYRING_SERVICE, OPERATION_TIMEOUT, PROBE_TIMEOUT,
};
pub use passphrase::{
    unwrap_with_passphrase, wrap_with_passphrase, KdfParams, WrappedKey, CIPHER_XCHACHA20POLY1305,
    KDF_ARGON2ID, WRAPPED_KEY_VERSION,
};
pub use strength::{passphrase_strength, Strength};
pub use tessera_store::DbKey;
