//! Errors of `tessera-keys`. None of them carries key material or passphrases.

/// Everything that can go wrong while keeping or fetching the database key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// No usable OS keyring (e.g. headless Linux without a D-Bus session bus or Secret
    /// Service): the signal to fall back to a passphrase.
    #[error("no usable OS keyring: {reason}")]
    KeyringUnavailable { reason: String },

    /// The OS keyring did not answer in time (a hung service, or a prompt nobody answered).
    #[error("the OS keyring did not answer within {secs} s while {op}")]
    KeyringTimeout { op: &'static str, secs: u64 },

    /// There is no key for this wallet in the OS keyring.
    #[error("the OS keyring holds no key for wallet {wallet_id}")]
    NotInKeyring { wallet_id: String },

    /// The OS keyring refused or failed.
    #[error("the OS keyring failed while {op} for wallet {wallet_id}: {reason}")]
    Keyring {
        op: &'static str,
        wallet_id: String,
        reason: String,
    },

    /// The keyring entry exists but does not hold a key in Tessera's format.
    #[error("the OS keyring entry for wallet {wallet_id} does not hold a valid key")]
    MalformedKeyringSecret { wallet_id: String },

    /// Wallet ids name keyring entries, so they are restricted to a safe alphabet.
    #[error("invalid wallet id {wallet_id:?}: {reason}")]
    InvalidWalletId { wallet_id: String, reason: String },

    /// An empty (or, when choosing one, blank) passphrase.
    #[error("the passphrase is empty; choose a passphrase to protect the wallet")]
    EmptyPassphrase,

    /// The passphrase does not unlock the wrapped key (or the wrapped key was tampered with:
    /// the two cannot be told apart).
    #[error("wrong passphrase")]
    WrongPassphrase,

    /// The wrapped-key file is damaged or not a wrapped key.
    #[error("invalid wrapped key: {reason}")]
    InvalidWrappedKey { reason: String },

    /// The wrapped key uses a version, KDF or cipher this build does not know.
    #[error("unsupported wrapped key: {field} {value:?}")]
    UnsupportedWrappedKey { field: &'static str, value: String },

    /// KDF parameters out of the accepted range.
    #[error("invalid key derivation parameters: {reason}")]
    InvalidKdfParams { reason: String },

    /// Key derivation or encryption failed for another reason.
    #[error("{op} failed: {reason}")]
    Crypto { op: &'static str, reason: String },
}
