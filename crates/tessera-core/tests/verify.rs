//! Core verification, driven by the fixture templates in tests/fixtures, signed at test
//! time by Tessera's own test issuer.

use chrono::{DateTime, Utc};
use serde_json::Value;
use tessera_core::{examine, CheckResult, CoreError, Env, Status, Verdict};
use tessera_testkit::{read_fixture, tampered_variants, TestIssuer};

fn env(at: &str) -> Env<'static> {
    Env::at(
        DateTime::parse_from_rfc3339(at)
            .unwrap()
            .with_timezone(&Utc),
    )
}

fn now() -> Env<'static> {
    env("2026-11-22T12:00:00Z")
}

const FIXTURES: &[&str] = &["ob3-microcredential", "ob3-minimal", "vc-generic"];

#[test]
fn each_fixture_verifies_and_normalises_as_expected() {
    let issuer = TestIssuer::from_seed(11);
    for name in FIXTURES {
        let signed = issuer.issue_fixture(&format!("{name}.json"));
        let expect: Value =
            serde_json::from_str(&read_fixture(&format!("{name}.expect.json"))).unwrap();
        let raw = serde_json::to_vec(&signed).unwrap();
        let x = examine(&raw, &now()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(x.verdict, Verdict::Valid, "{name}: {:?}", x.checks);
        assert_eq!(x.status, Status::Active, "{name}");
        assert_eq!(x.format.as_str(), expect["format"], "{name}");
        let facts = serde_json::to_value(&x.facts).unwrap();
        for key in [
            "title",
            "issuerName",
            "issued",
            "expires",
            "achievementId",
            "credits",
            "creditUnit",
            "eqfLevel",
            "skills",
        ] {
            assert_eq!(facts[key], expect[key], "{name}: {key}");
        }
        assert_eq!(x.facts.issuer, issuer.did, "{name}");
        let critical = serde_json::to_value(&x.critical).unwrap();
        for key in expect["present"].as_array().unwrap() {
            let k = key.as_str().unwrap();
            assert_eq!(
                critical[k]["present"], true,
                "{name}: {k} should be present: {}",
                critical[k]
            );
        }
        for key in expect["missing"].as_array().unwrap() {
            let k = key.as_str().unwrap();
            assert_eq!(
                critical[k]["present"], false,
                "{name}: {k} should be missing: {}",
                critical[k]
            );
        }
        let sig = x.checks.iter().find(|c| c.check == "signature").unwrap();
        assert_eq!(sig.result, CheckResult::Pass);
        let ik = x.checks.iter().find(|c| c.check == "issuer-key").unwrap();
        assert_eq!(ik.result, CheckResult::Pass);
        assert!(x
            .checks
            .iter()
            .all(|c| c.checked_at == "2026-11-22T12:00:00Z"));
    }
}

#[test]
fn changing_any_one_signed_value_fails() {
    let issuer = TestIssuer::from_seed(12);
    for name in FIXTURES {
        let signed = issuer.issue_fixture(&format!("{name}.json"));
        let variants = tampered_variants(&signed);
        assert!(
            variants.len() > 10,
            "{name}: only {} leaves",
            variants.len()
        );
        for (path, doc) in variants {
            let raw = serde_json::to_vec(&doc).unwrap();
            match examine(&raw, &now()) {
                Ok(x) => assert_eq!(
                    x.verdict,
                    Verdict::Invalid,
                    "{name}: changing {path} still gave {:?}: {:?}",
                    x.verdict,
                    x.checks
                ),
                // A changed @context URL, type or issuer can make it unreadable: also refused.
                Err(e) => assert!(
                    path.starts_with("/@context")
                        || path.starts_with("/type")
                        || path.starts_with("/issuer"),
                    "{name}: changing {path} gave an error instead of invalid: {e}"
                ),
            }
        }
    }
}

#[test]
fn a_one_byte_change_in_the_file_is_refused() {
    let issuer = TestIssuer::from_seed(13);
    let signed = issuer.issue_fixture("ob3-microcredential.json");
    let text = serde_json::to_string_pretty(&signed).unwrap();
    let tampered = text.replacen("Reading, cleaning", "Reading, cleaninG", 1);
    assert_ne!(text, tampered);
    let x = examine(tampered.as_bytes(), &now()).unwrap();
    assert_eq!(x.verdict, Verdict::Invalid);
    let sig = x.checks.iter().find(|c| c.check == "signature").unwrap();
    assert_eq!(sig.result, CheckResult::Fail);
    assert!(sig.detail.contains("changed"), "{}", sig.detail);
}

#[test]
fn reserialised_credentials_still_verify() {
    let issuer = TestIssuer::from_seed(14);
    let signed = issuer.issue_fixture("ob3-microcredential.json");
    // Pretty, compact, and with every object's keys in reverse order.
    fn reverse(v: &Value) -> Value {
        match v {
            Value::Object(o) => Value::Object(
                o.iter()
                    .rev()
                    .map(|(k, x)| (k.clone(), reverse(x)))
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(reverse).collect()),
            other => other.clone(),
        }
    }
    for text in [
        serde_json::to_string_pretty(&signed).unwrap(),
        serde_json::to_string(&signed).unwrap(),
        serde_json::to_string_pretty(&reverse(&signed))
            .unwrap()
            .replace("  ", "\t"),
        format!(
            "\u{feff}\n\n{}\n",
            serde_json::to_string(&reverse(&signed)).unwrap()
        ),
    ] {
        let x = examine(text.as_bytes(), &now()).unwrap();
        assert_eq!(x.verdict, Verdict::Valid);
    }
}

#[test]
fn expiry_and_not_yet_valid_are_statuses_not_verdicts() {
    let issuer = TestIssuer::from_seed(15);
    let signed = issuer.issue_fixture("ob3-microcredential.json");
    let raw = serde_json::to_vec(&signed).unwrap();
    let later = examine(&raw, &env("2031-03-02T00:00:00Z")).unwrap();
    assert_eq!(later.verdict, Verdict::Valid);
    assert_eq!(later.status, Status::Expired);
    let v = later.checks.iter().find(|c| c.check == "validity").unwrap();
    assert_eq!(v.result, CheckResult::Fail);
    assert!(v.detail.contains("Expired on 1 March 2031"), "{}", v.detail);
    let earlier = examine(&raw, &env("2026-02-01T00:00:00Z")).unwrap();
    assert_eq!(earlier.status, Status::NotYetValid);
    // status_at re-judges the window of a stored record.
    let x = examine(&raw, &now()).unwrap();
    assert_eq!(x.status, Status::Active);
    assert_eq!(
        tessera_core::verify::status_at(
            &x,
            DateTime::parse_from_rfc3339("2032-01-01T00:00:00Z")
                .unwrap()
                .with_timezone(&Utc)
        ),
        Status::Expired
    );
}

#[test]
fn unsigned_credentials_are_unsigned() {
    let issuer = TestIssuer::from_seed(16);
    let unsigned = issuer.fill(&read_fixture("ob3-minimal.json"));
    let x = examine(&serde_json::to_vec(&unsigned).unwrap(), &now()).unwrap();
    assert_eq!(x.verdict, Verdict::Unsigned);
}

#[test]
fn a_key_that_is_not_the_issuers_is_invalid() {
    let issuer = TestIssuer::from_seed(17);
    let impostor = TestIssuer::from_seed(18);
    // The impostor signs a credential that names the real issuer.
    let doc = impostor.sign(&issuer.fill(&read_fixture("ob3-minimal.json")));
    let x = examine(&serde_json::to_vec(&doc).unwrap(), &now()).unwrap();
    assert_eq!(x.verdict, Verdict::Invalid);
    let ik = x.checks.iter().find(|c| c.check == "issuer-key").unwrap();
    assert_eq!(ik.result, CheckResult::Fail);
}

#[test]
fn an_unknown_context_is_an_error_naming_it() {
    let issuer = TestIssuer::from_seed(19);
    let mut doc = issuer.fill(&read_fixture("ob3-minimal.json"));
    doc["@context"]
        .as_array_mut()
        .unwrap()
        .push("https://example.org/contexts/mystery.jsonld".into());
    let doc = serde_json::to_vec(&doc).unwrap();
    let e = examine(&doc, &now()).unwrap_err();
    assert!(matches!(e, CoreError::JsonLd(_)), "{e:?}");
    assert!(
        e.to_string()
            .contains("https://example.org/contexts/mystery.jsonld"),
        "{e}"
    );
}

#[test]
fn a_term_the_contexts_do_not_define_is_never_shown_as_signed() {
    let issuer = TestIssuer::from_seed(20);
    let mut doc = issuer.fill(&read_fixture("ob3-minimal.json"));
    doc["credentialSubject"]["achievement"]["secretGrade"] = "A+".into();
    let signed = issuer.sign_lenient(&doc);
    let x = examine(&serde_json::to_vec(&signed).unwrap(), &now()).unwrap();
    assert_eq!(x.verdict, Verdict::Invalid);
    let sig = x.checks.iter().find(|c| c.check == "signature").unwrap();
    assert!(sig.detail.contains("secretGrade"), "{}", sig.detail);
}

#[test]
fn two_proofs_must_both_verify() {
    let a = TestIssuer::from_seed(21);
    let doc = a.issue_fixture("ob3-minimal.json");
    let mut twice = doc.clone();
    let p = doc["proof"].clone();
    let mut bad = p.clone();
    bad["created"] = "2026-03-02T09:00:00Z".into();
    twice["proof"] = Value::Array(vec![p.clone(), p.clone()]);
    let x = examine(&serde_json::to_vec(&twice).unwrap(), &now()).unwrap();
    assert_eq!(x.verdict, Verdict::Valid);
    twice["proof"] = Value::Array(vec![p, bad]);
    let x = examine(&serde_json::to_vec(&twice).unwrap(), &now()).unwrap();
    assert_eq!(
        x.verdict,
        Verdict::Invalid,
        "one bad proof of two must fail: {:?}",
        x.checks
    );
}

#[test]
fn bad_input_is_an_error_never_a_panic() {
    let cases: &[&[u8]] = &[
        b"",
        b"   ",
        b"{",
        b"[]",
        b"null",
        b"{}",
        b"{\"@context\": 5}",
        b"{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"type\": \"VerifiableCredential\"}",
        b"{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"type\": [\"VerifiableCredential\"], \"issuer\": {}, \"credentialSubject\": {}}",
        b"{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"type\": [\"VerifiableCredential\"], \"issuer\": \"did:key:z\", \"credentialSubject\": {}, \"proof\": {\"type\": \"DataIntegrityProof\", \"cryptosuite\": \"eddsa-rdfc-2022\", \"proofPurpose\": \"assertionMethod\", \"verificationMethod\": \"did:key:z\", \"proofValue\": \"z1\"}}",
        b"eyJhbGciOiJFZERTQSJ9.eyJ4IjoxfQ.c2ln",
        &[0xff, 0xfe, 0x00],
        b"hello",
    ];
    for c in cases {
        match examine(c, &now()) {
            Err(e) => assert!(!e.to_string().is_empty()),
            Ok(x) => assert_ne!(
                x.verdict,
                Verdict::Valid,
                "{:?}",
                String::from_utf8_lossy(c)
            ),
        }
    }
}

#[test]
fn every_ed25519_suite_verifies_and_refuses_tampering() {
    use tessera_core::di::Suite;
    let issuer = TestIssuer::from_seed(22);
    for suite in [
        Suite::EddsaRdfc2022,
        Suite::EddsaJcs2022,
        Suite::Ed25519Signature2020,
    ] {
        for name in FIXTURES {
            let unsigned = issuer.fill(&read_fixture(&format!("{name}.json")));
            let signed = issuer.sign_with(&unsigned, suite);
            let x = examine(&serde_json::to_vec(&signed).unwrap(), &now()).unwrap();
            assert_eq!(
                x.verdict,
                Verdict::Valid,
                "{suite:?} {name}: {:?}",
                x.checks
            );
            for (path, doc) in tampered_variants(&signed) {
                if let Ok(x) = examine(&serde_json::to_vec(&doc).unwrap(), &now()) {
                    assert_eq!(x.verdict, Verdict::Invalid, "{suite:?} {name}: {path}");
                }
            }
        }
    }
}
