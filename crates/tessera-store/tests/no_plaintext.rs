//! Nothing stored is readable in the wallet folder: not as text, not as base64.

mod common;

use std::path::Path;

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;
use common::*;
use tessera_store::{HolderKeyRecord, Store};
use zeroize::Zeroizing;

/// Base64 forms of `needle` as they would appear inside a longer encoded text, at each of the
/// three byte alignments (only the characters that depend on the needle alone).
fn base64_forms(needle: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
        for align in 0..3usize {
            let mut bytes = vec![0u8; align];
            bytes.extend_from_slice(needle);
            let enc = engine.encode(&bytes);
            let start = if align == 0 { 0 } else { 4 };
            let end = bytes.len() / 3 * 4;
            out.push(enc[start..end].to_string());
        }
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn assert_nothing_readable(dir: &Path, secret_bytes: &[u8]) {
    let mut needles: Vec<Vec<u8>> = Vec::new();
    for s in [TITLE, ISSUER, OUTCOME] {
        needles.push(s.as_bytes().to_vec());
        needles.extend(
            base64_forms(s.as_bytes())
                .into_iter()
                .map(String::into_bytes),
        );
    }
    needles.push(secret_bytes.to_vec());
    let mut files = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        files += 1;
        for n in &needles {
            assert!(
                !contains(&bytes, n),
                "{} contains {:?}",
                p.display(),
                String::from_utf8_lossy(n)
            );
        }
    }
    assert!(files >= 1);
}

#[test]
fn stored_strings_are_not_in_any_file() {
    // Self-check of the search: the needle forms are found in plain encodings.
    let sample = format!("xx{TITLE}yy");
    for align in 0..3 {
        let padded = format!("{}{}", "z".repeat(align), sample);
        let enc = STANDARD_NO_PAD.encode(padded.as_bytes());
        assert!(base64_forms(TITLE.as_bytes())
            .iter()
            .any(|f| enc.contains(f.as_str())));
    }

    let dir = tempfile::tempdir().unwrap();
    let secret = b"holder-secret-key-bytes-0123456789".to_vec();
    let mut store = Store::create(db_path(dir.path()), &key(9)).unwrap();
    for n in 0..20 {
        let mut c = credential(n);
        // Some credentials arrive base64-wrapped (JWT-like) in their raw bytes.
        if n % 2 == 0 {
            c.raw = URL_SAFE_NO_PAD.encode(&c.raw).into_bytes();
        }
        store.insert_credential(&c).unwrap();
    }
    store
        .put_holder_key(&HolderKeyRecord {
            alg: "Ed25519".into(),
            secret: Zeroizing::new(secret.clone()),
            public: vec![1; 32],
            created_at: "2026-01-01T00:00:00Z".into(),
        })
        .unwrap();
    // Delete one so freed pages exist too.
    let first = store.list_credentials().unwrap()[0].id.clone();
    store.delete_credential(&first).unwrap();

    // While open: data sits in the -wal.
    assert!(dir.path().join("wallet.db-wal").exists());
    assert_nothing_readable(dir.path(), &secret);
    store.close().unwrap();
    // After close: checkpointed into the main file.
    assert_nothing_readable(dir.path(), &secret);
}
