mod common;

use common::*;
use tessera_store::{DbKey, HolderKeyRecord, Inserted, Store, StoreError};
use zeroize::Zeroizing;

#[test]
fn create_then_reopen_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let key = DbKey::random();
    let mut store = Store::create(&path, &key).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        Store::supported_schema_version()
    );
    let c = credential(1);
    let Inserted::New(id) = store.insert_credential(&c).unwrap() else {
        panic!("expected a new credential")
    };
    assert!(id.starts_with("c_") && id.len() == 18, "{id}");
    assert!(id[2..].chars().all(|ch| ch.is_ascii_hexdigit()));
    store
        .put_holder_key(&HolderKeyRecord {
            alg: "Ed25519".into(),
            secret: Zeroizing::new(vec![7u8; 32]),
            public: vec![9u8; 32],
            created_at: "2026-01-01T00:00:00Z".into(),
        })
        .unwrap();
    store
        .set_setting("online", &serde_json::json!({"enabled": false}))
        .unwrap();
    store.close().unwrap();

    let mut store = Store::open(&path, &key).unwrap();
    let got = store.get_credential(&id).unwrap().unwrap();
    assert_eq!(got.raw, c.raw, "raw bytes verbatim");
    assert_eq!(got.record, c.record);
    assert_eq!(got.issuer, ISSUER);
    assert_eq!(got.credential_id, c.credential_id);
    assert_eq!(got.format, "ob3-di");
    assert_eq!(
        (got.verdict.as_str(), got.status.as_str()),
        ("valid", "active")
    );
    let hk = store.holder_key("Ed25519").unwrap().unwrap();
    assert_eq!(hk.secret.as_slice(), &[7u8; 32]);
    assert_eq!(hk.public, vec![9u8; 32]);
    assert!(store.holder_key("P-256").unwrap().is_none());
    assert_eq!(
        store.setting("online").unwrap(),
        Some(serde_json::json!({"enabled": false}))
    );
    assert_eq!(store.setting("nope").unwrap(), None);

    // Debug never shows secrets or contents.
    let dbg = format!("{hk:?} {got:?} {key:?} {:?}", credential(1));
    assert!(!dbg.contains("7, 7") && !dbg.contains("0707"), "{dbg}");
    assert!(!dbg.contains(TITLE) && !dbg.contains(OUTCOME), "{dbg}");
    assert!(dbg.contains("DbKey(..)"));

    // update + delete
    assert!(store
        .update_verification(
            &id,
            &serde_json::json!({"title": "x"}),
            "invalid",
            "revoked",
            "2026-02-01T00:00:00+01:00"
        )
        .unwrap());
    let got = store.get_credential(&id).unwrap().unwrap();
    assert_eq!(got.verdict, "invalid");
    assert_eq!(got.status, "revoked");
    assert_eq!(got.raw, c.raw, "update never touches the raw bytes");
    assert!(!store
        .update_verification(
            "c_0000000000000000",
            &serde_json::json!({}),
            "valid",
            "active",
            "2026-02-01T00:00:00Z"
        )
        .unwrap());
    assert!(store.delete_credential(&id).unwrap());
    assert!(!store.delete_credential(&id).unwrap());
    assert!(store.get_credential(&id).unwrap().is_none());
    store.close().unwrap();
}

#[test]
fn list_is_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(db_path(dir.path()), &key(1)).unwrap();
    let mut a = credential(1);
    a.imported_at = "2026-03-01T12:00:00+02:00".into(); // 10:00Z
    let mut b = credential(2);
    b.imported_at = "2026-03-01T10:30:00Z".into();
    let mut c = credential(3);
    c.imported_at = "2026-03-01T10:00:00.500Z".into();
    for x in [&a, &b, &c] {
        store.insert_credential(x).unwrap();
    }
    let order: Vec<_> = store
        .list_credentials()
        .unwrap()
        .into_iter()
        .map(|s| s.credential_id.unwrap())
        .collect();
    assert_eq!(
        order,
        ["urn:uuid:cred-2", "urn:uuid:cred-3", "urn:uuid:cred-1"]
    );
}

#[test]
fn file_is_encrypted_and_cipher_version_answers() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let mut store = Store::create(&path, &key(2)).unwrap();
    store.insert_credential(&credential(1)).unwrap();
    let v = store.cipher_version().unwrap();
    assert!(v.starts_with('4'), "SQLCipher 4.x expected, got {v:?}");
    store.close().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() >= 4096);
    assert!(!bytes.starts_with(b"SQLite format 3"));
}

#[test]
fn create_refuses_existing_files_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    drop(Store::create(&path, &key(3)).unwrap());
    let before = folder_hashes(dir.path());
    match Store::create(&path, &key(4)) {
        Err(StoreError::AlreadyExists { path: p }) => assert_eq!(p, path),
        other => panic!("expected AlreadyExists, got {other:?}"),
    }
    assert_eq!(before, folder_hashes(dir.path()));

    // A stray -wal beside a missing database also blocks creation.
    let other = dir.path().join("other.db");
    std::fs::write(dir.path().join("other.db-wal"), b"junk").unwrap();
    assert!(matches!(
        Store::create(&other, &key(4)),
        Err(StoreError::AlreadyExists { .. })
    ));
    assert!(!other.exists());
}

#[test]
fn open_reports_missing_plain_and_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        Store::open(dir.path().join("missing.db"), &key(1)),
        Err(StoreError::NotFound { .. })
    ));
    assert!(!dir.path().join("missing.db").exists());

    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(
        Store::open(&empty, &key(1)),
        Err(StoreError::NotAWallet { .. })
    ));

    let plain = dir.path().join("plain.db");
    {
        let c = rusqlite::Connection::open(&plain).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = folder_hashes(dir.path());
    let err = Store::open(&plain, &key(1)).unwrap_err();
    assert!(matches!(err, StoreError::NotAWallet { .. }), "{err:?}");
    assert!(err.to_string().contains("unencrypted"), "{err}");
    assert_eq!(before, folder_hashes(dir.path()));

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![0x5a; 10_000]).unwrap();
    // Random-looking bytes cannot be told from a wrong key.
    assert!(matches!(
        Store::open(&junk, &key(1)),
        Err(StoreError::WrongKey { .. })
    ));
}

#[test]
fn invalid_input_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(db_path(dir.path()), &key(5)).unwrap();
    let mut c = credential(1);
    c.imported_at = "yesterday".into();
    let e = store.insert_credential(&c).unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::Invalid {
                field: "imported_at",
                ..
            }
        ),
        "{e:?}"
    );
    assert!(store
        .update_verification(
            "c_x",
            &serde_json::json!({}),
            "",
            "active",
            "2026-01-01T00:00:00Z"
        )
        .is_err());
    assert!(store.set_setting("", &serde_json::json!(1)).is_err());
    assert!(store
        .put_holder_key(&HolderKeyRecord {
            alg: "Ed25519".into(),
            secret: Zeroizing::new(vec![]),
            public: vec![1],
            created_at: "2026-01-01T00:00:00Z".into(),
        })
        .is_err());
    assert!(store.list_credentials().unwrap().is_empty());
}

#[test]
fn the_share_log_keeps_entries_newest_first_and_deletes_one() {
    use tessera_store::ShareRecord;
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let key = DbKey::random();
    let mut store = Store::create(&path, &key).unwrap();
    assert!(store.list_shares().unwrap().is_empty());
    let entry = |id: &str, at: &str, aud: &str| ShareRecord {
        id: id.into(),
        created_at: at.into(),
        audience: aud.into(),
        format: "sd-jwt".into(),
        record: serde_json::json!({"credentials": [{"id": "c_1", "title": TITLE}], "disclosed": ["family_name"]}),
    };
    store
        .put_share(&entry(
            "s_1",
            "2026-11-20T10:00:00Z",
            "https://employer-a.example",
        ))
        .unwrap();
    store
        .put_share(&entry(
            "s_2",
            "2026-11-21T10:00:00Z",
            "https://employer-b.example",
        ))
        .unwrap();
    // Bad entries are refused and change nothing.
    assert!(store
        .put_share(&entry("", "2026-11-21T10:00:00Z", "x"))
        .is_err());
    assert!(store.put_share(&entry("s_3", "yesterday", "x")).is_err());
    assert!(
        store
            .put_share(&entry("s_1", "2026-11-22T10:00:00Z", "x"))
            .is_err(),
        "ids are unique"
    );
    store.close().unwrap();

    let mut store = Store::open(&path, &key).unwrap();
    let all = store.list_shares().unwrap();
    let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["s_2", "s_1"]);
    assert_eq!(all[1].audience, "https://employer-a.example");
    assert_eq!(all[1].record["disclosed"][0], "family_name");
    assert!(store.delete_share("s_2").unwrap());
    assert!(!store.delete_share("s_2").unwrap());
    assert_eq!(store.list_shares().unwrap().len(), 1);
}
