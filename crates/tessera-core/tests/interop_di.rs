//! Interoperability of every proof suite Tessera checks with the reference implementation
//! (Digital Bazaar's `@digitalbazaar/vc` 7 with the eddsa-rdfc-2022, eddsa-jcs-2022,
//! ecdsa-rdfc-2019 cryptosuites and Ed25519Signature2020, run offline by
//! tests/interop/issue-di.mjs): credentials it issues at test time verify in Tessera, every
//! one-leaf change is refused, a proof set verifies only when every proof does, and proofs
//! Tessera makes verify in the reference.
//!
//! Needs `node` (20+) and `npm ci --prefix tests/interop`; without them these tests fail and
//! say so: they are never skipped.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use tessera_core::di::{self, ProofOptions, Suite};
use tessera_core::{examine, CheckResult, Env, Examined, Format, Status, Verdict};
use tessera_testkit::{assert_every_leaf_change_refused, read_fixture};

use tessera_testkit::interop::INSTALL;

/// The evaluation time of every check here, so nothing depends on today's date.
const NOW: &str = "2027-01-01T00:00:00Z";

/// The suites the reference implementation issues (it has no ecdsa-jcs-2019 package).
const SUITES: [&str; 4] = [
    "eddsa-rdfc-2022",
    "eddsa-jcs-2022",
    "ecdsa-rdfc-2019",
    "Ed25519Signature2020",
];

fn env() -> Env<'static> {
    Env::at(
        DateTime::parse_from_rfc3339(NOW)
            .unwrap()
            .with_timezone(&Utc),
    )
}

fn script() -> PathBuf {
    let packages: Vec<String> = [
        "vc",
        "data-integrity",
        "eddsa-rdfc-2022-cryptosuite",
        "eddsa-jcs-2022-cryptosuite",
        "ecdsa-rdfc-2019-cryptosuite",
        "ecdsa-multikey",
        "ed25519-signature-2020",
        "ed25519-verification-key-2020",
    ]
    .iter()
    .map(|p| format!("@digitalbazaar/{p}"))
    .collect();
    let packages: Vec<&str> = packages.iter().map(String::as_str).collect();
    tessera_testkit::interop::node_script("issue-di.mjs", &packages)
}

/// Counts the reference cases of one suite on the real stderr (not captured by the test
/// harness), so CI logs show how many ran.
fn report(suite: &str, n: usize, what: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "interop: @digitalbazaar/vc {suite} cases: {n} ({what})"
    );
}

/// Runs the script with `args`, and `stdin` as its input; returns its exit code and JSON.
fn node(args: &[&str], stdin: Option<&str>) -> (i32, Value) {
    let mut child = Command::new("node")
        .arg(script())
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or(-1);
    assert_ne!(code, 3, "interop: {stderr}\n{INSTALL}");
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "issue-di.mjs {args:?} printed no JSON ({e}), exit {code}: {} {stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (code, value)
}

/// Credentials the reference issues, one per option object (one node run): each as the
/// text the reference printed for it (JSON.stringify's numbers) and parsed.
fn reference_issue(options: &[Value]) -> Vec<(String, Value)> {
    let batch = Value::Array(options.to_vec()).to_string();
    let (code, out) = node(&[&batch], None);
    assert_eq!(code, 0, "issuing failed: {out}");
    let list = out.as_array().expect("an array of credentials").clone();
    assert_eq!(list.len(), options.len());
    list.into_iter()
        .map(|doc| (serde_json::to_string_pretty(&doc).unwrap(), doc))
        .collect()
}

/// The reference's verdict on each text: `{verified, proofs: [{suite, verified}]}`.
fn reference_verify(texts: &[String]) -> Vec<Value> {
    let docs: Vec<Value> = texts
        .iter()
        .map(|t| serde_json::from_str(t).unwrap())
        .collect();
    let input = Value::Array(docs).to_string();
    let (_, out) = node(&["--verify", "-", "--now", NOW], Some(&input));
    let list = out.as_array().expect("an array of answers").clone();
    assert_eq!(list.len(), texts.len());
    list
}

/// A 32-byte key seed as 64 hex digits.
fn seed(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

fn results(x: &Examined, name: &str) -> Vec<CheckResult> {
    x.checks
        .iter()
        .filter(|c| c.check == name)
        .map(|c| c.result)
        .collect()
}

/// One credential the reference issues, and what Tessera must read from it.
struct Case {
    options: Value,
    title: &'static str,
    credits: f64,
    status: Status,
}

fn cases(suite: &str) -> Vec<Case> {
    let s = |n: u8| seed(n);
    vec![
        Case {
            options: json!({
                "suite": suite, "vc": "2.0", "title": "Datenkompetenz – Grundlagen ✓",
                "issuerName": "Hochschule Süd · Campus Nord", "country": "DE",
                "credits": 2.5, "eqf": 5, "validFrom": "2026-01-15T08:30:00Z", "seed": s(1),
            }),
            title: "Datenkompetenz – Grundlagen ✓",
            credits: 2.5,
            status: Status::Active,
        },
        Case {
            options: json!({
                "suite": suite, "vc": "2.0", "credits": 5,
                "validFrom": "2026-06-01T00:00:00Z", "validUntil": "2030-01-01T00:00:00Z",
                "seed": s(2),
            }),
            title: "Data Literacy Foundations",
            credits: 5.0,
            status: Status::Active,
        },
        Case {
            options: json!({
                "suite": suite, "vc": "1.1", "title": "Analyse de données — « avancé » 📊",
                "issuerName": "大学 テスト / Université d'essai", "country": "FR",
                "credits": 10, "eqf": 8, "validFrom": "2026-09-09T09:09:09Z", "seed": s(3),
            }),
            title: "Analyse de données — « avancé » 📊",
            credits: 10.0,
            status: Status::Active,
        },
        Case {
            options: json!({
                "suite": suite, "vc": "1.1", "title": "Kurz gültig", "credits": 0.5,
                "validFrom": "2025-01-01T00:00:00Z", "validUntil": "2026-06-30T23:59:59Z",
                "seed": s(4),
            }),
            title: "Kurz gültig",
            credits: 0.5,
            status: Status::Expired,
        },
        Case {
            options: json!({
                "suite": suite, "vc": "2.0", "title": "Zukunft", "credits": 1,
                "validFrom": "2028-02-29T12:00:00Z",
            }),
            title: "Zukunft",
            credits: 1.0,
            status: Status::NotYetValid,
        },
    ]
}

#[test]
fn reference_credentials_of_every_suite_verify() {
    for suite in SUITES {
        let cases = cases(suite);
        let options: Vec<Value> = cases.iter().map(|c| c.options.clone()).collect();
        let issued = reference_issue(&options);
        let mut texts = Vec::new();
        for (c, (text, doc)) in cases.iter().zip(&issued) {
            let n = format!("{suite} {}", c.title);
            let proof = &doc["proof"];
            assert_eq!(
                proof["cryptosuite"].as_str().or(proof["type"].as_str()),
                Some(suite),
                "{n}"
            );
            let x = examine(text.as_bytes(), &env()).unwrap_or_else(|e| panic!("{n}: {e}"));
            assert_eq!(x.verdict, Verdict::Valid, "{n}: {:#?}", x.checks);
            assert_eq!(results(&x, "signature"), [CheckResult::Pass], "{n}");
            assert_eq!(results(&x, "issuer-key"), [CheckResult::Pass], "{n}");
            assert_eq!(x.status, c.status, "{n}: {:#?}", x.checks);
            assert_eq!(x.format, Format::Ob3Di, "{n}");
            assert_eq!(x.facts.title, c.title, "{n}");
            assert_eq!(x.facts.credits, Some(c.credits), "{n}");
            assert_eq!(x.facts.issuer, doc["issuer"]["id"].as_str().unwrap(), "{n}");
            let key_prefix = if suite.starts_with("ecdsa") {
                "did:key:zDn"
            } else {
                "did:key:z6Mk"
            };
            assert!(x.facts.issuer.starts_with(key_prefix), "{n}");
            texts.push(text.clone());
        }
        // The same numbers written another way (5 as 5.0, 2.5 as 2.50) are the same JSON
        // value: JCS canonicalises them as JavaScript does, RDFC reads the same literal.
        let mut rewritten = Vec::new();
        for (text, doc) in &issued {
            let credits = &doc["credentialSubject"]["achievement"]["creditsAvailable"];
            let from = format!("\"creditsAvailable\": {credits}");
            assert!(text.contains(&from), "{from}");
            let to = if credits.is_f64() {
                format!("\"creditsAvailable\": {credits}0")
            } else {
                format!("\"creditsAvailable\": {credits}.0")
            };
            rewritten.push(text.replacen(&from, &to, 1));
        }
        for t in &rewritten {
            let x = examine(t.as_bytes(), &env()).unwrap();
            assert_eq!(
                results(&x, "signature"),
                [CheckResult::Pass],
                "{suite}: {t}"
            );
        }
        // The reference agrees on every one, at the same time.
        let all: Vec<String> = texts.iter().chain(&rewritten).cloned().collect();
        let answers = reference_verify(&all);
        for (i, a) in answers.iter().enumerate() {
            let c = &cases[i % cases.len()];
            assert_eq!(
                a["proofs"][0]["verified"] == true,
                c.status == Status::Active,
                "{suite} {}: the reference says {a}",
                c.title
            );
        }
        report(suite, all.len(), "reference issues, Tessera verifies");
    }
}

#[test]
fn every_one_leaf_change_to_a_reference_credential_is_refused() {
    let mut options = Vec::new();
    for suite in SUITES {
        for vc in ["2.0", "1.1"] {
            options.push(json!({
                "suite": suite, "vc": vc, "title": "Datenkompetenz – Grundlagen ✓",
                "credits": 2.5, "eqf": 5, "validFrom": "2026-02-01T00:00:00Z",
                "validUntil": "2031-02-01T00:00:00Z", "created": "2026-02-01T00:00:00Z",
                "seed": seed(9), "id": "urn:uuid:1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b",
                "achievementId": "urn:uuid:6a2f41a3-c54c-4fb1-8e10-6c8e7d6a8c21",
                "subject": "did:example:learner-ana-novak",
            }));
        }
    }
    let issued = reference_issue(&options);
    for (o, (text, doc)) in options.iter().zip(&issued) {
        let suite = o["suite"].as_str().unwrap();
        let name = format!("{suite} VC {}", o["vc"].as_str().unwrap());
        assert_eq!(
            examine(text.as_bytes(), &env()).unwrap().verdict,
            Verdict::Valid,
            "{name}"
        );
        let variants = assert_every_leaf_change_refused(&name, doc, &env());
        assert!(
            variants.len() > 25,
            "{name}: only {} leaves",
            variants.len()
        );
        // The reference refuses the same changes to signed values and to the proof.
        let pick = [
            "/credentialSubject/achievement/name",
            "/credentialSubject/achievement/creditsAvailable",
            "/issuer/name",
            "/proof/created",
            "/proof/proofValue",
        ];
        let texts: Vec<String> = pick
            .iter()
            .map(|p| {
                let (_, v) = variants
                    .iter()
                    .find(|(path, _)| path == p)
                    .unwrap_or_else(|| panic!("{name}: no leaf {p}"));
                serde_json::to_string_pretty(v).unwrap()
            })
            .collect();
        for (p, a) in pick.iter().zip(reference_verify(&texts)) {
            assert_eq!(
                a["verified"], false,
                "{name} {p}: the reference accepted it: {a}"
            );
        }
        report(suite, variants.len(), &format!("one-leaf changes, {name}"));
    }
}

/// Checks of the credential in `text`: its verdict, and each proof's signature result.
fn proof_results(text: &str) -> (Verdict, Vec<CheckResult>) {
    let x = examine(text.as_bytes(), &env()).unwrap();
    (x.verdict, results(&x, "signature"))
}

#[test]
fn a_credential_with_two_proofs_verifies_only_when_both_do() {
    let combos = [
        ("eddsa-rdfc-2022,Ed25519Signature2020", "1.1"),
        ("eddsa-rdfc-2022,Ed25519Signature2020", "2.0"),
        ("Ed25519Signature2020,eddsa-jcs-2022", "1.1"),
        ("eddsa-jcs-2022,eddsa-rdfc-2022", "2.0"),
    ];
    let options: Vec<Value> = combos
        .iter()
        .enumerate()
        .map(|(i, (suites, vc))| {
            json!({"suite": suites, "vc": vc, "credits": 2.5, "seed": seed(20 + i as u8),
                   "validFrom": "2026-05-05T00:00:00Z"})
        })
        .collect();
    let issued = reference_issue(&options);
    let mut n = 0;
    for ((suites, vc), (text, doc)) in combos.iter().zip(&issued) {
        let name = format!("{suites} VC {vc}");
        assert_eq!(doc["proof"].as_array().map(Vec::len), Some(2), "{name}");
        let (verdict, sigs) = proof_results(text);
        assert_eq!(verdict, Verdict::Valid, "{name}");
        assert_eq!(sigs, [CheckResult::Pass, CheckResult::Pass], "{name}");
        let mut texts = vec![text.clone()];
        // Each proof broken in turn: the credential is invalid, the other proof still passes.
        for i in 0..2 {
            for (member, value) in [
                ("created", json!("2026-05-06T00:00:00Z")),
                (
                    "proofValue",
                    json!(flip(doc["proof"][i]["proofValue"].as_str().unwrap())),
                ),
            ] {
                let mut bad = doc.clone();
                bad["proof"][i][member] = value;
                let t = serde_json::to_string_pretty(&bad).unwrap();
                let (verdict, sigs) = proof_results(&t);
                assert_eq!(verdict, Verdict::Invalid, "{name}: proof {i} {member}");
                let mut expect = [CheckResult::Pass, CheckResult::Pass];
                expect[i] = CheckResult::Fail;
                assert_eq!(sigs, expect, "{name}: proof {i} {member}");
                texts.push(t);
            }
            // Either proof alone is a valid credential.
            let mut single = doc.clone();
            single["proof"] = doc["proof"][i].clone();
            let t = serde_json::to_string_pretty(&single).unwrap();
            assert_eq!(
                proof_results(&t).0,
                Verdict::Valid,
                "{name}: only proof {i}"
            );
            texts.push(t);
        }
        // The reference agrees proof by proof (it accepts a set when any proof verifies;
        // Tessera requires every proof).
        let answers = reference_verify(&texts);
        for (t, a) in texts.iter().zip(&answers) {
            let (_, sigs) = proof_results(t);
            let theirs: Vec<bool> = a["proofs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["verified"] == true)
                .collect();
            let ours: Vec<bool> = sigs.iter().map(|r| *r == CheckResult::Pass).collect();
            assert_eq!(ours, theirs, "{name}: {a}");
        }
        n += texts.len();
    }
    report("proof sets", n, "two proofs of different suites");
}

/// The multibase value with one base58 digit changed (same length, other bytes).
fn flip(value: &str) -> String {
    let mut chars: Vec<char> = value.chars().collect();
    let i = chars.len() / 2;
    chars[i] = if chars[i] == '2' { '3' } else { '2' };
    chars.into_iter().collect()
}

#[test]
fn proofs_tessera_makes_verify_in_the_reference() {
    let ed = ed25519_dalek::SigningKey::from_bytes(&[61u8; 32]);
    let p256 = p256::ecdsa::SigningKey::from_slice(&[62u8; 32]).unwrap();
    let ed_did = tessera_core::did::did_key_for(&ed.verifying_key());
    let p_did = tessera_core::did::did_key_for_p256(p256.verifying_key());
    let vm = |did: &str| format!("{did}#{}", did.trim_start_matches("did:key:"));
    let mut texts = Vec::new();
    let mut names = Vec::new();
    for suite in [
        Suite::EddsaRdfc2022,
        Suite::EddsaJcs2022,
        Suite::EcdsaRdfc2019,
        Suite::Ed25519Signature2020,
    ] {
        let did = if suite == Suite::EcdsaRdfc2019 {
            &p_did
        } else {
            &ed_did
        };
        let mut doc: Value = serde_json::from_str(
            &read_fixture("ob3-microcredential.json").replace("{{ISSUER}}", did),
        )
        .unwrap();
        doc["credentialSubject"]["achievement"]["creditsAvailable"] = json!(2.5);
        let signed = if suite == Suite::EcdsaRdfc2019 {
            di::sign_with_suite(
                &doc,
                &p256,
                suite,
                &vm(did),
                "2026-03-01T09:00:00Z",
                "assertionMethod",
            )
        } else {
            di::sign_with_suite(
                &doc,
                &ed,
                suite,
                &vm(did),
                "2026-03-01T09:00:00Z",
                "assertionMethod",
            )
        }
        .unwrap();
        let text = serde_json::to_string_pretty(&signed).unwrap();
        assert_eq!(proof_results(&text).0, Verdict::Valid, "{}", suite.name());
        texts.push(text);
        names.push(suite.name());
    }
    // A proof set Tessera makes: the contexts both suites need first, then the proofs.
    let mut doc: Value = serde_json::from_str(
        &read_fixture("ob3-microcredential.json").replace("{{ISSUER}}", &ed_did),
    )
    .unwrap();
    doc["@context"]
        .as_array_mut()
        .unwrap()
        .push(di::ED25519_2020_CONTEXT.into());
    let mut set = doc;
    for suite in [Suite::EddsaJcs2022, Suite::Ed25519Signature2020] {
        set = di::add_proof(
            &set,
            &ed,
            &ProofOptions::new(suite, &vm(&ed_did), "2026-03-01T09:00:00Z"),
        )
        .unwrap();
    }
    let text = serde_json::to_string_pretty(&set).unwrap();
    assert_eq!(
        proof_results(&text).1,
        [CheckResult::Pass, CheckResult::Pass]
    );
    texts.push(text);
    names.push("eddsa-jcs-2022 + Ed25519Signature2020");

    let answers = reference_verify(&texts);
    for (name, a) in names.iter().zip(&answers) {
        assert_eq!(a["verified"], true, "{name}: the reference says {a}");
        assert!(
            a["proofs"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["verified"] == true),
            "{name}: {a}"
        );
    }
    report(
        "Tessera-signed",
        texts.len(),
        "Tessera signs, reference verifies",
    );
}
