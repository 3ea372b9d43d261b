//! Errors of the store. Each carries enough context to tell the learner (or support) what
//! went wrong without ever including key material or stored credential contents.

use std::path::PathBuf;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The key does not decrypt the database. Nothing in the folder was changed.
    #[error("wrong key for the wallet database {path}")]
    WrongKey { path: PathBuf },

    /// The file is not an encrypted Tessera wallet database (e.g. a plain SQLite file, an
    /// empty or truncated file, some other file).
    #[error("{path} is not a Tessera wallet database: {reason}")]
    NotAWallet { path: PathBuf, reason: String },

    /// The key was right but the database content is damaged.
    #[error("the wallet database {path} is damaged: {source}")]
    Corrupt {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    /// `Store::create` found a file where the database (or its -wal/-shm/-journal) would go.
    #[error("{path} already exists; refusing to overwrite it")]
    AlreadyExists { path: PathBuf },

    /// `Store::open` found no database.
    #[error("no wallet database at {path}")]
    NotFound { path: PathBuf },

    /// The database was written by a newer Tessera.
    #[error(
        "the wallet database has schema version {found}, newer than the {supported} this \
         version of Tessera knows; update Tessera to open it"
    )]
    SchemaTooNew { found: i64, supported: i64 },

    /// A migration step failed (the database is left at the version before that step).
    #[error("migrating the wallet database to schema version {to} failed: {source}")]
    Migration {
        to: i64,
        #[source]
        source: rusqlite::Error,
    },

    /// Any other SQLite/SQLCipher failure; `op` says what the store was doing.
    #[error("database error while {op}: {source}")]
    Sqlite {
        op: &'static str,
        #[source]
        source: rusqlite::Error,
    },

    /// A file-system failure outside SQLite.
    #[error("{op} {path}: {source}")]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// JSON stored in (or given to) the store could not be (de)serialised.
    #[error("JSON for {what} could not be read or written: {source}")]
    Json {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },

    /// A value handed to the store is not acceptable (checked before anything is written).
    #[error("invalid {field}: {reason}")]
    Invalid { field: &'static str, reason: String },
}

pub(crate) fn sql(op: &'static str) -> impl FnOnce(rusqlite::Error) -> StoreError {
    move |source| StoreError::Sqlite { op, source }
}

pub(crate) fn json(what: &'static str) -> impl FnOnce(serde_json::Error) -> StoreError {
    move |source| StoreError::Json { what, source }
}
