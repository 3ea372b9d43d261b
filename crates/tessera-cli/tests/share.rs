//! `tessera present`, `tessera verify-presentation` and `tessera shares` (cli.md
//! "Presentations"), end to end with the reference implementations: a credential issued by
//! a reference library and bound to the wallet's holder key is presented with two of its
//! seven claims, as a file and a QR code; the references accept the file and the QR code's
//! content (read by `zbarimg`), a wrong nonce is refused, the five other values appear
//! nowhere, and the share log shows the presentation. Data Integrity credentials go whole
//! into a VP that `@digitalbazaar/vc` accepts; large VPs travel as several QR codes.

mod support;

use serde_json::{json, Value};
use support::*;
use tessera_testkit::present::assert_privacy;
use tessera_testkit::references::{vp_verify, Reference};
use tessera_testkit::TestIssuer;

const AUD: &str = "https://jobs.employer.example";
const NONCE: &str = "verifier-nonce-4711";
const CLAIMS: [&str; 7] = [
    "name",
    "ects",
    "given_name",
    "family_name",
    "birthdate",
    "email",
    "grade",
];

fn zbarimg(path: &std::path::Path) -> String {
    let out = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sbinary"])
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("zbarimg is needed (apt-get install zbar-tools): {e}"));
    assert!(
        out.status.success(),
        "zbarimg read no code from {}",
        path.display()
    );
    let mut s = String::from_utf8(out.stdout).expect("text");
    if s.ends_with('\n') {
        s.pop();
    }
    s
}

struct SheetRead {
    pages: usize,
    text: String,
    codes: Vec<String>,
}

/// A PDF read back with poppler-utils (`pdfinfo`, `pdftotext`, `pdftoppm`) and `zbarimg`.
fn read_sheet(pdf: &std::path::Path) -> SheetRead {
    let run = |cmd: &str, args: &[&str]| {
        let out = std::process::Command::new(cmd)
            .args(args)
            .output()
            .unwrap_or_else(|e| {
                panic!("{cmd} is needed (apt-get install poppler-utils zbar-tools): {e}")
            });
        assert!(
            out.status.success(),
            "{cmd} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let p = pdf.to_str().unwrap();
    let info = run("pdfinfo", &[p]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo names the page count");
    let text = run("pdftotext", &["-layout", p, "-"]);
    let prefix = pdf.with_extension("render");
    run(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-png",
            "-singlefile",
            p,
            prefix.to_str().unwrap(),
        ],
    );
    let image = prefix.with_extension("png");
    let codes = vec![zbarimg(&image)];
    SheetRead { pages, text, codes }
}

fn now_iso() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[test]
fn two_of_seven_claims_reach_the_reference_verifiers_and_nothing_else_does() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    let f = |name: &str| dir.path().join(name);
    tessera(&home, &["init"], &[]).expect(0);
    let holder = tessera(&home, &["holder", "--json"], &[]).json();

    for (reference, key, alg) in [
        (Reference::Node, "jwk", "EdDSA"),
        (Reference::Python, "p256", "ES256"),
    ] {
        let jwk = if key == "jwk" {
            holder["jwk"].clone()
        } else {
            holder["p256"]["jwk"].clone()
        };
        let opts = json!({"holderJwk": jwk, "alg": alg, "seed": "42".repeat(32),
                          "iat": "2026-01-15T08:30:00Z", "exp": "2030-01-01T00:00:00Z"});
        let (code, issued, stderr) = reference.run(&["--issue", &opts.to_string()], None);
        assert_eq!(code, 0, "{stderr}");
        let sd_jwt = issued["sdJwt"].as_str().unwrap();
        let values = issued["claims"].clone();
        for c in CLAIMS {
            assert!(
                values.get(c).is_some(),
                "the reference made no {c}: {values}"
            );
        }
        let cred = f(&format!("issued-{key}.sd-jwt"));
        std::fs::write(&cred, sd_jwt).unwrap();
        let imported = tessera(&home, &["import", cred.to_str().unwrap(), "--json"], &[]);
        imported.expect(0);
        let id = imported.json()[0]["id"].as_str().unwrap().to_owned();

        // Present two of the seven claims, as a file and a QR code.
        let out = f(&format!("p-{key}.sd-jwt"));
        let png = f(&format!("p-{key}.png"));
        let pdf = f(&format!("p-{key}.pdf"));
        let r = tessera(
            &home,
            &[
                "present",
                &id,
                "--audience",
                AUD,
                "--nonce",
                NONCE,
                "--disclose",
                "family_name,ects",
                "--out",
                out.to_str().unwrap(),
                "--qr",
                png.to_str().unwrap(),
                "--sheet",
                pdf.to_str().unwrap(),
                "--json",
            ],
            &[],
        );
        r.expect(0);
        let made = r.json();
        assert_eq!(made["format"], "sd-jwt");
        assert_eq!(
            made["holderKey"],
            if key == "jwk" { "Ed25519" } else { "P-256" }
        );
        assert_eq!(made["qrCompact"], false, "{made}");
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(
            zbarimg(&png),
            text,
            "zbarimg reads the exact presentation from the QR code"
        );

        // The references accept it (file and decoded QR) with the right aud and nonce,
        // and refuse a wrong nonce.
        let now = now_iso();
        for r in [Reference::Node, Reference::Python] {
            let (ok, v) = r.verify(&text, AUD, NONCE, &now);
            assert!(ok, "{} refused Tessera's presentation: {v}", r.name());
            let (ok, _) = r.verify(&zbarimg(&png), AUD, NONCE, &now);
            assert!(ok, "{} refused the decoded QR", r.name());
            let (ok, _) = r.verify(&text, AUD, "another-nonce", &now);
            assert!(!ok, "{} accepted a wrong nonce", r.name());
        }

        // The five undisclosed values appear nowhere (decoded JWTs, disclosures, QR).
        let revealed: Vec<&Value> = ["family_name", "ects"]
            .iter()
            .map(|c| &values[*c])
            .collect();
        let withheld: Vec<&Value> = CLAIMS
            .iter()
            .filter(|c| **c != "family_name" && **c != "ects")
            .map(|c| &values[*c])
            .collect();
        assert_eq!(withheld.len(), 5);
        assert_privacy(&format!("CLI {key}"), &text, &revealed, &withheld);

        // The printable sheet: one page whose QR code (rendered by poppler, read by zbarimg)
        // is the presentation, and whose text names what is disclosed and nothing else.
        let sheet = read_sheet(&pdf);
        assert_eq!(sheet.pages, 1);
        assert_eq!(sheet.codes, vec![text.clone()]);
        assert!(sheet.text.contains(AUD), "{}", sheet.text);
        assert!(sheet.text.contains("family_name"), "{}", sheet.text);
        assert!(
            sheet.text.contains(values["family_name"].as_str().unwrap()),
            "{} not in {}",
            values["family_name"],
            sheet.text
        );
        for v in &withheld {
            let shown = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
            assert!(!sheet.text.contains(&shown), "{shown} is on the sheet");
        }

        // Tessera's own verifier: accepted; a wrong nonce is refused (exit 1); the QR too.
        let v = tessera(
            &home,
            &[
                "verify-presentation",
                out.to_str().unwrap(),
                "--audience",
                AUD,
                "--nonce",
                NONCE,
                "--json",
            ],
            &[],
        );
        v.expect(0);
        let report = v.json();
        assert_eq!(report["verdict"], "valid", "{report}");
        let disclosed = report["disclosed"].as_object().unwrap();
        for c in CLAIMS {
            let shown = disclosed.contains_key(c);
            assert_eq!(shown, c == "family_name" || c == "ects", "{c}: {report}");
        }
        let bad = tessera(
            &home,
            &[
                "verify-presentation",
                out.to_str().unwrap(),
                "--audience",
                AUD,
                "--nonce",
                "x",
                "--json",
            ],
            &[],
        );
        bad.expect(1);
        let nonce_check = bad.json()["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == "nonce")
            .cloned()
            .unwrap();
        assert_eq!(nonce_check["result"], "fail");
        tessera(
            &home,
            &[
                "verify-presentation",
                png.to_str().unwrap(),
                "--audience",
                AUD,
                "--nonce",
                NONCE,
            ],
            &[],
        )
        .expect(0);
    }

    // The share log shows both presentations, newest first, with what was revealed.
    let log = tessera(&home, &["shares", "--json"], &[]).json();
    let entries = log.as_array().unwrap();
    assert_eq!(entries.len(), 2, "{log}");
    for e in entries {
        assert_eq!(e["audience"], AUD);
        assert_eq!(e["nonce"], NONCE);
        let c = &e["credentials"][0];
        assert_eq!(c["revealed"], json!(["ects", "family_name"]), "{e}");
        assert_eq!(c["withheld"].as_array().unwrap().len(), 5, "{e}");
    }
    assert_eq!(entries[0]["holderKey"], "P-256");
    let first = entries[0]["id"].as_str().unwrap().to_owned();
    tessera(&home, &["shares", "--delete", &first], &[]).expect(0);
    tessera(&home, &["shares", "--delete", &first], &[]).expect(2);
    assert_eq!(
        tessera(&home, &["shares", "--json"], &[])
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // A path that is not there, and a nonce Tessera makes when none is given.
    let list = tessera(&home, &["list", "--json"], &[]).json();
    let id = list[0]["id"].as_str().unwrap().to_owned();
    let r = tessera(
        &home,
        &[
            "present",
            &id,
            "--audience",
            AUD,
            "--disclose",
            "shoe_size",
            "--out",
            f("x.sd-jwt").to_str().unwrap(),
        ],
        &[],
    );
    r.expect(2);
    assert!(r.stderr.contains("shoe_size"), "{}", r.stderr);
    assert!(!f("x.sd-jwt").exists());
    let r = tessera(
        &home,
        &[
            "present",
            &id,
            "--audience",
            AUD,
            "--out",
            f("y.sd-jwt").to_str().unwrap(),
        ],
        &[],
    );
    r.expect(0);
    assert!(r.stdout.contains("Nonce (made by Tessera"), "{}", r.stdout);
}

#[test]
fn data_integrity_credentials_are_shared_whole_and_large_ones_in_several_codes() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    let f = |name: &str| dir.path().join(name);
    tessera(&home, &["init"], &[]).expect(0);
    let holder = tessera(&home, &["holder", "--json"], &[]).json();
    let did = holder["did"].as_str().unwrap().to_owned();
    let mut ids = Vec::new();
    for n in 0..4u8 {
        let issuer = TestIssuer::from_seed(70 + n);
        let mut doc = issuer.fill(&tessera_testkit::read_fixture("ob3-microcredential.json"));
        doc["id"] = format!("urn:uuid:00000000-0000-4000-8000-0000000002{n:02x}").into();
        doc["credentialSubject"]["id"] = did.clone().into();
        let signed = issuer.sign(&doc);
        let path = f(&format!("di-{n}.json"));
        std::fs::write(&path, signed.to_string()).unwrap();
        let r = tessera(&home, &["import", path.to_str().unwrap(), "--json"], &[]);
        r.expect(0);
        ids.push(r.json()[0]["id"].as_str().unwrap().to_owned());
    }

    // Selective disclosure is not possible: exit 2, saying so; nothing written or logged.
    let r = tessera(
        &home,
        &[
            "present",
            &ids[0],
            "--audience",
            AUD,
            "--disclose",
            "name",
            "--out",
            f("no.json").to_str().unwrap(),
        ],
        &[],
    );
    r.expect(2);
    assert!(r.stderr.contains("whole"), "{}", r.stderr);
    assert!(!f("no.json").exists());
    assert_eq!(tessera(&home, &["shares", "--json"], &[]).json(), json!([]));

    // One credential whole in a VP: @digitalbazaar/vc accepts it with the right challenge
    // and domain; Tessera says everything is revealed.
    let vp = f("one.json");
    let r = tessera(
        &home,
        &[
            "present",
            &ids[0],
            "--audience",
            AUD,
            "--nonce",
            NONCE,
            "--out",
            vp.to_str().unwrap(),
        ],
        &[],
    );
    r.expect(0);
    assert!(
        r.stdout
            .contains("Everything in this credential is revealed"),
        "{}",
        r.stdout
    );
    let text = std::fs::read_to_string(&vp).unwrap();
    let now = now_iso();
    assert_eq!(vp_verify(&text, NONCE, AUD, &now)["verified"], true);
    assert_eq!(vp_verify(&text, "wrong", AUD, &now)["verified"], false);
    tessera(
        &home,
        &[
            "verify-presentation",
            vp.to_str().unwrap(),
            "--audience",
            AUD,
            "--nonce",
            NONCE,
        ],
        &[],
    )
    .expect(0);

    // Four credentials in one VP: too large for one code, so several PNGs (and one SVG
    // grid); both read back to a presentation Tessera and the reference accept.
    let big = f("four.json");
    let png = f("four.png");
    let mut args = vec!["present"];
    args.extend(ids.iter().map(String::as_str));
    let (o, q) = (
        big.to_str().unwrap().to_owned(),
        png.to_str().unwrap().to_owned(),
    );
    args.extend([
        "--audience",
        AUD,
        "--nonce",
        NONCE,
        "--out",
        &o,
        "--qr",
        &q,
        "--qr-level",
        "H",
        "--json",
    ]);
    let r = tessera(&home, &args, &[]);
    r.expect(0);
    let made = r.json();
    let images: Vec<String> = made["qr"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(made["qrCompact"], true);
    assert!(images.len() > 1, "{made}");
    assert!(images[0].ends_with("four-1.png"), "{images:?}");
    let text = std::fs::read_to_string(&big).unwrap();
    assert_eq!(vp_verify(&text, NONCE, AUD, &now)["verified"], true);
    let mut check = vec!["verify-presentation"];
    check.extend(images.iter().rev().map(String::as_str));
    check.extend(["--audience", AUD, "--nonce", NONCE, "--json"]);
    let v = tessera(&home, &check, &[]);
    v.expect(0);
    assert_eq!(v.json()["disclosed"].as_array().unwrap().len(), 4);
    // One code missing: exit 2 naming the missing part.
    let mut missing = vec!["verify-presentation"];
    missing.extend(images[1..].iter().map(String::as_str));
    let r = tessera(&home, &missing, &[]);
    r.expect(2);
    assert!(r.stderr.contains("part 1"), "{}", r.stderr);
    // The SVG grid.
    let svg = f("four.svg");
    let mut args = vec!["present"];
    args.extend(ids.iter().map(String::as_str));
    let s = svg.to_str().unwrap().to_owned();
    args.extend([
        "--audience",
        AUD,
        "--nonce",
        NONCE,
        "--out",
        &o,
        "--qr",
        &s,
        "--qr-level",
        "H",
    ]);
    tessera(&home, &args, &[]).expect(0);
    tessera(
        &home,
        &[
            "verify-presentation",
            &s,
            "--audience",
            AUD,
            "--nonce",
            NONCE,
        ],
        &[],
    )
    .expect(0);
    // Every presentation made is in the log.
    assert_eq!(
        tessera(&home, &["shares", "--json"], &[])
            .json()
            .as_array()
            .unwrap()
            .len(),
        3
    );
}
