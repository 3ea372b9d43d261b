//! Schema migrations, from day one.
//!
//! `PRAGMA user_version` holds the schema version: 0 is an empty database, version `n` means
//! the first `n` steps of [`MIGRATIONS`] have been applied. Each step runs in its own
//! transaction together with the `user_version` bump, so a failed step leaves the database at
//! the version before it. Steps are append-only: never edit a step that has shipped; add a new
//! one.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{sql, StoreError};

/// Ordered migration steps; step `i` (0-based) takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: credentials, holder keys, settings.
    r#"
    CREATE TABLE credentials (
        id            TEXT PRIMARY KEY NOT NULL,
        raw           BLOB NOT NULL CHECK (length(raw) > 0),
        raw_sha256    TEXT NOT NULL UNIQUE CHECK (length(raw_sha256) = 64),
        format        TEXT NOT NULL CHECK (format <> ''),
        issuer        TEXT NOT NULL,
        credential_id TEXT,
        record        TEXT NOT NULL CHECK (json_valid(record)),
        verdict       TEXT NOT NULL CHECK (verdict <> ''),
        status        TEXT NOT NULL CHECK (status <> ''),
        imported_at   TEXT NOT NULL,
        verified_at   TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX credentials_issuer_credential_id
        ON credentials (issuer, credential_id) WHERE credential_id IS NOT NULL;
    CREATE INDEX credentials_imported_at ON credentials (imported_at);

    CREATE TABLE holder_keys (
        alg        TEXT PRIMARY KEY NOT NULL,
        secret     BLOB NOT NULL,
        public     BLOB NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE settings (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL CHECK (json_valid(value))
    ) STRICT;
    "#,
    // 2: documents fetched for online checks (DID documents, status lists, OB 2.0
    // documents), kept with the time they were fetched so offline checks can use them; and
    // the trust registries the learner added, in order (most authoritative first).
    r#"
    CREATE TABLE fetched (
        url        TEXT PRIMARY KEY NOT NULL CHECK (url LIKE 'https://%'),
        kind       TEXT NOT NULL CHECK (kind <> ''),
        body       BLOB NOT NULL,
        fetched_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE registries (
        id         TEXT PRIMARY KEY NOT NULL,
        name       TEXT NOT NULL CHECK (name <> ''),
        format     TEXT NOT NULL CHECK (format <> ''),
        raw        BLOB NOT NULL CHECK (length(raw) > 0),
        position   INTEGER NOT NULL,
        added_at   TEXT NOT NULL
    ) STRICT;
    "#,
    // 3: pathways the learner added (the shipped ones live in the core), kept verbatim.
    r#"
    CREATE TABLE pathways (
        id         TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
        raw        BLOB NOT NULL CHECK (length(raw) > 0),
        added_at   TEXT NOT NULL
    ) STRICT;
    "#,
    // 4: where a learner's pathway file came from (its file name), for the progress report.
    r#"
    ALTER TABLE pathways ADD COLUMN origin TEXT;
    "#,
    // 5: the share log: every presentation the learner made (when, to whom, what).
    r#"
    CREATE TABLE shares (
        id         TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
        created_at TEXT NOT NULL,
        audience   TEXT NOT NULL,
        format     TEXT NOT NULL CHECK (format <> ''),
        record     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX shares_by_time ON shares (created_at);
    "#,
];

/// The schema version this build creates and understands.
pub fn supported_version() -> i64 {
    // The list is tiny; the conversion cannot fail in practice, saturate if it ever did.
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}

pub(crate) fn user_version(conn: &Connection) -> Result<i64, StoreError> {
    conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .map_err(sql("reading the schema version"))
}

/// Refuses a database from the future before anything is written.
pub(crate) fn check_not_too_new(conn: &Connection) -> Result<i64, StoreError> {
    let found = user_version(conn)?;
    let supported = supported_version();
    if found > supported {
        return Err(StoreError::SchemaTooNew { found, supported });
    }
    if found < 0 {
        return Err(StoreError::Invalid {
            field: "schema version",
            reason: format!("negative user_version {found}"),
        });
    }
    Ok(found)
}

/// Applies every pending step, each in one transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<i64, StoreError> {
    let mut version = check_not_too_new(conn)?;
    for (i, step) in MIGRATIONS.iter().enumerate() {
        let to = i64::try_from(i + 1).unwrap_or(i64::MAX);
        if to <= version {
            continue;
        }
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|source| StoreError::Migration { to, source })?;
        // Re-read inside the write lock: another process may have migrated meanwhile.
        let now = user_version(&tx)?;
        if now >= to {
            version = now;
            continue;
        }
        tx.execute_batch(step)
            .map_err(|source| StoreError::Migration { to, source })?;
        tx.pragma_update(None, "user_version", to)
            .map_err(|source| StoreError::Migration { to, source })?;
        tx.commit()
            .map_err(|source| StoreError::Migration { to, source })?;
        version = to;
    }
    Ok(version)
}
