//! The wallet service directly: what survives a close, what never reaches the disk in
//! plain text, and what a wrong passphrase, a failed import or a second create leave
//! untouched.
//!
//! Wallets here use `KdfParams::testing()` (fast Argon2id): the KDF's strength is not what
//! these tests are about.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::Value;
use tessera_core::{Env, Status, Verdict};
use tessera_keys::KdfParams;
use tessera_testkit::{hash_tree, read_fixture, tampered_variants, TestIssuer};
use tessera_wallet::{KeySetup, Unlock, Wallet, WalletError};
use zeroize::Zeroizing;

const PASS: &str = "a long and unusual wallet passphrase";

/// A fixed clock inside the fixture's validity window (2026-03-01 .. 2031-03-01).
fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2027-05-04T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn env() -> Env<'static> {
    Env::at(now())
}

fn create(home: &Path) -> Result<Wallet, WalletError> {
    create_with_pass(home, PASS)
}

fn create_with_pass(home: &Path, pass: &str) -> Result<Wallet, WalletError> {
    Wallet::create_with(
        home,
        KeySetup::Passphrase(Zeroizing::new(pass.to_owned())),
        now(),
        KdfParams::testing(),
    )
}

fn open(home: &Path, pass: &str) -> Result<Wallet, WalletError> {
    Wallet::open(home, Unlock::Passphrase(Zeroizing::new(pass.to_owned())))
}

/// The micro-credential template for `seed`'s issuer, with its own credential id.
fn template(seed: u8) -> (TestIssuer, Value) {
    let issuer = TestIssuer::from_seed(seed);
    let mut doc = issuer.fill(&read_fixture("ob3-microcredential.json"));
    doc["id"] = format!("urn:uuid:00000000-0000-4000-8000-0000000000{seed:02x}").into();
    (issuer, doc)
}

fn issue(seed: u8) -> Value {
    let (issuer, doc) = template(seed);
    issuer.sign(&doc)
}

fn ids(w: &Wallet) -> Vec<String> {
    let mut v: Vec<String> = w.list(now()).unwrap().into_iter().map(|c| c.id).collect();
    v.sort();
    v
}

// ------------------------------------------------------------------ close and reopen

#[test]
fn a_credential_and_its_original_bytes_survive_close_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    let a = issue(51);
    let b = issue(52);
    // Bytes a re-serialiser would change: BOM, tabs, CRLF, trailing spaces; and compact.
    let raw_a = format!(
        "\u{feff}{}  \r\n",
        serde_json::to_string_pretty(&a)
            .unwrap()
            .replace("  ", "\t")
            .replace('\n', "\r\n")
    )
    .into_bytes();
    let raw_b = serde_json::to_vec(&b).unwrap();

    let mut w = create(&home).unwrap();
    let ia = w.import(&raw_a, &env(), false).unwrap();
    let ib = w.import(&raw_b, &env(), false).unwrap();
    assert!(ia.stored && ib.stored);
    let (id_a, id_b) = (ia.id.unwrap(), ib.id.unwrap());
    let list_before = serde_json::to_value(w.list(now()).unwrap()).unwrap();
    let show_before = w.show(&id_a, now()).unwrap().to_flat_json();
    let holder_before = w.holder().unwrap().did;
    drop(w);

    let mut w = open(&home, PASS).unwrap();
    assert_eq!(w.raw(&id_a).unwrap(), raw_a, "raw bytes of A changed");
    assert_eq!(w.raw(&id_b).unwrap(), raw_b, "raw bytes of B changed");
    assert_eq!(
        serde_json::to_value(w.list(now()).unwrap()).unwrap(),
        list_before
    );
    assert_eq!(w.show(&id_a, now()).unwrap().to_flat_json(), show_before);
    assert_eq!(w.holder().unwrap().did, holder_before);
    let s = w.show(&id_a, now()).unwrap().summary;
    assert_eq!(s.title, "Data Literacy Foundations");
    assert_eq!(s.verdict, Verdict::Valid);
    // The stored bytes still verify after the round trip.
    let d = w.verify(&id_b, &env()).unwrap();
    assert_eq!(d.summary.verdict, Verdict::Valid);
    assert_eq!(d.summary.status, Status::Active);
    // And a third session sees the re-verification and the same bytes.
    drop(w);
    let w = open(&home, PASS).unwrap();
    assert_eq!(w.raw(&id_a).unwrap(), raw_a);
    assert_eq!(ids(&w).len(), 2);
}

// ------------------------------------------------------------------ no plaintext on disk

/// Needles for `marker`: raw, hex, and its standard and URL-safe base64 forms at the three
/// byte alignments (only the characters that depend on the marker alone, as they appear
/// inside a longer encoded text).
fn needles(marker: &str) -> Vec<Vec<u8>> {
    let m = marker.as_bytes();
    let mut out = vec![
        m.to_vec(),
        hex::encode(m).into_bytes(),
        hex::encode_upper(m).into_bytes(),
    ];
    for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
        for lead in 0..3usize {
            let mut bytes = vec![0u8; lead];
            bytes.extend_from_slice(m);
            let enc = engine.encode(&bytes);
            let start = if lead == 0 { 0 } else { 4 };
            let end = bytes.len() / 3 * 4;
            out.push(enc.as_bytes()[start..end].to_vec());
        }
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

/// Every regular file under `dir` (symlinks not followed) last modified at or after `since`,
/// skipping unreadable files and files over 50 MB.
fn readable_files(dir: &Path, since: SystemTime, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            readable_files(&p, since, out);
        } else if meta.is_file()
            && meta.len() <= 50 * 1024 * 1024
            && meta.modified().map_or(true, |m| m >= since)
        {
            out.push(p);
        }
    }
}

/// Panics naming the file and the form if any needle of any marker is in a file under
/// one of `dirs` written at or after `since` (the whole wallet folder is new; in the shared
/// temp folder only what appeared during the test can be the wallet's). Returns how many
/// files were searched.
fn assert_no_marker(dirs: &[&Path], since: SystemTime, markers: &[String]) -> usize {
    let all: Vec<(String, Vec<memchr::memmem::Finder>)> = markers
        .iter()
        .map(|m| {
            let finders = needles(m)
                .into_iter()
                .map(|n| memchr::memmem::Finder::new(&n).into_owned())
                .collect();
            (m.clone(), finders)
        })
        .collect();
    let mut files = Vec::new();
    for d in dirs {
        readable_files(d, since, &mut files);
    }
    let mut searched = 0;
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        searched += 1;
        for (marker, forms) in &all {
            for n in forms {
                assert!(
                    n.find(&bytes).is_none(),
                    "{} contains {marker:?} as {:?}",
                    f.display(),
                    String::from_utf8_lossy(n.needle())
                );
            }
        }
    }
    searched
}

#[test]
fn the_needle_forms_find_encoded_markers() {
    // Self-check of the search, in memory only (a marker written to disk here would be
    // found by the real test if both used the same marker; each uses its own random one).
    let marker = random_marker("SelfCheck");
    let forms = needles(&marker);
    for lead in 0..3 {
        let text = format!("{}{{\"t\":\"{marker}\"}}", "z".repeat(lead));
        for enc in [
            STANDARD_NO_PAD.encode(text.as_bytes()),
            URL_SAFE_NO_PAD.encode(text.as_bytes()),
            base64::engine::general_purpose::STANDARD.encode(text.as_bytes()),
            hex::encode(text.as_bytes()),
        ] {
            assert!(
                forms.iter().any(|f| contains(enc.as_bytes(), f)),
                "lead {lead}: not found in {enc}"
            );
        }
    }
    assert!(forms
        .iter()
        .any(|f| contains(format!("xx{marker}yy").as_bytes(), f)));
    assert!(!forms
        .iter()
        .any(|f| contains(b"nothing to see here, really nothing", f)));
}

fn random_marker(kind: &str) -> String {
    format!("{kind}Mk{}", hex::encode(rand::random::<[u8; 10]>()))
}

#[test]
fn no_credential_content_reaches_the_disk_in_plain_text() {
    // Timestamps may be coarse: look at everything written from a little before the start.
    let since = SystemTime::now() - std::time::Duration::from_secs(2);
    let title = random_marker("Title");
    let issuer_name = random_marker("Issuer");
    let narrative = random_marker("Narrative");
    let skill = random_marker("Skill");
    let markers = vec![
        title.clone(),
        issuer_name.clone(),
        narrative.clone(),
        skill.clone(),
    ];

    let (issuer, mut doc) = template(53);
    doc["name"] = title.clone().into();
    doc["issuer"]["name"] = issuer_name.clone().into();
    let ach = &mut doc["credentialSubject"]["achievement"];
    ach["name"] = title.clone().into();
    ach["criteria"]["narrative"] = format!("Passed: {narrative}.").into();
    ach["alignment"][2]["targetName"] = skill.clone().into();
    let raw = serde_json::to_vec_pretty(&issuer.sign(&doc)).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    let mut w = create(&home).unwrap();
    let out = w.import(&raw, &env(), false).unwrap();
    assert!(out.stored, "{:?}", out.examined.checks);
    let id = out.id.unwrap();
    // The wallet really holds the markers (else the search below proves nothing).
    let d = w.show(&id, now()).unwrap();
    assert_eq!(d.summary.title, title);
    assert_eq!(d.summary.issuer_name.as_deref(), Some(issuer_name.as_str()));
    assert!(
        d.learning_outcomes.contains(&skill),
        "{:?}",
        d.learning_outcomes
    );
    assert!(d.criteria.as_deref().unwrap().contains(&narrative));
    assert!(w
        .raw(&id)
        .unwrap()
        .windows(title.len())
        .any(|x| x == title.as_bytes()));

    let version = w.store().cipher_version().expect("cipher_version answers");
    assert!(!version.trim().is_empty());
    let mut header = [0u8; 16];
    std::io::Read::read_exact(
        &mut std::fs::File::open(home.join("wallet.db")).unwrap(),
        &mut header,
    )
    .unwrap();
    assert_ne!(
        &header, b"SQLite format 3\0",
        "wallet.db is a plain SQLite database"
    );

    let temp = std::env::temp_dir();
    // While the wallet is open (the data is in the -wal).
    assert!(home.join("wallet.db-wal").exists());
    let searched = assert_no_marker(&[&home, &temp], since, &markers);
    assert!(searched >= 3, "searched only {searched} files");
    // After a re-verification (an update) and a close (checkpoint into wallet.db).
    w.verify(&id, &env()).unwrap();
    drop(w);
    assert_no_marker(&[&home, &temp], since, &markers);
    // After a reopen that reads everything.
    let w = open(&home, PASS).unwrap();
    assert_eq!(w.list(now()).unwrap()[0].title, title);
    drop(w);
    assert_no_marker(&[&home, &temp], since, &markers);
}

// ------------------------------------------------------------------ wrong passphrase

#[test]
fn a_wrong_passphrase_is_refused_and_changes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    let mut w = create(&home).unwrap();
    w.import(&serde_json::to_vec(&issue(54)).unwrap(), &env(), false)
        .unwrap();
    w.import(&serde_json::to_vec(&issue(55)).unwrap(), &env(), false)
        .unwrap();
    drop(w);

    let wrong = [
        "wrong",
        "",
        "A LONG AND UNUSUAL WALLET PASSPHRASE",
        "a long and unusual wallet passphrase ",
        "a long and unusual wallet passphras",
    ];
    let try_all = |label: &str| {
        let before = hash_tree(&home);
        for p in wrong {
            match open(&home, p) {
                Err(WalletError::WrongPassphrase) => {}
                // An empty passphrase is refused before the KDF runs: "give the passphrase".
                Err(WalletError::PassphraseRequired) if p.is_empty() => {}
                other => panic!("{label}: passphrase {p:?} gave {other:?}"),
            }
            assert_eq!(hash_tree(&home), before, "{label}: {p:?} changed a file");
        }
        match Wallet::open(&home, Unlock::Keyring) {
            Err(WalletError::PassphraseRequired) => {}
            other => panic!("{label}: keyring unlock of a passphrase wallet gave {other:?}"),
        }
        assert_eq!(
            hash_tree(&home),
            before,
            "{label}: keyring unlock changed a file"
        );
        before
    };

    // After a session that wrote data and was dropped.
    try_all("closed");

    // While another session is open with uncheckpointed data in the -wal and an -shm.
    let mut w = open(&home, PASS).unwrap();
    w.import(&serde_json::to_vec(&issue(56)).unwrap(), &env(), false)
        .unwrap();
    let files = try_all("open");
    for f in [
        "wallet.db",
        "wallet.db-wal",
        "wallet.db-shm",
        "key.json",
        "wallet.json",
    ] {
        assert!(
            files.contains_key(Path::new(f)),
            "no {f} while open: {files:?}"
        );
    }
    drop(w);

    let w = open(&home, PASS).unwrap();
    assert_eq!(ids(&w).len(), 3);
    let msg = WalletError::WrongPassphrase.to_string();
    assert!(msg.contains("wrong passphrase"), "{msg}");
}

// ------------------------------------------------------------------ failed imports

#[test]
fn a_failed_import_leaves_the_list_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = create(&dir.path().join("w")).unwrap();
    let held = issue(57);
    assert!(
        w.import(&serde_json::to_vec(&held).unwrap(), &env(), false)
            .unwrap()
            .stored
    );
    let before = serde_json::to_value(w.list(now()).unwrap()).unwrap();

    let (_, unknown_ctx) = {
        let (i, mut d) = template(58);
        d["@context"]
            .as_array_mut()
            .unwrap()
            .push("https://example.org/ctx/v9".into());
        (i, d)
    };
    let garbage: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("whitespace", b" \n\t ".to_vec()),
        ("binary", vec![0x89, b'P', b'N', b'G', 0, 0xff, 0xfe, 1, 2, 3]),
        ("broken JSON", b"{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"".to_vec()),
        ("JSON array", serde_json::to_vec(&vec![held.clone()]).unwrap()),
        ("JSON string", b"\"a string\"".to_vec()),
        ("JWT", b"eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln".to_vec()),
        ("no @context", br#"{"type": ["VerifiableCredential"], "issuer": "did:example:x", "credentialSubject": {}}"#.to_vec()),
        ("unknown context", serde_json::to_vec(&unknown_ctx).unwrap()),
    ];
    for (what, bytes) in &garbage {
        match w.import(bytes, &env(), false) {
            Err(WalletError::Credential(_)) => {}
            other => panic!("{what}: {other:?}"),
        }
        // --keep-invalid does not make unreadable input storable.
        assert!(w.import(bytes, &env(), true).is_err(), "{what}");
        assert_eq!(
            serde_json::to_value(w.list(now()).unwrap()).unwrap(),
            before,
            "{what}"
        );
    }

    // Tampered copies of a credential not held, and of the one held: refused, not stored.
    let other = issue(59);
    let tampered: Vec<(String, Value)> = tampered_variants(&other)
        .into_iter()
        .chain(tampered_variants(&held))
        .filter(|(p, _)| {
            [
                "/credentialSubject/achievement/name",
                "/credentialSubject/achievement/creditsAvailable",
                "/validUntil",
                "/proof/proofValue",
                "/proof/created",
            ]
            .iter()
            .any(|x| p == x)
        })
        .collect();
    assert_eq!(tampered.len(), 10);
    for (path, doc) in &tampered {
        let o = w
            .import(&serde_json::to_vec(doc).unwrap(), &env(), false)
            .unwrap();
        assert_eq!(o.examined.verdict, Verdict::Invalid, "{path}");
        assert!(!o.stored, "{path}: stored");
        assert!(o.id.is_none(), "{path}: {:?}", o.id);
        assert_eq!(
            serde_json::to_value(w.list(now()).unwrap()).unwrap(),
            before,
            "{path}"
        );
    }
}

// ------------------------------------------------------------------ create refuses

#[test]
fn create_refuses_when_a_wallet_exists_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    let mut w = create(&home).unwrap();
    let id = w
        .import(&serde_json::to_vec(&issue(60)).unwrap(), &env(), false)
        .unwrap()
        .id
        .unwrap();
    let holder = w.holder().unwrap().did;
    drop(w);
    let before = hash_tree(&home);

    for pass in [PASS, "another passphrase entirely"] {
        match create_with_pass(&home, pass) {
            Err(WalletError::AlreadyExists { .. }) => {}
            other => panic!("create over a wallet gave {other:?}"),
        }
        assert_eq!(hash_tree(&home), before, "a refused create changed a file");
    }
    let w = open(&home, PASS).unwrap();
    assert_eq!(ids(&w), vec![id]);
    assert_eq!(w.holder().unwrap().did, holder);
    drop(w);

    // Any one wallet file alone (a half-made or half-deleted wallet) also stops create.
    for f in ["wallet.json", "key.json", "wallet.db"] {
        let other = dir.path().join(format!("only-{f}"));
        std::fs::create_dir(&other).unwrap();
        std::fs::copy(home.join(f), other.join(f)).unwrap();
        let alone = hash_tree(&other);
        assert!(
            create(&other).is_err(),
            "create next to a lone {f} went ahead"
        );
        assert_eq!(
            hash_tree(&other),
            alone,
            "create next to a lone {f} changed a file"
        );
    }
}

// ------------------------------------------------------------------ found by these tests, fixed

#[test]
fn an_unverified_copy_does_not_block_the_genuine_credential() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = create(&dir.path().join("w")).unwrap();
    let genuine = issue(61);
    // Same issuer and credential id, no proof, another title: stored as `unsigned`.
    let mut forged = genuine.clone();
    forged.as_object_mut().unwrap().remove("proof");
    forged["credentialSubject"]["achievement"]["name"] = "Forged title".into();
    let o = w
        .import(&serde_json::to_vec(&forged).unwrap(), &env(), false)
        .unwrap();
    assert!(o.stored);
    assert_eq!(o.examined.verdict, Verdict::Unsigned);

    let o = w
        .import(&serde_json::to_vec(&genuine).unwrap(), &env(), false)
        .unwrap();
    assert_eq!(o.examined.verdict, Verdict::Valid);
    let list = w.list(now()).unwrap();
    assert!(
        list.iter().any(|c| c.verdict == Verdict::Valid && c.title == "Data Literacy Foundations"),
        "the genuine credential was not stored (outcome: stored {}, duplicate {}); the wallet holds only {:?}",
        o.stored,
        o.duplicate,
        list.iter().map(|c| (&c.title, c.verdict)).collect::<Vec<_>>()
    );
    assert!(
        o.replaced,
        "the genuine credential takes the unverified copy's place"
    );
    assert_eq!(list.len(), 1, "the forged copy is gone");
    assert_eq!(
        w.raw(o.id.as_deref().unwrap()).unwrap(),
        serde_json::to_vec(&genuine).unwrap()
    );
    // And the forged copy cannot push the genuine one out again.
    let again = w
        .import(&serde_json::to_vec(&forged).unwrap(), &env(), false)
        .unwrap();
    assert!(again.duplicate && !again.stored);
    assert_eq!(w.list(now()).unwrap()[0].verdict, Verdict::Valid);
}

#[test]
fn an_unreadable_validity_date_keeps_its_status_in_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = create(&dir.path().join("w")).unwrap();
    let (issuer, mut doc) = template(62);
    doc["validUntil"] = "not a date".into();
    let o = w
        .import(
            &serde_json::to_vec(&issuer.sign(&doc)).unwrap(),
            &env(),
            false,
        )
        .unwrap();
    assert_eq!(o.examined.verdict, Verdict::Valid);
    assert_eq!(o.examined.status, Status::Unknown);
    let id = o.id.unwrap();
    assert_eq!(w.list(now()).unwrap()[0].status, Status::Unknown);
    assert_eq!(w.show(&id, now()).unwrap().summary.status, Status::Unknown);
}
