//! Open Badges 2.0: badges baked by the Python reference bakery (`openbadges-bakery` 2.0.0,
//! tests/interop/bake.py in tests/interop/.venv) import with the right facts and verdict
//! `unknown` offline; the RS256/ES256 check with the key verifies and catches a changed byte;
//! hostile images are refused with clear errors, never a panic.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use tessera_core::{examine, ob2, CheckResult, CoreError, Env, Format, Status, Verdict};
use tessera_testkit::web::Web;

fn env() -> Env<'static> {
    Env::at(Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0).unwrap())
}

fn scratch() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "tessera-ob2-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

use tessera_testkit::interop::bake_py;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn assertion(verification: Value) -> Value {
    json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": "https://badges.example.org/assertions/42",
        "recipient": {
            "type": "email",
            "hashed": true,
            "salt": "deadsea",
            // sha256("learner@example.org" + "deadsea")
            "identity": format!("sha256${}", sha256_hex("learner@example.orgdeadsea")),
        },
        "badge": {
            "type": "BadgeClass",
            "id": "https://badges.example.org/classes/data-steward",
            "name": "Data Steward",
            "description": "Looks after research data.",
            "criteria": { "narrative": "Completed the data stewardship course." },
            "alignment": [
                { "targetName": "Data management", "targetUrl": "http://data.europa.eu/esco/skill/dm" }
            ],
            "issuer": {
                "type": "Profile",
                "id": "https://badges.example.org/issuer",
                "name": "Example University",
                "url": "https://example.org"
            }
        },
        "verification": verification,
        "issuedOn": "2024-03-01T10:00:00Z",
        "expires": "2027-03-01T10:00:00Z",
        "evidence": "https://example.org/evidence/42",
        "narrative": "Passed the exam."
    })
}

fn sha256_hex(s: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn check_result(e: &tessera_core::Examined, name: &str) -> CheckResult {
    e.checks
        .iter()
        .find(|c| c.check == name)
        .unwrap_or_else(|| panic!("no {name} check in {:?}", e.checks))
        .result
}

fn assert_facts(e: &tessera_core::Examined) {
    assert_eq!(e.format, Format::Ob2);
    assert_eq!(e.facts.title, "Data Steward");
    assert_eq!(e.facts.issuer, "https://badges.example.org/issuer");
    assert_eq!(e.facts.issuer_name.as_deref(), Some("Example University"));
    assert_eq!(e.facts.issued.as_deref(), Some("2024-03-01T10:00:00Z"));
    assert_eq!(e.facts.expires.as_deref(), Some("2027-03-01T10:00:00Z"));
    assert_eq!(e.facts.learner.as_deref(), Some("hashed e-mail"));
    assert_eq!(e.facts.skills, vec!["http://data.europa.eu/esco/skill/dm"]);
    assert_eq!(e.facts.learning_outcomes, vec!["Data management"]);
    assert_eq!(
        e.facts.criteria.as_deref(),
        Some("Completed the data stewardship course.")
    );
    assert!(e.critical.awarding_body.present);
    assert_eq!(e.status, Status::Active);
    assert_eq!(check_result(e, "validity"), CheckResult::Pass);
}

/// Signs `doc` with bake.py (fresh key), bakes the JWS into a PNG and an SVG.
/// Returns (jws, public PEM, png bytes, svg text).
fn signed_and_baked(alg: &str, doc: &Value) -> (String, String, Vec<u8>, String) {
    let d = scratch();
    let a = d.join("assertion.json");
    std::fs::write(&a, serde_json::to_vec(doc).unwrap()).unwrap();
    bake_py(&["sign", alg, s(&a), s(&d)]);
    let jws_path = d.join("badge.jws");
    bake_py(&["png", s(&jws_path), s(&d.join("badge.png"))]);
    bake_py(&["svg", s(&jws_path), s(&d.join("badge.svg"))]);
    let out = (
        std::fs::read_to_string(&jws_path).unwrap(),
        std::fs::read_to_string(d.join("public.pem")).unwrap(),
        std::fs::read(d.join("badge.png")).unwrap(),
        std::fs::read_to_string(d.join("badge.svg")).unwrap(),
    );
    std::fs::remove_dir_all(&d).ok();
    out
}

/// The JWS with one byte of its payload's JSON changed, the signature kept.
fn tamper(jws: &str) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let parts: Vec<&str> = jws.split('.').collect();
    let mut payload = URL_SAFE_NO_PAD.decode(parts[1]).unwrap();
    let at = payload
        .windows(12)
        .position(|w| w == b"Data Steward")
        .unwrap();
    payload[at + 11] = b'D';
    format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(payload),
        parts[2]
    )
}

#[test]
fn signed_rs256_badge_baked_by_the_reference_bakery() {
    let doc =
        assertion(json!({ "type": "signed", "creator": "https://badges.example.org/keys/1" }));
    let (jws, pem, png, svg) = signed_and_baked("RS256", &doc);

    assert_eq!(
        ob2::extract_png(&png).unwrap().as_deref(),
        Some(jws.as_str())
    );
    assert_eq!(
        ob2::extract_svg(&svg).unwrap().as_deref(),
        Some(jws.as_str())
    );

    for (what, bytes) in [("png", png.clone()), ("svg", svg.clone().into_bytes())] {
        let e = examine(&bytes, &env()).unwrap_or_else(|err| panic!("{what}: {err}"));
        assert_facts(&e);
        assert_eq!(
            e.verdict,
            Verdict::Unknown,
            "{what}: offline the key cannot be fetched"
        );
        assert_eq!(check_result(&e, "signature"), CheckResult::Unknown);
        assert_eq!(check_result(&e, "issuer-key"), CheckResult::Unknown);
        let sig = e.checks.iter().find(|c| c.check == "signature").unwrap();
        assert!(
            sig.detail.contains("https://badges.example.org/keys/1"),
            "{}",
            sig.detail
        );
    }

    let ok = ob2::verify_signed_with_pem(&jws, &pem, &env()).unwrap();
    assert_eq!(ok.verdict, Verdict::Valid);
    assert_eq!(check_result(&ok, "signature"), CheckResult::Pass);
    assert_facts(&ok);

    // One changed byte in the assertion baked into the PNG (and into the SVG).
    let from_png = ob2::extract_png(&png).unwrap().unwrap();
    let bad = ob2::verify_signed_with_pem(&tamper(&from_png), &pem, &env()).unwrap();
    assert_eq!(bad.verdict, Verdict::Invalid);
    assert_eq!(check_result(&bad, "signature"), CheckResult::Fail);
    assert_eq!(bad.facts.title, "Data StewarD");
    let changed_svg = svg.replace(&jws, &tamper(&jws));
    let from_svg = ob2::extract_svg(&changed_svg).unwrap().unwrap();
    let bad = ob2::verify_signed_with_pem(&from_svg, &pem, &env()).unwrap();
    assert_eq!(bad.verdict, Verdict::Invalid);
    // Offline the changed badge is still only unknown: nothing was checked.
    assert_eq!(
        examine(changed_svg.as_bytes(), &env()).unwrap().verdict,
        Verdict::Unknown
    );

    assert!(ob2::recipient_matches(&doc, "learner@example.org"));
    assert!(ob2::recipient_matches(&doc, " Learner@Example.org "));
    assert!(!ob2::recipient_matches(&doc, "someone@example.org"));
}

#[test]
fn signed_es256_verifies_and_a_wrong_key_is_invalid() {
    let doc =
        assertion(json!({ "type": "SignedBadge", "creator": "https://badges.example.org/keys/2" }));
    let (jws, pem, _, _) = signed_and_baked("ES256", &doc);
    let ok = ob2::verify_signed_with_pem(&jws, &pem, &env()).unwrap();
    assert_eq!(ok.verdict, Verdict::Valid);
    let (_, other_pem, _, _) = signed_and_baked("ES256", &doc);
    let wrong = ob2::verify_signed_with_pem(&jws, &other_pem, &env()).unwrap();
    assert_eq!(wrong.verdict, Verdict::Invalid);
    let err = ob2::verify_signed_with_pem(&jws, "not a key", &env()).unwrap_err();
    assert!(err.to_string().contains("not PEM"), "{err}");
}

#[test]
fn hosted_assertion_baked_into_png_and_svg_is_unknown_offline() {
    let doc = assertion(json!({ "type": "hosted" }));
    let d = scratch();
    let a = d.join("assertion.json");
    std::fs::write(&a, serde_json::to_vec(&doc).unwrap()).unwrap();
    bake_py(&["png", s(&a), s(&d.join("badge.png"))]);
    bake_py(&["svg", s(&a), s(&d.join("badge.svg"))]);
    for file in ["badge.png", "badge.svg"] {
        let bytes = std::fs::read(d.join(file)).unwrap();
        let e = examine(&bytes, &env()).unwrap_or_else(|err| panic!("{file}: {err}"));
        assert_facts(&e);
        assert_eq!(e.verdict, Verdict::Unknown, "{file}");
        let sig = e.checks.iter().find(|c| c.check == "signature").unwrap();
        assert_eq!(sig.result, CheckResult::Unknown);
        assert!(
            sig.detail.contains("online checks are off"),
            "{}",
            sig.detail
        );
    }
    std::fs::remove_dir_all(&d).ok();

    // Expired at a later time; a badge whose BadgeClass is only a URL is still read.
    let later = Env::at(Utc.with_ymd_and_hms(2028, 1, 1, 0, 0, 0).unwrap());
    assert_eq!(
        ob2::examine_assertion(&doc, &later).unwrap().status,
        Status::Expired
    );
    let bare = json!({
        "recipient": { "type": "email", "hashed": false, "identity": "me@example.org" },
        "badge": "https://badges.example.org/classes/1",
        "verification": { "type": "hosted" },
        "issuedOn": "2024-01-01"
    });
    let e = examine(bare.to_string().as_bytes(), &env()).unwrap();
    assert_eq!(e.facts.title, "Open Badge");
    assert_eq!(e.facts.learner.as_deref(), Some("me@example.org"));
    assert_eq!(e.verdict, Verdict::Unknown);
    assert!(ob2::recipient_matches(&bare, "me@example.org"));
}

#[test]
fn md5_hashed_recipients_match() {
    // md5("abc") = 900150983cd24fb0d6963f7d28e17f72 (RFC 1321): e-mail "ab", salt "c".
    let doc = json!({ "recipient": { "hashed": true, "salt": "c",
        "identity": "md5$900150983cd24fb0d6963f7d28e17f72" }, "badge": "https://x.example/b" });
    assert!(ob2::recipient_matches(&doc, "ab"));
    assert!(!ob2::recipient_matches(&doc, "abc"));
}

#[test]
fn malformed_signed_badges_are_errors() {
    for bad in ["eyJhbGciOiJSUzI1NiJ9.!!!.sig", "a.b"] {
        assert!(ob2::examine_signed(bad, &env()).is_err());
    }
    // alg none: refused, never treated as signed.
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let payload = URL_SAFE_NO_PAD.encode(assertion(json!({"type": "signed"})).to_string());
    let none = format!(
        "{}.{payload}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#)
    );
    let err = ob2::examine_signed(&none, &env()).unwrap_err();
    assert!(matches!(err, CoreError::Unsupported { .. }), "{err}");
}

fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut h = crc32fast::Hasher::new();
    h.update(kind);
    h.update(data);
    out.extend_from_slice(&h.finalize().to_be_bytes());
    out
}

fn png_with(chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]));
    for c in chunks {
        out.extend_from_slice(c);
    }
    out
}

fn err_text(r: Result<Option<String>, CoreError>) -> String {
    match r {
        Err(e) => e.to_string(),
        Ok(v) => panic!("expected an error, got {v:?}"),
    }
}

#[test]
fn hostile_pngs_are_refused_clearly() {
    let good = png_with(&[
        chunk(
            b"iTXt",
            b"openbadges\0\0\0\0\0https://badges.example.org/a/1",
        ),
        chunk(b"IEND", b""),
    ]);
    assert_eq!(
        ob2::extract_png(&good).unwrap().as_deref(),
        Some("https://badges.example.org/a/1")
    );

    // Truncated anywhere: always an error naming the damage, never a panic.
    for cut in 8..good.len() {
        let e = err_text(ob2::extract_png(&good[..cut]));
        assert!(e.contains("damaged"), "cut at {cut}: {e}");
    }
    assert!(err_text(ob2::extract_png(&good[..good.len() - 12])).contains("before its IEND"));

    // A chunk length past the end of the file.
    let mut past = png_with(&[]);
    past.extend_from_slice(&100u32.to_be_bytes());
    past.extend_from_slice(b"iTXtopenbadges\0\0\0\0\0xx");
    let e = err_text(ob2::extract_png(&past));
    assert!(e.contains("declares 100 bytes but only"), "{e}");

    // A huge declared length.
    let mut huge = png_with(&[]);
    huge.extend_from_slice(&0xFFFF_FFF0u32.to_be_bytes());
    huge.extend_from_slice(b"iTXt\0\0\0\0\0\0\0\0");
    let e = err_text(ob2::extract_png(&huge));
    assert!(e.contains("more than a PNG chunk may hold"), "{e}");

    // A compressed iTXt that inflates beyond the limit (a bomb).
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..(ob2::MAX_INFLATED_BYTES >> 20) + 1 {
        z.write_all(&zeros).unwrap();
    }
    let mut data = b"openbadges\0\x01\x00\0\0".to_vec();
    data.extend(z.finish().unwrap());
    let bomb = png_with(&[chunk(b"iTXt", &data), chunk(b"IEND", b"")]);
    let e = err_text(ob2::extract_png(&bomb));
    assert!(e.contains("decompresses to more than"), "{e}");

    // A compressed chunk within the limit is read.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(b"https://badges.example.org/a/2").unwrap();
    let mut data = b"openbadgecredential\0\x01\x00en\0\0".to_vec();
    data.extend(z.finish().unwrap());
    let small = png_with(&[chunk(b"iTXt", &data), chunk(b"IEND", b"")]);
    assert_eq!(
        ob2::extract_png(&small).unwrap().as_deref(),
        Some("https://badges.example.org/a/2")
    );

    // A damaged CRC on the badge chunk; a file over the size limit; no badge at all.
    let mut crc = good.clone();
    let at = crc.len() - 12 - 5;
    crc[at] ^= 1;
    assert!(err_text(ob2::extract_png(&crc)).contains("CRC"));
    let mut big = good.clone();
    big.resize(16 * 1024 * 1024 + 1, 0);
    assert!(matches!(
        ob2::extract_png(&big),
        Err(CoreError::TooLarge { .. })
    ));
    let plain = png_with(&[chunk(b"IEND", b"")]);
    assert_eq!(ob2::extract_png(&plain).unwrap(), None);
    // Through examine, damaged images are errors too.
    assert!(examine(&past, &env()).is_err());
    assert!(examine(&bomb, &env()).is_err());
}

#[test]
fn hostile_svgs_are_refused_clearly() {
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg"><openbadges:assertion>&xxe;</openbadges:assertion></svg>"#;
    let e = ob2::extract_svg(xxe).unwrap_err().to_string();
    assert!(e.contains("<!DOCTYPE>"), "{e}");
    assert!(examine(xxe.as_bytes(), &env()).is_err());
    let ent = r#"<svg xmlns="http://www.w3.org/2000/svg"><!ENTITY a "b"></svg>"#;
    let e = ob2::extract_svg(ent).unwrap_err().to_string();
    assert!(e.contains("<!DOCTYPE>") || e.contains("<!ENTITY>"), "{e}");
    let undefined = r#"<svg xmlns="http://www.w3.org/2000/svg"><openbadges:assertion>&zz;</openbadges:assertion></svg>"#;
    let e = ob2::extract_svg(undefined).unwrap_err().to_string();
    assert!(e.contains("&zz;"), "{e}");

    let script =
        r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect/></svg>"#;
    assert_eq!(ob2::extract_svg(script).unwrap(), None);
    let e = examine(script.as_bytes(), &env()).unwrap_err().to_string();
    assert!(e.contains("no badge"), "{e}");

    let broken = r#"<svg xmlns="http://www.w3.org/2000/svg"><openbadges:assertion>"#;
    assert!(ob2::extract_svg(broken).is_err());
    let mismatched = r#"<svg><a></b></svg>"#;
    assert!(ob2::extract_svg(mismatched).is_err());
    let not_svg = r#"<html><openbadges:assertion verify="x"/></html>"#;
    assert!(ob2::extract_svg(not_svg)
        .unwrap_err()
        .to_string()
        .contains("not an SVG"));
    let empty = r#"<svg><openbadges:assertion/></svg>"#;
    assert!(ob2::extract_svg(empty)
        .unwrap_err()
        .to_string()
        .contains("empty"));
    let attr = r#"<svg><openbadges:assertion verify="https://b.example/a?x=1&amp;y=2"/></svg>"#;
    assert_eq!(
        ob2::extract_svg(attr).unwrap().as_deref(),
        Some("https://b.example/a?x=1&y=2")
    );
}

#[test]
fn mutated_images_never_panic() {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(b"{\"recipient\":{},\"badge\":\"https://b.example\"}")
        .unwrap();
    let mut data = b"openbadges\0\x01\x00\0\0".to_vec();
    data.extend(z.finish().unwrap());
    let png = png_with(&[chunk(b"iTXt", &data), chunk(b"IEND", b"")]);
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg"><openbadges:assertion verify="https://b.example/a"><![CDATA[{"recipient":{},"badge":"x"}]]></openbadges:assertion></svg>"#;
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let mut p = png.clone();
        let mut t = svg.as_bytes().to_vec();
        for _ in 0..1 + next() % 3 {
            let i = (next() as usize) % p.len();
            p[i] = next() as u8;
            let j = (next() as usize) % t.len();
            t[j] = b"<>&;!/\"'x]["[(next() as usize) % 11];
        }
        let _ = ob2::extract_png(&p);
        let _ = examine(&p, &env());
        if let Ok(text) = std::str::from_utf8(&t) {
            let _ = ob2::extract_svg(text);
            let _ = examine(text.as_bytes(), &env());
        }
    }
}

/// The issuer's documents for a signed badge: its key at `creator` (owned by `owner`) and
/// its Profile listing `listed` keys, with a revocation list.
fn issuer_web(creator: &str, pem: &str, owner: &str, listed: &[&str], revoked: &[&str]) -> Web {
    let mut web = Web::at(env().now);
    web.put_json(
        creator,
        &json!({"@context": "https://w3id.org/openbadges/v2", "type": "CryptographicKey",
                "id": creator, "owner": owner, "publicKeyPem": pem}),
    );
    web.put_json(
        "https://badges.example.org/issuer",
        &json!({"@context": "https://w3id.org/openbadges/v2", "type": "Profile",
                "id": "https://badges.example.org/issuer", "name": "Example University",
                "publicKey": listed, "revocationList": "https://badges.example.org/revocations"}),
    );
    web.put_json(
        "https://badges.example.org/revocations",
        &json!({"@context": "https://w3id.org/openbadges/v2", "type": "RevocationList",
                "id": "https://badges.example.org/revocations",
                "revokedAssertions": revoked.iter().map(|id| json!({"id": id, "revocationReason": "Issued in error"})).collect::<Vec<_>>()}),
    );
    web
}

#[test]
fn signed_baked_badges_are_valid_when_the_issuer_serves_their_key() {
    let creator = "https://badges.example.org/keys/1";
    let issuer = "https://badges.example.org/issuer";
    let doc = assertion(json!({ "type": "signed", "creator": creator }));
    let (jws, pem, png, svg) = signed_and_baked("RS256", &doc);
    let web = issuer_web(creator, &pem, issuer, &[creator], &[]);
    for (what, bytes) in [("png", png.clone()), ("svg", svg.clone().into_bytes())] {
        let e = examine(&bytes, &env().with_net(&web)).unwrap();
        assert_facts(&e);
        assert_eq!(e.verdict, Verdict::Valid, "{what}: {:#?}", e.checks);
        assert_eq!(check_result(&e, "issuer-key"), CheckResult::Pass);
        assert_eq!(check_result(&e, "status"), CheckResult::Pass);
    }
    // A changed byte: invalid, now that the key is at hand.
    let changed = svg.replace(&jws, &tamper(&jws));
    let e = examine(changed.as_bytes(), &env().with_net(&web)).unwrap();
    assert_eq!(
        (e.verdict, check_result(&e, "signature")),
        (Verdict::Invalid, CheckResult::Fail)
    );
    // A key the issuer's profile does not list, or one owned by someone else: invalid.
    for (owner, listed) in [
        (issuer, &[][..]),
        ("https://elsewhere.example/me", &[creator][..]),
    ] {
        let web = issuer_web(creator, &pem, owner, listed, &[]);
        let e = examine(&png, &env().with_net(&web)).unwrap();
        assert_eq!(e.verdict, Verdict::Invalid, "{owner}: {:#?}", e.checks);
        assert_eq!(check_result(&e, "signature"), CheckResult::Pass);
        assert_eq!(check_result(&e, "issuer-key"), CheckResult::Fail);
    }
    // Revoked in the issuer's revocation list.
    let web = issuer_web(
        creator,
        &pem,
        issuer,
        &[creator],
        &["https://badges.example.org/assertions/42"],
    );
    let e = examine(&png, &env().with_net(&web)).unwrap();
    assert_eq!((e.verdict, e.status), (Verdict::Valid, Status::Revoked));
    let st = e.checks.iter().find(|c| c.check == "status").unwrap();
    assert!(st.detail.contains("Issued in error"), "{}", st.detail);
}

#[test]
fn hosted_badges_are_compared_with_the_issuers_copy() {
    let id = "https://badges.example.org/assertions/42";
    let doc = assertion(json!({ "type": "hosted" }));
    let mut web = issuer_web(
        "https://badges.example.org/keys/1",
        "",
        "https://badges.example.org/issuer",
        &[],
        &[],
    );
    web.put_json(id, &doc);
    let d = scratch();
    let a = d.join("assertion.json");
    std::fs::write(&a, serde_json::to_vec(&doc).unwrap()).unwrap();
    bake_py(&["png", s(&a), s(&d.join("badge.png"))]);
    let png = std::fs::read(d.join("badge.png")).unwrap();
    std::fs::remove_dir_all(&d).ok();
    let e = examine(&png, &env().with_net(&web)).unwrap();
    assert_eq!(e.verdict, Verdict::Valid, "{:#?}", e.checks);
    assert_eq!(check_result(&e, "issuer-key"), CheckResult::Pass);
    assert_facts(&e);

    // The issuer hosts something else under that address: invalid.
    let mut other = doc.clone();
    other["issuedOn"] = json!("2024-04-01T10:00:00Z");
    let mut changed = web.clone();
    changed.put_json(id, &other);
    let e = examine(&png, &env().with_net(&changed)).unwrap();
    assert_eq!(
        (e.verdict, check_result(&e, "signature")),
        (Verdict::Invalid, CheckResult::Fail)
    );

    // Gone (410): revoked. Hosted on a site that is not the issuer's: invalid.
    let mut gone = web.clone();
    gone.put_status(id, 410);
    let e = examine(&png, &env().with_net(&gone)).unwrap();
    assert_eq!(e.status, Status::Revoked, "{:#?}", e.checks);
    let mut foreign = doc.clone();
    foreign["id"] = json!("https://attacker.example/a/42");
    let mut w = web.clone();
    w.put_json("https://attacker.example/a/42", &foreign);
    let e = examine(foreign.to_string().as_bytes(), &env().with_net(&w)).unwrap();
    assert_eq!(
        (e.verdict, check_result(&e, "issuer-key")),
        (Verdict::Invalid, CheckResult::Fail)
    );
}
