//! A wrong key must change no file in the wallet folder: database, -wal, -shm.

mod common;

use std::path::Path;

use common::*;
use tessera_store::{Store, StoreError};

fn assert_wrong_key_changes_nothing(dir: &Path) {
    let path = db_path(dir);
    let before = folder_hashes(dir);
    for attempt in 0..3u8 {
        match Store::open(&path, &key(0xee - attempt)) {
            Err(StoreError::WrongKey { path: p }) => assert_eq!(p, path),
            other => panic!("expected WrongKey, got {other:?}"),
        }
    }
    assert_eq!(before, folder_hashes(dir), "a wrong key changed a file");
}

/// A first session wrote data and closed cleanly.
#[test]
fn wrong_key_after_clean_close() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::create(db_path(dir.path()), &key(1)).unwrap();
    for n in 0..5 {
        s.insert_credential(&credential(n)).unwrap();
    }
    s.close().unwrap();
    // A second session, so the file has been through open + WAL + checkpoint.
    let mut s = Store::open(db_path(dir.path()), &key(1)).unwrap();
    s.insert_credential(&credential(10)).unwrap();
    s.close().unwrap();

    assert_wrong_key_changes_nothing(dir.path());
    let s = Store::open(db_path(dir.path()), &key(1)).unwrap();
    assert_eq!(s.list_credentials().unwrap().len(), 6);
}

/// The wallet is open elsewhere (the app is running): -wal and -shm exist and hold data.
#[test]
fn wrong_key_while_another_session_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::create(db_path(dir.path()), &key(1)).unwrap();
    for n in 0..5 {
        s.insert_credential(&credential(n)).unwrap();
    }
    let names = folder_hashes(dir.path());
    assert!(names.contains_key("wallet.db-wal"), "{names:?}");
    assert!(names.contains_key("wallet.db-shm"), "{names:?}");

    assert_wrong_key_changes_nothing(dir.path());
    assert_eq!(s.list_credentials().unwrap().len(), 5);
    s.close().unwrap();
}

/// The app crashed: -wal and -shm were left behind with committed data not yet checkpointed.
#[test]
fn wrong_key_after_a_crash_left_wal_and_shm() {
    let live = tempfile::tempdir().unwrap();
    let mut s = Store::create(db_path(live.path()), &key(1)).unwrap();
    for n in 0..5 {
        s.insert_credential(&credential(n)).unwrap();
    }
    // Copy the folder while the session is open = what a crash leaves.
    let crashed = tempfile::tempdir().unwrap();
    for name in ["wallet.db", "wallet.db-wal", "wallet.db-shm"] {
        std::fs::copy(live.path().join(name), crashed.path().join(name)).unwrap();
    }
    s.close().unwrap();

    assert_wrong_key_changes_nothing(crashed.path());
    // The right key recovers every committed credential from the WAL.
    let s = Store::open(db_path(crashed.path()), &key(1)).unwrap();
    assert_eq!(s.list_credentials().unwrap().len(), 5);
}
