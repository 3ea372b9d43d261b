//! Interoperability with the reference implementation (Digital Bazaar's `@digitalbazaar/vc`
//! with `eddsa-rdfc-2022`, run offline by tests/interop/issue-ob3.mjs): credentials it
//! issues verify in Tessera with the facts they were issued with, and credentials Tessera's
//! own signer makes verify in it.
//!
//! Needs `node` (20+) and `npm ci --prefix tests/interop`; without them these tests fail
//! and say so: they are never skipped.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use tessera_core::{examine, CheckResult, Env, Examined, Format, Status, Verdict};
use tessera_testkit::{
    assert_every_leaf_change_refused, read_fixture, tampered_variants, TestIssuer,
};

use tessera_testkit::interop::INSTALL;

/// The evaluation time of every check here, so nothing depends on today's date.
const NOW: &str = "2027-01-01T00:00:00Z";

const DEFAULT_SKILL: &str = "http://data.europa.eu/esco/skill/81a2db2c-7e55-44d0-9cd9-74c25147d7cd";

fn env() -> Env<'static> {
    Env::at(
        DateTime::parse_from_rfc3339(NOW)
            .unwrap()
            .with_timezone(&Utc),
    )
}

fn script() -> PathBuf {
    tessera_testkit::interop::node_script("issue-ob3.mjs", &["@digitalbazaar/vc"])
}

/// Counts the reference cases of one test on the real stderr (not captured by the test
/// harness), so CI logs show how many ran.
fn report(what: &str, n: usize) {
    let _ = writeln!(
        std::io::stderr(),
        "interop: @digitalbazaar/vc cases: {n} ({what})"
    );
}

/// `node issue-ob3.mjs ARGS`: a credential issued by the reference implementation.
fn reference_issue(args: &[&str]) -> (String, Value) {
    let out = Command::new("node")
        .arg(script())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("node runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(3), "interop: {stderr}\n{INSTALL}");
    assert!(
        out.status.success(),
        "issue-ob3.mjs {args:?} failed: {stderr}"
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    let doc = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("issue-ob3.mjs printed no JSON ({e}): {text}"));
    (text, doc)
}

/// `node issue-ob3.mjs --verify - --now NOW` on `text`: (verified, exit code, full answer).
fn reference_verify(text: &str) -> (bool, i32, Value) {
    let mut child = Command::new("node")
        .arg(script())
        .args(["--verify", "-", "--now", NOW])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or(-1);
    assert_ne!(code, 3, "interop: {stderr}\n{INSTALL}");
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "--verify printed no JSON ({e}): {} {stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (answer["verified"] == true, code, answer)
}

/// A 32-byte key seed as 64 hex digits.
fn seed(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

fn check_result(x: &Examined, name: &str) -> CheckResult {
    x.checks
        .iter()
        .find(|c| c.check == name)
        .unwrap_or_else(|| panic!("no {name} check: {:?}", x.checks))
        .result
}

/// One credential the reference issues, and what Tessera must read from it.
struct Case {
    name: &'static str,
    /// Options as one JSON object (the script's JSON form) or as flags.
    args: Vec<String>,
    title: &'static str,
    issuer_name: &'static str,
    country: &'static str,
    credits: f64,
    eqf: u8,
    skill: &'static str,
    skill_name: &'static str,
    issued: &'static str,
    expires: Option<&'static str>,
    status: Status,
}

fn flags(pairs: &[(&str, &str)]) -> Vec<String> {
    pairs
        .iter()
        .flat_map(|(k, v)| [k.to_string(), v.to_string()])
        .collect()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "non-ASCII title, 2.5 credits, EQF 5, no validUntil",
            args: flags(&[
                ("--title", "Datenkompetenz – Grundlagen ✓"),
                ("--issuer-name", "Hochschule Süd · Campus Nord"),
                ("--country", "DE"),
                ("--credits", "2.5"),
                ("--eqf", "5"),
                ("--valid-from", "2026-01-15T08:30:00Z"),
                ("--seed", &seed(1)),
            ]),
            title: "Datenkompetenz – Grundlagen ✓",
            issuer_name: "Hochschule Süd · Campus Nord",
            country: "DE",
            credits: 2.5,
            eqf: 5,
            skill: DEFAULT_SKILL,
            skill_name: "analyse test data",
            issued: "2026-01-15T08:30:00Z",
            expires: None,
            status: Status::Active,
        },
        Case {
            name: "5 credits, EQF 6, validUntil in the future",
            args: flags(&[
                ("--title", "Data Literacy Foundations"),
                ("--credits", "5"),
                ("--eqf", "6"),
                ("--valid-from", "2026-06-01T00:00:00Z"),
                ("--valid-until", "2030-01-01T00:00:00Z"),
                ("--seed", &seed(2)),
            ]),
            title: "Data Literacy Foundations",
            issuer_name: "Tessera Test University",
            country: "IE",
            credits: 5.0,
            eqf: 6,
            skill: DEFAULT_SKILL,
            skill_name: "analyse test data",
            issued: "2026-06-01T00:00:00Z",
            expires: Some("2030-01-01T00:00:00Z"),
            status: Status::Active,
        },
        Case {
            name: "expired",
            args: flags(&[
                ("--title", "Kurz gültig"),
                ("--credits", "3"),
                ("--eqf", "4"),
                ("--country", "AT"),
                ("--valid-from", "2025-01-01T00:00:00Z"),
                ("--valid-until", "2026-06-30T23:59:59Z"),
                ("--seed", &seed(3)),
            ]),
            title: "Kurz gültig",
            issuer_name: "Tessera Test University",
            country: "AT",
            credits: 3.0,
            eqf: 4,
            skill: DEFAULT_SKILL,
            skill_name: "analyse test data",
            issued: "2025-01-01T00:00:00Z",
            expires: Some("2026-06-30T23:59:59Z"),
            status: Status::Expired,
        },
        Case {
            name: "not yet valid",
            args: flags(&[
                ("--title", "Zukunft"),
                ("--credits", "1"),
                ("--eqf", "3"),
                ("--valid-from", "2028-02-29T12:00:00Z"),
                ("--seed", &seed(4)),
            ]),
            title: "Zukunft",
            issuer_name: "Tessera Test University",
            country: "IE",
            credits: 1.0,
            eqf: 3,
            skill: DEFAULT_SKILL,
            skill_name: "analyse test data",
            issued: "2028-02-29T12:00:00Z",
            expires: None,
            status: Status::NotYetValid,
        },
        Case {
            name: "JSON options, other skill, French and Japanese text, EQF 8",
            args: vec![json!({
                "title": "Analyse de données — niveau 2 «avancé»",
                "issuerName": "大学 テスト / Université d'essai",
                "country": "FR",
                "credits": 10,
                "eqf": 8,
                "skillName": "gérer des données 📊",
                "skillUrl": "http://data.europa.eu/esco/skill/0f0e0d0c-0b0a-4909-8807-060504030201",
                "learningOutcome": "Explique les limites d'une analyse — « avec nuance ».",
                "narrative": "Projet final évalué par deux examinateurs.",
                "validFrom": "2026-09-09T09:09:09Z",
                "validUntil": "2036-09-09T09:09:09Z",
                "seed": seed(5),
            })
            .to_string()],
            title: "Analyse de données — niveau 2 «avancé»",
            issuer_name: "大学 テスト / Université d'essai",
            country: "FR",
            credits: 10.0,
            eqf: 8,
            skill: "http://data.europa.eu/esco/skill/0f0e0d0c-0b0a-4909-8807-060504030201",
            skill_name: "gérer des données 📊",
            issued: "2026-09-09T09:09:09Z",
            expires: Some("2036-09-09T09:09:09Z"),
            status: Status::Active,
        },
        Case {
            name: "half a credit, EQF 1, random seed",
            args: flags(&[
                ("--title", "Erste Hilfe am Computer"),
                ("--credits", "0.5"),
                ("--eqf", "1"),
                ("--valid-from", "2026-12-31T23:59:59Z"),
                ("--compact", ""),
            ])
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect(),
            title: "Erste Hilfe am Computer",
            issuer_name: "Tessera Test University",
            country: "IE",
            credits: 0.5,
            eqf: 1,
            skill: DEFAULT_SKILL,
            skill_name: "analyse test data",
            issued: "2026-12-31T23:59:59Z",
            expires: None,
            status: Status::Active,
        },
    ]
}

#[test]
fn reference_issued_credentials_verify_with_the_facts_they_were_issued_with() {
    let cases = cases();
    for c in &cases {
        let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
        let (text, doc) = reference_issue(&args);
        let x = examine(text.as_bytes(), &env()).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        let n = c.name;
        assert_eq!(x.verdict, Verdict::Valid, "{n}: {:#?}", x.checks);
        assert_eq!(check_result(&x, "signature"), CheckResult::Pass, "{n}");
        assert_eq!(check_result(&x, "issuer-key"), CheckResult::Pass, "{n}");
        assert_eq!(x.status, c.status, "{n}: {:#?}", x.checks);
        assert_eq!(x.format, Format::Ob3Di, "{n}");
        let f = &x.facts;
        assert_eq!(f.title, c.title, "{n}");
        assert_eq!(f.issuer, doc["issuer"]["id"].as_str().unwrap(), "{n}");
        assert!(f.issuer.starts_with("did:key:z6Mk"), "{n}: {}", f.issuer);
        assert_eq!(f.issuer_name.as_deref(), Some(c.issuer_name), "{n}");
        assert_eq!(f.credits, Some(c.credits), "{n}");
        // The reference states no credit unit, so Tessera must not guess one.
        assert_eq!(f.credit_unit, None, "{n}");
        assert_eq!(f.eqf_level, Some(c.eqf), "{n}");
        assert_eq!(f.skills, vec![c.skill.to_owned()], "{n}");
        assert_eq!(f.issued.as_deref(), Some(c.issued), "{n}");
        assert_eq!(f.expires.as_deref(), c.expires, "{n}");
        assert_eq!(f.credential_id.as_deref(), doc["id"].as_str(), "{n}");
        assert_eq!(
            f.achievement_id.as_deref(),
            doc["credentialSubject"]["achievement"]["id"].as_str(),
            "{n}"
        );
        assert_eq!(
            f.learner.as_deref(),
            doc["credentialSubject"]["id"].as_str(),
            "{n}"
        );
        assert!(
            f.learning_outcomes.iter().any(|o| o == c.skill_name),
            "{n}: {:?}",
            f.learning_outcomes
        );
        let k = &x.critical;
        assert!(
            k.title.present && k.learner.present && k.awarding_body.present && k.issued.present,
            "{n}"
        );
        assert_eq!(k.country.value, c.country, "{n}");
        assert_eq!(k.level.value["eqf"], c.eqf, "{n}");
        // Credits without a unit are not a complete workload (EU critical information).
        assert!(!k.workload.present, "{n}: {:?}", k.workload);
        // Tessera and the reference agree on the outcome at the same time.
        let (verified, code, answer) = reference_verify(&text);
        let active = c.status == Status::Active;
        assert_eq!(verified, active, "{n}: reference says {answer}");
        assert_eq!(code, if active { 0 } else { 1 }, "{n}");
    }
    report("reference issues, Tessera verifies", cases.len());
}

/// A reference credential with every option fixed, so its bytes are the same on every run.
fn fixed_reference() -> (String, Value) {
    reference_issue(&[
        "--title",
        "Datenkompetenz – Grundlagen ✓",
        "--credits",
        "2.5",
        "--eqf",
        "5",
        "--valid-from",
        "2026-02-01T00:00:00Z",
        "--valid-until",
        "2031-02-01T00:00:00Z",
        "--created",
        "2026-02-01T00:00:00Z",
        "--seed",
        &seed(9),
        "--id",
        "urn:uuid:1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b",
        "--achievement-id",
        "urn:uuid:6a2f41a3-c54c-4fb1-8e10-6c8e7d6a8c21",
        "--subject",
        "did:example:learner-ana-novak",
    ])
}

#[test]
fn every_one_leaf_change_to_a_reference_credential_is_refused() {
    let (text, doc) = fixed_reference();
    assert_eq!(
        examine(text.as_bytes(), &env()).unwrap().verdict,
        Verdict::Valid
    );
    let variants = assert_every_leaf_change_refused("reference credential", &doc, &env());
    assert!(variants.len() > 30, "only {} leaves", variants.len());
    report("one-leaf tampered reference credentials", variants.len());
}

#[test]
fn reference_credentials_still_verify_after_reserialisation() {
    let (pretty_text, doc) = fixed_reference();
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
    let forms = [
        ("as printed", pretty_text.clone()),
        ("compact", serde_json::to_string(&doc).unwrap()),
        ("pretty", serde_json::to_string_pretty(&doc).unwrap()),
        (
            "keys reversed",
            serde_json::to_string(&reverse(&doc)).unwrap(),
        ),
        (
            "tabs, CRLF, BOM",
            format!(
                "\u{feff}{}\r\n",
                serde_json::to_string_pretty(&reverse(&doc))
                    .unwrap()
                    .replace("  ", "\t")
                    .replace('\n', "\r\n")
            ),
        ),
        (
            "ASCII-escaped",
            escape_non_ascii(&serde_json::to_string(&doc).unwrap()),
        ),
    ];
    for (what, text) in &forms {
        let x = examine(text.as_bytes(), &env()).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(x.verdict, Verdict::Valid, "{what}: {:#?}", x.checks);
        assert_eq!(x.facts.title, "Datenkompetenz – Grundlagen ✓", "{what}");
    }
    // The reference agrees on the compact form too.
    let (verified, _, answer) = reference_verify(&forms[1].1);
    assert!(verified, "{answer}");
    report("re-serialised reference credentials", forms.len() + 1);
}

/// JSON text with every non-ASCII character written as a \u escape (same JSON value).
fn escape_non_ascii(json_text: &str) -> String {
    let mut out = String::new();
    for ch in json_text.chars() {
        if ch.is_ascii() {
            out.push(ch);
        } else {
            let mut buf = [0u16; 2];
            for unit in ch.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    assert_ne!(out, json_text);
    out
}

#[test]
fn tessera_signed_credentials_verify_in_the_reference_and_tampered_ones_do_not() {
    let mut n = 0;
    // Every fixture, signed by Tessera's own signer.
    for (i, name) in [
        "ob3-microcredential.json",
        "ob3-minimal.json",
        "vc-generic.json",
    ]
    .iter()
    .enumerate()
    {
        let signed = TestIssuer::from_seed(70 + i as u8).issue_fixture(name);
        let text = serde_json::to_string_pretty(&signed).unwrap();
        let (verified, code, answer) = reference_verify(&text);
        assert!(verified && code == 0, "{name}: the reference says {answer}");
        n += 1;
    }

    // Non-ASCII text and a fractional credit, signed by Tessera.
    let issuer = TestIssuer::from_seed(80);
    let mut doc = issuer.fill(&read_fixture("ob3-microcredential.json"));
    doc["name"] = "Datenkompetenz – Grundlagen ✓".into();
    doc["credentialSubject"]["achievement"]["name"] = "Datenkompetenz – Grundlagen ✓".into();
    doc["credentialSubject"]["achievement"]["creditsAvailable"] = 2.5.into();
    let signed = issuer.sign(&doc);
    let text = serde_json::to_string(&signed).unwrap();
    let (verified, _, answer) = reference_verify(&text);
    assert!(verified, "non-ASCII: the reference says {answer}");
    assert_eq!(
        examine(text.as_bytes(), &env()).unwrap().verdict,
        Verdict::Valid
    );
    n += 1;

    // Tampered copies: neither the reference nor Tessera accepts them.
    let variants = tampered_variants(&signed);
    let pick = [
        "/credentialSubject/achievement/name",
        "/credentialSubject/achievement/creditsAvailable",
        "/credentialSubject/achievement/description",
        "/issuer/name",
        "/validUntil",
        "/proof/created",
        "/proof/proofValue",
    ];
    for path in pick {
        let (_, v) = variants
            .iter()
            .find(|(p, _)| p == path)
            .unwrap_or_else(|| panic!("no leaf {path}"));
        let text = serde_json::to_string_pretty(v).unwrap();
        let (verified, code, answer) = reference_verify(&text);
        assert!(
            !verified && code == 1,
            "{path}: the reference accepted a tampered copy: {answer}"
        );
        assert_eq!(
            examine(text.as_bytes(), &env()).unwrap().verdict,
            Verdict::Invalid,
            "{path}"
        );
        n += 1;
    }

    // A one-byte change in the file.
    let tampered = text.replacen("Grundlagen", "GrundlageN", 1);
    assert_ne!(tampered, text);
    let (verified, _, answer) = reference_verify(&tampered);
    assert!(!verified, "one byte: {answer}");
    assert_eq!(
        examine(tampered.as_bytes(), &env()).unwrap().verdict,
        Verdict::Invalid
    );
    n += 1;

    // Signed with a key that is not the issuer's: both refuse it.
    let real = TestIssuer::from_seed(81);
    let impostor = TestIssuer::from_seed(82);
    let forged = impostor.sign(&real.fill(&read_fixture("ob3-microcredential.json")));
    let text = serde_json::to_string(&forged).unwrap();
    let (verified, _, answer) = reference_verify(&text);
    assert!(!verified, "impostor: the reference accepted it: {answer}");
    let x = examine(text.as_bytes(), &env()).unwrap();
    assert_eq!(x.verdict, Verdict::Invalid);
    assert_eq!(check_result(&x, "issuer-key"), CheckResult::Fail);
    n += 1;

    report("Tessera signs, reference verifies", n);
}
