//! Interoperability of Tessera's presentations with the reference implementations:
//! - SD-JWT + Key Binding JWT (RFC 9901): credentials issued at test time by
//!   `@sd-jwt/sd-jwt-vc` 0.19 (tests/interop/present-sdjwt.mjs) and by the Python `sd-jwt`
//!   0.10.4 (tests/interop/present_sdjwt.py), each bound (`cnf.jwk`) to an Ed25519 or a
//!   P-256 holder key of ours, presented by Tessera with two of seven claims, are accepted
//!   by both references with key binding required and the right `aud` and `nonce`, and
//!   refused with a wrong one; the five undisclosed values appear nowhere in what is shared;
//! - Verifiable Presentations: Tessera's VPs of credentials issued by `@digitalbazaar/vc`
//!   (tests/interop/issue-di.mjs) and by Tessera are accepted by `@digitalbazaar/vc`
//!   `verify` (tests/interop/present-vp.mjs) with the right challenge and domain, and
//!   refused with a wrong one.
//!
//! Tessera is stricter than the references, and this shows it: they accept a presentation
//! with a disclosure no digest refers to, an expired Key Binding JWT or VP, and a VP whose
//! `holder` is not the key that signed it; Tessera refuses each.
//!
//! Needs Node.js 20+, `tests/interop/node_modules` and `tests/interop/.venv`, all made by
//! `bash .ci/setup`; without them these tests fail and say so: they are never skipped.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use tessera_core::present::{self, PresentationReport, Request};
use tessera_core::{examine, CheckResult, Env, Verdict};
use tessera_testkit::interop;
use tessera_testkit::present::{assert_privacy, found_in, property, TestKey};

const NOW: &str = "2027-01-01T12:00:00Z";
const LATER: &str = "2027-01-01T13:00:00Z";
const AUD: &str = "https://employer.example/hiring";
const NONCE: &str = "c2Vzc2lvbi0xMjM0NQ";
const CLAIMS: [&str; 7] = [
    "name",
    "ects",
    "given_name",
    "family_name",
    "birthdate",
    "email",
    "grade",
];
const CHOSEN: [&str; 2] = ["name", "ects"];

fn time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn env_at(s: &str) -> Env<'static> {
    Env::at(time(s))
}

fn request() -> Request {
    Request::new(AUD, NONCE, time(NOW), time(NOW) + Duration::minutes(10))
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Per-library counts of verifications: (accepted, refused).
#[derive(Default)]
struct Tally(BTreeMap<&'static str, (usize, usize)>);

impl Tally {
    fn add(&mut self, library: &'static str, accepted: bool) {
        let e = self.0.entry(library).or_default();
        if accepted {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    fn report(&self, what: &str) {
        for (library, (a, r)) in &self.0 {
            interop::report(&format!(
                "interop: {library} cases: {} ({what}: {a} accepted, {r} refused, each as expected)",
                a + r
            ));
        }
    }
}

use tessera_testkit::references::{vp_verify, Reference, VC_PACKAGES};

fn hex(seed: u8) -> String {
    format!("{seed:02x}").repeat(32)
}

fn result(r: &PresentationReport, name: &str) -> Vec<CheckResult> {
    r.checks
        .iter()
        .filter(|c| c.check == name)
        .map(|c| c.result)
        .collect()
}

fn tessera(text: &str, aud: &str, nonce: &str, now: &str) -> PresentationReport {
    present::verify(text, Some(aud), Some(nonce), &env_at(now))
        .unwrap_or_else(|e| panic!("Tessera could not read it: {e}\n{text}"))
}

// ------------------------------------------------------------------ SD-JWT

/// A presentation with a disclosure no digest refers to, the Key Binding JWT made over it
/// by the holder (so its sd_hash fits): only the disclosure rules can refuse it.
fn with_unreferenced_disclosure(text: &str, holder: &TestKey) -> String {
    let cut = text.rfind('~').unwrap() + 1;
    let presented = format!(
        "{}{}~",
        &text[..cut],
        property("c2FsdC1mb3JnZWQ", "grade", &json!("A+ (forged)"))
    );
    let kb = present::key_binding_jwt(&presented, holder.holder(), &request()).unwrap();
    format!("{presented}{kb}")
}

#[test]
fn reference_issued_sd_jwts_presented_by_tessera_are_accepted_by_the_references() {
    let mut tally = Tally::default();
    let mut stricter = Tally::default();
    let mut n = 0;
    for issuer in [Reference::Node, Reference::Python] {
        for (holder, alg) in [
            (
                TestKey::ed25519(41),
                if issuer == Reference::Node {
                    "EdDSA"
                } else {
                    "ES256"
                },
            ),
            (
                TestKey::p256(42),
                if issuer == Reference::Node {
                    "ES256"
                } else {
                    "EdDSA"
                },
            ),
        ] {
            let label = format!(
                "issued by {} ({alg}), {} holder",
                issuer.name(),
                holder.alg()
            );
            let (sd, values) = issuer.issue(&holder, alg, 43, false);
            // Tessera reads the credential and its binding.
            let x = examine(sd.as_bytes(), &env_at(NOW)).unwrap();
            assert_eq!(x.verdict, Verdict::Valid, "{label}: {:#?}", x.checks);
            let s = x.selective.as_ref().unwrap();
            for c in CLAIMS {
                assert!(s.disclosable.contains(&c.to_string()), "{label}: {c}");
            }
            assert_eq!(s.holder_key.as_ref(), Some(&holder.jwk()), "{label}");
            assert_eq!(
                present::holder_alg(&sd).unwrap(),
                present::KeyAlg::of(&holder.public()),
                "{label}"
            );

            // Two of seven.
            let p = present::sd_jwt(&sd, &strings(&CHOSEN), holder.holder(), &request()).unwrap();
            assert_eq!(p.text.split('~').count(), 2 + CHOSEN.len(), "{label}");
            let shown: Vec<&Value> = CHOSEN.iter().map(|k| &values[*k]).collect();
            let withheld: Vec<&Value> = CLAIMS
                .iter()
                .filter(|k| !CHOSEN.contains(k))
                .map(|k| &values[*k])
                .collect();
            assert_eq!(withheld.len(), 5);
            assert_privacy(&label, &p.text, &shown, &withheld);
            // The control: disclosing all seven, the same search finds every value.
            let all = present::sd_jwt(&sd, &strings(&CLAIMS), holder.holder(), &request()).unwrap();
            for v in shown.iter().chain(&withheld) {
                assert!(
                    found_in(&all.text, v)
                        .iter()
                        .any(|h| h.starts_with("disclosure")),
                    "{label}: control: {v}"
                );
            }

            // Each reference: right aud and nonce accepted, a wrong one refused.
            for verifier in [Reference::Node, Reference::Python] {
                let who = format!("{label}, verified by {}", verifier.name());
                let (ok, answer) = verifier.verify(&p.text, AUD, NONCE, NOW);
                assert!(ok, "{who}: {answer}");
                tally.add(verifier.name(), true);
                let claims = &answer["claims"];
                for k in CHOSEN {
                    assert_eq!(claims[k], values[k], "{who}: {k}");
                }
                for k in CLAIMS.iter().filter(|k| !CHOSEN.contains(k)) {
                    assert!(claims.get(*k).is_none(), "{who}: {k} is revealed: {claims}");
                }
                for (aud, nonce, what) in [
                    (AUD, "another-nonce", "wrong nonce"),
                    ("https://other.example", NONCE, "wrong aud"),
                ] {
                    let (ok, answer) = verifier.verify(&p.text, aud, nonce, NOW);
                    assert!(!ok, "{who}: {what} accepted: {answer}");
                    tally.add(verifier.name(), false);
                }
            }
            // Tessera agrees.
            let r = tessera(&p.text, AUD, NONCE, NOW);
            assert_eq!(r.verdict, Verdict::Valid, "{label}: {:#?}", r.checks);
            assert_eq!(r.disclosed, vec![p.disclosed[0].revealed.clone()]);
            let r = tessera(&p.text, AUD, "another-nonce", NOW);
            assert_eq!(
                (r.verdict, result(&r, "nonce")),
                (Verdict::Invalid, vec![CheckResult::Fail])
            );
            let r = tessera(&p.text, "https://other.example", NONCE, NOW);
            assert_eq!(
                (r.verdict, result(&r, "audience")),
                (Verdict::Invalid, vec![CheckResult::Fail])
            );

            // Stricter than the references: an unreferenced disclosure, an expired KB-JWT.
            let forged = with_unreferenced_disclosure(&p.text, &holder);
            let r = tessera(&forged, AUD, NONCE, NOW);
            assert_eq!(r.verdict, Verdict::Invalid, "{label}");
            assert_eq!(result(&r, "disclosures"), vec![CheckResult::Fail]);
            assert_eq!(result(&r, "holder-binding"), vec![CheckResult::Pass]);
            let r = tessera(&p.text, AUD, NONCE, LATER);
            assert_eq!(result(&r, "expiry"), vec![CheckResult::Fail], "{label}");
            assert_eq!(r.verdict, Verdict::Invalid);
            let mut accepted_forged = 0;
            for verifier in [Reference::Node, Reference::Python] {
                let (ok, answer) = verifier.verify(&forged, AUD, NONCE, NOW);
                // Both references drop the unreferenced disclosure silently.
                assert!(
                    ok,
                    "{}: expected to accept (its known gap): {answer}",
                    verifier.name()
                );
                assert!(answer["claims"]["grade"].is_null(), "{answer}");
                accepted_forged += usize::from(ok);
                stricter.add(verifier.name(), ok);
                let (ok, answer) = verifier.verify(&p.text, AUD, NONCE, LATER);
                assert!(
                    ok,
                    "{}: expected to accept an expired KB-JWT: {answer}",
                    verifier.name()
                );
                stricter.add(verifier.name(), ok);
            }
            assert!(accepted_forged >= 1);
            n += 1;
        }
    }
    tally.report("SD-JWT presentations by Tessera, right and wrong aud/nonce");
    stricter.report(
        "the reference's gaps, which Tessera refuses: an unreferenced disclosure, an expired KB-JWT",
    );
    interop::report(&format!(
        "interop: SD-JWT presentations of reference-issued credentials: {n}"
    ));
}

#[test]
fn nested_claims_and_array_elements_interoperate() {
    let mut tally = Tally::default();
    for (issuer, holder, alg) in [
        (Reference::Node, TestKey::p256(44), "EdDSA"),
        (Reference::Python, TestKey::ed25519(45), "ES256"),
    ] {
        let (sd, _) = issuer.issue(&holder, alg, 46, true);
        let paths = strings(&["address.country", "nationalities.1", "name"]);
        let p = present::sd_jwt(&sd, &paths, holder.holder(), &request()).unwrap();
        let d = &p.disclosed[0];
        let mut got = d.paths.clone();
        got.sort();
        assert_eq!(
            got,
            ["address", "address.country", "name", "nationalities.1"]
        );
        assert_eq!(
            d.revealed["address"],
            json!({"locality": "Ljubljana", "country": "SI"})
        );
        assert_eq!(d.revealed["nationalities"], json!(["HR"]));
        for verifier in [Reference::Node, Reference::Python] {
            let who = format!(
                "issued by {}, verified by {}",
                issuer.name(),
                verifier.name()
            );
            let (ok, answer) = verifier.verify(&p.text, AUD, NONCE, NOW);
            assert!(ok, "{who}: {answer}");
            tally.add(verifier.name(), true);
            let c = &answer["claims"];
            assert_eq!(c["address"], d.revealed["address"], "{who}");
            assert_eq!(c["nationalities"], json!(["HR"]), "{who}");
            assert!(c.get("given_name").is_none(), "{who}");
            let (ok, _) = verifier.verify(&p.text, AUD, "wrong", NOW);
            assert!(!ok, "{who}");
            tally.add(verifier.name(), false);
        }
        let r = tessera(&p.text, AUD, NONCE, NOW);
        assert_eq!(r.verdict, Verdict::Valid, "{:#?}", r.checks);
        assert_eq!(r.disclosed[0], d.revealed);
        // A path inside a claim that is one disclosure cannot be chosen alone.
        assert_eq!(
            present::sd_jwt(
                &sd,
                &strings(&["address.locality"]),
                holder.holder(),
                &request()
            ),
            Err(present::PresentError::OnlyWhole {
                path: "address.locality".into(),
                whole: "address".into()
            })
        );
    }
    tally.report("nested and array-element SD-JWT presentations");
}

// ------------------------------------------------------------------ Verifiable Presentations

#[test]
fn tessera_vps_are_accepted_by_digitalbazaar_vc() {
    const DB: &str = "@digitalbazaar/vc";
    let key = ed25519_dalek::SigningKey::from_bytes(&[51; 32]);
    let holder = tessera_core::did::did_key_for(&key.verifying_key());
    let reference = |suite: &str, vc: &str| {
        interop::node_json(
            "issue-di.mjs",
            VC_PACKAGES,
            &[
                &json!({"suite": suite, "vc": vc, "seed": hex(52), "subject": holder,
                      "validFrom": "2026-01-01T00:00:00Z", "created": "2026-01-01T00:00:00Z"})
                .to_string(),
            ],
        )
    };
    let ob3 = reference("eddsa-rdfc-2022", "2.0");
    let legacy = reference("Ed25519Signature2020", "1.1");
    let own = {
        let issuer = tessera_testkit::TestIssuer::from_seed(53);
        let mut doc = issuer.fill(&tessera_testkit::read_fixture("ob3-microcredential.json"));
        doc["credentialSubject"]["id"] = holder.clone().into();
        issuer.sign(&doc)
    };
    let mut tally = Tally::default();
    let mut stricter = Tally::default();
    for creds in [
        vec![ob3.clone()],
        vec![ob3.clone(), own.clone(), legacy.clone()],
    ] {
        let what = format!("a VP of {} credential(s)", creds.len());
        let p = present::vp(&creds, &key, &request()).unwrap();
        let v = vp_verify(&p.text, NONCE, AUD, NOW);
        assert_eq!(v["verified"], true, "{what}: {v}");
        assert_eq!(v["credentials"].as_array().unwrap().len(), creds.len());
        tally.add(DB, true);
        for (challenge, domain, why) in [
            ("another-nonce", AUD, "wrong challenge"),
            (NONCE, "https://other.example", "wrong domain"),
        ] {
            let v = vp_verify(&p.text, challenge, domain, NOW);
            assert_eq!(v["verified"], false, "{what}: {why}: {v}");
            assert_eq!(v["presentation"]["verified"], false, "{what}: {why}: {v}");
            tally.add(DB, false);
        }
        let r = tessera(&p.text, AUD, NONCE, NOW);
        assert_eq!(r.verdict, Verdict::Valid, "{what}: {:#?}", r.checks);
        assert_eq!(r.credentials.len(), creds.len());
        let r = tessera(&p.text, AUD, "another-nonce", NOW);
        assert_eq!(r.verdict, Verdict::Invalid);
        let r = tessera(&p.text, "https://other.example", NONCE, NOW);
        assert_eq!(r.verdict, Verdict::Invalid);

        // Stricter: an expired VP (the reference checks only that expires is a date) ...
        let v = vp_verify(&p.text, NONCE, AUD, LATER);
        assert_eq!(
            v["verified"], true,
            "{what}: the reference on an expired VP: {v}"
        );
        stricter.add(DB, true);
        let r = tessera(&p.text, AUD, NONCE, LATER);
        assert_eq!(
            (r.verdict, result(&r, "expiry")),
            (Verdict::Invalid, vec![CheckResult::Fail])
        );
    }
    // ... and a VP whose holder is not the key that signed it.
    let other = ed25519_dalek::SigningKey::from_bytes(&[54; 32]);
    let unsigned = json!({"@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": tessera_core::did::did_key_for(&other.verifying_key()),
        "verifiableCredential": [ob3]});
    let vm = tessera_core::did::did_key_vm(&key.verifying_key());
    let mut o =
        tessera_core::di::ProofOptions::new(tessera_core::di::Suite::EddsaRdfc2022, &vm, NOW);
    o.purpose = "authentication";
    o.challenge = Some(NONCE);
    o.domain = Some(AUD);
    o.expires = Some("2027-01-01T12:10:00Z");
    let wrong_holder = tessera_core::di::add_proof(&unsigned, &key, &o)
        .unwrap()
        .to_string();
    let v = vp_verify(&wrong_holder, NONCE, AUD, NOW);
    assert_eq!(
        v["verified"], true,
        "the reference on a VP signed by another than its holder: {v}"
    );
    stricter.add(DB, true);
    let r = tessera(&wrong_holder, AUD, NONCE, NOW);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert!(
        result(&r, "holder-binding").contains(&CheckResult::Fail),
        "{:#?}",
        r.checks
    );

    tally.report("Verifiable Presentations by Tessera, right and wrong challenge/domain");
    stricter.report(
        "the reference's gaps, which Tessera refuses: an expired VP, a holder not the signer",
    );
}
