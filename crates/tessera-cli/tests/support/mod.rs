//! Shared by the online and offline CLI suites: running `tessera`, and credentials of a
//! `did:web` issuer with status lists, all made by the reference libraries in
//! `tests/interop` (never by Tessera's own code).
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{json, Value};
use tessera_testkit::interop::node_json;

pub const PASS: &str = "Correct horse battery staple 42";
pub const SEED: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const PACKAGES: &[&str] = &[
    "@digitalbazaar/vc",
    "@digitalbazaar/vc-bitstring-status-list",
    "@sd-jwt/jwt-status-list",
];

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub what: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "{}: not JSON ({e}):\n{}\n{}",
                self.what, self.stdout, self.stderr
            )
        })
    }
    #[track_caller]
    pub fn expect(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "{}: exit {} (expected {code})\n--- stdout\n{}\n--- stderr\n{}",
            self.what, self.code, self.stdout, self.stderr
        );
        self
    }
}

/// `tessera ARGS` on the wallet in `home` (passphrase wallet), with extra environment.
pub fn tessera(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tessera"));
    cmd.args(args)
        .arg("--home")
        .arg(home)
        .env("DBUS_SESSION_BUS_ADDRESS", "disabled")
        .env_remove("TESSERA_CA_FILE")
        .env("TESSERA_PASSPHRASE", PASS)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("tessera runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        what: format!("tessera {}", args.join(" ")),
    }
}

/// The DID document of `did:web:HOST` for the test key, by the reference script.
pub fn did_document(host: &str) -> Value {
    node_json(
        "issue-di.mjs",
        PACKAGES,
        &["--did-document", host, "--seed", SEED],
    )
}

/// A Bitstring status list at `url` by the reference library, with `set` indices set, and
/// the entry pointing at `index`.
pub fn bitstring(host: &str, url: &str, purpose: &str, set: &[u64], index: u64) -> (Value, Value) {
    let out = node_json(
        "status-list.mjs",
        PACKAGES,
        &[
            &json!({"kind": "bitstring", "url": url, "statusPurpose": purpose, "set": set,
                  "seed": SEED, "issuer": format!("did:web:{host}"), "entryIndex": index,
                  "validFrom": "2026-01-01T00:00:00Z"})
            .to_string(),
        ],
    );
    (out["list"].clone(), out["entry"].clone())
}

/// The entry for `index` of the list at `url` (same shape as the reference's).
pub fn entry(url: &str, purpose: &str, index: u64) -> Value {
    json!({"id": format!("{url}#{index}"), "type": "BitstringStatusListEntry",
           "statusPurpose": purpose, "statusListIndex": index.to_string(),
           "statusListCredential": url})
}

/// An OB 3.0 credential of `did:web:HOST` (eddsa-rdfc-2022) with `status` entries.
/// (`status` `[]`: none).
pub fn credential(host: &str, status: Value, title: &str) -> Value {
    let mut opts = json!({"suite": "eddsa-rdfc-2022", "didWeb": host, "seed": SEED,
                          "title": title, "validFrom": "2026-01-01T00:00:00Z"});
    if status != json!([]) {
        opts["status"] = status;
    }
    node_json("issue-di.mjs", PACKAGES, &[&opts.to_string()])
}

pub fn status_check(detail: &Value) -> Value {
    detail["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "status")
        .unwrap_or_else(|| panic!("no status check: {detail:#}"))
        .clone()
}

pub fn check<'a>(detail: &'a Value, name: &str) -> &'a Value {
    detail["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no {name} check: {detail:#}"))
}
