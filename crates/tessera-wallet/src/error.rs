use std::path::PathBuf;

/// What can go wrong in a wallet use case. Messages are sentences a learner can read;
/// none carries key material or credential content.
#[derive(Debug, thiserror::Error)]
pub enum WalletError {
    #[error("there is no wallet in {home}; create one first (tessera init)")]
    NoWallet { home: PathBuf },
    #[error("a wallet already exists in {home}; nothing was changed")]
    AlreadyExists { home: PathBuf },
    #[error("wrong passphrase; nothing was changed")]
    WrongPassphrase,
    #[error(
        "this wallet is protected by a passphrase: set TESSERA_PASSPHRASE or type it when asked"
    )]
    PassphraseRequired,
    #[error("the wallet is locked")]
    Locked,
    #[error("the wallet's key could not be read from the system keyring: {0}")]
    Keyring(#[source] tessera_keys::KeyError),
    #[error("{0}")]
    Key(#[source] tessera_keys::KeyError),
    #[error("the wallet database could not be used: {0}")]
    Store(#[from] tessera_store::StoreError),
    #[error("{0}")]
    Credential(#[from] tessera_core::CoreError),
    #[error("{0}")]
    Registry(#[source] tessera_core::registry::RegistryError),
    #[error("this is not a pathway Tessera can use: {0}")]
    Pathway(#[source] tessera_core::pathway::PathwayError),
    #[error("no pathway with id {id}: see tessera pathway list")]
    NoPathway { id: String },
    #[error("{0}")]
    Share(#[source] tessera_core::present::PresentError),
    #[error("this cannot be shared: {reason}")]
    ShareRequest { reason: String },
    #[error("this presentation cannot be read: {reason}")]
    Unreadable { reason: String },
    #[error("no share log entry with id {id}")]
    NoShare { id: String },
    #[error("no credential with id {id} in this wallet")]
    NotFound { id: String },
    #[error("the wallet file {path} is damaged: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error("could not {op} {path}: {source}")]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl WalletError {
    pub(crate) fn io(
        op: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| WalletError::Io { op, path, source }
    }
}
