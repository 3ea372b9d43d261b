//! The one error type every command returns, serialised as `{kind, message}`.

use serde::Serialize;
use tessera_wallet::WalletError;

/// An error the UI can show as it is: `message` is a plain sentence for the learner,
/// `kind` lets the UI react (e.g. `wrong-passphrase`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub kind: String,
    pub message: String,
}

impl IpcError {
    pub fn new(kind: &str, message: impl Into<String>) -> Self {
        IpcError {
            kind: kind.to_owned(),
            message: message.into(),
        }
    }
}

impl From<WalletError> for IpcError {
    fn from(e: WalletError) -> Self {
        use tessera_core::CoreError;
        let kind = match &e {
            WalletError::NoWallet { .. } => "no-wallet",
            WalletError::AlreadyExists { .. } => "exists",
            WalletError::WrongPassphrase => "wrong-passphrase",
            WalletError::PassphraseRequired | WalletError::Locked => "locked",
            WalletError::Keyring(_) => "keyring",
            WalletError::Key(_) | WalletError::Registry(_) | WalletError::Pathway(_) => {
                "invalid-input"
            }
            WalletError::NoPathway { .. } | WalletError::NoShare { .. } => "not-found",
            WalletError::Share(_)
            | WalletError::ShareRequest { .. }
            | WalletError::Unreadable { .. } => "invalid-input",
            WalletError::NotFound { .. } => "not-found",
            WalletError::Credential(CoreError::Unsupported { .. }) => "unsupported",
            WalletError::Credential(_) => "invalid-input",
            WalletError::Store(_) | WalletError::Damaged { .. } | WalletError::Io { .. } => {
                "storage"
            }
        };
        let message = match &e {
            WalletError::WrongPassphrase => {
                "That passphrase is not right. Nothing was changed; try again.".to_owned()
            }
            WalletError::Credential(c) => format!("This could not be read as a credential: {c}."),
            WalletError::NotFound { .. } => {
                "That credential is no longer in your wallet.".to_owned()
            }
            WalletError::NoPathway { .. } => "That pathway is not in your wallet.".to_owned(),
            WalletError::NoShare { .. } => "That entry is no longer in your share log.".to_owned(),
            other => {
                let mut m = other.to_string();
                if let Some(first) = m.get(..1) {
                    m = first.to_uppercase() + &m[1..];
                }
                if !m.ends_with('.') {
                    m.push('.');
                }
                m
            }
        };
        IpcError::new(kind, message)
    }
}
