//! The offline suite. CI runs this test binary in a network namespace with no network
//! (`unshare -rn`) under `strace -f -e trace=connect` and fails on any connect call
//! (`.ci/offline-suite`).
//!
//! The wallet first checks credentials online through an in-process HTTP client (no
//! sockets) serving documents made by the reference libraries, which fills its cache.
//! Then online checks are turned off and the wallet is handed a client that fails the test
//! on any call: every check of every credential runs again, in the library and through the
//! `tessera` binary, from the cache with its age; a credential whose documents were never
//! fetched is `unknown`, not `invalid`.

mod support;

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use support::*;
use tessera_core::net::{FetchError, HttpGet, Resource};
use tessera_core::{CheckResult, Env, Status, Verdict};
use tessera_wallet::{KeySetup, Wallet};
use zeroize::Zeroizing;

const HOST: &str = "issuer.example.org";

/// Serves documents from memory; records what was asked.
struct MemoryHttp {
    docs: HashMap<String, Vec<u8>>,
    asked: Mutex<Vec<String>>,
}

impl HttpGet for MemoryHttp {
    fn get(&self, url: &str, _what: Resource) -> Result<Vec<u8>, FetchError> {
        self.asked.lock().unwrap().push(url.to_owned());
        self.docs.get(url).cloned().ok_or(FetchError::Status {
            url: url.to_owned(),
            code: 404,
        })
    }
}

/// Fails the test on any call.
struct Forbidden;

impl HttpGet for Forbidden {
    fn get(&self, url: &str, _what: Resource) -> Result<Vec<u8>, FetchError> {
        panic!("offline suite: the network was asked for {url} while online checks are off");
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[test]
fn offline_everything_comes_from_the_cache_with_its_age_and_nothing_touches_the_network() {
    let base = format!("https://{HOST}");
    let list_url = format!("{base}/status/1");
    let (list, revoked_entry) = bitstring(HOST, &list_url, "revocation", &[12345], 12345);
    let mut docs = HashMap::new();
    docs.insert(
        format!("{base}/.well-known/did.json"),
        did_document(HOST).to_string().into_bytes(),
    );
    docs.insert(list_url.clone(), list.to_string().into_bytes());
    let revoked = credential(HOST, revoked_entry, "Revoked Course").to_string();
    let fine = credential(HOST, entry(&list_url, "revocation", 4), "Fine Course").to_string();
    let never = credential(
        HOST,
        entry(&format!("{base}/status/never"), "revocation", 4),
        "Never Checked",
    )
    .to_string();
    let own = tessera_testkit::TestIssuer::from_seed(7)
        .issue_fixture("ob3-microcredential.json")
        .to_string();

    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    let t0 = at("2026-05-01T09:00:00Z");
    let mut w = Wallet::create_with(
        &home,
        KeySetup::Passphrase(Zeroizing::new(PASS.to_owned())),
        t0,
        tessera_keys::KdfParams::testing(),
    )
    .unwrap();

    // Online once (in process), which fills the cache.
    w.set_http(Some(Box::new(MemoryHttp {
        docs,
        asked: Mutex::default(),
    })));
    let env0 = Env::at(t0);
    let a = w.import(revoked.as_bytes(), &env0, false).unwrap();
    let b = w.import(fine.as_bytes(), &env0, false).unwrap();
    assert_eq!(
        (a.examined.verdict, a.examined.status),
        (Verdict::Valid, Status::Revoked)
    );
    assert_eq!(
        (b.examined.verdict, b.examined.status),
        (Verdict::Valid, Status::Active)
    );

    // Offline from here: a client that fails the test on any call, never called.
    w.set_http(Some(Box::new(Forbidden)));
    w.set_online(false);
    assert!(!w.online());
    let later = Env::at(t0 + Duration::days(12));
    let c = w.import(never.as_bytes(), &later, false).unwrap();
    assert_eq!(
        c.examined.verdict,
        Verdict::Valid,
        "the DID document is cached"
    );
    let s = c
        .examined
        .checks
        .iter()
        .find(|c| c.check == "status")
        .unwrap();
    assert_eq!(s.result, CheckResult::Unknown);
    assert!(s.detail.contains("online checks are off"), "{}", s.detail);
    let d = w.import(own.as_bytes(), &later, false).unwrap();
    assert_eq!(d.examined.verdict, Verdict::Valid);

    let ra = w.verify(a.id.as_deref().unwrap(), &later).unwrap();
    assert_eq!(ra.summary.status, Status::Revoked);
    let st = ra.checks.iter().find(|c| c.check == "status").unwrap();
    assert!(
        st.detail.starts_with("Last known: revoked") && st.detail.contains("12 days ago"),
        "{}",
        st.detail
    );
    assert_eq!(st.checked_at, "2026-05-01T09:00:00Z");
    let rb = w.verify(b.id.as_deref().unwrap(), &later).unwrap();
    assert_eq!(rb.summary.status, Status::Active);
    let st = rb.checks.iter().find(|c| c.check == "status").unwrap();
    assert!(
        st.detail.starts_with("Last known: not revoked") && st.detail.contains("12 days ago"),
        "{}",
        st.detail
    );
    let ids: Vec<String> = [&a, &b, &c, &d]
        .iter()
        .map(|o| o.id.clone().unwrap())
        .collect();
    drop(w);

    // The same through the binary, with no --online: every command, every credential.
    tessera(&home, &["list", "--json"], &[]).expect(0);
    for (id, code) in ids.iter().zip([1, 0, 0, 0]) {
        tessera(&home, &["show", id, "--json"], &[]).expect(0);
        let v = tessera(&home, &["verify", id, "--json"], &[]);
        v.expect(code);
        let d: Value = v.json();
        if id == &ids[0] {
            assert!(status_check(&d)["detail"]
                .as_str()
                .unwrap()
                .starts_with("Last known: revoked"));
        }
    }
    let f = dir.path().join("c.json");
    std::fs::write(&f, &never).unwrap();
    // A file checked without the wallet: nothing cached, so the key cannot be had.
    tessera(&home, &["verify", f.to_str().unwrap(), "--json"], &[]).expect(2);
}
