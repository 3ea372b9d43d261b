//! European Digital Credentials: JAdES seals made here with a test CA (rcgen, P-256,
//! ES256) over our own ELM fixture, and the unsigned ELM form.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use chrono::{TimeZone, Utc};
use p256::ecdsa::signature::Signer;
use p256::pkcs8::DecodePrivateKey;
use rcgen::{BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, KeyPair};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tessera_core::model::{CheckResult, Examined, Format, Status, Verdict};
use tessera_core::verify::{examine, CoreError, Env};

const FIXTURE: &str = include_str!("fixtures/edc-micro-credential.json");
const SIG_T: &str = "2025-03-01T10:00:00Z";

fn env() -> Env<'static> {
    Env::at(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
}

/// The sealing key: P-256 (ES256) or RSA (RS256 / PS256, as real qualified seals use).
enum SealKey {
    P256(p256::ecdsa::SigningKey),
    Rsa(Box<rsa::RsaPrivateKey>, &'static str),
}

/// A seal certificate (leaf, DER) issued by a fresh test CA, its chain, and the key.
struct Sealer {
    leaf: Vec<u8>,
    ca: Vec<u8>,
    key: SealKey,
}

impl Sealer {
    fn alg(&self) -> &'static str {
        match &self.key {
            SealKey::P256(_) => "ES256",
            SealKey::Rsa(_, alg) => alg,
        }
    }
    fn sign(&self, input: &[u8]) -> Vec<u8> {
        match &self.key {
            SealKey::P256(k) => {
                let sig: p256::ecdsa::Signature = k.sign(input);
                sig.to_bytes().to_vec()
            }
            SealKey::Rsa(k, "RS256") => {
                let key = rsa::pkcs1v15::SigningKey::<Sha256>::new((**k).clone());
                rsa::signature::SignatureEncoding::to_vec(&key.sign(input))
            }
            SealKey::Rsa(k, _) => {
                let key = rsa::pss::BlindedSigningKey::<Sha256>::new((**k).clone());
                let sig = rsa::signature::RandomizedSigner::sign_with_rng(
                    &key,
                    &mut rand::rngs::OsRng,
                    input,
                );
                rsa::signature::SignatureEncoding::to_vec(&sig)
            }
        }
    }
}

/// A sealer whose seal certificate carries a fresh 2048-bit RSA key; `alg` RS256 or PS256.
fn rsa_sealer(alg: &'static str) -> Sealer {
    use rsa::pkcs8::EncodePrivateKey;
    let private = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
    let der = private.to_pkcs8_der().unwrap();
    let key = KeyPair::from_pkcs8_der_and_sign_algo(
        &rustls_pki_types::PrivatePkcs8KeyDer::from(der.as_bytes()),
        &rcgen::PKCS_RSA_SHA256,
    )
    .unwrap();
    let (leaf, ca) = certificates(&key, (2024, 1, 1), (2030, 1, 1));
    Sealer {
        leaf,
        ca,
        key: SealKey::Rsa(Box::new(private), alg),
    }
}

/// A seal certificate for `key`, valid in the window given, issued by a fresh test CA:
/// (leaf DER, CA DER).
fn certificates(
    key: &KeyPair,
    valid_from: (i32, u8, u8),
    valid_until: (i32, u8, u8),
) -> (Vec<u8>, Vec<u8>) {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::default();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "Tessera Test Root CA");
    dn.push(DnType::OrganizationName, "Tessera Test PKI");
    ca.distinguished_name = dn;
    ca.not_before = rcgen::date_time_ymd(2019, 1, 1);
    ca.not_after = rcgen::date_time_ymd(2040, 1, 1);
    let ca_cert = ca.self_signed(&ca_key).unwrap();

    let mut leaf = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "Tessera Test e-Seal");
    dn.push(DnType::OrganizationName, "Tessera Test Sealing Service");
    dn.push(DnType::CountryName, "IE");
    leaf.distinguished_name = dn;
    leaf.not_before = rcgen::date_time_ymd(valid_from.0, valid_from.1, valid_from.2);
    leaf.not_after = rcgen::date_time_ymd(valid_until.0, valid_until.1, valid_until.2);
    let leaf_cert = leaf.signed_by(key, &ca_cert, &ca_key).unwrap();
    (leaf_cert.der().to_vec(), ca_cert.der().to_vec())
}

fn sealer(valid_from: (i32, u8, u8), valid_until: (i32, u8, u8)) -> Sealer {
    let key = KeyPair::generate().unwrap();
    let (leaf, ca) = certificates(&key, valid_from, valid_until);
    Sealer {
        leaf,
        ca,
        key: SealKey::P256(p256::ecdsa::SigningKey::from_pkcs8_der(&key.serialize_der()).unwrap()),
    }
}

fn good_sealer() -> Sealer {
    sealer((2024, 1, 1), (2030, 1, 1))
}

fn header(s: &Sealer) -> Value {
    json!({
        "alg": s.alg(),
        "typ": "jose+json",
        "cty": "application/json",
        "x5c": [STANDARD.encode(&s.leaf), STANDARD.encode(&s.ca)],
        "x5t#S256": URL_SAFE_NO_PAD.encode(Sha256::digest(&s.leaf)),
        "b64": false,
        "sigT": SIG_T,
        "crit": ["b64", "sigT"],
    })
}

/// A JAdES JSON serialisation of `payload` sealed with `header` (b64 false).
fn seal_with(s: &Sealer, header: &Value, payload: &str) -> Value {
    let protected = URL_SAFE_NO_PAD.encode(serde_json::to_vec(header).unwrap());
    let input = format!("{protected}.{payload}");
    let sig = s.sign(input.as_bytes());
    json!({
        "payload": payload,
        "signatures": [{
            "protected": protected,
            "header": {"etsiU": []},
            "signature": URL_SAFE_NO_PAD.encode(sig),
        }]
    })
}

fn run(doc: &Value) -> Result<Examined, CoreError> {
    examine(serde_json::to_string(doc).unwrap().as_bytes(), &env())
}

fn result_of(e: &Examined, name: &str) -> (CheckResult, String) {
    let c = e
        .checks
        .iter()
        .find(|c| c.check == name)
        .unwrap_or_else(|| panic!("no {name} check in {:?}", e.checks));
    (c.result, c.detail.clone())
}

#[test]
fn sealed_edc_verifies_with_its_facts() {
    let s = good_sealer();
    let e = run(&seal_with(&s, &header(&s), FIXTURE)).unwrap();
    assert_eq!(e.format, Format::Edc);
    assert_eq!(e.verdict, Verdict::Valid, "{:#?}", e.checks);
    assert_eq!(e.status, Status::Active);
    assert_eq!(result_of(&e, "seal").0, CheckResult::Pass);
    let (cert, detail) = result_of(&e, "certificate");
    assert_eq!(cert, CheckResult::Pass);
    assert!(
        detail.contains("Sealed by Tessera Test Sealing Service (IE)")
            && detail.contains("Tessera Test e-Seal")
            && detail.contains("not checked offline"),
        "{detail}"
    );
    let (reg, detail) = result_of(&e, "registry");
    assert_eq!(reg, CheckResult::Unknown);
    assert!(detail.contains("trust in the EU trusted lists is not checked offline"));

    let f = &e.facts;
    assert_eq!(f.title, "Data Literacy for Teachers");
    assert_eq!(f.credits, Some(5.0));
    assert_eq!(f.credit_unit.as_deref(), Some("ECTS"));
    assert_eq!(f.eqf_level, Some(6));
    assert_eq!(
        f.learning_outcomes,
        [
            "Interpret descriptive statistics of learner data",
            "Communicate findings from data to colleagues"
        ]
    );
    assert_eq!(
        f.skills,
        ["http://data.europa.eu/esco/skill/ab0f6d2e-8d7c-4a7f-8d1d-4c6b5a0e1f01"]
    );
    assert_eq!(f.issuer, "urn:epass:org:tessera-test-sealer");
    assert_eq!(
        f.issuer_name.as_deref(),
        Some("Tessera Test Sealing Service")
    );
    assert_eq!(f.learner.as_deref(), Some("Aoife Byrne"));
    assert_eq!(f.issued.as_deref(), Some("2025-03-01T10:00:00Z"));

    let c = &e.critical;
    assert_eq!(c.country.value, json!("IRL"));
    assert_eq!(c.awarding_body.value["name"], "Tessera Test University");
    assert_eq!(
        c.awarding_body.value["issuedBy"]["name"],
        "Tessera Test Sealing Service"
    );
    assert_eq!(c.workload.value["credits"], 5.0);
    assert_eq!(c.workload.value["unit"], "ECTS");
    assert_eq!(c.level.value["eqf"], 6);
    assert_eq!(c.assessment.value, json!(["Supervised project"]));
    assert_eq!(c.participation.value, json!(["Online"]));
    assert!(c.quality_assurance.present);
    assert!(c.learner.present && c.learning_outcomes.present && c.issued.present);
}

#[test]
fn rsa_seals_verify_and_a_changed_credit_point_fails() {
    for alg in ["RS256", "PS256"] {
        let s = rsa_sealer(alg);
        let doc = seal_with(&s, &header(&s), FIXTURE);
        let e = run(&doc).unwrap();
        assert_eq!(e.verdict, Verdict::Valid, "{alg}: {:#?}", e.checks);
        assert_eq!(result_of(&e, "certificate").0, CheckResult::Pass);
        assert_eq!(e.facts.credits, Some(5.0));
        let mut tampered = doc;
        tampered["payload"] = FIXTURE
            .replace("\"point\": \"5\"", "\"point\": \"6\"")
            .into();
        let e = run(&tampered).unwrap();
        assert_eq!(e.verdict, Verdict::Invalid, "{alg}");
        assert_eq!(result_of(&e, "seal").0, CheckResult::Fail);
    }
}

#[test]
fn one_changed_character_fails() {
    let s = good_sealer();
    let doc = seal_with(&s, &header(&s), FIXTURE);
    let mut tampered = doc.clone();
    tampered["payload"] = FIXTURE
        .replace("\"point\": \"5\"", "\"point\": \"6\"")
        .into();
    let e = run(&tampered).unwrap();
    assert_eq!(e.verdict, Verdict::Invalid);
    assert_eq!(result_of(&e, "seal").0, CheckResult::Fail);
    assert_eq!(e.facts.credits, Some(6.0));

    // Whitespace counts too: the bytes are signed as they are.
    let mut spaced = doc;
    spaced["payload"] = format!("{FIXTURE} ").into();
    assert_eq!(run(&spaced).unwrap().verdict, Verdict::Invalid);
}

#[test]
fn wrong_thumbprint_fails() {
    let s = good_sealer();
    let mut h = header(&s);
    h["x5t#S256"] = URL_SAFE_NO_PAD.encode(Sha256::digest(&s.ca)).into();
    let e = run(&seal_with(&s, &h, FIXTURE)).unwrap();
    assert_eq!(e.verdict, Verdict::Invalid);
    let (r, d) = result_of(&e, "seal");
    assert_eq!(r, CheckResult::Fail);
    assert!(d.contains("x5t#S256"), "{d}");
}

#[test]
fn certificate_expired_at_signing_time_fails() {
    let s = sealer((2020, 1, 1), (2022, 1, 1));
    let e = run(&seal_with(&s, &header(&s), FIXTURE)).unwrap();
    assert_eq!(result_of(&e, "seal").0, CheckResult::Pass);
    let (r, d) = result_of(&e, "certificate");
    assert_eq!(r, CheckResult::Fail);
    assert!(d.contains("not valid at the signing time"), "{d}");
    assert_eq!(e.verdict, Verdict::Invalid);

    // Not yet valid at sigT fails the same way.
    let s = sealer((2025, 6, 1), (2030, 1, 1));
    let e = run(&seal_with(&s, &header(&s), FIXTURE)).unwrap();
    assert_eq!(result_of(&e, "certificate").0, CheckResult::Fail);
    assert_eq!(e.verdict, Verdict::Invalid);
}

#[test]
fn unknown_crit_entry_fails_naming_it() {
    let s = good_sealer();
    let mut h = header(&s);
    h["crit"] = json!(["b64", "sigT", "sigD"]);
    h["sigD"] = json!({"mId": "http://uri.etsi.org/19182/ObjectIdByURI", "pars": ["a"]});
    let e = run(&seal_with(&s, &h, FIXTURE)).unwrap();
    assert_eq!(e.verdict, Verdict::Invalid);
    let (r, d) = result_of(&e, "seal");
    assert_eq!(r, CheckResult::Fail);
    assert!(d.contains("\"sigD\""), "{d}");

    h["crit"] = json!(["b64", "sigT", "exp-tessera"]);
    h["exp-tessera"] = json!(1);
    let e = run(&seal_with(&s, &h, FIXTURE)).unwrap();
    assert_eq!(e.verdict, Verdict::Invalid);
    assert!(result_of(&e, "seal").1.contains("\"exp-tessera\""));

    // A listed parameter that is not there, and b64 false without crit, fail too.
    let mut h = header(&s);
    h["crit"] = json!(["b64", "sigT", "sigPl"]);
    assert_eq!(
        run(&seal_with(&s, &h, FIXTURE)).unwrap().verdict,
        Verdict::Invalid
    );
    let mut h = header(&s);
    h["crit"] = json!(["sigT"]);
    assert_eq!(
        run(&seal_with(&s, &h, FIXTURE)).unwrap().verdict,
        Verdict::Invalid
    );
}

#[test]
fn base64url_payload_also_verifies() {
    let s = good_sealer();
    let mut h = header(&s);
    h.as_object_mut().unwrap().remove("b64");
    h["crit"] = json!(["sigT"]);
    let payload = URL_SAFE_NO_PAD.encode(FIXTURE);
    let e = run(&seal_with(&s, &h, &payload)).unwrap();
    assert_eq!(e.verdict, Verdict::Valid, "{:#?}", e.checks);
    assert_eq!(e.facts.eqf_level, Some(6));
}

#[test]
fn malformed_seals_are_errors_or_invalid_never_panics() {
    let s = good_sealer();
    let good = seal_with(&s, &header(&s), FIXTURE);
    let judged = |doc: &Value| {
        if let Ok(e) = run(doc) {
            assert_ne!(e.verdict, Verdict::Valid, "{doc:#}");
        }
    };

    let mut bad = good.clone();
    bad["signatures"][0]["protected"] = "%%%not base64%%%".into();
    let e = run(&bad).unwrap();
    assert_eq!(e.verdict, Verdict::Invalid);
    assert!(result_of(&e, "seal").1.contains("base64url"));

    let mut bad = good.clone();
    bad["signatures"][0]["signature"] = "!!".into();
    assert_eq!(run(&bad).unwrap().verdict, Verdict::Invalid);

    // No x5c: the key is not known offline.
    let mut h = header(&s);
    h.as_object_mut().unwrap().remove("x5c");
    let e = run(&seal_with(&s, &h, FIXTURE)).unwrap();
    assert_eq!(e.verdict, Verdict::Unknown);
    assert!(result_of(&e, "seal").1.contains("x5c"));

    for x5c in [
        json!(["@@@"]),
        json!([]),
        json!("abc"),
        json!([42]),
        json!(["AAAA"]),
    ] {
        let mut h = header(&s);
        h["x5c"] = x5c;
        assert_eq!(
            run(&seal_with(&s, &h, FIXTURE)).unwrap().verdict,
            Verdict::Invalid
        );
    }
    // A truncated certificate.
    let mut h = header(&s);
    h["x5c"] = json!([STANDARD.encode(&s.leaf[..s.leaf.len() / 2])]);
    assert_eq!(
        run(&seal_with(&s, &h, FIXTURE)).unwrap().verdict,
        Verdict::Invalid
    );

    // Truncated payloads and documents.
    let mut bad = good.clone();
    bad["payload"] = FIXTURE[..FIXTURE.len() / 2].into();
    assert!(matches!(run(&bad), Err(CoreError::NotJson { .. })));
    let text = serde_json::to_string(&good).unwrap();
    for cut in [1, 10, text.len() / 3, text.len() - 2] {
        assert!(examine(&text.as_bytes()[..cut], &env()).is_err());
    }

    // Assorted shapes.
    for doc in [
        json!({"payload": "", "signatures": [{}]}),
        json!({"payload": "{}", "signatures": [{"protected": "e30", "signature": ""}]}),
        json!({"payload": "[1]", "signatures": []}),
        json!({"payload": FIXTURE, "signatures": [null, 1, "x"]}),
        json!({"payload": FIXTURE, "signatures": [{"protected": URL_SAFE_NO_PAD.encode("[1]"), "signature": "AA"}]}),
        json!({"payload": FIXTURE, "signatures": [{"protected": URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#), "signature": ""}]}),
        json!({"payload": FIXTURE, "signatures": [{"protected": URL_SAFE_NO_PAD.encode(r#"{"alg":"ES256","b64":"no","crit":["b64"]}"#), "signature": ""}]}),
        json!({"payload": FIXTURE, "signatures": [{"protected": URL_SAFE_NO_PAD.encode(r#"{"alg":"ES256","crit":"b64"}"#), "signature": ""}]}),
    ] {
        judged(&doc);
    }

    // Unsupported algorithm: could not check, never valid.
    let mut h = header(&s);
    h["alg"] = "RS512".into();
    let e = run(&seal_with(&s, &h, FIXTURE)).unwrap();
    assert_ne!(e.verdict, Verdict::Valid);
    // ES256 claimed over an RSA-style algorithm name mismatch.
    let mut h = header(&s);
    h["alg"] = "RS256".into();
    assert_eq!(
        run(&seal_with(&s, &h, FIXTURE)).unwrap().verdict,
        Verdict::Invalid
    );
}

#[test]
fn empty_seal_list_is_unsigned() {
    let doc = json!({"payload": FIXTURE, "signatures": []});
    assert_eq!(run(&doc).unwrap().verdict, Verdict::Unsigned);
}

#[test]
fn unsigned_elm_imports_as_unsigned() {
    let e = examine(FIXTURE.as_bytes(), &env()).unwrap();
    assert_eq!(e.format, Format::Edc);
    assert_eq!(e.verdict, Verdict::Unsigned);
    let (r, _) = result_of(&e, "signature");
    assert_eq!(r, CheckResult::Unknown);
    assert_eq!(e.facts.credits, Some(5.0));
    assert_eq!(e.facts.eqf_level, Some(6));
    assert_eq!(e.facts.learning_outcomes.len(), 2);
    assert_eq!(result_of(&e, "validity").0, CheckResult::Pass);
}

#[test]
fn variants_of_elm_values() {
    // One-or-many, a bare number for points, a language map without English, no credit
    // points but hours, an unreadable duration, expiry.
    let mut doc: Value = serde_json::from_str(FIXTURE).unwrap();
    let spec = &mut doc["credentialSubject"]["hasClaim"]["specifiedBy"];
    spec.as_object_mut().unwrap().remove("creditPoint");
    spec["volumeOfLearning"] = "P60M".into();
    doc["credentialSubject"]["hasClaim"]["title"] = json!({"ga": "Litearthacht Sonraí"});
    doc["credentialSubject"]["hasClaim"] = json!([doc["credentialSubject"]["hasClaim"].clone()]);
    doc["expirationDate"] = "2025-12-01T00:00:00Z".into();
    let e = examine(doc.to_string().as_bytes(), &env()).unwrap();
    assert_eq!(e.facts.title, "Litearthacht Sonraí");
    assert_eq!(e.facts.credits, None);
    assert!(!e.critical.workload.present);
    assert_eq!(e.status, Status::Expired);

    doc["credentialSubject"]["hasClaim"][0]["specifiedBy"]["volumeOfLearning"] = "PT30H".into();
    let e = examine(doc.to_string().as_bytes(), &env()).unwrap();
    assert_eq!(e.facts.credits, Some(30.0));
    assert_eq!(e.facts.credit_unit.as_deref(), Some("hours"));
}
