//! `tessera import` of credentials freshly issued by the reference implementations in every
//! signature format: each is stored `valid` with its facts; a copy with one signed value
//! changed is refused with exit 1 and nothing is stored.
//!
//! Needs `bash .ci/setup` (tests/interop/node_modules and tests/interop/.venv); a missing
//! library fails the test.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;

const PASS: &str = "formats test passphrase";

fn interop() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/interop")
}

fn run(program: &Path, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(interop())
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}; run bash .ci/setup", program.display()));
    assert!(
        out.status.success(),
        "{} {args:?} failed (run bash .ci/setup): {}",
        program.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn node(args: &[&str]) -> String {
    run(Path::new("node"), args)
}

fn python(args: &[&str]) -> String {
    let py = interop().join(".venv/bin/python");
    assert!(
        py.exists(),
        "the Python sd-jwt reference is not installed: run bash .ci/setup"
    );
    run(&py, args)
}

fn tessera(home: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .arg("--home")
        .arg(home)
        .args(args)
        .env("TESSERA_PASSPHRASE", PASS)
        .env("DBUS_SESSION_BUS_ADDRESS", "disabled:")
        .env_remove("TESSERA_HOME")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Changes the title inside the signed part, keeping the original signature.
fn tamper(credential: &str, title: &str) -> String {
    let changed = format!("{title} (edited)");
    if credential.trim_start().starts_with('{') {
        return credential.replacen(title, &changed, 1);
    }
    // A JWT or SD-JWT: re-encode the issuer JWT's payload with the title changed.
    let (jwt, rest) = match credential.find('~') {
        Some(i) => credential.split_at(i),
        None => (credential, ""),
    };
    let parts: Vec<&str> = jwt.split('.').collect();
    let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    assert!(
        payload.contains(title),
        "the title is in the signed payload"
    );
    let payload = URL_SAFE_NO_PAD.encode(payload.replacen(title, &changed, 1));
    format!("{}.{}.{}{}", parts[0], payload, parts[2], rest)
}

#[test]
fn every_format_from_its_reference_imports_valid_and_a_change_is_refused() {
    let seed = "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c";
    let sd = |out: String| -> String {
        let v: Value = serde_json::from_str(&out).unwrap();
        v["sdJwt"].as_str().unwrap().to_owned()
    };
    // (library, expected format, title, credential)
    let cases: Vec<(&str, &str, &str, String)> = vec![
        (
            "@digitalbazaar/vc eddsa-rdfc-2022",
            "ob3-di",
            "Rdfc Badge",
            node(&[
                "issue-di.mjs",
                "--suite",
                "eddsa-rdfc-2022",
                "--title",
                "Rdfc Badge",
                "--seed",
                seed,
            ]),
        ),
        (
            "@digitalbazaar/vc eddsa-jcs-2022",
            "ob3-di",
            "Jcs Badge",
            node(&[
                "issue-di.mjs",
                "--suite",
                "eddsa-jcs-2022",
                "--title",
                "Jcs Badge",
                "--seed",
                seed,
            ]),
        ),
        (
            "@digitalbazaar/vc ecdsa-rdfc-2019",
            "ob3-di",
            "Ecdsa Badge",
            node(&[
                "issue-di.mjs",
                "--suite",
                "ecdsa-rdfc-2019",
                "--title",
                "Ecdsa Badge",
                "--seed",
                seed,
            ]),
        ),
        (
            "@digitalbazaar/vc Ed25519Signature2020",
            "ob3-di",
            "Legacy Badge",
            node(&[
                "issue-di.mjs",
                "--suite",
                "Ed25519Signature2020",
                "--vc",
                "1.1",
                "--title",
                "Legacy Badge",
                "--seed",
                seed,
            ]),
        ),
        (
            "jose EdDSA",
            "vc-jwt",
            "Jwt EdDSA Badge",
            node(&[
                "issue-jwt.mjs",
                "--alg",
                "EdDSA",
                "--title",
                "Jwt EdDSA Badge",
                "--seed",
                seed,
            ]),
        ),
        (
            "jose ES256",
            "vc-jwt",
            "Jwt ES256 Badge",
            node(&[
                "issue-jwt.mjs",
                "--alg",
                "ES256",
                "--shape",
                "vc11",
                "--title",
                "Jwt ES256 Badge",
                "--seed",
                seed,
            ]),
        ),
        (
            "jose RS256",
            "vc-jwt",
            "Jwt RS256 Badge",
            node(&[
                "issue-jwt.mjs",
                "--alg",
                "RS256",
                "--key",
                "kid-didjwk",
                "--title",
                "Jwt RS256 Badge",
            ]),
        ),
        (
            "@sd-jwt/sd-jwt-vc EdDSA",
            "sd-jwt-vc",
            "Sd EdDSA Badge",
            sd(node(&[
                "issue-sdjwt.mjs",
                "--alg",
                "EdDSA",
                "--title",
                "Sd EdDSA Badge",
                "--seed",
                seed,
            ])),
        ),
        (
            "@sd-jwt/sd-jwt-vc ES256",
            "sd-jwt-vc",
            "Sd ES256 Badge",
            sd(node(&[
                "issue-sdjwt.mjs",
                "--alg",
                "ES256",
                "--title",
                "Sd ES256 Badge",
                "--seed",
                seed,
            ])),
        ),
        (
            "python sd-jwt ES256",
            "sd-jwt",
            "Py Sd Badge",
            sd(python(&[
                "issue_sdjwt.py",
                "--title",
                "Py Sd Badge",
                "--seed",
                seed,
            ])),
        ),
    ];

    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    assert_eq!(tessera(&home, &["init"]).0, 0);
    for (i, (library, format, title, credential)) in cases.iter().enumerate() {
        let file = dir.path().join(format!("c{i}.txt"));
        std::fs::write(&file, credential).unwrap();
        let (code, _, err) = tessera(&home, &["import", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{library}: {err}");

        let bad = dir.path().join(format!("c{i}-tampered.txt"));
        std::fs::write(&bad, tamper(credential, title)).unwrap();
        let (code, _, err) = tessera(&home, &["import", bad.to_str().unwrap()]);
        assert_eq!(
            code, 1,
            "{library}: a changed signed value must be refused: {err}"
        );
        assert!(err.contains("refused"), "{library}: {err}");

        let (_, out, _) = tessera(&home, &["list", "--json"]);
        let list: Vec<Value> = serde_json::from_str(&out).unwrap();
        assert_eq!(
            list.len(),
            i + 1,
            "{library}: the tampered copy was not stored"
        );
        let card = list
            .iter()
            .find(|c| c["title"] == *title)
            .unwrap_or_else(|| panic!("{library}: {title} not in the list: {out}"));
        assert_eq!(card["verdict"], "valid", "{library}");
        assert_eq!(card["format"], *format, "{library}");
        assert!(
            card["issuer"].as_str().unwrap().starts_with("did:"),
            "{library}"
        );
    }
    eprintln!("interop: formats imported through the CLI: {}", cases.len());
}
