//! Presentations (`tessera_core::present`), with our own keys from seeds: SD-JWT + Key
//! Binding JWT round trips (Ed25519 and P-256 holder keys; nested claims, array elements,
//! parent disclosures), the path rules' errors, Verifiable Presentations of one and several
//! credentials, and the verifier refusing every kind of wrong presentation. Then the
//! privacy rule: a value the learner did not choose appears nowhere in what is shared.

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{json, Value};
use tessera_core::jose::b64url;
use tessera_core::present::{
    self, HolderKey, KeyAlg, PresentError, PresentationFormat, PresentationReport, Request,
};
use tessera_core::{CheckResult, Env, Status, Verdict};
use tessera_testkit::present::{assert_privacy, digest, found_in, property, views, TestKey};
use tessera_testkit::TestIssuer;

const AUD: &str = "https://employer.example/hiring";
const NONCE: &str = "n-0S6_WzA2Mj";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 1, 12, 0, 0).unwrap()
}

fn env() -> Env<'static> {
    Env::at(now())
}

fn env_at(t: DateTime<Utc>) -> Env<'static> {
    Env::at(t)
}

fn ts(y: i32, m: u32, d: u32) -> i64 {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap().timestamp()
}

fn request() -> Request {
    Request::new(AUD, NONCE, now(), now() + Duration::minutes(10))
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

// ------------------------------------------------------------------ the credential

/// A learner's SD-JWT VC: seven personal or course claims (each selectively disclosable),
/// a nested address, an always-visible object with a disclosable member, and arrays.
fn claims(holder: Option<&TestKey>) -> Value {
    let mut c = json!({
        "vct": "https://credentials.example.org/micro-credential",
        "iat": ts(2026, 1, 15),
        "exp": ts(2030, 1, 1),
        "issuer_name": "Tessera Test University",
        "name": "Data Literacy Foundations",
        "ects": 7.25,
        "given_name": "Ana-Marija",
        "family_name": "Novak-Zupančič",
        "birthdate": "1999-04-17",
        "email": "ana.novak@learner.example",
        "grade": "excellent (9/10)",
        "address": {"locality": "Ljubljana", "country": "SI", "street_address": "Trubarjeva cesta 7"},
        "degree": {"type": "micro-credential", "grade_detail": "with distinction"},
        "nationalities": ["SI", "HR", "AT"],
        "skills": [
            {"id": "http://data.europa.eu/esco/skill/1", "name": "data cleaning"},
            {"id": "http://data.europa.eu/esco/skill/2", "name": "charting"}
        ]
    });
    if let Some(h) = holder {
        c["cnf"] = json!({"jwk": h.jwk()});
    }
    c
}

const SEVEN: [&str; 7] = [
    "name",
    "ects",
    "given_name",
    "family_name",
    "birthdate",
    "email",
    "grade",
];

fn disclosable() -> Vec<&'static str> {
    let mut d = SEVEN.to_vec();
    d.extend([
        "address",
        "address.country",
        "address.street_address",
        "degree.grade_detail",
        "nationalities.0",
        "nationalities.1",
        "nationalities.2",
        "skills.0",
    ]);
    d
}

fn credential(issuer: &TestKey, holder: Option<&TestKey>) -> String {
    issuer.issue_sd_jwt_with(&claims(holder), &disclosable(), "learner", 3)
}

// ------------------------------------------------------------------ helpers

fn checks<'a>(r: &'a PresentationReport, name: &str) -> Vec<&'a tessera_core::Check> {
    r.checks.iter().filter(|c| c.check == name).collect()
}

fn result(r: &PresentationReport, name: &str) -> CheckResult {
    let c = checks(r, name);
    assert_eq!(c.len(), 1, "one {name} check: {:#?}", r.checks);
    c[0].result
}

fn detail(r: &PresentationReport, name: &str) -> String {
    checks(r, name)
        .iter()
        .map(|c| c.detail.clone())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn verify(text: &str) -> PresentationReport {
    present::verify(text, Some(AUD), Some(NONCE), &env()).unwrap()
}

fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| match v {
        Value::Array(a) => a.get(k.parse::<usize>().ok()?),
        _ => v.get(k),
    })
}

fn parts(text: &str) -> (String, Vec<String>, String) {
    let all: Vec<&str> = text.split('~').collect();
    (
        all[0].to_owned(),
        all[1..all.len() - 1]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        all[all.len() - 1].to_owned(),
    )
}

fn join(jwt: &str, disclosures: &[String]) -> String {
    let mut s = format!("{jwt}~");
    for d in disclosures {
        s.push_str(d);
        s.push('~');
    }
    s
}

fn sd_hash(presented: &str) -> String {
    digest(presented)
}

/// A Key Binding JWT with any header and payload, signed by `key`.
fn kb(key: &TestKey, header: Value, payload: Value) -> String {
    key.jws(&header, &payload)
}

fn kb_payload(presented: &str) -> Value {
    json!({"iat": now().timestamp(), "aud": AUD, "nonce": NONCE,
           "sd_hash": sd_hash(presented), "exp": (now() + Duration::minutes(10)).timestamp()})
}

// ------------------------------------------------------------------ SD-JWT round trips

/// One choice of paths and what the recipient must then see.
struct Case {
    what: &'static str,
    disclose: &'static [&'static str],
    /// The selectively disclosable paths revealed (the parents a path needs included).
    paths: &'static [&'static str],
    /// (path in the revealed claims, value)
    shown: Vec<(&'static str, Value)>,
    /// Paths absent from the revealed claims.
    hidden: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            what: "nothing chosen: only the always-visible claims",
            disclose: &[],
            paths: &[],
            shown: vec![
                ("issuer_name", json!("Tessera Test University")),
                ("degree.type", json!("micro-credential")),
                ("nationalities", json!([])),
                (
                    "skills.0",
                    json!({"id": "http://data.europa.eu/esco/skill/2", "name": "charting"}),
                ),
            ],
            hidden: &[
                "name",
                "given_name",
                "address",
                "degree.grade_detail",
                "skills.1",
            ],
        },
        Case {
            what: "two of the seven top-level claims",
            disclose: &["name", "ects"],
            paths: &["name", "ects"],
            shown: vec![
                ("name", json!("Data Literacy Foundations")),
                ("ects", json!(7.25)),
            ],
            hidden: &[
                "given_name",
                "family_name",
                "birthdate",
                "email",
                "grade",
                "address",
            ],
        },
        Case {
            what: "a nested claim brings its parent disclosure, not its siblings",
            disclose: &["address.country"],
            paths: &["address", "address.country"],
            shown: vec![
                ("address.country", json!("SI")),
                ("address.locality", json!("Ljubljana")),
            ],
            hidden: &["address.street_address", "given_name"],
        },
        Case {
            what: "the parent alone, its disclosable members withheld",
            disclose: &["address"],
            paths: &["address"],
            shown: vec![("address", json!({"locality": "Ljubljana"}))],
            hidden: &["address.country", "address.street_address"],
        },
        Case {
            what: "a claim inside an always-visible object",
            disclose: &["degree.grade_detail"],
            paths: &["degree.grade_detail"],
            shown: vec![(
                "degree",
                json!({"type": "micro-credential", "grade_detail": "with distinction"}),
            )],
            hidden: &["address"],
        },
        Case {
            what: "array elements by index in the holder's array",
            disclose: &["nationalities.1", "nationalities.2"],
            paths: &["nationalities.1", "nationalities.2"],
            shown: vec![("nationalities", json!(["HR", "AT"]))],
            hidden: &["nationalities.2"],
        },
        Case {
            what: "a whole array element that is an object",
            disclose: &["skills.0"],
            paths: &["skills.0"],
            shown: vec![
                ("skills.0.name", json!("data cleaning")),
                ("skills.1.name", json!("charting")),
            ],
            hidden: &["skills.2"],
        },
        Case {
            what: "always-visible paths and repeats change nothing",
            disclose: &["vct", "degree", "ects", "ects", "degree.type"],
            paths: &["ects"],
            shown: vec![
                ("ects", json!(7.25)),
                (
                    "vct",
                    json!("https://credentials.example.org/micro-credential"),
                ),
            ],
            hidden: &["degree.grade_detail", "name"],
        },
        Case {
            what: "everything",
            disclose: &[
                "name",
                "ects",
                "given_name",
                "family_name",
                "birthdate",
                "email",
                "grade",
                "address.country",
                "address.street_address",
                "degree.grade_detail",
                "nationalities.0",
                "nationalities.1",
                "nationalities.2",
                "skills.0",
            ],
            paths: &[
                "name",
                "ects",
                "given_name",
                "family_name",
                "birthdate",
                "email",
                "grade",
                "address",
                "address.country",
                "address.street_address",
                "degree.grade_detail",
                "nationalities.0",
                "nationalities.1",
                "nationalities.2",
                "skills.0",
            ],
            shown: vec![
                ("nationalities", json!(["SI", "HR", "AT"])),
                ("address.street_address", json!("Trubarjeva cesta 7")),
            ],
            hidden: &[],
        },
    ]
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}

#[test]
fn sd_jwt_presentations_round_trip_with_ed25519_and_p256_holder_keys() {
    let mut n = 0;
    for (issuer, holder) in [
        (TestKey::ed25519(1), TestKey::ed25519(11)),
        (TestKey::p256(2), TestKey::p256(12)),
        (TestKey::ed25519(3), TestKey::p256(13)),
        (TestKey::p256(4), TestKey::ed25519(14)),
    ] {
        let sd = credential(&issuer, Some(&holder));
        let alg = present::holder_alg(&sd).unwrap();
        assert_eq!(alg, KeyAlg::of(&holder.public()));
        let all = strings(&disclosable());
        for c in cases() {
            let what = format!("{} ({} holder)", c.what, holder.alg());
            let disclose = strings(c.disclose);
            let preview = present::preview_sd_jwt(&sd, &disclose).unwrap();
            let p = present::sd_jwt(&sd, &disclose, holder.holder(), &request())
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(p.format, PresentationFormat::SdJwt);
            assert_eq!(p.disclosed, vec![preview.clone()], "{what}");
            let d = &p.disclosed[0];
            assert_eq!(sorted(&d.paths), sorted(&strings(c.paths)), "{what}");
            // Every disclosable path is either revealed or withheld.
            let mut both = d.paths.clone();
            both.extend(d.withheld.clone());
            assert_eq!(sorted(&both), sorted(&all), "{what}");
            // Exactly the disclosures needed, no more.
            let (_, disclosures, kbjwt) = parts(&p.text);
            assert_eq!(disclosures.len(), c.paths.len(), "{what}");
            assert!(!kbjwt.is_empty());
            for (path, value) in &c.shown {
                assert_eq!(
                    at(&d.revealed, path),
                    Some(value),
                    "{what}: {path} in {}",
                    d.revealed
                );
            }
            for path in c.hidden {
                assert_eq!(
                    at(&d.revealed, path),
                    None,
                    "{what}: {path} in {}",
                    d.revealed
                );
            }
            assert!(d.revealed.get("_sd").is_none() && d.revealed.get("_sd_alg").is_none());

            // The employer's side sees exactly that.
            let r = verify(&p.text);
            assert_eq!(r.verdict, Verdict::Valid, "{what}: {:#?}", r.checks);
            assert_eq!(r.format, PresentationFormat::SdJwt);
            assert_eq!(r.disclosed, vec![d.revealed.clone()], "{what}");
            for name in [
                "signature",
                "issuer-key",
                "disclosures",
                "validity",
                "holder-binding",
                "audience",
                "nonce",
                "expiry",
            ] {
                assert_eq!(
                    result(&r, name),
                    CheckResult::Pass,
                    "{what}: {name}: {:#?}",
                    r.checks
                );
            }
            assert_eq!(r.holder.as_deref(), Some(holder.did_jwk().as_str()));
            assert_eq!(r.audience.as_deref(), Some(AUD));
            assert_eq!(r.nonce.as_deref(), Some(NONCE));
            assert_eq!(r.expires.as_deref(), Some("2027-01-01T12:10:00Z"));
            let x = &r.credentials[0];
            assert_eq!(x.status, Status::Active);
            // The recipient's paths index the arrays it sees (withheld elements are gone).
            let seen = &x.selective.as_ref().unwrap().disclosable;
            assert_eq!(seen.len(), c.paths.len(), "{what}");
            if !c.disclose.iter().any(|p| p.starts_with("nationalities")) {
                assert_eq!(sorted(seen), sorted(&strings(c.paths)), "{what}");
            }
            // The KB-JWT: the header and payload RFC 9901 asks for.
            let (h, pl) = decode_jwt(&kbjwt);
            assert_eq!(h, json!({"alg": holder.alg(), "typ": "kb+jwt"}));
            let presented = &p.text[..p.text.len() - kbjwt.len()];
            assert_eq!(
                pl,
                json!({"iat": now().timestamp(), "aud": AUD, "nonce": NONCE,
                       "sd_hash": sd_hash(presented), "exp": now().timestamp() + 600})
            );
            n += 1;
        }
    }
    eprintln!("{n} SD-JWT presentations round-tripped");
}

fn decode_jwt(jwt: &str) -> (Value, Value) {
    let p: Vec<&str> = jwt.split('.').collect();
    let d = |s: &str| -> Value {
        serde_json::from_slice(&tessera_core::jose::b64url_decode(s, "part").unwrap()).unwrap()
    };
    (d(p[0]), d(p[1]))
}

#[test]
fn path_errors_name_the_path() {
    let issuer = TestKey::ed25519(1);
    let holder = TestKey::ed25519(11);
    let sd = credential(&issuer, Some(&holder));
    let cases: Vec<(&[&str], PresentError)> = vec![
        (
            &["address.locality"],
            PresentError::OnlyWhole {
                path: "address.locality".into(),
                whole: "address".into(),
            },
        ),
        (
            &["name", "skills.0.name"],
            PresentError::OnlyWhole {
                path: "skills.0.name".into(),
                whole: "skills.0".into(),
            },
        ),
        (
            &["nationalities.3"],
            PresentError::PathNotFound {
                path: "nationalities.3".into(),
            },
        ),
        (
            &["given_name.first"],
            PresentError::PathNotFound {
                path: "given_name.first".into(),
            },
        ),
        (
            &["grades"],
            PresentError::PathNotFound {
                path: "grades".into(),
            },
        ),
        (&[""], PresentError::PathNotFound { path: "".into() }),
        (
            &["address..country"],
            PresentError::PathNotFound {
                path: "address..country".into(),
            },
        ),
        (&["_sd"], PresentError::PathNotFound { path: "_sd".into() }),
        (
            &["skills.01"],
            PresentError::PathNotFound {
                path: "skills.01".into(),
            },
        ),
    ];
    for (disclose, want) in cases {
        let d = strings(disclose);
        assert_eq!(
            present::preview_sd_jwt(&sd, &d),
            Err(want.clone()),
            "{disclose:?}"
        );
        assert_eq!(
            present::sd_jwt(&sd, &d, holder.holder(), &request()).unwrap_err(),
            want,
            "{disclose:?}"
        );
        let msg = want.to_string();
        assert!(msg.contains(disclose.last().unwrap()), "{msg}");
    }
    // Everything there is to choose from, in reading order.
    let mut want = strings(&disclosable());
    want.sort();
    let got = present::disclosable_paths(&sd).unwrap();
    let mut sorted_got = got.clone();
    sorted_got.sort();
    assert_eq!(sorted_got, want);
    assert!(
        got.iter().position(|p| p == "address") < got.iter().position(|p| p == "address.country")
    );
    // A claim disclosed as one whole: the message says so, and names what to reveal.
    let whole = sd_with_whole_address(&issuer, &holder);
    let e = present::sd_jwt(
        &whole,
        &strings(&["address.country"]),
        holder.holder(),
        &request(),
    )
    .unwrap_err();
    assert_eq!(
        e,
        PresentError::OnlyWhole {
            path: "address.country".into(),
            whole: "address".into()
        }
    );
    assert!(e.to_string().contains("can only be revealed whole"), "{e}");
    let p = present::sd_jwt(&whole, &strings(&["address"]), holder.holder(), &request()).unwrap();
    assert_eq!(
        p.disclosed[0].revealed["address"],
        json!({"locality": "Ljubljana", "country": "SI", "street_address": "Trubarjeva cesta 7"})
    );
    // Data Integrity credentials are shared whole.
    assert!(present::only_whole(&[]).is_ok());
    assert!(present::only_whole(&strings(&["all"])).is_ok());
    let e = present::only_whole(&strings(&["all", "name"])).unwrap_err();
    assert_eq!(e, PresentError::OnlyWholeCredential);
    assert!(e.to_string().contains("can only be shared whole"), "{e}");
}

fn sd_with_whole_address(issuer: &TestKey, holder: &TestKey) -> String {
    issuer.issue_sd_jwt(&claims(Some(holder)), &["given_name", "address"], "whole")
}

#[test]
fn holder_keys_must_match_the_credential() {
    let issuer = TestKey::ed25519(1);
    let (ed, p) = (TestKey::ed25519(11), TestKey::p256(12));
    let d = strings(&["name"]);
    let bound_ed = credential(&issuer, Some(&ed));
    let bound_p = credential(&issuer, Some(&p));
    for (sd, key, want) in [
        (
            &bound_ed,
            TestKey::p256(12),
            (KeyAlg::Ed25519, KeyAlg::P256),
        ),
        (
            &bound_ed,
            TestKey::ed25519(99),
            (KeyAlg::Ed25519, KeyAlg::Ed25519),
        ),
        (
            &bound_p,
            TestKey::ed25519(11),
            (KeyAlg::P256, KeyAlg::Ed25519),
        ),
        (&bound_p, TestKey::p256(98), (KeyAlg::P256, KeyAlg::P256)),
    ] {
        let e = present::sd_jwt(sd, &d, key.holder(), &request()).unwrap_err();
        assert_eq!(
            e,
            PresentError::KeyMismatch {
                bound: want.0,
                given: want.1
            }
        );
        assert!(e.to_string().contains("bound to"), "{e}");
    }
    // No cnf: not bound, so no presentation with key binding.
    let unbound = credential(&issuer, None);
    assert_eq!(present::holder_alg(&unbound), Ok(None));
    assert_eq!(
        present::sd_jwt(&unbound, &d, ed.holder(), &request()).unwrap_err(),
        PresentError::NotBound
    );
    // The preview needs no key.
    assert!(present::preview_sd_jwt(&unbound, &d).is_ok());
    // Holder keys of other kinds are not supported, and say which.
    for (jwk, what) in [
        (json!({"kty": "RSA", "n": "sXch", "e": "AQAB"}), "RSA"),
        (
            json!({"kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"}),
            "P-384",
        ),
        (json!({"kty": "OKP", "crv": "X25519", "x": "AA"}), "X25519"),
    ] {
        let mut c = claims(None);
        c["cnf"] = json!({ "jwk": jwk });
        let sd = issuer.issue_sd_jwt(&c, &["name"], "k");
        match present::holder_alg(&sd) {
            Err(PresentError::Unsupported { what: w }) => assert!(w.contains(what), "{w}"),
            other => panic!("{what}: {other:?}"),
        }
    }
    let mut c = claims(None);
    c["cnf"] = json!({"kid": "did:example:holder#1"});
    let sd = issuer.issue_sd_jwt(&c, &["name"], "k");
    assert!(matches!(
        present::holder_alg(&sd),
        Err(PresentError::Unsupported { .. })
    ));
    // A request that cannot be met.
    for req in [
        Request::new(" ", NONCE, now(), now() + Duration::minutes(1)),
        Request::new(AUD, "", now(), now() + Duration::minutes(1)),
        Request::new(AUD, NONCE, now(), now()),
    ] {
        assert!(matches!(
            present::sd_jwt(&bound_ed, &d, ed.holder(), &req),
            Err(PresentError::BadRequest { .. })
        ));
    }
}

// ------------------------------------------------------------------ SD-JWT refusals

/// One wrong presentation: how it is made from a good one, and what must fail.
struct Refusal {
    what: &'static str,
    text: String,
    env: Env<'static>,
    audience: Option<&'static str>,
    nonce: Option<&'static str>,
    /// (check, result) that must hold
    expect: Vec<(&'static str, CheckResult)>,
    verdict: Verdict,
}

#[test]
fn the_verifier_refuses_wrong_sd_jwt_presentations() {
    let issuer = TestKey::ed25519(1);
    let holder = TestKey::ed25519(11);
    let other = TestKey::ed25519(12);
    let sd = credential(&issuer, Some(&holder));
    let good = present::sd_jwt(
        &sd,
        &strings(&["given_name", "address.country"]),
        holder.holder(),
        &request(),
    )
    .unwrap()
    .text;
    let (jwt, ds, _) = parts(&good);
    let presented = join(&jwt, &ds);
    let header = json!({"alg": "EdDSA", "typ": "kb+jwt"});
    let resigned = |text: &str| format!("{text}{}", kb(&holder, header.clone(), kb_payload(text)));
    let with_payload = |f: &dyn Fn(&mut Value)| {
        let mut p = kb_payload(&presented);
        f(&mut p);
        format!("{presented}{}", kb(&holder, header.clone(), p))
    };
    // An extra disclosure no digest refers to, of a claim the issuer never signed.
    let forged = property("forged-salt", "grade", &json!("A+ (forged)"));
    let mut with_forged = ds.clone();
    with_forged.push(forged.clone());
    // The issuer JWT with a changed payload and its original signature.
    let tampered_jwt = {
        let p: Vec<&str> = jwt.split('.').collect();
        let (_, mut payload) = decode_jwt(&jwt);
        payload["ects"] = json!(30);
        format!(
            "{}.{}.{}",
            p[0],
            b64url(payload.to_string().as_bytes()),
            p[2]
        )
    };
    let p256_holder = TestKey::p256(12);
    let later = |secs: i64| env_at(now() + Duration::seconds(secs));
    let r = |what, text: String, expect: Vec<(&'static str, CheckResult)>| Refusal {
        what,
        text,
        env: env(),
        audience: Some(AUD),
        nonce: Some(NONCE),
        expect,
        verdict: Verdict::Invalid,
    };
    use CheckResult::{Fail, Pass, Unknown, Warn};
    let refusals = vec![
        Refusal {
            audience: Some("https://other.example"),
            ..r(
                "wrong audience",
                good.clone(),
                vec![("audience", Fail), ("holder-binding", Pass)],
            )
        },
        Refusal {
            nonce: Some("another-nonce"),
            ..r(
                "wrong nonce",
                good.clone(),
                vec![("nonce", Fail), ("holder-binding", Pass)],
            )
        },
        Refusal {
            env: later(600),
            ..r("expired (at exp)", good.clone(), vec![("expiry", Fail)])
        },
        Refusal {
            env: later(3600),
            ..r(
                "expired (an hour later)",
                good.clone(),
                vec![("expiry", Fail)],
            )
        },
        Refusal {
            env: later(-600),
            ..r(
                "made ten minutes in the future",
                good.clone(),
                vec![("expiry", Fail)],
            )
        },
        Refusal {
            env: later(-240),
            verdict: Verdict::Valid,
            ..r(
                "made four minutes ahead (clock skew)",
                good.clone(),
                vec![("expiry", Pass)],
            )
        },
        r(
            "a KB-JWT signed by another key",
            format!(
                "{presented}{}",
                kb(&other, header.clone(), kb_payload(&presented))
            ),
            vec![("holder-binding", Fail)],
        ),
        r(
            "a KB-JWT of a P-256 key for an Ed25519 cnf",
            format!(
                "{presented}{}",
                kb(
                    &p256_holder,
                    json!({"alg": "ES256", "typ": "kb+jwt"}),
                    kb_payload(&presented)
                )
            ),
            vec![("holder-binding", Fail)],
        ),
        r(
            "a KB-JWT whose alg does not fit the key",
            format!(
                "{presented}{}",
                kb(
                    &holder,
                    json!({"alg": "ES256", "typ": "kb+jwt"}),
                    kb_payload(&presented)
                )
            ),
            vec![("holder-binding", Fail)],
        ),
        r(
            "a changed sd_hash",
            with_payload(&|p| p["sd_hash"] = json!(sd_hash("something else~"))),
            vec![("holder-binding", Fail)],
        ),
        r(
            "no sd_hash",
            with_payload(&|p| {
                p.as_object_mut().unwrap().remove("sd_hash");
            }),
            vec![("holder-binding", Fail)],
        ),
        r(
            "an added unreferenced disclosure, KB-JWT made over it",
            resigned(&join(&jwt, &with_forged)),
            vec![("disclosures", Fail), ("holder-binding", Pass)],
        ),
        r(
            "an added unreferenced disclosure after the holder signed",
            format!("{}{}", join(&jwt, &with_forged), parts(&good).2),
            vec![("disclosures", Fail), ("holder-binding", Fail)],
        ),
        r(
            "a disclosure removed after the holder signed",
            format!("{}{}", join(&jwt, &ds[..1]), parts(&good).2),
            vec![("holder-binding", Fail)],
        ),
        r(
            "a tampered issuer JWT (KB-JWT made over it)",
            resigned(&join(&tampered_jwt, &ds)),
            vec![("signature", Fail), ("holder-binding", Pass)],
        ),
        r(
            "a tampered issuer JWT",
            format!("{}{}", join(&tampered_jwt, &ds), parts(&good).2),
            vec![("signature", Fail), ("holder-binding", Fail)],
        ),
        r(
            "no Key Binding JWT",
            presented.clone(),
            vec![
                ("holder-binding", Fail),
                ("audience", Unknown),
                ("nonce", Unknown),
                ("expiry", Unknown),
            ],
        ),
        r(
            "a KB-JWT with typ jwt",
            format!(
                "{presented}{}",
                kb(
                    &holder,
                    json!({"alg": "EdDSA", "typ": "JWT"}),
                    kb_payload(&presented)
                )
            ),
            vec![("holder-binding", Fail)],
        ),
        r(
            "a KB-JWT with a crit header",
            format!(
                "{presented}{}",
                kb(
                    &holder,
                    json!({"alg": "EdDSA", "typ": "kb+jwt", "crit": ["x"], "x": 1}),
                    kb_payload(&presented)
                )
            ),
            vec![("holder-binding", Fail)],
        ),
        r(
            "a KB-JWT signed with alg none",
            format!(
                "{presented}{}.{}.",
                b64url(br#"{"alg":"none","typ":"kb+jwt"}"#),
                b64url(kb_payload(&presented).to_string().as_bytes())
            ),
            vec![("holder-binding", Fail)],
        ),
        r(
            "a last part that is no JWT",
            format!("{presented}not-a-jwt"),
            vec![("holder-binding", Fail)],
        ),
        r(
            "no aud",
            with_payload(&|p| {
                p.as_object_mut().unwrap().remove("aud");
            }),
            vec![("audience", Fail)],
        ),
        r(
            "aud as a list",
            with_payload(&|p| p["aud"] = json!([AUD])),
            vec![("audience", Fail)],
        ),
        r(
            "no nonce",
            with_payload(&|p| {
                p.as_object_mut().unwrap().remove("nonce");
            }),
            vec![("nonce", Fail)],
        ),
        r(
            "no iat",
            with_payload(&|p| {
                p.as_object_mut().unwrap().remove("iat");
            }),
            vec![("expiry", Fail)],
        ),
        r(
            "exp not a number",
            with_payload(&|p| p["exp"] = json!("tomorrow")),
            vec![("expiry", Fail)],
        ),
        Refusal {
            verdict: Verdict::Valid,
            ..r(
                "no exp: a warning, not a failure",
                with_payload(&|p| {
                    p.as_object_mut().unwrap().remove("exp");
                }),
                vec![("expiry", Warn)],
            )
        },
        Refusal {
            audience: None,
            nonce: None,
            verdict: Verdict::Valid,
            ..r(
                "nothing expected: said, not compared",
                good.clone(),
                vec![("audience", Warn), ("nonce", Warn)],
            )
        },
    ];
    let n = refusals.len();
    for c in refusals {
        let rep = present::verify(&c.text, c.audience, c.nonce, &c.env)
            .unwrap_or_else(|e| panic!("{}: not read: {e}", c.what));
        assert_eq!(rep.verdict, c.verdict, "{}: {:#?}", c.what, rep.checks);
        for (name, want) in &c.expect {
            assert_eq!(
                result(&rep, name),
                *want,
                "{}: {name}: {:#?}",
                c.what,
                rep.checks
            );
        }
    }
    // A credential not bound to any key: its presentation proves nothing about the holder.
    let unbound = credential(&issuer, None);
    let text = resigned(&unbound);
    let rep = verify(&text);
    assert_eq!(rep.verdict, Verdict::Invalid);
    assert_eq!(result(&rep, "holder-binding"), Fail);
    assert!(
        detail(&rep, "holder-binding").contains("not bound"),
        "{}",
        detail(&rep, "holder-binding")
    );
    // The messages say what is wrong.
    let rep = present::verify(&good, Some("https://other.example"), Some(NONCE), &env()).unwrap();
    assert!(
        detail(&rep, "audience").contains("https://other.example"),
        "{}",
        detail(&rep, "audience")
    );
    let rep = present::verify(&good, Some(AUD), Some("n2"), &env()).unwrap();
    assert!(
        detail(&rep, "nonce").contains("not made for this request"),
        "{}",
        detail(&rep, "nonce")
    );
    eprintln!("{} wrong SD-JWT presentations judged", n + 1);
}

#[test]
fn a_revoked_credential_makes_the_presentation_invalid() {
    use std::io::Write;
    let issuer = TestKey::ed25519(5);
    let holder = TestKey::p256(15);
    let uri = "https://issuer.example.org/status/1";
    let mut c = claims(Some(&holder));
    c["status"] = json!({"status_list": {"idx": 3, "uri": uri}});
    let sd = issuer.issue_sd_jwt(&c, &SEVEN, "status");
    let list = |bits: u8| {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&[bits]).unwrap();
        let lst = b64url(&z.finish().unwrap());
        issuer.jws(
            &json!({"alg": "EdDSA", "typ": "statuslist+jwt", "kid": format!("{}#0", issuer.did_jwk())}),
            &json!({"sub": uri, "iss": issuer.did_jwk(), "iat": ts(2026, 12, 1), "status_list": {"bits": 1, "lst": lst}}),
        )
    };
    let p = present::sd_jwt(&sd, &strings(&["name"]), holder.holder(), &request()).unwrap();
    for (bits, verdict, status) in [
        (0b0000_1000u8, Verdict::Invalid, CheckResult::Fail),
        (0b0000_0100u8, Verdict::Valid, CheckResult::Pass),
    ] {
        let mut web = tessera_testkit::web::Web::at(now());
        web.put(uri, list(bits));
        let rep = present::verify(&p.text, Some(AUD), Some(NONCE), &env().with_net(&web)).unwrap();
        assert_eq!(rep.verdict, verdict, "{:#?}", rep.checks);
        assert_eq!(result(&rep, "status"), status);
        assert_eq!(result(&rep, "holder-binding"), CheckResult::Pass);
    }
    // Offline, the status is not known: the presentation's verdict says so.
    let rep = verify(&p.text);
    assert_eq!(rep.verdict, Verdict::Unknown);
    assert_eq!(result(&rep, "status"), CheckResult::Unknown);
}

#[test]
fn unreadable_presentations_are_errors_never_panics() {
    let issuer = TestKey::ed25519(1);
    let holder = TestKey::ed25519(11);
    let sd = credential(&issuer, Some(&holder));
    let good = present::sd_jwt(&sd, &strings(&["name"]), holder.holder(), &request())
        .unwrap()
        .text;
    for input in [
        "",
        "   ",
        "hello",
        "{",
        "[]",
        "{}",
        "{\"type\": \"VerifiablePresentation\"}",
        "a~b~c",
        "~",
        "é~",
    ] {
        assert!(
            present::verify(input, Some(AUD), Some(NONCE), &env()).is_err(),
            "{input:?}"
        );
    }
    for input in ["", "x", "~", "a.b.c~", "e30.e30.AA~%%%~"] {
        assert!(present::preview_sd_jwt(input, &[]).is_err(), "{input:?}");
        assert!(present::holder_alg(input).is_err(), "{input:?}");
    }
    // Every prefix and single-byte change of a real presentation: an answer, never a panic.
    for i in 0..good.len() {
        let _ = present::verify(&good[..i], Some(AUD), Some(NONCE), &env());
        let _ = present::preview_sd_jwt(&good[..i], &strings(&["name"]));
        let mut b = good.as_bytes().to_vec();
        for c in [b'~', b'.', b'A'] {
            b[i] = c;
            if let Ok(t) = std::str::from_utf8(&b) {
                if let Ok(r) = present::verify(t, Some(AUD), Some(NONCE), &env()) {
                    if t != good {
                        assert_ne!(r.verdict, Verdict::Valid, "byte {i} → {}", c as char);
                    }
                }
            }
        }
    }
}

// ------------------------------------------------------------------ Verifiable Presentations

fn holder_did(key: &ed25519_dalek::SigningKey) -> String {
    tessera_core::did::did_key_for(&key.verifying_key())
}

/// A Data Integrity credential from our own issuer, issued to `subject` (None: no id).
fn di_credential(issuer: &TestIssuer, n: u8, subject: Option<&str>) -> Value {
    let mut doc = issuer.fill(&tessera_testkit::read_fixture("ob3-microcredential.json"));
    doc["id"] = format!("urn:uuid:00000000-0000-4000-8000-0000000002{n:02x}").into();
    doc["credentialSubject"]["achievement"]["name"] = format!("Course {n}").into();
    match subject {
        Some(s) => doc["credentialSubject"]["id"] = s.into(),
        None => {
            doc["credentialSubject"]
                .as_object_mut()
                .unwrap()
                .remove("id");
        }
    }
    issuer.sign(&doc)
}

#[test]
fn verifiable_presentations_of_one_and_several_credentials_round_trip() {
    let key = ed25519_dalek::SigningKey::from_bytes(&[21; 32]);
    let holder = holder_did(&key);
    let issuers = [TestIssuer::from_seed(31), TestIssuer::from_seed(32)];
    for count in [1usize, 2, 3] {
        let creds: Vec<Value> = (0..count)
            .map(|i| di_credential(&issuers[i % 2], i as u8, Some(&holder)))
            .collect();
        let p = present::vp(&creds, &key, &request()).unwrap();
        assert_eq!(p.format, PresentationFormat::Vp);
        assert_eq!(p.disclosed.len(), count);
        let vp: Value = serde_json::from_str(&p.text).unwrap();
        assert_eq!(vp["holder"], json!(holder));
        assert_eq!(vp["type"], json!(["VerifiablePresentation"]));
        assert_eq!(vp["verifiableCredential"], json!(creds));
        let proof = &vp["proof"];
        assert_eq!(proof["proofPurpose"], "authentication");
        assert_eq!(proof["cryptosuite"], "eddsa-rdfc-2022");
        assert_eq!(proof["challenge"], NONCE);
        assert_eq!(proof["domain"], AUD);
        assert_eq!(proof["created"], "2027-01-01T12:00:00Z");
        assert_eq!(proof["expires"], "2027-01-01T12:10:00Z");
        assert!(proof["verificationMethod"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{holder}#")));

        let r = verify(&p.text);
        assert_eq!(r.verdict, Verdict::Valid, "{count}: {:#?}", r.checks);
        assert_eq!(r.format, PresentationFormat::Vp);
        assert_eq!(r.credentials.len(), count);
        assert_eq!(r.holder.as_deref(), Some(holder.as_str()));
        assert_eq!(r.audience.as_deref(), Some(AUD));
        assert_eq!(r.nonce.as_deref(), Some(NONCE));
        assert_eq!(r.expires.as_deref(), Some("2027-01-01T12:10:00Z"));
        for (i, d) in r.disclosed.iter().enumerate() {
            assert_eq!(d, &p.disclosed[i].revealed);
            assert!(d.get("proof").is_none());
            assert_eq!(
                d["credentialSubject"]["achievement"]["name"],
                format!("Course {i}")
            );
            assert!(p.disclosed[i].paths.is_empty() && p.disclosed[i].withheld.is_empty());
        }
        // The credentials' own checks, then the presentation's.
        assert_eq!(checks(&r, "signature").len(), count);
        assert_eq!(checks(&r, "holder-binding").len(), 1 + count);
        for name in ["audience", "nonce", "expiry"] {
            assert_eq!(result(&r, name), CheckResult::Pass, "{name}");
        }
        assert!(checks(&r, "holder-binding")
            .iter()
            .all(|c| c.result == CheckResult::Pass));
    }
    // Nothing to present, or something that is not a credential.
    assert_eq!(
        present::vp(&[], &key, &request()).unwrap_err(),
        PresentError::NoCredentials
    );
    let good = di_credential(&issuers[0], 9, Some(&holder));
    for (bad, what) in [
        (json!("eyJhbGciOiJFZERTQSJ9.e30.AA"), "text"),
        (json!({"type": ["VerifiableCredential"]}), "@context"),
        (
            json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["Thing"]}),
            "VerifiableCredential",
        ),
        (
            json!({"@context": ["https://example.org/unknown/v1"], "type": ["VerifiableCredential"]}),
            "https://example.org/unknown/v1",
        ),
    ] {
        match present::vp(&[good.clone(), bad], &key, &request()) {
            Err(PresentError::NotACredential { number: 2, reason }) => {
                assert!(reason.contains(what), "{reason}")
            }
            other => panic!("{what}: {other:?}"),
        }
    }
}

/// Signs a presentation as given (for presentations Tessera would never make).
fn sign_vp(unsigned: &Value, key: &ed25519_dalek::SigningKey, purpose: &str) -> Value {
    use tessera_core::di::{add_proof, ProofOptions, Suite};
    let vm = tessera_core::did::did_key_vm(&key.verifying_key());
    let mut o = ProofOptions::new(Suite::EddsaRdfc2022, &vm, "2027-01-01T12:00:00Z");
    o.purpose = purpose;
    o.challenge = Some(NONCE);
    o.domain = Some(AUD);
    o.expires = Some("2027-01-01T12:10:00Z");
    add_proof(unsigned, key, &o).unwrap()
}

#[test]
fn the_verifier_refuses_wrong_verifiable_presentations() {
    let key = ed25519_dalek::SigningKey::from_bytes(&[21; 32]);
    let other = ed25519_dalek::SigningKey::from_bytes(&[22; 32]);
    let holder = holder_did(&key);
    let issuer = TestIssuer::from_seed(31);
    let cred = di_credential(&issuer, 1, Some(&holder));
    let good = present::vp(std::slice::from_ref(&cred), &key, &request())
        .unwrap()
        .text;
    let good_v: Value = serde_json::from_str(&good).unwrap();
    let unsigned = |holder: &str, creds: Vec<Value>| {
        json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"],
               "holder": holder, "verifiableCredential": creds})
    };
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v = good_v.clone();
        f(&mut v);
        v.to_string()
    };
    use CheckResult::{Fail, Pass, Unknown, Warn};
    let later = |secs: i64| env_at(now() + Duration::seconds(secs));
    let r = |what, text: String, expect: Vec<(&'static str, CheckResult)>| Refusal {
        what,
        text,
        env: env(),
        audience: Some(AUD),
        nonce: Some(NONCE),
        expect,
        verdict: Verdict::Invalid,
    };
    let refusals = vec![
        Refusal {
            audience: Some("https://other.example"),
            ..r("wrong domain", good.clone(), vec![("audience", Fail)])
        },
        Refusal {
            nonce: Some("other"),
            ..r("wrong challenge", good.clone(), vec![("nonce", Fail)])
        },
        Refusal {
            env: later(600),
            ..r("expired", good.clone(), vec![("expiry", Fail)])
        },
        Refusal {
            env: later(-3600),
            ..r(
                "made an hour in the future",
                good.clone(),
                vec![("expiry", Fail)],
            )
        },
        r(
            "holder differs from the proof key",
            sign_vp(
                &unsigned(&holder_did(&other), vec![cred.clone()]),
                &key,
                "authentication",
            )
            .to_string(),
            vec![("signature", Pass)],
        ),
        r(
            "signed by another key than the holder's",
            sign_vp(
                &unsigned(&holder, vec![cred.clone()]),
                &other,
                "authentication",
            )
            .to_string(),
            vec![],
        ),
        r(
            "proof purpose assertionMethod",
            sign_vp(
                &unsigned(&holder, vec![cred.clone()]),
                &key,
                "assertionMethod",
            )
            .to_string(),
            vec![],
        ),
        r(
            "a tampered embedded credential",
            edit(&|v| {
                v["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] =
                    json!("Brain surgery")
            }),
            vec![("signature", Fail)],
        ),
        r(
            "the holder changed after signing",
            edit(&|v| v["holder"] = json!(holder_did(&other))),
            vec![],
        ),
        r(
            "the challenge changed after signing",
            edit(&|v| v["proof"]["challenge"] = json!("other")),
            vec![("nonce", Fail)],
        ),
        r(
            "expires changed after signing",
            edit(&|v| v["proof"]["expires"] = json!("2099-01-01T00:00:00Z")),
            vec![("expiry", Pass)],
        ),
        r(
            "not signed",
            edit(&|v| {
                v.as_object_mut().unwrap().remove("proof");
            }),
            vec![("audience", Unknown)],
        ),
        r(
            "no holder",
            edit(&|v| {
                v.as_object_mut().unwrap().remove("holder");
            }),
            vec![],
        ),
        r(
            "a credential issued to someone else",
            sign_vp(
                &unsigned(
                    &holder,
                    vec![di_credential(&issuer, 2, Some(&holder_did(&other)))],
                ),
                &key,
                "authentication",
            )
            .to_string(),
            vec![("signature", Pass)],
        ),
        Refusal {
            verdict: Verdict::Valid,
            ..r(
                "a credential without a subject id: a warning",
                sign_vp(
                    &unsigned(&holder, vec![di_credential(&issuer, 3, None)]),
                    &key,
                    "authentication",
                )
                .to_string(),
                vec![],
            )
        },
        Refusal {
            verdict: Verdict::Valid,
            ..r(
                "a credential issued to a non-DID subject: a warning",
                sign_vp(
                    &unsigned(
                        &holder,
                        vec![di_credential(&issuer, 4, Some("mailto:ana@example.org"))],
                    ),
                    &key,
                    "authentication",
                )
                .to_string(),
                vec![],
            )
        },
        Refusal {
            audience: None,
            nonce: None,
            verdict: Verdict::Valid,
            ..r(
                "nothing expected",
                good.clone(),
                vec![("audience", Warn), ("nonce", Warn)],
            )
        },
    ];
    let n = refusals.len();
    for c in refusals {
        let rep = present::verify(&c.text, c.audience, c.nonce, &c.env)
            .unwrap_or_else(|e| panic!("{}: not read: {e}", c.what));
        assert_eq!(rep.verdict, c.verdict, "{}: {:#?}", c.what, rep.checks);
        for (name, want) in &c.expect {
            let got: Vec<CheckResult> = checks(&rep, name).iter().map(|c| c.result).collect();
            assert!(
                got.contains(want),
                "{}: {name} {want:?} in {:#?}",
                c.what,
                rep.checks
            );
        }
        let bindings: Vec<CheckResult> = checks(&rep, "holder-binding")
            .iter()
            .map(|c| c.result)
            .collect();
        if c.verdict == Verdict::Valid {
            assert!(!bindings.contains(&Fail), "{}: {:#?}", c.what, rep.checks);
            if c.what.contains("warning") {
                assert!(bindings.contains(&Warn), "{}: {:#?}", c.what, rep.checks);
            }
        }
        if c.what.contains("holder")
            || c.what.contains("someone else")
            || c.what.contains("key")
            || c.what.contains("purpose")
            || c.what.contains("signed")
        {
            assert!(bindings.contains(&Fail), "{}: {:#?}", c.what, rep.checks);
        }
    }
    // The holder-binding message names both DIDs.
    let text = sign_vp(
        &unsigned(&holder_did(&other), vec![cred.clone()]),
        &key,
        "authentication",
    )
    .to_string();
    let rep = verify(&text);
    let d = detail(&rep, "holder-binding");
    assert!(
        d.contains(&holder) && d.contains(&holder_did(&other)),
        "{d}"
    );
    // A credential, or a presentation Tessera cannot read: errors.
    for (text, what) in [
        (cred.to_string(), "a credential, not a presentation"),
        (
            edit(&|v| v["verifiableCredential"] = json!([])),
            "no credential",
        ),
        (
            edit(&|v| v["verifiableCredential"] = json!(["eyJ.e30.AA"])),
            "not a JSON object",
        ),
        (
            edit(&|v| v["@context"] = json!(["https://example.org/ctx"])),
            "https://example.org/ctx",
        ),
    ] {
        let e = present::verify(&text, Some(AUD), Some(NONCE), &env()).unwrap_err();
        assert!(e.to_string().contains(what), "{what}: {e}");
    }
    eprintln!("{n} wrong Verifiable Presentations judged");
}

// ------------------------------------------------------------------ privacy

/// The seven claims' values in the credential.
fn seven_values() -> Vec<(&'static str, Value)> {
    let c = claims(None);
    SEVEN.iter().map(|k| (*k, c[*k].clone())).collect()
}

#[test]
fn undisclosed_values_appear_nowhere_in_the_presentation() {
    let issuer = TestKey::ed25519(1);
    for holder in [TestKey::ed25519(11), TestKey::p256(12)] {
        let mut c = claims(Some(&holder));
        // Only the seven claims (and technical ones), so the control case can find all.
        for k in [
            "address",
            "degree",
            "nationalities",
            "skills",
            "issuer_name",
        ] {
            c.as_object_mut().unwrap().remove(k);
        }
        let sd = issuer.issue_sd_jwt_with(&c, &SEVEN, "privacy", 4);
        let values = seven_values();
        let cases: [&[&str]; 4] = [
            &["name", "ects"],
            &["given_name", "grade"],
            &["birthdate", "email"],
            &SEVEN,
        ];
        for chosen in cases {
            let p = present::sd_jwt(&sd, &strings(chosen), holder.holder(), &request()).unwrap();
            let (shown, hidden): (Vec<_>, Vec<_>) =
                values.iter().partition(|(k, _)| chosen.contains(k));
            assert_eq!(shown.len(), chosen.len());
            let label = format!("{} holder, disclosing {chosen:?}", holder.alg());
            assert_privacy(
                &label,
                &p.text,
                &shown.iter().map(|(_, v)| v).collect::<Vec<_>>(),
                &hidden.iter().map(|(_, v)| v).collect::<Vec<_>>(),
            );
            // The claim names of what is withheld are not there either.
            for (k, _) in &hidden {
                let quoted = format!("\"{k}\"");
                for (view, text) in views(&p.text) {
                    assert!(!text.contains(&quoted), "{label}: the name {k} in {view}");
                }
            }
            // The preview says the same.
            let d = &p.disclosed[0];
            assert_eq!(sorted(&d.paths), sorted(&strings(chosen)));
            assert_eq!(d.withheld.len(), 7 - chosen.len());
        }
        // The control: the search finds every value of the full credential, and in the
        // disclosures (not only the raw text).
        let all = present::sd_jwt(&sd, &strings(&SEVEN), holder.holder(), &request()).unwrap();
        for (k, v) in &values {
            let hits = found_in(&all.text, v);
            assert!(
                hits.iter().any(|h| h.starts_with("disclosure")),
                "{k}: {hits:?}"
            );
        }
    }
}

#[test]
fn presentation_types_serialise_as_the_app_reads_them() {
    let issuer = TestKey::ed25519(1);
    let holder = TestKey::p256(12);
    let sd = credential(&issuer, Some(&holder));
    let key: HolderKey<'_> = holder.holder();
    assert_eq!(format!("{key:?}"), "HolderKey(P-256)");
    let p = present::sd_jwt(&sd, &strings(&["name"]), key, &request()).unwrap();
    let v = serde_json::to_value(&p).unwrap();
    assert_eq!(v["format"], "sd-jwt");
    assert!(v["disclosed"][0]["revealed"].is_object());
    assert!(v["disclosed"][0]["withheld"].is_array());
    let r = serde_json::to_value(verify(&p.text)).unwrap();
    for k in [
        "verdict",
        "format",
        "checks",
        "disclosed",
        "credentials",
        "holder",
        "audience",
        "nonce",
        "expires",
    ] {
        assert!(r.get(k).is_some(), "{k}");
    }
    assert_eq!(r["verdict"], "valid");
    assert_eq!(serde_json::to_value(KeyAlg::P256).unwrap(), "P-256");
    assert_eq!(serde_json::to_value(KeyAlg::Ed25519).unwrap(), "Ed25519");
    assert_eq!(serde_json::to_value(PresentationFormat::Vp).unwrap(), "vp");
}

#[test]
fn every_one_leaf_change_to_a_verifiable_presentation_is_refused() {
    let key = ed25519_dalek::SigningKey::from_bytes(&[21; 32]);
    let holder = holder_did(&key);
    let creds = [
        di_credential(&TestIssuer::from_seed(31), 1, Some(&holder)),
        di_credential(&TestIssuer::from_seed(32), 2, Some(&holder)),
    ];
    let p = present::vp(&creds, &key, &request()).unwrap();
    let vp: Value = serde_json::from_str(&p.text).unwrap();
    let variants = tessera_testkit::tampered_variants(&vp);
    let mut invalid = 0;
    for (path, v) in &variants {
        match present::verify(&v.to_string(), Some(AUD), Some(NONCE), &env()) {
            Ok(r) => {
                assert_eq!(r.verdict, Verdict::Invalid, "{path}: {:#?}", r.checks);
                invalid += 1;
            }
            Err(e) => assert!(
                path.contains("@context") || path.ends_with("/type") || path.contains("/type/"),
                "{path}: {e}"
            ),
        }
    }
    assert!(
        invalid * 10 >= variants.len() * 8,
        "{invalid} of {}",
        variants.len()
    );
    eprintln!("{} one-leaf changes to a VP refused", variants.len());
}
