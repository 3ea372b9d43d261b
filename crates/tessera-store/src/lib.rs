//! Tessera's encrypted local store.
//!
//! One SQLCipher database per wallet, opened with a [`DbKey`] that the caller obtains (from
//! the OS keyring or a passphrase, see `tessera-keys`); this crate never reads a keyring.
//!
//! - Key check before anything else: a wrong key is [`StoreError::WrongKey`] and changes no
//!   file (database, `-wal`, `-shm`).
//! - WAL mode, foreign keys on, `secure_delete` on, temporary data in memory.
//! - Schema versioned with `PRAGMA user_version` and ordered migrations ([`MIGRATIONS`]), each
//!   applied in one transaction; a database from a newer Tessera is refused.
//! - Generic repository: credentials (raw bytes verbatim + normalised JSON record), the holder
//!   key, settings, documents fetched for online checks (with their fetch time) and the
//!   learner's trust registries, and the pathways the learner added.

mod error;
mod key;
mod migrations;
mod repo;
mod store;

pub use error::StoreError;
pub use key::DbKey;
pub use migrations::MIGRATIONS;
pub use repo::{
    FetchedDocument, HolderKeyRecord, Inserted, NewCredential, PathwayRecord, RegistryRecord,
    ShareRecord, StoredCredential,
};
pub use store::Store;
