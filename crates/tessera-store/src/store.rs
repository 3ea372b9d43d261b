//! Opening and creating the encrypted database.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::error::{sql, StoreError};
use crate::key::DbKey;
use crate::migrations;

/// The first 16 bytes of every *unencrypted* SQLite database.
const PLAIN_SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The wallet's encrypted database (SQLCipher 4, WAL mode, foreign keys and `secure_delete`
/// on), with its schema migrated to [`Store::supported_schema_version`].
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Creates a new wallet database at `path`, encrypted with `key`, and applies every
    /// migration. Refuses (changing nothing) if `path` or one of its `-wal`, `-shm`, `-journal`
    /// companions already exists. On failure, the files it created are removed again.
    pub fn create(path: impl AsRef<Path>, key: &DbKey) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        for p in companions(&path) {
            if fs::symlink_metadata(&p).is_ok() {
                return Err(StoreError::AlreadyExists { path: p });
            }
        }
        create_empty_file(&path)?;
        match Self::create_inner(&path, key) {
            Ok(store) => Ok(store),
            Err(e) => {
                for p in companions(&path) {
                    let _ = fs::remove_file(p);
                }
                Err(e)
            }
        }
    }

    fn create_inner(path: &Path, key: &DbKey) -> Result<Store, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql("opening the new database"))?;
        apply_key(&conn, key)?;
        verify_readable(&conn, path)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure_connection()?;
        // Migrate in rollback-journal mode, so the schema (page 1 included) is in the main
        // file before WAL is switched on: the main file is then never empty, which is what lets
        // `open` tell a wrong key from an empty database without touching the -wal file.
        migrations::migrate(&mut store.conn)?;
        store.enable_wal()?;
        Ok(store)
    }

    /// Opens an existing wallet database with `key`.
    ///
    /// The key is checked first on a read-only, `immutable` connection that never looks at,
    /// creates, or deletes the `-wal`/`-shm` files; a wrong key is [`StoreError::WrongKey`]
    /// and leaves every file in the folder byte-for-byte as it was. Only then is the database
    /// opened for real, WAL switched on and pending migrations applied. A database written by a
    /// newer Tessera is [`StoreError::SchemaTooNew`], also without writing anything.
    pub fn open(path: impl AsRef<Path>, key: &DbKey) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        sniff_file(&path)?;
        verify_key_immutable(&path, key)?;

        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql("opening the database"))?;
        apply_key(&conn, key)?;
        verify_readable(&conn, &path)?;
        migrations::check_not_too_new(&conn)?;
        let mut store = Store { conn, path };
        store.configure_connection()?;
        store.enable_wal()?;
        migrations::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// Closes the database, reporting any error (dropping the store also closes it).
    pub fn close(self) -> Result<(), StoreError> {
        self.conn.close().map_err(|(_, source)| StoreError::Sqlite {
            op: "closing the database",
            source,
        })
    }

    /// Where the database file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The SQLCipher version linked in, from `PRAGMA cipher_version` (e.g. "4.19.0 community").
    pub fn cipher_version(&self) -> Result<String, StoreError> {
        self.conn
            .query_row("PRAGMA cipher_version", [], |r| r.get::<_, String>(0))
            .map_err(sql("reading the cipher version"))
    }

    /// The schema version of this database (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        migrations::user_version(&self.conn)
    }

    /// The schema version this build of the store creates and migrates to.
    pub fn supported_schema_version() -> i64 {
        migrations::supported_version()
    }

    fn configure_connection(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute_batch(
                "PRAGMA foreign_keys = ON;
                 PRAGMA secure_delete = ON;
                 PRAGMA temp_store = MEMORY;
                 PRAGMA synchronous = FULL;",
            )
            .map_err(sql("configuring the connection"))
    }

    fn enable_wal(&mut self) -> Result<(), StoreError> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(sql("switching to WAL mode"))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Invalid {
                field: "journal_mode",
                reason: format!("SQLite kept journal mode {mode:?} instead of WAL"),
            });
        }
        Ok(())
    }
}

/// The database file and the companion files SQLite may create beside it.
fn companions(path: &Path) -> Vec<PathBuf> {
    let mut out = vec![path.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut s = path.as_os_str().to_os_string();
        s.push(suffix);
        out.push(PathBuf::from(s));
    }
    out
}

fn create_empty_file(path: &Path) -> Result<(), StoreError> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // SQLite gives -wal/-shm the same permissions as the database file.
        opts.mode(0o600);
    }
    match opts.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(StoreError::AlreadyExists {
            path: path.to_path_buf(),
        }),
        Err(source) => Err(StoreError::Io {
            op: "creating",
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Looks at the file before SQLite does: missing, not a file, empty, or a plain SQLite database.
fn sniff_file(path: &Path) -> Result<(), StoreError> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::NotFound {
                path: path.to_path_buf(),
            })
        }
        Err(source) => {
            return Err(StoreError::Io {
                op: "reading the metadata of",
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let not_a_wallet = |reason: &str| StoreError::NotAWallet {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    if !meta.is_file() {
        return Err(not_a_wallet("it is not a regular file"));
    }
    if meta.len() == 0 {
        return Err(not_a_wallet("the file is empty"));
    }
    let mut header = [0u8; 16];
    let mut f = fs::File::open(path).map_err(|source| StoreError::Io {
        op: "opening",
        path: path.to_path_buf(),
        source,
    })?;
    let mut read = 0;
    while read < header.len() {
        match f.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(source) => {
                return Err(StoreError::Io {
                    op: "reading",
                    path: path.to_path_buf(),
                    source,
                })
            }
        }
    }
    if read < header.len() {
        return Err(not_a_wallet("the file is too short to be a database"));
    }
    if &header == PLAIN_SQLITE_HEADER {
        return Err(not_a_wallet("it is an unencrypted SQLite database"));
    }
    Ok(())
}

fn apply_key(conn: &Connection, key: &DbKey) -> Result<(), StoreError> {
    // SQLCipher logs decryption failures (a wrong key) to stderr by default; the store reports
    // them as errors instead, and the CLI's stderr is for its own messages.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")
        .map_err(sql("configuring SQLCipher logging"))?;
    let pragma = key.sqlcipher_pragma();
    conn.execute_batch(pragma.as_str())
        .map_err(sql("setting the database key"))
}

/// Reads `sqlite_master`, the first read that needs the key; maps "not a database" to
/// [`StoreError::WrongKey`].
fn verify_readable(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(e) => Err(match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::WrongKey {
                path: path.to_path_buf(),
            },
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
                path: path.to_path_buf(),
                source: e,
            },
            _ => StoreError::Sqlite {
                op: "reading the schema",
                source: e,
            },
        }),
    }
}

/// Checks the key against the main file alone. `immutable=1` makes SQLite treat the file like
/// read-only media: no locks, no journal, and no look at the -wal/-shm files, so a wrong key
/// cannot cause a WAL recovery, a checkpoint or the deletion of a -wal file on close.
fn verify_key_immutable(path: &Path, key: &DbKey) -> Result<(), StoreError> {
    let uri = immutable_uri(path)?;
    let conn = Connection::open_with_flags(
        uri.as_str(),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sql("opening the database to check the key"))?;
    apply_key(&conn, key)?;
    let checked = verify_readable(&conn, path);
    drop(conn);
    checked
}

/// `file:<percent-encoded absolute path>?mode=ro&immutable=1`
fn immutable_uri(path: &Path) -> Result<String, StoreError> {
    let abs = std::path::absolute(path).map_err(|source| StoreError::Io {
        op: "resolving",
        path: path.to_path_buf(),
        source,
    })?;
    let bytes = abs.as_os_str().as_encoded_bytes();
    let mut uri = String::from("file:");
    if cfg!(windows) {
        // file:///C:/dir/wallet.db
        uri.push_str("///");
    }
    for &b in bytes {
        let keep = b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~');
        if keep {
            uri.push(char::from(b));
        } else if cfg!(windows) && b == b'\\' {
            uri.push('/');
        } else if cfg!(windows) && b == b':' {
            uri.push(':');
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    Ok(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn uri_escapes_odd_characters() {
        let uri = immutable_uri(Path::new("/tmp/a b/c?d#e%f.db")).unwrap();
        assert_eq!(uri, "file:/tmp/a%20b/c%3Fd%23e%25f.db?mode=ro&immutable=1");
    }
}
