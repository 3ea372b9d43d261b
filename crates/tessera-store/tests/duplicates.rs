mod common;

use common::*;
use tessera_store::{Inserted, Store, StoreError};

#[test]
fn same_bytes_is_a_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::create(db_path(dir.path()), &key(1)).unwrap();
    let c = credential(1);
    let Inserted::New(id) = s.insert_credential(&c).unwrap() else {
        panic!()
    };
    // Same bytes, even with another credential id and issuer recorded.
    let mut again = c.clone();
    again.credential_id = None;
    again.issuer = "did:example:someone-else".into();
    assert_eq!(
        s.insert_credential(&again).unwrap(),
        Inserted::Duplicate(id)
    );
    assert_eq!(s.list_credentials().unwrap().len(), 1);
}

#[test]
fn same_issuer_and_credential_id_is_a_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::create(db_path(dir.path()), &key(1)).unwrap();
    let c = credential(1);
    let Inserted::New(id) = s.insert_credential(&c).unwrap() else {
        panic!()
    };
    let mut reissued = c.clone();
    reissued.raw.extend_from_slice(b"\n"); // different bytes
    assert_eq!(
        s.insert_credential(&reissued).unwrap(),
        Inserted::Duplicate(id.clone())
    );
    // Same credential id from another issuer is a different credential.
    let mut other_issuer = reissued.clone();
    other_issuer.issuer = "did:web:other.example".into();
    assert!(matches!(
        s.insert_credential(&other_issuer).unwrap(),
        Inserted::New(_)
    ));
    // No credential id: only the bytes decide.
    let mut no_id = credential(2);
    no_id.credential_id = None;
    let mut no_id2 = no_id.clone();
    no_id2.raw.push(b' ');
    assert!(matches!(
        s.insert_credential(&no_id).unwrap(),
        Inserted::New(_)
    ));
    assert!(matches!(
        s.insert_credential(&no_id2).unwrap(),
        Inserted::New(_)
    ));
    assert_eq!(s.list_credentials().unwrap().len(), 4);
}

#[test]
fn failed_insert_leaves_the_store_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let mut s = Store::create(&path, &key(1)).unwrap();
    s.insert_credential(&credential(1)).unwrap();
    let before: Vec<String> = s
        .list_credentials()
        .unwrap()
        .into_iter()
        .map(|c| format!("{}|{}|{}", c.id, c.verdict, c.record))
        .collect();
    s.close().unwrap();
    let files_before = folder_hashes(dir.path());

    let mut s = Store::open(&path, &key(1)).unwrap();
    let mut bad = Vec::new();
    let mut c = credential(2);
    c.raw.clear();
    bad.push(c);
    let mut c = credential(3);
    c.verified_at = "not a date".into();
    bad.push(c);
    let mut c = credential(4);
    c.format = " ".into();
    bad.push(c);
    let mut c = credential(5);
    c.credential_id = Some(String::new());
    bad.push(c);
    for c in &bad {
        let e = s.insert_credential(c).unwrap_err();
        assert!(matches!(e, StoreError::Invalid { .. }), "{e:?}");
    }
    let after: Vec<String> = s
        .list_credentials()
        .unwrap()
        .into_iter()
        .map(|c| format!("{}|{}|{}", c.id, c.verdict, c.record))
        .collect();
    assert_eq!(before, after);
    s.close().unwrap();
    assert_eq!(files_before, folder_hashes(dir.path()));
}
