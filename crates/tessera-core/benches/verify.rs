//! Verification time per credential format, next to the JavaScript reference
//! (`@digitalbazaar/vc`, what the DCC wallet uses) on the same credentials.
//!
//! Run: `cargo bench -p tessera-core --bench verify` (needs `npm ci --prefix tests/interop`).
//! Each credential is issued by the reference implementation at the start, verified by it
//! (median of 7 rounds) and by Tessera (criterion, plus the same median-of-7 measure for the
//! ratio), and a table of the figures is printed at the end.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use criterion::{black_box, Criterion};
use tessera_core::{examine, Env, Verdict};

struct Case {
    label: String,
    bytes: Vec<u8>,
    js_ms: f64,
    rust_ms: f64,
}

fn interop_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/interop")
}

fn node(args: &[&str]) -> String {
    let out = Command::new("node")
        .args(args)
        .current_dir(interop_dir())
        .output()
        .unwrap_or_else(|e| panic!("node is needed for the reference side: {e}"));
    assert!(
        out.status.success(),
        "node {args:?} failed (run npm ci --prefix tests/interop): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Issues with the reference, writes it to a file, and times the reference's verification.
fn reference_case(label: &str, issue: &[&str], verify: &[&str]) -> Case {
    let credential = node(issue);
    let file = std::env::temp_dir().join(format!("tessera-bench-{}.json", label.replace(' ', "-")));
    std::fs::write(&file, credential.trim()).unwrap();
    let mut args: Vec<&str> = verify.to_vec();
    let path = file.to_string_lossy().into_owned();
    args.extend(["--verify", &path, "--bench", "100"]);
    let timing: serde_json::Value = serde_json::from_str(node(&args).trim()).unwrap();
    Case {
        label: label.to_owned(),
        bytes: credential.trim().as_bytes().to_vec(),
        js_ms: timing["msPerOp"].as_f64().unwrap(),
        rust_ms: 0.0,
    }
}

fn median_ms(bytes: &[u8], env: &Env, n: usize) -> f64 {
    let mut rounds: Vec<f64> = (0..7)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                black_box(examine(black_box(bytes), env).unwrap());
            }
            t.elapsed().as_secs_f64() * 1000.0 / n as f64
        })
        .collect();
    rounds.sort_by(|a, b| a.total_cmp(b));
    rounds[3]
}

fn main() {
    let seed = "0707070707070707070707070707070707070707070707070707070707070707";
    let mut cases = vec![reference_case(
        "ob3 eddsa-rdfc-2022",
        &["issue-ob3.mjs", "--seed", seed, "--compact"],
        &["issue-ob3.mjs"],
    )];
    for suite in ["eddsa-jcs-2022", "ecdsa-rdfc-2019", "Ed25519Signature2020"] {
        let vc = if suite == "Ed25519Signature2020" {
            "1.1"
        } else {
            "2.0"
        };
        cases.push(reference_case(
            suite,
            &["issue-di.mjs", "--suite", suite, "--vc", vc, "--seed", seed],
            &["issue-di.mjs"],
        ));
    }
    let env = Env::at(chrono::Utc::now());
    let mut c = Criterion::default().configure_from_args().sample_size(20);
    for case in &mut cases {
        let x = examine(&case.bytes, &env).expect("examines");
        assert_eq!(x.verdict, Verdict::Valid, "{}: {:?}", case.label, x.checks);
        let bytes = case.bytes.clone();
        c.bench_function(&case.label, |b| {
            b.iter(|| examine(black_box(&bytes), &env).unwrap())
        });
        case.rust_ms = median_ms(&case.bytes, &env, 200);
    }
    c.final_summary();
    println!();
    println!("verification time per credential (median of 7 rounds, one thread)");
    println!(
        "{:<28} {:>12} {:>14} {:>10}",
        "format", "Tessera (ms)", "reference (ms)", "ratio"
    );
    for case in &cases {
        println!(
            "{:<28} {:>12.3} {:>14.3} {:>9.1}x",
            case.label,
            case.rust_ms,
            case.js_ms,
            case.js_ms / case.rust_ms
        );
    }
    println!("(ratio = reference time / Tessera time: above 1 means Tessera is faster)");
}
