//! The real `tessera` binary against the contract in shared/design/cli.md: exit codes,
//! messages, JSON keys, and what is (not) written to the wallet folder.
//!
//! Every run gets `--home <tempdir>`, `TESSERA_PASSPHRASE`, no standard input (no terminal)
//! and `DBUS_SESSION_BUS_ADDRESS=disabled`, so no OS keyring is ever used.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;
use chrono::{Duration, SecondsFormat, Utc};
use serde_json::Value;
use tempfile::TempDir;
use tessera_testkit::{hash_tree, read_fixture, TestIssuer};

const PASS: &str = "Correct horse battery staple 42";
const TEMPLATE: &str = "ob3-microcredential.json";

/// The keys of `list --json` that cli.md promises.
const LIST_KEYS: &[&str] = &[
    "id",
    "title",
    "issuer",
    "issuerName",
    "issued",
    "format",
    "achievementId",
    "credits",
    "creditUnit",
    "eqfLevel",
    "skills",
    "expires",
    "verdict",
    "status",
];

/// The EU critical-information keys of `show --json`.
const CRITICAL_KEYS: &[&str] = &[
    "learner",
    "title",
    "country",
    "awardingBody",
    "issued",
    "learningOutcomes",
    "workload",
    "level",
    "assessment",
    "participation",
    "qualityAssurance",
];

// ------------------------------------------------------------------ running the binary

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    what: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "{}: stdout is not one JSON document ({e}):\n{}",
                self.what, self.stdout
            )
        })
    }

    #[track_caller]
    fn expect(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "{}: exit {} (expected {code})\n--- stdout\n{}\n--- stderr\n{}",
            self.what, self.code, self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    fn says(&self, needle: &str) -> &Self {
        let all = format!("{}\n{}", self.stdout, self.stderr).to_lowercase();
        assert!(
            all.contains(&needle.to_lowercase()),
            "{}: output does not mention {needle:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.what,
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Runs `tessera ARGS` with the test environment; `passphrase: None` unsets it.
fn tessera(args: &[&str], passphrase: Option<&str>, stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tessera"));
    cmd.args(args)
        .env("DBUS_SESSION_BUS_ADDRESS", "disabled")
        .env_remove("TESSERA_HOME")
        .env_remove("TESSERA_CA_FILE")
        .env_remove("TESSERA_PASSPHRASE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    if let Some(p) = passphrase {
        cmd.env("TESSERA_PASSPHRASE", p);
    }
    let mut child = cmd.spawn().expect("the tessera binary starts");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(bytes).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out
            .status
            .code()
            .expect("tessera exited normally, not by a signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        what: format!("tessera {}", args.join(" ")),
    }
}

/// A wallet folder (made with `init`) plus a folder for credential files.
struct Wallet {
    home: TempDir,
    files: TempDir,
}

impl Wallet {
    fn new() -> Wallet {
        let w = Wallet::empty();
        w.run(&["init"]).expect(0);
        w
    }

    fn empty() -> Wallet {
        Wallet {
            home: tempfile::tempdir().unwrap(),
            files: tempfile::tempdir().unwrap(),
        }
    }

    fn home(&self) -> &str {
        self.home.path().to_str().unwrap()
    }

    /// `tessera ARGS --home HOME` with the right passphrase.
    fn run(&self, args: &[&str]) -> Run {
        self.run_as(args, Some(PASS))
    }

    fn run_as(&self, args: &[&str], passphrase: Option<&str>) -> Run {
        let mut all = args.to_vec();
        all.extend(["--home", self.home()]);
        tessera(&all, passphrase, None)
    }

    fn run_stdin(&self, args: &[&str], stdin: &[u8]) -> Run {
        let mut all = args.to_vec();
        all.extend(["--home", self.home()]);
        tessera(&all, Some(PASS), Some(stdin))
    }

    /// Writes `bytes` to a new file outside the wallet folder; returns its path.
    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let p = self.files.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_owned()
    }

    fn list(&self) -> Vec<Value> {
        let r = self.run(&["list", "--json"]);
        r.expect(0);
        r.json()
            .as_array()
            .expect("list --json is an array")
            .clone()
    }

    fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .list()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    }

    fn hashes(&self) -> BTreeMap<PathBuf, String> {
        hash_tree(self.home.path())
    }
}

// ------------------------------------------------------------------ credentials

fn xsd(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn unique_id() -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "urn:uuid:7e55a000-0000-4000-8000-{:06x}{:06x}",
        std::process::id() & 0xff_ffff,
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// The micro-credential template filled for `seed`'s issuer, with its own credential id and a
/// validity window around today (so the test does not expire with the fixture's dates).
fn template(seed: u8) -> (TestIssuer, Value) {
    let issuer = TestIssuer::from_seed(seed);
    let mut doc = issuer.fill(&read_fixture(TEMPLATE));
    doc["id"] = unique_id().into();
    doc["validFrom"] = xsd(Utc::now() - Duration::days(30)).into();
    doc["validUntil"] = xsd(Utc::now() + Duration::days(5 * 365)).into();
    (issuer, doc)
}

fn issue(seed: u8) -> Value {
    let (issuer, doc) = template(seed);
    issuer.sign(&doc)
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

/// The pretty-printed credential with exactly one byte changed in a signed value.
fn one_byte_tampered(signed: &Value) -> String {
    let text = pretty(signed);
    let tampered = text.replacen("cleaning and presenting", "cleaning and presentinG", 1);
    assert_eq!(text.len(), tampered.len());
    assert_eq!(
        text.bytes()
            .zip(tampered.bytes())
            .filter(|(a, b)| a != b)
            .count(),
        1
    );
    tampered
}

/// Every object's keys in reverse order, recursively.
fn reverse_keys(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .rev()
                .map(|(k, x)| (k.clone(), reverse_keys(x)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(reverse_keys).collect()),
        other => other.clone(),
    }
}

fn wallet_id_in(text: &str) -> String {
    text.split_whitespace()
        .find(|w| w.starts_with("c_"))
        .unwrap_or_else(|| panic!("no wallet id in {text:?}"))
        .to_owned()
}

fn by_id<'a>(list: &'a [Value], id: &str) -> &'a Value {
    list.iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in {list:#?}"))
}

// ------------------------------------------------------------------ tests

#[test]
fn init_creates_the_wallet_once_and_a_second_init_changes_nothing() {
    let w = Wallet::empty();
    let r = w.run(&["init"]);
    r.expect(0).says("did:key:z6Mk");
    let before = w.hashes();
    for f in ["wallet.json", "key.json", "wallet.db"] {
        assert!(
            before.contains_key(Path::new(f)),
            "init made no {f}: {before:?}"
        );
    }
    let meta: Value =
        serde_json::from_slice(&std::fs::read(w.home.path().join("wallet.json")).unwrap()).unwrap();
    assert_eq!(meta["keySource"], "passphrase");

    w.run(&["init"]).expect(2).says("already exists");
    // Another passphrase must not matter either.
    w.run_as(&["init"], Some("something else"))
        .expect(2)
        .says("already exists");
    assert_eq!(
        w.hashes(),
        before,
        "a second init changed the wallet folder"
    );
    // The wallet still opens with its own passphrase.
    assert!(w.list().is_empty());
}

#[test]
fn init_without_passphrase_keyring_or_terminal_exits_2_and_says_why() {
    let parent = tempfile::tempdir().unwrap();
    let home = parent.path().join("wallet");
    let home_s = home.to_str().unwrap();
    let r = tessera(&["init", "--home", home_s], None, None);
    r.expect(2)
        .says("keyring")
        .says("TESSERA_PASSPHRASE")
        .says("terminal");
    let left = if home.exists() {
        hash_tree(&home)
    } else {
        BTreeMap::new()
    };
    assert!(
        left.is_empty(),
        "a refused init left files behind: {left:?}"
    );
    // And nothing that looks like a wallet was made beside it either.
    assert!(tessera(&["list", "--home", home_s], Some(PASS), None).code == 2);
}

#[test]
fn holder_prints_the_public_key_and_nothing_private() {
    let w = Wallet::new();
    let h = w.run(&["holder", "--json"]);
    h.expect(0);
    let v = h.json();
    let did = v["did"].as_str().unwrap();
    assert!(did.starts_with("did:key:z6Mk"), "{did}");
    let jwk = v["jwk"].as_object().unwrap();
    assert_eq!(jwk["kty"], "OKP");
    assert_eq!(jwk["crv"], "Ed25519");
    assert!(
        !jwk.contains_key("d"),
        "the holder JWK carries private material: {v}"
    );
    fn no_d(v: &Value) -> bool {
        match v {
            Value::Object(o) => !o.contains_key("d") && o.values().all(no_d),
            Value::Array(a) => a.iter().all(no_d),
            _ => true,
        }
    }
    assert!(no_d(&v), "private key member \"d\" somewhere in {v}");
    // x is the same key as the did:key.
    let x = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(jwk["x"].as_str().unwrap())
        .unwrap();
    let from_did = tessera_core::did::resolve_did_key(did).unwrap();
    assert_eq!(x, from_did.as_bytes().to_vec());
    // The P-256 key (for ES256-only verifiers): its did:key resolves to its JWK.
    let p = &v["p256"];
    let pdid = p["did"].as_str().unwrap();
    assert!(pdid.starts_with("did:key:zDn"), "{pdid}");
    assert_eq!(p["jwk"]["kty"], "EC");
    assert_eq!(p["jwk"]["crv"], "P-256");
    let resolved = tessera_core::did::resolve_offline(pdid).unwrap();
    assert_eq!(resolved.to_jwk(), p["jwk"]);
    // Stable across opens.
    assert_eq!(w.run(&["holder", "--json"]).json()["p256"], v["p256"]);
    // Plain output is the DID; it is stable across runs.
    let plain = w.run(&["holder"]);
    plain.expect(0);
    assert_eq!(plain.stdout.trim(), did);
}

#[test]
fn import_list_and_show_follow_the_json_contract() {
    let w = Wallet::new();
    let (issuer, doc) = template(21);
    let signed = issuer.sign(&doc);
    let file = w.file("badge.json", pretty(&signed));

    let r = w.run(&["import", &file]);
    r.expect(0).says("valid").says("Data Literacy Foundations");
    let id = wallet_id_in(&r.stdout);

    let list = w.list();
    assert_eq!(list.len(), 1);
    let c = &list[0];
    for k in LIST_KEYS {
        assert!(c.get(*k).is_some(), "list --json lacks {k}: {c:#}");
    }
    let expect = [
        ("id", Value::from(id.clone())),
        ("title", "Data Literacy Foundations".into()),
        ("issuer", issuer.did.clone().into()),
        ("issuerName", "Hochschule Musterstadt".into()),
        ("issued", doc["validFrom"].clone()),
        ("format", "ob3-di".into()),
        (
            "achievementId",
            "https://www.hs-musterstadt.example/achievements/data-literacy-foundations".into(),
        ),
        ("credits", 5.0.into()),
        ("creditUnit", "ECTS".into()),
        ("eqfLevel", 6.into()),
        (
            "skills",
            serde_json::json!([
                "http://data.europa.eu/esco/skill/2b88d6a5-a5f1-4b0a-9d24-4d1e2c7e4b1e",
                "http://data.europa.eu/esco/skill/6a3bf0a2-6d8b-4b55-bb76-bc2b8b6a4c31"
            ]),
        ),
        ("expires", doc["validUntil"].clone()),
        ("verdict", "valid".into()),
        ("status", "active".into()),
    ];
    for (k, v) in &expect {
        assert_eq!(&c[*k], v, "list --json {k}");
    }
    let issued = chrono::DateTime::parse_from_rfc3339(c["issued"].as_str().unwrap());
    assert!(issued.is_ok(), "issued is not RFC 3339: {}", c["issued"]);

    let s = w.run(&["show", &id, "--json"]);
    s.expect(0);
    let d = s.json();
    for (k, v) in &expect {
        assert_eq!(&d[*k], v, "show --json {k}");
    }
    let checks = d["checks"].as_array().unwrap();
    for c in checks {
        for k in ["check", "result", "detail", "checkedAt"] {
            assert!(c.get(k).is_some(), "check without {k}: {c}");
        }
        assert!(
            ["pass", "fail", "warn", "unknown"].contains(&c["result"].as_str().unwrap()),
            "{c}"
        );
        assert!(!c["detail"].as_str().unwrap().is_empty(), "{c}");
        assert!(
            chrono::DateTime::parse_from_rfc3339(c["checkedAt"].as_str().unwrap()).is_ok(),
            "{c}"
        );
    }
    let result_of = |name: &str| {
        checks
            .iter()
            .find(|c| c["check"] == name)
            .unwrap_or_else(|| panic!("no {name} check in {checks:#?}"))["result"]
            .clone()
    };
    assert_eq!(result_of("signature"), "pass");
    assert_eq!(result_of("issuer-key"), "pass");
    assert_eq!(result_of("validity"), "pass");

    let critical = d["critical"].as_object().unwrap();
    for k in CRITICAL_KEYS {
        let e = critical
            .get(*k)
            .unwrap_or_else(|| panic!("critical lacks {k}: {critical:#?}"));
        assert!(e["present"].is_boolean(), "critical.{k}: {e}");
        assert!(e.get("value").is_some(), "critical.{k} has no value: {e}");
    }
    let present = |k: &str| critical[k]["present"].as_bool().unwrap();
    for k in [
        "learner",
        "title",
        "country",
        "awardingBody",
        "issued",
        "learningOutcomes",
        "workload",
        "level",
    ] {
        assert!(
            present(k),
            "critical.{k} should be present: {}",
            critical[k]
        );
    }
    for k in ["assessment", "participation", "qualityAssurance"] {
        assert!(
            !present(k),
            "critical.{k} should be missing: {}",
            critical[k]
        );
        assert!(
            critical[k]["value"].is_null(),
            "critical.{k}: {}",
            critical[k]
        );
    }
    assert_eq!(critical["country"]["value"], "DE");
    assert_eq!(critical["level"]["value"]["eqf"], 6);

    // Human output of show names the credential and its verdict.
    w.run(&["show", &id])
        .expect(0)
        .says("Data Literacy Foundations")
        .says("valid");
}

#[test]
fn global_flags_work_before_and_after_the_subcommand() {
    let w = Wallet::new();
    let file = w.file("a.json", pretty(&issue(22)));
    w.run(&["import", &file]).expect(0);
    let home = w.home();
    let variants: [&[&str]; 5] = [
        &["--json", "list", "--home", home],
        &["list", "--json", "--home", home],
        &["--home", home, "--json", "list"],
        &["--home", home, "list", "--json"],
        &["list", "--home", home, "--json"],
    ];
    let mut outputs = Vec::new();
    for args in variants {
        let r = tessera(args, Some(PASS), None);
        r.expect(0);
        outputs.push(r.json());
    }
    assert_eq!(outputs[0].as_array().unwrap().len(), 1);
    for o in &outputs {
        assert_eq!(o, &outputs[0]);
    }
    // TESSERA_HOME stands in for --home.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tessera"));
    let out = cmd
        .args(["list", "--json"])
        .env("TESSERA_HOME", home)
        .env("TESSERA_PASSPHRASE", PASS)
        .env("DBUS_SESSION_BUS_ADDRESS", "disabled")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        outputs[0]
    );
}

#[test]
fn a_tampered_copy_is_refused_unless_kept_as_invalid() {
    let w = Wallet::new();
    let a = issue(23);
    let file_a = w.file("a.json", pretty(&a));
    w.run(&["import", &file_a]).expect(0);
    let before = w.ids();

    // A one-byte change to the credential already held.
    let bad_a = w.file("a-tampered.json", one_byte_tampered(&a));
    w.run(&["import", &bad_a])
        .expect(1)
        .says("refused")
        .says("nothing stored");
    assert_eq!(w.ids(), before);

    // A one-byte change to a credential not held yet.
    let b = issue(24);
    let bad_b = w.file("b-tampered.json", one_byte_tampered(&b));
    let r = w.run(&["import", &bad_b]);
    r.expect(1).says("refused");
    assert_eq!(w.ids(), before, "a refused import stored something");

    let r = w.run(&["import", "--keep-invalid", &bad_b]);
    r.expect(1).says("invalid");
    let list = w.list();
    assert_eq!(list.len(), 2, "--keep-invalid did not store it: {list:#?}");
    let kept = list
        .iter()
        .find(|c| !before.contains(&c["id"].as_str().unwrap().to_owned()))
        .unwrap();
    assert_eq!(kept["verdict"], "invalid");
    assert_eq!(kept["issuer"], TestIssuer::from_seed(24).did);
    let held = by_id(&list, &before[0]);
    assert_eq!(held["verdict"], "valid");
    // show of the kept one names the failed signature check.
    let d = w.run(&["show", kept["id"].as_str().unwrap(), "--json"]);
    d.expect(0);
    let sig = d.json()["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "signature")
        .cloned()
        .unwrap();
    assert_eq!(sig["result"], "fail");
}

#[test]
fn re_importing_a_held_credential_stores_nothing_new_and_says_so() {
    let w = Wallet::new();
    let signed = issue(25);
    let file = w.file("a.json", pretty(&signed));
    let first = w.run(&["import", &file]);
    first.expect(0);
    let id = wallet_id_in(&first.stdout);

    let compact_reversed = serde_json::to_string(&reverse_keys(&signed)).unwrap();
    let tabbed = pretty(&signed).replace("  ", "\t").replace('\n', "\r\n");
    let copies = [
        ("the same file", file.clone()),
        ("compact, keys reversed", w.file("b.json", compact_reversed)),
        ("tabs and CRLF", w.file("c.json", tabbed)),
    ];
    for (what, path) in &copies {
        let r = w.run(&["import", path]);
        r.expect(0).says("already in the wallet");
        assert_eq!(wallet_id_in(&r.stdout), id, "{what}: another wallet id");
        assert_eq!(w.ids(), vec![id.clone()], "{what}: stored a second copy");
    }
    // The JSON report says the same.
    let r = w.run(&["import", "--json", &copies[1].1]);
    r.expect(0);
    let report = r.json();
    assert_eq!(report[0]["stored"], false);
    assert_eq!(report[0]["duplicate"], true);
    assert_eq!(report[0]["id"], id.as_str());
}

#[test]
fn several_files_in_one_import_are_handled_each_on_its_own() {
    let w = Wallet::new();
    let valid = w.file("valid.json", pretty(&issue(26)));
    let other = issue(27);
    let tampered = w.file("tampered.json", one_byte_tampered(&other));
    let garbage = w.file("garbage.json", "{ this is not JSON");
    let missing = w
        .files
        .path()
        .join("no-such-file.json")
        .to_str()
        .unwrap()
        .to_owned();

    // valid + tampered + garbage: the highest code (2); the valid one is stored anyway.
    let r = w.run(&["import", &valid, &tampered, &garbage]);
    r.expect(2)
        .says("tampered.json")
        .says("garbage.json")
        .says("valid");
    let list = w.list();
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0]["issuer"], TestIssuer::from_seed(26).did);

    // Order does not matter, and the JSON report has one entry per file.
    let fresh = w.file("fresh.json", pretty(&issue(28)));
    let r = w.run(&["import", "--json", &garbage, &tampered, &fresh, &missing]);
    r.expect(2);
    let report = r.json();
    let report = report.as_array().unwrap();
    assert_eq!(report.len(), 4);
    assert_eq!(report[0]["stored"], false);
    assert!(
        report[0]["error"].as_str().unwrap().contains("JSON"),
        "{}",
        report[0]
    );
    assert_eq!(report[1]["stored"], false);
    assert_eq!(report[1]["verdict"], "invalid");
    assert_eq!(report[2]["stored"], true);
    assert_eq!(report[2]["verdict"], "valid");
    assert_eq!(report[3]["stored"], false);
    assert!(report[3]["error"].as_str().is_some(), "{}", report[3]);
    assert_eq!(w.list().len(), 2);

    // valid + tampered: 1.
    let more = w.file("more.json", pretty(&issue(29)));
    w.run(&["import", &more, &tampered]).expect(1);
    assert_eq!(w.list().len(), 3);
}

#[test]
fn import_dash_reads_standard_input() {
    let w = Wallet::new();
    let signed = issue(30);
    let r = w.run_stdin(&["import", "-"], pretty(&signed).as_bytes());
    r.expect(0).says("valid");
    let list = w.list();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["issuer"], TestIssuer::from_seed(30).did);
    // Garbage on stdin is exit 2 and stores nothing.
    w.run_stdin(&["import", "-"], b"not a credential").expect(2);
    assert_eq!(w.list().len(), 1);
}

#[test]
fn verify_judges_dates_and_signatures_and_verify_file_stores_nothing() {
    let w = Wallet::new();
    let day = |d: i64| xsd(Utc::now() + Duration::days(d));

    // Expired: imported (exit 0) and flagged; verify ID is 1.
    let (issuer, mut doc) = template(31);
    doc["validFrom"] = "2020-01-01T00:00:00Z".into();
    doc["validUntil"] = "2021-01-01T00:00:00Z".into();
    let expired = w.file("expired.json", pretty(&issuer.sign(&doc)));
    let r = w.run(&["import", &expired]);
    r.expect(0).says("expired");
    let id = wallet_id_in(&r.stdout);
    let c = by_id(&w.list(), &id).clone();
    assert_eq!(c["status"], "expired");
    assert_eq!(c["verdict"], "valid");
    assert_eq!(c["expires"], "2021-01-01T00:00:00Z");
    let v = w.run(&["verify", &id, "--json"]);
    v.expect(1);
    assert_eq!(v.json()["status"], "expired");
    assert_eq!(v.json()["verdict"], "valid");
    w.run(&["verify", &id]).expect(1).says("expired");
    let held = w.ids();

    // FILE cases, none of which is stored.
    let (issuer, mut not_yet) = template(32);
    not_yet["validFrom"] = day(30).into();
    let not_yet = issuer.sign(&not_yet);
    let (_, unsigned) = template(33);
    let valid = issue(34);
    let cases: Vec<(&str, String, i32, &str, &str)> = vec![
        ("valid", pretty(&valid), 0, "valid", "active"),
        (
            "expired",
            std::fs::read_to_string(&expired).unwrap(),
            1,
            "valid",
            "expired",
        ),
        (
            "not yet valid",
            pretty(&not_yet),
            1,
            "valid",
            "not-yet-valid",
        ),
        (
            "tampered",
            one_byte_tampered(&valid),
            1,
            "invalid",
            "active",
        ),
        ("unsigned", pretty(&unsigned), 2, "unsigned", "active"),
    ];
    for (what, text, code, verdict, status) in cases {
        let path = w.file(&format!("{}.json", what.replace(' ', "-")), &text);
        let r = w.run(&["verify", &path, "--json"]);
        r.expect(code);
        let d = r.json();
        assert_eq!(d["verdict"], verdict, "{what}");
        assert_eq!(d["status"], status, "{what}");
        assert!(
            d["checks"].as_array().is_some_and(|c| !c.is_empty()),
            "{what}"
        );
        assert!(d["critical"].is_object(), "{what}");
        w.run(&["verify", &path]).expect(code);
    }
    assert_eq!(w.ids(), held, "verify FILE stored something");

    // An unsigned credential can be imported (stored, flagged); verifying it is still 2.
    let path = w.file("unsigned-import.json", pretty(&unsigned));
    let r = w.run(&["import", &path]);
    r.expect(0).says("unsigned");
    let uid = wallet_id_in(&r.stdout);
    assert_eq!(by_id(&w.list(), &uid)["verdict"], "unsigned");
    w.run(&["verify", &uid]).expect(2);
    // An unknown id or path to verify is 2.
    w.run(&["verify", "c_0000000000000000"]).expect(2);
}

#[test]
fn delete_removes_a_credential_and_unknown_ids_are_exit_2() {
    let w = Wallet::new();
    let a = w.file("a.json", pretty(&issue(35)));
    let b = w.file("b.json", pretty(&issue(36)));
    let id_a = wallet_id_in(&w.run(&["import", &a]).expect(0).stdout);
    let id_b = wallet_id_in(&w.run(&["import", &b]).expect(0).stdout);
    w.run(&["delete", &id_a]).expect(0);
    assert_eq!(w.ids(), vec![id_b.clone()]);
    w.run(&["show", &id_a]).expect(2).says(&id_a);
    w.run(&["show", &id_b]).expect(0);
    w.run(&["delete", &id_a]).expect(2).says(&id_a);
    w.run(&["delete", "c_ffffffffffffffff"])
        .expect(2)
        .says("no credential");
    assert_eq!(w.ids(), vec![id_b]);
    // Once deleted, the same credential can be imported again.
    w.run(&["import", &a]).expect(0);
    assert_eq!(w.list().len(), 2);
}

#[test]
fn a_wrong_passphrase_is_exit_2_and_changes_no_file() {
    let w = Wallet::new();
    let a = w.file("a.json", pretty(&issue(37)));
    let b = w.file("b.json", pretty(&issue(38)));
    w.run(&["import", &a]).expect(0);
    let id = w.list()[0]["id"].as_str().unwrap().to_owned();
    let before = w.hashes();
    assert!(before.contains_key(Path::new("wallet.db")));
    assert!(before.contains_key(Path::new("key.json")));
    assert!(before.contains_key(Path::new("wallet.json")));

    let attempts: [&[&str]; 6] = [
        &["list"],
        &["list", "--json"],
        &["import", &b],
        &["holder", "--json"],
        &["show", &id],
        &["delete", &id],
    ];
    for args in attempts {
        let r = w.run_as(args, Some("wrong"));
        r.expect(2).says("wrong passphrase");
        assert!(
            r.stdout.trim().is_empty(),
            "{}: printed {}",
            r.what,
            r.stdout
        );
        assert_eq!(
            w.hashes(),
            before,
            "{}: a file in the wallet folder changed",
            r.what
        );
    }
    // No passphrase at all and no terminal: exit 2, saying how to give one.
    let r = w.run_as(&["list"], None);
    r.expect(2).says("TESSERA_PASSPHRASE");
    assert_eq!(w.hashes(), before);
    // An empty passphrase is just another wrong one.
    w.run_as(&["list"], Some("")).expect(2);
    assert_eq!(w.hashes(), before);

    // The right one still works and the credential is there.
    assert_eq!(w.ids(), vec![id]);
}

#[test]
fn unreadable_or_unsupported_input_is_exit_2_naming_the_problem() {
    let w = Wallet::new();
    let held = w.file("held.json", pretty(&issue(39)));
    w.run(&["import", &held]).expect(0);
    let before = w.ids();

    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0u8..=255).rev());
    let jwt =
        "eyJhbGciOiJFZERTQSIsInR5cCI6InZjK2p3dCJ9.eyJpc3MiOiJkaWQ6a2V5OnoifQ.c2lnbmF0dXJlLWJ5dGVz";
    let (_, mut unknown_ctx) = template(40);
    unknown_ctx["@context"]
        .as_array_mut()
        .unwrap()
        .push("https://contexts.example.org/unknown/v1.jsonld".into());
    let (_, mut no_vc) = template(41);
    no_vc["type"] = serde_json::json!(["OpenBadgeCredential"]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("image.png", png, "PNG image"),
        ("token.jwt", jwt.as_bytes().to_vec(), "JWT"),
        (
            "list.json",
            pretty(&serde_json::json!([issue(42)])).into_bytes(),
            "list",
        ),
        (
            "context.json",
            pretty(&unknown_ctx).into_bytes(),
            "https://contexts.example.org/unknown/v1.jsonld",
        ),
        (
            "broken.json",
            b"{\"@context\": [".to_vec(),
            "not valid JSON",
        ),
        ("empty.json", Vec::new(), "empty"),
        (
            "not-a-vc.json",
            pretty(&no_vc).into_bytes(),
            "VerifiableCredential",
        ),
        (
            "text.txt",
            "Hello, I am a badge \u{1F600}".as_bytes().to_vec(),
            "neither JSON nor a JWT",
        ),
    ];
    for (name, bytes, reason) in cases {
        let path = w.file(name, &bytes);
        let r = w.run(&["import", &path]);
        r.expect(2).says(name).says(reason);
        let r = w.run(&["verify", &path]);
        r.expect(2).says(reason);
        assert_eq!(w.ids(), before, "{name}: something was stored");
    }
    // A file that does not exist.
    let gone = w.files.path().join("gone.json");
    w.run(&["import", gone.to_str().unwrap()])
        .expect(2)
        .says("gone.json");
    assert_eq!(w.ids(), before);
}

#[test]
fn commands_on_a_folder_without_a_wallet_say_so() {
    let w = Wallet::empty();
    for args in [&["list"][..], &["holder"], &["show", "c_0000000000000000"]] {
        w.run(args).expect(2).says("no wallet").says("tessera init");
    }
    assert!(
        hash_tree(w.home.path()).is_empty(),
        "a command without a wallet wrote files"
    );
    // Usage errors are 2 as well.
    tessera(&["frobnicate"], Some(PASS), None).expect(2);
    w.run(&["import"]).expect(2);
}
