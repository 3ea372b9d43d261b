//! Interoperability of VC-JWT (the Open Badges 3.0 JWT proof format) with `jose` 6
//! (panva/jose), run offline by tests/interop/issue-jwt.mjs: credentials it signs with
//! EdDSA, ES256, RS256 and PS256, in the VC 2.0 "VC-JOSE" shape and the VC 1.1 JWT shape,
//! with the key named by a did:key or did:jwk `kid` or carried in the `jwk` header, verify
//! in Tessera with the facts they were issued with; every one-leaf change to their payload
//! and every flipped signature byte makes them invalid; keys that can only be fetched
//! leave them unknown.
//!
//! Needs `node` (20+) and `npm ci --prefix tests/interop`; without them these tests fail
//! and say so: they are never skipped.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use tessera_core::jose::{b64url, b64url_decode};
use tessera_core::{examine, CheckResult, Env, Examined, Format, Status, Verdict};
use tessera_testkit::tampered_variants;

use tessera_testkit::interop::INSTALL;

/// The evaluation time of every check here, so nothing depends on today's date.
const NOW: &str = "2027-01-01T00:00:00Z";

fn env() -> Env<'static> {
    Env::at(
        DateTime::parse_from_rfc3339(NOW)
            .unwrap()
            .with_timezone(&Utc),
    )
}

fn script() -> PathBuf {
    tessera_testkit::interop::node_script("issue-jwt.mjs", &["jose"])
}

/// Counts the reference cases of one test on the real stderr, so CI logs show them.
fn report(what: &str, n: usize) {
    let _ = writeln!(std::io::stderr(), "interop: jose cases: {n} ({what})");
}

/// `node issue-jwt.mjs '<options>'`: a compact JWT signed by jose.
fn issue(opts: &Value) -> String {
    let out = Command::new("node")
        .arg(script())
        .arg(opts.to_string())
        .stdin(Stdio::null())
        .output()
        .expect("node runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(3), "interop: {stderr}\n{INSTALL}");
    assert!(
        out.status.success(),
        "issue-jwt.mjs {opts} failed: {stderr}"
    );
    let jwt = String::from_utf8(out.stdout)
        .expect("UTF-8 output")
        .trim()
        .to_owned();
    assert_eq!(jwt.split('.').count(), 3, "not a compact JWT: {jwt}");
    jwt
}

/// A 32-byte key seed as 64 hex digits.
fn seed(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

/// The three parts of a compact JWT and its decoded header and payload.
struct Parts {
    header_b64: String,
    header: Value,
    payload: Value,
    signature: Vec<u8>,
}

fn split(jwt: &str) -> Parts {
    let p: Vec<&str> = jwt.split('.').collect();
    let json = |s: &str| -> Value {
        serde_json::from_slice(&b64url_decode(s, "part").unwrap()).expect("JSON part")
    };
    Parts {
        header_b64: p[0].to_owned(),
        header: json(p[0]),
        payload: json(p[1]),
        signature: b64url_decode(p[2], "signature").unwrap(),
    }
}

/// The JWT with `payload` re-encoded in place of its own, keeping the original signature.
fn with_payload(parts: &Parts, payload: &Value) -> String {
    format!(
        "{}.{}.{}",
        parts.header_b64,
        b64url(&serde_json::to_vec(payload).unwrap()),
        b64url(&parts.signature)
    )
}

fn check_result(x: &Examined, name: &str) -> CheckResult {
    x.checks
        .iter()
        .find(|c| c.check == name)
        .unwrap_or_else(|| panic!("no {name} check: {:#?}", x.checks))
        .result
}

fn run(jwt: &str) -> Examined {
    examine(jwt.as_bytes(), &env()).unwrap_or_else(|e| panic!("{e}: {jwt}"))
}

const ALGS: [&str; 4] = ["EdDSA", "ES256", "RS256", "PS256"];
const SHAPES: [&str; 2] = ["vc2", "vc11"];

/// The key placements that resolve offline for an algorithm (there is no RSA did:key
/// that Tessera reads).
fn offline_placements(alg: &str) -> Vec<&'static str> {
    if alg.starts_with("RS") || alg.starts_with("PS") {
        vec!["kid-didjwk", "jwk-header"]
    } else {
        vec!["kid-didkey", "kid-didjwk", "jwk-header"]
    }
}

/// One issued credential and the facts it was issued with.
struct Issued {
    name: String,
    jwt: String,
    title: String,
    issuer_name: String,
    credits: f64,
    eqf: u8,
    valid_from: &'static str,
    valid_until: Option<&'static str>,
    id: String,
    subject: String,
    seed: u8,
}

fn issue_case(alg: &str, shape: &str, key: &str, n: u8) -> Issued {
    const TITLES: [&str; 4] = [
        "Data Literacy Foundations",
        "Datenkompetenz – Grundlagen ✓",
        "Analyse de données «avancé»",
        "データ分析 入門",
    ];
    let title = TITLES[n as usize % TITLES.len()].to_owned();
    let issuer_name = format!("Tessera Test University {n}");
    let credits = [3.0, 2.5, 10.0, 0.5][n as usize % 4];
    let eqf = 1 + n % 8;
    let valid_until = n.is_multiple_of(2).then_some("2031-02-01T00:00:00Z");
    let id = format!("urn:uuid:1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7{n:04x}");
    let subject = format!("did:example:learner-{n}");
    let mut opts = json!({
        "alg": alg, "shape": shape, "key": key, "seed": seed(n),
        "title": title, "issuerName": issuer_name, "credits": credits, "eqf": eqf,
        "validFrom": "2026-02-01T00:00:00Z",
        "id": id, "achievementId": format!("urn:uuid:6a2f41a3-c54c-4fb1-8e10-6c8e7d6a{n:04x}"),
        "subject": subject,
    });
    if let Some(u) = valid_until {
        opts["validUntil"] = u.into();
    }
    Issued {
        name: format!("{alg} {shape} {key}"),
        jwt: issue(&opts),
        title,
        issuer_name,
        credits,
        eqf,
        valid_from: "2026-02-01T00:00:00Z",
        valid_until,
        id,
        subject,
        seed: n,
    }
}

/// Every algorithm, shape and offline key placement, issued once for all tests here.
fn all_valid_cases() -> &'static [Issued] {
    static CASES: std::sync::OnceLock<Vec<Issued>> = std::sync::OnceLock::new();
    CASES.get_or_init(issue_all)
}

fn issue_all() -> Vec<Issued> {
    let mut out = Vec::new();
    let mut n = 1u8;
    for alg in ALGS {
        for shape in SHAPES {
            for key in offline_placements(alg) {
                out.push(issue_case(alg, shape, key, n));
                n += 1;
            }
        }
    }
    out
}

/// The issuer DID Tessera derives on its own from the seed the script was given.
fn expected_issuer(alg: &str, key: &str, n: u8) -> Option<String> {
    use tessera_core::did;
    use tessera_core::jose::PublicKey;
    let public = match alg {
        "EdDSA" => {
            PublicKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(&[n; 32]).verifying_key())
        }
        "ES256" => PublicKey::P256(
            *p256::ecdsa::SigningKey::from_slice(&[n; 32])
                .unwrap()
                .verifying_key(),
        ),
        // RSA keys are generated afresh from no seed.
        _ => return None,
    };
    Some(match (key, &public) {
        ("kid-didkey", PublicKey::Ed25519(k)) => did::did_key_for(k),
        ("kid-didkey", PublicKey::P256(k)) => did::did_key_for_p256(k),
        _ => return None,
    })
}

#[test]
fn jose_issued_credentials_verify_with_the_facts_they_were_issued_with() {
    let cases = all_valid_cases();
    for c in cases {
        let n = &c.name;
        let parts = split(&c.jwt);
        let x = run(&c.jwt);
        assert_eq!(x.verdict, Verdict::Valid, "{n}: {:#?}", x.checks);
        assert_eq!(check_result(&x, "signature"), CheckResult::Pass, "{n}");
        assert_eq!(check_result(&x, "issuer-key"), CheckResult::Pass, "{n}");
        assert_eq!(check_result(&x, "validity"), CheckResult::Pass, "{n}");
        assert_eq!(x.status, Status::Active, "{n}: {:#?}", x.checks);
        assert_eq!(x.format, Format::VcJwt, "{n}");
        // The contexts jose's credential names are bundled: no context warning.
        assert!(x.checks.iter().all(|c| c.check != "context"), "{n}");

        let vc = if n.contains("vc11") {
            assert_eq!(parts.header["typ"], "JWT", "{n}");
            assert_eq!(check_result(&x, "claims"), CheckResult::Pass, "{n}");
            assert_eq!(parts.payload["iss"], parts.payload["vc"]["issuer"]["id"]);
            &parts.payload["vc"]
        } else {
            assert_eq!(parts.header["typ"], "vc+jwt", "{n}");
            assert!(x.checks.iter().all(|c| c.check != "claims"), "{n}");
            &parts.payload
        };
        let f = &x.facts;
        assert_eq!(f.issuer, vc["issuer"]["id"].as_str().unwrap(), "{n}");
        if n.contains("kid-didkey") {
            let alg = parts.header["alg"].as_str().unwrap();
            let want = expected_issuer(alg, "kid-didkey", c.seed).unwrap();
            assert_eq!(f.issuer, want, "{n}: jose's did:key differs from Tessera's");
        } else {
            assert!(f.issuer.starts_with("did:jwk:"), "{n}: {}", f.issuer);
        }
        if n.contains("jwk-header") {
            assert!(parts.header.get("kid").is_none(), "{n}");
            assert!(parts.header["jwk"].is_object(), "{n}");
        }
        assert_eq!(f.title, c.title, "{n}");
        assert_eq!(
            f.issuer_name.as_deref(),
            Some(c.issuer_name.as_str()),
            "{n}"
        );
        assert_eq!(f.credits, Some(c.credits), "{n}");
        assert_eq!(f.eqf_level, Some(c.eqf), "{n}");
        assert_eq!(f.issued.as_deref(), Some(c.valid_from), "{n}");
        assert_eq!(f.expires.as_deref(), c.valid_until, "{n}");
        assert_eq!(f.credential_id.as_deref(), Some(c.id.as_str()), "{n}");
        assert_eq!(f.learner.as_deref(), Some(c.subject.as_str()), "{n}");
        assert_eq!(x.critical.level.value["eqf"], c.eqf, "{n}");
        assert!(
            x.critical.awarding_body.present && x.critical.title.present,
            "{n}"
        );
    }
    report("jose signs, Tessera verifies", cases.len());
}

#[test]
fn every_one_leaf_change_and_every_flipped_signature_byte_is_invalid() {
    let cases = all_valid_cases();
    let mut n = 0;
    for c in cases {
        let name = &c.name;
        let parts = split(&c.jwt);
        // Re-encoding the untouched payload gives jose's bytes back, so what follows is
        // judged on the one changed leaf alone.
        assert_eq!(
            with_payload(&parts, &parts.payload),
            c.jwt,
            "{name}: the payload does not re-encode to the same bytes"
        );
        let variants = tampered_variants(&parts.payload);
        assert!(
            variants.len() > 25,
            "{name}: only {} leaves",
            variants.len()
        );
        for (path, payload) in &variants {
            let jwt = with_payload(&parts, payload);
            let x = examine(jwt.as_bytes(), &env())
                .unwrap_or_else(|e| panic!("{name}: changing {path} gave an error: {e}"));
            assert_eq!(
                x.verdict,
                Verdict::Invalid,
                "{name}: changing {path} gave {:?}: {:#?}",
                x.verdict,
                x.checks
            );
            assert_eq!(
                check_result(&x, "signature"),
                CheckResult::Fail,
                "{name}: {path}"
            );
            n += 1;
        }
        let len = parts.signature.len();
        for i in [0, len / 2, len - 1] {
            for bit in [0x01u8, 0x80] {
                let mut sig = parts.signature.clone();
                sig[i] ^= bit;
                let jwt = format!("{}.{}", c.jwt.rsplit_once('.').unwrap().0, b64url(&sig));
                let x = run(&jwt);
                assert_eq!(x.verdict, Verdict::Invalid, "{name}: byte {i} bit {bit:#x}");
                assert_eq!(check_result(&x, "signature"), CheckResult::Fail);
                n += 1;
            }
        }
    }
    report("one-leaf tampered payloads and flipped signature bits", n);
}

#[test]
fn keys_that_cannot_be_resolved_offline_give_unknown() {
    let mut n = 0;
    // RSA did:key (multicodec rsa-pub): a real key Tessera cannot read from a did:key.
    for alg in ["RS256", "PS256"] {
        for shape in SHAPES {
            let c = issue_case(alg, shape, "kid-didkey", 100 + n as u8);
            let parts = split(&c.jwt);
            assert!(parts.header["kid"]
                .as_str()
                .unwrap()
                .starts_with("did:key:"));
            let x = run(&c.jwt);
            assert_eq!(x.verdict, Verdict::Unknown, "{}: {:#?}", c.name, x.checks);
            assert_eq!(check_result(&x, "signature"), CheckResult::Unknown);
            assert_eq!(check_result(&x, "issuer-key"), CheckResult::Unknown);
            // Unknown authenticity does not hide the facts.
            assert_eq!(x.facts.title, c.title);
            n += 1;
        }
    }
    // An https issuer whose key can only be fetched.
    for alg in ALGS {
        for shape in SHAPES {
            let c = issue_case(alg, shape, "kid-https", 110 + n as u8);
            let parts = split(&c.jwt);
            assert!(parts.header["kid"]
                .as_str()
                .unwrap()
                .starts_with("https://"));
            let x = run(&c.jwt);
            assert_eq!(x.verdict, Verdict::Unknown, "{}: {:#?}", c.name, x.checks);
            assert_eq!(check_result(&x, "signature"), CheckResult::Unknown);
            assert_eq!(x.facts.issuer, "https://issuer.example.org/profile");
            assert_eq!(x.facts.credits, Some(c.credits));
            n += 1;
        }
    }
    report("keys only available online", n);
}

#[test]
fn vc11_claims_give_dates_id_and_subject_and_status_entries_are_reported() {
    let mut n = 0;
    // The credential leaves id, dates and subject id to jti, nbf/exp and sub.
    for (alg, until, status) in [
        ("EdDSA", Some("2030-01-01T00:00:00Z"), Status::Active),
        ("ES256", Some("2026-12-31T23:59:59Z"), Status::Expired),
        ("RS256", None, Status::Active),
    ] {
        let mut opts = json!({
            "alg": alg, "shape": "vc11", "key": "kid-didjwk", "seed": seed(40 + n),
            "claimsOnly": true, "validFrom": "2026-03-01T12:00:00Z",
            "id": "urn:uuid:0d8f1c3a-2b4e-4c6d-8e0f-112233445566",
            "subject": "did:example:learner-claims", "title": "Claims only",
        });
        if let Some(u) = until {
            opts["validUntil"] = u.into();
        }
        let jwt = issue(&opts);
        let parts = split(&jwt);
        let vc = &parts.payload["vc"];
        assert!(vc.get("id").is_none() && vc.get("validFrom").is_none());
        assert!(vc["credentialSubject"].get("id").is_none());
        let x = run(&jwt);
        assert_eq!(x.verdict, Verdict::Valid, "{alg}: {:#?}", x.checks);
        assert_eq!(x.status, status, "{alg}: {:#?}", x.checks);
        let f = &x.facts;
        assert_eq!(f.issued.as_deref(), Some("2026-03-01T12:00:00Z"), "{alg}");
        assert_eq!(f.expires.as_deref(), until, "{alg}");
        assert_eq!(
            f.credential_id.as_deref(),
            Some("urn:uuid:0d8f1c3a-2b4e-4c6d-8e0f-112233445566")
        );
        assert_eq!(f.learner.as_deref(), Some("did:example:learner-claims"));
        assert_eq!(f.title, "Claims only");
        assert_eq!(
            tessera_core::verify::status_at(&x, env().now),
            status,
            "{alg}: judged again later"
        );
        n += 1;
    }
    // Not yet valid.
    let jwt = issue(&json!({
        "alg": "ES256", "shape": "vc11", "key": "kid-didkey", "seed": seed(50),
        "claimsOnly": true, "validFrom": "2028-02-29T12:00:00Z",
    }));
    let x = run(&jwt);
    assert_eq!(x.verdict, Verdict::Valid);
    assert_eq!(x.status, Status::NotYetValid);
    n += 1;

    // A status entry: reported unknown with its purpose while online checks are off.
    for (shape, purpose) in [("vc2", "revocation"), ("vc11", "suspension")] {
        let jwt = issue(&json!({
            "alg": "EdDSA", "shape": shape, "key": "jwk-header", "seed": seed(51),
            "statusPurpose": purpose, "validFrom": "2026-01-01T00:00:00Z",
        }));
        let x = run(&jwt);
        assert_eq!(x.verdict, Verdict::Valid, "{shape}: {:#?}", x.checks);
        assert_eq!(x.status, Status::Unknown, "{shape}");
        let status: Vec<_> = x.checks.iter().filter(|c| c.check == "status").collect();
        assert_eq!(status.len(), 1);
        assert_eq!(status[0].result, CheckResult::Unknown);
        assert_eq!(status[0].purpose.as_deref(), Some(purpose));
        n += 1;
    }
    report("VC 1.1 claims, dates and status entries", n as usize);
}
