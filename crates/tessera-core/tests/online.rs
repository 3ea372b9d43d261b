//! Online checks through an injected [`Fetch`]: did:web keys, status lists made by the
//! reference libraries (W3C Bitstring Status List, StatusList2021, IETF Token Status List),
//! and Open Badges 2.0 hosted and signed badges. The documents are served by an in-memory
//! web (no sockets here; the real HTTPS path is tested in tessera-cli's online tests).
//! Offline (no `Fetch`), nothing is asked for and every such check is `unknown`.

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{json, Value};
use tessera_core::{examine, CheckResult, Env, Examined, Status, Verdict};
use tessera_testkit::interop;
use tessera_testkit::web::Web;

const SEED: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const HOST: &str = "issuer.example.org";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
}

const PACKAGES: &[&str] = &[
    "@digitalbazaar/vc",
    "@digitalbazaar/vc-bitstring-status-list",
    "@digitalbazaar/vc-status-list",
    "@sd-jwt/jwt-status-list",
];

fn node(script: &str, arg: &str) -> Value {
    interop::node_json(script, PACKAGES, &[arg])
}

fn node_args(script: &str, args: &[&str]) -> Value {
    interop::node_json(script, PACKAGES, args)
}

fn did() -> String {
    format!("did:web:{HOST}")
}

fn did_document() -> Value {
    node_args("issue-di.mjs", &["--did-document", HOST, "--seed", SEED])
}

/// A bitstring list made by the reference library, and the entry for `index`.
fn list(kind: &str, url: &str, purpose: &str, set: &[u64], index: u64) -> (Value, Value) {
    let out = node(
        "status-list.mjs",
        &json!({"kind": kind, "url": url, "statusPurpose": purpose, "set": set, "seed": SEED,
                "issuer": did(), "entryIndex": index, "validFrom": "2026-01-01T00:00:00Z"})
        .to_string(),
    );
    (out["list"].clone(), out["entry"].clone())
}

fn credential(status: Value, vc: &str) -> Value {
    node(
        "issue-di.mjs",
        &json!({"suite": if vc == "1.1" { "Ed25519Signature2020" } else { "eddsa-rdfc-2022" },
                "vc": vc, "didWeb": HOST, "seed": SEED, "status": status,
                "validFrom": "2026-01-01T00:00:00Z", "created": "2026-01-01T00:00:00Z"})
        .to_string(),
    )
}

fn run(doc: &Value, web: &Web) -> Examined {
    examine(
        &serde_json::to_vec(doc).unwrap(),
        &Env::at(now()).with_net(web),
    )
    .unwrap()
}

fn checks<'a>(x: &'a Examined, name: &str) -> Vec<&'a tessera_core::Check> {
    x.checks.iter().filter(|c| c.check == name).collect()
}

fn one<'a>(x: &'a Examined, name: &str) -> &'a tessera_core::Check {
    let c = checks(x, name);
    assert_eq!(c.len(), 1, "{name}: {:#?}", x.checks);
    c[0]
}

#[test]
fn did_web_issuer_and_bitstring_revocation_and_suspension() {
    let base = format!("https://{HOST}");
    let rev_url = format!("{base}/status/rev");
    let sus_url = format!("{base}/status/sus");
    // Revoked indices that are not zero and not on a byte boundary.
    let (rev_list, revoked_entry) =
        list("bitstring", &rev_url, "revocation", &[12345, 70001], 12345);
    let (_, fine_entry) = list("bitstring", &rev_url, "revocation", &[12345, 70001], 12346);
    let (sus_list, suspended_entry) = list("bitstring", &sus_url, "suspension", &[9], 9);
    let mut web = Web::at(now());
    web.put_json(&format!("{base}/.well-known/did.json"), &did_document());
    web.put_json(&rev_url, &rev_list);
    web.put_json(&sus_url, &sus_list);

    let revoked = run(&credential(revoked_entry.clone(), "2.0"), &web);
    assert_eq!(revoked.verdict, Verdict::Valid, "{:#?}", revoked.checks);
    assert!(
        one(&revoked, "issuer-key").detail.contains("DID document"),
        "{:#?}",
        revoked.checks
    );
    assert_eq!(revoked.status, Status::Revoked);
    let s = one(&revoked, "status");
    assert_eq!(
        (s.result, s.purpose.as_deref()),
        (CheckResult::Fail, Some("revocation"))
    );
    assert!(s.detail.starts_with("Revoked"), "{}", s.detail);

    let fine = run(&credential(fine_entry, "2.0"), &web);
    assert_eq!(
        (fine.verdict, fine.status),
        (Verdict::Valid, Status::Active)
    );
    assert_eq!(one(&fine, "status").result, CheckResult::Pass);

    let suspended = run(&credential(suspended_entry.clone(), "2.0"), &web);
    assert_eq!(suspended.status, Status::Suspended);
    assert_eq!(
        one(&suspended, "status").purpose.as_deref(),
        Some("suspension")
    );

    // Both entries on one credential: one status check each.
    let both = run(
        &credential(json!([revoked_entry, suspended_entry]), "2.0"),
        &web,
    );
    assert_eq!(checks(&both, "status").len(), 2);
    assert_eq!(both.status, Status::Revoked);

    // From a cache 12 days old: the result stands, with its age.
    let cached = web.cached(now() - Duration::days(12));
    let x = run(
        &credential(
            list("bitstring", &rev_url, "revocation", &[12345, 70001], 4).1,
            "2.0",
        ),
        &cached,
    );
    let s = one(&x, "status");
    assert_eq!(s.result, CheckResult::Pass);
    assert!(
        s.detail.starts_with("Last known: not revoked") && s.detail.contains("12 days ago"),
        "{}",
        s.detail
    );
    assert_eq!(s.checked_at, "2026-02-17T12:00:00Z");
    assert!(one(&x, "issuer-key").detail.contains("12 days ago"));
}

#[test]
fn offline_nothing_is_fetched_and_every_online_check_is_unknown() {
    let url = format!("https://{HOST}/status/rev");
    let (_, entry) = list("bitstring", &url, "revocation", &[3], 3);
    let doc = credential(entry, "2.0");
    let x = examine(&serde_json::to_vec(&doc).unwrap(), &Env::at(now())).unwrap();
    assert_eq!((x.verdict, x.status), (Verdict::Unknown, Status::Unknown));
    assert_eq!(one(&x, "signature").result, CheckResult::Unknown);
    let s = one(&x, "status");
    assert_eq!(s.result, CheckResult::Unknown);
    assert!(s.detail.contains("online checks are off"), "{}", s.detail);
}

#[test]
fn statuslist2021_from_the_reference_library() {
    let url = format!("https://{HOST}/status/2021");
    let (l, revoked_entry) = list("statuslist2021", &url, "revocation", &[3, 1001], 1001);
    let (_, fine_entry) = list("statuslist2021", &url, "revocation", &[3, 1001], 1000);
    let mut web = Web::at(now());
    web.put_json(
        &format!("https://{HOST}/.well-known/did.json"),
        &node_args(
            "issue-di.mjs",
            &[
                "--did-document",
                HOST,
                "--seed",
                SEED,
                "--suite",
                "Ed25519Signature2020",
            ],
        ),
    );
    web.put_json(&url, &l);
    let x = run(&credential(revoked_entry, "1.1"), &web);
    assert_eq!(
        (x.verdict, x.status),
        (Verdict::Valid, Status::Revoked),
        "{:#?}",
        x.checks
    );
    let y = run(&credential(fine_entry, "1.1"), &web);
    assert_eq!(
        (y.verdict, y.status),
        (Verdict::Valid, Status::Active),
        "{:#?}",
        y.checks
    );
}

#[test]
fn status_lists_that_prove_nothing_are_unknown_never_revoked() {
    let url = format!("https://{HOST}/status/rev");
    let (l, entry) = list("bitstring", &url, "revocation", &[7], 7);
    let doc = credential(entry, "2.0");
    let mut base = Web::at(now());
    base.put_json(
        &format!("https://{HOST}/.well-known/did.json"),
        &did_document(),
    );
    // A tampered list (a bit flipped after signing), another issuer's list, a list for
    // another purpose, and no list at all.
    let mut tampered = l.clone();
    let enc = tampered["credentialSubject"]["encodedList"]
        .as_str()
        .unwrap()
        .to_owned();
    let other_purpose_list = list("bitstring", &url, "suspension", &[7], 7).0;
    // Another list entirely (index 7 not set), under the original signature.
    let swapped = list("bitstring", &url, "revocation", &[8], 7).0;
    assert_ne!(
        swapped["credentialSubject"]["encodedList"]
            .as_str()
            .unwrap(),
        enc
    );
    tampered["credentialSubject"]["encodedList"] =
        swapped["credentialSubject"]["encodedList"].clone();
    let foreign = node(
        "status-list.mjs",
        &json!({"kind": "bitstring", "url": url, "set": [7], "seed": SEED.replace("00", "11"), "entryIndex": 7}).to_string(),
    )["list"]
        .clone();
    for (name, served) in [
        ("tampered", Some(tampered)),
        ("foreign", Some(foreign)),
        ("purpose", Some(other_purpose_list)),
        ("missing", None),
    ] {
        let mut web = base.clone();
        if let Some(v) = served {
            web.put_json(&url, &v);
        }
        let x = run(&doc, &web);
        assert_eq!(x.verdict, Verdict::Valid, "{name}");
        let s = one(&x, "status");
        assert_eq!(s.result, CheckResult::Unknown, "{name}: {}", s.detail);
        assert_eq!(x.status, Status::Unknown, "{name}");
    }
}

#[test]
fn sd_jwt_vc_token_status_list_revoked_suspended_and_valid() {
    let uri = format!("https://{HOST}/token/1");
    let issue = |idx: u64| {
        node(
            "issue-sdjwt.mjs",
            &json!({"seed": SEED, "issuer": "did:jwk", "status": {"status_list": {"idx": idx, "uri": uri}},
                    "iat": "2026-01-01T00:00:00Z"})
            .to_string(),
        )
    };
    let first = issue(7);
    let text = first["sdJwt"]
        .as_str()
        .or(first["sd_jwt"].as_str())
        .or(first.as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("issue-sdjwt output: {first}"));
    let payload: Value = {
        use base64::Engine;
        let p = text.split('~').next().unwrap().split('.').nth(1).unwrap();
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(p)
                .unwrap(),
        )
        .unwrap()
    };
    let iss = payload["iss"].as_str().unwrap().to_owned();
    let token = node(
        "status-list.mjs",
        &json!({"kind": "token", "uri": uri, "bits": 2, "statuses": {"7": 1, "13": 2}, "seed": SEED,
                "iss": iss, "kid": format!("{iss}#0"), "iat": "2026-02-01T00:00:00Z"})
        .to_string(),
    );
    let mut web = Web::at(now());
    web.put(&uri, token["list"].as_str().unwrap());
    let sd = |v: &Value| {
        v["sdJwt"]
            .as_str()
            .or(v["sd_jwt"].as_str())
            .or(v.as_str())
            .unwrap()
            .to_owned()
    };
    let env = Env::at(now());
    for (idx, want, purpose) in [
        (7, Status::Revoked, "revocation"),
        (13, Status::Suspended, "suspension"),
        (8, Status::Active, "revocation"),
    ] {
        let cred = if idx == 7 {
            text.clone()
        } else {
            sd(&issue(idx))
        };
        let x = examine(cred.as_bytes(), &env.with_net(&web)).unwrap();
        assert_eq!(x.verdict, Verdict::Valid, "{idx}: {:#?}", x.checks);
        assert_eq!(x.status, want, "{idx}: {:#?}", x.checks);
        assert_eq!(one(&x, "status").purpose.as_deref(), Some(purpose));
    }
    // A token signed by another key is not evidence.
    let other = node(
        "status-list.mjs",
        &json!({"kind": "token", "uri": uri, "bits": 2, "statuses": {"7": 1}, "seed": SEED.replace("00", "22"),
                "iss": iss, "kid": format!("{iss}#0"), "iat": "2026-02-01T00:00:00Z"})
        .to_string(),
    );
    let mut bad = Web::at(now());
    bad.put(&uri, other["list"].as_str().unwrap());
    let x = examine(text.as_bytes(), &env.with_net(&bad)).unwrap();
    assert_eq!(
        (x.status, one(&x, "status").result),
        (Status::Unknown, CheckResult::Unknown)
    );
}
