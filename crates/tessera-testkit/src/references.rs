//! The reference implementations that check presentations, run at test time: the SD-JWT
//! libraries (`@sd-jwt/sd-jwt-vc` 0.19 through `tests/interop/present-sdjwt.mjs`, Python
//! `sd-jwt` 0.10.4 through `tests/interop/present_sdjwt.py`) and `@digitalbazaar/vc` for
//! Verifiable Presentations (`tests/interop/present-vp.mjs`). A missing reference fails
//! the test, saying how to install it.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use crate::interop;
use crate::present::TestKey;

pub const SETUP: &str = "run `bash .ci/setup` from the repository root (it installs tests/interop/node_modules with npm ci and creates the Python venv tests/interop/.venv with sd-jwt 0.10.4)";

fn hex(seed: u8) -> String {
    format!("{seed:02x}").repeat(32)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Reference {
    Node,
    Python,
}

impl Reference {
    pub fn name(self) -> &'static str {
        match self {
            Reference::Node => "@sd-jwt/sd-jwt-vc",
            Reference::Python => "python sd-jwt",
        }
    }

    pub fn command(self) -> Command {
        match self {
            Reference::Node => {
                let script = interop::node_script(
                    "present-sdjwt.mjs",
                    &["@sd-jwt/sd-jwt-vc", "@sd-jwt/crypto-nodejs"],
                );
                let mut c = Command::new("node");
                c.arg(script);
                c
            }
            Reference::Python => {
                let dir = interop::dir();
                let python = dir.join(".venv/bin/python");
                assert!(
                    python.is_file(),
                    "interop: the Python venv with sd-jwt is missing ({} not found): {SETUP}",
                    python.display()
                );
                let mut c = Command::new(python);
                c.arg(dir.join("present_sdjwt.py"));
                c
            }
        }
    }

    pub fn run(self, args: &[&str], stdin: Option<&str>) -> (i32, Value, String) {
        let mut child = self
            .command()
            .args(args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("interop: {} does not start ({e}): {SETUP}", self.name()));
        if let Some(text) = stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
        }
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let code = out.status.code().unwrap_or(-1);
        assert_ne!(code, 3, "interop: {stderr}\n{SETUP}");
        assert_ne!(code, 2, "interop: {} {args:?}: {stderr}", self.name());
        let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "interop: {} printed no JSON ({e}): {} {stderr}",
                self.name(),
                String::from_utf8_lossy(&out.stdout)
            )
        });
        (code, v, stderr)
    }

    /// An SD-JWT VC with the seven claims selectively disclosable, bound to `holder`.
    pub fn issue(self, holder: &TestKey, alg: &str, seed: u8, nested: bool) -> (String, Value) {
        let opts = json!({"holderJwk": holder.jwk(), "alg": alg, "seed": hex(seed),
                          "iat": "2026-01-15T08:30:00Z", "exp": "2030-01-01T00:00:00Z",
                          "nested": nested});
        let (code, v, stderr) = self.run(&["--issue", &opts.to_string()], None);
        assert_eq!(code, 0, "{} issuing {opts}: {stderr}", self.name());
        (
            v["sdJwt"].as_str().expect("sdJwt").to_owned(),
            v["claims"].clone(),
        )
    }

    /// The reference's verification of a presentation: (accepted, its answer).
    pub fn verify(self, text: &str, aud: &str, nonce: &str, now: &str) -> (bool, Value) {
        let mut args = vec!["--verify", "-", "--aud", aud, "--nonce", nonce];
        if self == Reference::Node {
            args.extend(["--now", now]);
        }
        let (code, v, stderr) = self.run(&args, Some(text));
        let verified = v["verified"] == true;
        assert_eq!(code, if verified { 0 } else { 1 }, "{v} {stderr}");
        (verified, v)
    }
}

pub const VC_PACKAGES: &[&str] = &[
    "@digitalbazaar/vc",
    "@digitalbazaar/data-integrity",
    "@digitalbazaar/eddsa-rdfc-2022-cryptosuite",
];

/// `@digitalbazaar/vc` `verify` of a VP with `challenge` and `domain`, validity judged at `now`.
pub fn vp_verify(text: &str, challenge: &str, domain: &str, now: &str) -> Value {
    let path = interop::node_script("present-vp.mjs", VC_PACKAGES);
    let mut child = Command::new("node")
        .arg(path)
        .args([
            "--verify",
            "-",
            "--challenge",
            challenge,
            "--domain",
            domain,
            "--now",
            now,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("interop: present-vp.mjs does not start ({e}): {SETUP}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "interop: present-vp.mjs exit {code}: {stderr}\n{SETUP}"
    );
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("interop: present-vp.mjs printed no JSON ({e}): {stderr}"));
    assert_eq!(code == 0, v["verified"] == true, "{v}");
    v
}
