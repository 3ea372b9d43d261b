mod common;

use common::*;
use tessera_store::{Store, StoreError, MIGRATIONS};

fn raw_connection(path: &std::path::Path, key: &tessera_store::DbKey) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\";",
        hex::encode(key.expose())
    ))
    .unwrap();
    c
}

#[test]
fn user_version_is_the_number_of_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let s = Store::create(&path, &key(1)).unwrap();
    assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
    s.close().unwrap();
    let c = raw_connection(&path, &key(1));
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, MIGRATIONS.len() as i64);
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_database_from_the_future_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    Store::create(&path, &key(1)).unwrap().close().unwrap();
    let future = MIGRATIONS.len() as i64 + 7;
    {
        let c = raw_connection(&path, &key(1));
        c.execute_batch(&format!("PRAGMA user_version = {future};"))
            .unwrap();
    }
    let before = folder_hashes(dir.path());
    let err = Store::open(&path, &key(1)).unwrap_err();
    match &err {
        StoreError::SchemaTooNew { found, supported } => {
            assert_eq!(*found, future);
            assert_eq!(*supported, MIGRATIONS.len() as i64);
        }
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(
        msg.contains(&future.to_string()) && msg.contains(&MIGRATIONS.len().to_string()),
        "{msg}"
    );
    assert_eq!(before, folder_hashes(dir.path()));
}

#[test]
fn an_empty_keyed_database_is_migrated_on_open() {
    // A database at schema version 0 (e.g. made by an older tool) gets every step on open.
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    {
        let c = raw_connection(&path, &key(2));
        c.execute_batch("CREATE TABLE scratch(x); DROP TABLE scratch;")
            .unwrap();
    }
    let mut s = Store::open(&path, &key(2)).unwrap();
    assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
    s.insert_credential(&credential(1)).unwrap();
}
